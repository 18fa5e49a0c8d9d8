from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from articles.models import Article, Category, Contributor, Credit
from comments.models import Comment, ModerationRules, Passage
from imports.models import Origin, Page


@pytest.fixture
def harbour(run, data):
    return run("import_wordpress", str(data / "harbour-1.2.xml"))


def comment(wp_id):
    origin = Origin.objects.get(kind="comment", key=wp_id)
    return Comment.objects.get(pk=origin.object_id)


def test_posts_become_articles_with_their_status_dates_and_people(harbour):
    ferry = Article.objects.get(slug="ferry-timetable-cut")
    assert ferry.headline == "Ferry timetable cut for winter"
    assert ferry.is_published
    assert ferry.published_at == datetime(2023, 4, 12, 8, 30, tzinfo=UTC)
    assert ferry.standfirst == "Two crossings a day & none after six."
    assert ferry.category.name == "Port & Ships"
    assert sorted(ferry.tags.values_list("slug", flat=True)) == ["ferries", "islands"]
    author = Credit.objects.get(article=ferry).contributor
    # The name as we keep names: spaces collapsed, the right-to-left override gone.
    assert author.name == "Mara Reyes"
    assert ferry.comments_open

    dues = Article.objects.get(slug="harbour-dues")
    assert dues.is_scheduled and not dues.is_published
    assert not dues.comments_open
    assert Credit.objects.get(article=dues).contributor.name == "佐藤 由紀"

    draft = Article.objects.get(headline="Draft: fish market")
    assert draft.status == Article.Status.DRAFT and draft.published_at is None
    assert draft.slug == "draft-fish-market"
    assert draft.category.slug == "uncategorized"

    assert not Article.objects.filter(headline="Old trashed post").exists()
    assert "posts skipped (trash): 1" in harbour
    assert "other items skipped (nav_menu_item): 1" in harbour


def test_content_is_sanitised_and_shortcodes_used_or_removed(harbour, client):
    ferry = Article.objects.get(slug="ferry-timetable-cut")
    html = ferry.body_html
    assert "<strong>twice a day</strong>" in html
    assert "<figcaption>The quay at dawn</figcaption>" in html
    assert "<script" not in html and "onclick" not in html and "alert" not in html
    assert "Émile ❤️ مرحبا 🚢" in html
    # The split CDATA section joined up again.
    assert "if (a ]]&gt; b)" in html
    assert "contact-form-7" not in ferry.body and "[caption" not in ferry.body
    assert ferry.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "youtube" not in ferry.body
    assert "shortcodes removed: [contact-form-7] × 1" in harbour

    page = client.get(ferry.get_absolute_url())
    assert page.status_code == 200
    assert "Islanders say the cut leaves them stranded after six." in page.text
    assert "Ines &lt;b&gt;Costa&lt;/b&gt;" in page.text
    assert "<b>Costa</b>" not in page.text


def test_comments_are_threaded_whatever_the_order_with_states_and_votes(harbour):
    first, reply, answer = comment("501"), comment("502"), comment("503")
    assert reply.parent == first and reply.root == first and reply.depth == 1
    assert answer.parent == reply and answer.root == first and answer.depth == 2

    assert first.status == Comment.Status.APPROVED
    assert answer.status == Comment.Status.PENDING
    assert comment("504").status == Comment.Status.SPAM
    assert comment("506").status == Comment.Status.DELETED
    assert not Origin.objects.filter(kind="comment", key="505").exists()
    assert "pingbacks skipped: 1" in harbour

    # wpDiscuz: the like/dislike pair wins over the net count; the net count alone else.
    assert (first.upvotes, first.downvotes, first.score) == (7, 2, 5)
    assert (reply.upvotes, reply.downvotes, reply.score) == (0, 2, -2)
    # An object in serialised meta is never built: the counts stay empty.
    assert (answer.upvotes, answer.downvotes) == (0, 0)
    assert "votes meta unreadable: 1" in harbour

    # A name is text as the reader typed it (pages escape it), never markup.
    assert first.author_name == "Ines <b>Costa</b>"
    assert first.body == (
        "The last boat at six is no use to anyone who works in town.\n"
        "Who decided this? The minutes (https://council.example/minutes)"
    )
    assert "<script" not in first.body_html
    assert first.ip_address == "192.0.2.10"
    assert first.created_at == datetime(2023, 4, 12, 9, 15, tzinfo=UTC)
    assert reply.author_email == "tomas@example.org" and reply.ip_address == "2001:db8::7"
    assert answer.ip_address is None
    assert answer.body == "It does wait on Sundays 🚌"


def test_inline_feedback_keeps_its_passage(harbour):
    passage = Passage.objects.get()
    assert passage.text == "Islanders say the cut leaves them stranded after six."
    assert passage.question == "Will this change how you travel?"
    assert passage.is_open
    assert comment("507").passage == passage


def test_a_commenter_with_an_account_is_linked_to_it(run, data):
    ines = User.objects.create_user("ines", email="INES@example.org")
    run("import_wordpress", str(data / "harbour-1.2.xml"))
    assert comment("501").user == ines
    assert comment("502").user is None


def test_threads_deeper_than_ours_attach_to_the_deepest_allowed_ancestor(run, data, tmp_path):
    rules = ModerationRules.current()
    rules.max_depth = 2
    rules.save()
    run("import_wordpress", str(data / "harbour-1.2.xml"))
    # 503 answers 502, which answers 501: with two levels, it joins 501's thread.
    assert comment("503").parent == comment("501")
    assert comment("503").depth == 1
    # ... and says whom it answers ("In reply to"), which its place no longer says.
    assert comment("503").reply_to == comment("502")
    # A reply in its parent's place needs no such word.
    assert comment("502").reply_to is None


def test_a_reply_attached_to_an_ancestor_keeps_whom_it_answers_on_a_re_run(run, data, tmp_path):
    run("import_wordpress", str(data / "harbour-1.2.xml"))
    assert comment("503").reply_to is None  # five levels: in its parent's place
    rules = ModerationRules.current()
    rules.max_depth = 2
    rules.save()
    changed = (data / "harbour-1.2.xml").read_text().replace("It does wait", "It waits")
    path = tmp_path / "changed.xml"
    path.write_text(changed)
    run("import_wordpress", str(path))
    assert (comment("503").parent, comment("503").reply_to) == (comment("501"), comment("502"))


def test_running_again_duplicates_nothing_and_skips_what_is_unchanged(harbour, run, data):
    counts = (Article.objects.count(), Comment.objects.count(), Contributor.objects.count())
    again = run("import_wordpress", str(data / "harbour-1.2.xml"))
    assert counts == (
        Article.objects.count(),
        Comment.objects.count(),
        Contributor.objects.count(),
    )
    assert "posts unchanged: 3" in again
    assert "posts created" not in again
    assert Category.objects.filter(slug="port").count() == 1


def test_running_again_updates_what_changed(harbour, run, data, tmp_path):
    changed = (
        (data / "harbour-1.2.xml")
        .read_text()
        .replace("Ferry timetable cut for winter", "Ferry timetable cut for the winter")
        .replace("It does wait on Sundays", "It waits on Sundays")
    )
    path = tmp_path / "changed.xml"
    path.write_text(changed)
    ids = sorted(Comment.objects.values_list("pk", flat=True))
    out = run("import_wordpress", str(path))
    assert "posts updated: 1" in out
    assert Article.objects.get(slug="ferry-timetable-cut").headline == (
        "Ferry timetable cut for the winter"
    )
    assert comment("503").body == "It waits on Sundays 🚌"
    assert sorted(Comment.objects.values_list("pk", flat=True)) == ids


def test_dry_run_reports_and_writes_nothing(run, data):
    out = run("import_wordpress", str(data / "harbour-1.2.xml"), "--dry-run")
    assert "Dry run: nothing was written" in out
    assert "posts created: 3" in out
    assert "comments created: 6" in out
    assert not Article.objects.exists()
    assert not Comment.objects.exists()
    assert not Origin.objects.exists()
    assert not Page.objects.exists()
    assert not Contributor.objects.exists()


def test_running_again_brings_back_a_comment_deleted_here_once(harbour, run, data, tmp_path):
    """Its source id is kept: the comment is written anew and found under it again."""
    comment("503").delete()
    changed = (data / "harbour-1.2.xml").read_text().replace("It does wait", "It waits")
    path = tmp_path / "changed.xml"
    path.write_text(changed)
    out = run("import_wordpress", str(path))
    assert "comments created: 1" in out
    assert comment("503").body == "It waits on Sundays 🚌"
    assert comment("503").parent == comment("502")
    assert Origin.objects.filter(kind="comment", key="503").count() == 1


PAGE_WITH_COMMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version><link>https://quay.example</link>
<item><title>Contact</title><link>https://quay.example/contact/</link>
<content:encoded><![CDATA[Write to the desk.]]></content:encoded>
<wp:post_id>40</wp:post_id><wp:post_name>contact</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
<wp:comment><wp:comment_id>90</wp:comment_id><wp:comment_author>Ana</wp:comment_author>
<wp:comment_content>Is there a phone number?</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
</wp:comment>
<wp:comment><wp:comment_id>91</wp:comment_id><wp:comment_author>Bo</wp:comment_author>
<wp:comment_content>Thanks for the address.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved></wp:comment>
<wp:comment><wp:comment_id>92</wp:comment_id><wp:comment_author>A blog</wp:comment_author>
<wp:comment_content>Linked from elsewhere.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
</wp:comment>
</item></channel></rss>"""


def test_comments_on_a_page_are_counted_in_the_summary_not_lost_silently(run, tmp_path):
    """A page becomes a flat page, which has no discussion here: an editor must learn that
    its comments (not its pingbacks) stayed behind."""
    path = tmp_path / "pages.xml"
    path.write_text(PAGE_WITH_COMMENTS)

    out = run("import_wordpress", str(path))

    assert Page.objects.get(path="/contact/").title == "Contact"
    assert not Comment.objects.exists()
    assert "comments on pages not imported (pages have no comments here): 2" in out
