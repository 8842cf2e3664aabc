"""The map of places: country outlines drawn on the server, each place's events beside them."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, make_response, render_template

from ..caching import cached_page
from ..content import Event
from ..content.gazetteer import places_with_events
from ..geometry import AtlasMissing
from ..mapview import MapView, locator_map, on_map, world_map
from ..store import current_content

bp = Blueprint("places", __name__)


def _atlas() -> Path:
    return Path(current_app.config["WORLD_ATLAS"])


def _missing(error: AtlasMissing) -> None:
    current_app.logger.error("The map cannot be drawn: %s", error)


@bp.get("/map")
@cached_page
def index():
    content = current_content()
    try:
        view, places = world_map(content, _atlas())
    except AtlasMissing as error:
        _missing(error)
        view, places = None, places_with_events(content)
    return make_response(
        render_template(
            "places/map.html",
            view=view,
            places=places,
            on_map=lambda place: view is not None and on_map(view, place),
            content=content,
        )
    )


@bp.app_template_global()
def event_locator(event: Event) -> MapView | None:
    """The small map on an event's page (None when no place of it can be marked)."""
    try:
        return locator_map(current_content(), event, _atlas())
    except AtlasMissing as error:
        _missing(error)
        return None
