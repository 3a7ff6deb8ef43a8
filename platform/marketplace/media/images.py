"""Pillow work on uploaded images: check that an upload decodes, and make renditions.

Everything here is blocking (Pillow decodes in C): callers run it in a thread. The
pixel limit is checked from the header, before any pixel is decoded, so a small
file claiming a huge canvas (a decompression bomb) costs nothing.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

# 50 megapixels: above any product photo (a 45 MP camera's frame), and well below
# Pillow's own bomb threshold, so ours answers first and with a clear message
MAX_PIXELS = 50_000_000
RENDITION_SIZES = (160, 640)
RENDITION_TYPE = "image/webp"
_WEBP_QUALITY = 80

_PILLOW_FORMAT = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP", "image/gif": "GIF"}
# what Pillow raises on truncated, corrupt or hostile input
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
)


class NotAnImage(Exception):
    """The bytes do not decode as the declared image type."""


class TooManyPixels(Exception):  # not a ValueError: the decode errors must not swallow it
    """The image's canvas is larger than ``MAX_PIXELS``."""


@dataclass(frozen=True, slots=True)
class Rendered:
    size: int
    data: bytes
    width: int
    height: int


def _check_canvas(image: Image.Image, max_pixels: int) -> None:
    width, height = image.size
    if width * height > max_pixels:
        raise TooManyPixels(f"{width}x{height} pixels is more than {max_pixels}")


def check_image(file: BinaryIO, content_type: str, *, max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """Width and height of an upload that really is a ``content_type`` image.

    ``NotAnImage`` or ``TooManyPixels`` otherwise. Reads the header, then lets
    Pillow ``verify()`` the file's structure (chunk checksums for PNG) without
    decoding pixels. The file is rewound afterwards.
    """
    file.seek(0)
    try:
        with Image.open(file, formats=[_PILLOW_FORMAT[content_type]]) as image:
            _check_canvas(image, max_pixels)
            size = image.size
            image.verify()
            return size
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(str(exc)) from exc
    except _DECODE_ERRORS as exc:
        raise NotAnImage(str(exc)) from exc
    finally:
        file.seek(0)


def _flattened(image: Image.Image) -> Image.Image:
    """A mode WebP can store: RGBA when there is transparency, RGB otherwise."""
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    wanted = "RGBA" if transparent else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def render(
    data: bytes, sizes: tuple[int, ...] = RENDITION_SIZES, *, max_pixels: int = MAX_PIXELS
) -> list[Rendered]:
    """WebP copies of an image fitted into each of ``sizes`` (longest side), EXIF
    orientation applied, aspect ratio kept, never upscaled, metadata dropped.
    Animated images give their first frame. ``NotAnImage`` / ``TooManyPixels``."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            _check_canvas(image, max_pixels)
            image.draft("RGB", (max(sizes), max(sizes)))  # JPEG only: decode at a reduced scale
            upright = _flattened(ImageOps.exif_transpose(image))
            return [_fit(upright, size) for size in sizes]
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(str(exc)) from exc
    except _DECODE_ERRORS as exc:
        raise NotAnImage(str(exc)) from exc


def _fit(image: Image.Image, size: int) -> Rendered:
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)  # keeps the ratio, never enlarges
    out = io.BytesIO()
    copy.save(out, "WEBP", quality=_WEBP_QUALITY, method=4)
    return Rendered(size=size, data=out.getvalue(), width=copy.width, height=copy.height)
