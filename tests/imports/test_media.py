"""Featured images from --media-dir become lead images, checked like any upload."""

import shutil

from articles.models import Article
from imports.models import OldLink


def ferry():
    return Article.objects.get(slug="ferry-timetable-cut")


def test_the_featured_image_becomes_the_lead_image(run, data):
    out = run(
        "import_wordpress", str(data / "harbour-1.2.xml"), "--media-dir", str(data / "uploads")
    )
    assert "lead images: 1" in out
    article = ferry()
    assert article.lead_image.name.endswith(".jpg")
    assert article.image_width == 900
    assert article.renditions
    link = OldLink.objects.get(old_path="/wp-content/uploads/2023/04/quay.jpg")
    assert link.new_path == article.lead_image.url

    again = run(
        "import_wordpress", str(data / "harbour-1.2.xml"), "--media-dir", str(data / "uploads")
    )
    assert "lead images unchanged: 1" in again
    assert ferry().lead_image.name == article.lead_image.name


def test_a_file_that_is_not_a_clean_image_is_refused(run, data, tmp_path):
    uploads = tmp_path / "uploads"
    shutil.copytree(data / "uploads", uploads)
    target = uploads / "2023/04/quay.jpg"
    target.write_bytes(target.read_bytes() + b"<script>alert(1)</script>")
    out = run("import_wordpress", str(data / "harbour-1.2.xml"), "--media-dir", str(uploads))
    assert "lead images refused: 1" in out
    assert "2023/04/quay.jpg: This file holds web page code" in out
    assert not ferry().lead_image


def test_an_attachment_path_cannot_leave_the_media_dir(run, data, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    shutil.copy(data / "uploads/2023/04/quay.jpg", tmp_path / "secret.jpg")
    export = (
        (data / "harbour-1.2.xml")
        .read_text()
        .replace("<![CDATA[2023/04/quay.jpg]]>", "<![CDATA[../secret.jpg]]>")
        .replace("uploads/2023/04/quay.jpg", "uploads/../secret.jpg")
    )
    path = tmp_path / "export.xml"
    path.write_text(export)
    out = run("import_wordpress", str(path), "--media-dir", str(uploads))
    assert "lead images not found in --media-dir: 1" in out
    assert not ferry().lead_image


def test_a_dry_run_writes_no_image(run, data):
    out = run(
        "import_wordpress",
        str(data / "harbour-1.2.xml"),
        "--dry-run",
        "--media-dir",
        str(data / "uploads"),
    )
    assert "lead images: 1" in out
    assert not Article.objects.exists()
