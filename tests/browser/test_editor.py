"""An editor writes and publishes an article in the admin, and readers see it."""

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import BROWSER_TEST
from tests.factories import CategoryFactory, ContributorFactory, image_bytes
from tests.utils import staff_sign_in

pytestmark = BROWSER_TEST

HEADLINE = "Night ferries return to the old harbour"


def choose(page, field, text):
    """Pick `text` in one of the admin's autocomplete boxes (select2)."""
    page.locator(f"#{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def test_an_editor_publishes_an_article_with_a_lead_image_and_a_voiceover(new_page, editor):
    CategoryFactory(name="Harbour", slug="harbour")
    ContributorFactory(name="Jonas Vik", slug="jonas-vik")
    desk = new_page()
    staff_sign_in(desk, editor)
    articles = desk.get_by_role("row").filter(
        has=desk.get_by_role("rowheader", name="Articles", exact=True)
    )
    articles.get_by_role("link", name="Add").click()
    expect(desk.get_by_role("heading", name="Add article")).to_be_visible()

    desk.get_by_label("Headline").fill(HEADLINE)
    desk.get_by_label("Standfirst").fill("After two winters tied up, the ferries sail again.")
    # The admin's script fills in the slug from the headline once the editor moves on.
    expect(desk.get_by_label("Slug")).to_have_value("night-ferries-return-to-the-old-harbour")
    desk.get_by_label("Body").fill(
        "The first night ferry left the old harbour at ten.\n\n"
        "Forty passengers were on board, most of them going home."
    )
    desk.get_by_label("Status").select_option(label="Published")
    published_at = desk.locator(".field-published_at")
    published_at.get_by_role("button", name="Today").click()
    published_at.get_by_role("button", name="Now").click()
    choose(desk, "id_category", "Harbour")
    lead_image = desk.get_by_role("group", name="Lead image:", exact=True)
    lead_image.locator("input[type=file]").set_input_files(
        {
            "name": "ferry.jpg",
            "mimeType": "image/jpeg",
            "buffer": image_bytes(size=(1600, 900), color=(30, 70, 120)),
        }
    )
    desk.get_by_label("Lead image description").fill("A ferry leaving the quay at night.")

    credits = desk.locator("#credits-group")
    choose(desk, "id_credits-0-contributor", "Jonas Vik")
    credits.locator("#id_credits-0-role").select_option(label="Voiceover")
    desk.get_by_role("button", name="Save", exact=True).last.click()

    expect(desk.locator(".messagelist")).to_contain_text(f"The article “{HEADLINE}” was added")
    article = Article.objects.get(headline=HEADLINE)
    assert article.is_published

    reader = new_page()
    reader.goto("/")
    top_story = reader.get_by_role("region", name="Top story")
    expect(top_story.get_by_role("heading")).to_have_text(HEADLINE)
    expect_loaded(top_story.locator("img"))

    top_story.get_by_role("link", name=HEADLINE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.locator(".credits")).to_have_text("Voiceover by Jonas Vik")
    lead = reader.get_by_role("img", name="A ferry leaving the quay at night.")
    expect_loaded(lead)
    expect(reader.get_by_text("Forty passengers were on board")).to_be_visible()


def expect_loaded(image):
    """The image is shown: loaded and decoded, not a broken icon."""
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("(img) => img.naturalWidth") > 0
