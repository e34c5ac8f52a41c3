"""The image pipeline (Pillow): check an upload is a real, reasonably sized image, turn it upright, strip its
metadata (EXIF with GPS never reaches anyone who views it), and make a display size and a thumbnail.

Every failure of decoding outside bytes (not an image, truncated, a decompression bomb, a format we do not take)
becomes a `ImageRejected` with a reason; nothing here raises anything else for bad input.
"""

from __future__ import annotations

import io
import warnings

from chalicelib.domain.media import MAX_UPLOAD_BYTES, Derived, ImageRejected

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A 12-megapixel phone photo is 12e6 pixels; refuse anything past 40 MP (a bomb decodes far beyond its bytes).
MAX_PIXELS = 40_000_000
DISPLAY_EDGE = 1600
THUMB_EDGE = 320
# JPEG rather than WebP: encodes ~10x faster here and every WeChat client renders it.
OUTPUT_FORMAT, OUTPUT_TYPE, OUTPUT_SUFFIX = "JPEG", "image/jpeg", "jpg"


def process(data: bytes) -> Derived:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected("too_large", f"the file is {len(data)} bytes; the limit is {MAX_UPLOAD_BYTES}")
    try:
        with warnings.catch_warnings():
            # Pillow warns between MAX_IMAGE_PIXELS and twice that, and raises beyond: refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected("unsupported_format", f"{image.format} images are not accepted")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected("decompression_bomb", f"{width}x{height} is more than {MAX_PIXELS} pixels")
            orientation = image.getexif().get(0x0112, 1)
            if image.format == "JPEG":
                # Decode at a reduced scale straight from the DCT (1/2, 1/4, 1/8), as small as still covers the
                # display size: a 12 MP photo decodes as 3 MP.
                scale = DISPLAY_EDGE / max(width, height)
                if scale < 1:
                    image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected("decompression_bomb", str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected("not_an_image", "the file is not an image") from exc
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, RecursionError) as exc:
        raise ImageRejected("corrupt_image", f"the image could not be decoded: {type(exc).__name__.lower()}") from exc
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    display = upright.convert("RGB")  # drops alpha and palettes; the new image carries no EXIF, ICC or XMP
    display.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    thumb = display.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return Derived(
        width=width,
        height=height,
        source_format=str(image.format),
        display=_encode(display),
        thumb=_encode(thumb),
        content_type=OUTPUT_TYPE,
        suffix=OUTPUT_SUFFIX,
    )


def _encode(image: object) -> bytes:
    from PIL import Image

    assert isinstance(image, Image.Image)
    out = io.BytesIO()
    image.save(out, format=OUTPUT_FORMAT, quality=82, optimize=True)  # no exif= argument: nothing carried over
    return out.getvalue()
