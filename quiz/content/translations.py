"""Other languages: `x.fr.md` beside `x.md`, `treaty.fr.yaml` beside `treaty.yaml`, and so on.

A translation file carries only words (titles, summaries, bodies, prompts, options), in the same
order as the English; dates, ids, sources and which option is right stay in the English file.
A missing translation falls back to English and is reported as a warning with file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from . import lint, reference
from .model import YEARS, Content, Event
from .reading import Reader
from .schema import Band, EventText, HandQuestion, Preset, PresetText, QuestionText, Site, SiteText
from .typography import typeset
from .yamlsource import Located

TRANSLATED = re.compile(r"\.(?P<lang>[a-z]{2})$")
_EVENT_TEXTS = frozenset({"title", "summary", "clue", "body"})  # what an event's translation gives
ListText = TypeVar("ListText", PresetText, QuestionText)  # an entry of a list file, by id


def is_translation(path: Path) -> bool:
    """`2024-06-19-x.fr.md` or `treaty.fr.yaml`: a translation, not a source file."""
    return bool(TRANSLATED.search(path.stem))


def translate(
    reader: Reader,
    content: Content,
    languages: Mapping[str, str],
    question_places: Mapping[str, tuple[Path, int]],
    with_site: bool = True,
) -> dict[str, Content]:
    """The content in every language of `languages` (code -> name) but its own; what a
    translation lacks is a warning, what it gets wrong an error. `question_places` gives the
    file and line of each English question, for the warnings; without `with_site` (the English
    site.yaml did not load) the site's translations are not looked at."""
    return {
        lang: _Translator(reader, content, lang, name, question_places, with_site).run()
        for lang, name in languages.items()
        if lang != content.language
    }


class _Translator:
    def __init__(
        self,
        reader: Reader,
        content: Content,
        lang: str,
        name: str,
        question_places: Mapping[str, tuple[Path, int]],
        with_site: bool = True,
    ):
        self.reader, self.content, self.lang, self.name = reader, content, lang, name
        self.question_places = question_places
        self.with_site = with_site
        self.root = reader.root

    def missing(self, path: Path, line: int, what: str, add: str) -> None:
        self.reader.warn(
            path,
            line,
            self.lang,
            f"no {self.name} text for {what}",
            f"add {add}; English is shown until then",
        )

    def run(self) -> Content:
        return replace(
            self.content,
            site=self.site(),
            events=tuple(self.event(e) for e in self.content.events),
            questions=self.questions(),
            presets=self.presets(),
            warnings=(),
            language=self.lang,
            reference=reference.translate(
                self.reader, self.content.reference, self.lang, self.missing
            ),
        )

    # -- site and presets -----------------------------------------------------------------------
    def site(self) -> Site:
        site = self.content.site
        if not self.with_site:
            return site
        path = self.root / f"site.{self.lang}.yaml"
        located = self.load_yaml(
            path, "the site title, categories and eras", f"site.{self.lang}.yaml"
        )
        text = self.reader.validate(SiteText, located, path) if located else None
        if located is None or text is None:
            return site
        for key, singular, items in (
            ("categories", "category", site.categories),
            ("eras", "era", site.eras),
        ):
            given = getattr(text, key)
            untranslated = [item.id for item in items if item.id not in given]
            for unknown in sorted(set(given) - {item.id for item in items}):
                # a mistyped id is one mistake: name the id it stands for, and do not also
                # report that id as untranslated
                close = difflib.get_close_matches(unknown, untranslated, n=1, cutoff=0.6)
                if close:
                    untranslated.remove(close[0])
                self.reader.error(
                    path,
                    located.line_of((key, unknown)),
                    key,
                    f"`{unknown}` is not in site.yaml",
                    f"did you mean `{close[0]}`?" if close else "use the ids of site.yaml",
                )
            for item_id in untranslated:
                self.missing(
                    path,
                    located.line_of((key,)),
                    f"{singular} `{item_id}`",
                    f"`{item_id}: ...` under {key}:",
                )
        span = self.content.years
        bands = self.bands(path, located.line_of(("bands",)), site.bands, text.bands, "site.yaml")
        for key, wrong, fix in lint.misstated_spans(text.title, text.subtitle, span):
            self.reader.warn(path, located.line_of((key,)), key, wrong, fix)
        return site.model_copy(
            update={
                "title": text.title.replace(YEARS, span),
                "subtitle": text.subtitle.replace(YEARS, span) or site.subtitle,
                "categories": [
                    c.model_copy(update={"label": text.categories.get(c.id, c.label)})
                    for c in site.categories
                ],
                "eras": [
                    e.model_copy(update={"label": text.eras.get(e.id, e.label)}) for e in site.eras
                ],
                "bands": bands,
            }
        )

    def bands(
        self, path: Path, line: int, bands: list[Band], texts: list[str], where: str
    ) -> list[Band]:
        """The score bands with their messages in this language, one a band, in order."""
        if len(texts) != len(bands):
            self.missing(
                path,
                line,
                f"the score messages of {where}",
                f"`bands:` with {len(bands)} message(s), one a band, in the order of {where}",
            )
            return bands
        return [
            band.model_copy(update={"message": typeset(message, self.lang)})
            for band, message in zip(bands, texts, strict=True)
        ]

    def presets(self) -> tuple[Preset, ...]:
        path = self.root / f"quizzes.{self.lang}.yaml"
        if not self.content.presets:
            return self.content.presets
        if not path.exists():
            self.missing(path, 1, "the quizzes", f"the file quizzes.{self.lang}.yaml")
            return self.content.presets
        texts = self.load_list(path, PresetText)
        out = []
        for preset in self.content.presets:
            found = texts.pop(preset.id, None)
            if found is None:
                self.missing(path, 1, f"quiz `{preset.id}`", f"an entry `- id: {preset.id}`")
                out.append(preset)
                continue
            text, where, line = found
            out.append(
                preset.model_copy(
                    update={
                        "title": typeset(text.title, self.lang),
                        "description": typeset(text.description, self.lang),
                        "bands": self.bands(
                            where, line, preset.bands, text.bands, f"quiz `{preset.id}`"
                        ),
                    }
                )
            )
        self.report_unknown(texts, "quizzes.yaml")
        return tuple(out)

    def report_unknown(self, leftovers: dict[str, tuple[ListText, Path, int]], where: str) -> None:
        for unknown, (_, path, line) in leftovers.items():
            self.reader.error(
                path,
                line,
                "id",
                f"`{unknown}` is not an id in {where}",
                "a translation uses the id of what it translates",
            )

    # -- events ------------------------------------------------------------------------------------
    def event(self, event: Event) -> Event:
        english = Path(self.root / "events" / Path(event.source_path).name)
        path = english.with_name(f"{english.stem}.{self.lang}.md")
        untranslated = event.model_copy(update={"in_source_language": _EVENT_TEXTS})
        if not path.exists():
            self.missing(english, 1, f"event `{event.id}`", f"the file {path.name}")
            return untranslated
        text = self.reader.read(path)
        parsed = text is not None and self.reader.parse_front_matter(path, text)
        if not parsed:
            return untranslated
        located, body, body_line = parsed
        event_text = self.reader.validate(EventText, located, path)
        if event_text is None:
            return untranslated
        if not body:
            self.missing(path, body_line, f"the body of `{event.id}`", "the text after `---`")
        if event.clue and not event_text.clue:
            self.missing(path, 2, f"the clue of `{event.id}`", "a line `clue: …`")
        for key, english_items in (
            ("figures", event.figures),
            ("facts", event.facts),
            ("media", event.media),
        ):
            items = getattr(event_text, key)
            if len(items) > len(english_items):
                self.reader.error(
                    path,
                    located.line_of((key, len(english_items))),
                    key,
                    f"has {len(items)} items but the English has {len(english_items)}",
                    "keep the same items, in the same order",
                )
            elif len(items) < len(english_items):
                self.missing(
                    path,
                    located.line_of((key,), 2),
                    f"{key} of `{event.id}`",
                    f"the {len(english_items)} items of the English, in the same order",
                )
        figures = [
            figure.model_copy(update=dict(event_text.figures[i]))
            if i < len(event_text.figures)
            else figure
            for i, figure in enumerate(event.figures)
        ]
        for i, (fact, fact_text) in enumerate(zip(event.facts, event_text.facts, strict=False)):
            if fact.hint and not fact_text.hint:
                self.missing(
                    path,
                    located.line_of(("facts", i)),
                    f"the hint of fact {i + 1} of `{event.id}`",
                    "a line `hint: …` under that fact",
                )
            self.reader.check_hint(
                path,
                located.line_of(("facts", i, "hint")),
                f"facts[{i}]",
                fact_text.hint,
                fact_text.answer,
            )
        facts = [
            fact.model_copy(
                update={**dict(event_text.facts[i]), "hint": event_text.facts[i].hint or fact.hint}
            )
            if i < len(event_text.facts)
            else fact
            for i, fact in enumerate(event.facts)
        ]
        lang = self.lang
        media = [
            item.model_copy(
                update={
                    "alt": typeset(event_text.media[i].alt, lang),
                    "caption": typeset(event_text.media[i].caption, lang) or item.caption,
                }
            )
            if i < len(event_text.media)
            else item
            for i, item in enumerate(event.media)
        ]
        translated = event.model_copy(
            update={
                "title": typeset(event_text.title, lang),
                "summary": typeset(event_text.summary, lang),
                "clue": typeset(event_text.clue, lang) or event.clue,
                "figures": figures,
                "media": media,
                "facts": [
                    f.model_copy(
                        update={
                            "ask": typeset(f.ask, lang),
                            "answer": typeset(f.answer, lang),
                            "wrong": [typeset(w, lang) for w in f.wrong],
                            "explanation": typeset(f.explanation, lang),
                            "hint": f.hint and typeset(f.hint, lang),
                        }
                    )
                    for f in facts
                ],
                "body": typeset(body, lang) or event.body,
                "in_source_language": frozenset(
                    [
                        *(["clue"] if event.clue and not event_text.clue else []),
                        *(["body"] if not body else []),
                    ]
                ),
            }
        )
        translated.__dict__.pop("body_html", None)  # a copy must not keep the English rendering
        return translated

    # -- questions ---------------------------------------------------------------------------------
    def questions(self) -> tuple[HandQuestion, ...]:
        folder = self.root / "questions"
        texts: dict[str, tuple[QuestionText, Path, int]] = {}
        for path in sorted(folder.glob(f"*.{self.lang}.yaml")) if folder.is_dir() else ():
            texts.update(self.load_list(path, QuestionText))
        out = []
        for question in self.content.questions:
            found = texts.pop(question.id, None)
            english_path, english_line = self.question_places[question.id]
            if found is None:
                self.missing(
                    english_path,
                    english_line,
                    f"question `{question.id}`",
                    f"an entry `- id: {question.id}` in {english_path.stem}.{self.lang}.yaml",
                )
                out.append(question)
                continue
            text, path, line = found
            if question.hint and not text.hint:
                self.missing(
                    path, line, f"the hint of question `{question.id}`", "a line `hint: …`"
                )
            if len(text.choices) == len(question.choices):
                right = next(i for i, c in enumerate(question.choices) if c.correct)
                self.reader.check_hint(path, line, question.id, text.hint, text.choices[right].text)
            if len(text.choices) != len(question.choices):
                self.reader.error(
                    path,
                    line,
                    "choices",
                    f"has {len(text.choices)} choices but the English has {len(question.choices)}",
                    "translate every choice, in the same order",
                )
                out.append(question)
                continue
            lang = self.lang
            choices = [
                c.model_copy(
                    update={
                        "text": typeset(t.text, lang),
                        "feedback": typeset(t.feedback, lang) or c.feedback,
                    }
                )
                for c, t in zip(question.choices, text.choices, strict=True)
            ]
            out.append(
                question.model_copy(
                    update={
                        "prompt": typeset(text.prompt, lang),
                        "choices": choices,
                        "explanation": typeset(text.explanation, lang),
                        "hint": typeset(text.hint, lang) if text.hint else question.hint,
                    }
                )
            )
        self.report_unknown(texts, "the English questions")
        return tuple(out)

    # -- files -------------------------------------------------------------------------------------
    def load_yaml(self, path: Path, what: str, add: str) -> Located | None:
        if not path.exists():
            self.missing(path, 1, what, f"the file {add}")
            return None
        text = self.reader.read(path)
        located = text is not None and self.reader.parse_yaml(path, text)
        if not located or not isinstance(located.data, dict):
            if located:
                self.reader.error(path, 1, "file", "must hold fields such as `title:`")
            return None
        return located

    def load_list(self, path: Path, model: type[ListText]) -> dict[str, tuple[ListText, Path, int]]:
        """id -> (validated item, path, line), for a list file (quizzes.fr.yaml, *.fr.yaml)."""
        text = self.reader.read(path)
        located = text is not None and self.reader.parse_yaml(path, text)
        if not located or located.data is None:
            return {}
        if not isinstance(located.data, list):
            self.reader.error(path, 1, "file", "must be a list, each item starting with `- id:`")
            return {}
        items = {}
        for index in range(len(located.data)):
            item = self.reader.validate(model, located, path, at=(index,))
            if item is not None:
                items[item.id] = (item, path, located.line_of((index,)))
        return items
