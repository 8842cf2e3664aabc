"""Class lists: the names a teacher pastes, and the students who pick theirs.

A student's browser claims a name with a conditional UPDATE (`... WHERE browser IS NULL`), so
of two students racing for one name exactly one wins, on every database; the other is told,
and nothing of theirs is stored. A claimed name is that browser's: its attempts are the name's,
bounded by the assignment's attempt policy, and no other browser may start one under it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Assignment, Attempt, RosterEntry, utcnow

MAX_NAMES = 200  # a class list, not a school's
MAX_NAME = 40  # what the start form allows a free name

_CONTROL = dict.fromkeys(i for i in range(32) if chr(i) != "\t")


class ListRefused(Exception):
    """Pasted names that cannot make a class list (too many, too long): nothing is saved."""


class NameTaken(Exception):
    """Another browser claimed this name first: nothing is saved."""


class NameClaimed(Exception):
    """A claimed name cannot be removed: release it first."""


@dataclass(frozen=True)
class Pasted:
    names: list[str]  # cleaned, in the order pasted, exact repeats dropped
    repeated: list[str] = field(default_factory=list)  # left out: same name, other capitals


def clean_name(line: str) -> str:
    """A name as the teacher meant it: control characters dropped, spaces folded."""
    return " ".join(line.translate(_CONTROL).split())


def parse_names(text: str, known: Sequence[str] = ()) -> Pasted:
    """One name a line: trimmed, blank lines and exact repeats dropped, a name that differs from
    an earlier one (or one already on the list, `known`) only by capitals left out and
    reported. Too many or too long names refuse the whole paste (ListRefused)."""
    seen = {name.casefold() for name in known}
    names, repeated = [], []
    for line in text.splitlines():
        name = clean_name(line)
        if not name or name in names or name in known:
            continue
        if len(name) > MAX_NAME:
            raise ListRefused(
                _(
                    "“%(name)s” is longer than %(max)s characters: shorten it and paste again.",
                    name=name[:MAX_NAME] + "…",
                    max=MAX_NAME,
                )
            )
        if name.casefold() in seen:
            repeated.append(name)
            continue
        seen.add(name.casefold())
        names.append(name)
    if len(known) + len(names) > MAX_NAMES:
        raise ListRefused(
            ngettext(
                "A class list holds at most %(num)s name.",
                "A class list holds at most %(num)s names.",
                MAX_NAMES,
            )
            + " "
            + _("This one would have %(count)s.", count=len(known) + len(names))
        )
    return Pasted(names, repeated)


def add_names(assignment: Assignment, text: str) -> Pasted:
    """Set the class list, or extend it: the new names go after the ones already there."""
    known = [entry.name for entry in assignment.roster]
    pasted = parse_names(text, known)
    start = max((entry.position for entry in assignment.roster), default=0) + 1
    for position, name in enumerate(pasted.names, start=start):
        db.session.add(RosterEntry(assignment=assignment, position=position, name=name))
    db.session.commit()
    return pasted


def find_entry(assignment: Assignment, entry_id: int) -> RosterEntry | None:
    """A name on this assignment's list (another assignment's is as good as missing)."""
    entry = db.session.get(RosterEntry, entry_id)
    return entry if entry is not None and entry.assignment_id == assignment.id else None


def remove_name(entry: RosterEntry) -> None:
    """Take an unclaimed name off the list. A claimed one stays (NameClaimed): a student may
    be answering under it right now."""
    removed = db.session.execute(
        delete(RosterEntry).where(RosterEntry.id == entry.id, RosterEntry.browser.is_(None)),
        execution_options={"synchronize_session": False},
    )
    if removed.rowcount != 1:
        db.session.rollback()
        raise NameClaimed(entry.name)
    db.session.commit()
    db.session.expire_all()


def release_name(entry: RosterEntry) -> None:
    """Free a claimed name (the student changed device): the next browser to pick it gets it,
    with the name's attempts, so their count goes on across devices."""
    entry.browser = None
    entry.claimed_at = None
    db.session.commit()


def names_of(assignment: Assignment, browser: str | None) -> list[RosterEntry]:
    """The names this browser may pick: the one it holds, else the free ones (a device holds
    one name: picking a second would start a second student's attempts)."""
    held = [e for e in assignment.roster if browser and e.browser == browser]
    return held or [e for e in assignment.roster if e.browser is None]


def held_by(
    assignment: Assignment, browser: str | None, name: str | None = None
) -> RosterEntry | None:
    """The name this browser picked last on this list (or the name `name`, if this browser
    holds it), if any."""
    held = [
        e for e in assignment.roster if browser and e.browser == browser and name in (None, e.name)
    ]
    return max(held, key=lambda e: (e.claimed_at or utcnow(), e.id), default=None)


def claim(assignment: Assignment, entry_id: int, browser: str) -> RosterEntry:
    """The name for this browser: free, or already its own, and the only one it holds on this
    list. The conditional UPDATE decides a race; the loser gets NameTaken and nothing changes.
    The name's earlier attempts (from a device whose claim the teacher released) become this
    browser's, so which attempt counts looks at all of them."""
    other = aliased(RosterEntry)
    holds_another = (
        select(other.id)
        .where(other.assignment_id == assignment.id, other.browser == browser, other.id != entry_id)
        .exists()
    )
    claimed = db.session.execute(
        update(RosterEntry)
        .where(
            RosterEntry.id == entry_id,
            RosterEntry.assignment_id == assignment.id,
            or_(RosterEntry.browser.is_(None), RosterEntry.browser == browser),
            ~holds_another,  # one name a device: another would bring fresh attempts
        )
        .values(browser=browser, claimed_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise NameTaken(entry_id)
    entry = db.session.get(RosterEntry, entry_id)
    db.session.refresh(entry)
    db.session.execute(
        update(Attempt)
        .where(
            Attempt.assignment_id == assignment.id,
            Attempt.display_name == entry.name,
            or_(Attempt.browser.is_(None), Attempt.browser != browser),
        )
        .values(browser=browser),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return entry


def attempts_of(assignment: Assignment, name: str) -> list[str]:
    """The public ids of the attempts made under a name of the list, from any device: what the
    attempt policy counts for that name."""
    query = select(Attempt.public_id).where(
        Attempt.assignment_id == assignment.id, Attempt.display_name == name
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class ListLine:
    entry: RosterEntry
    attempts: int  # made under the name
    finished: int


def class_list(assignment: Assignment) -> list[ListLine]:
    """Each name of the list with what its student did, in the order pasted (no list: one
    query, for the list)."""
    if not assignment.roster:
        return []
    made: dict[str, list[bool]] = {}
    query = select(Attempt.display_name, Attempt.finished_at).where(
        Attempt.assignment_id == assignment.id
    )
    for name, finished_at in db.session.execute(query):
        made.setdefault(name, []).append(finished_at is not None)
    return [
        ListLine(entry, len(made.get(entry.name, [])), sum(made.get(entry.name, [])))
        for entry in assignment.roster
    ]
