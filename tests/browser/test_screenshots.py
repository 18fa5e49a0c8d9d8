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
