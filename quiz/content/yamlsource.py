"""YAML that keeps where each value came from, so every problem can name its line.

The loader is YAML 1.1 made safe for teachers: dates stay text (we parse them ourselves, keeping
their precision) and only `true`/`false` are booleans, so `answer: no` or `place: NO` stay words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: ~10x faster

KeyPath = tuple[str | int, ...]  # keys and list indexes down to one value: ("facts", 0, "ask")


class TeacherLoader(_Base):  # type: ignore[misc,valid-type]
    """SafeLoader without timestamp parsing and with only true/false as booleans."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    _resolved: ClassVar[
        dict[str, str]
    ] = {}  # plain scalar -> its tag: event files repeat most of them

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's tag resolution, remembered for plain scalars (ids, names, dates recur in
        every event file: about a fifth of loading 10,000 events was spent here)."""
        if kind is not yaml.ScalarNode or not implicit[0] or len(value) > 40:
            resolved: str = super().resolve(kind, value, implicit)
            return resolved
        tag = self._resolved.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) < 100_000:  # bounded: short values only, and so many
                self._resolved[value] = tag
        return tag


TeacherLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Located:
    """A parsed YAML document plus the 1-based line of every key and list item in it."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    duplicates: list[tuple[KeyPath, int]] = field(default_factory=list)

    def line_of(self, key_path: KeyPath, default: int = 1) -> int:
        """The line of `key_path`, or of its nearest ancestor that has one."""
        for end in range(len(key_path), -1, -1):
            if key_path[:end] in self.lines:
                return self.lines[key_path[:end]]
        return default


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint  # how to fix it, when the cause is known (a Tab, an anchor)


ANCHOR_HINT = (
    "write the value out in full wherever it is needed; text that starts with & or * goes "
    "inside double quotes"
)
TAB_HINT = "replace the Tab with spaces: two per level, lined up with the line above"


def parse(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; lines are shifted so `first_line` is the document's first line."""
    located = Located(None)
    try:
        _refuse_anchors(text, first_line)
        loader = TeacherLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                located.data = _build(node, (), first_line, located, loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = mark.line if mark else 0
        tab = _first_tab_indent(text, at)
        if tab is not None:  # YAML's own words ("cannot start any token") hide the cause
            line = tab + first_line
            message = f"line {line} starts with a Tab; use spaces"
            raise YamlSyntaxError(line, message, TAB_HINT) from None
        problem = " ".join(part.strip() for part in (error.problem, error.context) if part)
        raise YamlSyntaxError(at + first_line, problem) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports unmarked errors rarely
        raise YamlSyntaxError(first_line, str(error)) from None
    return located


def _refuse_anchors(text: str, first_line: int) -> None:
    """Anchors (`&a`) and aliases (`*a`) are refused before anything is built from the text:
    nested aliases expand exponentially (a few lines can take minutes and gigabytes), and no
    content file needs them. Only the parser's events are read, so nothing is ever expanded;
    text without `&` or `*` (nearly every file) is not even scanned."""
    if "&" not in text and "*" not in text:
        return
    loader = TeacherLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            name = getattr(event, "anchor", None)
            if name is None:
                continue
            line = event.start_mark.line + first_line
            if isinstance(event, yaml.AliasEvent):
                message = f"`*{name}` repeats a YAML anchor; content files do not allow aliases"
            else:
                message = f"`&{name}` is a YAML anchor; content files do not allow anchors"
            raise YamlSyntaxError(line, message, ANCHOR_HINT)
    finally:
        loader.dispose()


def _first_tab_indent(text: str, up_to: int) -> int | None:
    """The 0-based index of the first line, up to line `up_to`, indented with a Tab."""
    for index, line in enumerate(text.splitlines()[: up_to + 1]):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            return index
    return None


_STR = "tag:yaml.org,2002:str"


def _build(
    node: yaml.Node, path: KeyPath, offset: int, located: Located, loader: TeacherLoader
) -> Any:
    """The node's value, noting the line of every key and item on the way (one pass, where
    PyYAML's constructor would take a second: loading 10,000 events is mostly this)."""
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + offset
            if key in mapping:
                located.duplicates.append(((*path, key), line))
            located.lines[(*path, key)] = line
            mapping[key] = _build(value_node, (*path, key), offset, located, loader)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            located.lines[(*path, index)] = item.start_mark.line + offset
            items.append(_build(item, (*path, index), offset, located, loader))
        return items
    if node.tag == _STR:
        return node.value
    return loader.construct_object(node, deep=True)  # numbers, booleans, null
