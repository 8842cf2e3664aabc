"""Moodle GIFT: write questions out, and read multiple-choice questions in with their lines.

Only the subset a multiple-choice bank needs: `::name::`, the prompt, `=right` and `~wrong`
options with `#feedback`, `####general feedback`, `$CATEGORY:` lines, and our own comment
`// events: id, id` that ties a question to timeline events."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .yamlsource import KeyPath, Located

_SPECIAL = "\\~=#{}:"
_EVENTS = re.compile(r"^//\s*events\s*:\s*(.*)$", re.I)


def escape(text: str) -> str:
    """Backslash GIFT's special characters and keep line breaks as `\\n`."""
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


class OptionLike(Protocol):
    text: str
    feedback: str


class QuestionLike(Protocol):
    id: str
    prompt: str
    options: tuple[OptionLike, ...]
    answer: int
    explanation: str
    event_ids: tuple[str, ...]


def write(groups: Iterable[tuple[str, Iterable[QuestionLike]]]) -> str:
    """GIFT text for (category, questions) groups: one multiple-choice question per block."""
    out: list[str] = []
    for category, questions in groups:
        out.append(f"$CATEGORY: {category}\n")
        for question in questions:
            lines = [f"// events: {', '.join(question.event_ids)}"]
            lines.append(f"::{escape(question.id)}::{escape(question.prompt)} {{")
            for index, option in enumerate(question.options):
                mark = "=" if index == question.answer else "~"
                feedback = f"#{escape(option.feedback)}" if option.feedback else ""
                lines.append(f"\t{mark}{escape(option.text)}{feedback}")
            if question.explanation:
                lines.append(f"\t####{escape(question.explanation)}")
            lines.append("}\n")
            out.append("\n".join(lines))
    return "\n".join(out)


@dataclass
class _Block:
    line: int
    text: str = ""
    events: list[str] | None = None
    events_line: int = 0
    line_of_offset: list[int] = field(default_factory=list)  # source line of each text char


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text).strip()


def _split_unescaped(text: str, marks: str) -> list[tuple[int, str]]:
    """Positions of unescaped mark characters in text."""
    found, escaped = [], False
    for index, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in marks:
            found.append((index, ch))
    return found


class GiftError(ValueError):
    def __init__(self, line: int, field: str, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.field, self.message, self.hint = line, field, message, hint


def read(text: str) -> tuple[Located, list[GiftError]]:
    """Parse GIFT into question dicts (in the YAML bank's shape) plus the line of each part, so
    the same validation reports problems at the right line."""
    located, errors = Located([]), []
    for block in _blocks(text):
        lines: dict[KeyPath, int] = {}
        try:
            question = _parse_block(block, len(located.data), lines)
        except GiftError as error:
            errors.append(error)
            continue
        located.data.append(question)
        located.lines.update(lines)
    return located, errors


def _blocks(text: str) -> Iterable[_Block]:
    block: _Block | None = None
    pending_events: tuple[list[str], int] | None = None
    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if block is None:
            events = _EVENTS.match(line)
            if events:
                ids = [e.strip() for e in events.group(1).split(",") if e.strip()]
                pending_events = (ids, number)
                continue
            if not line or line.startswith("//") or line.startswith("$CATEGORY"):
                continue
            block = _Block(line=number)
            if pending_events:
                block.events, block.events_line = pending_events
                pending_events = None
        block.text += raw + "\n"
        block.line_of_offset.extend([number] * (len(raw) + 1))
        depth += sum(1 if ch == "{" else -1 for _, ch in _split_unescaped(raw, "{}"))
        if depth <= 0 and "}" in raw and not raw.rstrip().endswith("\\}"):
            yield block
            block, depth = None, 0
    if block is not None:
        yield block


def _parse_block(block: _Block, index: int, lines: dict[KeyPath, int]) -> dict[str, Any]:
    text = block.text
    lines[(index,)] = block.line
    name = re.match(r"^\s*::(.*?)(?<!\\)::", text, re.S)
    if not name:
        raise GiftError(
            block.line,
            "name",
            "the question has no name",
            "start it with ::a-short-id:: (lowercase letters, digits, hyphens)",
        )
    braces = _split_unescaped(text, "{}")
    if len(braces) < 2 or braces[0][1] != "{" or braces[-1][1] != "}":
        raise GiftError(
            block.line,
            "answers",
            "the answers are not between { and }",
            "put the options between curly brackets, one per line",
        )
    start, end = braces[0][0], braces[-1][0]
    answers = text[start + 1 : end]
    if not _split_unescaped(answers, "=~"):
        raise GiftError(
            block.line_of_offset[start],
            "answers",
            "only multiple-choice questions can be imported",
            "write options as =right answer and ~wrong answer",
        )
    question: dict[str, Any] = {
        "id": _unescape(name.group(1)),
        "prompt": _unescape(text[name.end() : start]),
        "choices": [],
        "explanation": "",
    }
    lines[(index, "id")] = lines[(index, "prompt")] = block.line
    general = answers.find("####")
    if general >= 0:
        question["explanation"] = _unescape(answers[general + 4 :])
        lines[(index, "explanation")] = block.line_of_offset[start + 1 + general]
        answers = answers[:general]
    marks = _split_unescaped(answers, "=~")
    for number, (position, mark) in enumerate(marks):
        stop = marks[number + 1][0] if number + 1 < len(marks) else len(answers)
        part = answers[position + 1 : stop]
        feedback_at = next((i for i, ch in _split_unescaped(part, "#")), None)
        choice: dict[str, str | bool] = {
            "text": _unescape(part if feedback_at is None else part[:feedback_at])
        }
        if mark == "=":
            choice["correct"] = True
        if feedback_at is not None:
            choice["feedback"] = _unescape(part[feedback_at + 1 :])
        lines[(index, "choices", number)] = block.line_of_offset[start + 1 + position]
        question["choices"].append(choice)
    if block.events is None:
        raise GiftError(
            block.line,
            "events",
            "the question names no timeline event",
            "add a line // events: event-id above it (the event file name without "
            "the date and .md)",
        )
    question["events"] = block.events
    lines[(index, "events")] = block.events_line
    return question
