"""A live server on loopback and Debian's chromium driven by Playwright.

Screenshots of failed browser tests go to test-artifacts/screenshots/ (printed at the end)."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from quiz import create_app
from quiz.extensions import db

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEACHER_PASSWORD = "browser-test-password"


@pytest.fixture(scope="session", autouse=True)
def fresh_screenshots():
    """Only this run's failures end up in the folder."""
    shutil.rmtree(SHOTS, ignore_errors=True)


class _FramingPage(BaseHTTPRequestHandler):
    """Another site's page (a Moodle course, say): /frame?src=<url> puts <url> in an iframe."""

    def do_GET(self):
        src = parse_qs(urlsplit(self.path).query).get("src", [""])[0].replace('"', "")
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course</title>'
            f'</head><body><h1>A course</h1><iframe src="{src}" title="Timeline" width="800" '
            'height="600"></iframe></body></html>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def framing_sites():
    """Two other origins on loopback: the app lets the first frame its /embed pages, not the
    second (they differ by port, which makes them different origins)."""
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _FramingPage) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://127.0.0.1:{server.server_port}" for server in servers)
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, shipped_content, framing_sites):
    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "SECRET_KEY": "browser-tests",
            "CONTENT_DIR": str(shipped_content),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite'}",
            "EMBED_ORIGINS": framing_sites[0],  # the second is refused
        }
    )
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(
        args=["teacher", "create", "teacher@school.org"], input=TEACHER_PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def is_script_error(message) -> bool:
    """Console errors from our scripts; a 4xx page we asked for is logged too, and is fine."""
    expected = ("Failed to load resource", "Response Status Error Code")
    return message.type == "error" and not message.text.startswith(expected)


def _page(browser, request, **options):
    context = browser.new_context(**{"viewport": {"width": 1200, "height": 900}, **options})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if is_script_error(msg) else None)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if report is not None and report.passed:
        assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def page(browser, request):
    yield from _page(browser, request)


@pytest.fixture
def page_without_js(browser, request):
    yield from _page(browser, request, java_script_enabled=False)


@pytest.fixture
def new_page(browser, request):
    """Another browser (its own cookies): a second student, or the teacher."""
    contexts = []

    def make(**options):
        context = browser.new_context(**{"viewport": {"width": 1200, "height": 900}, **options})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_terminal_summary(terminalreporter):
    if SHOTS.exists() and any(SHOTS.iterdir()):
        terminalreporter.write_line(f"Screenshots of failed browser tests: {SHOTS}")


def log_in_as_teacher(page, base_url: str) -> None:
    page.goto(base_url + "/teacher/login")
    page.get_by_label("Email").fill("teacher@school.org")
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
