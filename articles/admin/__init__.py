"""Admin for editors: articles (import, actions, revisions), sections, followed sources, import jobs, stories."""

from articles.admin import articles, import_jobs, photos, sections, sources, stories  # noqa: F401 (each registers its models)
