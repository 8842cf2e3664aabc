"""Read-only pages rendered once per content version, then served without Flask at all.

The timeline, event pages and timeline.json are the same for everyone until the content
changes. A view marked @cached_page gets an ETag; the PageCache in front of the Flask app keeps
the finished response (headers included), compressed once, and answers the next identical
request itself, with a 304 when the browser already has it. The key holds everything the bytes
depend on: content version, path and query, what picks page or fragment, and what picks the
language."""

from __future__ import annotations

import functools
import gzip
import hashlib
import time
from collections import OrderedDict
from typing import NamedTuple

from flask import Flask

from .htmx import page_or_fragment_key
from .i18n import visitor_language

MAX_PAGES = 512
STORE = "X-Page-Cache"  # set by @cached_page, removed before the response leaves


def cached_page(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        if response.status_code == 200:
            response.set_etag(hashlib.blake2b(response.get_data(), digest_size=12).hexdigest())
            response.cache_control.no_cache = True  # revalidate: content edits show at once
            response.vary.update(("Accept-Language", "Cookie"))  # the language picks the bytes
            response.headers[STORE] = "1"
        return response

    return wrapper


class PageCache:
    """WSGI middleware: serve stored pages, store the ones @cached_page marks."""

    def __init__(self, app: Flask):
        self.app = app
        self.inner = app.wsgi_app
        self.pages: OrderedDict[tuple, Page] = OrderedDict()

    def key(self, environ) -> tuple | None:
        state = self.app.extensions["quiz.content"]
        if time.monotonic() - state.checked_at >= self.app.config["CONTENT_CHECK_SECONDS"]:
            return None  # due for a look at the files: let Flask check them first
        return (
            state.content.version,
            environ.get("wsgi.url_scheme"),
            environ.get("HTTP_HOST", ""),  # timeline.json's addresses are absolute
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            *page_or_fragment_key(environ),
            visitor_language(environ, self.app.config["LANGUAGES"]),  # the rule the app uses
        )

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        key = self.key(environ) if method in ("GET", "HEAD") else None
        if key is not None and (hit := self.pages.get(key)):
            self.pages.move_to_end(key)
            return self.serve(hit, environ, start_response)
        captured: list = []
        result = self.inner(environ, lambda s, h, e=None: captured.extend((s, h)))
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # ends Flask's request context (and returns the DB connection)
        status, headers = captured
        marked = any(name == STORE for name, _ in headers)
        headers = [(name, value) for name, value in headers if name != STORE]
        storable = method == "GET" and key is not None and marked  # a HEAD has no body to keep
        if storable and not any(n.lower() == "set-cookie" for n, _ in headers):
            self.pages[key] = Page.of(status, headers, body)
            while len(self.pages) > MAX_PAGES:
                self.pages.popitem(last=False)
        start_response(status, headers)
        return [body] if method != "HEAD" else [b""]

    @staticmethod
    def serve(page: Page, environ, start_response):
        zipped = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        headers, body, etag = page.gzipped if zipped else page.plain
        if environ.get("HTTP_IF_NONE_MATCH") in (etag, f"W/{etag}"):
            kept = [(n, v) for n, v in headers if n in ("ETag", "Cache-Control", "Vary")]
            start_response("304 NOT MODIFIED", kept)
            return [b""]
        start_response(page.status, headers)
        return [body] if environ["REQUEST_METHOD"] != "HEAD" else [b""]


class Page(NamedTuple):
    """A stored response, plain and gzip-compressed (each with its own headers and ETag)."""

    status: str
    plain: tuple[list, bytes, str]
    gzipped: tuple[list, bytes, str]

    @classmethod
    def of(cls, status: str, headers: list, body: bytes) -> Page:
        etag = next(value for name, value in headers if name == "ETag")
        vary = [(n, v + ", Accept-Encoding" if n == "Vary" else v) for n, v in headers]
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        zipped_etag = etag[:-1] + '-gz"'
        zipped = [
            (n, str(len(packed)) if n == "Content-Length" else zipped_etag if n == "ETag" else v)
            for n, v in vary
        ] + [("Content-Encoding", "gzip")]
        return cls(status, (vary, body, etag), (zipped, packed, zipped_etag))
