"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from flask import Flask

from .content.dates import format_span
from .store import current_content


def format_number(value: float) -> str:
    """`11000` → `11,000`; keeps decimals only where the figure has them."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def init_app(app: Flask) -> None:
    app.add_template_filter(format_span, "span")
    app.add_template_filter(format_number, "number")
    app.add_template_global(zip)
    app.add_template_filter(
        lambda event_id: current_content().events_by_id.get(event_id), "event_or_none"
    )

    @app.context_processor
    def site_globals() -> dict:
        return {"site_title": current_content().site.title}
