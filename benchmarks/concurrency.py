"""A class at once: 64 students each take the shipped `reopening` quiz (9 questions) through
the real HTTP flow.

Each student is a thread with its own cookie jar: GET the start page (for its CSRF token), POST
the start form, then for every question GET the page and POST an answer. All 64 start together
(a barrier) against gunicorn with 2 sync workers, once on SQLite and once on a throwaway
PostgreSQL server. Afterwards the database is asked how many answers it holds:

    lost answers = answers acknowledged (POST answered 303) - responses with chosen_index set

Both that and the count of 5xx responses must be 0. Every request has a timeout and the whole
run a deadline, so a stuck server ends the run instead of hanging it.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests
import yaml

from .common import (
    ROOT,
    Server,
    app_env,
    db_upgrade,
    log,
    patched_environ,
    sqlite_url,
)

STUDENTS = 64
PRESET = "reopening"


def preset_length(preset_id: str) -> int:
    """How many questions the shipped preset asks (the teachers' content may change it)."""
    presets = yaml.safe_load((ROOT / "content" / "quizzes.yaml").read_text(encoding="utf-8"))
    return next(p["questions"] for p in presets if p["id"] == preset_id)


QUESTIONS = preset_length(PRESET)
REQUEST_TIMEOUT = 60  # seconds, per request
RUN_DEADLINE = 240  # seconds, for the whole class
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Tally:
    """What all students saw, under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()  # "GET question 200", ...
        self.latencies: dict[str, list[float]] = {}
        self.acknowledged = 0
        self.finished = 0
        self.failures: list[str] = []
        self.transport_errors = 0

    def record(self, what: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[f"{what} {status}"] += 1
            self.latencies.setdefault(what, []).append(seconds)

    def fail(self, message: str) -> None:
        with self.lock:
            if len(self.failures) < 20:
                self.failures.append(message)


def student(base: str, number: int, barrier: threading.Barrier, tally: Tally, deadline: float):
    http = requests.Session()

    def call(what: str, method: str, path: str, **data) -> requests.Response:
        if time.monotonic() > deadline:
            raise TimeoutError("the run's deadline passed")
        started = time.perf_counter()
        response = http.request(
            method, base + path, data=data or None, allow_redirects=False, timeout=REQUEST_TIMEOUT
        )
        tally.record(what, response.status_code, time.perf_counter() - started)
        return response

    def token(response: requests.Response) -> str:
        found = CSRF.search(response.text)
        if not found:
            raise AssertionError(f"no CSRF token in {response.url} ({response.status_code})")
        return found.group(1)

    start = f"/quizzes/{PRESET}/start"
    try:
        barrier.wait(timeout=60)
        page = call("GET start", "GET", start)
        started = call(
            "POST start",
            "POST",
            start,
            csrf_token=token(page),
            display_name=f"Student {number}",
            class_code="",
        )
        if started.status_code != 303:
            raise AssertionError(f"start answered {started.status_code}")
        attempt = started.headers["Location"].split("/questions/")[0]  # /attempts/<public id>
        for position in range(1, QUESTIONS + 1):
            path = f"{attempt}/questions/{position}"
            question = call("GET question", "GET", path)
            if question.status_code != 200:
                raise AssertionError(f"{path} answered {question.status_code}")
            answer = call("POST answer", "POST", path, csrf_token=token(question), choice="0")
            if answer.status_code == 303:
                with tally.lock:
                    tally.acknowledged += 1
            else:
                tally.fail(f"student {number}: answer {position} got {answer.status_code}")
        results = call("GET results", "GET", f"{attempt}/results")
        if results.status_code == 200:
            with tally.lock:
                tally.finished += 1
    except requests.RequestException as error:
        with tally.lock:
            tally.transport_errors += 1
        tally.fail(f"student {number}: {type(error).__name__}: {error}")
    except (AssertionError, KeyError, TimeoutError, threading.BrokenBarrierError) as error:
        tally.fail(f"student {number}: {type(error).__name__}: {error}")
    finally:
        http.close()


def stored_answers(env: dict[str, str]) -> dict:
    """Ask the database itself (through the app's models) what it holds."""
    from sqlalchemy import func, select

    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Answer, Attempt

    with patched_environ(env):
        app = create_app()
    with app.app_context():
        answered = db.session.scalar(
            select(func.count()).select_from(Answer).where(Answer.chosen_index.is_not(None))
        )
        attempts = db.session.scalar(select(func.count()).select_from(Attempt))
        finished = db.session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.finished_at.is_not(None))
        )
        db.session.remove()
        db.engine.dispose()
    return {"answered": answered, "attempts": attempts, "finished": finished}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run_class(database_url: str, label: str) -> dict:
    env = app_env(database_url)
    db_upgrade(env)
    tally = Tally()
    with Server("wsgi:app", env).start(f"/quizzes/{PRESET}/start") as server:
        barrier = threading.Barrier(STUDENTS)
        deadline = time.monotonic() + RUN_DEADLINE
        threads = [
            threading.Thread(
                target=student, args=(server.base, n, barrier, tally, deadline), daemon=True
            )
            for n in range(1, STUDENTS + 1)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline + REQUEST_TIMEOUT - time.monotonic()))
        seconds = time.perf_counter() - started
        stuck = sum(thread.is_alive() for thread in threads)
        server_log = server.log_tail()
    stored = stored_answers(env)
    all_latencies = [s for values in tally.latencies.values() for s in values]
    server_errors = sum(n for key, n in tally.statuses.items() if int(key.rsplit(" ", 1)[1]) >= 500)
    answers = tally.latencies.get("POST answer", [])
    result = {
        "database": label,
        "students": STUDENTS,
        "questions": QUESTIONS,
        "seconds": seconds,
        "requests": len(all_latencies),
        "rps": len(all_latencies) / seconds if seconds else 0.0,
        "p50_ms": 1000 * statistics.median(all_latencies) if all_latencies else 0.0,
        "p99_ms": 1000 * percentile(all_latencies, 0.99),
        "answer_p50_ms": 1000 * statistics.median(answers) if answers else 0.0,
        "answer_p99_ms": 1000 * percentile(answers, 0.99),
        "server_errors_5xx": server_errors,
        "acknowledged": tally.acknowledged,
        "stored": stored["answered"],
        "lost_answers": tally.acknowledged - stored["answered"],
        "students_finished": tally.finished,
        "attempts_in_db": stored["attempts"],
        "attempts_finished_in_db": stored["finished"],
        "transport_errors": tally.transport_errors,
        "stuck_threads": stuck,
        "statuses": dict(sorted(tally.statuses.items())),
        "failures": tally.failures,
        "server_log_tail": server_log if server_errors or tally.failures else "",
    }
    result["ok"] = (
        result["server_errors_5xx"] == 0
        and result["lost_answers"] == 0
        and tally.finished == STUDENTS
        and not stuck
    )
    log(
        f"  {label:<10} {STUDENTS} students x {QUESTIONS} questions: {seconds:5.1f} s, "
        f"5xx {server_errors}, acknowledged {tally.acknowledged}, stored {stored['answered']}, "
        f"finished {tally.finished}/{STUDENTS}"
    )
    return result


def run(postgres: bool = True) -> dict:
    runs = []
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-class-"))
    try:
        runs.append(run_class(sqlite_url(folder), "SQLite"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if postgres:
        from tests.support.postgres import throwaway_postgres

        with throwaway_postgres() as url:
            runs.append(run_class(url, "PostgreSQL"))
    return {
        "runs": runs,
        "targets": {
            f"{r['database']}: 0 5xx and 0 lost answers": r["server_errors_5xx"] == 0
            and r["lost_answers"] == 0
            for r in runs
        },
    }
