"""What a reader types becomes safe HTML: paragraphs, line breaks, links and nothing else."""

from html import unescape

import pytest
from django.test import Client
from django.utils.html import urlize

from comments.markup import count_links
from comments.text import _linked as linked
from comments.text import render_comment
from newsroom.text import normalise
from tests.factories import ArticleFactory, CommentFactory
from tests.utils import page_text, tags

REL = "nofollow ugc noopener"


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("One line.", "<p>One line.</p>"),
        ("First.\n\nSecond.", "<p>First.</p><p>Second.</p>"),
        ("First.\r\n\r\nSecond.", "<p>First.</p><p>Second.</p>"),
        ("First.\n   \n\n\nSecond.", "<p>First.</p><p>Second.</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("  padded  ", "<p>padded</p>"),
        ("", ""),
        ("Fish & chips < 5 > 3", "<p>Fish &amp; chips &lt; 5 &gt; 3</p>"),
    ],
)
def test_paragraphs_and_line_breaks(typed, html):
    assert render_comment(typed) == html


@pytest.mark.parametrize(
    ("typed", "href", "text"),
    [
        ("https://example.org/report", "https://example.org/report", "https://example.org/report"),
        ("www.example.org", "://www.example.org", "www.example.org"),
        ("example.com/page", "https://example.com/page", "example.com/page"),
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2", None),
    ],
)
def test_addresses_become_links_that_pass_no_reputation(typed, href, text):
    html = render_comment(f"Read {typed} today.")

    (link,) = tags(html, "a")
    assert link["rel"] == REL
    assert link["href"].startswith("http")
    assert link["href"].endswith(href)
    if text:
        assert f">{text}</a>" in html


def test_a_long_address_is_shortened_on_screen_but_not_in_the_link():
    address = "https://example.org/" + "x" * 100

    html = render_comment(address)

    assert tags(html, "a")[0]["href"] == address
    assert "…</a>" in html
    assert len(html.split(">", 1)[1].split("<", 1)[0]) <= 60


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="https://example.org" onclick="steal()">click</a>',
        "<b>bold</b> <i>and</i> <iframe src=//evil.example></iframe>",
        '"><svg onload=alert(1)>',
        "<p style='position:fixed'>overlay</p>",
    ],
)
def test_html_is_shown_as_text_never_run(typed):
    html = render_comment(typed)

    assert {
        tag for tag in ["script", "img", "iframe", "svg", "b", "i"] if tags(html, tag)
    } == set()
    assert [t for t in tags(html, "p") if t] == []  # no attributes on the paragraphs
    assert all(link.keys() == {"href", "rel"} for link in tags(html, "a"))
    assert all(link["href"] == "https://example.org" for link in tags(html, "a"))
    assert "&lt;" in html


@pytest.mark.parametrize(
    "typed", ["javascript:alert(1)", "data:text/html,<script>x</script>", "vbscript:msgbox"]
)
def test_dangerous_schemes_never_become_links(typed):
    html = render_comment(typed)

    assert all(
        not a.get("href", "").startswith(("javascript", "data", "vbscript"))
        for a in tags(html, "a")
    )


def test_an_email_address_is_not_a_mailto_link():
    html = render_comment("Write to ana@example.org")

    assert "mailto:" not in html
    assert html == "<p>Write to ana@example.org</p>"  # plain text, no empty <a> around it


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\tstays", "tab\tstays"),
        ("bell\x07 and null\x00 go", "bell and null go"),
        ("zero\u200bwidth", "zerowidth"),
        ("\n\n  text  \n\n", "text"),
        ("émoji 🌊 and accents stay", "émoji 🌊 and accents stay"),
        ("\x01\x02", ""),
        (None, ""),
    ],
)
def test_normalise(typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "links"),
    [
        ("No links here.", 0),
        ("https://example.org", 1),
        ("http://a.example and https://b.example", 2),
        ("www.example.org, example.com and example.net/x", 3),
        ("HTTPS://EXAMPLE.ORG", 1),
        ("ana@example.org", 0),
        ("javascript:alert(1)", 0),
        ("", 0),
    ],
)
def test_count_links_counts_what_readers_will_click(typed, links):
    assert count_links(typed) == links


@pytest.mark.django_db
def test_the_page_shows_the_comment_as_safe_html(client):
    article = ArticleFactory()
    CommentFactory(
        article=article,
        body="<script>alert('x')</script>\n\nSee https://example.org/tides\nThanks.",
    )

    response = Client().get(article.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(" in html
    body = html[html.index('class="comment__body"') :]
    body = body[: body.index("</div>")]
    assert body.count("<p>") == 2
    assert "<br>Thanks." in body
    (link,) = tags(body, "a")
    assert link == {"href": "https://example.org/tides", "rel": REL}
    assert "<script>alert('x')</script>" in unescape(page_text(response))


@pytest.mark.parametrize(
    "line",
    [
        "See (www.example.com), or mail ana@example.org.",
        "<b>x</b> & 'quotes' \"too\" https://example.org/a?b=1&c=2.",
        "example.COM/path, [http://x.example] and ftp://files.example",
        "12:30 at the quay. No link here: none.",
        "HTTPS://EXAMPLE.NET/%20 &amp; &lt;script&gt; mail@x",
        "مرحبا www.example.org/ar 🚢 example.int.",
    ],
)
def test_links_are_made_exactly_as_urlize_makes_them(line):
    """Only words that may be links go through urlize; the rest is escaped as it would be."""
    assert linked(line) == urlize(line, trim_url_limit=60, autoescape=True)
