"""What questions draw on besides the events: places, actors, measures, processes and claims.

Each lives in its own file beside the events (`places.yaml`, `actors.yaml`, `measures.yaml`,
`processes.yaml`, `claims.yaml`), with its French words in a twin (`places.fr.yaml`, …). Every
file is optional: a folder without a gazetteer simply has no place ids to refer to.

`excluded.yaml` lists questions no quiz may ask; its ids are checked once questions exist
(`quiz.quizgen.bank`), so here they are only read, with their lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BeforeValidator, ConfigDict, Field

from .reading import Model, Reader, did_you_mean
from .schema import DateField, Slug, Strict, Text, one_or_many
from .yamlsource import Located

PlaceKind = Literal["country", "region", "city", "venue", "river", "route"]
POINTED = (
    "region",
    "city",
    "venue",
    "river",
)  # kinds a map marks with a point (countries it draws)


def _coordinates(value: Any) -> tuple[float, float]:
    """`[39.03, 125.75]`: latitude then longitude, in decimal degrees (north and east positive)."""
    hint = "write [latitude, longitude] in decimal degrees, e.g. [39.03, 125.75]"
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"must be two numbers: {hint}")
    if any(isinstance(v, bool) or not isinstance(v, int | float) for v in value):
        raise ValueError(f"must be two plain numbers, not text: {hint}")
    lat, lon = float(value[0]), float(value[1])
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is not between -90 and 90 ({hint}; is it swapped?)")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is not between -180 and 180 ({hint})")
    return lat, lon


Coordinates = Annotated[tuple[float, float], BeforeValidator(_coordinates)]
ActorKind = Literal["person", "organisation", "country"]


class Place(Strict):
    model_config = ConfigDict(populate_by_name=True)

    id: Slug
    name: Text
    kind: PlaceKind
    within: Slug | None = Field(default=None, alias="in")  # the place that holds it
    capital: bool = False  # a country's capital: among its other cities, the obvious guess
    aliases: list[Text] = []  # other words that name it, so a question can't give it away
    coordinates: Coordinates | None = None  # [latitude, longitude]: where the map marks it


class Actor(Strict):
    name: Text
    kind: ActorKind
    country: Slug | None = None  # the side they act for: a place id of kind country


Entry = TypeVar("Entry", Place, Actor)  # an entry of a file that maps ids to words
Missing = Callable[[Path, int, str, str], None]  # (path, line, what, add): reports a gap


class Family(Strict):
    id: Slug
    label: Text  # a neutral name for what the family's measures count ("North Korean losses")


class Measure(Strict):
    id: Slug
    family: Slug | None = None
    label: Text  # what is counted, as a plural noun ("North Korean soldiers killed")
    unit: Slug | None = None  # what one counts (soldiers, containers): only like is compared
    series: list[Text] = []  # sources whose every estimate of it the timeline holds


class Source(Strict):
    """Who gives estimates (a figure's `by`), and the countries they speak for: a quiz never
    offers the Pentagon as a wrong answer to "the US government", nor a member's agency as a
    wrong answer to the eleven-country MSMT."""

    name: Text
    countries: Annotated[list[Slug], BeforeValidator(one_or_many)] = []
    aliases: list[Text] = []  # how headlines name it ("South Korea's spy agency")
    short: Text | None = None  # how an answer option names it, when `name` is long


class MeasureFile(Strict):
    families: list[Family] = []
    measures: list[Measure] = []
    sources: list[Source] = []


class Step(Strict):
    event: Slug
    date: DateField | None = None  # when the step is one part of its event, on another day
    label: Text


class Process(Strict):
    id: Slug
    title: Text  # "the ratification of the June 2024 treaty": completes "In {title}, …"
    steps: Annotated[list[Step], Field(min_length=3)]


class Claim(Strict):
    id: Slug
    that: Text  # "North Korean troops were fighting for Russia": completes "confirmed that …"
    confirmed_by_russia: Slug | None = None  # the event in which each side first confirmed it
    confirmed_by_north_korea: Slug | None = None
    until: DateField  # reports after this date are not asked about


# -- the French (or other) words of those files ---------------------------------------------------
class PlaceText(Strict):
    name: Text
    aliases: list[Text] = []


class MeasureText(Strict):
    id: Slug
    label: Text


class MeasureFileText(Strict):
    families: dict[str, Text] = {}
    measures: list[MeasureText] = []
    sources: dict[str, Text] = {}  # English name -> how an answer option names it


class ProcessText(Strict):
    id: Slug
    title: Text
    steps: list[Text]


class ClaimText(Strict):
    id: Slug
    that: Text


Keyed = TypeVar("Keyed", ProcessText, ClaimText)  # a twin's list entry, found by its id


@dataclass(frozen=True)
class Exclusion:
    """One line of excluded.yaml: a question id and where it was written."""

    question_id: str
    path: str
    line: int


@dataclass(frozen=True)
class Reference:
    places: Mapping[str, Place] = field(default_factory=dict)
    actors: Mapping[str, Actor] = field(default_factory=dict)
    families: Mapping[str, Family] = field(default_factory=dict)
    measures: Mapping[str, Measure] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    processes: tuple[Process, ...] = ()
    claims: Mapping[str, Claim] = field(default_factory=dict)
    excluded: tuple[Exclusion, ...] = ()
    origins: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (file, id) -> "f:line"

    def origin(self, file_name: str, entry_id: str) -> str:
        return self.origins.get((file_name, entry_id), file_name)

    def place_name(self, place_id: str) -> str:
        place = self.places.get(place_id)
        return place.name if place else place_id

    def actor_name(self, name: str) -> str:
        actor = self.actors.get(name)
        return actor.name if actor else name

    def holders(self, place_id: str) -> list[str]:
        """The place and every place that holds it, innermost first (Kyiv, Ukraine)."""
        chain, seen = [], set()
        while place_id in self.places and place_id not in seen:
            seen.add(place_id)
            chain.append(place_id)
            place_id = self.places[place_id].within or ""
        return chain

    def point(self, place_id: str) -> tuple[float, float] | None:
        """Where the map marks a place: its own coordinates, else those of the nearest place
        holding it that has some (a venue in Pyongyang is marked at Pyongyang); countries,
        drawn as outlines, and routes, which are lines, get no point."""
        for held in self.holders(place_id):
            place = self.places[held]
            if place.kind not in POINTED:
                return None
            if place.coordinates:
                return place.coordinates
        return None


# -- reading -----------------------------------------------------------------------------------
def load(reader: Reader) -> Reference:
    """The English reference files; cross-file rules (events, steps) are checked by the caller."""
    places = _by_key(reader, "places.yaml", Place, "id")
    actors = _by_key(reader, "actors.yaml", Actor, "name")
    measures_file = _load_one(reader, "measures.yaml", MeasureFile)
    families = {f.id: f for f in measures_file.families} if measures_file else {}
    measures = {m.id: m for m in measures_file.measures} if measures_file else {}
    sources = {s.name: s for s in measures_file.sources} if measures_file else {}
    processes = _by_key(reader, "processes.yaml", Process, "id")
    claims = _by_key(reader, "claims.yaml", Claim, "id")
    reference = Reference(
        places=MappingProxyType(places),
        actors=MappingProxyType(actors),
        families=MappingProxyType(families),
        measures=MappingProxyType(measures),
        sources=MappingProxyType(sources),
        processes=tuple(processes.values()),
        claims=MappingProxyType(claims),
        excluded=_exclusions(reader),
        origins=MappingProxyType(
            {
                (name, str(parts[-1])): f"{reader.display(reader.root / name)}:{line}"
                for (name, *parts), line in reader.entry_lines.items()
            }
        ),
    )
    _check(reader, reference)
    return reference


def _check(reader: Reader, reference: Reference) -> None:
    """Ids that point at other entries of the same files."""
    places = reference.places
    for place in places.values():
        if place.within and place.within not in places:
            _report(reader, "places.yaml", ("id", place.id), "in", place.within, list(places))
        elif place.within and place.id in reference.holders(place.within):
            reader.error(*_where(reader, "places.yaml", ("id", place.id)), "in", "makes a loop")
        if place.kind == "city" and place.coordinates is None:
            path, line = _where(reader, "places.yaml", ("id", place.id))
            reader.error(
                path,
                line,
                "coordinates",
                f"is missing for the city `{place.id}` (the map marks every city)",
                "add a line `coordinates: [latitude, longitude]`, e.g. [39.03, 125.75], "
                "from GeoNames or Wikipedia, rounded to 2 decimals",
            )
    countries = [p.id for p in places.values() if p.kind == "country"]
    for actor in reference.actors.values():
        if actor.country and actor.country not in countries:
            _report(
                reader, "actors.yaml", ("name", actor.name), "country", actor.country, countries
            )
    for source in reference.sources.values():
        for country in source.countries:
            if country not in countries:
                where = ("sources", "name", source.name)
                _report(reader, "measures.yaml", where, "countries", country, countries)
    for measure in reference.measures.values():
        if measure.family and measure.family not in reference.families:
            where = ("measures", "id", measure.id)
            _report(reader, "measures.yaml", where, "family", measure.family, [*reference.families])


def _report(
    reader: Reader, name: str, at: tuple[str, ...], key: str, value: str, known: list[str]
) -> None:
    path, line = _where(reader, name, at)
    hint = did_you_mean(value, known, "use an id defined in the same file")
    reader.error(path, line, key, f"`{value}` is not defined", hint)


def _where(reader: Reader, name: str, at: tuple[str, ...]) -> tuple[Path, int]:
    """(file, line) of the entry whose `key` is `value` (at = (*sections, key, value))."""
    path = reader.root / name
    return path, reader.entry_lines.get((name, *at), 1)


def _load_located(reader: Reader, name: str) -> tuple[Path, Located | None]:
    path = reader.root / name
    if not path.exists():
        return path, None
    text = reader.read(path)
    return path, (text is not None and reader.parse_yaml(path, text)) or None


def _by_key(reader: Reader, name: str, model: type[Model], key: str) -> dict[str, Model]:
    """A list file (`- id: …` entries) as {key: entry}, each entry's line remembered."""
    path, located = _load_located(reader, name)
    if located is None or located.data is None:
        return {}
    if not isinstance(located.data, list):
        reader.error(path, 1, "file", f"must be a list, each item starting with `- {key}:`")
        return {}
    found: dict[str, Model] = {}
    for index in range(len(located.data)):
        item = reader.validate(model, located, path, at=(index,))
        if item is None:
            continue
        value = getattr(item, key)
        line = located.line_of((index,))
        if value in found:
            reader.error(path, line, key, f"`{value}` is used twice", "keep only one of them")
            continue
        found[value] = item
        reader.entry_lines[(name, key, value)] = line
    return found


def _load_one(reader: Reader, name: str, model: type[Model]) -> Model | None:
    path, located = _load_located(reader, name)
    if located is None or located.data is None:
        return None
    if not isinstance(located.data, dict):
        reader.error(path, 1, "file", "must hold sections such as `measures:`")
        return None
    loaded = reader.validate(model, located, path)
    for section, items in located.data.items():
        for index, item in enumerate(items if isinstance(items, list) else ()):
            for key in ("id", "name"):
                if isinstance(item, dict) and key in item:
                    line = located.line_of((section, index))
                    reader.entry_lines[(name, section, key, str(item[key]))] = line
    return loaded


def _exclusions(reader: Reader) -> tuple[Exclusion, ...]:
    path, located = _load_located(reader, "excluded.yaml")
    if located is None or located.data is None:
        return ()
    if not isinstance(located.data, list):
        reader.error(path, 1, "file", "must be a list of question ids, one `- id` per line")
        return ()
    out = []
    for index, item in enumerate(located.data):
        line = located.line_of((index,))
        if not isinstance(item, str) or not item.strip():
            reader.error(path, line, f"[{index}]", "must be a question id such as `date:x`")
            continue
        out.append(Exclusion(item.strip(), reader.display(path), line))
    return tuple(out)


# -- other languages -------------------------------------------------------------------------
def translate(reader: Reader, reference: Reference, lang: str, missing: Missing) -> Reference:
    """The same reference in `lang`: names, labels and clauses replaced where the twin has them;
    `missing(path, line, what, add)` reports what the twin lacks."""
    return replace(
        reference,
        places=MappingProxyType(_places(reader, reference, lang, missing)),
        actors=MappingProxyType(_actors(reader, reference, lang, missing)),
        **_measures(reader, reference, lang, missing),
        processes=_processes(reader, reference, lang, missing),
        claims=MappingProxyType(_claims(reader, reference, lang, missing)),
    )


def _twin_mapping(reader: Reader, name: str, lang: str) -> tuple[Path, Located | None, Any]:
    path = reader.root / name.replace(".yaml", f".{lang}.yaml")
    if not (reader.root / name).exists():
        return path, None, None
    if not path.exists():
        return path, None, {}
    text = reader.read(path)
    located = text is not None and reader.parse_yaml(path, text)
    if not located or located.data is None:
        return path, None, {}
    return path, located, located.data


def _mapping_twin(
    reader: Reader,
    name: str,
    lang: str,
    missing: Missing,
    entries: Mapping[str, Entry],
    words_of: Callable[[Entry, Any, Located, Path], Entry | None],
) -> dict[str, Entry]:
    """A twin that maps each entry's key to its words (places.fr.yaml, actors.fr.yaml):
    `words_of(entry, value, located, path)` gives the entry in that language, or None."""
    path, located, data = _twin_mapping(reader, name, lang)
    if data is None:
        return dict(entries)
    if not isinstance(data, dict):
        reader.error(path, 1, "file", "must map each entry to its words: `moscow: Moscou`")
        return dict(entries)
    out = {}
    for key, entry in entries.items():
        value = data.get(key)
        found = value is not None and located is not None  # no twin file: nothing is found
        translated = words_of(entry, value, located, path) if found and located else None
        if translated is None:
            missing(path, 1, f"`{key}`", f"a line `{key}: …`")
        out[key] = translated or entry
    _unknown(reader, path, located, set(data) - set(entries), name)
    return out


def _places(reader: Reader, reference: Reference, lang: str, missing: Missing) -> dict[str, Place]:
    def words_of(place: Place, value: Any, located: Located, path: Path) -> Place | None:
        if isinstance(value, dict):
            text = reader.validate(PlaceText, located, path, at=(place.id,))
        else:
            text = PlaceText(name=str(value))
        return place.model_copy(update=dict(text)) if text else None

    return _mapping_twin(reader, "places.yaml", lang, missing, reference.places, words_of)


def _actors(reader: Reader, reference: Reference, lang: str, missing: Missing) -> dict[str, Actor]:
    def words_of(actor: Actor, value: Any, located: Located, path: Path) -> Actor | None:
        name = value.strip() if isinstance(value, str) else ""
        return actor.model_copy(update={"name": name}) if name else None

    return _mapping_twin(reader, "actors.yaml", lang, missing, reference.actors, words_of)


def _measures(reader: Reader, reference: Reference, lang: str, missing: Missing) -> dict[str, Any]:
    path, located, data = _twin_mapping(reader, "measures.yaml", lang)
    unchanged = {
        "families": reference.families,
        "measures": reference.measures,
        "sources": reference.sources,
    }
    if data is None:
        return unchanged
    text = (
        reader.validate(MeasureFileText, located, path) if data and located else MeasureFileText()
    )
    if text is None:
        return unchanged
    families = {}
    for family_id, family in reference.families.items():
        label = text.families.get(family_id)
        if label is None:
            missing(path, 1, f"family `{family_id}`", f"`{family_id}: …` under families:")
        families[family_id] = family.model_copy(update={"label": label or family.label})
    words = {m.id: m for m in text.measures}
    measures = {}
    for measure_id, measure in reference.measures.items():
        found = words.pop(measure_id, None)
        if found is None:
            missing(path, 1, f"measure `{measure_id}`", f"an entry `- id: {measure_id}`")
        update = {"label": found.label} if found else {}
        measures[measure_id] = measure.model_copy(update=update)
    for unknown in words:
        reader.error(path, 1, "measures", f"`{unknown}` is not an id in measures.yaml")
    sources = {
        name: source.model_copy(update={"short": text.sources.get(name, source.short)})
        for name, source in reference.sources.items()
    }
    for unknown in set(text.sources) - set(reference.sources):
        reader.error(path, 1, "sources", f"`{unknown}` is not a source in measures.yaml")
    return {
        "families": MappingProxyType(families),
        "measures": MappingProxyType(measures),
        "sources": MappingProxyType(sources),
    }


def _list_twin(
    reader: Reader, name: str, lang: str, model: type[Keyed]
) -> tuple[Path, dict[str, tuple[Keyed, int]] | None]:
    path, located, data = _twin_mapping(reader, name, lang)
    if data is None or located is None:
        return path, None if data is None else {}
    if not isinstance(data, list):
        reader.error(path, 1, "file", "must be a list, each item starting with `- id:`")
        return path, {}
    items: dict[str, tuple[Keyed, int]] = {}
    for index in range(len(data)):
        item = reader.validate(model, located, path, at=(index,))
        if item is not None:
            items[item.id] = (item, located.line_of((index,)))
    return path, items


def _processes(
    reader: Reader, reference: Reference, lang: str, missing: Missing
) -> tuple[Process, ...]:
    path, texts = _list_twin(reader, "processes.yaml", lang, ProcessText)
    if texts is None:
        return reference.processes
    out = []
    for process in reference.processes:
        found = texts.pop(process.id, None)
        if found is None:
            missing(path, 1, f"process `{process.id}`", f"an entry `- id: {process.id}`")
            out.append(process)
            continue
        text, line = found
        if len(text.steps) != len(process.steps):
            reader.error(
                path,
                line,
                "steps",
                f"has {len(text.steps)} steps but the English has {len(process.steps)}",
                "translate every step's label, in the same order",
            )
            out.append(process)
            continue
        steps = [
            s.model_copy(update={"label": t})
            for s, t in zip(process.steps, text.steps, strict=True)
        ]
        out.append(process.model_copy(update={"title": text.title, "steps": steps}))
    for unknown, (_, line) in texts.items():
        reader.error(path, line, "id", f"`{unknown}` is not an id in processes.yaml")
    return tuple(out)


def _claims(reader: Reader, reference: Reference, lang: str, missing: Missing) -> dict[str, Claim]:
    path, texts = _list_twin(reader, "claims.yaml", lang, ClaimText)
    if texts is None:
        return dict(reference.claims)
    out = {}
    for claim_id, claim in reference.claims.items():
        found = texts.pop(claim_id, None)
        if found is None:
            missing(path, 1, f"claim `{claim_id}`", f"an entry `- id: {claim_id}`")
        out[claim_id] = claim.model_copy(update={"that": found[0].that}) if found else claim
    for unknown, (_, line) in texts.items():
        reader.error(path, line, "id", f"`{unknown}` is not an id in claims.yaml")
    return out


def _unknown(
    reader: Reader, path: Path, located: Located | None, unknown: set[str], where: str
) -> None:
    for key in sorted(unknown):
        line = located.line_of((key,)) if located else 1
        reader.error(path, line, str(key), f"is not in {where}", "use the names of " + where)
