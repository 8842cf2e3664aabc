"""Pages other sites may frame (a Moodle course, a Google Site): the timeline and one event,
with no site chrome; every link opens the full site in a new tab. Only these responses carry
`frame-ancestors 'self'` plus the origins of QUIZ_EMBED_ORIGINS (quiz.security)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..caching import cached_page
from ..security import embeddable
from ..store import current_content, current_event

bp = Blueprint("embed", __name__, url_prefix="/embed")


@bp.get("")
@cached_page
@embeddable
def timeline():
    return render_template("embed/timeline.html", content=current_content())


@bp.get("/events/<event_id>")
@cached_page
@embeddable
def event(event_id: str):
    return render_template(
        "embed/event.html", event=current_event(event_id), content=current_content()
    )
