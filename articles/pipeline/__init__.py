"""The ingestion pipeline, one module per step: an input (URL, feed, sitemap, file, page) to stored articles.

inputs      what an input is (article page, feed, sitemap, file, directory), by its bytes
listing     the article URLs a feed, a sitemap or a sitemap index lists
netguard    which addresses may be fetched, checked on the socket actually connected
fetching    HTTP: timeouts, size caps, redirects hop by hop, retries
ingestion   ingest(): inputs → pages → fetch → extract (articles.extraction) → write
writing     one article and its rows in one transaction, and its search-index entry
results     what a run reports: a result per article, counts
polling     followed sources (the Source model): conditional GET, new entries → ingest()
jobs        the admin's import jobs: preview (a dry run), then ingest() in a background task
chunks      one share of an import, run by one of several workers
progress    an import's results, a row an item, written in the transaction of the article they report
warming     dateparser's first call made while a db_worker has no task, not on an import's page
"""
