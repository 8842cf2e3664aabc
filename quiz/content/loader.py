"""Content files → one validated, immutable Content, or every problem found across all files."""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import gift, lint, markdown, reference, translations
from .dates import PartialDate
from .problems import ContentError, Problem, Severity
from .reference import Reference
from .schema import SLUG, EventFront, HandQuestion, Preset, Site
from .yamlsource import Located, YamlSyntaxError, parse

EARLIEST = PartialDate(2022, 1, 1)
LATEST = PartialDate(2026, 12, 31)
_FILE_NAME = re.compile(r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)-(?P<slug>.+)$")
Model = TypeVar("Model", bound=BaseModel)


class Event(EventFront):
    """An event as served: its front matter plus id, body and where it came from."""

    id: str
    body: str
    source_path: str
    lines: dict[str, int] = {}  # line of each field ("date", "figures.2"): questions cite them

    @functools.cached_property
    def body_html(self) -> str:
        """Rendered on first use: loading 10,000 events need not render 10,000 bodies."""
        return markdown.render(self.body)


@dataclass(frozen=True)
class Content:
    site: Site
    events: tuple[Event, ...]
    questions: tuple[HandQuestion, ...]
    presets: tuple[Preset, ...]
    version: str
    warnings: tuple[Problem, ...] = ()
    language: str = "en"
    reference: Reference = field(default_factory=Reference, repr=False, compare=False)
    # where teachers wrote things the quiz layer checks: ("question", id), ("kinds", preset, i)
    origins: Mapping[tuple, str] = field(default_factory=dict, repr=False, compare=False)
    translated: Mapping[str, Content] = field(default_factory=dict, repr=False, compare=False)
    source: Content | None = field(default=None, repr=False, compare=False)  # the English
    events_by_id: MappingProxyType = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = MappingProxyType({event.id: event for event in self.events})
        object.__setattr__(self, "events_by_id", by_id)

    def in_language(self, language: str) -> Content:
        """The same content in another language (English where a translation is missing)."""
        return self.translated.get(language, self)

    def place_names(self, event: Event) -> list[str]:
        return [self.reference.place_name(place) for place in event.place]

    def actor_names(self, event: Event) -> list[str]:
        return [self.reference.actor_name(actor) for actor in event.actors]

    @property
    def categories(self) -> dict[str, str]:
        return {category.id: category.label for category in self.site.categories}

    def era_of(self, event: Event):
        """The era whose span holds the event's start, or None."""
        for era in self.site.eras:
            if era.start.first_day <= event.date.first_day <= era.end.last_day:
                return era
        return None


def load_content(root: str | os.PathLike) -> Content:
    """Load and validate the content folder; raise ContentError listing every error found."""
    content, problems = check_content(root)
    if content is None:
        raise ContentError(problems)
    return content


def check_content(root: str | os.PathLike) -> tuple[Content | None, list[Problem]]:
    """Everything wrong with the content folder, and the Content itself when nothing is fatal."""
    reader = _Reader(Path(root))
    return reader.run(), sorted(reader.problems)


def fingerprint(root: str | os.PathLike) -> tuple:
    """Names, sizes and mtimes of every file: notices an edit without reading any file.
    Editors' hidden and backup files are left out; a file that vanishes between listing and
    looking (an atomic save) is simply not counted this time."""
    seen = []
    for path in sorted(Path(root).rglob("*")):
        if path.name.startswith(".") or path.name.endswith(("~", ".swp", ".tmp")):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            seen.append((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return tuple(seen)


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()
        self.event_ids_seen: set[str] = set()  # valid or not: a question may name a broken event
        self.question_places: dict[str, tuple[Path, int]] = {}  # id -> file and line
        self.entry_lines: dict[tuple, int] = {}  # (file name, key, value) -> line of that entry
        self.origins: dict[tuple, str] = {}
        self.shown_folders: dict[Path, str] = {}

    # -- reporting ---------------------------------------------------------------------------
    def display(self, path: Path) -> str:
        """The path as a teacher would type it: relative to the working folder when inside it."""
        folder = self.shown_folders.get(path.parent)
        if folder is None:
            relative = os.path.relpath(path.parent)
            folder = (
                ""
                if relative == "."
                else relative
                if not relative.startswith("..")
                else (str(path.parent))
            )
            folder = self.shown_folders.setdefault(path.parent, folder and folder + os.sep)
        return folder + path.name

    def error(self, path: Path, line: int, where: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.display(path), line, where, message, hint))

    def warn(self, path: Path, line: int, where: str, message: str, hint: str = "") -> None:
        problem = Problem(self.display(path), line, where, message, hint, Severity.WARNING)
        self.problems.append(problem)

    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    # -- files ---------------------------------------------------------------------------------
    def read(self, path: Path) -> str | None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            self.error(path, 1, "file", f"cannot be read: {error.strerror}")
            return None
        name = str(path)[len(str(self.root)) + 1 :]  # relative to the content folder
        self.digest.update(name.encode() + b"\0" + raw + b"\0")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.error(path, line, "file", "is not UTF-8 text", "save the file as UTF-8")
            return None

    def parse_yaml(self, path: Path, text: str, first_line: int = 1) -> Located | None:
        try:
            located = parse(text, first_line)
        except YamlSyntaxError as error:
            self.error(
                path,
                error.line,
                "yaml",
                error.message,
                "check the indentation, and put text containing ': ' or starting with a quote "
                "inside double quotes",
            )
            return None
        for key_path, line in located.duplicates:
            self.error(path, line, _dotted(key_path), "appears twice", "keep only one of them")
        for key_path, message, hint in lint.suspicious_values(located.data):
            self.error(path, located.line_of(key_path), _dotted(key_path), message, hint)
        return located

    def validate(self, model: type[Model], located: Located, path: Path, at: tuple = ()):
        """Validate `located.data` (or the part at `at`) as `model`, reporting errors by line."""
        data = located.data
        for key in at:
            data = data[key]
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                self.report_validation(model, item, located, path, at)
            return None

    def report_validation(self, model, item: dict, located: Located, path: Path, at: tuple):
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        message, hint = _explain(model, item, loc)
        named, _, rest = message.partition(": ")
        owner = _model_at(model, loc)
        if rest and owner and named in owner.model_fields:  # a rule that names its own field
            loc, message = (*loc, named), rest
        where = _dotted(loc)
        line = located.line_of((*at, *loc), located.line_of(at))
        self.error(path, line, where or "file", message, hint)

    # -- the folder ----------------------------------------------------------------------------
    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.error(
                self.root, 1, "folder", "does not exist", "set CONTENT_DIR to your content folder"
            )
            return None
        site = self.load_site()
        self.reference = reference.load(self)
        events = self.load_events(site)
        self.check_reference(events)
        questions = self.load_questions(events)
        presets = self.load_presets(site)
        if self.has_errors() or site is None:
            return None
        content = Content(
            site=site,
            events=tuple(sorted(events.values(), key=lambda e: (e.date, e.end or e.date, e.id))),
            questions=tuple(questions),
            presets=tuple(presets),
            version="",
            reference=self.reference,
            origins=MappingProxyType(self.origins),
        )
        translated = translations.translate(self, content)
        if self.has_errors():
            return None
        warnings = tuple(p for p in self.problems if p.severity is Severity.WARNING)
        english = replace(content, version=self.digest.hexdigest()[:12], warnings=warnings)
        others = {
            lang: replace(c, version=english.version, source=english)
            for lang, c in translated.items()
        }
        object.__setattr__(english, "translated", MappingProxyType(others))
        return english

    def load_site(self) -> Site | None:
        path = self.root / "site.yaml"
        if not path.exists():
            self.error(
                path, 1, "file", "is missing", "create site.yaml with title, categories, eras"
            )
            return None
        text = self.read(path)
        located = text is not None and self.parse_yaml(path, text)
        if not located:
            return None
        if not isinstance(located.data, dict):
            self.error(path, 1, "file", "must hold fields such as `title:` and `categories:`")
            return None
        site = self.validate(Site, located, path)
        for key in ("categories", "eras"):
            self.check_unique_ids(path, located, key)
        return site

    def check_unique_ids(self, path: Path, located: Located, key: str) -> None:
        items = located.data.get(key)
        seen: set[str] = set()
        for index, item in enumerate(items if isinstance(items, list) else ()):
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id is not None and item_id in seen:
                line = located.line_of((key, index))
                self.error(path, line, f"{key}[{index}].id", f"`{item_id}` is used twice")
            seen.add(item_id)

    def load_events(self, site: Site | None) -> dict[str, Event]:
        events: dict[str, Event] = {}
        first_file: dict[str, str] = {}
        folder = self.root / "events"
        if not folder.is_dir():
            self.error(
                folder, 1, "folder", "is missing", "create content/events/ with one .md per event"
            )
            return events
        for path in sorted(folder.glob("*.md"), key=lambda p: p.name):
            if translations.is_translation(path):
                continue
            name = _FILE_NAME.match(path.stem)
            self.event_ids_seen.add(name.group("slug") if name else path.stem)
            event = self.load_event(path, site)
            if event is None:
                continue
            if event.id in events:
                self.error(
                    path,
                    1,
                    "id",
                    f"`{event.id}` is already the id of {first_file[event.id]}",
                    "rename one of the files: the part after the date is the event's id",
                )
                continue
            events[event.id] = event
            first_file[event.id] = self.display(path)
        return events

    def load_event(self, path: Path, site: Site | None) -> Event | None:
        text = self.read(path)
        if text is None:
            return None
        name = _FILE_NAME.match(path.stem)
        slug = name.group("slug") if name else path.stem
        if not SLUG.match(slug):
            self.error(
                path,
                1,
                "file name",
                f"`{path.name}` does not make a valid id",
                "name the file like 2024-06-19-putin-visits-pyongyang.md (lowercase, hyphens)",
            )
            return None
        parsed = self.parse_front_matter(path, text)
        if parsed is None:
            return None
        located, body, body_line = parsed
        if not body:
            self.error(
                path,
                body_line,
                "body",
                "is empty",
                "write one to three paragraphs after the closing `---`",
            )
        front = self.validate(EventFront, located, path)
        self.check_event(path, located, name, site)
        if front is None:
            return None
        self.check_event_references(path, located, front)
        for index, fact in enumerate(front.facts):
            self.check_shape(
                path, located.line_of(("facts", index)), "facts", fact.answer, fact.wrong
            )
        return Event.model_construct(
            **dict(front),
            id=slug,
            body=body,
            source_path=self.display(path),
            lines=_field_lines(located),
        )

    def check_event_references(self, path: Path, located: Located, front: EventFront) -> None:
        """Ids an event names in the reference files: places, actors, roles, claims, measures."""
        ref, line = self.reference, located.line_of
        for index, place in enumerate(front.place):
            if place not in ref.places:
                where = ("place", index) if ("place", index) in located.lines else ("place",)
                self.error(
                    path,
                    line(where),
                    "place",
                    f"`{place}` is not in places.yaml",
                    _did_you_mean(place, list(ref.places), "add it to places.yaml, or fix the id"),
                )
        for role, name in dict(front.roles).items():
            if name is not None and name not in front.actors:
                self.error(
                    path,
                    line(("roles", role)),
                    f"roles.{role}",
                    f"`{name}` is not in this event's actors",
                    "use a name exactly as written in `actors:`",
                )
        for index, actor in enumerate(front.actors):
            if ref.actors and actor not in ref.actors:
                self.warn(
                    path,
                    line(("actors", index)),
                    "actors",
                    f"`{actor}` is not in actors.yaml",
                    "add it there so other languages and people questions can name it",
                )
        if front.claim and front.claim not in ref.claims:
            hint = _did_you_mean(front.claim, list(ref.claims), "use an id from claims.yaml")
            self.error(path, line(("claim",)), "claim", f"`{front.claim}` is not a claim", hint)
        for index, figure in enumerate(front.figures):
            if figure.measure and figure.measure not in ref.measures:
                self.error(
                    path,
                    line(("figures", index, "measure")),
                    f"figures[{index}].measure",
                    f"`{figure.measure}` is not in measures.yaml",
                    _did_you_mean(figure.measure, list(ref.measures), "use an id from there"),
                )

    def check_reference(self, events: dict[str, Event]) -> None:
        """Processes and claims name events; a process's steps must follow one another."""
        known = self.event_ids_seen
        for process in self.reference.processes:
            at = self.root / "processes.yaml"
            start = self.entry_lines.get(("processes.yaml", "id", process.id), 1)
            previous = None
            for index, step in enumerate(process.steps):
                if step.event not in known:
                    hint = _did_you_mean(step.event, list(events), "use an event's id")
                    self.error(
                        at,
                        start,
                        f"steps[{index}].event",
                        f"no event has the id `{step.event}`",
                        hint,
                    )
                    continue
                event = events.get(step.event)
                when = step.date or (event.date if event else None)
                if when and previous and when.first_day <= previous.last_day:
                    self.error(
                        at,
                        start,
                        f"steps[{index}]",
                        f"is dated {when.iso()}, not after the step before it ({previous.iso()})",
                        "list the steps in order; give a step its own `date:` if needed",
                    )
                previous = when or previous
        for claim in self.reference.claims.values():
            at = self.root / "claims.yaml"
            start = self.entry_lines.get(("claims.yaml", "id", claim.id), 1)
            for key in ("confirmed_by_russia", "confirmed_by_north_korea"):
                value = getattr(claim, key)
                if value and value not in known:
                    hint = _did_you_mean(value, list(events), "use an event's id")
                    self.error(at, start, key, f"no event has the id `{value}`", hint)

    def check_shape(self, path: Path, line: int, where: str, answer: str, wrong) -> None:
        """Warn when the right option can be spotted by its form alone."""
        for message in lint.giveaway_by_form(answer, list(wrong)):
            self.warn(path, line, where, message, "make the options alike in length and form")

    def parse_front_matter(self, path: Path, text: str) -> tuple[Located, str, int] | None:
        """Split `---` front matter from the Markdown body: (fields, body, line of closing ---)."""
        lines = text.splitlines()
        if not lines or lines[0].strip() != "---":
            self.error(
                path,
                1,
                "front matter",
                "the file must start with a line `---`",
                "put the fields between two `---` lines, then the text",
            )
            return None
        closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if closing is None:
            self.error(
                path,
                1,
                "front matter",
                "has no closing `---` line",
                "add a line `---` after the last field",
            )
            return None
        located = self.parse_yaml(path, "\n".join(lines[1:closing]), first_line=2)
        if located is None:
            return None
        if not isinstance(located.data, dict):
            self.error(path, 2, "front matter", "must hold fields such as `title:` and `date:`")
            return None
        return located, "\n".join(lines[closing + 1 :]).strip(), closing + 1

    def check_event(self, path: Path, located: Located, name, site: Site | None) -> None:
        """Rules that span fields or files; run on the raw fields so they report even when
        another field of the same file failed validation."""
        data, line = located.data, located.line_of
        dates = {key: _maybe_date(data.get(key)) for key in ("date", "end")}
        for key, value in dates.items():
            if value is not None and not EARLIEST <= value <= LATEST:
                self.error(
                    path,
                    line((key,)),
                    key,
                    f"{value.iso()} is outside 2022–2026",
                    "the timeline covers 2022 to 2026; check the year",
                )
        start, end = dates["date"], dates["end"]
        if start and end and end.last_day < start.first_day:
            self.error(
                path,
                line(("end",)),
                "end",
                f"{end.iso()} is before the start {start.iso()}",
                "end is the last day, so it cannot come first",
            )
        if start and name and name.group("date") != start.iso():
            self.error(
                path,
                line(("date",)),
                "date",
                f"is {start.iso()} but the file name starts with {name.group('date')}",
                "rename the file or fix the date so they agree",
            )
        category = data.get("category")
        known = [c.id for c in site.categories] if site else []
        if site is not None and isinstance(category, str) and category not in known:
            self.error(
                path,
                line(("category",)),
                "category",
                f"`{category}` is not a category",
                _did_you_mean(category, known, "use one of " + ", ".join(known)),
            )

    def load_questions(self, events: dict[str, Event]) -> list[HandQuestion]:
        questions: list[HandQuestion] = []
        first_seen: dict[str, str] = {}
        folder = self.root / "questions"
        paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.gift")]) if folder.is_dir() else []
        for path in paths:
            if translations.is_translation(path):
                continue
            text = self.read(path)
            located = text is not None and self.parse_bank(path, text)
            if not located or located.data is None:
                continue
            if not isinstance(located.data, list):
                self.error(
                    path, 1, "file", "must be a list of questions, each starting with `- id:`"
                )
                continue
            for index in range(len(located.data)):
                question = self.validate(HandQuestion, located, path, at=(index,))
                if question is None:
                    continue
                where = located.line_of((index,))
                if question.id in first_seen:
                    self.error(
                        path,
                        where,
                        "id",
                        f"`{question.id}` is already used in {first_seen[question.id]}",
                        "give each question its own id",
                    )
                    continue
                first_seen[question.id] = self.display(path)
                self.question_places[question.id] = (path, where)
                self.origins[("question", question.id)] = f"{self.display(path)}:{where}"
                self.check_shape(
                    path,
                    where,
                    question.id,
                    next(c.text for c in question.choices if c.correct),
                    [c.text for c in question.choices if not c.correct],
                )
                for ref_index, ref in enumerate(question.events):
                    if ref not in self.event_ids_seen:
                        self.error(
                            path,
                            located.line_of((index, "events", ref_index)),
                            "events",
                            f"no event has the id `{ref}`",
                            _did_you_mean(
                                ref,
                                list(events),
                                "an event's id is its file name without the date and .md",
                            ),
                        )
                questions.append(question)
        return questions

    def parse_bank(self, path: Path, text: str) -> Located | None:
        """A question file: YAML, or Moodle GIFT (read into the same shape, with lines)."""
        if path.suffix != ".gift":
            return self.parse_yaml(path, text)
        located, errors = gift.read(text)
        for error in errors:
            self.error(path, error.line, error.field, error.message, error.hint)
        return located

    def load_presets(self, site: Site | None) -> list[Preset]:
        path = self.root / "quizzes.yaml"
        if not path.exists():
            return []
        text = self.read(path)
        located = text is not None and self.parse_yaml(path, text)
        if not located or located.data is None:
            return []
        if not isinstance(located.data, list):
            self.error(path, 1, "file", "must be a list of quizzes, each starting with `- id:`")
            return []
        presets: list[Preset] = []
        for index in range(len(located.data)):
            preset = self.validate(Preset, located, path, at=(index,))
            if preset is None:
                continue
            if preset.id in {p.id for p in presets}:
                self.error(
                    path,
                    located.line_of((index, "id")),
                    "id",
                    f"`{preset.id}` is used twice",
                    "give each quiz its own id",
                )
            for kind_index in range(len(preset.kinds)):
                line = located.line_of((index, "kinds", kind_index))
                self.origins[("kinds", preset.id, kind_index)] = f"{self.display(path)}:{line}"
            for key, known in (
                ("eras", [e.id for e in site.eras] if site else []),
                ("categories", [c.id for c in site.categories] if site else []),
            ):
                for ref_index, ref in enumerate(getattr(preset, key)):
                    if site is not None and ref not in known:
                        self.error(
                            path,
                            located.line_of((index, key, ref_index)),
                            key,
                            f"`{ref}` is not in site.yaml",
                            _did_you_mean(ref, known, "use one of " + ", ".join(known)),
                        )
            presets.append(preset)
        return presets


def _field_lines(located: Located) -> dict[str, int]:
    """Top-level fields and the items of figures and facts, by line: `figures.2` -> 31."""
    lines = {}
    for key, line in located.lines.items():
        if len(key) == 1 or (len(key) == 2 and key[0] in ("figures", "facts")):
            lines[".".join(map(str, key))] = line
    return lines


def _maybe_date(value: Any) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if isinstance(value, str | int) else None
    except ValueError:
        return None


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _did_you_mean(word: str, options: list[str], otherwise: str) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else otherwise


def _explain(model: type[BaseModel], item: dict, loc: tuple) -> tuple[str, str]:
    """Turn a pydantic error into words for a teacher, plus a hint on how to fix it."""
    kind, ctx = item["type"], item.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing":
        return "is missing", f"add a line `{name}: ...`"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        return f"`{name}` is not a known field", _did_you_mean(
            str(name), known, "known fields: " + ", ".join(known)
        )
    if kind == "string_too_short":
        return "is empty", "write some text after the colon"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters", "shorten it"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)", "add the missing items"
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} item(s)", "remove the extra items"
    if kind in ("list_type",):
        return "must be a list", "write one `- item` per line, or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a group of fields", "indent its fields under it, one `name: value` per line"
    if kind in ("string_type",):
        return "must be text", "write plain text after the colon"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false", "write `true` or `false`"
    if kind in ("float_parsing", "float_type"):
        return "must be a number", "write a plain number such as 11000"
    message = item["msg"].removeprefix("Value error, ")
    return message, ""


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The nested model class a location points into (for `did you mean` hints on unknown keys)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fld = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if fld is None:
            return None
        annotation = fld.annotation
        args = getattr(annotation, "__args__", ())
        current = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
        if current is None:
            return None
    return current
