"""Is it a photo? Decoded with Pillow, within limits; an upright RGB or RGBA image, or PhotoError with the reason.

Pillow reads only the header before load(), so the pixel count is checked before any pixel is
decoded: a 30,000 × 30,000 PNG of a few kilobytes is refused without allocating its gigabytes.
"""

import contextlib
import io
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from articles.messages import CodedError

KEPT_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpeg"}
MIN_SIDE = 16  # px: smaller is a tracking pixel, a spacer or an icon, not a photo
# Pillow's own guard: past twice this, open() refuses from the header; between once and twice it
# warns, and verify() refuses by its own check (the warning would only repeat it).
Image.MAX_IMAGE_PIXELS = settings.NEWSROOM_PHOTO_MAX_PIXELS
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


class PhotoError(CodedError):
    """A photo the newsroom does not keep; its code names the reason (articles.messages)."""


@dataclass
class Verified:
    image: Image.Image  # loaded, upright, mode RGB or RGBA
    format: str  # the original's: jpeg, png, webp, gif


def verify(content):
    """`content` decoded as a still photo; PhotoError otherwise."""
    if _looks_like_svg(content):
        raise PhotoError("photo_svg")
    try:
        image = Image.open(io.BytesIO(content))
    except UnidentifiedImageError:
        raise PhotoError("photo_not_an_image") from None
    except Image.DecompressionBombError as error:  # more than twice the limit, seen in the header
        raise _too_many_pixels(_pixels_in(error)) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError("photo_corrupt", error=_short(error)) from None
    width, height = image.size
    if width * height > settings.NEWSROOM_PHOTO_MAX_PIXELS:
        raise _too_many_pixels(width * height)
    if min(width, height) < MIN_SIDE:
        raise PhotoError("photo_too_small", width=width, height=height)
    if image.format not in KEPT_FORMATS:
        raise PhotoError("photo_format_refused", format=image.format or "?")
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and image.format != "MPO":  # MPO: a camera's JPEG with a preview frame
        raise PhotoError("photo_animated", frames=frames)
    return Verified(_upright(_decoded(image)), KEPT_FORMATS[image.format])


def _decoded(image):
    if image.format == "JPEG":
        # Decode at no more than twice the largest rendition: a 6000 px JPEG costs a 2000 px one.
        image.draft(image.mode if image.mode in ("RGB", "L") else None, (3200, 3200))
    try:
        image.load()
    except OSError as error:
        if "truncated" in str(error):
            raise PhotoError("photo_truncated") from None
        raise PhotoError("photo_corrupt", error=_short(error)) from None
    except (SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoError("photo_corrupt", error=_short(error)) from None
    return image


def _upright(image):
    """EXIF orientation applied; CMYK, 16-bit, greyscale and palette images as RGB or RGBA."""
    with contextlib.suppress(OSError, SyntaxError, ValueError):  # a broken EXIF block: pixels as stored
        image = ImageOps.exif_transpose(image)
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit or float greyscale: scaled to 8 bits, not clipped (Pillow's convert("L") clips).
        image = image.point(lambda value: value / 256).convert("L") if image.mode != "F" else image.convert("L")
    has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB")


def _too_many_pixels(pixels):
    limit = settings.NEWSROOM_PHOTO_MAX_PIXELS
    return PhotoError("photo_too_many_pixels", megapixels=round(pixels / 1e6), limit=round(limit / 1e6))


def _pixels_in(error):
    # "Image size (900000000 pixels) exceeds limit of …": Pillow says the count, not the sides.
    match = re.search(r"\((\d+) pixels\)", str(error))
    return int(match.group(1)) if match else 0


def _looks_like_svg(content):
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg"):
        return True
    return head.startswith((b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in content[:4096].lower()


def _short(error):
    return (str(error) or type(error).__name__)[:200]
