"""Questions teachers wrote: `facts:` hooks in event files and questions/*.yaml (or .gift).
They are served as written; `content check` warns where their options give the answer away."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Option, Question, Rejection
from ..phrases import about
from ..registry import Candidate, Context, Draft, Kind, register


@register
class FactKind(Kind):
    id = "fact"
    written_by_teacher = True

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        for event in ctx.events:
            for index in range(len(event.facts)):

                def draft(lang, content, event=event, index=index):
                    localised = content.events_by_id[event.id]
                    fact = localised.facts[index]
                    explain = fact.explanation or about(localised, lang)
                    return Draft(
                        fact.ask, fact.answer, list(fact.wrong), explain, hint=fact.hint or ""
                    )

                subject = f"{event.id}:{index}"
                origin = ctx.origin(event, f"facts.{index}")
                yield self.candidate(ctx, subject, (event.id,), origin, f"fact:{subject}", draft)


@register
class HandKind(Kind):
    id = "hand"
    written_by_teacher = True

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        for index, written in enumerate(ctx.source.questions):
            questions = {}
            for lang, content in ctx.languages.items():
                localised = content.questions[index]
                answer = next(i for i, c in enumerate(localised.choices) if c.correct)
                origin = ctx.source.origins.get(("question", written.id), "")
                questions[lang] = Question(
                    id=f"hand:{written.id}",
                    kind=self.id,
                    prompt=localised.prompt,
                    options=tuple(Option(c.text, c.feedback) for c in localised.choices),
                    answer=answer,
                    explanation=localised.explanation,
                    event_ids=tuple(written.events),
                    stem=localised.prompt,
                    origin=origin,
                    answer_key=f"hand:{written.id}",
                    hint=localised.hint or "",
                )
            yield Candidate(self.id, written.id, questions)
