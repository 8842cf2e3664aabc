"""The question bank: every question the content yields, in every language at once.

Each kind yields candidates; a generated candidate is kept only if it keeps every question rule
in every language, and if no teacher excluded it in `excluded.yaml`. What is left out is kept
as a rejection naming the rule, for the audit and the question browser."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

from ..content import Content, Problem, Severity
from ..content.typography import typeset
from . import kinds as _kinds  # noqa: F401  (registers every kind)
from .model import Pool, Question, Rejection
from .phrases import phrase
from .registry import REGISTRY, Candidate, Context, Kind
from .rules import EXCLUDED, broken_rule, shows
from .text import Lexicon


@dataclass
class Bank:
    pools: dict[str, Pool]
    lexicon: Lexicon
    rejections: list[Rejection] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what content check must report

    def pool(self, language: str) -> Pool:
        return self.pools.get(language) or self.pools["en"]


def build_bank(content: Content) -> Bank:
    ctx = Context(content)
    excluded = {e.question_id for e in ctx.reference.excluded}
    rejections: list[Rejection] = []
    pools = {lang: Pool(rejections=rejections, lexicon=ctx.lexicon) for lang in ctx.languages}
    yielded: set[str] = set()
    for kind in REGISTRY.values():
        for item in kind.generate(ctx):
            if item is None:  # a candidate a language could not word
                continue
            if isinstance(item, Rejection):
                rejections.append(item)
                continue
            question_id = f"{kind.id}:{item.subject}"
            yielded.add(question_id)
            broken = None if kind.written_by_teacher else first_broken(item, ctx.lexicon)
            if broken:
                rejections.append(Rejection(kind.id, broken[0], item.subject, broken[1]))
            elif question_id in excluded:
                rejections.append(Rejection(kind.id, EXCLUDED, item.subject))
            else:
                if not kind.written_by_teacher:
                    item = with_hint(ctx, kind, item)
                told = told_of(ctx, item.questions["en"])
                for lang, question in item.questions.items():
                    if told:
                        question = replace(question, dated_events=told)
                    pools[lang].questions.append(question)
    for pool in pools.values():
        pool.twins = pools
    bank = Bank(pools, ctx.lexicon, rejections)
    bank.problems = check_references(ctx, yielded)
    return bank


def with_hint(ctx: Context, kind: Kind, item: Candidate) -> Candidate:
    """The candidate with a hint from its first event's era or thread, in every language or in
    none: no hint where a language lacks one, or where it shows an option (the give-away rule
    `shows`, run on the hint against each option)."""
    english = item.questions["en"]
    event = ctx.source.events_by_id.get(english.event_ids[0]) if english.event_ids else None
    if event is None or not kind.hint_from:
        return item
    hints = {}
    for lang, question in item.questions.items():
        content = ctx.languages[lang]
        if kind.hint_from == "thread":
            label = content.categories.get(event.category)
            if not label:
                return item
            text = phrase(lang, "hint_thread", thread=label)
        else:
            era = content.era_of(event)
            if era is None:
                return item
            text = phrase(lang, "hint_era", era=era.label)
        text = typeset(text, lang)
        if any(shows(text, option.text, ctx.lexicon) for option in question.options):
            return item
        hints[lang] = text
    return replace(
        item, questions={lang: replace(q, hint=hints[lang]) for lang, q in item.questions.items()}
    )


def told_of(ctx: Context, question: Question) -> tuple[str, ...]:
    """Other events a question dates where a student reads it (stem, feedback, explanation):
    no quiz may also ask their date, their order or what was known at the time."""
    texts = [question.full_stem, question.explanation, *(o.feedback for o in question.options)]
    return tuple(e for e in ctx.dated_in(" ".join(texts)) if e not in question.event_ids)


def first_broken(candidate: Candidate, lexicon: Lexicon) -> tuple[str, str] | None:
    for lang, question in candidate.questions.items():
        broken = broken_rule(question, lexicon)
        if broken:
            return broken[0], f"{lang}: {broken[1]}"
    return None


def check_references(ctx: Context, yielded: set[str]) -> list[Problem]:
    """Exclusions and preset kinds that name nothing: reported like any content problem."""
    problems = []
    for exclusion in ctx.reference.excluded:
        if exclusion.question_id not in yielded:
            close = difflib.get_close_matches(exclusion.question_id, sorted(yielded), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "copy the id from /teacher/questions"
            problems.append(
                Problem(
                    exclusion.path,
                    exclusion.line,
                    "excluded",
                    f"`{exclusion.question_id}` is not a question the content yields",
                    hint,
                    Severity.WARNING,
                )
            )
    for preset in ctx.source.presets:
        for index, kind in enumerate(preset.kinds):
            if kind not in REGISTRY:
                path, _, line = ctx.source.origins.get(
                    ("kinds", preset.id, index), ":1"
                ).rpartition(":")
                close = difflib.get_close_matches(kind, list(REGISTRY), n=1)
                hint = (
                    f"did you mean `{close[0]}`?" if close else "use one of " + ", ".join(REGISTRY)
                )
                problems.append(
                    Problem(
                        path,
                        int(line),
                        f"kinds[{index}]",
                        f"`{kind}` is not a kind of question",
                        hint,
                    )
                )
    return problems


def build_pool(content: Content) -> Pool:
    """The questions in the content's own language (tests and benchmarks ask for one)."""
    return build_bank(content).pool(content.language)


__all__ = ["Bank", "Question", "build_bank", "build_pool"]
