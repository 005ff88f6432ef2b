"""First-page previews of PDFs and images for lists, made once per stored file (in a task).

The output is always ``width`` pixels wide and at most ``MAX_HEIGHT_RATIO`` times as tall (a very
tall page or image keeps its top part), so memory is bounded whatever the page size says.
Only files that ``inspect_upload`` accepted reach this module.
"""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from petajalan.evidence.inspect import PDFIUM_LOCK, PIL_FORMATS, PIXEL_LIMITS, FileKind

logger = logging.getLogger(__name__)

THUMBNAIL_CONTENT_TYPE = "image/png"
THUMBNAIL_EXTENSION = ".png"
MAX_HEIGHT_RATIO = 4


def _pdf_first_page(data: bytes, width: int) -> Image.Image | None:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            try:
                page_width, page_height = page.get_size()  # points, after the page's /Rotate
                if page_width <= 0 or page_height <= 0:
                    return None
                scale = width / page_width
                # keep the top of a very tall page: what is cut off is never rendered
                cut = max(0.0, page_height - MAX_HEIGHT_RATIO * width / scale)
                bitmap = page.render(scale=scale, crop=(0, cut, 0, 0))
                try:
                    return bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, transparent parts on white rather than on whatever colour they happen to hold."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode.startswith("I"):  # 16/32-bit greyscale: scale down to 8 bits first
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _picture(fileobj: BinaryIO, kind: str, width: int) -> Image.Image | None:
    with Image.open(fileobj, formats=[PIL_FORMATS[kind]]) as image:
        if image.width * image.height > PIXEL_LIMITS[kind]:
            return None
        image.draft("RGB", (width, width))  # JPEG only: decode at the smallest scale still wide enough
        upright = ImageOps.exif_transpose(image)
    return _on_white(upright)


def _fit_width(image: Image.Image, width: int) -> Image.Image:
    height = max(1, round(image.height * width / image.width))
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if height > MAX_HEIGHT_RATIO * width:
        image = image.crop((0, 0, width, MAX_HEIGHT_RATIO * width))
    return image


def make_thumbnail(fileobj: BinaryIO, kind: str, *, width: int = 320) -> bytes | None:
    """PNG bytes of the first page of a PDF or of an image, ``width`` pixels wide; None for other
    kinds and for a file that cannot be drawn (logged). Leaves ``fileobj`` at position 0."""
    if kind != FileKind.PDF and kind not in PIL_FORMATS:
        return None
    try:
        fileobj.seek(0)
        if kind == FileKind.PDF:
            image = _pdf_first_page(fileobj.read(), width)
        else:
            image = _picture(fileobj, kind, width)
        if image is None:
            logger.info("no thumbnail for a %s: page or image size out of range", kind)
            return None
        output = io.BytesIO()
        _fit_width(image, width).save(output, "PNG")
        return output.getvalue()
    except Exception as exc:  # a damaged file: pdfium and Pillow raise many kinds; no preview then
        logger.warning("thumbnail of a %s failed: %s: %s", kind, type(exc).__name__, exc)
        return None
    finally:
        fileobj.seek(0)
