"""The shape of every content file, as pydantic models: strict to check, immutable once loaded."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from .dates import PartialDate

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _to_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("write the date as YYYY-MM-DD, YYYY-MM or YYYY")
    return PartialDate.parse(value)


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("must be a web address starting with http:// or https://")
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(
            "use only lowercase letters, digits and single hyphens, e.g. treaty-signed"
        )
    return value


def _media_name(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.(?:png|jpe?g|webp|svg)", value):
        raise ValueError(
            "must be the name of a file in content/media/ ending in .png, .jpg, .webp or .svg, "
            "in lowercase letters, digits and hyphens (no folder), e.g. khasan-bridge.png"
        )
    return value


DateField = Annotated[
    PartialDate,
    BeforeValidator(_to_partial_date),
    PlainSerializer(PartialDate.iso, return_type=str),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=140)]
Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_http_url)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_slug)]
MediaName = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_media_name)]


class Strict(BaseModel):
    """Unknown keys are errors (a typo like `titel` must not vanish silently); numbers read as text
    where text is expected, so `answer: 1948` works."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Category(Strict):
    id: Slug
    label: Text


class Era(Strict):
    id: Slug
    label: Text
    start: DateField
    end: DateField

    @model_validator(mode="after")
    def _ordered(self) -> Era:
        if self.end.last_day < self.start.first_day:
            raise ValueError("end: the era ends before it starts (swap start and end)")
        return self


class Band(Strict):
    """What the results page says to a score from `from`% up to `to`% (`to` itself belongs to
    the next band; the last band, ending at 100, includes 100%)."""

    start: Annotated[int, Field(alias="from", ge=0, le=100)]
    to: Annotated[int, Field(ge=0, le=100)]
    message: Text

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.to <= self.start:
            raise ValueError("to: a band ends above where it starts (from: 40, to: 80)")
        return self


class Site(Strict):
    title: Title
    subtitle: str = ""
    categories: Annotated[list[Category], Field(min_length=1)]
    eras: list[Era] = []
    bands: list[Band] = []  # the score messages of every quiz without bands of its own


class Source(Strict):
    publisher: Text
    title: str = ""  # some stored copies show no headline; the page then links the publisher
    url: Url
    date: DateField | None = None


Qualifier = Literal["about", "more than", "at least", "nearly", "just over", "up to"]


def one_or_many(value: Any) -> Any:
    """`place: moscow` and `place: [moscow, kazan]` both mean a list of ids."""
    return [value] if isinstance(value, str) else value


class Figure(Strict):
    label: Text
    value: Annotated[float, Field(strict=False)]
    qualifier: Qualifier | None = None  # "about 600": the words go in the app's phrases
    by: Text
    as_of: DateField | None = None
    measure: Slug | None = None  # an id from measures.yaml: estimates of the same thing
    key: bool = False  # worth asking: generated figure questions ask key figures only

    @model_validator(mode="before")
    @classmethod
    def _value_is_a_number(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("value"), str | bool):
            raise ValueError("value: write a plain number such as 11000 (no commas, no words)")
        return data


class Fact(Strict):
    ask: Text
    answer: Text
    wrong: Annotated[list[Text], Field(min_length=3, max_length=3)]
    explanation: str = ""
    hint: Text | None = None  # a nudge a practising student may ask for; never the answer

    @model_validator(mode="after")
    def _distinct(self) -> Fact:
        choices = [self.answer.casefold(), *(w.casefold() for w in self.wrong)]
        if len(set(choices)) != len(choices):
            raise ValueError("wrong: the answer and the three wrong answers must all differ")
        return self


class Media(Strict):
    """An image shown on the event's page and in timeline.json, kept in content/media/."""

    file: MediaName
    alt: Text  # what the image shows, for whoever cannot see it
    credit: Text  # who made it ("Project contributors", a photographer and agency)
    licence: Text  # under which terms it may be shown ("CC BY 4.0", "public domain")
    caption: str = ""


class Roles(Strict):
    """Who did what, for role-specific "Who…?" questions; each a name from `actors:`."""

    visitor: Text | None = None  # who made the visit or the trip
    announcer: Text | None = None  # who made the statement or gave the figure


class EventFront(Strict):
    """The YAML front matter of an event file."""

    date: DateField
    end: DateField | None = None
    title: Title
    category: Slug
    key: bool = False  # one of the events every student should know: its date is asked
    statement: bool = False  # something said or published: its place is where it was said
    claim: Slug | None = None  # an id from claims.yaml: a report Moscow and Pyongyang denied
    roles: Roles = Roles()
    actors: list[Text] = []
    place: Annotated[list[Slug], BeforeValidator(one_or_many)] = []  # ids from places.yaml
    summary: Text
    clue: str = ""  # a passage for "Which event is this?" that avoids the title's words
    sources: Annotated[list[Source], Field(min_length=1)]
    figures: list[Figure] = []
    facts: list[Fact] = []
    media: list[Media] = []


class Choice(Strict):
    text: Text
    correct: bool = False
    feedback: str = ""


class HandQuestion(Strict):
    """A question written by a teacher in content/questions/*.yaml."""

    id: Slug
    prompt: Text
    choices: Annotated[list[Choice], Field(min_length=2, max_length=6)]
    explanation: Text
    events: Annotated[list[Slug], Field(min_length=1)]
    hint: Text | None = None  # a nudge a practising student may ask for; never the answer

    @model_validator(mode="after")
    def _one_correct_distinct(self) -> HandQuestion:
        correct = sum(choice.correct for choice in self.choices)
        if correct != 1:
            raise ValueError(f"choices: exactly one choice needs `correct: true` (found {correct})")
        texts = [choice.text.casefold() for choice in self.choices]
        if len(set(texts)) != len(texts):
            raise ValueError("choices: two choices have the same text")
        return self


class Preset(Strict):
    """A named quiz in content/quizzes.yaml: which events and kinds it draws from, and how many."""

    id: Slug
    title: Title
    description: Text
    questions: Annotated[int, Field(ge=1, le=50)]
    eras: list[Slug] = []
    categories: list[Slug] = []
    kinds: list[Slug] = []  # checked against the registry of question kinds
    bands: list[Band] = []  # this quiz's own score messages (else site.yaml's)


# -- translations: the same content in another language, in files next to the English ones ----
class FigureText(Strict):
    label: Text
    by: Text


class MediaText(Strict):
    alt: Text
    caption: str = ""


class EventText(Strict):
    """Front matter of `<event file>.fr.md`: an event's words, in the order of the English."""

    title: Title
    summary: Text
    clue: str = ""
    figures: list[FigureText] = []
    facts: list[Fact] = []  # a translated fact has the same fields and rules
    media: list[MediaText] = []  # each image's alt text and caption


class ChoiceText(Strict):
    text: Text
    feedback: str = ""


class QuestionText(Strict):
    id: Slug
    prompt: Text
    choices: Annotated[list[ChoiceText], Field(min_length=2, max_length=6)]
    explanation: Text
    hint: Text | None = None

    @model_validator(mode="after")
    def _distinct(self) -> QuestionText:
        texts = [choice.text.casefold() for choice in self.choices]
        if len(set(texts)) != len(texts):
            raise ValueError("choices: two choices have the same text")
        return self


class SiteText(Strict):
    title: Title
    subtitle: str = ""
    categories: dict[str, Text] = {}
    eras: dict[str, Text] = {}
    bands: list[Text] = []  # each band's message, in the order of site.yaml


class PresetText(Strict):
    id: Slug
    title: Title
    description: Text
    bands: list[Text] = []  # each band's message, in the order of quizzes.yaml
