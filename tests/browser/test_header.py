"""The site header in a real browser: the title, the language links and the account links
side by side without overlapping, on a phone and on a desktop, in each language's direction
(a signed-in reader's name and "Sign out" take the most room)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TEST
from tests.browser.test_your_account import PASSWORD, sign_in
from tests.factories import CategoryFactory, account

pytestmark = BROWSER_TEST


def overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def text_box(page, selector):
    """Where the words of an element are drawn."""
    return page.locator(selector).evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const box = range.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width, height: box.height};
        }"""
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_s_links_never_cover_the_title_and_stay_on_one_line_on_a_desktop(
    new_page, width
):
    for name in ("Environment", "City", "Science", "Culture"):  # a full section nav
        CategoryFactory(name=name, slug=name.lower())
    account("annabel.harbour", email="annabel@example.org", password=PASSWORD)
    page = new_page(viewport=(width, 900))
    page.set_default_timeout(60_000)  # a shared, busy machine: the layout is what is tested
    sign_in(page, "annabel.harbour")

    for home in ("/", "/de/", "/ar/"):
        page.goto(home)
        expect(page.locator(".site-account__name")).to_have_text("annabel.harbour")
        title = text_box(page, ".site-title")  # its words, which may overflow its box
        links = [text_box(page, ".language-switcher ul"), text_box(page, ".site-account form")]
        assert not any(overlap(title, box) for box in links), home
        if width >= 1024:
            switcher, account_links = links
            assert abs(switcher["y"] - account_links["y"]) < switcher["height"] / 2, home
