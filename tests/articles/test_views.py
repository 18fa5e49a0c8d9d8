"""The public pages: who sees what, and what each page shows."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Credit
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    CategoryFactory,
    ContributorFactory,
    CreditFactory,
    TagFactory,
    image_upload,
)
from tests.utils import LOGGED_IN_QUERY_LIMIT, page_text, tags

pytestmark = pytest.mark.django_db

NOT_FOUND_TEXT = "We can’t find that page"


# --- Published, draft and scheduled --------------------------------------------------------------


@pytest.fixture
def harbour():
    """One published, one draft and one scheduled article sharing section, tag and author."""
    category = CategoryFactory(name="Climate")
    tag = TagFactory(name="Coast")
    author = ContributorFactory(name="Ana Lima")
    shared = {"category": category, "tags": [tag], "authors": [author], "body": "The harbour."}
    return {
        "category": category,
        "tag": tag,
        "author": author,
        "published": ArticleFactory(headline="Visible harbour story", **shared),
        "draft": ArticleFactory(headline="Unfinished harbour draft", draft=True, **shared),
        "scheduled": ArticleFactory(headline="Embargoed harbour story", scheduled=True, **shared),
    }


def public_urls(harbour):
    category, tag, author = harbour["category"], harbour["tag"], harbour["author"]
    return [
        "/",
        category.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        "/search/?q=harbour",
        "/feeds/rss/",
        "/feeds/atom/",
        f"/category/{category.slug}/rss/",
        f"/category/{category.slug}/atom/",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
    ]


def test_anonymous_readers_see_published_articles(get_page, harbour):
    response = get_page(harbour["published"].get_absolute_url())

    assert response.status_code == 200
    assert "Visible harbour story" in page_text(response)
    assert "Preview." not in page_text(response)
    assert "noindex" not in response.content.decode()


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_drafts_and_scheduled_articles_are_not_found_by_anonymous_readers(
    get_page, harbour, state
):
    response = get_page(harbour[state].get_absolute_url())

    assert response.status_code == 404
    assert NOT_FOUND_TEXT in page_text(response)
    assert harbour[state].headline not in page_text(response)


def test_only_published_articles_are_listed_anywhere(get_page, harbour):
    for url in public_urls(harbour):
        html = get_page(url).content.decode()

        assert harbour["published"].slug in html, url
        assert harbour["draft"].slug not in html, url
        assert harbour["scheduled"].slug not in html, url


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(
    get_page, harbour, move_clock_to
):
    scheduled = harbour["scheduled"]
    move_clock_to(scheduled.published_at + timedelta(minutes=1))

    response = get_page(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert "Preview." not in page_text(response)
    for url in public_urls(harbour):
        html = get_page(url).content.decode()

        assert scheduled.slug in html, url
        assert harbour["draft"].slug not in html, url


def test_an_article_is_still_hidden_a_minute_before_its_time(get_page, harbour, move_clock_to):
    scheduled = harbour["scheduled"]
    move_clock_to(scheduled.published_at - timedelta(minutes=1))

    assert get_page(scheduled.get_absolute_url()).status_code == 404
    assert scheduled.slug not in get_page("/").content.decode()


def test_a_published_article_can_be_taken_down(get_page, harbour):
    article = harbour["published"]
    article.status = article.Status.DRAFT
    article.save()

    assert get_page(article.get_absolute_url()).status_code == 404
    assert article.slug not in get_page("/").content.decode()


# --- Staff previews ------------------------------------------------------------------------------


def assert_is_private_preview(response):
    assert response.status_code == 200
    cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert {"name": "robots", "content": "noindex, nofollow"} in tags(response, "meta")


def test_editors_preview_drafts(get_page, editor_client, harbour):
    response = get_page(
        harbour["draft"].get_absolute_url(),
        using_client=editor_client,
        max_queries=LOGGED_IN_QUERY_LIMIT,
    )

    assert_is_private_preview(response)
    text = page_text(response)
    assert "Preview. This draft is not published; readers cannot see it." in text
    assert "Unfinished harbour draft" in text
    edit_url = f"/admin/articles/article/{harbour['draft'].pk}/change/"
    assert {"href": edit_url} in tags(response, "a")


def test_editors_preview_scheduled_articles(get_page, editor_client, harbour):
    scheduled = harbour["scheduled"]

    response = get_page(
        scheduled.get_absolute_url(), using_client=editor_client, max_queries=LOGGED_IN_QUERY_LIMIT
    )

    assert_is_private_preview(response)
    local = timezone.localtime(scheduled.published_at)
    when = f"{local.day} {local:%B %Y, %H:%M}"
    assert f"Preview. Scheduled for {when}; readers cannot see it yet." in page_text(response)


def test_superusers_preview_drafts(client, get_page, harbour):
    client.force_login(User.objects.create_superuser("boss", password="pw"))

    response = get_page(harbour["draft"].get_absolute_url(), max_queries=LOGGED_IN_QUERY_LIMIT)

    assert_is_private_preview(response)


def test_editors_see_published_articles_without_a_preview_banner(get_page, editor_client, harbour):
    response = get_page(
        harbour["published"].get_absolute_url(),
        using_client=editor_client,
        max_queries=LOGGED_IN_QUERY_LIMIT,
    )

    assert response.status_code == 200
    assert "Preview." not in page_text(response)
    assert "X-Robots-Tag" not in response.headers


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_logged_in_readers_cannot_preview(client, get_page, reader, harbour, state):
    client.force_login(reader)

    response = get_page(harbour[state].get_absolute_url(), max_queries=LOGGED_IN_QUERY_LIMIT)

    assert response.status_code == 404


def test_staff_without_article_permissions_cannot_preview(client, get_page, harbour):
    client.force_login(User.objects.create_user("intern", password="pw", is_staff=True))

    response = get_page(harbour["draft"].get_absolute_url(), max_queries=LOGGED_IN_QUERY_LIMIT)

    assert response.status_code == 404


def test_listings_stay_public_only_for_editors(get_page, editor_client, harbour):
    html = get_page(
        "/", using_client=editor_client, max_queries=LOGGED_IN_QUERY_LIMIT
    ).content.decode()

    assert harbour["published"].slug in html
    assert harbour["draft"].slug not in html
    assert harbour["scheduled"].slug not in html


# --- Credits -------------------------------------------------------------------------------------


def test_the_byline_names_the_author(get_page):
    article = ArticleFactory(authors=[ContributorFactory(name="Ana Lima")])

    response = get_page(article.get_absolute_url())

    assert "By Ana Lima" in page_text(response)
    assert {"href": "/contributors/ana-lima/", "rel": "author"} in tags(response, "a")


def test_the_byline_joins_two_authors_with_and(get_page):
    article = ArticleFactory(
        authors=[ContributorFactory(name="Ana Lima"), ContributorFactory(name="Bo Chen")]
    )

    assert "By Ana Lima and Bo Chen" in page_text(get_page(article.get_absolute_url()))


def test_the_byline_lists_three_authors_in_credit_order(get_page):
    article = ArticleFactory()
    for position, name in [(2, "Cy Dunn"), (0, "Ana Lima"), (1, "Bo Chen")]:
        CreditFactory(
            article=article, contributor=ContributorFactory(name=name), position=position
        )

    assert "By Ana Lima, Bo Chen and Cy Dunn" in page_text(get_page(article.get_absolute_url()))


def test_other_credits_read_as_credit_lines(get_page):
    article = ArticleFactory(authors=[ContributorFactory(name="Ana Lima")])
    voice = ContributorFactory(name="Dara Okoye")
    CreditFactory(article=article, contributor=voice, role=Credit.Role.VOICEOVER, position=1)
    CreditFactory(
        article=article,
        contributor=ContributorFactory(name="Eli Moss"),
        role=Credit.Role.CAMERA,
        position=2,
    )

    response = get_page(article.get_absolute_url())

    text = page_text(response)
    assert "Voiceover by Dara Okoye" in text
    assert "Camera by Eli Moss" in text
    assert text.index("Voiceover by Dara Okoye") < text.index("Camera by Eli Moss")
    # Only authors are in the byline.
    assert "By Ana Lima" in text
    assert "By Ana Lima and" not in text
    assert {"href": voice.get_absolute_url()} in tags(response, "a")


def test_cards_carry_the_byline_too(get_page):
    ArticleFactory(
        authors=[ContributorFactory(name="Ana Lima"), ContributorFactory(name="Bo Chen")]
    )

    assert "By Ana Lima and Bo Chen ·" in page_text(get_page("/"))


# --- Video ---------------------------------------------------------------------------------------


def all_source_attributes(response):
    """Every address the browser would fetch by itself: src, srcset and poster values."""
    values = []
    for name in ["img", "iframe", "script", "video", "source", "link", "embed", "object"]:
        for attrs in tags(response, name):
            values += [attrs.get(a) or "" for a in ("src", "srcset", "poster", "data")]
    return values


def test_a_youtube_video_loads_nothing_from_youtube_until_played(get_page):
    article = ArticleFactory(
        video_url="https://youtu.be/dQw4w9WgXcQ", lead_image=image_upload(size=(800, 450))
    )

    response = get_page(article.get_absolute_url())

    html = response.content.decode()
    assert "<iframe" not in html
    assert 'src="https://www.youtube' not in html
    for value in all_source_attributes(response):
        assert "youtube" not in value and "ytimg" not in value and "google" not in value
    # A plain link works without JavaScript; the player address waits in a data- attribute.
    assert {
        "class": "video__play",
        "href": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data-video-play": None,
    } in tags(response, "a")
    facade = next(d for d in tags(response, "div") if "data-video-embed" in d)
    assert (
        facade["data-video-embed"]
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert "Nothing loads from YouTube until you press play." in page_text(response)


def test_a_vimeo_video_loads_nothing_from_vimeo_until_played(get_page):
    article = ArticleFactory(video_url="https://vimeo.com/76979871")

    response = get_page(article.get_absolute_url())

    assert "<iframe" not in response.content.decode()
    assert not any("vimeo" in value for value in all_source_attributes(response))
    [play] = [a for a in tags(response, "a") if a.get("class") == "video__play"]
    assert play["href"] == "https://vimeo.com/76979871"


def test_an_mp4_video_is_a_native_player_that_preloads_nothing(get_page):
    url = "https://media.example.org/reports/flood.mp4"
    article = ArticleFactory(video_url=url, lead_image=image_upload(size=(1400, 700)))

    response = get_page(article.get_absolute_url())

    html = response.content.decode()
    assert "<video " in html
    [video] = tags(response, "video")
    assert video["preload"] == "none"
    assert "controls" in video
    assert (video["width"], video["height"]) == ("1400", "700")
    assert video["poster"].endswith("-1200w.webp")
    assert {"src": url, "type": "video/mp4"} in tags(response, "source")
    assert "<iframe" not in html


def test_video_articles_are_badged_in_listings(get_page):
    ArticleFactory(headline="Watch the flood", video_url="https://youtu.be/dQw4w9WgXcQ")

    assert "Video Watch the flood" in page_text(get_page("/"))


# --- Lead images on pages ------------------------------------------------------------------------


def test_the_article_page_shows_a_responsive_lead_image(get_page):
    article = ArticleFactory(
        lead_image=image_upload(size=(1000, 500)), lead_image_alt="Boats on a flooded street"
    )

    response = get_page(article.get_absolute_url())

    [image] = [i for i in tags(response, "img") if "srcset" in i]
    names = [r["name"] for r in article.renditions]
    assert image["srcset"] == (
        f"/media/{names[0]} 480w, /media/{names[1]} 800w, /media/{names[2]} 1000w"
    )
    assert image["src"] == f"/media/{names[2]}"
    assert (image["width"], image["height"]) == ("1000", "500")
    assert image["alt"] == "Boats on a flooded street"
    # The first image a reader sees is fetched at once, not lazily.
    assert "loading" not in image
    assert image["fetchpriority"] == "high"


def test_an_article_without_an_image_shows_none(get_page):
    article = ArticleFactory()

    assert not [i for i in tags(get_page(article.get_absolute_url()), "img") if "srcset" in i]


def test_home_loads_the_top_image_at_once_and_the_rest_lazily(get_page):
    now = timezone.now()
    for hours in range(4, 0, -1):
        ArticleFactory(
            published_at=now - timedelta(hours=hours), lead_image=image_upload(size=(500, 300))
        )

    images = [i for i in tags(get_page("/"), "img") if "srcset" in i]

    assert len(images) == 4
    assert "loading" not in images[0]
    assert images[0]["fetchpriority"] == "high"
    assert all(i["loading"] == "lazy" for i in images[1:])
    assert all(i["width"] == "500" and i["height"] == "300" for i in images)


# --- Home, sections, topics, people --------------------------------------------------------------


def test_home_shows_the_newest_article_as_the_top_story(get_page):
    now = timezone.now()
    ArticleFactory(headline="Older story", published_at=now - timedelta(days=2))
    ArticleFactory(headline="Newest story", published_at=now - timedelta(minutes=5))
    ArticleFactory(headline="Middle story", published_at=now - timedelta(days=1))

    html = get_page("/").content.decode()

    top_story, latest = html.split('id="latest-heading"')
    assert "card--featured" in top_story
    assert "Newest story" in top_story
    assert "Middle story" not in top_story
    assert latest.index("Middle story") < latest.index("Older story")
    assert "Newest story" not in latest


def test_home_paginates_twelve_at_a_time(get_page):
    now = timezone.now()
    for n in range(14):
        ArticleFactory(headline=f"Story {n:02d}", published_at=now - timedelta(hours=n + 1))

    first = page_text(get_page("/"))
    second = page_text(get_page("/?page=2"))

    assert "Story 00" in first and "Story 11" in first
    assert "Story 12" not in first
    assert "Page 1 of 2" in first
    assert "Story 12" in second and "Story 13" in second
    assert "Story 11" not in second
    assert "Page 2 of 2" in second
    assert {"rel": "next", "href": "?page=2"} in tags(get_page("/"), "a")


def test_home_with_nothing_published_says_so(get_page):
    ArticleFactory(draft=True)

    assert "Nothing published yet. Check back soon." in page_text(get_page("/"))


def test_a_category_page_lists_its_own_articles_and_links_its_feeds(get_page):
    climate, sport = CategoryFactory(name="Climate"), CategoryFactory(name="Sport")
    ArticleFactory(headline="Glacier retreats", category=climate)
    ArticleFactory(headline="Cup final tonight", category=sport)

    response = get_page(climate.get_absolute_url())

    text = page_text(response)
    assert "Glacier retreats" in text
    assert "Cup final tonight" not in text
    links = tags(response, "link")
    for kind, mime in [("rss", "application/rss+xml"), ("atom", "application/atom+xml")]:
        feed = {
            "rel": "alternate",
            "type": mime,
            "title": f"Climate ({kind.upper() if kind == 'rss' else 'Atom'})",
            "href": f"/category/climate/{kind}/",
        }
        assert feed in links


def test_an_empty_category_says_so(get_page):
    category = CategoryFactory()

    assert "Nothing published in this section yet." in page_text(
        get_page(category.get_absolute_url())
    )


def test_the_header_lists_sections_and_marks_the_current_one(get_page):
    climate = CategoryFactory(name="Climate", position=2)
    CategoryFactory(name="Politics", position=1)

    response = get_page(climate.get_absolute_url())

    nav = [a for a in tags(response, "a") if a.get("href", "").startswith("/category/")]
    assert [a["href"] for a in nav][:2] == ["/category/politics/", "/category/climate/"]
    assert {"href": "/category/climate/", "aria-current": "page"} in tags(response, "a")


def test_an_article_marks_its_section_in_the_header_without_calling_it_the_current_page(
    get_page,
):
    climate = CategoryFactory(name="Climate")
    article = ArticleFactory(category=climate)

    response = get_page(article.get_absolute_url())

    [link] = [
        a for a in tags(response, "a") if a.get("href") == "/category/climate/" and a.get("class")
    ]
    assert link == {"href": "/category/climate/", "class": "site-nav__section"}
    # (The language switcher's link to this page in its own language aside.)
    current = [a for a in tags(response, "a") if a.get("aria-current") == "page"]
    assert not [a for a in current if "hreflang" not in a]


def test_the_article_page_outline_starts_with_its_headline_and_has_one_support_landmark(
    get_page,
):
    CampaignFactory(title="Keep the harbour desk open")
    article = ArticleFactory(headline="Sea wall built")

    html = get_page(article.get_absolute_url()).content.decode()

    assert "Keep the harbour desk open" in html  # the goal bar is there
    headings = re.findall(r"<h([1-6])\b", html)
    assert headings[0] == "1"
    assert html.count('class="support-box ') == 2
    assert len(re.findall(r"<aside class=\"support-box", html)) == 1


def test_a_tag_page_lists_tagged_articles(get_page):
    coast, inland = TagFactory(name="Coast"), TagFactory(name="Inland")
    ArticleFactory(headline="Sea wall built", tags=[coast])
    ArticleFactory(headline="River bursts", tags=[inland])

    text = page_text(get_page(coast.get_absolute_url()))

    assert "Coast" in text
    assert "Sea wall built" in text
    assert "River bursts" not in text


def test_a_contributor_page_lists_their_work_once_each(get_page):
    ana = ContributorFactory(name="Ana Lima", bio="Ana covers the coast.")
    both = ArticleFactory(headline="Wrote and voiced", authors=[ana])
    CreditFactory(article=both, contributor=ana, role=Credit.Role.VOICEOVER)
    voiced = ArticleFactory(headline="Only voiced")
    CreditFactory(article=voiced, contributor=ana, role=Credit.Role.VOICEOVER)
    ArticleFactory(headline="Someone else's")

    text = page_text(get_page(ana.get_absolute_url()))

    assert "Ana covers the coast." in text
    assert text.count("Wrote and voiced") == 1
    assert "Only voiced" in text
    assert "Someone else's" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/category/no-such-section/",
        "/tag/no-such-topic/",
        "/contributors/no-such-person/",
        "/category/no-such-section/rss/",
        "/category/no-such-section/atom/",
        "/no-such-page/",
    ],
)
def test_unknown_addresses_show_our_404_page(get_page, url):
    response = get_page(url)

    assert response.status_code == 404
    assert NOT_FOUND_TEXT in page_text(response)
    [search_field] = [i for i in tags(response, "input") if i.get("id") == "notfound-search-q"]
    assert search_field["type"] == "search"
    assert search_field["name"] == "q"


# --- Search --------------------------------------------------------------------------------------


def test_search_finds_matching_articles(get_page):
    ArticleFactory(headline="Harbour wall collapses", body="Storm damage.")
    ArticleFactory(headline="Council meets", body="The harbour budget was approved.")
    ArticleFactory(headline="Cup final tonight", body="Tickets sold out.")

    response = get_page("/search/?q=harbour")

    text = page_text(response)
    assert "2 results for “harbour”" in text
    assert "Harbour wall collapses" in text and "Council meets" in text
    assert "Cup final tonight" not in text
    assert {"name": "robots", "content": "noindex"} in tags(response, "meta")
    # The headline match comes first.
    assert text.index("Harbour wall collapses") < text.index("Council meets")


def test_search_with_no_match_says_so(get_page):
    ArticleFactory(headline="Harbour wall collapses")

    text = page_text(get_page("/search/?q=volcano"))

    assert "No articles match “volcano”. Try fewer or different words." in text


def test_an_empty_search_shows_just_the_form(get_page):
    ArticleFactory(headline="Harbour wall collapses")

    response = get_page("/search/?q=+++")

    assert response.status_code == 200
    assert "Harbour wall collapses" not in page_text(response)
    assert "No articles match" not in page_text(response)


def test_search_keeps_the_query_in_the_pagination_links(get_page):
    now = timezone.now()
    for n in range(13):
        ArticleFactory(headline=f"Harbour report {n}", published_at=now - timedelta(hours=n + 1))

    response = get_page("/search/?q=harbour+report")

    assert "13 results" in page_text(response)
    assert {"rel": "next", "href": "?q=harbour%20report&page=2"} in tags(response, "a")
    assert "Harbour report 12" in page_text(get_page("/search/?q=harbour+report&page=2"))


def test_a_two_word_search_shows_only_articles_with_both_words(get_page):
    ArticleFactory(headline="Harbour wall collapses", body="Storm damage.")
    ArticleFactory(headline="Council meets", body="The harbour budget was approved.")
    ArticleFactory(headline="Cup final tonight", body="Tickets sold out.")

    text = page_text(get_page("/search/?q=harbour+wall"))

    assert "1 result for “harbour wall”" in text
    assert "Harbour wall collapses" in text
    assert "Council meets" not in text
    assert "Cup final tonight" not in text


@pytest.mark.parametrize(
    "query",
    [
        "harbour" * 1500,  # 10,500 characters
        " ".join(["harbour"] * 1250),
        "harbour\x00wall",
        "\x00",
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
        "%' OR '%'='",
        "Café 🎉 São Paulo 中文 עברית",
        "🎉",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
    ],
)
def test_odd_searches_get_a_page_not_an_error(get_page, query):
    ArticleFactory(headline="Harbour wall collapses")

    response = get_page("/search/", data={"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "\x00" not in html


def test_what_was_searched_is_shown_back_escaped_and_shortened(get_page):
    response = get_page("/search/", data={"q": "<b>bold</b> " + "x" * 500})

    html = response.content.decode()
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    [field] = [i for i in tags(response, "input") if i.get("id") == "page-search-q"]
    assert len(field["value"]) == 200


def test_searching_with_repeated_parameters_does_not_fail(get_page):
    ArticleFactory(headline="Harbour wall collapses")

    response = get_page("/search/?q=harbour&q=wall&q=")

    assert response.status_code == 200


# --- Pagination that does not exist --------------------------------------------------------------


@pytest.fixture
def listing_urls():
    category, tag, person = CategoryFactory(), TagFactory(), ContributorFactory()
    now = timezone.now()
    for n in range(13):
        ArticleFactory(
            headline=f"Harbour story {n}",
            category=category,
            tags=[tag],
            authors=[person],
            published_at=now - timedelta(hours=n + 1),
        )
    return [
        "/",
        category.get_absolute_url(),
        tag.get_absolute_url(),
        person.get_absolute_url(),
        "/search/?q=harbour&",
    ]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "2abc", "%00", "1e3", "3"])
def test_pages_that_do_not_exist_are_404_not_500(get_page, listing_urls, page):
    for url in listing_urls:
        separator = "" if url.endswith("&") else "?"
        response = get_page(f"{url}{separator}page={page}")

        assert response.status_code == 404, url
        assert NOT_FOUND_TEXT in page_text(response), url


@pytest.mark.parametrize("page", ["1", "2", "last"])
def test_pages_that_exist_are_served(get_page, listing_urls, page):
    for url in listing_urls:
        separator = "" if url.endswith("&") else "?"

        assert get_page(f"{url}{separator}page={page}").status_code == 200, url


# --- Query counts --------------------------------------------------------------------------------

# The most queries each page may run; the same whether a page lists 3 articles or 30.
# The article page also reads its comment section (count and threads; none here).
# On a cold cache. Every page includes the goal bar (one query for the campaign's numbers
# when they are not cached); the article page also shows the support box (one more) and
# reads the moderation rules (one more), the passages open for inline feedback (one more) and
# its own discussion settings (one more), and the discussion texts (the comment bubble's prompt
# in each language, one more). Home and article pages read the publisher row (their JSON-LD)
# once the cache is cold, and a list page counts its articles and asks when the next
# scheduled one goes live (articles/pagination.py), which later requests do not.
PAGE_QUERIES = {"home": 7, "article": 13, "category": 7, "tag": 7, "contributor": 7, "search": 6}


def add_articles(count, *, category, tag, person):
    """Articles as the pages really show them: two authors, credit lines, tags, an image."""
    for _ in range(count):
        article = ArticleFactory(
            category=category,
            tags=[tag, TagFactory()],
            authors=[person, ContributorFactory()],
            body="A harbour report.",
            video_url="https://youtu.be/dQw4w9WgXcQ",
        )
        CreditFactory(article=article, role=Credit.Role.VOICEOVER, position=5)
        CreditFactory(article=article, role=Credit.Role.CAMERA, position=6)


def test_pages_run_a_fixed_number_of_queries_however_many_articles(
    client, django_assert_max_num_queries
):
    category, tag, person = CategoryFactory(), TagFactory(), ContributorFactory()
    CategoryFactory.create_batch(3)  # more sections in the header

    def measure():
        article = ArticleFactory(
            category=category, tags=[*TagFactory.create_batch(4), tag], authors=[person]
        )
        for role in [Credit.Role.VOICEOVER, Credit.Role.CAMERA, Credit.Role.PHOTO]:
            CreditFactory(article=article, role=role)
        urls = {
            "home": "/",
            "article": article.get_absolute_url(),
            "category": category.get_absolute_url(),
            "tag": tag.get_absolute_url(),
            "contributor": person.get_absolute_url(),
            "search": "/search/?q=harbour",
        }
        counts = {}
        for name, url in urls.items():
            cache.clear()  # each page measured at its worst, whatever was read before it
            with (
                django_assert_max_num_queries(PAGE_QUERIES[name]),
                CaptureQueriesContext(connection) as queries,
            ):
                response = client.get(url)
            assert response.status_code == 200, url
            counts[name] = len(queries)
        return counts

    add_articles(2, category=category, tag=tag, person=person)
    with_3 = measure()
    add_articles(26, category=category, tag=tag, person=person)
    with_30 = measure()

    assert with_30 == with_3
