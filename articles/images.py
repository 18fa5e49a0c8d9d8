"""Lead images: what an upload must be, and the WebP renditions the pages serve.

An upload is judged by its content, not its name: Pillow must recognise it as JPEG, PNG or
WebP, it may weigh at most 10 MB and hold at most 40 megapixels (which also stops
decompression bombs before any pixel is decoded), and it may not carry page or script code
beside the image (a polyglot).
"""

import io
import re
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_QUALITY = 80
RENDITION_DIR = "articles/renditions"
# Search engines show an article's image cropped to these shapes; they ask for each, at
# least 1,200 pixels wide when the original allows (schema.org image in NewsArticle).
CROP_RATIOS = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200

# Markup or code that no photograph carries. A file holding it beside a valid image is a
# polyglot, made to be taken for a page or a script wherever it might be served as one.
# Each marker is long enough that compressed pixels do not spell it by chance.
POLYGLOT_MARKERS = re.compile(rb"<(?:script|html|body|iframe|\?php)", re.IGNORECASE)

# Pillow refuses to open anything far beyond our limit before decoding it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def validate_lead_image(file) -> None:
    """Raise ValidationError unless the file is a real, reasonably sized JPEG, PNG or WebP."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This image is %(size)s MB; the limit is 10 MB.",
            code="too_large",
            params={"size": f"{size / 1024 / 1024:.1f}"},
        )
    try:
        with warnings.catch_warnings():
            # Between the limit and twice it Pillow only warns; we refuse those ourselves.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "Upload a JPEG, PNG or WebP image.", code="invalid_format"
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                image.verify()
            # verify() checks the structure only; decode the pixels too, so a truncated file
            # is refused here rather than failing later when the renditions are made.
            file.seek(0)
            with Image.open(file) as image:
                image.load()
        file.seek(0)
        if POLYGLOT_MARKERS.search(file.read()):
            raise ValidationError(
                "This file holds web page code besides the image. Upload the image alone, "
                "exported again from an image editor.",
                code="polyglot",
            )
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            "This image has too many pixels; the limit is 40 megapixels.", code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG or WebP image.",
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)


def _too_many_pixels(width, height):
    return ValidationError(
        "This image is %(width)s × %(height)s pixels; the limit is 40 megapixels.",
        code="too_many_pixels",
        params={"width": width, "height": height},
    )


def make_renditions(image_field_file) -> dict:
    """Write WebP copies of an image in the widths the pages ask for.

    Returns what the templates need: the source name, its size, and one entry per rendition
    (never wider than the original).
    """
    image_field_file.open("rb")
    try:
        with Image.open(image_field_file) as original:
            original = ImageOps.exif_transpose(original)
            width, height = original.size
            if original.mode not in {"RGB", "RGBA"}:
                original = original.convert("RGBA" if "A" in original.getbands() else "RGB")
            widths = [w for w in RENDITION_WIDTHS if w < width]
            widths.append(min(width, RENDITION_WIDTHS[-1]))
            stem = PurePosixPath(image_field_file.name).stem
            items = []
            for target in sorted(set(widths)):
                target_height = max(1, round(height * target / width))
                resized = original.resize((target, target_height), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                resized.save(buffer, "WEBP", quality=RENDITION_QUALITY, method=4)
                name = default_storage.save(
                    f"{RENDITION_DIR}/{stem}-{target}w.webp", ContentFile(buffer.getvalue())
                )
                items.append(
                    {
                        "name": name,
                        "width": target,
                        "height": target_height,
                        "bytes": buffer.getbuffer().nbytes,
                    }
                )
            crops = [_crop(original, stem, ratio) for ratio in CROP_RATIOS]
    finally:
        image_field_file.close()
    return {
        "source": image_field_file.name,
        "width": width,
        "height": height,
        "items": items,
        "crops": crops,
    }


def _crop(original, stem, ratio):
    """The largest centred part of the image in this shape, at most CROP_WIDTH wide."""
    across, down = ratio
    width, height = original.size
    scale = min(width / across, height / down, CROP_WIDTH / across)
    size = (max(1, round(across * scale)), max(1, round(down * scale)))
    cropped = ImageOps.fit(original, size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    cropped.save(buffer, "WEBP", quality=RENDITION_QUALITY, method=4)
    name = default_storage.save(
        f"{RENDITION_DIR}/{stem}-{across}x{down}.webp", ContentFile(buffer.getvalue())
    )
    return {"name": name, "width": size[0], "height": size[1], "ratio": f"{across}:{down}"}


def delete_renditions(renditions: dict) -> None:
    for item in [*(renditions or {}).get("items", []), *(renditions or {}).get("crops", [])]:
        default_storage.delete(item["name"])
