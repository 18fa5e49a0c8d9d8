import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from comments.models import Comment, ModerationRules
from imports.models import Origin


@pytest.fixture
def harbour(run, data):
    run("import_wordpress", str(data / "harbour-1.2.xml"))


def post(dsq_id):
    return Comment.objects.get(pk=Origin.objects.get(source="disqus", key=dsq_id).object_id)


def test_threads_match_by_old_link_or_identifier_and_posts_thread(harbour, run, data):
    olu = User.objects.create_user("olu", email="olu@example.net")
    out = run("import_disqus", str(data / "harbour-disqus.xml"))
    assert "threads matched: 2" in out and "threads unmatched: 1" in out
    assert "no article for thread “The old pier & its ghosts”" in out
    assert "posts of unmatched threads: 1" in out

    first, reply = post("9001"), post("9002")
    assert first.article.slug == "ferry-timetable-cut"
    # Deleted, but it has a reply: kept as the placeholder our threads show.
    assert first.status == Comment.Status.DELETED
    assert reply.parent == first and reply.root == first and reply.depth == 1
    assert reply.status == Comment.Status.APPROVED
    assert reply.author_name == "Ana Lúcia" and reply.author_email == "ana@example.org"
    assert str(reply.ip_address) == "198.51.100.4"
    assert reply.created_at.isoformat() == "2023-04-12T12:00:00+00:00"
    assert first.body == "First!\nSecond paragraph with a link (https://example.net/x)."
    assert post("9003").status == Comment.Status.SPAM

    dues = post("9004")
    assert dues.article.slug == "harbour-dues"
    assert dues.body == "Dues again? 😤 كفى"
    assert dues.user == olu


def test_running_again_duplicates_nothing(harbour, run, data):
    run("import_disqus", str(data / "harbour-disqus.xml"))
    count = Comment.objects.count()
    out = run("import_disqus", str(data / "harbour-disqus.xml"))
    assert Comment.objects.count() == count
    assert "posts unchanged: 4" in out and "posts created" not in out


def test_create_missing_keeps_every_comment(harbour, run, data):
    out = run("import_disqus", str(data / "harbour-disqus.xml"), "--create-missing")
    assert "draft articles created for unmatched threads: 1" in out
    pier = Article.objects.get(headline="The old pier & its ghosts")
    assert pier.status == Article.Status.DRAFT
    assert "https://harbour.example/2019/01/01/the-old-pier/" in pier.body
    assert post("9005").article == pier
    run("import_disqus", str(data / "harbour-disqus.xml"), "--create-missing")
    assert Article.objects.filter(headline="The old pier & its ghosts").count() == 1


UNREAD_PAGE = """  <thread dsq:id="7099">
    <id>unread-page</id>
    <forum>harbourgazette</forum>
    <link>https://harbour.example/2018/06/01/a-page-nobody-commented/</link>
    <title>A page nobody commented on</title>
  </thread>
"""


def test_a_thread_without_posts_makes_no_draft_and_is_only_counted(harbour, run, data, tmp_path):
    """Disqus files a thread for every page a reader opened: an archive has many without a
    single post, and a draft article for each would bury the editors' drafts."""
    text = (data / "harbour-disqus.xml").read_text()
    path = tmp_path / "with-empty-thread.xml"
    path.write_text(text.replace("  <!-- Nowhere on our site. -->", UNREAD_PAGE, 1))

    out = run("import_disqus", str(path), "--create-missing")

    assert "draft articles created for unmatched threads: 1" in out
    assert "threads unmatched without posts (nothing to import): 1" in out
    assert not Article.objects.filter(headline="A page nobody commented on").exists()
    assert "nobody commented" not in out


def test_a_file_broken_before_its_posts_claims_nothing_of_threads_without_posts(
    harbour, data, tmp_path
):
    text = (data / "harbour-disqus.xml").read_text()
    path = tmp_path / "broken.xml"
    path.write_text(text.replace("</disqus>", "<post dsq:id=9999/>\n</disqus>"))
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"line \d+: not well-formed"):
        call_command("import_disqus", str(path), "--create-missing", stdout=out)

    assert "without posts" not in out.getvalue()
    assert not Article.objects.filter(status=Article.Status.DRAFT, headline__contains="pier")


def test_dry_run_writes_nothing(harbour, run, data):
    before = Comment.objects.count()
    out = run("import_disqus", str(data / "harbour-disqus.xml"), "--dry-run", "--create-missing")
    assert "posts created: 5" in out
    assert Comment.objects.count() == before
    assert not Origin.objects.filter(source="disqus").exists()


def test_a_wordpress_file_is_not_a_disqus_export(run, data):
    with pytest.raises(CommandError, match="not a Disqus export"):
        run("import_disqus", str(data / "harbour-1.2.xml"))


def test_a_reply_deeper_than_our_threads_says_whom_it_answers(harbour, run, data, tmp_path):
    rules = ModerationRules.current()
    rules.max_depth = 2
    rules.save()
    deeper = """  <post dsq:id="9010">
    <message><![CDATA[<p>Answering Ana.</p>]]></message>
    <createdAt>2023-04-12T13:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><email>kai@example.org</email><name>Kai</name></author>
    <thread dsq:id="7001"/>
    <parent dsq:id="9002"/>
  </post>
</disqus>"""
    text = (data / "harbour-disqus.xml").read_text().replace("</disqus>", deeper)
    path = tmp_path / "deeper.xml"
    path.write_text(text)
    run("import_disqus", str(path))
    first, reply, answer = post("9001"), post("9002"), post("9010")
    assert (answer.parent, answer.depth, answer.reply_to) == (first, 1, reply)
    assert reply.reply_to is None
