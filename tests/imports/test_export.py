"""Leaving freely: what we export, our importer (and WordPress's) reads back."""

import io
import json
import re

import pytest
from django.core.management import call_command

from articles.models import Article, Category, Contributor, Tag
from comments.models import Comment, Passage
from imports.models import OldLink, Origin
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ContributorFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    section = CategoryFactory(name="Port & Ships", slug="port")
    rosa = ContributorFactory(name="Rosa Ñúñez", slug="rosa-nunez")
    ferry = ArticleFactory(
        headline="Ferries <cut> & “rerouted”",
        slug="ferries-cut",
        standfirst="Fewer boats; more <buses>.",
        body="## What changed\n\nThe **last** boat ]]> leaves at six. 🚢\n\n- one\n- two",
        category=section,
        tags=[TagFactory(name="Ferries", slug="ferries"), TagFactory(name="Ports", slug="ports")],
        authors=[rosa],
        video_url="https://vimeo.com/76979871",
    )
    ArticleFactory(headline="Draft piece", slug="draft-piece", draft=True, category=section)
    ArticleFactory(headline="Tomorrow", slug="tomorrow", scheduled=True, category=section)
    passage = Passage.objects.create(article=ferry, text="leaves at six", question="Fair?")
    top = CommentFactory(
        article=ferry, body="First line\nsecond <b>line</b> ]]>", upvotes=4, downvotes=1, score=3
    )
    reply = CommentFactory(parent=top, body="A reply ❤️ مرحبا")
    CommentFactory(parent=reply, pending=True, body="Held reply")
    CommentFactory(article=ferry, rejected=True, body="Rude")
    CommentFactory(article=ferry, spam=True, body="Cheap pills")
    CommentFactory(parent=top, deleted=True)
    CommentFactory(article=ferry, passage=passage, body="About the six o'clock boat")


def seconds(moment):
    """WXR keeps times to the second."""
    return moment.replace(microsecond=0) if moment else None


def snapshot():
    articles = {
        a.slug: (
            a.headline,
            a.public_state,
            seconds(a.published_at),
            a.standfirst,
            re.sub(r"\s+", " ", a.body_html),
            a.category.slug,
            a.category.name,
            sorted(a.tags.values_list("slug", flat=True)),
            [c.contributor.name for c in a.credits.all()],
            a.video_url,
            a.comments_open,
        )
        for a in Article.objects.all()
    }
    comments = sorted(
        (
            c.article.slug,
            c.body,
            c.author_name,
            c.author_email,
            c.status,
            c.depth,
            c.parent.body if c.parent else None,
            (c.upvotes, c.downvotes, c.score),
            seconds(c.created_at),
            str(c.ip_address),
            c.passage.text if c.passage else None,
        )
        for c in Comment.objects.select_related("parent", "article", "passage")
    )
    return articles, comments


def test_import_of_the_export_reproduces_the_articles_and_comments(site, tmp_path):
    before = snapshot()
    path = tmp_path / "site.xml"
    call_command("export_wordpress", str(path), stdout=io.StringIO())
    Comment.objects.all().delete()
    Article.objects.all().delete()
    Contributor.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    Passage.objects.all().delete()

    call_command("import_wordpress", str(path), stdout=io.StringIO())
    after = snapshot()
    for slug, fields in before[0].items():
        assert after[0].get(slug) == fields
    assert after[1] == before[1]
    assert Origin.objects.filter(kind="comment").count() == 7
    # Our own addresses are not old links.
    assert not OldLink.objects.filter(old_path__startswith="/articles/").exists()


def test_the_export_reads_as_wordpress_reads_it(site, tmp_path):
    path = tmp_path / "site.xml"
    call_command("export_wordpress", str(path), stdout=io.StringIO())
    text = path.read_text()
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in text
    assert "<wp:status>draft</wp:status>" in text and "<wp:status>future</wp:status>" in text
    assert "<wp:comment_approved><![CDATA[spam]]></wp:comment_approved>" in text
    assert "[embed]https://vimeo.com/76979871[/embed]" in text
    assert '[wpdiscuz-feedback id="p' in text


def test_comments_json_holds_every_comment_with_its_thread_counts_and_status(site):
    out = io.StringIO()
    call_command("export_comments", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["version"] == 1
    [ferry] = [a for a in data["articles"] if a["slug"] == "ferries-cut"]
    assert len(ferry["comments"]) == 7
    by_body = {c["body"]: c for c in ferry["comments"]}
    top = by_body["First line\nsecond <b>line</b> ]]>"]
    reply = by_body["A reply ❤️ مرحبا"]
    assert (top["upvotes"], top["downvotes"], top["score"], top["status"]) == (4, 1, 3, "approved")
    assert reply["parent"] == top["id"] and reply["root"] == top["id"] and reply["depth"] == 1
    assert by_body["Held reply"]["status"] == "pending"
    assert by_body["About the six o'clock boat"]["passage"] == "leaves at six"
    assert "ip_address" not in top
    assert {a["slug"] for a in data["articles"]} == {"ferries-cut", "draft-piece", "tomorrow"}


def test_comments_json_can_go_to_a_file(site, tmp_path):
    path = tmp_path / "comments.json"
    call_command("export_comments", "--output", str(path), stdout=io.StringIO())
    assert len(json.loads(path.read_text())["articles"]) == 3
