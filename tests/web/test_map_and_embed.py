"""The map of places, the locator map and images on event pages, the /embed pages and their
framing headers, and timeline.json for other sites."""

from __future__ import annotations

import gzip
import re

import pytest

ALLOWED = "https://moodle.school.example"


def test_map_page_lists_each_place_with_links_to_its_events(client):
    response = client.get("/map")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg class="map-svg" viewBox="0 0 960 ' in html
    assert 'class="land russia"' in html and 'class="land north-korea"' in html
    section = html.split('id="place-pyongyang"')[1].split("</section>")[0]
    assert "Pyongyang" in section and "(1 event)" in section
    assert 'href="/events/treaty-signed"' in section
    assert 'href="#place-pyongyang" aria-label="Pyongyang: 1 event"' in html  # its mark
    assert 'href="#place-kursk-region"' in html
    assert "style=" not in html and "<script>" not in html
    assert "ETag" in response.headers  # the same page for everyone, per content version


def test_a_venue_is_marked_at_its_own_coordinates_and_listed_with_its_events(client):
    html = client.get("/map").get_data(as_text=True)
    assert 'id="place-vostochny-cosmodrome"' in html
    assert 'href="/events/vostochny-summit"' in html.split('id="place-vostochny-cosmodrome"')[1]


def test_the_map_page_is_in_french_too(client):
    html = client.get("/map", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Carte des lieux" in html and "cosmodrome Vostotchny" in html


def test_event_page_has_a_locator_map_and_its_image(client):
    html = client.get("/events/treaty-signed").get_data(as_text=True)
    locator = html.split('<figure class="locator">')[1].split("</figure>")[0]
    assert 'role="img" aria-label="Locator map: Pyongyang' in locator
    assert locator.count('class="mark"') == 1
    assert 'href="/map#place-pyongyang"' in locator
    assert (
        '<img src="/media/two-capitals.svg" alt="Two red dots joined by a blue line, standing '
        'for the two capitals" width="240" height="120" loading="lazy" decoding="async">'
    ) in html
    assert "A test diagram &lt;of&gt; the treaty" in html
    assert "Credit: Project contributors, CC BY 4.0" in html


def test_an_event_without_a_place_on_the_map_has_no_locator(make_app, content_dir):
    path = content_dir / "events" / "2024-10-18-troops-estimated.md"
    path.write_text(path.read_text().replace("place: seoul\n", ""))
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()
    html = client.get("/events/troops-estimated").get_data(as_text=True)
    assert 'class="locator"' not in html
    assert "not on this map" not in client.get("/map").get_data(as_text=True)


def test_images_are_served_from_the_content_with_their_type(client):
    response = client.get("/media/two-capitals.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert client.get("/media/nope.png").status_code == 404
    assert client.get("/media/..%2Fsite.yaml").status_code == 404


def test_missing_outlines_give_a_clear_message_not_a_traceback(make_app, caplog):
    client = make_app(WORLD_ATLAS="/nonexistent/countries-50m.json").test_client()
    response = client.get("/map")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "its country outlines are not installed" in html
    assert 'id="place-pyongyang"' in html  # the list still works
    assert 'class="locator"' not in client.get("/events/treaty-signed").get_data(as_text=True)
    assert any("make run" in r.getMessage() for r in caplog.records)


# -- embedding ---------------------------------------------------------------------------------
@pytest.fixture
def embedding(make_app):
    return make_app(EMBED_ORIGINS=f"{ALLOWED} https://*.google.example").test_client()


@pytest.mark.parametrize("path", ["/embed", "/embed/events/treaty-signed"])
def test_embed_pages_may_be_framed_by_the_configured_origins(embedding, path):
    response = embedding.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert response.status_code == 200
    assert f"frame-ancestors 'self' {ALLOWED} https://*.google.example" in csp
    assert "X-Frame-Options" not in response.headers
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(
    "path", ["/", "/map", "/events/treaty-signed", "/quizzes", "/timeline.json"]
)
def test_every_other_page_still_refuses_to_be_framed(embedding, path):
    response = embedding.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and ALLOWED not in csp
    assert response.headers["X-Frame-Options"] == "DENY"


def test_without_configured_origins_embed_pages_are_framed_only_by_the_site_itself(client):
    csp = client.get("/embed").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self';" in csp + ";"


def test_embed_pages_have_no_chrome_and_open_links_in_a_new_tab(embedding):
    html = embedding.get("/embed").get_data(as_text=True)
    assert "site-header" not in html and "<script" not in html
    links = re.findall(r"<a [^>]*>", html)
    assert links and all('target="_blank"' in a and "noopener" in a for a in links)
    event = embedding.get("/embed/events/treaty-signed").get_data(as_text=True)
    assert 'href="/events/treaty-signed" target="_blank" rel="noopener"' in event
    assert 'src="/media/two-capitals.svg"' in event
    assert all('target="_blank"' in a for a in re.findall(r"<a [^>]*>", event))
    assert embedding.get("/embed/events/nope").status_code == 404


@pytest.mark.parametrize(
    "origins",
    ["moodle.school.example", "https://moodle.school.example/", "https://x.org/course", "*"],
)
def test_a_bad_origin_is_a_clear_error_at_start_up(make_app, capsys, origins):
    with pytest.raises(SystemExit):
        make_app(EMBED_ORIGINS=origins)
    assert "QUIZ_EMBED_ORIGINS" in capsys.readouterr().err


# -- timeline.json -------------------------------------------------------------------------------
def test_timeline_json_has_absolute_urls_media_and_is_readable_by_any_site(client):
    response = client.get("/timeline.json", base_url="https://quiz.school.example")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    events = {e["unique_id"]: e for e in response.get_json()["events"]}
    assert events["treaty-signed"]["url"] == "https://quiz.school.example/events/treaty-signed"
    assert events["treaty-signed"]["media"] == {
        "url": "https://quiz.school.example/media/two-capitals.svg",
        "alt": "Two red dots joined by a blue line, standing for the two capitals",
        "caption": "A test diagram &lt;of&gt; the treaty",
        "credit": "Project contributors, CC BY 4.0",
    }
    assert "media" not in events["vostochny-summit"]


def test_timeline_json_addresses_follow_the_host_even_when_cached(client):
    first = client.get("/timeline.json", base_url="http://one.example").get_json()
    second = client.get("/timeline.json", base_url="http://two.example").get_json()
    assert first["events"][0]["url"].startswith("http://one.example/")
    assert second["events"][0]["url"].startswith("http://two.example/")


def test_timeline_json_in_french_has_the_french_alt_text(client):
    data = client.get("/timeline.json", headers={"Accept-Language": "fr"}).get_json()
    media = next(e["media"] for e in data["events"] if e["unique_id"] == "treaty-signed")
    assert media["alt"].startswith("Deux points rouges")


def test_the_footer_names_the_json_for_teachers(client):
    html = client.get("/").get_data(as_text=True)
    assert ">Timeline data for teachers: TimelineJS (JSON)</a>" in html
    assert 'href="/map"' in html


def test_the_shipped_map_page_weighs_under_150_kb_compressed(make_app, shipped_content):
    """What benchmarks/page_weight.py counts: the page and the files it loads, each gzipped."""
    client = make_app(CONTENT_DIR=str(shipped_content)).test_client()
    html = client.get("/map").data
    linked = set(re.findall(r'(?:src|href)="(/static/[^"?]+\.(?:css|js))"', html.decode()))
    assert "/static/vendor/htmx.min.js" in linked
    total = len(gzip.compress(html, 6, mtime=0)) + sum(
        len(gzip.compress(client.get(path).data, 6, mtime=0)) for path in linked
    )
    assert total < 150_000, total
    assert html.count(b'class="mark"') >= 15  # Pyongyang, Vladivostok, Khasan, Kursk…
    washington = html.split(b'id="place-washington"')[1].split(b"</h3>")[0]
    assert b"not on this map" in washington  # listed, beyond the drawn region
