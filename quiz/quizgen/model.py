"""What generation produces: questions with their choices, answer and explanation, and for each
candidate that did not become a question, the rule it broke."""

from __future__ import annotations

import functools
import random
from collections import Counter
from dataclasses import dataclass, field, replace

from .text import Lexicon


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """One multiple-choice question. `options[answer]` is the correct one."""

    id: str  # "<kind>:<subject>", stable across runs and languages for the same content
    kind: str
    prompt: str
    options: tuple[Option, ...]
    answer: int
    explanation: str
    event_ids: tuple[str, ...]
    quote: str = ""  # the passage or title the prompt refers to, shown under it
    keys: tuple[int, ...] = ()  # after shuffling: each option's place in the unshuffled question
    stem: str = ""  # prompt and quote as one text, for GIFT, print and CSV
    origin: str = ""  # "content/events/x.md:12": the line a teacher opens to change it
    answer_key: str = ""  # what the answer is, in any language: two questions of a quiz differ
    dated_events: tuple[str, ...] = ()  # other events it dates where a student reads it
    asks_when: bool = False  # its answer is a time or an order: dating its events gives it
    months: tuple[tuple[int, int], ...] = ()  # (year, month) of each option, for date questions
    hint: str = ""  # a nudge a practising student may ask for: it shows none of the options

    def shuffled(self, rng: random.Random, answer_at: int | None = None) -> Question:
        """The same question with its options in a new order (the answer follows its option),
        the answer at `answer_at` when given."""
        order = list(range(len(self.options)))
        rng.shuffle(order)
        if answer_at is not None:
            order.remove(self.answer)
            order.insert(answer_at % len(self.options), self.answer)
        return replace(
            self,
            options=tuple(self.options[i] for i in order),
            answer=order.index(self.answer),
            keys=tuple(order),
        )

    @property
    def correct(self) -> Option:
        return self.options[self.answer]

    @property
    def distractors(self) -> list[str]:
        return [o.text for i, o in enumerate(self.options) if i != self.answer]

    @property
    def full_stem(self) -> str:
        return self.stem or self.prompt


def dealt(questions: list[Question], rng: random.Random) -> list[Question]:
    """The questions with their options shuffled and the right answers spread evenly over A–D:
    shuffled one by one, a letter can come up right far less often than the others, and
    test-wise students learn which to guess."""
    letters = rng.sample(range(4), 4)  # which letters get the extra answers when n % 4 != 0
    places = [letters[i % 4] for i in range(len(questions))]
    rng.shuffle(places)
    return [q.shuffled(rng, answer_at=at) for q, at in zip(questions, places, strict=False)]


@dataclass(frozen=True)
class Rejection:
    """A candidate that broke a rule, and why (shown by the audit and the question browser)."""

    kind: str
    rule: str
    subject: str
    detail: str = ""


@dataclass
class Pool:
    """Every question the content yields in one language, in a stable order."""

    questions: list[Question] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    lexicon: Lexicon = field(default_factory=Lexicon)  # the other names things go by
    # the same questions in every language (this pool among them): a quiz is chosen for all
    twins: dict[str, Pool] = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def rejected(self) -> dict[str, Counter[str]]:
        """kind -> rule -> how many candidates that rule rejected."""
        out: dict[str, Counter[str]] = {}
        for rejection in self.rejections:
            out.setdefault(rejection.kind, Counter())[rejection.rule] += 1
        return out
