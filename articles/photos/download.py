"""The bytes of a photo: through the pipeline's fetcher (public addresses, size cap, timeouts), or from a
directory the site itself ships (the demo's photos, NEWSROOM_PHOTO_DIRECTORIES)."""

from pathlib import Path

from django.conf import settings

from articles.pipeline.fetching import FetchError, fetch


def download(url):
    """The bytes at `url`; FetchError with its reason."""
    local = local_file(url)
    if local is not None:
        try:
            return local.read_bytes()
        except OSError as error:
            raise FetchError("unreadable_file", error=error.strerror or str(error)) from None
    # Any content type: what the bytes are is decided by decoding them (articles.photos.verify).
    return fetch(url, accept=None).content


def local_file(url):
    """The file standing for `url` in a directory of NEWSROOM_PHOTO_DIRECTORIES, or None.

    Only a plain file name inside the directory: no `..`, no sub-path escaping it.
    """
    for prefix, directory in settings.NEWSROOM_PHOTO_DIRECTORIES.items():
        if url.startswith(prefix):
            name = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
            root = Path(directory).resolve()
            path = (root / name).resolve()
            if path.parent == root and path.is_file():
                return path
            raise FetchError("no_such_path")
    return None
