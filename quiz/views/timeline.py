"""The timeline: the list with its filters, one page per event, and a TimelineJS export."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _

from ..caching import cached_page
from ..content.overview import in_window, overview, window_for, windows
from ..content.timeline import (
    Filters,
    filter_events,
    group_by_era_and_year,
    month_axis,
    neighbours,
    related,
    years,
)
from ..errors import render_error
from ..forms import TimelineFilterForm
from ..htmx import render_page_or_fragment
from ..store import current_content, current_event, has_own_quiz
from . import timelinejs

bp = Blueprint("timeline", __name__)


@bp.get("/")
@cached_page
def index():
    """The whole timeline, or the part the filters and the zoom select (a fragment for htmx
    requests): the overview above the list, the list compact by month or in full."""
    content = current_content()
    all_years = years(content)
    zooms = windows(content)
    form = TimelineFilterForm(
        content.categories, all_years, [w.zoom for w in zooms], formdata=request.args
    )
    if not form.validate():
        return render_error(
            400, _("Those filters are not valid: %(reason)s", reason=_first_error(form))
        )
    year = (form.year.data or "").strip()  # blank passes Optional(): " " means all years
    filters = Filters(form.category.data or "", int(year) if year else None, form.q.data or "")
    state = {
        "category": filters.category,
        "year": year,
        "q": filters.text,
        "zoom": form.zoom.data,
        "view": form.view.data,
    }
    window = window_for(content, form.zoom.data) if zooms else None
    events = filter_events(content, filters)
    if window is not None:
        events = in_window(events, window)
    return render_page_or_fragment(
        "timeline/index.html",
        "timeline/_results.html",
        form=form,
        filters=filters,
        zoomed=bool(form.zoom.data),
        full=form.view.data == "full",
        events=events,
        groups=group_by_era_and_year(content, events),
        axis=month_axis(events, window.start.year, window.end.year, content.language)
        if window
        else [],
        overview=overview(content, events, window) if window and events else None,
        zooms=zooms,
        url_with=lambda **changes: _url_with(state, changes),
        content=content,
    )


def _url_with(state: dict[str, str], changes: dict[str, str]) -> str:
    """The timeline's address with the current filters, zoom and view, some of them changed
    (an empty value drops the parameter, so links stay short and cache well)."""
    merged = {**state, **changes}
    return url_for(".index", **{name: value for name, value in merged.items() if value})


@bp.get("/events/<event_id>")
@cached_page
def event(event_id: str):
    content, found = current_content(), current_event(event_id)
    previous, following = neighbours(content, found)
    return render_page_or_fragment(
        "timeline/event.html",
        "timeline/_event.html",
        event=found,
        previous=previous,
        following=following,
        related=related(content, found),
        own_quiz=has_own_quiz(found.id),
        content=content,
    )


@bp.get("/timeline.json")
@cached_page
def timeline_json():
    """The timeline in TimelineJS3's format, to embed with Knight Lab's viewer: absolute
    addresses (it is read from other sites), and readable by any site's script, since it is
    public data and no cookie or credential is involved."""
    content = current_content()
    response = jsonify(
        timelinejs.export(
            content,
            lambda e: url_for(".event", event_id=e.id, _external=True),
            lambda name: url_for("media.file", filename=name, _external=True),
        )
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _first_error(form: TimelineFilterForm) -> str:
    field, messages = next(iter(form.errors.items()))
    return f"{getattr(form, field).label.text}: {messages[0]}"
