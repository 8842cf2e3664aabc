"""Pages other sites may frame (a Moodle course, a Google Site): the timeline and one event,
with no site chrome; every link opens the full site in a new tab. Only these responses carry
`frame-ancestors 'self'` plus the origins of QUIZ_EMBED_ORIGINS (quiz.security)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..caching import cached_page
from ..content.timeline import group_by_era_and_year
from ..security import embeddable
from ..store import current_content

bp = Blueprint("embed", __name__, url_prefix="/embed")


@bp.get("")
@cached_page
@embeddable
def timeline():
    content = current_content()
    events = list(content.events)
    return render_template(
        "embed/timeline.html", groups=group_by_era_and_year(content, events), content=content
    )


@bp.get("/events/<event_id>")
@cached_page
@embeddable
def event(event_id: str):
    content = current_content()
    found = content.events_by_id.get(event_id)
    if found is None:
        abort(404)
    return render_template("embed/event.html", event=found, content=content)
