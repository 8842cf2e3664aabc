"""Kinds that teach how to read estimates: what a source said, who said it, which estimate was
current at a date, and why two figures differ (like with like)."""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ...content import Event, PartialDate, Precision
from ...content.schema import Figure
from ...content.timeline import fold
from ..choosing import stable_rng
from ..model import Rejection
from ..phrases import about, capitalised, elide, month, on_the_day, phrase, quantity
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

    def figure_in(self, ctx: Context, lang: str) -> Figure:
        """This figure in `lang`'s content: its source and label in that language."""
        return ctx.event_in(lang, self.event).figures[self.index]

    def said(self, lang: str, value: float | None = None) -> str:
        return quantity(self.figure.value if value is None else value, self.figure.qualifier, lang)


def dated(figure: Figure) -> bool:
    return figure.as_of is not None and figure.as_of.precision >= Precision.MONTH


def estimates(ctx: Context) -> list[Estimate]:
    return [Estimate(e, i, f) for e in ctx.events for i, f in enumerate(e.figures)]


def month_number(month_: tuple[int, int]) -> int:
    return month_[0] * 12 + month_[1]


def months_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    return abs(month_number(a) - month_number(b))


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


def wrong_values(value: float, real: tuple[float, ...]) -> list[float]:
    """Three figures others really gave for the same measure (a lesson in itself: sources
    differ), rounded like `value` and clearly apart from it and each other. Made-up ones would
    be spotted:
    halves and doubles of the answer make it the common divisor."""
    figures = precision_of(value)
    chosen: list[float] = []
    for candidate in real:
        apart = all(abs(candidate - v) > 0.2 * max(candidate, v) for v in (value, *chosen))
        if candidate >= 1 and apart and precision_of(candidate) == figures:  # rounded alike
            chosen.append(candidate)
        if len(chosen) == 3:
            break
    return chosen


@register
class FigureKind(Kind):
    id = "figure"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        measures = ctx.reference.measures
        by_measure: dict[str | None, list[Estimate]] = {}
        for e in sorted(estimates(ctx), key=lambda e: e.month):
            if dated(e.figure):
                by_measure.setdefault(e.figure.measure, []).append(e)
        months = {m: [month_number(e.month) for e in es] for m, es in by_measure.items()}
        by_subject = {m: sorted(es, key=lambda o: o.subject) for m, es in by_measure.items()}
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
            # figures others gave, but not one of the same side, which could be argued right;
            # the first dozen are plenty to find three (and keep the bank linear in the content)
            real = tuple(
                itertools.islice(
                    (
                        o.figure.value
                        for o in by_subject.get(figure.measure, ())
                        if o.subject != estimate.subject
                        and (
                            o.figure.by == figure.by
                            or not ctx.side(o.figure.by) & ctx.side(figure.by)
                        )
                    ),
                    12,
                )
            )
            wrong = wrong_values(figure.value, real)
            if len(wrong) < 3:
                yield self.reject(FORM, estimate.subject, "fewer than three real figures to offer")
                continue
            near = by_measure[figure.measure]
            at = month_number(estimate.month)
            low = bisect.bisect_left(months[figure.measure], at - 6)
            high = bisect.bisect_right(months[figure.measure], at + 6)
            others = sorted(
                (o for o in near[low:high] if o.subject != estimate.subject),
                key=lambda o: months_apart(o.month, estimate.month),
            )[:3]
            others.sort(key=lambda o: o.month)

            def draft(lang, content, e=estimate, wrong=wrong, others=others):
                localised = e.figure_in(ctx, lang)
                values = dict(
                    by=localised.by, when=on_the_day(e.figure.as_of, lang), label=localised.label
                )
                ask = elide(self.say(lang, "ask", **values), lang)
                options = [capitalised(e.said(lang, v)) for v in (e.figure.value, *wrong)]
                if e.figure.as_of == e.event.date:  # the event is its announcement: it tells it
                    explain = about(content.events_by_id[e.event.id], lang)
                else:
                    explain = elide(self.say(lang, "explain", said=e.said(lang), **values), lang)
                if others:
                    listed = phrase(lang, "list_separator").join(
                        self.say(  # the source named once: "NIS … 300 in January"
                            lang,
                            "again" if o.figure.by == e.figure.by else "other",
                            by=o.figure_in(ctx, lang).by,
                            said=o.said(lang),
                            month=when(o, lang),
                        )
                        for o in others
                    )
                    explain += " " + self.say(lang, "others", others=listed)
                return Draft(capitalised(ask), options[0], options[1:], explain)

            origin = ctx.origin(estimate.event, f"figures.{estimate.index}")
            key = f"figure:{estimate.subject}"
            # the events its explanation tells of too: no other question of the quiz may ask them
            events = tuple(dict.fromkeys((estimate.event.id, *(o.event.id for o in others))))
            yield self.candidate(ctx, estimate.subject, events, origin, key, draft)


def translated_sources(ctx: Context) -> dict[str, dict[str, str]]:
    """language -> English `by` -> that language's `by`, from the figures themselves."""
    out: dict[str, dict[str, str]] = {lang: {} for lang in ctx.languages}
    for estimate in estimates(ctx):
        for lang in ctx.languages:
            out[lang].setdefault(estimate.figure.by, estimate.figure_in(ctx, lang).by)
    return out


@register
class SourceKind(Kind):
    id = "source"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        measures, all_estimates = ctx.reference.measures, estimates(ctx)
        # sources are compared within a family and a unit: whoever counted soldiers killed is a
        # plausible source of a count of soldiers sent, a missile counter is not of containers
        sources_of: dict[tuple[str | None, str | None], set[str]] = {}
        given: dict[str, list[tuple[float, str]]] = {}  # measure -> (value, source), by value
        # (family, unit, source) -> its estimates
        said_by: dict[tuple[str | None, str | None, str], list[Estimate]] = {}
        for e in all_estimates:
            measure = measures.get(e.figure.measure or "")
            if measure and measure.family and dated(e.figure):
                group = (measure.family, measure.unit)
                sources_of.setdefault(group, set()).add(e.figure.by)
                given.setdefault(measure.id, []).append((e.figure.value, e.figure.by))
                said_by.setdefault((*group, e.figure.by), []).append(e)
        for values in given.values():
            values.sort()
        names = translated_sources(ctx)
        for estimate in all_estimates:
            figure = estimate.figure
            measure = measures.get(figure.measure or "")
            if not figure.key or not measure or not measure.family or not dated(figure):
                why = "not a key, dated figure of a measure family"
                yield self.reject(WORTH_KNOWING, estimate.subject, why)
                continue
            group = (measure.family, measure.unit)
            # a source that gave about the same figure of the same measure could be argued right
            values = given[figure.measure]
            low = bisect.bisect_left(values, (figure.value / 1.25, ""))
            high = bisect.bisect_right(values, (figure.value * 1.25, "\uffff"))
            close = {by for _, by in values[low:high]}
            same = {by for _, by in values}
            side = ctx.side(figure.by)
            # a wrong source must have been giving such figures by then (the MSMT did not exist in
            # 2023), speak for other countries, and not be a part of the right one
            soon = month_number(estimate.month) + 3
            others = sorted(
                by
                for by in sources_of[group] - close - {figure.by}
                if not side & ctx.side(by)
                and not (fold(by) in fold(figure.by) or fold(figure.by) in fold(by))
                and min(month_number(o.month) for o in said_by[(*group, by)]) <= soon
            )
            rng = stable_rng("source", estimate.subject)
            rng.shuffle(others)
            wrong: list[str] = []
            # sources of the same measure first, then of its family and unit; three sides where
            # there are three
            for only_same, diverse in ((True, True), (True, False), (False, True), (False, False)):
                for by in others:
                    repeats = any(ctx.side(by) & ctx.side(w) for w in wrong)
                    if (
                        len(wrong) < 3
                        and by not in wrong
                        and (by in same or not only_same)
                        and not (diverse and repeats)
                    ):
                        wrong.append(by)
            if len(wrong) < 3:
                yield self.reject(ONE_ANSWER, estimate.subject, "fewer than three other sources")
                continue

            # what each wrong source did say: its estimate of the same family nearest in time
            theirs = [
                min(said_by[(*group, by)], key=lambda o, e=estimate: months_apart(o.month, e.month))
                for by in wrong
            ]

            def draft(lang, content, e=estimate, wrong=wrong, theirs=theirs):
                localised = e.figure_in(ctx, lang)
                shown = [names[lang][by] for by in (e.figure.by, *wrong)]
                short = {n: s.short for n, s in content.reference.sources.items() if s.short}
                options = [
                    short.get(by, name)
                    for by, name in zip((e.figure.by, *wrong), shown, strict=True)
                ]
                ask = elide(
                    self.say(
                        lang, "ask", label=localised.label, said=e.said(lang), month=when(e, lang)
                    ),
                    lang,
                )
                others = phrase(lang, "list_separator").join(
                    self.say(
                        lang,
                        "other",
                        by=name,
                        said=o.said(lang),
                        label=o.figure_in(ctx, lang).label,
                        month=when(o, lang),
                    )
                    for name, o in zip(shown[1:], theirs, strict=True)
                )
                explain = self.say(lang, "explain", by=shown[0], month=when(e, lang), others=others)
                explain = capitalised(explain)
                return Draft(
                    ask, capitalised(options[0]), [capitalised(o) for o in options[1:]], explain
                )

            origin = ctx.origin(estimate.event, f"figures.{estimate.index}")
            events = tuple(dict.fromkeys((estimate.event.id, *(o.event.id for o in theirs))))
            yield self.candidate(
                ctx, estimate.subject, events, origin, f"source:{figure.by}", draft
            )


@register
class CurrentKind(Kind):
    id = "current"
    asks_when = True
    hint_from = "thread"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
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
                if len(series) < 4 or not all(dated(e.figure) for e in series):
                    yield self.reject(  # four options, all from the series
                        RIGHT_THING, subject, f"{source}: fewer than four dated estimates"
                    )
                    continue
                if len({e.month for e in series}) < len(series):
                    yield self.reject(ONE_ANSWER, subject, f"{source}: two estimates in one month")
                    continue
                for index, current in enumerate(series):
                    if index + 1 == len(series):  # the latest of a running count is the largest
                        yield self.reject(ONE_ANSWER, current.subject, "the last estimate")
                        continue
                    asked = before(series[index + 1].month)
                    if asked <= current.month:
                        yield self.reject(
                            ONE_ANSWER, current.subject, "no month between two estimates"
                        )
                        continue
                    nearest = sorted(range(len(series)), key=lambda j: abs(j - index))
                    options = [series[j] for j in nearest[:4]]

                    def draft(
                        lang, content, options=options, asked=asked, series=series, m=measure.id
                    ):
                        localised = options[0].figure_in(ctx, lang)
                        shown_month = PartialDate(*asked).format(lang)
                        label = content.reference.measures[m].label
                        ask = elide(
                            self.say(lang, "ask", month=shown_month, by=localised.by, label=label),
                            lang,
                        )
                        texts = [capitalised(e.said(lang)) for e in options]
                        listed = phrase(lang, "list_separator").join(
                            f"{e.said(lang)} ({when(e, lang)})" for e in series
                        )
                        explain = self.say(lang, "explain", by=localised.by, series=listed)
                        return Draft(capitalised(ask), texts[0], texts[1:], explain)

                    origin = ctx.origin(current.event, f"figures.{current.index}")
                    key = f"figure:{current.subject}"
                    events = tuple(dict.fromkeys(e.event.id for e in (current, *series)))
                    subject = f"{measure.id}:{current.subject}"
                    yield self.candidate(ctx, subject, events, origin, key, draft)


def same_week(a: PartialDate, b: PartialDate) -> bool:
    """Given within seven days of each other, or in the same month when a day is unknown."""
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        return abs((a.first_day - b.first_day).days) <= 7
    return (a.year, a.month) == (b.year, b.month)


def before(month_: tuple[int, int]) -> tuple[int, int]:
    year, m = month_
    return (year - 1, 12) if m == 1 else (year, m - 1)


@register
class CompareKind(Kind):
    id = "compare"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        """Pairs of figures of the same unit (soldiers with soldiers), given in the same week
        (or the same month, when only the month is known), that count different things: the
        difference in what they count then explains the gap, not the date or the source."""
        measures = ctx.reference.measures
        found_pairs: dict[tuple[str, str], tuple[int, Estimate, Estimate]] = {}
        usable = sorted(
            (
                e
                for e in estimates(ctx)
                if e.figure.measure in measures
                and dated(e.figure)
                and measures[e.figure.measure].family
            ),
            key=lambda e: e.month,
        )
        for i, first in enumerate(usable):
            for j in range(i + 1, len(usable)):
                second = usable[j]
                gap = months_apart(first.month, second.month)
                if gap > 1:  # the same week, or the same month: never further apart
                    break
                a, b = measures[first.figure.measure], measures[second.figure.measure]
                if a.id == b.id or a.family != b.family or a.unit != b.unit:
                    continue
                if not same_week(first.figure.as_of, second.figure.as_of):
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
            subject = f"{first.subject}:{second.subject}"
            family = measures[a].family
            # the right pairing, its swap, and "both count one thing" twice: each option has a
            # twin of the same form, so none stands out
            pairs = [(a, b), (b, a), (a, a), (b, b)]

            def draft(lang, content, first=first, second=second, pairs=pairs, family=family):
                ref = content.reference
                one = first.figure.by == second.figure.by
                key = "ask"
                if one:
                    key = "ask one briefing" if first.month == second.month else "ask one source"
                ask = self.say(
                    lang,
                    key,
                    month1=when(first, lang),
                    by1=first.figure_in(ctx, lang).by,
                    said1=first.said(lang),
                    month2=when(second, lang),
                    by2=second.figure_in(ctx, lang).by,
                    said2=second.said(lang),
                    family=ref.families[family].label,
                )
                counted = pairs[0]  # what the first and the second figure count
                labels = {m: ref.measures[m].label for m in counted}
                options = [
                    self.say(lang, "same", a=labels[x])
                    if x == y
                    else self.say(lang, "different", a=labels[x], b=labels[y])
                    for x, y in pairs
                ]
                explain = self.say(
                    lang,
                    "explain",
                    label1=labels[counted[0]],
                    label2=labels[counted[1]],
                    said1=first.said(lang),
                    said2=second.said(lang),
                )
                return Draft(capitalised(elide(ask, lang)), options[0], options[1:], explain)

            events = tuple(dict.fromkeys((first.event.id, second.event.id)))
            origin = ctx.origin(first.event, f"figures.{first.index}")
            yield self.candidate(ctx, subject, events, origin, f"compare:{a}:{b}", draft)
