"""Reading content files and reporting what is wrong with them, each problem as `file:line`.

One Reader serves a whole load (the English files and every translation), so every problem ends
up in one list and every file read counts towards the content's version."""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import lint
from .problems import Problem, Severity
from .yamlsource import KeyPath, Located, YamlSyntaxError, parse

Model = TypeVar("Model", bound=BaseModel)


class Reader:
    """Reads files under `root`, parses and validates them, and collects their problems."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()  # of every file read: the content's version
        self.entry_lines: dict[tuple[str, ...], int] = {}  # (file name, key, value) -> line
        self.shown_folders: dict[Path, str] = {}
        self.files: dict[str, bytes] = {}  # every file read, by name in the folder: a snapshot
        self.texts: dict[str, list[str]] = {}  # the lines of every file read, by shown path

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

    def check_hint(self, path: Path, line: int, where: str, hint: str | None, answer: str) -> None:
        """A hint that spells out the answer is no hint (in every language)."""
        if hint and lint.hint_shows(hint, answer):
            self.error(
                path,
                line,
                f"{where}.hint",
                f"gives the answer away (it says `{answer}`)",
                "point towards the answer (the era, who was involved) without naming it",
            )

    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    # -- files ---------------------------------------------------------------------------------
    def read_bytes(self, path: Path) -> bytes | None:
        """A file's bytes (an image), counted in the version and the snapshot; None if absent."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        name = str(path)[len(str(self.root)) + 1 :]  # relative to the content folder
        if name not in self.files:
            self.digest.update(name.encode() + b"\0" + raw + b"\0")
            self.files[name] = raw
        return raw

    def read(self, path: Path) -> str | None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            self.error(path, 1, "file", f"cannot be read: {error.strerror}")
            return None
        name = str(path)[len(str(self.root)) + 1 :]  # relative to the content folder
        self.digest.update(name.encode() + b"\0" + raw + b"\0")
        self.files[name] = raw
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.error(path, line, "file", "is not UTF-8 text", "save the file as UTF-8")
            return None
        self.texts[self.display(path)] = text.splitlines()
        return text

    def with_excerpts(self) -> list[Problem]:
        """Every problem, sorted, with the text of its line (none for a line that only opens
        or closes front matter, where a missing field is reported)."""
        out = []
        for problem in sorted(self.problems):
            lines = self.texts.get(problem.path, [])
            text = lines[problem.line - 1].rstrip() if 0 < problem.line <= len(lines) else ""
            out.append(replace(problem, excerpt="" if text.strip() == "---" else text))
        return out

    def parse_yaml(self, path: Path, text: str, first_line: int = 1) -> Located | None:
        try:
            located = parse(text, first_line)
        except YamlSyntaxError as error:
            self.error(
                path,
                error.line,
                "yaml",
                error.message,
                error.hint
                or "check the indentation, and put text containing ': ' or starting with a quote "
                "inside double quotes",
            )
            return None
        for key_path, line in located.duplicates:
            self.error(path, line, _dotted(key_path), "appears twice", "keep only one of them")
        for key_path, message, hint in lint.suspicious_values(located.data):
            self.error(path, located.line_of(key_path), _dotted(key_path), message, hint)
        return located

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

    def validate(
        self, model: type[Model], located: Located, path: Path, at: KeyPath = ()
    ) -> Model | None:
        """Validate `located.data` (or the part at `at`) as `model`, reporting errors by line."""
        data = located.data
        for key in at:
            data = data[key]
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                self._report_validation(model, item, located, path, at)
            return None

    def _report_validation(
        self, model: type[BaseModel], item: ErrorDetails, located: Located, path: Path, at: KeyPath
    ) -> None:
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        message, hint = _explain(model, item, loc)
        named, _, rest = message.partition(": ")
        owner = _model_at(model, loc)
        if rest and owner and named in owner.model_fields:  # a rule that names its own field
            loc, message = (*loc, named), rest
        where = _dotted(loc)
        line = located.line_of((*at, *loc), located.line_of(at))
        self.error(path, line, where or "file", message, hint)


def did_you_mean(word: str, options: list[str], otherwise: str) -> str:
    """A hint naming the closest known id, else `otherwise`."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else otherwise


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(model: type[BaseModel], item: ErrorDetails, loc: KeyPath) -> tuple[str, str]:
    """Turn a pydantic error into words for a teacher, plus a hint on how to fix it."""
    kind, ctx = item["type"], item.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing":
        return "is missing", f"add a line `{name}: ...`"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        return f"`{name}` is not a known field", did_you_mean(
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
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number", "write it in digits, such as 10"
    message = item["msg"].removeprefix("Value error, ")
    return message, ""


def _model_at(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
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
    return current  # type: ignore[no-any-return]
