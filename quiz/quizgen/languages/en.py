"""English, the source language: the words quiz generation adds to the content."""

from . import Phrases

PHRASES = Phrases(
    shared={
        "quote": "{prompt} “{quote}”",
        "hint_era": "It happened during “{era}”.",
        "hint_thread": "Thread: {thread}.",
        "on_day": "On {date}",
        "in_month": "In {month}",
        "event_date": "Date: {date}.",
        "event_quiz_description": "A short quiz on this event and the ones that share its "
        "people or its story.",
        "dated": "“{title}” ({date})",
        "list_separator": "; ",
        "about 600": "about {n}",
        "more than 600": "more than {n}",
        "at least 600": "at least {n}",
        "nearly 600": "nearly {n}",
        "just over 600": "just over {n}",
        "up to 600": "up to {n}",
    },
    kinds={
        "date": {
            "label": "Dates (month and year)",
            "month": "In which month and year did this happen?",
            "begin": "In which month and year did this begin?",
            "said": "In which month and year was this made public?",
        },
        "place": {
            "label": "Places",
            "ask": "Where did this take place?",
            "explain": "{about} Place: {place}.",
        },
        "people": {
            "label": "People and their roles",
            "visitor": "Who made this visit?",
            "announcer": "Who made this announcement?",
            "explain visitor": "It was {person} who made this visit. {about}",
            "explain announcer": "It was {person} who made this announcement. {about}",
        },
        "order": {
            "label": "Order of events",
            "ask": "Which of these happened first?",
            "explain": "In order: {dates}.",
        },
        "figure": {
            "label": "Figures and who gave them",
            "ask": "{when}, what figure did {by} give for the number of {label}?",
            "explain": "{when}, {by} said the number of {label} was {said}.",
            "others": "For comparison: {others}.",
            "other": "{by} gave {said} in {month}",
            "again": "{said} from the same source in {month}",
        },
        "source": {
            "label": "Who gave this estimate?",
            "ask": "Which source gave the figure of {said} {label}, in {month}?",
            "explain": "{by} gave this figure in {month}. The others gave other figures: {others}.",
            "other": "{by}, {said} {label} ({month})",
        },
        "current": {
            "label": "Which estimate was current",
            "ask": "In {month}, what was the latest figure {by} had given for the "
            "number of {label}?",
            "explain": "The estimates of {by}, in order: {series}.",
        },
        "compare": {
            "label": "Like with like",
            "ask": "Two figures for {family}: {said1}, from {by1} in {month1}, and "
            "{said2}, from {by2} in {month2}. What explains most of the "
            "difference between them?",
            "ask one source": "Two figures for {family} from {by1}: {said1} in {month1} "
            "and {said2} in {month2}. What explains most of the "
            "difference between them?",
            "ask one briefing": "Two figures for {family} from {by1} in {month1}: "
            "{said1} and {said2}. What explains most of the "
            "difference between them?",
            "different": "The first counts {a}; the second, {b}",
            "same": "Both count {a}",
            "explain": "The first figure ({said1}) counts {label1}; the second "
            "({said2}), {label2}. They measure different things, so neither "
            "contradicts the other.",
        },
        "steps": {
            "label": "Steps of one process",
            "ask": "In {title}, what came next, right after this?",
            "explain": "In order: {steps}.",
        },
        "claim": {
            "label": "Claim, denial or confirmation?",
            "ask": "When this was reported, in {month}, had Moscow and Pyongyang "
            "confirmed that {that}?",
            "neither": "Neither Moscow nor Pyongyang had confirmed it",
            "russia": "Moscow had confirmed it, but Pyongyang had not",
            "north-korea": "Pyongyang had confirmed it, but Moscow had not",
            "both": "Both Moscow and Pyongyang had confirmed it",
            "explain": "This was reported in {reported}. {russia} {north_korea}",
            "russia on": "Moscow first confirmed it on {date}.",
            "russia never": "By the end of {until}, Moscow had not confirmed it.",
            "north-korea on": "Pyongyang first confirmed it on {date}.",
            "north-korea never": "By the end of {until}, Pyongyang had not confirmed it.",
            "never": "Moscow and Pyongyang denied it, and had not confirmed it by the end of "
            "{until}.",
            "unlike": "What they confirmed, in {month}, was something else: that {that}.",
        },
        "fact": {"label": "Teachers' facts: hooks"},
        "hand": {"label": "Hand-written questions"},
    },
    elisions=(),
)
