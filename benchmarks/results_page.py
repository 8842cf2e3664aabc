"""A class's results for its teacher at scale: the results page (and its htmx refresh, every
20 s while open) and both CSV exports of one assignment with 3,000 attempts of `reopening`.

In process, through Flask's test client (no HTTP), on a fresh SQLite file: the teacher is
logged in, the assignment made from the `reopening` preset, one attempt started the normal way
(`start_attempt`) and copied 2,999 times with random choices (90% finished). Each request is
timed several times and the best kept; the statements each one sends are counted too."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert, select

from .common import ROOT, app_env, patched_environ, sqlite_url

ATTEMPTS = 3_000
PRESET_ID = "reopening"
REPEATS = 5
TARGET_MS = 200
EMAIL, PASSWORD = "bench@school.org", "benchmark password"


def build(folder: Path):
    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Answer, Assignment, Attempt
    from quiz.services.accounts import find_teacher, save_teacher
    from quiz.services.assignments import create_assignment
    from quiz.services.attempts import start_attempt
    from quiz.store import current_content, current_pool, find_preset

    with patched_environ(app_env(sqlite_url(folder))):
        app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.test_request_context():
        db.create_all()
        save_teacher(EMAIL, PASSWORD)
        assignment = create_assignment(find_teacher(EMAIL), "Bench class", PRESET_ID, None)
        model = start_attempt(
            current_content(), current_pool(), find_preset(PRESET_ID), "Model", assignment
        )
        answers = [
            {c.key: getattr(a, c.key) for c in Answer.__table__.columns if c.key != "id"}
            for a in model.answers
        ]
        attempt_row = {
            c.key: getattr(model, c.key)
            for c in Attempt.__table__.columns
            if c.key not in ("id", "public_id")
        }
        chance = random.Random(12)
        for batch in range(0, ATTEMPTS - 1, 500):
            rows = []
            for n in range(batch, min(batch + 500, ATTEMPTS - 1)):
                rows.append({**attempt_row, "display_name": f"Student {n}", "public_id": f"b{n}"})
            ids = db.session.scalars(insert(Attempt).returning(Attempt.id), rows).all()
            answer_rows = []
            for attempt_id in ids:
                finished = chance.random() < 0.9
                for position, answer in enumerate(answers, start=1):
                    chosen = chance.randrange(4) if finished or position < 4 else None
                    answer_rows.append({**answer, "attempt_id": attempt_id, "chosen_index": chosen})
            db.session.execute(insert(Answer), answer_rows)
        db.session.commit()
        assignment_id = db.session.scalar(select(Assignment.id))
        count = db.session.query(Attempt).count()
    client = app.test_client()
    response = client.post("/teacher/login", data={"email": EMAIL, "password": PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"benchmark login failed: {response.status_code}")
    return app, client, assignment_id, count


def timed(app, client, url: str, headers: dict[str, str] | None = None) -> dict:
    from quiz.extensions import db

    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args) -> None:
        statements.append(1)

    best = best_cpu = float("inf")
    for repeat in range(REPEATS):
        if repeat == REPEATS - 1:
            event.listen(engine, "before_cursor_execute", count)
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers or {})
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
    event.remove(engine, "before_cursor_execute", count)
    return {
        "ms": best * 1000,
        "cpu_ms": best_cpu * 1000,
        "statements": len(statements),
        "bytes": len(response.data),
    }


def run(log=print) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-results-"))
    try:
        app, client, assignment_id, count = build(folder)
        log(f"  {count:,} attempts of the {PRESET_ID} preset in one assignment")
        base = f"/teacher/assignments/{assignment_id}"
        rows = []
        for name, url, headers in [
            ("results page", base, None),
            ("results refresh (htmx)", base + "?sort=score", {"HX-Request": "true"}),
            ("students.csv", base + "/students.csv", None),
            ("questions.csv", base + "/questions.csv", None),
        ]:
            row = {"name": name, "attempts": count, **timed(app, client, url, headers)}
            rows.append(row)
            log(
                f"  {name}: {row['ms']:.0f} ms ({row['cpu_ms']:.0f} ms CPU), "
                f"{row['statements']} SQL statements"
            )
        with app.app_context():
            from quiz.extensions import db

            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "rows": rows,
        "targets": {
            f"results page and CSVs < {TARGET_MS} ms at {ATTEMPTS:,} attempts": all(
                r["ms"] < TARGET_MS for r in rows
            )
        },
    }


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    print(run())
