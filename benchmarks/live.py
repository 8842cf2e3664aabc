"""A live class of 300 phones (issue 14): poll latency, answers kept, and how fast a step spreads.

Set-up, in process with the server's own environment: a fresh migrated database, a teacher
account, a live session started through the service (`start_live`, a 30 s timer, no
leaderboard), and 300 attempts at it made with `start_attempt`, each with a forged session
cookie that owns it (what the join form's POST would have set, CSRF secret included). The join
pages are not driven over HTTP: 300 joins from one address in a few seconds would meet the join
limits (quiz/limits.py), which are there for exactly that; the rest of the path is the app's own.

Then, over HTTP on loopback, all at once from one asyncio client (aiohttp):
- 300 phones poll GET /live/<public id> every second with `HX-Request` and the If-None-Match
  that their fragment's hx-headers carry (what htmx sends), first polls spread over the first
  second; a 200 replaces the fragment (new ETag, the poll timer restarts), a 304 changes
  nothing. A phone whose fragment shows the choice buttons taps one after 1-5 s (hx-post, with
  the fragment's CSRF token): acknowledged when the answer's reply is a 303, or a 200 whose
  fragment says the answer is recorded (its ETag's "answered" flag, read back from the
  database); a phone stops polling when the fragment it gets has no hx-get (the session ended);
- the teacher logs in, keeps the projector open (polled every second, like the phones, on
  server A), and steps: ask, wait until every phone's answer is acknowledged (at most 8 s),
  show, 2 s, ... for 5 questions, then end.

Measured: poll latency (304s, 200s, all), the convergence of each ask (from sending the
teacher's POST until the last phone got a 200 with that question's buttons), answers
acknowledged against answers stored, statuses other than 2xx/3xx, transport errors, and the
client's own event-loop lag (if it is large, the client and not the server made the latency).

Three runs: SQLite and PostgreSQL on one gunicorn (2 sync workers), then the scale-out: two
gunicorn servers (2 sync workers each, one SECRET_KEY) on one PostgreSQL behind Debian's nginx
(round-robin, loopback only, its config written to a temporary folder), the teacher on server A
directly, the phones through nginx. Every request has a timeout and every run a deadline;
every process started is stopped by its own id, every temporary folder removed."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .common import (
    HOST,
    Server,
    app_env,
    db_upgrade,
    free_port,
    log,
    patched_environ,
    sqlite_url,
)

PHONES = 300
QUESTIONS = 5  # asked of the preset's 9
PRESET = "reopening"
TIMER_SECONDS = 30  # each question's timer: the teacher closes answering before it runs out
POLL_SECONDS = 1.0  # hx-trigger="every 1s"
ANSWER_DELAY = (1.0, 5.0)  # seconds a student takes to tap, once the buttons are shown
WAIT_FOR_ANSWERS = 8.0  # the teacher shows the answer when all answered, or after this
SHOW_SECONDS = 2.0  # the answer on screen before the next question
# A class joins over a minute or so (a code to type, a name to pick); here the 300 phones' first
# polls are spread over 10 s, not all in one second, which no class does.
JOIN_SECONDS = 10.0
LOBBY_SECONDS = 3.0  # after the last phone's first poll
# htmx sets no timeout (a phone waits for its poll and skips the ticks meanwhile): a short one
# here would abandon requests the server then answers anyway, so an overloaded server would spend
# its time on replies nobody reads. Long enough never to fire on a working server, and bounded.
REQUEST_TIMEOUT = 30.0  # seconds, per phone request
TEACHER_TIMEOUT = 30.0  # seconds, per teacher request
RUN_DEADLINE = 150.0  # seconds, for one run's HTTP part
EMAIL, PASSWORD = "live-bench@school.org", "benchmark password"
TARGET_POLL_P99_MS = 50.0
TARGET_CONVERGENCE_S = 2.0

HX_HEADERS = re.compile(r"hx-headers='([^']*)'")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
ANSWER_FORM = re.compile(r'hx-post="/live/[^/"]+/questions/(\d+)"')
CHOICE = re.compile(r'class="live-choice"')
PHONE_ETAG = re.compile(r"phone-(\d+)-(\d+)-(\d)-(\d)")


# -- set-up, in process ----------------------------------------------------------------------
@dataclass
class Prepared:
    live_id: int
    assignment_id: int
    cookie_name: str
    phones: list[tuple[str, str]]  # (public id, session cookie)


def prepare(env: dict[str, str]) -> Prepared:
    """The teacher, the live session and 300 joined phones, each with the cookie that owns it."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Assignment, new_public_id
    from quiz.services.accounts import find_teacher, save_teacher
    from quiz.services.attempts import start_attempt
    from quiz.services.live import start_live
    from quiz.store import current_content, current_pool, find_preset
    from quiz.views.quiz import BROWSER, LEARNER, MY_ATTEMPTS

    with patched_environ(env):
        app = create_app()
    serializer = app.session_interface.get_signing_serializer(app)
    phones = []
    with app.test_request_context():
        save_teacher(EMAIL, PASSWORD)
        live = start_live(
            find_teacher(EMAIL), "Live benchmark", PRESET, timer_seconds=TIMER_SECONDS
        )
        live_id, assignment_id = live.id, live.assignment_id
    for number in range(1, PHONES + 1):
        # a context of its own each, as a request has: generate_csrf caches its token on g
        with app.test_request_context():
            browser = new_public_id()
            attempt = start_attempt(
                current_content(),
                current_pool(),
                find_preset(PRESET),
                f"Phone {number}",
                db.session.get(Assignment, assignment_id),
                browser=browser,
            )
            session.permanent = True  # what the join form's remember() sets
            session[BROWSER] = browser
            session[MY_ATTEMPTS] = [attempt.public_id]
            session[LEARNER] = new_public_id()
            session["_fresh"] = False  # Flask-Login marks it so on the join's own request
            generate_csrf()
            phones.append((attempt.public_id, serializer.dumps(dict(session))))
    with app.app_context():
        db.engine.dispose()
    return Prepared(live_id, assignment_id, app.config["SESSION_COOKIE_NAME"], phones)


def stored_answers(env: dict[str, str], assignment_id: int) -> set[tuple[str, int]]:
    """(public id, position) of every answer the database holds for the session."""
    from sqlalchemy import select

    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Answer, Attempt

    with patched_environ(env):
        app = create_app()
    with app.app_context():
        rows = db.session.execute(
            select(Attempt.public_id, Answer.position)
            .join(Attempt, Answer.attempt_id == Attempt.id)
            .where(Attempt.assignment_id == assignment_id, Answer.chosen_index.is_not(None))
        ).all()
        db.session.remove()
        db.engine.dispose()
    return {(public_id, position) for public_id, position in rows}


# -- the class, over HTTP --------------------------------------------------------------------
@dataclass
class Tally:
    polls: dict[int, list[float]] = field(default_factory=dict)  # status -> seconds
    projector: dict[int, list[float]] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    acknowledged: Counter[int] = field(default_factory=Counter)  # position -> answers
    acknowledged_keys: set[tuple[str, int]] = field(default_factory=set)  # (public id, position)
    not_recorded: int = 0  # an answer's 2xx/3xx whose page says nothing was recorded
    answer_seconds: list[float] = field(default_factory=list)
    step_seconds: list[float] = field(default_factory=list)
    transport_errors: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    # position -> {phone: when it first got a 200 with that question's buttons}
    buttons: dict[int, dict[int, float]] = field(default_factory=dict)
    lag: list[float] = field(default_factory=list)
    ended: int = 0

    def fail(self, message: str) -> None:
        if len(self.failures) < 20:
            self.failures.append(message)


def fragment_etag(body: str) -> str | None:
    """The If-None-Match that htmx sends next: the polled element's hx-headers (None: not
    polled any more)."""
    found = HX_HEADERS.search(body)
    if not found:
        return None
    return json.loads(found.group(1).replace("&#34;", '"'))["If-None-Match"]


class LiveClass:
    def __init__(self, prepared: Prepared, phones_base: str, teacher_base: str) -> None:
        import aiohttp

        self.aiohttp = aiohttp
        self.prepared = prepared
        self.phones_base = phones_base
        self.teacher_base = teacher_base
        self.tally = Tally()
        self.stop = asyncio.Event()
        self.timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
        self.teacher_timeout = aiohttp.ClientTimeout(total=TEACHER_TIMEOUT)
        self.error = ""  # why the run stopped early, if it did
        self.steps: list[dict] = []
        self.random = random.Random(14)
        self.taps: set[asyncio.Task] = set()  # answers under way (a reference keeps each alive)
        self.wall_seconds = self.client_cpu_seconds = 0.0

    async def request(self, http, what: str, method: str, url: str, timeout=None, **kwargs):
        """(status, body, seconds), or None after a transport error (counted)."""
        started = time.perf_counter()
        try:
            async with http.request(
                method, url, allow_redirects=False, timeout=timeout or self.timeout, **kwargs
            ) as response:
                body = await response.text()
                status = response.status
        except (self.aiohttp.ClientError, TimeoutError) as error:
            self.tally.transport_errors[f"{what}: {type(error).__name__}"] += 1
            return None
        seconds = time.perf_counter() - started
        self.tally.statuses[f"{what} {status}"] += 1
        return status, body, seconds

    # -- a phone
    async def phone(self, http, number: int, public_id: str, cookie: str) -> None:
        name = self.prepared.cookie_name
        url = f"{self.phones_base}/live/{public_id}"
        # What htmx holds: the ETag of the element on screen and when it polls next. A swap
        # (a poll's 200, or the answer's reply) puts a new element there, with its own timer.
        screen = {"etag": None, "next_at": 0.0}
        tapped: set[int] = set()
        await asyncio.sleep(self.random.uniform(0, JOIN_SECONDS))
        while not self.stop.is_set():
            headers = {"HX-Request": "true", "Cookie": f"{name}={cookie}"}
            if screen["etag"]:
                headers["If-None-Match"] = screen["etag"]
            sent = time.monotonic()
            screen["next_at"] = sent + POLL_SECONDS
            result = await self.request(http, "poll", "GET", url, headers=headers)
            if result is not None:
                status, body, seconds = result
                self.tally.polls.setdefault(status, []).append(seconds)
                if status == 200:
                    screen["etag"] = fragment_etag(body)
                    if screen["etag"] is None:
                        self.tally.ended += 1
                        return  # the session is over: htmx polls no more
                    position = self.buttons_shown(number, body)
                    if position and position not in tapped:
                        tapped.add(position)
                        self.taps.add(
                            asyncio.create_task(
                                self.tap(http, number, public_id, cookie, body, position, screen)
                            )
                        )
                    screen["next_at"] = time.monotonic() + POLL_SECONDS
                elif status != 304:
                    self.tally.fail(f"phone {number}: poll {status}")
            while (wait := screen["next_at"] - time.monotonic()) > 0 and not self.stop.is_set():
                await asyncio.sleep(wait)  # again if the answer's reply reset the timer

    def buttons_shown(self, number: int, body: str) -> int | None:
        """The position whose choice buttons this fragment shows (None: no buttons), noting
        when this phone first got them."""
        found = ANSWER_FORM.search(body)
        if not found or not CHOICE.search(body):
            return None
        position = int(found.group(1))
        self.tally.buttons.setdefault(position, {}).setdefault(number, time.monotonic())
        return position

    async def tap(self, http, number, public_id, cookie, body, where: int, screen) -> None:
        await asyncio.sleep(self.random.uniform(*ANSWER_DELAY))
        if self.stop.is_set():
            return
        token = CSRF.search(body)
        options = len(CHOICE.findall(body))
        if not token or not options:
            self.tally.fail(f"phone {number}: no token or no choice in the question")
            return
        result = await self.request(
            http,
            "answer",
            "POST",
            f"{self.phones_base}/live/{public_id}/questions/{where}",
            headers={"HX-Request": "true", "Cookie": f"{self.prepared.cookie_name}={cookie}"},
            data={"csrf_token": token.group(1), "choice": str(self.random.randrange(options))},
        )
        if result is None:
            return
        status, reply, seconds = result
        self.tally.answer_seconds.append(seconds)
        recorded = status == 303
        if status == 200:
            etag = fragment_etag(reply)
            found = PHONE_ETAG.search(etag or "")
            recorded = bool(found and found.group(3) == "1")
            if etag:  # htmx swaps the reply in: the next poll sends its ETag, a second later
                screen["etag"], screen["next_at"] = etag, time.monotonic() + POLL_SECONDS
        if recorded:
            self.tally.acknowledged[where] += 1
            self.tally.acknowledged_keys.add((public_id, where))
        elif 200 <= status < 400:
            self.tally.not_recorded += 1
        else:
            self.tally.fail(f"phone {number}: answer {status}")

    # -- the teacher
    async def projector(self, http) -> None:
        url = f"{self.teacher_base}/teacher/live/{self.prepared.live_id}"
        etag = None
        while not self.stop.is_set():
            headers = {"HX-Request": "true", **({"If-None-Match": etag} if etag else {})}
            started = time.monotonic()
            result = await self.request(http, "projector", "GET", url, headers=headers)
            if result:
                status, body, seconds = result
                self.tally.projector.setdefault(status, []).append(seconds)
                if status == 200:
                    etag = fragment_etag(body)
            await asyncio.sleep(max(0.0, started + POLL_SECONDS - time.monotonic()))

    async def log_in(self, http) -> None:
        page = await self.request(http, "login page", "GET", f"{self.teacher_base}/teacher/login")
        token = CSRF.search(page[1]) if page else None
        if not token:
            raise RuntimeError("the login page has no CSRF token")
        result = await self.request(
            http,
            "login",
            "POST",
            f"{self.teacher_base}/teacher/login",
            data={"csrf_token": token.group(1), "email": EMAIL, "password": PASSWORD},
        )
        if not result or result[0] != 303:
            raise RuntimeError(f"the teacher's login failed: {result and result[0]}")

    async def projector_form(self, http) -> tuple[str, int]:
        """The step form's CSRF token and version, from the projector page (a teacher whose
        page did not load reloads it: up to 3 tries)."""
        url = f"{self.teacher_base}/teacher/live/{self.prepared.live_id}"
        for _ in range(3):
            page = await self.request(
                http, "projector page", "GET", url, timeout=self.teacher_timeout
            )
            if page and page[0] == 200:
                token, version = CSRF.search(page[1]), VERSION.search(page[1])
                if not token or not version:
                    raise RuntimeError("the projector page has no step form")
                return token.group(1), int(version.group(1))
        raise RuntimeError("the projector page did not load in 3 tries")

    async def step(self, http, action: str, label: str) -> dict:
        """Press the button; if the reply is lost, reload the page: the step was taken if the
        version moved (a press from the old page would change nothing: conditional update)."""
        url = f"{self.teacher_base}/teacher/live/{self.prepared.live_id}/step"
        token, version = await self.projector_form(http)
        sent = time.monotonic()
        for _ in range(3):
            data = {"csrf_token": token, "version": str(version), "action": action}
            result = await self.request(
                http, "step", "POST", url, data=data, timeout=self.teacher_timeout
            )
            if result and result[0] == 303:
                self.tally.step_seconds.append(result[2])
                break
            token, now = await self.projector_form(http)
            if now > version:
                break
        else:
            raise RuntimeError(f"step {label} failed 3 times")
        step = {"label": label, "sent": sent, "version": version + 1}
        self.steps.append(step)
        return step

    async def teacher(self, http) -> None:
        await self.log_in(http)
        projector = asyncio.create_task(self.projector(http))
        try:
            await asyncio.sleep(JOIN_SECONDS + LOBBY_SECONDS)
            for position in range(1, QUESTIONS + 1):
                ask = await self.step(http, "next", f"ask {position}")
                ask["position"] = position
                until = time.monotonic() + WAIT_FOR_ANSWERS
                while self.tally.acknowledged[position] < PHONES and time.monotonic() < until:
                    await asyncio.sleep(0.05)
                ask["answered_after"] = time.monotonic() - ask["sent"]
                await self.step(http, "next", f"show {position}")
                await asyncio.sleep(SHOW_SECONDS)
            await self.step(http, "end", "end")
            until = time.monotonic() + 2 * POLL_SECONDS + 1
            while self.tally.ended < PHONES and time.monotonic() < until:
                await asyncio.sleep(0.05)
        finally:
            self.stop.set()
            await projector

    async def loop_lag(self) -> None:
        """How late the client's event loop wakes up: its own share of any latency."""
        while not self.stop.is_set():
            started = time.monotonic()
            await asyncio.sleep(0.01)
            self.tally.lag.append(time.monotonic() - started - 0.01)

    async def run(self) -> None:
        aiohttp = self.aiohttp
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        jar = aiohttp.CookieJar(unsafe=True)  # the teacher's cookie, on an IP address
        async with (
            aiohttp.ClientSession(
                connector=connector, cookie_jar=aiohttp.DummyCookieJar()
            ) as phones_http,
            aiohttp.ClientSession(cookie_jar=jar) as teacher_http,
        ):
            tasks = [
                asyncio.create_task(self.phone(phones_http, n, public_id, cookie))
                for n, (public_id, cookie) in enumerate(self.prepared.phones)
            ]
            lag = asyncio.create_task(self.loop_lag())
            try:
                await asyncio.wait_for(self.teacher(teacher_http), RUN_DEADLINE)
            finally:
                self.stop.set()
                for tap in self.taps:
                    tap.cancel()
                await asyncio.wait_for(
                    asyncio.gather(*tasks, lag, return_exceptions=True), REQUEST_TIMEOUT + 5
                )


# -- numbers ---------------------------------------------------------------------------------
def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def latency(values: list[float]) -> dict:
    return {
        "count": len(values),
        "p50_ms": 1000 * statistics.median(values) if values else 0.0,
        "p99_ms": 1000 * percentile(values, 0.99),
        "max_ms": 1000 * max(values) if values else 0.0,
    }


def summarise(label: str, servers: str, live: LiveClass, stored_keys: set) -> dict:
    tally = live.tally
    polls = tally.polls
    all_polls = [s for values in polls.values() for s in values]
    convergence = []
    for step in live.steps:
        if "position" not in step:
            continue
        times = sorted(tally.buttons.get(step["position"], {}).values())
        convergence.append(
            {
                "position": step["position"],
                "phones": len(times),
                "last_s": (times[-1] - step["sent"]) if len(times) == PHONES else None,
                "median_s": statistics.median(times) - step["sent"] if times else None,
                "answered_after_s": step["answered_after"],
            }
        )
    lasts = [c["last_s"] for c in convergence]
    converged = all(x is not None for x in lasts) and len(lasts) == QUESTIONS
    bad = sum(n for key, n in tally.statuses.items() if not 200 <= int(key.rsplit(" ", 1)[1]) < 400)
    acknowledged = sum(tally.acknowledged.values())
    stored = len(stored_keys)
    lost = len(tally.acknowledged_keys - stored_keys)  # acknowledged, yet not in the database
    result = {
        "run": label,
        "servers": servers,
        "phones": PHONES,
        "questions": QUESTIONS,
        "poll_304": latency(polls.get(304, [])),
        "poll_200": latency(polls.get(200, [])),
        "poll_all": latency(all_polls),
        "projector": latency([s for values in tally.projector.values() for s in values]),
        "answer": latency(tally.answer_seconds),
        "step": latency(tally.step_seconds),
        "convergence": convergence,
        "convergence_max_s": max(lasts) if converged else None,
        "convergence_median_s": statistics.median(lasts) if converged else None,
        "acknowledged": acknowledged,
        "stored": stored,
        "lost": lost,
        # stored, but the phone never heard so (its reply timed out): not lost, not acknowledged
        "stored_unacknowledged": len(stored_keys - tally.acknowledged_keys),
        "not_recorded": tally.not_recorded,
        "non_2xx_3xx": bad,
        "transport_errors": dict(tally.transport_errors),
        "errors": bad + sum(tally.transport_errors.values()),
        "statuses": dict(sorted(tally.statuses.items())),
        "failures": tally.failures,
        "client_loop_lag_p99_ms": 1000 * percentile(tally.lag, 0.99),
        "seconds": live.wall_seconds,
        "client_cpu_share": live.client_cpu_seconds / live.wall_seconds if live.wall_seconds else 0,
        "polls_per_second": len(all_polls) / live.wall_seconds if live.wall_seconds else 0,
        "phones_saw_end": tally.ended,
        "failed": live.error,
    }
    result["targets"] = {
        "poll p99 < 50 ms": result["poll_all"]["p99_ms"] < TARGET_POLL_P99_MS,
        "every acknowledged answer stored": lost == 0 and acknowledged > 0,
        "all phones show each question < 2 s": converged and max(lasts) < TARGET_CONVERGENCE_S,
        "no errors": result["errors"] == 0 and not live.error,
    }
    conv = (
        f"{result['convergence_max_s']:.2f} s max"
        if converged
        else f"not all phones ({[c['phones'] for c in convergence]})"
    )
    log(
        f"  {label}: polls {result['poll_all']['count']} (p50 {result['poll_all']['p50_ms']:.1f}, "
        f"p99 {result['poll_all']['p99_ms']:.1f} ms; 304 p99 {result['poll_304']['p99_ms']:.1f}, "
        f"200 p99 {result['poll_200']['p99_ms']:.1f}), convergence {conv}, "
        f"answers {acknowledged} acknowledged / {stored} stored / {lost} lost, "
        f"errors {result['errors']}, "
        f"client lag p99 {result['client_loop_lag_p99_ms']:.1f} ms, "
        f"client CPU {100 * result['client_cpu_share']:.0f}% of a core, "
        f"{result['polls_per_second']:.0f} polls/s"
    )
    return result


def follow(prepared: Prepared, phones_base: str, teacher_base: str) -> LiveClass:
    live = LiveClass(prepared, phones_base, teacher_base)
    wall, cpu = time.monotonic(), time.process_time()
    try:
        asyncio.run(live.run())
    except (RuntimeError, TimeoutError) as error:  # reported with what was measured until then
        live.error = f"{type(error).__name__}: {error}"
        log(f"  the run stopped early: {live.error}")
    live.wall_seconds = time.monotonic() - wall
    live.client_cpu_seconds = time.process_time() - cpu  # the phones' share of the 2 cores
    return live


def run_one(database_url: str, label: str) -> dict:
    env = app_env(database_url)
    db_upgrade(env)
    prepared = prepare(env)
    log(f"  {label}: {PHONES} phones joined; following the session ...")
    load = os.getloadavg()[0]
    with Server("wsgi:app", env).start() as server:
        live = follow(prepared, server.base, server.base)
        server_log = server.log_tail()
    result = summarise(
        label, "1 gunicorn, 2 sync workers", live, stored_answers(env, prepared.assignment_id)
    )
    result["server_log_tail"] = server_log if result["errors"] else ""
    result["load_average"] = [load, os.getloadavg()[0]]
    return result


# -- the scale-out: nginx in front of two servers ------------------------------------------
NGINX_CONF = """\
# Written by benchmarks/live.py for one run; loopback only.
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream quiz {{
        # round-robin (nginx's default): each request to the next server
{servers}
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://quiz;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class Nginx:
    """Debian's nginx in the foreground (`daemon off`), a child of ours stopped by its pid."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self.folder = Path(tempfile.mkdtemp(prefix="quiz-bench-nginx-"))
        self.folder.chmod(0o755)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Nginx:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise RuntimeError(
                "nginx is not installed (make bench installs it: apt-get install nginx)"
            )
        servers = "\n".join(f"        server {u};" for u in self.upstreams)
        conf = self.folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(folder=self.folder, servers=servers, host=HOST, port=self.port)
        )
        self.process = subprocess.Popen(
            [binary, "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "stderr.log", "w"),  # noqa: SIM115 - in the folder removed
        )
        from .common import fetch

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.folder / 'stderr.log').read_text()}")
            try:
                status, _, _ = fetch(self.base + "/")
                if status < 500:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("nginx did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: its workers finish and exit
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def run_scale_out(database_url: str) -> dict:
    env = app_env(database_url)  # the same SECRET_KEY for both: either reads the other's cookies
    db_upgrade(env)
    prepared = prepare(env)
    label = "PostgreSQL, 2 servers behind nginx"
    log(f"  {label}: {PHONES} phones joined; following the session ...")
    load = os.getloadavg()[0]
    with ExitStack() as stack:
        a = stack.enter_context(Server("wsgi:app", env).start())
        b = stack.enter_context(Server("wsgi:app", env).start())
        proxy = Nginx([f"{HOST}:{a.port}", f"{HOST}:{b.port}"]).start()
        stack.callback(proxy.stop)
        live = follow(prepared, proxy.base, a.base)
        server_log = a.log_tail() + "\n" + b.log_tail()
    result = summarise(
        label,
        "2 gunicorn x 2 sync workers, nginx round-robin",
        live,
        stored_answers(env, prepared.assignment_id),
    )
    result["server_log_tail"] = server_log if result["errors"] else ""
    result["load_average"] = [load, os.getloadavg()[0]]
    return result


def run(postgres: bool = True) -> dict:
    runs = []
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-live-"))
    try:
        runs.append(run_one(sqlite_url(folder), "SQLite"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if postgres:
        from tests.support.postgres import throwaway_postgres

        with throwaway_postgres() as url:
            runs.append(run_one(url, "PostgreSQL"))
        with throwaway_postgres() as url:
            runs.append(run_scale_out(url))
    return {
        "runs": runs,
        "targets": {
            f"live {r['run']}: {name}": met for r in runs for name, met in r["targets"].items()
        },
    }
