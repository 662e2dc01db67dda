"""The files a reader is sent: a thumbnail for lists and widths for the article, in WebP and in JPEG.

WebP is what browsers pick (<picture><source type="image/webp">); JPEG is the fallback and what
feeds enclose. A width is made only below the original's (never enlarged); an original narrower
than the smallest width gets one rendition at its own width.
"""

import io

from PIL import Image, ImageOps

WIDTHS = (480, 960, 1600)
THUMB = (320, 214)  # 2× the timeline's 160 × 107 thumbnail, cropped to 3:2 around the centre
WEBP_QUALITY = 78
JPEG_QUALITY = 82


def renditions(image):
    """[(name, bytes, width, height)] for an upright RGB(A) `image` (articles.photos.verify)."""
    files = []
    widths = [w for w in WIDTHS if w < image.width] or [image.width]
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        files += _both_formats(f"w{width}", resized)
    thumb = ImageOps.fit(image, THUMB, Image.Resampling.LANCZOS)
    files += _both_formats("thumb", thumb)
    return files


def _both_formats(stem, image):
    width, height = image.size
    webp = _encode(image, "WEBP", quality=WEBP_QUALITY, method=4)
    jpeg = _encode(_flat(image), "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return [(f"{stem}.webp", webp, width, height), (f"{stem}.jpg", jpeg, width, height)]


def _flat(image):
    """JPEG has no transparency: a transparent PNG goes onto white, as a page would show it."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
