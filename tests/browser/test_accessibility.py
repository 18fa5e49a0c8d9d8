"""axe-core (the copy bundled in axe-playwright-python) scans the pages readers use most:
no violation of impact "serious" or "critical" is allowed."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import BROWSER_TEST
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    CommentFactory,
    DonationFactory,
    image_upload,
)

pytestmark = BROWSER_TEST

BLOCKING = {"serious", "critical"}


@pytest.fixture
def newsroom(story):
    """What the pages show on an ordinary day: stories with lead images, a discussion with
    replies and feedback, a campaign under way."""
    for n, colour in enumerate([(40, 90, 140), (150, 80, 40), (60, 120, 70)]):
        ArticleFactory(
            headline=f"Harbour story number {n + 1}",
            lead_image=image_upload(f"lead{n}.jpg", size=(1200, 675), color=colour),
            lead_image_alt=f"Photograph for harbour story number {n + 1}",
        )
    first = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998.")
    CommentFactory(parent=first, author_name="Lena Fisk", body="And again in 2004.")
    CommentFactory(article=story, author_name="Piet Olsen", body="Who chairs it now?")
    campaign = CampaignFactory(title="Keep the harbour desk open")
    DonationFactory(campaign=campaign, amount=Decimal("822"), donor_name="Ines Moreau")
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "donate": "/donations/",
        "reply form": f"/comments/{first.pk}/reply/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "article", "donate", "reply form"])
def test_no_serious_accessibility_problems(new_page, newsroom, name, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(newsroom[name])
    page.wait_for_load_state("load")

    results = Axe().run(page)

    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe on the {name} page ({scheme}):\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in blocking
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_the_notify_of_choices_are_targets_of_at_least_24_pixels(new_page, newsroom, width):
    page = new_page(viewport=(width, 900))
    page.goto(newsroom["article"])

    radios = page.locator("#notify-form input[type=radio]")
    assert radios.count() == 2
    for radio in radios.all():
        box = radio.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
