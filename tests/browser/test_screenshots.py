"""Full-page screenshots of the home and article pages at a phone's and a desktop's width,
with the demo content, for people to look at: bench/screenshots/ (git-ignored; a CI run
leaves them there too). The test itself checks what would show as broken in them: nothing is
wider than the window, and every image has loaded."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q
from playwright.sync_api import expect

from articles.models import Article, Credit
from comments.models import Comment
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

SCREENSHOTS = Path(settings.BASE_DIR) / "bench" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture
def busiest_article(site):
    """The demo content, and of its video reports the one whose page shows the most: passages
    open for inline feedback, then approved comments."""
    call_command("load_demo", verbosity=0)
    return (
        Article.objects.published()
        .filter(credits__role=Credit.Role.VOICEOVER)
        .annotate(
            passage_count=Count("passages", filter=Q(passages__is_open=True), distinct=True),
            comment_count=Count(
                "comments", filter=Q(comments__status=Comment.Status.APPROVED), distinct=True
            ),
        )
        .order_by("-passage_count", "-comment_count")
        .first()
    )


def test_home_and_article_pages_at_phone_and_desktop_widths(new_page, busiest_article):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for device, viewport in WIDTHS.items():
        page = new_page(viewport=viewport)
        page.goto("/")
        expect(page.get_by_role("region", name="Top story")).to_be_visible()
        shoot(page, f"home-{device}.png")

        page.goto(busiest_article.get_absolute_url())
        expect(page.locator(".credits")).to_contain_text("Voiceover by")
        expect(page.locator(".passage__button").first).to_be_visible()
        expect(page.locator(".comment").first).to_be_visible()
        shoot(page, f"article-{device}.png")
        page.screenshot(path=SCREENSHOTS / f"article-{device}-first-screen.png")


def test_on_a_phone_the_story_comes_before_the_appeals(new_page, busiest_article):
    """On a 390-pixel screen the lead media is on the first screen, under a goal bar of one
    line; the first support box follows the lead media and the first paragraphs."""
    page = new_page(viewport=WIDTHS["phone"])
    page.goto(busiest_article.get_absolute_url())

    def top(selector):
        return page.locator(selector).first.bounding_box()["y"]

    bar = page.locator(".goal-bar__inner").bounding_box()
    donate = page.locator(".goal-bar__donate").bounding_box()
    assert bar["height"] < 3.5 * 16, bar  # one line: raised of goal, the bar, Donate
    expect(page.locator(".goal-bar__compact")).to_be_visible()
    assert donate["y"] >= bar["y"] and donate["y"] + donate["height"] <= bar["y"] + bar["height"]
    lead = page.locator(".article .video, .article .article__figure").first.bounding_box()
    media = lead["y"]
    assert lead["y"] + lead["height"] <= WIDTHS["phone"][1], lead  # whole on the first screen
    paragraphs = page.locator(".article__body > p")
    second = paragraphs.nth(1).bounding_box()
    box = top(".support-box--top")
    assert media < box and second["y"] + second["height"] <= box
    assert box < top(".article__body > p:nth-of-type(3)") < top(".support-box--bottom")


def test_on_a_desktop_the_support_box_stays_under_the_headline(new_page, busiest_article):
    page = new_page(viewport=WIDTHS["desktop"])
    page.goto(busiest_article.get_absolute_url())

    box = page.locator(".support-box--top").bounding_box()["y"]
    media = page.locator(".article .video, .article .article__figure").first.bounding_box()["y"]
    assert page.locator(".article__headline").bounding_box()["y"] < box < media
    expect(page.locator(".goal-bar__facts")).to_be_visible()
    expect(page.locator(".goal-bar__compact")).to_be_hidden()


def shoot(page, name):
    """Load every image (lazy ones too), check the layout fits the window, and save."""
    page.evaluate(
        """async () => {
            for (const image of document.images) image.loading = "eager";
            await Promise.all([...document.images].map((image) => image.decode().catch(() => {})));
        }"""
    )
    broken = page.evaluate(
        "() => [...document.images].filter((i) => !i.naturalWidth).map((i) => i.src)"
    )
    assert not broken, f"images that did not load on {page.url}: {broken}"
    width, scroll_width = page.evaluate(
        "() => [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide in a {width}px window"
    page.screenshot(path=SCREENSHOTS / name, full_page=True)
