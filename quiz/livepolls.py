"""Live phones' polls that find nothing changed, answered before Flask.

Every phone of a live class asks each second whether its page changed, with the ETag of what it
shows; nearly always nothing did. Through Flask such a poll costs about a millisecond (the
session cookie, the rate limiter, the contexts and teardown) around a 0.1 ms query; here it is
the query alone and a bodiless 304. Anything else (a page that changed, a timer due to settle,
no such attempt, no ETag, a database that failed to answer) goes on to Flask, which checks that
the attempt is the browser's own and renders it. A 304 tells only "unchanged" to a client that
already holds the ETag, which only the attempt's owner was ever sent.

The polls read through an engine of their own: autocommit, so the read is one round trip to
PostgreSQL instead of four (the pool's ping, BEGIN, the SELECT, ROLLBACK: 300 phones a second
sent 1,200 statements where 300 do), and without a ping, since a poll that fails here is
simply answered by Flask, whose pool checks a connection that lay idle (ping_when_idle)."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_etags

from . import models
from .extensions import db, tune_sqlite_engine
from .services.live import unchanged_phone_etag

PHONE = re.compile(r"^/live/([A-Za-z0-9_-]{1,32})$")


class LivePolls:
    def __init__(self, app: Flask, inner):
        self.inner = inner
        with app.app_context():  # the URL as Flask-SQLAlchemy resolved it (instance/ for SQLite)
            url = db.engine.url
        # (No connection yet: each gunicorn worker opens its own on its first poll.)
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        tune_sqlite_engine(self.engine)
        app.extensions["live_polls"] = self  # whoever disposes of the app's engine: this one too

    def __call__(self, environ, start_response):
        tags = environ.get("HTTP_IF_NONE_MATCH")
        found = PHONE.match(environ.get("PATH_INFO", "")) if tags else None
        if found is None or environ.get("REQUEST_METHOD") != "GET":
            return self.inner(environ, start_response)
        try:
            with self.engine.connect() as connection:
                etag = unchanged_phone_etag(connection, found[1], models.utcnow())
        except SQLAlchemyError:
            etag = None
        if etag is None or not parse_etags(tags).contains(etag):
            return self.inner(environ, start_response)
        start_response(
            "304 NOT MODIFIED",
            [("ETag", f'"{etag}"'), ("Cache-Control", "no-cache, private"), ("Vary", "Cookie")],
        )
        return [b""]
