"""Content → TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html)."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import escape

from ..content import Content, Event, PartialDate
from ..content.dates import format_span


def _date(date: PartialDate) -> dict:
    parts = {"year": date.year, "month": date.month, "day": date.day}
    return {key: value for key, value in parts.items() if value}


def _sources_html(event: Event) -> str:
    items = "".join(
        f'<li><a href="{escape(s.url)}">{escape(s.title)}</a> ({escape(s.publisher)})</li>'
        for s in event.sources
    )
    return f"<ul class='sources'>{items}</ul>"


def _media(event: Event, media_url: Callable[[str], str]) -> dict:
    """The first image, as TimelineJS shows one per slide (its caption and credit are HTML)."""
    if not event.media:
        return {}
    item = event.media[0]
    credit = f"{escape(item.credit)}, {escape(item.licence)}"
    return {
        "media": {
            "url": media_url(item.file),
            "alt": item.alt,
            "caption": str(escape(item.caption)),
            "credit": credit,
        }
    }


def export(
    content: Content, event_url: Callable[[Event], str], media_url: Callable[[str], str]
) -> dict:
    """TimelineJS renders headlines and texts as HTML, so every plain-text field is escaped."""
    labels = {key: str(escape(label)) for key, label in content.categories.items()}
    return {
        "title": {
            "text": {
                "headline": str(escape(content.site.title)),
                "text": str(escape(content.site.subtitle)),
            }
        },
        "events": [
            {
                "unique_id": event.id,
                "start_date": _date(event.date),
                **({"end_date": _date(event.end)} if event.end else {}),
                "text": {
                    "headline": str(escape(event.title)),
                    "text": event.body_html + _sources_html(event),
                },
                "group": labels.get(event.category, event.category),
                "display_date": format_span(event.date, event.end, content.language),
                "url": event_url(event),
                "sources": [source.model_dump(mode="json") for source in event.sources],
                **_media(event, media_url),
            }
            for event in content.events
        ],
        "eras": [
            {
                "start_date": _date(era.start),
                "end_date": _date(era.end),
                "text": {"headline": str(escape(era.label))},
            }
            for era in content.site.eras
        ],
    }
