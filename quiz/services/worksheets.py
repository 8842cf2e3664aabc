"""Printable worksheets: an assignment's or a preset's questions on paper, with an answer key and,
for an assignment, its join code and a QR code of its join link."""

from __future__ import annotations

import random
from dataclasses import dataclass

import segno
from markupsafe import Markup

from ..content import Content
from ..content.schema import Preset
from ..models import Assignment
from ..quizgen import Pool, Question, build_quiz, dealt

LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class Worksheet:
    questions: list[Question]  # in the order students get them, options as printed
    seed: int

    @staticmethod
    def letter(index: int) -> str:
        return LETTERS[index]


def assignment_questions(assignment: Assignment, content: Content, pool: Pool, preset: Preset):
    """The assignment's fixed questions in its fixed order, as start_attempt picks them (a question
    removed from the content since is left out; an assignment without ids draws from its seed)."""
    if assignment.question_ids:
        by_id = {q.id: q for q in pool.questions}
        return [by_id[qid] for qid in assignment.question_ids if qid in by_id]
    return build_quiz(content, pool, preset, assignment.seed)


def worksheet(questions: list[Question], seed: int) -> Worksheet:
    """One sheet for the whole class: the options are dealt once from the seed, so the same seed
    prints the same sheet and the right answers are spread evenly over the letters (on screen,
    each student's options are shuffled with a seed of their own)."""
    return Worksheet(questions=dealt(questions, random.Random(seed)), seed=seed)


def qr_svg(url: str, title: str) -> Markup:
    """The QR code of `url` as inline SVG, with a title for screen readers and no size (the print
    stylesheet sizes it in mm). No background rectangle and no style attribute: the content
    security policy refuses inline styles."""
    svg = segno.make(url, error="m").svg_inline(
        title=title, omitsize=True, svgclass="qr", lineclass="qr-line", dark="#000"
    )
    return Markup(svg)
