"""Kinds that teach how to read estimates: what a source said, who said it, which estimate was
current at a date, and why two figures differ (like with like)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ...content import Event, PartialDate, Precision
from ...content.schema import Figure
from ...content.timeline import fold
from ..choosing import stable_rng
from ..model import Rejection
from ..phrases import capitalised, elide, month, phrase, quantity
from ..registry import Candidate, Context, Draft, Kind, register
from ..rules import FORM, ONE_ANSWER, RIGHT_THING, WORTH_KNOWING


@dataclass(frozen=True)
class Estimate:
    """A figure with the event it is told in and its place there (its id in every language)."""

    event: Event
    index: int
    figure: Figure

    @property
    def subject(self) -> str:
        return f"{self.event.id}:{self.index}"

    @property
    def month(self) -> tuple[int, int]:
        date = self.figure.as_of
        return (date.year, date.month) if date else (0, 0)

    def words(self, ctx: Context, lang: str) -> Figure:
        return ctx.words(lang, self.event).figures[self.index]

    def said(self, lang: str, value: float | None = None) -> str:
        return quantity(self.figure.value if value is None else value, self.figure.qualifier, lang)


def dated(figure: Figure) -> bool:
    return figure.as_of is not None and figure.as_of.precision >= Precision.MONTH


def estimates(ctx: Context) -> list[Estimate]:
    return [Estimate(e, i, f) for e in ctx.events for i, f in enumerate(e.figures)]


def months_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    return abs((a[0] * 12 + a[1]) - (b[0] * 12 + b[1]))


def when(estimate: Estimate, lang: str) -> str:
    return month(estimate.figure.as_of, lang)


def rounded_like(value: float, figures: int) -> float:
    """`value` to `figures` significant figures, halves rounded up (2,350 -> 2,400)."""
    if value <= 0:
        return 0.0
    exponent = math.floor(math.log10(value)) - figures + 1
    step = Decimal(10) ** exponent
    return float((Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def precision_of(value: float) -> int:
    digits = str(int(value)) if value.is_integer() else f"{value:g}".replace(".", "")
    return len(digits.rstrip("0")) or 1


def wrong_values(value: float, rng) -> list[float]:
    """Three figures clearly apart from `value` and rounded like it, some below, some above."""
    figures = precision_of(value)
    factors = [0.25, 0.4, 0.5, 1.5, 2, 2.5, 3, 4]
    rng.shuffle(factors)
    chosen: list[float] = []
    for factor in factors:
        candidate = rounded_like(value * factor, figures)
        apart = all(abs(candidate - v) > 0.2 * max(candidate, v) for v in (value, *chosen))
        whole = candidate.is_integer() or not value.is_integer()  # counts stay whole numbers
        if candidate >= 1 and whole and precision_of(candidate) == figures and apart:
            chosen.append(candidate)
        if len(chosen) == 3:
            return chosen
    return chosen


@register
class FigureKind(Kind):
    id = "figure"
    labels = {"en": "Figures and who gave them", "fr": "Chiffres et leurs sources"}
    stems = {
        "en": {
            "ask": "According to {by} in {month}, {question}?",
            "explain": "According to {by} in {month}: {said} {label}.",
            "others": "Other estimates of the same thing: {others}.",
            "other": "{by}, {said} ({month})",
        },
        "fr": {
            "ask": "D'après {by}, en {month}, {question} ?",
            "explain": "D'après {by}, en {month} : {said} {label}.",
            "others": "Autres estimations de la même chose : {others}.",
            "other": "{by}, {said} ({month})",
        },
    }

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection]:
        measures = ctx.reference.measures
        by_measure: dict[str | None, list[Estimate]] = {}
        for e in estimates(ctx):
            if dated(e.figure):
                by_measure.setdefault(e.figure.measure, []).append(e)
        for estimate in estimates(ctx):
            figure = estimate.figure
            if not figure.key:
                yield self.reject(WORTH_KNOWING, estimate.subject, "not marked `key: true`")
                continue
            if figure.measure not in measures or not dated(figure):
                why = (
                    "no `measure:` to word the question"
                    if figure.measure not in measures
                    else ("no month in `as_of`")
                )
                yield self.reject(RIGHT_THING, estimate.subject, why)
                continue
            wrong = wrong_values(figure.value, stable_rng("figure", estimate.subject))
            if len(wrong) < 3:
                yield self.reject(FORM, estimate.subject, "no three figures rounded alike")
                continue
            others = sorted(
                (
                    o
                    for o in by_measure[figure.measure]
                    if o.subject != estimate.subject and months_apart(o.month, estimate.month) <= 6
                ),
                key=lambda o: months_apart(o.month, estimate.month),
            )[:3]
            others.sort(key=lambda o: o.month)

            def draft(lang, content, e=estimate, wrong=wrong, others=others):
                words, measure = e.words(ctx, lang), content.reference.measures[e.figure.measure]
                values = dict(by=words.by, month=when(e, lang))
                ask = self.say(lang, "ask", question=measure.question, **values)
                options = [capitalised(e.said(lang, v)) for v in (e.figure.value, *wrong)]
                explain = self.say(lang, "explain", said=e.said(lang), label=words.label, **values)
                if others:
                    listed = phrase(lang, "list_separator").join(
                        self.say(
                            lang,
                            "other",
                            by=o.words(ctx, lang).by,
                            said=o.said(lang),
                            month=when(o, lang),
                        )
                        for o in others
                    )
                    explain += " " + self.say(lang, "others", others=listed)
                return Draft(capitalised(ask), options[0], options[1:], explain)

            origin = ctx.origin(estimate.event, f"figures.{estimate.index}")
            key = f"figure:{estimate.subject}"
            found = self.candidate(ctx, estimate.subject, (estimate.event.id,), origin, key, draft)
            if found:
                yield found


def translated_sources(ctx: Context) -> dict[str, dict[str, str]]:
    """language -> English `by` -> that language's `by`, from the figures themselves."""
    out: dict[str, dict[str, str]] = {lang: {} for lang in ctx.languages}
    for estimate in estimates(ctx):
        for lang in ctx.languages:
            out[lang].setdefault(estimate.figure.by, estimate.words(ctx, lang).by)
    return out


@register
class SourceKind(Kind):
    id = "source"
    labels = {"en": "Who gave this estimate?", "fr": "Qui a donné cette estimation ?"}
    stems = {
        "en": {
            "ask": "Which source gave the figure of {said} {label}, in {month}?",
            "explain": "{by} gave this figure in {month}. {others}",
            "others": "Other estimates of the same kind came from {names}.",
        },
        "fr": {
            "ask": "Quelle source a avancé le chiffre de {said} {label}, en {month} ?",
            "explain": "C'est {by} qui a donné ce chiffre, en {month}. {others}",
            "others": "D'autres estimations du même ordre venaient de : {names}.",
        },
    }

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection]:
        measures, all_estimates = ctx.reference.measures, estimates(ctx)
        by_family: dict[str, list[Estimate]] = {}
        for e in all_estimates:
            family = measures[e.figure.measure].family if e.figure.measure in measures else None
            if family:
                by_family.setdefault(family, []).append(e)
        names = translated_sources(ctx)
        countries = {source.name: source.country for source in ctx.reference.sources.values()}
        for estimate in all_estimates:
            figure = estimate.figure
            family = measures[figure.measure].family if figure.measure in measures else None
            if not figure.key or not family or not dated(figure):
                why = "not a key, dated figure of a measure family"
                yield self.reject(WORTH_KNOWING, estimate.subject, why)
                continue
            # a source that gave about the same figure of the same measure could be argued right
            close = {
                other.figure.by
                for other in by_family[family]
                if other.figure.measure == figure.measure
                and max(other.figure.value, figure.value)
                <= 1.5 * min(other.figure.value, figure.value)
            }
            rng = stable_rng("source", estimate.subject)
            country = countries.get(figure.by)
            others = sorted(
                by
                for by in {o.figure.by for o in by_family[family]} - close - {figure.by}
                if (country is None or countries.get(by) != country)
                and not (fold(by) in fold(figure.by) or fold(figure.by) in fold(by))
            )
            rng.shuffle(others)
            same = {o.figure.by for o in by_family[family] if o.figure.measure == figure.measure}
            others.sort(key=lambda by: by not in same)
            wrong = others[:3]
            if len(wrong) < 3:
                yield self.reject(ONE_ANSWER, estimate.subject, "fewer than three other sources")
                continue

            def draft(lang, content, e=estimate, wrong=wrong):
                words = e.words(ctx, lang)
                shown = [names[lang][by] for by in (e.figure.by, *wrong)]
                ask = elide(
                    self.say(
                        lang, "ask", label=words.label, said=e.said(lang), month=when(e, lang)
                    ),
                    lang,
                )
                others = self.say(lang, "others", names=", ".join(shown[1:]))
                explain = self.say(lang, "explain", by=shown[0], month=when(e, lang), others=others)
                explain = capitalised(explain)
                return Draft(
                    ask, capitalised(shown[0]), [capitalised(s) for s in shown[1:]], explain
                )

            origin = ctx.origin(estimate.event, f"figures.{estimate.index}")
            found = self.candidate(
                ctx, estimate.subject, (estimate.event.id,), origin, f"source:{figure.by}", draft
            )
            if found:
                yield found


@register
class CurrentKind(Kind):
    id = "current"
    labels = {"en": "Which estimate was current", "fr": "Quelle estimation avait cours"}
    stems = {
        "en": {
            "ask": "In {month}, according to the latest estimate {by} had then published, "
            "{question}?",
            "explain": "The estimates of {by}, in order: {series}.",
        },
        "fr": {
            "ask": "En {month}, d'après la dernière estimation alors publiée par {by}, "
            "{question} ?",
            "explain": "Les estimations successives, selon {by} : {series}.",
        },
    }

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection]:
        last_month = (
            (ctx.events[-1].date.year, ctx.events[-1].date.month or 12) if ctx.events else (0, 0)
        )
        all_estimates = estimates(ctx)
        for measure in ctx.reference.measures.values():
            for source in measure.series:
                series = sorted(
                    (
                        e
                        for e in all_estimates
                        if e.figure.measure == measure.id and e.figure.by == source
                    ),
                    key=lambda e: e.month,
                )
                subject = f"{measure.id}:{len(series)}"
                if len(series) < 3 or not all(dated(e.figure) for e in series):
                    yield self.reject(
                        RIGHT_THING, subject, f"{source}: fewer than three dated estimates"
                    )
                    continue
                if len({e.month for e in series}) < len(series):
                    yield self.reject(ONE_ANSWER, subject, f"{source}: two estimates in one month")
                    continue
                for index, current in enumerate(series):
                    following = series[index + 1].month if index + 1 < len(series) else None
                    asked = before(following) if following else last_month
                    if months_apart(asked, current.month) < 1 or asked <= current.month:
                        yield self.reject(
                            ONE_ANSWER, current.subject, "no month between two estimates"
                        )
                        continue
                    nearest = sorted(range(len(series)), key=lambda j: abs(j - index))
                    options = [series[j] for j in nearest[:4]]

                    def draft(
                        lang, content, options=options, asked=asked, series=series, m=measure.id
                    ):
                        words = options[0].words(ctx, lang)
                        shown_month = PartialDate(*asked).format(lang)
                        question = content.reference.measures[m].question
                        ask = self.say(
                            lang, "ask", month=shown_month, by=words.by, question=question
                        )
                        texts = [capitalised(e.said(lang)) for e in options]
                        listed = phrase(lang, "list_separator").join(
                            f"{e.said(lang)} ({when(e, lang)})" for e in series
                        )
                        explain = self.say(lang, "explain", by=words.by, series=listed)
                        return Draft(capitalised(ask), texts[0], texts[1:], explain)

                    origin = ctx.origin(current.event, f"figures.{current.index}")
                    key = f"figure:{current.subject}"
                    events = tuple(dict.fromkeys(e.event.id for e in options))
                    subject = f"{measure.id}:{current.subject}"
                    found = self.candidate(ctx, subject, events, origin, key, draft)
                    if found:
                        yield found


def before(month_: tuple[int, int]) -> tuple[int, int]:
    year, m = month_
    return (year - 1, 12) if m == 1 else (year, m - 1)


@register
class CompareKind(Kind):
    id = "compare"
    labels = {"en": "Like with like", "fr": "Comparer ce qui est comparable"}
    stems = {
        "en": {
            "ask": "Two figures for {family}: {said1}, according to {by1} ({month1}), and {said2}, "
            "according to {by2} ({month2}). What explains most of the difference between them?",
            "option": "The first counts {a}; the second, {b}",
            "explain": "{by1} counted {label1} ({said1}); {by2} counted {label2} ({said2}). "
            "Compare like with like: say what each figure counts, who gave it and when.",
        },
        "fr": {
            "ask": "Deux chiffres pour les {family} : {said1} d'après {by1} ({month1}), et {said2} "
            "d'après {by2} ({month2}). Qu'est-ce qui explique l'essentiel de l'écart entre eux ?",
            "option": "Le premier compte les {a} ; le second, les {b}",
            "explain": "Premier chiffre ({by1}) : {said1} {label1} ; second chiffre ({by2}) : "
            "{said2} {label2}. Pour comparer, dites ce que compte chaque chiffre, qui l'a "
            "donné et quand.",
        },
    }

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection]:
        measures = ctx.reference.measures
        found_pairs: dict[tuple[str, str], tuple[int, Estimate, Estimate]] = {}
        usable = [
            e
            for e in estimates(ctx)
            if e.figure.measure in measures
            and dated(e.figure)
            and measures[e.figure.measure].family
        ]
        usable.sort(key=lambda e: e.month)
        for i, first in enumerate(usable):
            for second in usable[i + 1 :]:
                gap = months_apart(first.month, second.month)
                if gap > 3:
                    break
                a, b = measures[first.figure.measure], measures[second.figure.measure]
                if a.id == b.id or a.family != b.family:
                    continue
                if not (first.figure.key or second.figure.key):
                    continue
                small, large = sorted((first.figure.value, second.figure.value))
                if large < 1.5 * small:
                    continue
                pair = (a.id, b.id)
                if pair not in found_pairs or gap < found_pairs[pair][0]:
                    found_pairs[pair] = (gap, first, second)
        for (a, b), (_, first, second) in sorted(found_pairs.items()):
            family = measures[a].family
            third = [m for m in measures.values() if m.family == family and m.id not in (a, b)]
            subject = f"{first.subject}:{second.subject}"
            if not third:
                yield self.reject(ONE_ANSWER, subject, "the family has only two measures")
                continue
            rng = stable_rng("compare", subject)
            c = rng.choice(third).id
            pairs = [(a, b), (b, a), (c, b), (a, c)]

            def draft(lang, content, first=first, second=second, pairs=pairs, family=family):
                ref = content.reference
                w1, w2 = first.words(ctx, lang), second.words(ctx, lang)
                ask = self.say(
                    lang,
                    "ask",
                    month1=when(first, lang),
                    by1=w1.by,
                    said1=first.said(lang),
                    month2=when(second, lang),
                    by2=w2.by,
                    said2=second.said(lang),
                    family=ref.families[family].label,
                )

                def label(measure_id: str) -> str:
                    return ref.measures[measure_id].label

                options = [self.say(lang, "option", a=label(x), b=label(y)) for x, y in pairs]
                explain = capitalised(
                    self.say(
                        lang,
                        "explain",
                        by1=w1.by,
                        by2=w2.by,
                        label1=label(pairs[0][0]),
                        label2=label(pairs[0][1]),
                        said1=first.said(lang),
                        said2=second.said(lang),
                    )
                )
                return Draft(capitalised(elide(ask, lang)), options[0], options[1:], explain)

            events = tuple(dict.fromkeys((first.event.id, second.event.id)))
            origin = ctx.origin(first.event, f"figures.{first.index}")
            found = self.candidate(ctx, subject, events, origin, f"compare:{a}:{b}", draft)
            if found:
                yield found
