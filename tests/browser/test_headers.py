"""What Chromium makes of the headers that limit our pages (Permissions-Policy,
Cross-Origin-Resource-Policy): the features denied are denied, the video players keep
what they need, and our own images and files still load."""

from tests.browser.conftest import BROWSER_TEST
from tests.factories import ArticleFactory, image_upload

pytestmark = BROWSER_TEST

ASK = """() => {
  const policy = document.featurePolicy;
  const players = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"];
  return {
    denied: ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]
      .filter((feature) => policy.allowsFeature(feature)),
    players: ["fullscreen", "picture-in-picture", "autoplay", "encrypted-media"]
      .filter((feature) => players.every((origin) => policy.allowsFeature(feature, origin))),
    elsewhere: policy.allowsFeature("fullscreen", "https://video.example.net"),
    images: [...document.images].map((image) => image.naturalWidth > 0),
  };
}"""


def test_chromium_denies_what_we_never_use_and_lets_the_players_play(new_page):
    article = ArticleFactory(
        headline="Harbour wall, the video",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        lead_image=image_upload("lead.jpg", size=(1200, 675)),
    )
    page = new_page()
    warnings = []
    page.on(
        "console",
        lambda message: "Permissions-Policy" in message.text and warnings.append(message.text),
    )

    page.goto(article.get_absolute_url())
    page.wait_for_load_state("load")
    answer = page.evaluate(ASK)

    assert answer["denied"] == []
    assert answer["players"] == ["fullscreen", "picture-in-picture", "autoplay", "encrypted-media"]
    assert answer["elsewhere"] is False
    assert answer["images"] and all(answer["images"])
    assert warnings == []
