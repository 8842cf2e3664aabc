"""Live phones' polls that find nothing changed, answered before Flask.

Every phone of a live class asks each second whether its page changed, with the ETag of what it
shows; nearly always nothing did. Through Flask such a poll costs about a millisecond (the
session cookie, the rate limiter, the contexts and teardown) around a 0.1 ms query; here it is
the query alone and a bodiless 304. Anything else (a page that changed, a timer due to settle,
no such attempt, no ETag) goes on to Flask, which checks that the attempt is the browser's own
and renders it. A 304 tells only "unchanged" to a client that already holds the ETag, which only
the attempt's owner was ever sent."""

from __future__ import annotations

import re

from flask import Flask
from werkzeug.http import parse_etags

from . import models
from .extensions import db
from .services.live import unchanged_phone_etag

PHONE = re.compile(r"^/live/([A-Za-z0-9_-]{1,32})$")


class LivePolls:
    def __init__(self, app: Flask, inner):
        self.app = app
        self.inner = inner

    def __call__(self, environ, start_response):
        tags = environ.get("HTTP_IF_NONE_MATCH")
        found = PHONE.match(environ.get("PATH_INFO", "")) if tags else None
        if found is None or environ.get("REQUEST_METHOD") != "GET":
            return self.inner(environ, start_response)
        with self.app.app_context(), db.engine.connect() as connection:
            etag = unchanged_phone_etag(connection, found[1], models.utcnow())
        if etag is None or not parse_etags(tags).contains(etag):
            return self.inner(environ, start_response)
        start_response(
            "304 NOT MODIFIED",
            [("ETag", f'"{etag}"'), ("Cache-Control", "no-cache, private"), ("Vary", "Cookie")],
        )
        return [b""]
