"""Content scaling: load, question bank and quiz times for synthetic content of 100 to 10,000
events (the bank holds every question in every language; gunicorn.conf.py builds it once, in
the master, before the workers fork).

Each folder has site.yaml (the shipped categories and eras), one file per event and one
quizzes.yaml; the events mix every field the quiz generators read (places, people, figures,
facts), spread evenly over 2022-2025. Each size is timed a few times and the best run kept.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

from quiz.content import load_content
from quiz.content.schema import Preset
from quiz.quizgen import build_bank, build_quiz

from .common import ROOT

SIZES = (100, 1_000, 10_000)
REPEATS = {100: 5, 1_000: 3, 10_000: 2}  # loads per size; the best one counts
PRESET_ID = "reopening"  # 9 questions, eras prelude + reopening
LOAD_TARGET_SECONDS = 2.0  # for 10,000 events
LINEAR_TOLERANCE = 1.5

FIRST_DAY, LAST_DAY = date(2022, 1, 1), date(2025, 12, 31)
PLACES = [
    "Pyongyang",
    "Moscow",
    "Vladivostok",
    "Khabarovsk",
    "Rason",
    "Kursk",
    "Sinuiju",
    "Tumen River crossing",
    "Amur Oblast",
    "Novosibirsk",
    "Irkutsk",
    "Wonsan",
    "Nampo",
    "Chongjin",
    "Yekaterinburg",
    "Kazan",
    "Murmansk",
    "Sakhalin",
    "Komsomolsk-on-Amur",
    "Ussuriysk",
    "Hamhung",
    "Kaesong",
    "Sevastopol",
    "Saint Petersburg",
]
FIRST = ["Ivan", "Olga", "Pavel", "Anna", "Dmitri", "Min", "Sun", "Jae", "Hyun", "Nadia", "Yuri"]
LAST = ["Petrov", "Sokolova", "Kim", "Pak", "Ri", "Choe", "Volkov", "Morozova", "Han", "Orlov"]
VERBS = ["meets", "visits", "signs a deal with", "hosts", "briefs", "calls", "writes to"]


OBSERVERS = ["Observers", "Monitors", "Analysts", "Reporters"]
MEASURES = ["people-involved", "people-counted", "people-seen"]


def slug_of(place: str) -> str:
    return place.lower().replace(" ", "-")


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def event_file(index: int, day: date, category: str, rng: random.Random) -> tuple[str, str]:
    """(file name, text) of one valid synthetic event."""
    slug = f"synthetic-event-{index:05d}"
    wanted = rng.randint(2, 4)
    actors: list[str] = []
    while len(actors) < wanted:
        name = person(rng)
        if name not in actors:
            actors.append(name)
    place = rng.choice(PLACES)
    front = {
        "date": day.isoformat(),
        "title": f"Event {index}: {actors[0]} {rng.choice(VERBS)} {actors[1]}",
        "category": category,
        "actors": actors,
        "key": index % 3 == 0,
        "roles": {"visitor": actors[0]} if index % 4 == 0 else {},
        "place": slug_of(place),
        "summary": f"A synthetic event number {index} for the benchmarks, held in {place}. "
        f"{actors[0]} and {actors[1]} discussed trade, transport and sanctions.",
        "sources": [
            {
                "publisher": "Benchmark News",
                "title": f"Report {index}",
                "url": f"https://news.example.org/{slug}",
                "date": day.isoformat(),
            }
        ],
    }
    if index % 2 == 0:
        front["clue"] = f"A passage that tells happening {index} apart from the others."
    if index % 5 == 0:
        front["figures"] = [
            {
                "label": "people involved",
                "value": rng.randint(20, 20_000),
                "qualifier": "about",
                "by": rng.choice(OBSERVERS),
                "as_of": day.isoformat(),
                "measure": rng.choice(MEASURES),
                "key": index % 10 == 0,
            }
        ]
    if index % 7 == 0:
        front["facts"] = [
            {
                "ask": f"Which number did synthetic event {index} carry?",
                "answer": f"Number {index}",
                "wrong": [f"Number {index + 1}", f"Number {index + 2}", f"Number {index + 3}"],
            }
        ]
    body = (
        f"{actors[0]} and {actors[1]} met in {place} on {day:%d %B %Y}. This paragraph stands in "
        "for the one to three paragraphs a teacher writes, with **some emphasis** and a "
        "[link](https://news.example.org/).\n\n"
        "A second paragraph says what happened next and who said so, as real events do."
    )
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body
    return f"{day.isoformat()}-{slug}.md", text + "\n"


def write_content(folder: Path, events: int, seed: int = 1) -> Path:
    """A valid content folder with `events` events and the shipped categories, eras, presets."""
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    categories = [c["id"] for c in site["categories"]]
    (folder / "events").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        yaml.safe_dump(
            {
                "title": "Synthetic timeline",
                "subtitle": "For the benchmarks",
                "categories": site["categories"],
                "eras": [
                    {**e, "start": str(e["start"]), "end": str(e["end"])} for e in site["eras"]
                ],
            },
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    reference = {
        "places.yaml": [{"id": "asia", "name": "Asia", "kind": "country"}]
        + [
            # the map marks every city: made-up coordinates, spread over Asia
            {
                "id": slug_of(p),
                "name": p,
                "kind": "city",
                "in": "asia",
                "coordinates": [30 + i, 100 + i],
            }
            for i, p in enumerate(PLACES)
        ],
        "measures.yaml": {
            "families": [{"id": "people", "label": "people"}],
            "measures": [
                {"id": m, "family": "people", "label": m.replace("-", " "), "unit": "people"}
                for m in MEASURES
            ],
        },
    }
    for name, data in reference.items():
        (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    presets = yaml.safe_load((ROOT / "content" / "quizzes.yaml").read_text(encoding="utf-8"))
    (folder / "quizzes.yaml").write_text(
        yaml.safe_dump(presets, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    for index in range(events):
        day = FIRST_DAY + timedelta(days=index * span // max(1, events - 1))
        name, text = event_file(index, day, categories[index % len(categories)], rng)
        (folder / "events" / name).write_text(text, encoding="utf-8")
    return folder


def time_size(folder: Path, repeats: int, preset_id: str = PRESET_ID) -> dict:
    """Best of `repeats` loads, then the question bank and one quiz on the loaded content."""
    loads = []
    for _ in range(repeats):
        started = time.perf_counter()
        content = load_content(folder)
        loads.append(time.perf_counter() - started)
    started = time.perf_counter()
    bank = build_bank(content)
    pooled = time.perf_counter()
    pool = bank.pool("en")
    preset: Preset = next(p for p in content.presets if p.id == preset_id)
    questions = build_quiz(content, pool, preset, seed=42)
    built = time.perf_counter()
    events = len(content.events)
    return {
        "events": events,
        "load_s": min(loads),
        "load_runs_s": loads,
        "pool_s": pooled - started,
        "languages": len(bank.pools),
        "pool_s_per_language": (pooled - started) / len(bank.pools),
        "quiz_s": built - pooled,
        "load_ms_per_event": 1000 * min(loads) / events,
        "pool_ms_per_event": 1000 * (pooled - started) / events,
        "pool_questions": len(pool.questions),
        "quiz_questions": len(questions),
        "warnings": len(content.warnings),
    }


def run(sizes=SIZES, log=print) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="quiz-bench-content-"))
    rows = []
    try:
        time_size(write_content(workdir / "warm-up", 30), 1)  # imports, regexes, YAML warm-up
        for size in sizes:
            folder = write_content(workdir / f"events-{size}", size)
            row = time_size(folder, REPEATS.get(size, 1))
            if row["events"] != size:
                raise RuntimeError(f"expected {size} events, loaded {row['events']}")
            rows.append(row)
            log(
                f"  {size:>6} events: load {row['load_s']:.3f} s, "
                f"question bank {row['pool_s']:.3f} s ({row['languages']} languages), "
                f"build_quiz {row['quiz_s'] * 1000:.1f} ms"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    by_size = {r["events"]: r for r in rows}
    result = {"preset": PRESET_ID, "rows": rows, "targets": {}}
    if 1_000 in by_size and 10_000 in by_size:
        small, large = by_size[1_000], by_size[10_000]
        # linear: time per event at 10,000 within 1.5x of that at 1,000 (100 is too small to
        # compare: fixed costs dominate it)
        result["load_growth_1k_to_10k"] = large["load_ms_per_event"] / small["load_ms_per_event"]
        result["pool_growth_1k_to_10k"] = large["pool_ms_per_event"] / small["pool_ms_per_event"]
        result["targets"] = {
            "content load linear (ms/event at 10,000 <= 1.5 x at 1,000)": result[
                "load_growth_1k_to_10k"
            ]
            <= LINEAR_TOLERANCE,
            "10,000 events load < 2 s": large["load_s"] < LOAD_TARGET_SECONDS,
            "question bank linear (ms/event at 10,000 <= 1.5 x at 1,000)": result[
                "pool_growth_1k_to_10k"
            ]
            <= LINEAR_TOLERANCE,
        }
    return result
