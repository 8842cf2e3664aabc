"""Content files → one validated, immutable Content, or every problem found across all files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import gift, lint, media, reference, translations
from .dates import PartialDate
from .model import YEARS, Content, Event, OriginKey, year_span
from .problems import ContentError, Problem, Severity
from .reading import Reader, did_you_mean
from .reference import Reference
from .schema import SLUG, Band, EventFront, HandQuestion, Preset, Site
from .yamlsource import Located

EARLIEST = PartialDate(2022, 1, 1)
LATEST = PartialDate(2026, 12, 31)
_NO_SITE = Site.model_construct(title="", subtitle="", categories=[], eras=[])  # site.yaml broken
_FILE_NAME = re.compile(r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)-(?P<slug>.+)$")

# For callers without the app's configuration (unit tests, benchmarks): the app passes its own
# LANGUAGES (quiz/config.py), and a test checks that the two agree.
DEFAULT_LANGUAGES: Mapping[str, str] = MappingProxyType({"en": "English", "fr": "Français"})


def load_content(
    root: str | os.PathLike[str], languages: Mapping[str, str] = DEFAULT_LANGUAGES
) -> Content:
    """Load and validate the content folder; raise ContentError listing every error found."""
    content, problems = check_content(root, languages)
    if content is None:
        raise ContentError(problems)
    return content


def check_content(
    root: str | os.PathLike[str], languages: Mapping[str, str] = DEFAULT_LANGUAGES
) -> tuple[Content | None, list[Problem]]:
    """Everything wrong with the content folder, and the Content itself when nothing is fatal.
    `languages` maps each language code to its name; the English files are the source, the
    others are looked for as translations (`x.fr.md` beside `x.md`)."""
    loader = _Loader(Path(root), languages)
    return loader.run(), loader.reader.with_excerpts()


def fingerprint(root: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
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


class _Loader:
    """One load of a content folder: the English files, then their translations."""

    def __init__(self, root: Path, languages: Mapping[str, str]):
        self.root = root
        self.languages = languages
        self.reader = Reader(root)
        self.reference = Reference()
        self.event_ids_seen: set[str] = set()  # valid or not: a question may name a broken event
        self.question_places: dict[str, tuple[Path, int]] = {}  # id -> file and line
        self.origins: dict[OriginKey, str] = {}
        self.clashing: set[str] = set()  # event ids two files claim: their French waits
        self.site_lines: dict[str, int] = {}  # line of each top-level field of site.yaml

    # -- the folder ----------------------------------------------------------------------------
    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.reader.error(
                self.root, 1, "folder", "does not exist", "set CONTENT_DIR to your content folder"
            )
            return None
        site = self.load_site()
        self.reference = reference.load(self.reader)
        events = self.load_events(site)
        self.check_reference(events)
        questions = self.load_questions(events)
        presets = self.load_presets(site)
        # The translations of every English file that did load are checked even when another
        # file has errors: one check lists every problem, French ones included. A broken
        # site.yaml leaves nothing for site.fr.yaml to follow, so only that one waits.
        kept = [e for e in events.values() if e.id not in self.clashing]  # which is meant?
        site = site and self.with_years(site, year_span(kept))
        content = Content(
            site=site or _NO_SITE,
            events=tuple(sorted(kept, key=lambda e: (e.date, e.end or e.date, e.id))),
            questions=tuple(questions),
            presets=tuple(presets),
            version="",
            reference=self.reference,
            origins=MappingProxyType(self.origins),
        )
        translated = translations.translate(
            self.reader, content, self.languages, self.question_places, with_site=site is not None
        )
        if self.reader.has_errors() or site is None:
            return None
        warnings = tuple(p for p in self.reader.problems if p.severity is Severity.WARNING)
        english = replace(
            content,
            version=self.reader.digest.hexdigest()[:12],
            warnings=warnings,
            files=MappingProxyType(self.reader.files),
        )
        others = {
            lang: replace(c, version=english.version, source=english)
            for lang, c in translated.items()
        }
        object.__setattr__(english, "translated", MappingProxyType(others))
        return english

    def load_site(self) -> Site | None:
        path = self.root / "site.yaml"
        if not path.exists():
            self.reader.error(
                path, 1, "file", "is missing", "create site.yaml with title, categories, eras"
            )
            return None
        text = self.reader.read(path)
        located = text is not None and self.reader.parse_yaml(path, text)
        if not located:
            return None
        if not isinstance(located.data, dict):
            self.reader.error(
                path, 1, "file", "must hold fields such as `title:` and `categories:`"
            )
            return None
        site = self.reader.validate(Site, located, path)
        self.site_lines = {str(k[0]): line for k, line in located.lines.items() if len(k) == 1}
        for key in ("categories", "eras"):
            self.check_unique_ids(path, located, key)
        if site is not None:
            self.check_bands(path, located, (), site.bands)
        return site

    def check_bands(
        self, path: Path, located: Located, at: tuple[int, ...], bands: Iterable[Band]
    ) -> None:
        """Score bands cover 0–100% once: each starts where the one before ends."""
        reach = 0
        for index, band in enumerate(bands):
            line = located.line_of((*at, "bands", index, "from"))
            if band.start > reach:
                self.reader.error(
                    path,
                    line,
                    f"bands[{index}].from",
                    f"no band covers {reach}–{band.start}%",
                    f"start this band at `from: {reach}`, where the one before ends",
                )
            elif band.start < reach:
                self.reader.error(
                    path,
                    line,
                    f"bands[{index}].from",
                    f"{band.start}–{reach}% is in two bands",
                    f"start this band at `from: {reach}`, where the one before ends",
                )
            reach = max(reach, band.to)
        if 0 < reach < 100:
            self.reader.error(
                path,
                located.line_of((*at, "bands")),
                "bands",
                f"no band covers {reach}–100%",
                "end the last band at `to: 100`",
            )

    def with_years(self, site: Site, span: str) -> Site:
        """`{years}` in the title and subtitle becomes the span of the events; a year range
        written out that the events contradict is a warning."""
        path = self.root / "site.yaml"
        for key, wrong, fix in lint.misstated_spans(site.title, site.subtitle, span):
            self.reader.warn(path, self.site_lines.get(key, 1), key, wrong, fix)
        return site.model_copy(
            update={
                "title": site.title.replace(YEARS, span),
                "subtitle": site.subtitle.replace(YEARS, span),
            }
        )

    def check_unique_ids(self, path: Path, located: Located, key: str) -> None:
        items = located.data.get(key)
        seen: set[Any] = set()
        for index, item in enumerate(items if isinstance(items, list) else ()):
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id is not None and item_id in seen:
                line = located.line_of((key, index))
                self.reader.error(path, line, f"{key}[{index}].id", f"`{item_id}` is used twice")
            seen.add(item_id)

    def load_events(self, site: Site | None) -> dict[str, Event]:
        events: dict[str, Event] = {}
        first_file: dict[str, str] = {}
        folder = self.root / "events"
        if not folder.is_dir():
            self.reader.error(
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
                self.clashing.add(event.id)
                self.reader.error(
                    path,
                    1,
                    "id",
                    f"`{event.id}` is already the id of {first_file[event.id]}",
                    "rename one of the files: the part after the date is the event's id",
                )
                continue
            events[event.id] = event
            first_file[event.id] = self.reader.display(path)
        return events

    def load_event(self, path: Path, site: Site | None) -> Event | None:
        text = self.reader.read(path)
        if text is None:
            return None
        name = _FILE_NAME.match(path.stem)
        slug = name.group("slug") if name else path.stem
        if not SLUG.match(slug):
            self.reader.error(
                path,
                1,
                "file name",
                f"`{path.name}` does not make a valid id",
                "name the file like 2024-06-19-putin-visits-pyongyang.md (lowercase, hyphens)",
            )
            return None
        parsed = self.reader.parse_front_matter(path, text)
        if parsed is None:
            return None
        located, body, body_line = parsed
        if not body:
            self.reader.error(
                path,
                body_line,
                "body",
                "is empty",
                "write one to three paragraphs after the closing `---`",
            )
        front = self.reader.validate(EventFront, located, path)
        self.check_event(path, located, name, site)
        if front is None:
            return None
        self.check_event_references(path, located, front)
        for index, fact in enumerate(front.facts):
            self.check_shape(
                path, located.line_of(("facts", index)), "facts", fact.answer, fact.wrong
            )
            where = f"facts[{index}]"
            self.reader.check_hint(
                path, located.line_of(("facts", index, "hint")), where, fact.hint, fact.answer
            )
        return Event.model_construct(
            **dict(front),
            id=slug,
            body=body,
            source_path=self.reader.display(path),
            lines=_field_lines(located),
            media_sizes=self.check_media(path, located, front),
        )

    def check_media(
        self, path: Path, located: Located, front: EventFront
    ) -> dict[str, tuple[int, int]]:
        """Each image is a real file of content/media/, of an allowed type, size and shape."""
        sizes = {}
        for index, item in enumerate(front.media):
            line = located.line_of(("media", index, "file"))
            where = f"media[{index}].file"
            raw = self.reader.read_bytes(self.root / "media" / item.file)
            if raw is None:
                known = sorted(p.name for p in (self.root / "media").glob("*"))
                hint = did_you_mean(item.file, known, "put the file in content/media/")
                self.reader.error(path, line, where, f"`{item.file}` is not in media/", hint)
                continue
            try:
                image = media.inspect(item.file, raw)
            except media.BadImage as bad:
                self.reader.error(path, line, where, f"`{item.file}` {bad.message}", bad.hint)
                continue
            sizes[item.file] = (image.width, image.height)
        return sizes

    def check_event_references(self, path: Path, located: Located, front: EventFront) -> None:
        """Ids an event names in the reference files: places, actors, roles, claims, measures."""
        ref, line = self.reference, located.line_of
        for index, place in enumerate(front.place):
            if place not in ref.places:
                where = ("place", index) if ("place", index) in located.lines else ("place",)
                self.reader.error(
                    path,
                    line(where),
                    "place",
                    f"`{place}` is not in places.yaml",
                    did_you_mean(place, list(ref.places), "add it to places.yaml, or fix the id"),
                )
        for role, name in dict(front.roles).items():
            if name is not None and name not in front.actors:
                self.reader.error(
                    path,
                    line(("roles", role)),
                    f"roles.{role}",
                    f"`{name}` is not in this event's actors",
                    "use a name exactly as written in `actors:`",
                )
        for index, actor in enumerate(front.actors):
            if ref.actors and actor not in ref.actors:
                self.reader.warn(
                    path,
                    line(("actors", index)),
                    "actors",
                    f"`{actor}` is not in actors.yaml",
                    "add it there so other languages and people questions can name it",
                )
        if front.claim and front.claim not in ref.claims:
            hint = did_you_mean(front.claim, list(ref.claims), "use an id from claims.yaml")
            self.reader.error(
                path, line(("claim",)), "claim", f"`{front.claim}` is not a claim", hint
            )
        for index, figure in enumerate(front.figures):
            if figure.measure and figure.measure not in ref.measures:
                self.reader.error(
                    path,
                    line(("figures", index, "measure")),
                    f"figures[{index}].measure",
                    f"`{figure.measure}` is not in measures.yaml",
                    did_you_mean(figure.measure, list(ref.measures), "use an id from there"),
                )

    def check_reference(self, events: dict[str, Event]) -> None:
        """Processes and claims name events; a process's steps must follow one another."""
        known = self.event_ids_seen
        for process in self.reference.processes:
            at = self.root / "processes.yaml"
            start = self.reader.entry_lines.get(("processes.yaml", "id", process.id), 1)
            previous = None
            for index, step in enumerate(process.steps):
                if step.event not in known:
                    hint = did_you_mean(step.event, list(events), "use an event's id")
                    self.reader.error(
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
                    self.reader.error(
                        at,
                        start,
                        f"steps[{index}]",
                        f"is dated {when.iso()}, not after the step before it ({previous.iso()})",
                        "list the steps in order; give a step its own `date:` if needed",
                    )
                previous = when or previous
        for claim in self.reference.claims.values():
            at = self.root / "claims.yaml"
            start = self.reader.entry_lines.get(("claims.yaml", "id", claim.id), 1)
            for key in ("confirmed_by_russia", "confirmed_by_north_korea"):
                value = getattr(claim, key)
                if value and value not in known:
                    hint = did_you_mean(value, list(events), "use an event's id")
                    self.reader.error(at, start, key, f"no event has the id `{value}`", hint)

    def check_shape(
        self, path: Path, line: int, where: str, answer: str, wrong: Iterable[str]
    ) -> None:
        """Warn when the right option can be spotted by its form alone."""
        for message in lint.giveaway_by_form(answer, list(wrong)):
            self.reader.warn(
                path, line, where, message, "make the options alike in length and form"
            )

    def check_event(
        self, path: Path, located: Located, name: re.Match[str] | None, site: Site | None
    ) -> None:
        """Rules that span fields or files; run on the raw fields so they report even when
        another field of the same file failed validation."""
        data, line = located.data, located.line_of
        dates = {key: _maybe_date(data.get(key)) for key in ("date", "end")}
        for key, value in dates.items():
            if value is not None and not EARLIEST <= value <= LATEST:
                self.reader.error(
                    path,
                    line((key,)),
                    key,
                    f"{value.iso()} is outside 2022–2026",
                    "the timeline covers 2022 to 2026; check the year",
                )
        start, end = dates["date"], dates["end"]
        if start and end and end.last_day < start.first_day:
            self.reader.error(
                path,
                line(("end",)),
                "end",
                f"{end.iso()} is before the start {start.iso()}",
                "end is the last day, so it cannot come first",
            )
        if start and name and name.group("date") != start.iso():
            self.reader.error(
                path,
                line(("date",)),
                "date",
                f"is {start.iso()} but the file name starts with {name.group('date')}",
                "rename the file or fix the date so they agree",
            )
        category = data.get("category")
        known = [c.id for c in site.categories] if site else []
        if site is not None and isinstance(category, str) and category not in known:
            self.reader.error(
                path,
                line(("category",)),
                "category",
                f"`{category}` is not a category",
                did_you_mean(category, known, "use one of " + ", ".join(known)),
            )

    def load_questions(self, events: dict[str, Event]) -> list[HandQuestion]:
        questions: list[HandQuestion] = []
        first_seen: dict[str, str] = {}
        folder = self.root / "questions"
        paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.gift")]) if folder.is_dir() else []
        for path in paths:
            if translations.is_translation(path):
                continue
            text = self.reader.read(path)
            located = text is not None and self.parse_bank(path, text)
            if not located or located.data is None:
                continue
            if not isinstance(located.data, list):
                self.reader.error(
                    path, 1, "file", "must be a list of questions, each starting with `- id:`"
                )
                continue
            for index in range(len(located.data)):
                question = self.reader.validate(HandQuestion, located, path, at=(index,))
                if question is None:
                    continue
                where = located.line_of((index,))
                if question.id in first_seen:
                    self.reader.error(
                        path,
                        where,
                        "id",
                        f"`{question.id}` is already used in {first_seen[question.id]}",
                        "give each question its own id",
                    )
                    continue
                first_seen[question.id] = self.reader.display(path)
                self.question_places[question.id] = (path, where)
                self.origins[("question", question.id)] = f"{self.reader.display(path)}:{where}"
                self.check_shape(
                    path,
                    where,
                    question.id,
                    next(c.text for c in question.choices if c.correct),
                    [c.text for c in question.choices if not c.correct],
                )
                self.reader.check_hint(
                    path,
                    located.line_of((index, "hint")),
                    question.id,
                    question.hint,
                    next(c.text for c in question.choices if c.correct),
                )
                for ref_index, ref in enumerate(question.events):
                    if ref not in self.event_ids_seen:
                        self.reader.error(
                            path,
                            located.line_of((index, "events", ref_index)),
                            "events",
                            f"no event has the id `{ref}`",
                            did_you_mean(
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
            return self.reader.parse_yaml(path, text)
        located, errors = gift.read(text)
        for error in errors:
            self.reader.error(path, error.line, error.field, error.message, error.hint)
        return located

    def load_presets(self, site: Site | None) -> list[Preset]:
        path = self.root / "quizzes.yaml"
        if not path.exists():
            return []
        text = self.reader.read(path)
        located = text is not None and self.reader.parse_yaml(path, text)
        if not located or located.data is None:
            return []
        if not isinstance(located.data, list):
            self.reader.error(
                path, 1, "file", "must be a list of quizzes, each starting with `- id:`"
            )
            return []
        presets: list[Preset] = []
        for index in range(len(located.data)):
            preset = self.reader.validate(Preset, located, path, at=(index,))
            if preset is None:
                continue
            if preset.id in {p.id for p in presets}:
                self.reader.error(
                    path,
                    located.line_of((index, "id")),
                    "id",
                    f"`{preset.id}` is used twice",
                    "give each quiz its own id",
                )
            for kind_index in range(len(preset.kinds)):
                line = located.line_of((index, "kinds", kind_index))
                self.origins[("kinds", preset.id, kind_index)] = (
                    f"{self.reader.display(path)}:{line}"
                )
            for key, known in (
                ("eras", [e.id for e in site.eras] if site else []),
                ("categories", [c.id for c in site.categories] if site else []),
            ):
                for ref_index, ref in enumerate(getattr(preset, key)):
                    if site is not None and ref not in known:
                        self.reader.error(
                            path,
                            located.line_of((index, key, ref_index)),
                            key,
                            f"`{ref}` is not in site.yaml",
                            did_you_mean(ref, known, "use one of " + ", ".join(known)),
                        )
            self.check_bands(path, located, (index,), preset.bands)
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
