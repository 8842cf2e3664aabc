"""The audit behind `flask --app wsgi questions audit`: per kind, how many questions the content
yields and how many candidates each rule rejected; then every quiz students can be served
(each preset and each event's quiz, over many seeds, in every language), with any rule broken.

The bar is zero: a served question that breaks a question rule, or a quiz that breaks a
quiz-level rule, is a bug in generation, not a matter of taste."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..content import Content
from ..content.schema import Preset
from .assemble import build_quiz, event_preset, header
from .bank import Bank
from .registry import REGISTRY
from .rules import broken_rule, quiz_violations


@dataclass
class Violation:
    language: str
    preset: str
    seed: int
    question: str
    rule: str
    why: str


@dataclass
class Audit:
    yielded: Counter[str] = field(default_factory=Counter)  # kind -> questions
    rejected: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> rule -> count
    quizzes: int = 0
    served: int = 0
    short: dict[str, tuple[int, int]] = field(default_factory=dict)  # preset -> (asked, got)
    violations: list[Violation] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = ["kind       questions  rejected (by rule)"]
        for kind in REGISTRY:
            rules = self.rejected.get(kind, Counter())
            why = ", ".join(f"{rule}: {n}" for rule, n in rules.most_common()) or "-"
            out.append(f"{kind:10} {self.yielded[kind]:9}  {why}")
        out.append(f"{self.quizzes} quizzes served, {self.served} questions checked")
        for preset, (asked, got) in sorted(self.short.items()):
            out.append(f"short: {preset} asks for {asked} questions, the content gives {got}")
        for v in self.violations[:50]:
            out.append(
                f"VIOLATION {v.language} {v.preset} seed {v.seed}: {v.question}: {v.rule}: {v.why}"
            )
        out.append(f"{len(self.violations)} violation(s)")
        return out


def presets_to_serve(content: Content) -> list[Preset]:
    return [*content.presets, *(event_preset(content, e.id) for e in content.events)]


def audit(content: Content, bank: Bank, seeds: int = 200) -> Audit:
    """Check what every quiz serves. Event quizzes keep their questions in rank order, so fewer
    seeds tell all about them; preset quizzes shuffle, so they get every seed."""
    report = Audit()
    english = bank.pool("en")
    report.yielded.update(q.kind for q in english.questions)
    report.rejected = english.rejected
    written = {kind.id for kind in REGISTRY.values() if kind.written_by_teacher}
    source = content.source or content
    for language, pool in bank.pools.items():
        words = source.in_language(language)
        checked: set[str] = set()
        for preset in presets_to_serve(words):
            runs = seeds if preset in words.presets else min(seeds, 20)
            for seed in range(runs):
                quiz = build_quiz(words, pool, preset, seed)
                report.quizzes += 1
                report.served += len(quiz)
                if len(quiz) < preset.questions and preset in words.presets:
                    got = min(len(quiz), report.short.get(preset.id, (0, len(quiz)))[1])
                    report.short[preset.id] = (preset.questions, got)
                for question in quiz:
                    if question.kind in written or question.id in checked:
                        continue
                    checked.add(question.id)
                    broken = broken_rule(question, pool.lexicon)
                    if broken:
                        report.violations.append(
                            Violation(language, preset.id, seed, question.id, *broken)
                        )
                for question_id, why in quiz_violations(quiz, header(preset), pool.lexicon):
                    report.violations.append(
                        Violation(language, preset.id, seed, question_id, "quiz-level", why)
                    )
    return report
