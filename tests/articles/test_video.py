import pytest
from django.core.exceptions import ValidationError

from articles.video import parse_video_url, validate_video_url
from tests.factories import ArticleFactory

YT_ID = "dQw4w9WgXcQ"
YT_WATCH = f"https://www.youtube.com/watch?v={YT_ID}"
YT_EMBED = f"https://www.youtube-nocookie.com/embed/{YT_ID}?autoplay=1"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT_ID}",
        f"https://youtube.com/watch?v={YT_ID}&t=42s",
        f"https://m.youtube.com/watch?feature=share&v={YT_ID}",
        f"https://youtu.be/{YT_ID}",
        f"https://youtu.be/{YT_ID}?si=tracking",
        f"https://www.youtube.com/embed/{YT_ID}",
        f"https://www.youtube-nocookie.com/embed/{YT_ID}",
        f"https://www.youtube.com/shorts/{YT_ID}",
        f"  https://www.youtube.com/watch?v={YT_ID}  ",
    ],
)
def test_youtube_links_in_every_common_form(url):
    video = parse_video_url(url)

    assert video.provider == "youtube"
    assert video.source_url == YT_WATCH
    # The player comes from the privacy-enhanced domain, and only after a click.
    assert video.embed_url == YT_EMBED
    assert video.provider_label == "YouTube"
    assert not video.is_file


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/76979871",
        "https://www.vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871",
        "https://vimeo.com/channels/staffpicks/76979871",
    ],
)
def test_vimeo_links(url):
    video = parse_video_url(url)

    assert video.provider == "vimeo"
    assert video.source_url == "https://vimeo.com/76979871"
    assert video.embed_url == "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"


def test_an_https_mp4_file_is_played_from_its_address():
    video = parse_video_url("https://media.example.org/reports/flood.MP4#t=10")

    assert video.provider == "mp4"
    assert video.is_file
    assert video.source_url == video.embed_url == "https://media.example.org/reports/flood.MP4"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://media.example.org/reports/flood.mp4",  # not https
        "https://media.example.org/reports/flood.webm",
        "https://media.example.org/reports/flood.mp4.html",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "data:video/mp4;base64,AAAA",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=tooShort",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/@channel",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/not-a-number",
        "https://www.dailymotion.com/video/x8abcd",
        "not a url",
    ],
)
def test_other_addresses_are_not_videos(url):
    assert parse_video_url(url) is None


def test_the_validator_explains_what_is_accepted():
    with pytest.raises(ValidationError) as excinfo:
        validate_video_url("http://media.example.org/flood.mp4")

    assert excinfo.value.code == "unsupported_video"
    assert "YouTube or Vimeo" in excinfo.value.messages[0]


def test_the_validator_accepts_an_empty_field_and_supported_links():
    validate_video_url("")
    validate_video_url(f"https://youtu.be/{YT_ID}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["https://www.dailymotion.com/video/x8abcd", "http://example.org/a.mp4"]
)
def test_an_article_with_an_unsupported_video_does_not_validate(url):
    article = ArticleFactory.build(category=ArticleFactory().category, video_url=url)

    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()

    assert list(excinfo.value.message_dict) == ["video_url"]


@pytest.mark.django_db
def test_an_article_with_a_supported_video_validates():
    article = ArticleFactory.build(
        category=ArticleFactory().category, video_url="https://vimeo.com/76979871"
    )

    article.full_clean()

    assert article.video.provider == "vimeo"
