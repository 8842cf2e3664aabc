"""A clock tests set and move: it replaces quiz.models.utcnow, which every deadline, every
stored time and every new row's timestamp read. No test sleeps."""

from __future__ import annotations

from datetime import datetime, timedelta

# A winter morning: Europe/Paris is UTC+1, so 18:00 there is 17:00 UTC.
WINTER_MORNING = datetime(2027, 1, 15, 9, 0)


class Clock:
    def __init__(self, now: datetime = WINTER_MORNING):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> datetime:
        self.now = when
        return when
