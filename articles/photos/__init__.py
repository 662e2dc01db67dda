"""Photos kept by the newsroom: downloaded, verified, resized and stored, never hot-linked.

download    the bytes of a photo: the pipeline's safe fetcher, or a directory the site ships (the demo)
verify      decoded with Pillow: a still JPEG, PNG, WebP or GIF within the pixel limit, upright, RGB(A)
renditions  a thumbnail and widths (480/960/1600) in WebP and JPEG
storage     content-addressed names in Django's default storage (local files, S3…), each written once
service     store_photos(): the pending photos of some articles, on worker threads, their states recorded
"""

from articles.photos.service import PhotoReport, after_ingest, store_photos

__all__ = ["PhotoReport", "after_ingest", "store_photos"]
