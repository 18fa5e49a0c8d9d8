"""Inline feedback: passages marked by editors, highlighted in the article, commented on
through the same moderation, and listed in the "Inline Feedbacks" tab."""

import pytest
from django.test import Client

from comments.feedback import highlight, locate
from comments.models import Comment, Passage
from tests.factories import ArticleFactory, CommentFactory
from tests.utils import PAGE_QUERY_LIMIT, comment_threads, page_text, tags

pytestmark = pytest.mark.django_db

BODY = (
    'The harbour wall gave way on Tuesday night, after years of "temporary" repairs.\n\n'
    "Residents say the council *knew* about the cracks. Fishing boats & ferries <3 the quay."
)


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way", body=BODY)


@pytest.fixture
def passage(article):
    return Passage.objects.create(
        article=article, text="the council knew about the cracks", question="Did you report it?"
    )


def mark(response, passage):
    return next(m for m in tags(response, "mark") if m.get("id") == f"passage-{passage.pk}")


# --- Finding a passage ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("gave way on Tuesday night", True),
        ('years of "temporary" repairs', True),  # the page shows “temporary”
        ("the council knew about the cracks", True),  # across the <em>
        ("Fishing boats & ferries <3 the quay", True),  # escaped in the HTML
        ("repairs.   Residents say", True),  # across two paragraphs, spaces collapsed
        ("the council *knew*", False),  # Markdown is not what readers see
        ("harbour wall gave way on Wednesday", False),
        ("amp;", False),  # never inside the HTML's own escapes
        ("p>", False),
    ],
)
def test_a_passage_is_found_in_the_text_readers_see(article, text, found):
    assert (locate(article.body_html, text) is not None) is found


def test_marking_never_injects_markup_and_never_crosses_the_bodys_tags(article):
    passage = Passage(pk=7, article=article, text="the council knew about the cracks")
    passage.approved_count = 0

    html = str(highlight(article.body_html, [passage]))

    assert html.count("<mark") == html.count("</mark>") == 3  # before, inside and after <em>
    assert "<em><mark" in html and "</mark></em>" in html
    assert "<p>" in html and html.count("<p>") == article.body_html.count("<p>")


def test_a_passage_that_looks_like_html_stays_text(article):
    passage = Passage.objects.create(article=article, text="boats & ferries <3 the quay")

    response = Client().get(article.get_absolute_url())

    html = response.content.decode()
    assert mark(response, passage)
    assert "Fishing <mark" in html and "&amp; ferries &lt;3 the quay</mark>" in html


# --- The editors' admin -------------------------------------------------------------------------


def admin_form(article, **passage):
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "category": article.category.pk,
        "comments_open": "on",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "passages-TOTAL_FORMS": "1",
        "passages-INITIAL_FORMS": "0",
        "passages-0-text": passage.get("text", ""),
        "passages-0-question": passage.get("question", ""),
        "passages-0-is_open": "on",
        "discussion_settings-TOTAL_FORMS": "0",
        "discussion_settings-INITIAL_FORMS": "0",
        "_save": "Save",
    }


def test_an_editor_marks_a_passage_that_occurs_in_the_article(editor_client, article):
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        admin_form(article, text="gave  way on\nTuesday night", question="Were you there?"),
    )

    assert response.status_code == 302
    passage = Passage.objects.get()
    assert (passage.text, passage.question, passage.is_open) == (
        "gave way on Tuesday night",
        "Were you there?",
        True,
    )
    assert passage.position == article.body_html.index("gave") - len("<p>")


def test_the_admin_says_so_when_the_passage_does_not_occur(editor_client, article):
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        admin_form(article, text="the wall was fine"),
    )

    assert response.status_code == 200
    assert "This passage does not occur in the article’s text." in page_text(response)
    assert not Passage.objects.exists()


def test_the_passage_is_checked_against_the_body_being_saved(editor_client, article):
    form = admin_form(article, text="A brand new sentence")
    form["body"] = article.body + "\n\nA brand new sentence."

    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", form)

    assert response.status_code == 302
    assert Passage.objects.get().text == "A brand new sentence"


# --- On the article page ------------------------------------------------------------------------


def test_an_open_passage_is_highlighted_with_a_button_counting_its_approved_comments(
    article, passage, get_page
):
    CommentFactory.create_batch(2, article=article, passage=passage)
    CommentFactory(article=article, passage=passage, pending=True)

    response = get_page(article.get_absolute_url())

    assert mark(response, passage)["class"] == "passage passage--open"
    [button] = [a for a in tags(response, "a") if a.get("class") == "passage__button"]
    assert button["href"] == f"/comments/passage/{passage.pk}/feedback/"
    # Its accessible name starts with what the reader sees, the count ("label in name").
    assert "aria-label" not in button
    html = response.content.decode()
    assert (
        '<span class="passage__count">2</span>'
        '<span class="visually-hidden"> comments: feedback on this passage</span>'
    ) in html
    assert button["data-hx-target"] == f"#feedback-slot-{passage.pk}"
    assert f'id="feedback-slot-{passage.pk}"' in response.content.decode()


def test_a_closed_passage_keeps_its_mark_but_has_no_button(article, passage, client):
    passage.is_open = False
    passage.save()

    response = client.get(article.get_absolute_url())

    assert mark(response, passage)["class"] == "passage passage--closed"
    assert not [a for a in tags(response, "a") if a.get("class") == "passage__button"]


def test_the_page_runs_the_same_queries_with_many_passages(article, get_page):
    for text in ["gave way", "Tuesday night", "temporary", "Residents say", "the quay"]:
        passage = Passage.objects.create(article=article, text=text)
        CommentFactory.create_batch(2, article=article, passage=passage)

    response = get_page(article.get_absolute_url(), max_queries=PAGE_QUERY_LIMIT)

    assert len([m for m in tags(response, "mark") if m.get("id")]) == 5


# --- The feedback form --------------------------------------------------------------------------


def test_without_javascript_the_button_opens_a_page_with_the_passage_question_and_form(
    client, passage
):
    response = client.get(f"/comments/passage/{passage.pk}/feedback/")

    text = page_text(response)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "the council knew about the cracks" in text
    assert "Did you report it?" in text
    form = next(f for f in tags(response, "form") if f.get("id") == f"feedback-form-{passage.pk}")
    assert form["action"] == f"/comments/article/{passage.article_id}/post/"
    hidden = next(i for i in tags(response, "input") if i.get("name") == "passage")
    assert hidden["value"] == str(passage.pk)


def test_with_htmx_the_form_comes_as_a_fragment(client, passage):
    response = client.get(f"/comments/passage/{passage.pk}/feedback/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert f'id="feedback-form-{passage.pk}"' in html
    assert "Did you report it?" in html


def test_the_form_of_a_closed_passage_says_it_is_closed(client, passage):
    Passage.objects.filter(pk=passage.pk).update(is_open=False)

    response = client.get(f"/comments/passage/{passage.pk}/feedback/")

    assert "Feedback on this passage is closed." in page_text(response)
    assert not tags(response, "textarea")


def test_there_is_no_feedback_form_for_an_unpublished_article(client):
    passage = Passage.objects.create(article=ArticleFactory(draft=True), text="The first")

    assert client.get(f"/comments/passage/{passage.pk}/feedback/").status_code == 404


def test_feedback_goes_through_the_same_moderation(
    browser, article, passage, post_comment, mailoutbox
):
    response = post_comment(browser(), article, "I reported it in 2023.", passage=passage.pk)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (comment.passage, comment.status) == (passage, Comment.Status.PENDING)
    assert comment.reasons_shown() == ["first comment from this author"]
    assert "I reported it in 2023." not in page_text(Client().get(article.get_absolute_url()))


def test_feedback_with_htmx_is_thanked_in_place_of_its_form(
    browser, article, passage, post_comment
):
    response = post_comment(browser(), article, "Inline.", passage=passage.pk, htmx=True)

    assert response.status_code == 200
    assert "your comment is awaiting moderation" in page_text(response)
    assert Comment.objects.get().passage == passage


@pytest.mark.parametrize("which", ["closed", "other article", "missing", "abc", "-1"])
def test_feedback_on_a_closed_or_foreign_passage_is_refused(
    browser, article, passage, post_comment, which
):
    if which == "closed":
        Passage.objects.filter(pk=passage.pk).update(is_open=False)
    foreign = Passage.objects.create(article=ArticleFactory(), text="The first")
    value = {
        "closed": passage.pk,
        "other article": foreign.pk,
        "missing": foreign.pk + 100,
    }.get(which, which)

    response = post_comment(browser(), article, "Refused feedback.", passage=value)

    assert response.status_code == 400
    assert "This passage is not open for feedback." in page_text(response)
    assert not Comment.objects.exists()


def test_a_reply_cannot_be_feedback_on_a_passage(browser, article, passage, post_comment):
    parent = CommentFactory(article=article)

    response = post_comment(browser(), article, "Both.", parent=parent, passage=passage.pk)

    assert response.status_code == 400
    assert Comment.objects.count() == 1


# --- In the comment section ---------------------------------------------------------------------


def test_the_inline_feedbacks_tab_lists_only_feedback_each_quoting_its_passage(
    article, passage, client
):
    feedback = CommentFactory(article=article, passage=passage, body="Yes, in 2023.")
    reply = CommentFactory(parent=feedback, body="Me too.")
    plain = CommentFactory(article=article, body="An ordinary comment.")

    response = client.get(f"{article.get_absolute_url()}?comments=feedback")

    nesting, _ = comment_threads(response)
    assert nesting == {feedback.pk: None, reply.pk: feedback.pk}
    tab = next(a for a in tags(response, "a") if a.get("class") == "comment-sort__feedback")
    assert tab["aria-current"] == "true"
    assert "Inline Feedbacks 1" in page_text(response)
    quote_links = [a for a in tags(response, "a") if a.get("href") == f"#passage-{passage.pk}"]
    assert len(quote_links) == 1
    assert "All comments" in page_text(response)
    assert plain.body not in page_text(response)


def test_all_comments_returns_to_the_threads_which_quote_feedback_too(article, passage, client):
    feedback = CommentFactory(article=article, passage=passage)
    plain = CommentFactory(article=article)

    tab = client.get(f"{article.get_absolute_url()}?comments=feedback")
    view_all = "?sort=newest#comments"
    assert "All comments" in page_text(tab)
    assert view_all in [a.get("href") for a in tags(tab, "a")]
    response = client.get(f"{article.get_absolute_url()}{view_all}")

    nesting, _ = comment_threads(response)
    assert set(nesting) == {feedback.pk, plain.pk}
    assert [a for a in tags(response, "a") if a.get("href") == f"#passage-{passage.pk}"]


def test_there_is_no_inline_feedbacks_tab_without_passages(article, client):
    CommentFactory(article=article)

    response = client.get(article.get_absolute_url())

    assert "Inline Feedbacks" not in page_text(response)
