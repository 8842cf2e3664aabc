"""What generation produces: questions with their choices, answer and explanation."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """One multiple-choice question. `options[answer]` is the correct one."""

    id: str  # "<kind>:<subject>", stable across runs for the same content
    kind: str
    prompt: str
    options: tuple[Option, ...]
    answer: int
    explanation: str
    event_ids: tuple[str, ...]
    quote: str = ""  # a passage the prompt refers to (e.g. an event summary), shown under it
    keys: tuple[int, ...] = ()  # after shuffling: each option's place in the unshuffled question

    def shuffled(self, rng: random.Random) -> Question:
        """The same question with its options in a new order (the answer follows its option)."""
        order = list(range(len(self.options)))
        rng.shuffle(order)
        return replace(
            self,
            options=tuple(self.options[i] for i in order),
            answer=order.index(self.answer),
            keys=tuple(order),
        )

    @property
    def correct(self) -> Option:
        return self.options[self.answer]


@dataclass
class Pool:
    """Every question the content can yield, plus the candidates rejected and why."""

    questions: list[Question] = field(default_factory=list)
    rejected: dict[str, list[str]] = field(default_factory=dict)  # kind -> reasons

    def reject(self, kind: str, reason: str) -> None:
        self.rejected.setdefault(kind, []).append(reason)
