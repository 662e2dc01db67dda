"""The table of the languages the search index holds (articles.search.languages, migration 0020).

Made by 0013 too, whose full reindex (today's code) writes it.
"""

CREATE = "CREATE TABLE IF NOT EXISTS articles_search_language (code varchar(16) NOT NULL PRIMARY KEY)"
