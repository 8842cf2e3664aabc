"""Teachers' time zones: which names are offered, which one a teacher uses, and a due date and
time typed in that zone as the UTC moment the database keeps."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytz
from flask import current_app

END_OF_DAY = time(23, 59)  # a due date without a time: the end of that day


@functools.cache
def zone_names() -> tuple[str, ...]:
    """The zones a teacher may choose: those both zoneinfo (which reads typed times) and pytz
    (which Flask-Babel formats with) know, regions only ("Europe/Paris"), and UTC."""
    from zoneinfo import available_timezones

    both = available_timezones() & pytz.all_timezones_set
    return ("UTC", *sorted(n for n in both if "/" in n and not n.startswith("Etc/")))


def known_zone(name: object) -> str | None:
    """`name` if it is one of zone_names(), else None."""
    return name if isinstance(name, str) and name in zone_names() else None


def site_zone() -> str:
    """The configured default (QUIZ_TEACHER_TIME_ZONE), UTC if it names no zone."""
    return known_zone(current_app.config.get("TEACHER_TIME_ZONE")) or "UTC"


def zone_of(teacher: object) -> str:
    """The teacher's own zone, else the site's."""
    return known_zone(getattr(teacher, "time_zone", None)) or site_zone()


def local_to_utc(day: date, at: time | None, zone: str) -> datetime:
    """A date and time read on a clock in `zone` (the end of the day without a time) as naive
    UTC. A time skipped or repeated by a clock change is read as before the change."""
    local = datetime.combine(day, at or END_OF_DAY, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)
