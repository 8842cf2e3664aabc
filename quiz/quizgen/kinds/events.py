"""Kinds asked of one event: its month, its place, who played a role, what came first.

There is no "which event does this passage describe?": five cold reads by teachers found a
passage always paraphrases its own title (a "top diplomat" for a foreign minister, a "pact" for a
treaty), so the answer could be matched without knowing the history."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...content import Event, PartialDate, Precision
from ...content.dates import format_span
from ..choosing import form_distance, same_text, stable_rng
from ..model import Rejection
from ..phrases import about, capitalised, phrase
from ..registry import Candidate, Context, Draft, Kind, months_of, register
from ..rules import DISTINCT, GIVE_AWAY, ONE_ANSWER, RIGHT_THING, WORTH_KNOWING
from ..text import tokens

_YEAR = re.compile(r"\b20\d\d\b")
MONTH_NAMES = frozenset(
    """january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre""".split()  # noqa: SIM905
)


def names_a_time(text: str) -> bool:
    """Does a title say when it happened (a year, a month)? Then it can't be an option of
    an order question, and a date question would test only its month."""
    return bool(_YEAR.search(text)) or bool(MONTH_NAMES & set(tokens(text)))


@register
class DateKind(Kind):
    id = "date"
    asks_when = True
    hint_from = "thread"  # never the month: that is the answer

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        if not ctx.events:
            return
        years = (ctx.events[0].date.year, ctx.events[-1].date.year)
        for event in ctx.events:
            if not event.key:
                yield self.reject(WORTH_KNOWING, event.id, "not marked `key: true`")
                continue
            if event.date.precision is Precision.YEAR:
                yield self.reject(RIGHT_THING, event.id, "known only to the year")
                continue
            if names_a_time(event.title):  # four months of one year test the month alone
                yield self.reject(WORTH_KNOWING, event.id, "the title names its year")
                continue
            shown = months_of(event)
            taken = shown | ctx.alike_months[event.id]
            rng = stable_rng("date", event.id)
            answer = (event.date.year, event.date.month)
            bounds = ctx.month_bounds(event)
            months = choose_months(answer, taken, years, bounds, rng)
            if months is None:
                yield self.reject(ONE_ANSWER, event.id, "no square of months clearly wrong")
                continue
            # "White House says … has shipped": the shipping and the saying may be months apart
            key = "said" if event.statement else "begin" if len(shown) > 1 else "month"

            def draft(lang, content, event=event, months=months, key=key):
                localised = content.events_by_id[event.id]
                texts = [capitalised(PartialDate(y, m).format(lang)) for y, m in months]
                return Draft(
                    self.say(lang, key),
                    texts[0],
                    texts[1:],
                    about(localised, lang),
                    localised.title,
                )

            year, month = months[0]
            origin, answer_key = ctx.origin(event, "date"), f"date:{year}-{month}"
            yield self.candidate(
                ctx, event.id, (event.id,), origin, answer_key, draft, tuple(months)
            )


def choose_months(answer, taken, years, bounds, rng) -> list[tuple[int, int]] | None:
    """The answer's month and three wrong ones in a square: (month, year), (month, other year),
    (other month, year), (other month, other year), so each option shares its month with one
    and its year with one, and both must be known. None taken by the event or one like it, none
    outside `bounds` (where logic would rule it out)."""
    year, month = answer
    low, high = bounds

    def free(option: tuple[int, int]) -> bool:
        return option not in taken and low <= option <= high

    offsets = [o for o in (-3, -2, -1, 1, 2, 3) if 1 <= month + o <= 12]
    rng.shuffle(offsets)
    other_years = [y for y in (year - 1, year + 1) if years[0] <= y <= years[1]]
    rng.shuffle(other_years)
    for other_year in other_years:
        for offset in offsets:
            square = [(other_year, month), (year, month + offset), (other_year, month + offset)]
            if all(free(option) for option in square):
                return [answer, *square]
    return None


def venue_of(event: Event, ctx: Context) -> str | None:
    """The one physical place an event happened in, if asking for it teaches something: where a
    trip went, or a venue or region; not where a statement was made, nor the capital where a
    government does its daily business (the Duma votes in Moscow)."""
    if event.statement or len(event.place) != 1:
        return None
    place = ctx.reference.places.get(event.place[0])
    if place is None or place.kind not in ("venue", "city", "region"):
        return None
    return place.id if event.roles.visitor or place.kind != "city" else None


def unnamed_subject(ctx: Context, event: Event, answer: str) -> tuple[str, list[str]] | None:
    """The title, or else the clue, if it names neither the place nor a place inside it; with
    the places it does name (one that holds the answer narrows the choice to its contents)."""
    places = ctx.reference.places
    for field in ("title", "clue"):
        text = getattr(event, field)
        if not text:
            continue
        named = [p for p in places if ctx.mentions(text, places[p].name)]
        if answer not in named and not any(answer in ctx.holders(p) for p in named):
            return field, named
    return None


@register
class PlaceKind(Kind):
    id = "place"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        places = ctx.reference.places
        for event in ctx.events:
            if not event.key:
                yield self.reject(WORTH_KNOWING, event.id, "not marked `key: true`")
                continue
            answer = venue_of(event, ctx)
            if answer is None:
                why = (
                    "a statement: where it was said is not the point"
                    if event.statement
                    else ("no single venue, city or region")
                )
                yield self.reject(RIGHT_THING, event.id, why)
                continue
            holders = ctx.holders(answer)
            subject = unnamed_subject(ctx, event, answer)
            if subject is None:
                yield self.reject(GIVE_AWAY, event.id, "the title (and clue) name the place")
                continue
            field, named = subject
            # a place the title names that holds the answer narrows the choice to its contents
            within = [p for p in named if p in holders]
            if places[answer].capital and any(places[p].kind == "country" for p in within):
                yield self.reject(GIVE_AWAY, event.id, "the capital of a country it names")
                continue
            busy = {p for other in ctx.cluster(event) for p in other.place}
            rng = stable_rng("place", event.id)
            pool = [
                p.id
                for p in places.values()
                if p.kind == places[answer].kind
                and p.id not in holders
                and answer not in ctx.holders(p.id)
                and not busy & set(ctx.holders(p.id))
                and p.id not in named
                and all(w in ctx.holders(p.id) for w in within)
                # a venue among venues of another country is spotted at once
                and (places[answer].kind != "venue" or ctx.holders(p.id)[-1] == holders[-1])
            ]
            # plausible first: where events of the same sort happened; last, places known for
            # something else (a border crossing is no place for a foreign minister's talks)
            same = ctx.places_of_category(event.category)
            story = ctx.story_places
            pool.sort(key=lambda p: (-same.get(p, 0), story.get(p, 0) > 0, rng.random()))
            wrong: list[str] = []
            for p in pool:  # never one wrong place inside another (Primorye, the Far East)
                if len(wrong) < 3 and not any(
                    p in ctx.holders(w) or w in ctx.holders(p) for w in wrong
                ):
                    wrong.append(p)
            if len(wrong) < 3:
                yield self.reject(ONE_ANSWER, event.id, "fewer than three places clearly wrong")
                continue

            def draft(lang, content, event=event, ids=(answer, *wrong), field=field):
                localised = content.events_by_id[event.id]
                names = [capitalised(content.reference.place_name(p)) for p in ids]
                explain = self.say(lang, "explain", place=names[0], about=about(localised, lang))
                passage = getattr(localised, field)
                return Draft(self.say(lang, "ask"), names[0], names[1:], explain, passage)

            yield self.candidate(
                ctx, event.id, (event.id,), ctx.origin(event, "place"), f"place:{answer}", draft
            )


def names_person(name: str, text: str) -> bool:
    """Does the text name the person by any part of the name (Shoigu for Sergei Shoigu, Kim
    for Kim Jong Un: Korean names put the family name first)?"""
    have = set(tokens(text))
    return any(part in have for part in tokens(name) if len(part) > 2)


@register
class PeopleKind(Kind):
    id = "people"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        actors = ctx.reference.actors
        by_role: dict[str, set[str]] = {}
        for event in ctx.events:
            for role, name in dict(event.roles).items():
                if name:
                    by_role.setdefault(role, set()).add(name)
        for event in ctx.events:
            roles = [(r, n) for r, n in dict(event.roles).items() if n]
            if not roles:
                yield self.reject(WORTH_KNOWING, event.id, "no `roles:` given")
            for role, name in roles:
                subject = f"{event.id}:{role}"
                actor = actors.get(name)
                if actor is None or actor.kind != "person":
                    yield self.reject(
                        RIGHT_THING, subject, f"{name} is not a person in actors.yaml"
                    )
                    continue
                # the title is the subject; a clue describes roles ("Russia's president"), so
                # it would give the person away
                if names_person(name, event.title):
                    yield self.reject(GIVE_AWAY, subject, "the title names the person")
                    continue
                text = " ".join([event.title, event.summary, event.body, event.clue])
                involved = set(event.actors) | {a for o in ctx.cluster(event) for a in o.actors}
                rng = stable_rng("people", subject)
                pool = [
                    other.name
                    for other in actors.values()
                    if other.kind == "person"
                    and other.country == actor.country
                    and other.name not in involved
                    and not names_person(other.name, text)
                ]
                pool.sort(key=lambda n: (n not in by_role.get(role, ()), rng.random()))
                wrong = pool[:3]
                if len(wrong) < 3:
                    yield self.reject(
                        ONE_ANSWER, subject, "fewer than three people clearly not involved"
                    )
                    continue

                def draft(lang, content, event=event, role=role, names=(name, *wrong)):
                    localised = content.events_by_id[event.id]
                    shown = [content.reference.actor_name(n) for n in names]
                    explain = about(localised, lang)
                    if not ctx.mentions(localised.summary, shown[0]):  # else it names them twice
                        explain = self.say(lang, f"explain {role}", person=shown[0], about=explain)
                    return Draft(
                        self.say(lang, role), shown[0], shown[1:], explain, localised.title
                    )

                origin = ctx.origin(event, "roles")
                yield self.candidate(ctx, subject, (event.id,), origin, f"person:{name}", draft)


@register
class OrderKind(Kind):
    id = "order"
    asks_when = True
    hint_from = ""

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        key_events = [e for e in ctx.events if e.key]
        for event in ctx.events:
            if not event.key:
                yield self.reject(WORTH_KNOWING, event.id, "not marked `key: true`")
        threads = ctx.threads
        asked: dict[frozenset[str], str] = {}
        first: dict[str, str] = {}  # the event that comes first -> the question it answers
        for index, event in enumerate(key_events):
            if names_a_time(event.title):
                yield self.reject(GIVE_AWAY, event.id, "the title says when it happened")
                continue
            chosen = choose_for_order(event, key_events, index, threads)
            if chosen is None:
                yield self.reject(ONE_ANSWER, event.id, "fewer than three key events well apart")
                continue
            four = frozenset((event.id, *(o.id for o in chosen)))
            if four in asked:
                yield self.reject(DISTINCT, event.id, f"the same four events as {asked[four]}")
                continue
            asked[four] = event.id
            shown = sorted((event, *chosen), key=lambda e: e.date.first_day)
            if shown[0].id in first:  # the earliest key event would be every answer
                yield self.reject(
                    DISTINCT, event.id, f"the same answer as order:{first[shown[0].id]}"
                )
                continue
            first[shown[0].id] = event.id

            def draft(lang, content, ids=tuple(e.id for e in shown)):
                shown = [content.events_by_id[i] for i in ids]
                dates = phrase(lang, "list_separator").join(
                    phrase(lang, "dated", title=e.title, date=format_span(e.date, e.end, lang))
                    for e in shown
                )
                explain = self.say(lang, "explain", dates=dates)
                return Draft(
                    self.say(lang, "ask"), shown[0].title, [e.title for e in shown[1:]], explain
                )

            events = (event.id, *(o.id for o in chosen))
            origin = ctx.origin(event, "date")
            answer = f"event:{shown[0].id}"
            yield self.candidate(ctx, event.id, events, origin, answer, draft)


def choose_for_order(
    event: Event, key_events: list[Event], index: int, threads: dict[str, set[str]]
) -> list[Event] | None:
    """Three key events to set against `event`, each over 20 days from the others, so the first
    is clearly first. Some come before it, some after, at random: in "Quiz me on this event" the
    event itself must not always be the answer. No two share a thread (signing before
    ratifying is logic, not knowledge), nor more than two a category (troops heading to Kursk,
    then fighting there, then killed: a causal chain)."""
    rng = stable_rng("order", event.id)
    alike = form_distance(event.title)
    near = [
        o
        for o in key_events[max(0, index - 11) : index + 12]
        if o is not event and not names_a_time(o.title)
    ]
    rng.shuffle(near)
    near.sort(key=lambda o: alike(o.title))
    before = rng.randrange(4)  # how many of the three come before the event
    chosen: list[Event] = []

    def fits(o: Event) -> bool:
        group = [event, *chosen]
        return (
            all(apart(o, c) and not same_text(o.title, c.title) for c in group)
            and not any(threads.get(o.id, set()) & threads.get(c.id, set()) for c in group)
            and sum(c.category == o.category for c in group) < 2
        )

    for keep_to_sides in (True, False):  # the drawn number before it, else any side
        for o in near:
            if len(chosen) == 3 or o in chosen:
                continue
            earlier = o.date.first_day < event.date.first_day
            wants_earlier = sum(c.date.first_day < event.date.first_day for c in chosen) < before
            if (earlier == wants_earlier or not keep_to_sides) and fits(o):
                chosen.append(o)
    return chosen if len(chosen) == 3 else None


def apart(a: Event, b: Event, days: int = 20) -> bool:
    """More than `days` between one's end and the other's start: which came first is known."""
    first, second = sorted((a, b), key=lambda e: e.date.first_day)
    return (second.date.first_day - (first.end or first.date).last_day).days > days
