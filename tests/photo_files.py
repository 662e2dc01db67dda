"""Image files for the photo tests, made on the fly: good ones, damaged ones, hostile ones."""

import io
import struct
import zlib

from PIL import Image


def picture(width=1200, height=800, mode="RGB"):
    """A picture with detail (a gradient and stripes), so encoders have something to do."""
    image = Image.linear_gradient("L").resize((width, height))
    rgb = Image.merge("RGB", (image, image.rotate(90).resize((width, height)), image.transpose(Image.FLIP_LEFT_RIGHT)))
    return rgb.convert(mode) if mode != "RGB" else rgb


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(width=1200, height=800, **options):
    return encoded(picture(width, height), "JPEG", quality=85, **options)


def rotated_jpeg(width=1200, height=800):
    """A JPEG stored sideways with EXIF orientation 6: upright it is height × width."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return encoded(picture(width, height), "JPEG", exif=exif.tobytes())


def cmyk_jpeg(width=800, height=600):
    return encoded(picture(width, height, "CMYK"), "JPEG")


def png(width=800, height=600, alpha=True):
    image = picture(width, height, "RGBA" if alpha else "RGB")
    if alpha:
        image.putalpha(128)
    return encoded(image, "PNG")


def png_16bit(width=640, height=480):
    image = Image.linear_gradient("L").resize((width, height)).convert("I").point(lambda v: v * 256)
    return encoded(image.convert("I;16"), "PNG")


def webp(width=960, height=640):
    return encoded(picture(width, height), "WEBP", quality=80)


def animated_gif(width=200, height=200, frames=3):
    images = [Image.new("RGB", (width, height), (80 * i % 256, 40, 200 - 50 * i)) for i in range(frames)]
    return encoded(images[0], "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)


def corrupt_jpeg():
    """A JPEG header, then noise: recognised as JPEG, undecodable."""
    return jpeg()[:200] + bytes(range(256)) * 40


def truncated_jpeg():
    data = jpeg()
    return data[: len(data) // 2]


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>'
)


def png_bomb(side=30_000):
    """A side × side black 1-bit PNG: about 100 KB on disk, 900 megapixels decoded."""
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte, then the packed bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
