"""HTTP throughput with wrk: four app requests against hello world, served the same way.

gunicorn (2 sync workers) serves the app and benchmarks/hello.py side by side on loopback
ports, with the same environment. Hello world is measured before and after the app, and every
app rate is divided by the mean of those two. Each measurement is a short warm-up run, then
the measured run, with the same wrk settings for all.

POST answer: attempts of the "whole-story" quiz are created beforehand in the database, each
with a forged session cookie that owns it and carries a CSRF token (exactly what the start
page would have set). Every request answers a question nobody has answered yet, in order.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from . import page_weight
from .common import (
    ROOT,
    WRK_CONNECTIONS,
    WRK_SECONDS,
    WRK_THREADS,
    WRK_WARMUP_SECONDS,
    Server,
    WrkResult,
    app_env,
    db_upgrade,
    fetch,
    log,
    patched_environ,
    sqlite_url,
    wrk,
)

EVENT_ID = "kim-putin-vostochny-summit"
POST_PRESET = "whole-story"
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}  # what every browser sends; hello gets it too
HTMX = {**BROWSER, "HX-Request": "true"}
GETS = {
    "GET /": ("/", BROWSER),
    "GET /?category=troops (htmx)": ("/?category=troops", HTMX),
    f"GET /events/{EVENT_ID}": (f"/events/{EVENT_ID}", BROWSER),
}
POST = "POST answer"
POST_HTMX = "POST answer (htmx)"  # JavaScript on: the feedback panel comes back (no target)
WARMUP_ANSWERS = 3_000  # fresh questions for the POST warm-up (200 attempts)
TARGETS = {"GET /": 0.8, POST: 0.3}  # app rate / hello-world rate


def row(name: str, result: WrkResult, hello_rps: float | None, post: bool = False) -> dict:
    return {
        "name": name,
        "rps": result.rps,
        "ratio": result.rps / hello_rps if hello_rps else None,
        "p50_ms": result.p50_ms,
        "p99_ms": result.p99_ms,
        "requests": result.requests,
        "statuses": result.statuses,
        # POST answer succeeds with 303 (2xx with htmx); for the GETs anything but 2xx is a miss
        "failures": result.non_2xx_3xx if post else result.non_2xx,
        "socket_errors": result.socket_errors,
        "timeouts": result.timeouts,
        "exhausted": result.exhausted,
    }


def measure(url: str, headers: dict | None = None) -> WrkResult:
    wrk(url, WRK_WARMUP_SECONDS, headers)
    return wrk(url, WRK_SECONDS, headers)


# -- POST answer: attempts and cookies made in advance ---------------------------------------
def prepare_answers(env: dict[str, str], answers: int, folder: Path, name: str) -> tuple[str, int]:
    """Fresh attempts with `answers` unanswered questions in all, one file per wrk thread.

    Returns the file prefix for post.lua and the number of questions written."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import new_public_id
    from quiz.services.attempts import start_attempt
    from quiz.store import current_content, current_pool, find_preset

    with patched_environ(env):
        app = create_app()
    serializer = app.session_interface.get_signing_serializer(app)
    made: list[str] = []  # "cookie<TAB>public id<TAB>questions<TAB>body"
    questions = 0
    # at least 32 attempts per thread, so each thread's queue never runs dry while its 8
    # connections wait for answers
    while questions < answers or len(made) < WRK_THREADS * 32:
        with app.test_request_context():  # a fresh app context: generate_csrf caches on g
            preset = find_preset(POST_PRESET)
            attempt = start_attempt(current_content(), current_pool(), preset, "Benchmark")
            # what the start form's POST sets (quiz.views.quiz.remember)
            session.permanent = True
            session["attempts"] = [attempt.public_id]
            session["browser"] = session["learner"] = new_public_id()
            session["_fresh"] = False  # Flask-Login marks it so on the start form's request
            token = generate_csrf()
            cookie = serializer.dumps(dict(session))
            body = f"csrf_token={quote(token, safe='')}&choice=0"
            made.append(f"{cookie}\t{attempt.public_id}\t{attempt.total}\t{body}\n")
            questions += attempt.total
    with app.app_context():
        db.engine.dispose()
    prefix = str(folder / name)
    for thread in range(WRK_THREADS):
        Path(f"{prefix}-{thread + 1}.tsv").write_text("".join(made[thread::WRK_THREADS]))
    return prefix, questions


def measure_post(env: dict[str, str], base: str, workdir: Path, htmx: bool = False) -> WrkResult:
    """Warm up on a fixed batch of fresh questions, size the measured batch from the warm-up
    rate with a wide margin, and run once more with twice as many if a thread ran out."""
    how = ["htmx"] if htmx else []
    warm_prefix, _ = prepare_answers(env, WARMUP_ANSWERS, workdir, "warm")
    warm = wrk(base + "/", WRK_WARMUP_SECONDS, script="post.lua", args=[warm_prefix, *how])
    rate = warm.rps if not warm.exhausted else WARMUP_ANSWERS / WRK_WARMUP_SECONDS * 4
    answers = int(rate * WRK_SECONDS * 2.5)
    for attempt in range(2):
        prefix, written = prepare_answers(env, answers, workdir, f"main{attempt}")
        log(f"  POST answer: {written} unanswered questions prepared")
        result = wrk(base + "/", WRK_SECONDS, script="post.lua", args=[prefix, *how])
        if not result.exhausted:
            return result
        answers *= 2
    raise RuntimeError("POST answer ran out of prepared questions twice")


def check(base: str, path: str, headers: dict, expect: int = 200) -> None:
    status, _, body = fetch(base + path, headers)
    if status != expect:
        raise RuntimeError(f"{path} answered {status}, expected {expect}: {body[:300]!r}")


def run() -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="quiz-bench-http-"))
    env = app_env(sqlite_url(workdir))
    rows: list[dict] = []
    try:
        db_upgrade(env)
        with (
            Server("benchmarks.hello:app", env).start() as hello,
            Server("wsgi:app", env).start() as app,
        ):
            for path, headers in GETS.values():
                check(app.base, path, headers)
            log(
                f"  wrk: {WRK_THREADS} threads, {WRK_CONNECTIONS} connections, "
                f"{WRK_WARMUP_SECONDS} s warm-up + {WRK_SECONDS} s per row"
            )
            hello_before = measure(hello.base + "/", BROWSER)
            log(f"  hello world (before): {hello_before.rps:8.0f} req/s")
            results = {}
            for name, (path, headers) in GETS.items():
                results[name] = measure(app.base + path, headers)
                log(f"  {name:<38} {results[name].rps:8.0f} req/s")

            for name, htmx in ((POST, False), (POST_HTMX, True)):
                results[name] = measure_post(env, app.base, workdir, htmx)
                log(f"  {name:<38} {results[name].rps:8.0f} req/s")

            hello_after = measure(hello.base + "/", BROWSER)
            log(f"  hello world (after):  {hello_after.rps:8.0f} req/s")
            weight = page_weight.measure(app.base)
            server_errors = app.log_tail()
        hello_rps = (hello_before.rps + hello_after.rps) / 2
        rows.append(row("hello world (before)", hello_before, hello_rps))
        rows.append(row("hello world (after)", hello_after, hello_rps))
        for name, result in results.items():
            rows.append(row(name, result, hello_rps, post=name in (POST, POST_HTMX)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    by_name = {r["name"]: r for r in rows}
    return {
        "hello_rps": hello_rps,
        "rows": rows,
        "page_weight": weight,
        "server_log_tail": server_errors,
        "targets": {
            f"{name} >= {target} x hello": by_name[name]["ratio"] >= target
            for name, target in TARGETS.items()
        },
        "content_dir": str(ROOT / "content"),
    }
