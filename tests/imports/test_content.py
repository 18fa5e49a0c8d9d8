from articles.markdown import render_markdown
from imports.content import convert


def rendered(content):
    return render_markdown(convert(content).markdown)


def test_blank_lines_make_paragraphs_and_lines_breaks_as_wordpress_draws_them():
    assert rendered("One\ntwo\n\nThree") == "<p>One<br>\ntwo</p>\n\n<p>Three</p>"


def test_markdown_characters_in_wordpress_text_stay_text():
    html = rendered("# not a heading\n\n* not a list, *not emphasis*\n\n1. not a list")
    assert "<h1" not in html and "<li>" not in html and "<em>" not in html
    assert "# not a heading" in html and "*not emphasis*" in html


def test_lists_split_by_blank_lines_stay_one_list_and_loose_text_becomes_a_paragraph():
    html = rendered("<ul>\n<li>one</li>\n\n<li>two</li>\n</ul>\nAfter the list")
    assert html == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n<p>After the list</p>"


def test_what_our_bodies_do_not_hold_is_removed():
    html = rendered(
        '<div class="x"><h1>Title</h1><img src="a.jpg" onerror="x()"><iframe src="//e"></iframe>'
        '<a href="javascript:alert(1)">link</a><style>p{}</style>text</div>'
    )
    assert "<h2>Title</h2>" in html
    for gone in ("<img", "onerror", "<iframe", "javascript:", "<style", "<div", "<h1"):
        assert gone not in html
    assert "link" in html and "text" in html


def test_shortcodes_are_used_or_removed_and_counted():
    body = convert(
        '[embed]https://vimeo.com/76979871[/embed]\n\n[gallery ids="1,2"]\n\n'
        '[wpdiscuz-feedback id="q1" question="Fair?" opened="0"]'
        "The fare rose.[/wpdiscuz-feedback]\n\n"
        '[caption width="300"]<a href="x"><img src="x.jpg"></a> Boats[/caption]\n\n'
        '[audio src="a.mp3"][/audio] and [unknown-plugin]inner words[/unknown-plugin]'
    )
    assert body.video_url == "https://vimeo.com/76979871"
    assert body.shortcodes == {"gallery": 1, "audio": 1, "unknown-plugin": 1}
    [passage] = body.passages
    assert (passage.key, passage.text, passage.question, passage.is_open) == (
        "q1",
        "The fare rose.",
        "Fair?",
        False,
    )
    html = render_markdown(body.markdown)
    assert "<figcaption>Boats</figcaption>" in html
    assert "The fare rose." in html and "inner words" in html
    assert "[" not in html


def test_a_video_link_inside_a_paragraph_is_left_as_text():
    body = convert("Watch https://www.youtube.com/watch?v=dQw4w9WgXcQ here")
    assert body.video_url == ""
    assert "youtube" in body.markdown
