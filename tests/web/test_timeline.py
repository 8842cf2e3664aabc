"""The timeline as a browser and htmx see it."""

from __future__ import annotations

import re

import pytest

from tests.support.pages import HTMX


def test_home_is_a_full_page_with_every_event_grouped_by_era(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    listing = html.split('class="view-switch"')[1]  # after the overview and its zoom links
    assert listing.index("Early days") < listing.index("Summit at the") < listing.index("Later on")
    assert "5 events, oldest first." in html
    assert '<time datetime="2023-10">October 2023</time>' in html
    assert "19–20 June 2024" in html  # a range at day precision
    assert 'href="/events/treaty-signed"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_request_gets_only_the_results_fragment(client):
    response = client.get("/?category=troops", headers=HTMX)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and '<nav aria-label="Main"' not in html
    assert "2 of 5 events match." in html
    assert "Pyongyang confirms" in html and "Vostochny" not in html


@pytest.mark.parametrize("header", ["HX-Boosted", "HX-History-Restore-Request"])
def test_boosted_and_history_restore_requests_get_the_full_page(client, header):
    response = client.get("/?year=2024", headers={**HTMX, header: "true"})
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert 'selected value="2024"' in html or 'value="2024" selected' in html
    assert header in response.headers["Vary"]  # no cache may hand this request the fragment


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("year=2023", ["Vostochny", "Containers"], ["Partnership treaty"]),
        ("category=diplomacy", ["Vostochny", "Partnership treaty"], ["Containers"]),
        ("q=kursk", ["Pyongyang confirms"], ["Vostochny"]),
        ("q=PUTIN+pyongyang", ["Partnership treaty"], ["Vostochny", "Pyongyang confirms"]),
        ("q=soyuz", [], ["Vostochny", "Partnership"]),  # facts: hooks are not searched
        ("category=troops&year=2024", ["Spy agency"], ["Pyongyang confirms"]),
    ],
)
def test_filters_and_search(client, query, shown, hidden):
    html = client.get(f"/?{query}").get_data(as_text=True)
    for title in shown:
        assert title in html
    for title in hidden:
        assert title not in html.split('id="results"')[1]


def test_no_match_says_so_and_offers_the_whole_timeline(client):
    html = client.get("/?q=zzzz", headers=HTMX).get_data(as_text=True)
    assert "0 of 5 events match." in html
    assert "No event matches these filters." in html


@pytest.mark.parametrize(
    "query",
    [
        "category=nope",
        "year=1999",
        "year=abc",
        "q=" + "x" * 101,
        "zoom=1999",
        "zoom=x",
        "view=huge",
    ],
)
def test_bad_filter_values_are_a_friendly_400(client, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "Those filters are not valid" in response.get_data(as_text=True)


def test_time_axis_links_busy_months_to_their_first_event(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="#ev-vostochny-summit" title="September 2023: 1 event"' in html
    assert html.count('class="bar level-0"') == 3 * 12 - 5


def test_event_page_shows_body_sources_neighbours_and_related(client):
    response = client.get("/events/treaty-signed")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Partnership treaty signed in Pyongyang</h1>" in html
    assert (
        'href="https://example.org/treaty" rel="noopener noreferrer" hreflang="en">Treaty' in html
    )
    assert 'Before</span> <a href="/events/shells-shipped"' in html
    assert 'After</span> <a href="/events/troops-estimated"' in html
    related = html.split("Related events")[1]
    assert "/events/vostochny-summit" in related  # shares both leaders


def test_event_body_html_is_escaped(client):
    html = client.get("/events/vostochny-summit").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_unknown_event_is_a_friendly_404(client):
    response = client.get("/events/does-not-exist")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.get_data(as_text=True)


def test_timeline_json_follows_timelinejs3(client):
    data = client.get("/timeline.json").get_json()
    assert data["title"]["text"]["headline"] == "Test timeline"
    first = data["events"][0]
    assert first["unique_id"] == "vostochny-summit"
    assert first["start_date"] == {"year": 2023, "month": 9, "day": 13}
    assert first["group"] == "Diplomacy"
    assert first["sources"][0]["url"] == "https://example.org/vostochny"
    month_only = data["events"][1]
    assert month_only["start_date"] == {"year": 2023, "month": 10}
    treaty = data["events"][2]
    assert treaty["end_date"] == {"year": 2024, "month": 6, "day": 20}
    assert [era["text"]["headline"] for era in data["eras"]] == ["Early days", "Later on"]


def test_pages_have_no_inline_scripts_or_styles(client):
    for url in ["/", "/events/treaty-signed", "/events/nope"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_timeline_is_cached_per_version_and_revalidated_with_an_etag(client):
    first = client.get("/?category=troops")
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert "Set-Cookie" not in first.headers  # the same bytes for everyone
    again = client.get("/?category=troops", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    fragment = client.get("/?category=troops", headers=HTMX)
    assert fragment.headers["ETag"] != etag  # the fragment is cached on its own
    assert client.get("/events/treaty-signed", headers={"If-None-Match": etag}).status_code == 200


def test_cached_pages_are_served_compressed_to_browsers_that_accept_gzip(client):
    import gzip

    plain = client.get("/")  # rendered by Flask, then kept
    packed = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(
        "/", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304


FR = {"Accept-Language": "fr"}


@pytest.mark.parametrize(
    ("query", "headers", "found"),
    [
        ("Kim+Jong-un", {}, "Summit at the Vostochny"),  # the French spelling, in English
        ("kim+jong+un", {}, "Summit at the Vostochny"),
        ("jongun", {}, "Summit at the Vostochny"),
        ("Kim+Jong+Un", FR, "Sommet au cosmodrome Vostotchny"),  # the English one, in French
        ("JONG-UN", FR, "Sommet au cosmodrome Vostotchny"),
        ("Poutine", {}, "Summit at the Vostochny"),  # a French name on the English site
        ("Seoul", FR, "Le renseignement estime"),  # Séoul without its accent
        ("seoul", {}, "Spy agency estimates"),
    ],
)
def test_search_matches_spellings_hyphens_and_accents_in_both_languages(
    client, query, headers, found
):
    html = client.get(f"/?q={query}", headers=headers).get_data(as_text=True)
    assert found in html.split('id="results"')[1], query


def overview_of(html: str) -> str:
    return html.split('<section class="overview"')[1].split("</section>")[0]


def test_overview_has_a_focusable_mark_per_event_linking_to_its_entry(client):
    html = client.get("/").get_data(as_text=True)
    drawn = overview_of(html)
    assert 'role="group" aria-labelledby="overview-heading"' in drawn
    # the <title> is the link's accessible name (and a tooltip), said once
    marks = re.findall(r'<a class="mark" href="#ev-([a-z0-9-]+)"><title>([^<]+)</title>', drawn)
    assert len(marks) == 5
    assert ("vostochny-summit", "13 September 2023: Summit at the Vostochny Cosmodrome") in marks
    assert ("treaty-signed", "19–20 June 2024: Partnership treaty signed in Pyongyang") in marks
    for event_id, _name in marks:
        assert f'id="ev-{event_id}"' in html  # the entry the mark jumps to


def test_overview_labels_eras_threads_months_and_years(client):
    drawn = overview_of(client.get("/").get_data(as_text=True))
    assert '<tspan x="12.0" y="16">Early days</tspan>' in drawn
    assert ">Later on</tspan>" in drawn
    assert 'class="lane-label" aria-hidden="true" x="8"' in drawn and ">Diplomacy</text>" in drawn
    assert ">Jan</text>" in drawn and ">Apr</text>" in drawn and ">Oct</text>" in drawn
    for year in (2023, 2024, 2025):
        assert f">{year}</text>" in drawn


def test_overview_has_a_text_equivalent(client):
    drawn = overview_of(client.get("/").get_data(as_text=True))
    assert "<summary>The overview as text</summary>" in drawn
    assert "<caption>5 events shown, by thread and era</caption>" in drawn
    row = re.search(r'<th scope="row">Troops</th>(.*?)</tr>', drawn).group(1)
    assert row == "<td>0</td><td>2</td><td>2</td>"  # none early, two later, two in all


@pytest.mark.parametrize(
    ("zoom", "shown", "hidden", "month"),
    [
        ("2023", ["vostochny-summit", "shells-shipped"], ["treaty-signed"], ">September</text>"),
        ("later", ["treaty-signed", "troops-estimated"], ["vostochny-summit"], ">Jun</text>"),
    ],
)
def test_zoom_to_a_year_or_an_era_shows_only_its_events_with_every_month(
    client, zoom, shown, hidden, month
):
    html = client.get(f"/?zoom={zoom}").get_data(as_text=True)
    drawn = overview_of(html)
    assert month in drawn
    for event_id in shown:
        assert f'href="#ev-{event_id}"' in drawn and f'id="ev-{event_id}"' in html
    for event_id in hidden:
        assert event_id not in html
    link = f'id="zoom-{zoom}" class="pill" href="/?zoom={zoom}" hx-get="/?zoom={zoom}"'
    assert link + ' aria-current="true"' in html
    assert f'<input id="zoom" name="zoom" type="hidden" value="{zoom}">' in html  # the form's


def test_zoom_links_keep_the_filters_and_swap_by_htmx(client):
    html = client.get("/?category=troops&zoom=later").get_data(as_text=True)
    assert 'href="/?category=troops&amp;zoom=2024" hx-get="/?category=troops&amp;zoom=2024"' in html
    assert 'id="zoom-all" class="pill" href="/?category=troops"' in html
    assert 'hx-target="#results" hx-swap="outerHTML" hx-push-url="true"' in html
    fragment = client.get("/?zoom=2023", headers=HTMX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="results"')
    assert "<html" not in fragment and '<section class="overview"' in fragment
    assert '<span id="filter-state" hx-swap-oob="true"><input id="zoom"' in fragment
    assert 'id="filter-state" hx-swap-oob' not in client.get("/?zoom=2023").get_data(as_text=True)


def test_the_list_is_compact_by_month_with_details_a_tap_away(client):
    html = client.get("/").get_data(as_text=True)
    assert '<h3 class="month-heading">September 2023</h3>' in html
    row = html.split('<li class="row cat-diplomacy" id="ev-vostochny-summit">')[1].split("</li>")[0]
    assert '<summary><time datetime="2023-09-13">13</time>' in row
    assert "Summit at the Vostochny Cosmodrome</span></summary>" in row
    assert 'href="/events/vostochny-summit">The whole story and its source</a>' in row
    assert 'class="card ' not in html
    full = 'id="view-full" class="pill" href="/?view=full" hx-get="/?view=full">Full details'
    assert full in html


def test_full_details_are_a_link_away_and_keep_the_zoom(client):
    html = client.get("/?view=full&zoom=2024").get_data(as_text=True)
    assert '<li class="card cat-diplomacy" id="ev-treaty-signed">' in html
    assert 'class="row ' not in html
    assert 'id="view-compact" class="pill" href="/?zoom=2024" hx-get="/?zoom=2024">' in html
    assert 'href="/?zoom=2025&amp;view=full"' in html  # zooming keeps the view
    fragment = client.get("/?view=full", headers=HTMX).get_data(as_text=True)
    assert '<li class="card cat-' in fragment


def test_month_bars_carry_visible_month_initials(client):
    html = client.get("/").get_data(as_text=True)
    axis = html.split('<nav class="axis"')[1].split("</nav>")[0]
    assert axis.count('<span class="month-initial" aria-hidden="true">') == 3 * 12
    assert '<span class="month-initial" aria-hidden="true">S</span>' in axis


def test_overview_and_compact_list_in_french(client):
    html = client.get("/?zoom=2024", headers=FR).get_data(as_text=True)
    drawn = overview_of(html)
    assert ">janvier</text>" in drawn
    assert "L’aperçu en texte" in drawn
    assert '<h3 class="month-heading">juin 2024</h3>' in html
    assert "Détails complets" in html


def test_the_timeline_with_its_css_and_js_stays_under_60_kb_compressed(make_app, shipped_content):
    """What benchmarks/page_weight.py counts (gzip level 6, each file on its own), on the
    shipped content with the overview: the budget of issue 15."""
    import gzip

    from benchmarks.page_weight import FILES, GZIP_LEVEL, TARGET_BYTES

    client = make_app(CONTENT_DIR=str(shipped_content)).test_client()
    if client.get("/static/vendor/htmx.min.js").status_code != 200:
        pytest.skip("htmx is fetched by `make`; without it there is nothing to weigh")
    sizes = {path: len(gzip.compress(client.get(path).data, GZIP_LEVEL, mtime=0)) for path in FILES}
    assert sum(sizes.values()) < TARGET_BYTES, sizes
    assert client.get("/").get_data(as_text=True).count('<a class="mark"') == 70
