"""A teacher's corrections of who is who, without student accounts: rename a student, merge two
students who are one person (two devices), delete an attempt. Which attempt counts is worked
out afresh from the attempts each time (results.counting_attempts), so it follows at once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Assignment, Attempt, new_public_id
from .results import student_of


class NameOnList(Exception):
    """The new name is another name of the class list: merge the two students instead."""


@dataclass(frozen=True)
class Student:
    """One student of an assignment, named by one of their attempts (the first)."""

    attempt_id: int
    name: str
    attempts: int


def attempt_in(assignment: Assignment, attempt_id: int) -> Attempt | None:
    """An attempt of this assignment (another assignment's is as good as missing)."""
    return db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.assignment_id == assignment.id)
    )


def attempts_of(assignment: Assignment, attempt: Attempt) -> list[Attempt]:
    """Every attempt of the student who made `attempt`, oldest first."""
    student = student_of(attempt)
    return [a for a in assignment.attempts if student_of(a) == student]


def students(assignment: Assignment) -> list[Student]:
    """The assignment's students, by name, each with how many attempts they made."""
    by_student: dict[tuple, list[Attempt]] = {}
    for attempt in assignment.attempts:
        by_student.setdefault(student_of(attempt), []).append(attempt)
    found = [Student(own[0].id, own[0].display_name, len(own)) for own in by_student.values()]
    return sorted(found, key=lambda s: (s.name.casefold(), s.attempt_id))


def rename_student(assignment: Assignment, attempt: Attempt, name: str) -> None:
    """Give the student of `attempt` another name, on all their attempts (and on the class
    list, when the old name is on it). A name the list gives someone else is refused."""
    old = attempt.display_name
    entry = next((e for e in assignment.roster if e.name == old), None)
    if any(e.name.casefold() == name.casefold() and e is not entry for e in assignment.roster):
        raise NameOnList(name)
    for own in attempts_of(assignment, attempt):
        own.display_name = name
    if entry is not None:
        entry.name = name
    db.session.commit()


def merge_students(assignment: Assignment, attempt: Attempt, into: Attempt) -> None:
    """The student of `attempt` is the student of `into` (one person on two devices): their
    attempts take the other's browser and name, so one of all of them counts. A name of the
    class list left with no attempt is freed for whoever picks it next."""
    moved, kept = attempts_of(assignment, attempt), attempts_of(assignment, into)
    if {a.id for a in moved} == {a.id for a in kept}:
        return
    old_name, browser = attempt.display_name, into.browser or new_public_id()
    for own in [*kept, *moved]:
        own.browser, own.display_name = browser, into.display_name
    emptied = next((e for e in assignment.roster if e.name == old_name), None)
    if emptied is not None and old_name != into.display_name:
        emptied.browser = emptied.claimed_at = None
    db.session.commit()


def delete_attempt(attempt: Attempt) -> None:
    """The attempt and its answers, gone for good (the teacher confirmed it)."""
    db.session.delete(attempt)
    db.session.commit()
