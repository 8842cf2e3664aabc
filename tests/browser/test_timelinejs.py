"""Knight Lab's TimelineJS renders the whole of /timeline.json (issue 15's budget): its pinned
script and stylesheet (fetched by `make test` into tests/browser/vendor/, never committed) run
in a page of another origin on loopback, which reads the export from the live app the way
another site would (cross-origin, by its absolute address), and every event gets a slide.

Nothing leaves the machine: the page asks TimelineJS for no web font or theme from its CDN, and
any request off loopback is refused and counted, so the test fails if one is attempted."""

from __future__ import annotations

import html
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
VERSION = re.search(r"^TIMELINEJS_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)[1]
VENDOR = ROOT / "tests" / "browser" / "vendor" / f"timelinejs-{VERSION}"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site's timeline</title>
<link rel="stylesheet" href="/css/timeline.css"></head>
<body><div id="timeline-embed" style="width: 1000px; height: 650px"></div>
<script src="/js/timeline.js"></script>
<script>
  window.timelineReady = false;
  window.timeline = new TL.Timeline("timeline-embed", "%(data)s", {
    font: null, theme: null, language: "en", script_path: location.origin + "/js/"
  });
  window.timeline.on("ready", () => { window.timelineReady = true; });
</script></body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(tmp_path, base_url):
    """TimelineJS's files and a page that loads the app's export, served on a port of its own."""
    if not (VENDOR / "js" / "timeline.js").exists():
        pytest.fail(f"TimelineJS {VERSION} is missing: run `make {VENDOR}/js/timeline.js`")
    for folder in ("js", "css"):
        (tmp_path / folder).symlink_to(VENDOR / folder)
    (tmp_path / "index.html").write_text(PAGE % {"data": base_url + "/timeline.json"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_timelinejs_renders_a_slide_for_every_event_in_the_export(page, base_url, other_site):
    export = page.request.get(base_url + "/timeline.json").json()
    events = export["events"]
    assert len(events) == 70

    refused: list[str] = []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(other_site + "/")
    page.wait_for_function("window.timelineReady === true", timeout=20_000)

    slides = page.locator("#timeline-embed .tl-slide")
    expect(slides).to_have_count(len(events) + 1)  # the title slide, then one per event
    expect(page.locator(".tl-slide-titleslide")).to_have_count(1)
    expect(page.locator("#timeline-embed .tl-timemarker")).to_have_count(len(events))
    headlines = page.locator(".tl-slide:not(.tl-slide-titleslide) .tl-headline").all_inner_texts()
    assert sorted(h.strip() for h in headlines) == sorted(
        html.unescape(re.sub(r"<[^>]+>", "", e["text"]["headline"])).strip() for e in events
    )
    # TimelineJS shows a load or data error in its message box (and keeps it) instead of slides
    for message in page.locator(".tl-message, .tl-message-full").all():
        assert not message.is_visible(), message.inner_text()
        assert "error" not in message.text_content().lower()
    assert refused == [], f"TimelineJS tried to reach outside the machine: {refused}"
