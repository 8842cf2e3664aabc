"""Jinja filters and globals shared by every template."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import flask_babel
from babel.dates import format_datetime
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_format_percent
from flask import Flask
from markupsafe import Markup, escape

from .content.dates import PartialDate, format_span
from .locale import current_language
from .quizgen.phrases import quantity
from .store import current_content
from .timezones import zone_of


def format_number(value: float) -> str:
    """`11000` → `11,000` in English, `11 000` in French."""
    return format_decimal(value, locale=current_language())


def format_figure(figure) -> str:
    """`about 600`, `plus de 20 000`: a figure with its qualifier, as questions word it."""
    return quantity(figure.value, figure.qualifier, current_language())


def format_percent(value: float) -> str:
    """`47` → `47%` in English, `47 %` in French."""
    return _percent(value, current_language())


@functools.lru_cache(maxsize=1024)  # a class's scores are a few dozen distinct percentages
def _percent(value: float, language: str) -> str:
    return babel_format_percent(value / 100, locale=language)


def format_moment(value: datetime, zone: str | None = None) -> str:
    """A stored time (naive: UTC) to the minute, in the page's language and time zone: the one
    Flask-Babel's time zone selector chose (the teacher's, on their pages; see quiz.i18n)
    unless `zone` is given. A class's 3,000 attempts start within a few minutes, so each
    minute is formatted once (Babel's formatting is slow)."""
    zone = zone or str(flask_babel.get_timezone())
    utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return _moment(utc.replace(second=0, microsecond=0), current_language(), zone)


@functools.lru_cache(maxsize=4096)
def _moment(minute: datetime, language: str, zone: str) -> str:
    return format_datetime(minute, "d MMM y, HH:mm", tzinfo=ZoneInfo(zone), locale=language)


def teacher_time(value: datetime, teacher) -> str:
    """A time as the assignment's teacher reads it (their zone), on a student's page."""
    return format_moment(value, zone_of(teacher))


def format_duration(seconds: int) -> str:
    """`4 min 12 s`, once per distinct duration and language (a class's table has thousands)."""
    return _duration(seconds, current_language())


@functools.lru_cache(maxsize=4096)
def _duration(seconds: int, _language: str) -> str:
    return flask_babel.gettext("%(min)s min %(sec)s s", min=seconds // 60, sec=seconds % 60)


def mark_cells(marks) -> Markup:
    """A grid row's cells (see quiz.services.results.Mark) as one string: 3,000 rows of 10
    questions are 30,000 cells, too many to loop over in Jinja at the page's budget."""
    return Markup("".join(_cell(mark) for mark in marks))


@functools.lru_cache(maxsize=256)  # a few dozen distinct marks
def _cell(mark) -> str:
    return f'<td class="mark {escape(mark.state)}">{escape(mark.text)}</td>'


def format_date(date: PartialDate, end: PartialDate | None = None) -> str:
    """A date (or a span) at its precision, in the page's language."""
    return format_span(date, end, current_language())


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # ~20% less HTML to send
    app.add_template_filter(format_date, "span")
    app.add_template_filter(lambda value: flask_babel.format_date(value, "d MMMM y"), "day")
    app.add_template_filter(format_moment, "moment")
    app.add_template_filter(teacher_time, "teacher_time")
    app.add_template_filter(format_duration, "duration")
    app.add_template_filter(mark_cells, "cells")
    app.add_template_filter(format_percent, "percent")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_figure, "figure")
    app.add_template_global(zip)
    app.add_template_filter(
        lambda event_id: current_content().events_by_id.get(event_id), "event_or_none"
    )

    @app.context_processor
    def site_globals() -> dict:
        site = current_content().site
        return {"site_title": site.title, "site_subtitle": site.subtitle}
