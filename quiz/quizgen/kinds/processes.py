"""Kinds that follow a thread across events: the steps of one process, and what Moscow and
Pyongyang had confirmed when a report came out."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Rejection
from ..phrases import elide, month, phrase
from ..registry import Candidate, Context, Draft, Kind, register
from ..rules import ONE_ANSWER, RIGHT_THING, WORTH_KNOWING


@register
class StepsKind(Kind):
    id = "steps"
    asks_when = True
    hint_from = ""

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        for process in ctx.reference.processes:
            dates = [
                step.date or ctx.source.events_by_id[step.event].date for step in process.steps
            ]
            origin = ctx.reference.origin("processes.yaml", process.id)
            for index in range(len(process.steps) - 1):
                subject = f"{process.id}:{index + 1}"
                # neighbours first: the step before, then the ones further on
                others = [
                    j
                    for j in (index + 2, index - 1, index + 3, index - 2, index + 4, index - 3)
                    if 0 <= j < len(process.steps) and j not in (index, index + 1)
                ]
                if len(others) < 2:
                    yield self.reject(ONE_ANSWER, subject, "fewer than two other steps")
                    continue
                chosen = [index + 1, *others[:3]]

                def draft(lang, content, pid=process.id, index=index, chosen=chosen, dates=dates):
                    localised = next(p for p in content.reference.processes if p.id == pid)
                    labels = [s.label for s in localised.steps]
                    steps = phrase(lang, "list_separator").join(
                        f"{label} ({date.format(lang)})"
                        for label, date in zip(labels, dates, strict=True)
                    )
                    return Draft(
                        elide(self.say(lang, "ask", title=localised.title), lang),
                        labels[chosen[0]],
                        [labels[j] for j in chosen[1:]],
                        self.say(lang, "explain", steps=steps),
                        labels[index],
                    )

                # every step's event: the explanation dates them all
                order = (index + 1, index, *range(len(process.steps)))
                events = tuple(dict.fromkeys(process.steps[j].event for j in order))
                yield self.candidate(ctx, subject, events, origin, f"step:{subject}", draft)


STATUSES = ("neither", "russia", "north-korea", "both")


@register
class ClaimKind(Kind):
    id = "claim"
    asks_when = True
    hint_from = "thread"

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        events = ctx.source.events_by_id
        for event in ctx.events:
            if not event.claim:
                continue
            if not event.key:  # the pattern is the lesson: asked of the reports that mattered
                yield self.reject(WORTH_KNOWING, event.id, "not marked `key: true`")
                continue
            claim = ctx.reference.claims[event.claim]
            confirmations = {
                side: events[event_id].date if event_id in events else None
                for side, event_id in (
                    ("russia", claim.confirmed_by_russia),
                    ("north-korea", claim.confirmed_by_north_korea),
                )
            }
            if event.date.last_day > claim.until.last_day:
                yield self.reject(RIGHT_THING, event.id, "reported after the claim's `until:`")
                continue
            near = [
                d
                for d in confirmations.values()
                if d and abs((d.first_day - event.date.first_day).days) <= 2
            ]
            if near or event.id in (claim.confirmed_by_russia, claim.confirmed_by_north_korea):
                yield self.reject(ONE_ANSWER, event.id, "reported within days of a confirmation")
                continue
            done = {
                side for side, d in confirmations.items() if d and d.last_day < event.date.first_day
            }
            status = "both" if len(done) == 2 else (done.pop() if done else "neither")
            order = [status, *(s for s in STATUSES if s != status)]

            def draft(lang, content, event=event, order=order, confirmations=confirmations):
                localised = content.events_by_id[event.id]
                that = content.reference.claims[event.claim].that
                ask = self.say(lang, "ask", month=month(event.date, lang), that=that)
                ask = elide(ask, lang)
                until = month(content.reference.claims[event.claim].until, lang)
                said = {
                    side: self.say(lang, f"{side} on", date=d.format(lang))
                    if d
                    else self.say(lang, f"{side} never", until=until)
                    for side, d in confirmations.items()
                }
                if not any(confirmations.values()):
                    said = {"russia": self.say(lang, "never", until=until), "north-korea": ""}
                    confirmed = next(
                        (c for c in content.reference.claims.values() if c.confirmed_by_russia),
                        None,
                    )
                    if confirmed and confirmed.confirmed_by_russia in events:
                        when_ = events[confirmed.confirmed_by_russia].date
                        said["north-korea"] = elide(
                            self.say(lang, "unlike", month=month(when_, lang), that=confirmed.that),
                            lang,
                        )
                explain = self.say(
                    lang,
                    "explain",
                    reported=month(event.date, lang),  # the day may be the event, not the report
                    russia=said["russia"],
                    north_korea=said["north-korea"],
                ).strip()
                options = [self.say(lang, s) for s in order]
                return Draft(ask, options[0], options[1:], explain, localised.title)

            origin = ctx.origin(event, "claim")
            told = [e for e in (claim.confirmed_by_russia, claim.confirmed_by_north_korea) if e]
            dated = tuple(dict.fromkeys((event.id, *told)))  # the explanation dates them
            yield self.candidate(ctx, event.id, dated, origin, f"claim:{status}", draft)
