"""The picture beside an account's comments: uploaded on "Your account", checked like every
upload, drawn again on our server (no metadata kept), shown in the threads, removable."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from comments.avatars import PICTURE_SIZE
from comments.models import Avatar
from tests.factories import ArticleFactory, CommentFactory, account, image_bytes, image_upload
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

URL = "/accounts/me/picture/"


@pytest.fixture
def kim():
    return account("kim", email="kim@example.org", password="pw", first_name="Kim")


@pytest.fixture
def signed_in(kim):
    client = Client()
    client.force_login(kim)
    return client


def photo_with_gps():
    """A JPEG as a phone writes it: with EXIF saying where it was taken and by what."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS: where the reader lives
    return SimpleUploadedFile(
        "me.jpg", image_bytes(size=(800, 600), exif=exif.tobytes()), content_type="image/jpeg"
    )


def stored_files():
    return sorted(p.name for p in Path(settings.MEDIA_ROOT, "avatars").glob("*"))


def test_the_account_page_offers_a_picture_and_shows_the_initials_until_then(signed_in):
    response = signed_in.get("/accounts/me/")

    assert "Your picture" in page_text(response)
    form = next(f for f in tags(response, "form") if f.get("action") == URL)
    assert form["enctype"] == "multipart/form-data"
    assert any(
        i.get("type") == "file" and i.get("name") == "picture" for i in tags(response, "input")
    )
    assert '<span class="avatar avatar--large' in response.content.decode()


def test_an_uploaded_picture_is_drawn_again_small_without_its_metadata(kim, signed_in):
    article = ArticleFactory()
    comment = CommentFactory(article=article, user=kim)
    Client().get(article.get_absolute_url())  # the page is in the shared cache now

    response = signed_in.post(URL, {"picture": photo_with_gps()})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/#your-picture"
    avatar = Avatar.objects.get(user=kim)
    assert avatar.image.name.startswith("avatars/") and avatar.image.name.endswith(".webp")
    with default_storage.open(avatar.image.name) as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "WEBP"
        assert image.size == (PICTURE_SIZE, PICTURE_SIZE)
        assert not image.getexif()
    assert b"PhoneMaker" not in data
    # Every reader sees it beside Kim's comments at once, the cached page included.
    html = Client().get(article.get_absolute_url()).content.decode()
    item = html[html.index(f'<li id="comment-{comment.pk}"') :]
    assert f'<img class="avatar" src="/media/{avatar.image.name}" alt=""' in item[:600]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.jpg", b"not a picture at all" * 10), "not an image we can read"),
        (image_upload("me.gif"), "Upload a JPEG, PNG or WebP image."),
        (
            SimpleUploadedFile(
                "me.png", image_bytes(image_format="PNG") + b"<script>alert(1)</script>"
            ),
            "web page code",
        ),
    ],
)
def test_a_file_that_is_not_a_clean_picture_is_refused_with_the_form(signed_in, upload, message):
    before = stored_files()

    response = signed_in.post(URL, {"picture": upload})

    assert response.status_code == 400
    assert message in page_text(response)
    assert not Avatar.objects.exists()
    assert stored_files() == before


def test_a_post_without_a_file_asks_for_one(signed_in):
    response = signed_in.post(URL, {})

    assert response.status_code == 400
    assert "This field is required." in page_text(response)


def test_a_new_picture_replaces_the_old_file_and_remove_deletes_it(
    kim, signed_in, django_capture_on_commit_callbacks
):
    signed_in.post(URL, {"picture": image_upload("one.png")})
    first = Avatar.objects.get(user=kim).image.name
    with django_capture_on_commit_callbacks(execute=True):  # files go once the change is saved
        signed_in.post(URL, {"picture": image_upload("two.webp", color=(0, 90, 200))})
    second = Avatar.objects.get(user=kim).image.name

    assert first != second
    assert not default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(URL, {"remove": "1"})

    assert response.status_code == 302
    assert not Avatar.objects.exists()
    assert not default_storage.exists(second)
    assert "Your picture is removed" in page_text(signed_in.get("/accounts/me/"))


def test_only_a_signed_in_reader_changes_a_picture_and_only_by_post(kim):
    guest = Client()
    response = guest.post(URL, {"picture": image_upload("me.jpg")})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    signed = Client()
    signed.force_login(kim)
    assert signed.get(URL).status_code == 405
    assert not Avatar.objects.exists()


def test_a_forged_post_from_another_site_changes_nothing(kim):
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(kim)

    response = forged.post(URL, {"picture": image_upload("me.jpg")})

    assert response.status_code == 403
    assert not Avatar.objects.exists()


def test_closing_the_account_deletes_the_picture(
    kim, signed_in, django_capture_on_commit_callbacks
):
    signed_in.post(URL, {"picture": image_upload("me.jpg")})
    name = Avatar.objects.get(user=kim).image.name

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/accounts/me/delete/", {"comments": "keep", "password": "pw"})

    assert not Avatar.objects.exists()
    assert not default_storage.exists(name)


def test_the_download_of_one_s_data_names_the_picture(kim, signed_in):
    signed_in.post(URL, {"picture": image_upload("me.jpg")})

    data = signed_in.get("/accounts/me/data/").json()

    assert data["accounts"][0]["picture"] == f"/media/{Avatar.objects.get(user=kim).image.name}"
