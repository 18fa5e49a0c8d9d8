import pytest

from articles.markdown import render_markdown
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODY = """\
An opening paragraph with *emphasis*, **strong words** and [a source](https://example.org/report).

<script>alert("stolen")</script>

<img src="x.png" onerror="alert('img')">

[Click me](javascript:alert(1)) and <a href="javascript:alert('raw')" onclick="steal()">raw</a>.

<iframe src="https://evil.example/"></iframe>
"""


def test_saving_an_article_stores_its_body_as_html():
    article = ArticleFactory(body="First paragraph.\n\nSecond with *emphasis* and **strong**.")

    assert article.body_html == (
        "<p>First paragraph.</p>\n"
        "<p>Second with <em>emphasis</em> and <strong>strong</strong>.</p>"
    )


def test_body_html_follows_the_body_when_it_is_edited():
    article = ArticleFactory(body="Old text.")

    article.body = "## New subheading\n\nNew text."
    article.save(update_fields=["body"])
    article.refresh_from_db()

    assert article.body_html == "<h2>New subheading</h2>\n<p>New text.</p>"


def test_scripts_event_handlers_and_javascript_links_are_removed():
    html = ArticleFactory(body=HOSTILE_BODY).body_html

    assert "<script" not in html
    assert "alert(" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html.lower()
    assert "<iframe" not in html
    assert "<img" not in html


def test_paragraphs_emphasis_and_safe_links_are_kept():
    html = ArticleFactory(body=HOSTILE_BODY).body_html

    assert html.startswith("<p>An opening paragraph with <em>emphasis</em>, ")
    assert "<strong>strong words</strong>" in html
    assert '<a href="https://example.org/report" rel="noopener noreferrer">a source</a>' in html
    # The text of a dangerous link stays readable; only its target goes.
    assert '<a rel="noopener noreferrer">Click me</a>' in html


@pytest.mark.parametrize(
    "href", ["JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)"]
)
def test_links_with_other_schemes_lose_their_target(href):
    assert 'href="' not in render_markdown(f"[text]({href})")


def test_styles_and_classes_are_dropped_from_allowed_tags():
    html = render_markdown('<p style="position:fixed" class="overlay" id="x">Hi</p>')

    assert html == "<p>Hi</p>"


def test_the_article_page_shows_the_sanitised_body(get_page):
    article = ArticleFactory(body=HOSTILE_BODY)

    html = get_page(article.get_absolute_url()).content.decode()

    assert "<strong>strong words</strong>" in html
    assert "onerror" not in html
    assert "alert(" not in html
