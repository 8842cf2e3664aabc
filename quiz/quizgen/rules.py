"""The rules every generated question obeys, and the rules a quiz obeys as a whole.

A question rule looks at one question in one language and says what is wrong, or nothing. The
bank applies them to every generated candidate in every language (a candidate that fails in
one language is served in none), the audit applies them again to what quizzes serve, and the
property tests prove them over shipped and synthetic content. Rules that need to know the
content (one defensible answer, worth knowing, asking the right thing) are the generators' own
and reach the audit as their rejections."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..content.lint import giveaway_by_form
from .model import Question
from .text import Lexicon, first_number, mentions, significant, significant_figures, tokens

QUALIFIER_WORDS = frozenset(
    """about around more than at least nearly just over up to environ plus de au moins pres un
    peu jusqu""".split()  # noqa: SIM905
)
_DEICTIC = re.compile(r"\b(this|cela|ce passage|cette|celle-ci|ceci)\b", re.IGNORECASE)

# rule names, as the audit and the question browser show them
STANDS_ALONE = "stands alone"
DISTINCT = "distinct options"
GIVE_AWAY = "no give-away"
FORM = "not recognisable by form"
ONE_ANSWER = "one defensible answer"
RIGHT_THING = "asks the right thing"
WORTH_KNOWING = "worth knowing"
EXCLUDED = "excluded by a teacher"
QUIZ = "quiz-level"


def stands_alone(q: Question, lexicon: Lexicon) -> str | None:
    if _DEICTIC.search(q.prompt) and not q.quote:
        return "the prompt points at a passage it does not show"
    if q.quote and q.quote not in q.full_stem:
        return "the stem leaves out its subject"
    return None


def distinct_options(q: Question, lexicon: Lexicon) -> str | None:
    texts = [" ".join(tokens(o.text)) for o in q.options]
    if len(texts) < 3:
        return f"only {len(texts)} options"
    if len(set(texts)) != len(texts) or not all(texts):
        return "two options are the same"
    return None


def no_give_away(q: Question, lexicon: Lexicon) -> str | None:
    stem, answer, wrong = q.full_stem, q.correct.text, q.distractors
    stem_words = significant(stem)
    shared_by_wrong = set().union(*(significant(w) for w in wrong))
    alone = (lexicon.telling(answer) - QUALIFIER_WORDS - shared_by_wrong) & stem_words
    if alone:
        return f"the stem says {', '.join(sorted(alone))}, a word of the answer alone"
    if mentions(stem, answer, lexicon) and not any(mentions(stem, w, lexicon) for w in wrong):
        return "the stem names the answer"
    for text in wrong:
        if mentions(stem, text, lexicon):
            return f"a wrong option ({text}) is named in the stem"
    return None


def not_by_form(q: Question, lexicon: Lexicon) -> str | None:
    answer, wrong = q.correct.text, q.distractors
    found = giveaway_by_form(answer, wrong)
    figures = [significant_figures(t) for t in (answer, *wrong)]
    if figures[0] is not None and figures[0] not in figures[1:] and len(set(figures[1:])) == 1:
        found.append("the answer is the only number rounded that way")
    return "; ".join(found) or None


QUESTION_RULES: tuple[tuple[str, Callable[[Question, Lexicon], str | None]], ...] = (
    (STANDS_ALONE, stands_alone),
    (DISTINCT, distinct_options),
    (GIVE_AWAY, no_give_away),
    (FORM, not_by_form),
)


def broken_rule(q: Question, lexicon: Lexicon) -> tuple[str, str] | None:
    """The first rule the question breaks, with why; None when it keeps them all."""
    for name, rule in QUESTION_RULES:
        why = rule(q, lexicon)
        if why:
            return name, why
    return None


# -- a quiz as a whole --------------------------------------------------------------------------
def shows(text: str, answer: str, lexicon: Lexicon) -> bool:
    """Does `text` show the answer? A number answer ("About 600") is shown by its number."""
    number = first_number(answer)
    if number and significant(answer) - QUALIFIER_WORDS <= {number}:
        return number in tokens(text)
    return mentions(text, answer, lexicon)


def clash(a: Question, b: Question, lexicon: Lexicon) -> str | None:
    """Why two questions must not be in one quiz: the same answer, the same event (each
    question's events include those its options and explanation tell of), or one showing the
    other's answer anywhere a student reads it (stem, options, the feedback on an option, the
    explanation after answering)."""
    if a.answer_key and a.answer_key == b.answer_key:
        return f"{a.id} and {b.id} have the same answer"
    if set(a.event_ids) & set(b.event_ids):  # one would date, name or explain the other's event
        return f"{a.id} and {b.id} are about the same event"
    for one, other in ((a, b), (b, a)):  # "signed in June 2024" answers "when was it signed?"
        if other.asks_when and set(one.dated_events) & set(other.event_ids):
            return f"{one.id} dates an event {other.id} asks the time of"
    if a.event_ids[:1] == b.event_ids[:1]:
        number = first_number(a.correct.text)
        if number and number == first_number(b.correct.text):
            return f"{a.id} and {b.id} ask the same figure of one event"
    for one, other in ((a, b), (b, a)):
        shown = [
            other.full_stem,
            other.explanation,
            other.hint,
            *(o.text for o in other.options),
            *(o.feedback for o in other.options if o.feedback),
        ]
        if any(shows(text, one.correct.text, lexicon) for text in shown):
            return f"{other.id} shows the answer to {one.id}"
    return None


def tells_of(earlier: Question, later: Question) -> str | None:
    """Does an earlier question date the event a later one asks about ("in March 2024 Russia
    vetoed…" before "who vetoed the panel's renewal?")? Read after answering, it gives the later
    one away; the other way round, the question is already answered."""
    if set(earlier.dated_events) & set(later.event_ids[:1]):
        return f"{earlier.id} tells of the event {later.id} asks about"
    return None


def quiz_violations(
    questions: Iterable[Question], header: str, lexicon: Lexicon
) -> list[tuple[str, str]]:
    """(question id, why) for every quiz-level rule a quiz breaks."""
    chosen = list(questions)
    found = []
    for index, question in enumerate(chosen):
        if any(shows(header, option.text, lexicon) for option in question.options):
            found.append((question.id, "the quiz's title or description shows one of its options"))
        for other in chosen[index + 1 :]:
            why = clash(question, other, lexicon) or tells_of(question, other)
            if why:
                found.append((question.id, why))
    return found
