import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import MAX_UPLOAD_BYTES, validate_lead_image
from tests.factories import ArticleFactory, image_bytes, image_upload


def png_declaring_size(width, height):
    """A PNG whose header claims width x height; no pixel data needs to exist for that."""
    data = bytearray(image_bytes(size=(1, 1), image_format="PNG", mode="L", color=0))
    data[16:24] = struct.pack(">II", width, height)  # IHDR width and height
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))  # IHDR checksum
    return bytes(data)


def rejection_code(upload):
    with pytest.raises(ValidationError) as excinfo:
        validate_lead_image(upload)
    return excinfo.value.code


# --- What an upload must be ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["photo.jpg", "photo.png", "photo.webp"])
def test_jpeg_png_and_webp_are_accepted(name):
    upload = image_upload(name)

    validate_lead_image(upload)

    # The validator leaves the file ready to be stored from its first byte.
    assert upload.tell() == 0


def test_an_upload_is_judged_by_its_content_not_its_name():
    validate_lead_image(SimpleUploadedFile("photo.jpg", image_bytes(image_format="PNG")))

    gif_named_png = SimpleUploadedFile("photo.png", image_bytes(image_format="GIF"))
    assert rejection_code(gif_named_png) == "invalid_format"


def test_a_text_file_renamed_jpg_is_rejected():
    upload = SimpleUploadedFile("photo.jpg", b"Just some text, not a picture.\n" * 20)

    with pytest.raises(ValidationError) as excinfo:
        validate_lead_image(upload)

    assert excinfo.value.code == "invalid_image"
    assert "not an image we can read" in excinfo.value.messages[0]


def test_a_truncated_image_is_rejected():
    data = image_bytes(size=(400, 300), image_format="PNG", color=(10, 200, 30))
    upload = SimpleUploadedFile("photo.png", data[: len(data) // 2])

    assert rejection_code(upload) == "invalid_image"


def test_a_gif_is_rejected_as_a_format_we_do_not_take():
    with pytest.raises(ValidationError) as excinfo:
        validate_lead_image(image_upload("animation.gif"))

    assert excinfo.value.code == "invalid_format"
    assert excinfo.value.messages == ["Upload a JPEG, PNG or WebP image."]


def test_a_file_over_10_mb_is_rejected_before_it_is_read():
    upload = image_upload("huge.jpg")
    upload.size = MAX_UPLOAD_BYTES + 1

    with pytest.raises(ValidationError) as excinfo:
        validate_lead_image(upload)

    assert excinfo.value.code == "too_large"
    assert excinfo.value.messages == ["This image is 10.0 MB; the limit is 10 MB."]


def test_a_file_of_exactly_10_mb_is_not_too_large():
    upload = image_upload("big.jpg")
    upload.size = MAX_UPLOAD_BYTES

    validate_lead_image(upload)


def test_an_image_over_40_megapixels_is_rejected():
    # A real 8000 x 5001 PNG (40,008,000 pixels); one flat colour compresses to a few KB.
    buffer = io.BytesIO()
    Image.new("1", (8000, 5001)).save(buffer, "PNG")
    upload = SimpleUploadedFile("panorama.png", buffer.getvalue(), content_type="image/png")

    with pytest.raises(ValidationError) as excinfo:
        validate_lead_image(upload)

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.messages == [
        "This image is 8000 × 5001 pixels; the limit is 40 megapixels."
    ]


def test_a_decompression_bomb_is_rejected_without_decoding_it():
    upload = SimpleUploadedFile("bomb.png", png_declaring_size(30_000, 30_000))

    assert rejection_code(upload) == "too_many_pixels"


def test_an_image_of_exactly_40_megapixels_is_accepted():
    buffer = io.BytesIO()
    Image.new("1", (8000, 5000)).save(buffer, "PNG")

    validate_lead_image(SimpleUploadedFile("limit.png", buffer.getvalue()))


def test_a_png_whose_pixels_do_not_match_its_header_is_rejected():
    # Well-formed chunks, but the header promises 100 x 100 pixels and the data holds one:
    # Pillow cannot decode it, so no rendition could ever be made from it.
    upload = SimpleUploadedFile("broken.png", png_declaring_size(100, 100))

    assert rejection_code(upload) == "invalid_image"


# --- Renditions made on save ---------------------------------------------------------------------


def stored_webp_size(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        assert image.format == "WEBP"
        return image.size


@pytest.mark.django_db
def test_saving_an_article_with_a_lead_image_makes_webp_renditions():
    article = ArticleFactory(lead_image=image_upload("flood.jpg", size=(1000, 500)))

    assert default_storage.exists(article.lead_image.name)
    assert (article.image_width, article.image_height) == (1000, 500)
    assert [(r["width"], r["height"]) for r in article.renditions] == [
        (480, 240),
        (800, 400),
        (1000, 500),
    ]
    for rendition in article.renditions:
        assert stored_webp_size(rendition["name"]) == (rendition["width"], rendition["height"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("size", "widths"),
    [((300, 200), [300]), ((480, 320), [480]), ((2400, 1200), [480, 800, 1200, 1600])],
)
def test_renditions_are_never_wider_than_the_original_nor_than_1600(size, widths):
    article = ArticleFactory(lead_image=image_upload("photo.png", size=size))

    assert [r["width"] for r in article.renditions] == widths


@pytest.mark.django_db
def test_renditions_survive_a_reload_from_the_database():
    article = ArticleFactory(lead_image=image_upload("photo.webp", size=(900, 600)))

    article.refresh_from_db()

    assert [r["width"] for r in article.renditions] == [480, 800, 900]


@pytest.mark.django_db
def test_a_transparent_png_gets_renditions_too():
    upload = image_upload("logo.png", size=(600, 600), mode="RGBA", color=(0, 0, 0, 0))

    article = ArticleFactory(lead_image=upload)

    assert [r["width"] for r in article.renditions] == [480, 600]


@pytest.mark.django_db
def test_a_photo_taken_sideways_is_turned_upright_by_its_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display.
    upload = image_upload("phone.jpg", size=(600, 300), exif=exif.tobytes())

    article = ArticleFactory(lead_image=upload)

    assert (article.image_width, article.image_height) == (300, 600)
    assert stored_webp_size(article.renditions[-1]["name"]) == (300, 600)


@pytest.mark.django_db
def test_saving_again_without_a_new_image_keeps_the_renditions():
    article = ArticleFactory(lead_image=image_upload(size=(700, 400)))
    before = article.lead_image_renditions

    article.headline = "A corrected headline"
    article.save()

    assert article.lead_image_renditions == before
    assert all(default_storage.exists(r["name"]) for r in article.renditions)


@pytest.mark.django_db
def test_replacing_the_image_replaces_its_renditions():
    article = ArticleFactory(lead_image=image_upload("old.jpg", size=(900, 500)))
    old_names = [r["name"] for r in article.renditions]

    article.lead_image = image_upload("new.png", size=(500, 500))
    article.save()

    assert [r["width"] for r in article.renditions] == [480, 500]
    assert all("new" in r["name"] for r in article.renditions)
    assert not any(default_storage.exists(name) for name in old_names)


@pytest.mark.django_db
def test_removing_the_image_removes_its_renditions():
    article = ArticleFactory(lead_image=image_upload(size=(700, 400)))
    names = [r["name"] for r in article.renditions]

    article.lead_image = None
    article.save()

    assert article.renditions == []
    assert article.lead_image_renditions == {}
    assert not any(default_storage.exists(name) for name in names)
