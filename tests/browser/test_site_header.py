"""The site header from a small phone to a desktop, in English, German and Arabic, signed out
and signed in: the section links are never squeezed out by the account links and the language
switcher beside them, and nothing in the header is drawn over anything else."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TEST
from tests.factories import CategoryFactory, account

pytestmark = BROWSER_TEST

WIDTHS = (320, 390, 420, 480, 560, 640, 768, 1024, 1280)
SECTIONS = ("Environment", "City", "Science", "Culture")  # the demo's sections
PASSWORD = "a long harbour password 42"

# Boxes in CSS pixels: the header's content row, the title, the search form, the section nav
# (with how wide its links are) and each of the account links.
MEASURE = """() => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
  };
  const header = document.querySelector(".site-header__inner");
  const nav = document.querySelector(".site-nav");
  const named = (selector, name) => [...header.querySelectorAll(selector)].map(
    (element) => [name || element.textContent.trim(), box(element)]);
  return {
    row: box(header),
    nav: {...box(nav), links: nav.scrollWidth},
    sections: named(".site-nav a"),
    parts: [
      ...named(".site-title"), ...named(".site-search", "the search form"),
      ["the sections", box(nav)], ...named(".language-switcher a"),
      ...named(".site-account__name"), ...named(".site-account form button"),
      ...named(".site-account > a"),
    ],
  };
}"""


@pytest.fixture
def sections(site):
    for position, name in enumerate(SECTIONS):
        CategoryFactory(name=name, position=position)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_every_section_link_shows_and_nothing_overlaps(new_page, sections, language, signed_in):
    page = new_page()
    if signed_in:
        account("tidewatcher", password=PASSWORD)
        page.goto("/accounts/login/")
        page.get_by_label("Email or name").fill("tidewatcher")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In", exact=True).click()
        expect(page.locator(".site-account__name")).to_have_text("tidewatcher")

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/" if language == "en" else f"/{language}/")
        header = page.evaluate(MEASURE)
        where = f"{width}px, /{language}/, {'signed in' if signed_in else 'signed out'}"

        nav, row = header["nav"], header["row"]
        if nav["links"] <= row["width"]:
            # Room for every section on one line: each shows whole, none is scrolled away.
            for name, link in header["sections"]:
                assert nav["left"] - 1 <= link["left"] and link["right"] <= nav["right"] + 1, (
                    f"{where}: {name!r} is cut off by the account links beside the sections"
                )
        else:
            # No room for them all (a small phone): the nav has the header's whole width and
            # scrolls sideways to each link.
            assert nav["width"] >= row["width"] - 1, f"{where}: the nav is squeezed {nav}"
            for name, _ in header["sections"]:
                link = page.locator(".site-nav").get_by_role("link", name=name, exact=True)
                link.scroll_into_view_if_needed()
                left, right = link.evaluate(
                    "(a) => { const r = a.getBoundingClientRect(); return [r.left, r.right]; }"
                )
                assert nav["left"] - 1 <= left and right <= nav["right"] + 1, (
                    f"{where}: {name!r} does not scroll into view"
                )

        parts = header["parts"]
        for name, part in parts:
            assert 0 <= part["left"] and part["right"] <= width, f"{where}: {name!r} is cut off"
        for i, (name, part) in enumerate(parts):
            for other_name, other in parts[i + 1 :]:
                across = min(part["right"], other["right"]) - max(part["left"], other["left"])
                down = min(part["bottom"], other["bottom"]) - max(part["top"], other["top"])
                assert across <= 0.5 or down <= 0.5, f"{where}: {name!r} overlaps {other_name!r}"
