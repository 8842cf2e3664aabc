"""The images of events, served from the content in service (a snapshot's too)."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, request

from ..content.media import inspect
from ..store import current_content

bp = Blueprint("media", __name__)


@bp.get("/media/<filename>")
def file(filename: str):
    content = current_content()
    raw = (content.source or content).files.get(f"media/{filename}")
    if raw is None:
        abort(404)
    response = make_response(raw)
    response.mimetype = inspect(filename, raw).mime  # checked when the content loaded
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.set_etag(f"{content.version}-{filename}")
    return response.make_conditional(request)
