"""Admin for editors: articles (import, actions, revisions), sections, followed sources, import jobs."""

from articles.admin import articles, import_jobs, photos, sections, sources  # noqa: F401 (each registers its models)
