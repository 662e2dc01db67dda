"""Content-addressed files in Django's default storage (local MEDIA_ROOT, or S3 through django-storages).

Every file of an image lives under `photos/<sha256[:2]>/<sha256>/`: the original as published and
its renditions, derived from it alone. A name therefore always holds the same bytes — written
once, never overwritten, served with `Cache-Control: immutable` (articles.photos.serving).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

ROOT = "photos"


def folder(sha256):
    return f"{ROOT}/{sha256[:2]}/{sha256}"


def save(sha256, name, content):
    """Write `content` as `name` of this image unless it is there already; its storage name."""
    path = f"{folder(sha256)}/{name}"
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(content))
        if saved != path:  # another worker wrote the same bytes meanwhile: keep one copy
            default_storage.delete(saved)
    return path


def file_url(sha256, name):
    return default_storage.url(f"{folder(sha256)}/{name}")


def delete(sha256, names):
    for name in names:
        default_storage.delete(f"{folder(sha256)}/{name}")
