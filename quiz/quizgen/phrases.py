"""The words of generated questions, per language. Written to need no agreement in gender or
number with what is slotted in (`D'après {by}, …` reads right for le, la or les)."""

from __future__ import annotations

from ..content import PartialDate, Precision

PHRASES = {
    "en": {
        "date": "When did this happen?",
        "date_begin": "When did this begin?",
        "place": "Where did this take place?",
        "people": "Who was involved in this?",
        "order": "Which of these happened first?",
        "order_explanation": "In order: {dates}.",
        "summary": "Which event does this passage describe?",
        "figure": "What figure did {by} give for {label}{when}?",
        "figure_explanation": "{by} gave {answer} for {label}{when}. {summary}",
        "about": "{title} ({date}). {summary}",
        "place_explanation": "Place: {place}. {about}",
        "people_explanation": "{person} took part. {about}",
        "dated": "{title}: {date}",
        "list_separator": "; ",
        "event_quiz": "Quiz: {title}",
        "event_quiz_description": "A short quiz on this event and the ones closest to it.",
    },
    "fr": {
        "date": "Quand cela s'est-il passé ?",
        "date_begin": "Quand cela a-t-il commencé ?",
        "place": "Où cela s'est-il passé ?",
        "people": "Qui a participé à cet événement ?",
        "order": "Lequel de ces événements a eu lieu en premier ?",
        "order_explanation": "Dans l'ordre : {dates}.",
        "summary": "Quel événement ce passage décrit-il ?",
        "figure": "D'après {by}{when}, quel chiffre correspond à : {label} ?",
        "figure_explanation": "D'après {by}{when} : {answer} ({label}). {summary}",
        "about": "{title} ({date}). {summary}",
        "place_explanation": "Lieu : {place}. {about}",
        "people_explanation": "{person} y a participé. {about}",
        "dated": "{title} : {date}",
        "list_separator": " ; ",
        "event_quiz": "Quiz : {title}",
        "event_quiz_description": "Un court quiz sur cet événement et ceux qui en sont proches.",
    },
}


def phrase(language: str, key: str, **values: str) -> str:
    return PHRASES.get(language, PHRASES["en"])[key].format(**values)


def as_of(date: PartialDate | None, language: str) -> str:
    """`, as of 28 October 2024` / `, au 28 octobre 2024` / `, en octobre 2024`."""
    if date is None:
        return ""
    shown = date.format(language)
    if language == "fr":
        return f", au {shown}" if date.precision is Precision.DAY else f", en {shown}"
    return f", as of {shown}"
