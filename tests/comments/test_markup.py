"""The Markdown subset of comments: what it draws, and the tricks it must not let through."""

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.markup import count_links, render_markdown_comment
from tests.utils import _TagCollector, tags

REL = "nofollow ugc noopener"


def html_of(text, **kwargs):
    return render_markdown_comment(text, **kwargs).html


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        # Plain text reads as it always did.
        ("One line.", "<p>One line.</p>"),
        ("First.\n\nSecond.", "<p>First.</p><p>Second.</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("Fish & chips < 5 > 3", "<p>Fish &amp; chips &lt; 5 &gt; 3</p>"),
        ("", ""),
        # The subset.
        ("**bold** and *italic*", "<p><strong>bold</strong> and <em>italic</em></p>"),
        ("> quoted\n> on", "<blockquote><p>quoted<br>on</p></blockquote>"),
        ("My points:\n- one\n- two", "<p>My points:</p><ul><li>one</li><li>two</li></ul>"),
        ("1. first\n2. second", "<ol><li>first</li><li>second</li></ol>"),
        ("Use `<b>` here", "<p>Use <code>&lt;b&gt;</code> here</p>"),
        (
            "```\n<script>x</script>\n```",
            "<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>",
        ),
        (
            ">! the butler did it !<",
            '<details class="spoiler"><summary>Spoiler</summary>'
            "<p>the butler did it</p></details>",
        ),
        # Left out of the subset: shown as typed.
        ("# Not a heading", "<p># Not a heading</p>"),
        ("![x](https://example.org/a.png)", "<p>![x](https://example.org/a.png)</p>"),
        ("    indented", "<p>indented</p>"),
        ("| a | b |\n|---|---|", "<p>| a | b |<br>|---|---|</p>"),
    ],
)
def test_the_subset_and_nothing_more(typed, html):
    assert html_of(typed) == html


def test_links_pass_no_reputation_and_bare_addresses_still_link():
    html = html_of("[our report](https://example.org/r) and www.example.com too")

    links = tags(html, "a")
    assert [link["href"] for link in links] == ["https://example.org/r", "https://www.example.com"]
    assert {link["rel"] for link in links} == {REL}


def test_email_addresses_are_not_published_as_links():
    assert tags(html_of("write to me@example.org"), "a") == []


@pytest.mark.parametrize(
    "typed",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](java\nscript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](//evil.example/phish)",
        "[click](/accounts/me/delete/)",
        "**[click](javascript:alert(1))**",
        "[click][1]\n\n[1]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_or_relative_addresses_leave_only_their_text(typed):
    html = html_of(typed)

    assert tags(html, "a") == []
    assert "click" in html or "&lt;javascript" in html


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "*<svg onload=alert(1)>*",
        "> <iframe src=//evil.example></iframe>",
        "- <details open ontoggle=alert(1)>",
        '[x](https://example.org" onmouseover="alert(1))',
        "[<img src=x onerror=alert(1)>](https://example.org)",
        "`</code><script>alert(1)</script>`",
        ">! <style>body{display:none}</style>",
        "https://example.org/<script>alert(1)</script>",
        'https://example.org/"><img src=x onerror=alert(1)>',
        "www.example.org/<svg/onload=alert(1)>",
        "javascript:alert(1)//https://example.org",
        "> > - **_[x](javascript:alert(1))_** <img src=x>",
        ">! [x](javascript:alert(1)) <iframe src=//evil.example>",
    ],
)
def test_typed_html_is_text_wherever_it_hides(typed):
    html = html_of(typed)

    for tag in ["script", "img", "svg", "iframe", "style"]:
        assert tags(html, tag) == []
    for link in tags(html, "a"):
        assert set(link) <= {"href", "rel", "title"}
        assert link["href"].startswith("https://")


def test_a_link_inside_a_link_is_not_made():
    html = html_of("[see https://inner.example](https://outer.example)")

    assert [link["href"] for link in tags(html, "a")] == ["https://outer.example"]


@dataclass(frozen=True)
class Someone:
    name: str
    href: str


ANA, ANA_LIMA = Someone("Ana", "/comments/6/"), Someone("Ana Lima", "/comments/5/")


def test_the_longest_earlier_name_is_the_one_mentioned():
    rendered = render_markdown_comment(
        "@ana lima, and @Ana too; not @Anabel", mentions=[ANA, ANA_LIMA], limit=5
    )

    links = tags(rendered.html, "a")
    assert [(link["href"], link["class"]) for link in links] == [
        ("/comments/5/", "mention"),
        ("/comments/6/", "mention"),
    ]
    assert rendered.mentioned == (ANA_LIMA, ANA)


def test_a_mention_in_code_or_in_a_link_is_no_mention():
    rendered = render_markdown_comment(
        "`@Ana` and [@Ana](https://example.org)", mentions=[ANA], limit=5
    )

    assert rendered.mentioned == ()
    assert [link["href"] for link in tags(rendered.html, "a")] == ["https://example.org"]


def test_past_the_limit_names_stay_text():
    people = [Someone(f"Reader {n}", f"/comments/{n}/") for n in range(1, 5)]
    typed = " ".join(f"@Reader {n}" for n in range(1, 5)) + " @Reader 1 again"

    rendered = render_markdown_comment(typed, mentions=people, limit=2)

    assert rendered.mentioned == tuple(people[:2])
    assert len(tags(rendered.html, "a")) == 3  # Reader 1 twice, Reader 2


def test_a_mention_link_cannot_be_forged_elsewhere():
    # Only our permalinks may be relative; a typed one leads nowhere else either.
    assert tags(html_of("[x](/comments/5/)"), "a")[0]["href"] == "/comments/5/"
    assert tags(html_of("[x](/comments/5/../../admin/)"), "a") == []


@pytest.mark.parametrize(
    ("typed", "links"),
    [
        ("no links", 0),
        ("[a](https://a.example) [b](https://b.example) c.example.com/x", 3),
        ("`https://in-code.example`", 0),
    ],
)
def test_markdown_links_count_for_the_hold_rule(typed, links):
    assert count_links(typed) == links


def test_names_in_any_script_and_case_are_mentioned():
    people = [Someone("Élodie Durand", "/comments/7/"), Someone("Сергей", "/comments/8/")]

    rendered = render_markdown_comment("@élodie durand и @сергей!", mentions=people, limit=5)

    assert [link["href"] for link in tags(rendered.html, "a")] == ["/comments/7/", "/comments/8/"]
    assert ">@élodie durand</a>" in rendered.html  # as typed


MARKDOWNISH = st.text(
    alphabet=st.sampled_from([*"*_`>!-[]()<>:/@\"'&; \n\t.#|1ajvscript=", "\x00", "é"]),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(MARKDOWNISH, st.text(max_size=120)))
def test_whatever_is_typed_only_our_tags_and_safe_addresses_come_out(text):
    html = html_of(text, mentions=[ANA], limit=1)

    collector_tags = {tag for tag, _ in _all_tags(html)}
    assert collector_tags <= {
        "p", "br", "a", "strong", "em", "blockquote", "ul", "ol", "li", "code", "pre",
        "details", "summary",
    }  # fmt: skip
    for link in tags(html, "a"):
        assert link["href"].startswith(("http://", "https://", "mailto:", "/comments/6/"))


def _all_tags(html):
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags
