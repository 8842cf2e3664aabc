"""What every benchmark shares: the environment, gunicorn on loopback, wrk and its results.

Everything here talks to 127.0.0.1 only, and every process it starts is stopped by its own id."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
LUA_DIR = BENCH_DIR / "lua"
RESULTS_DIR = BENCH_DIR / "results"
BIN = Path(sys.executable).parent  # the venv's bin/, where gunicorn and flask live
HOST = "127.0.0.1"
SECRET_KEY = "benchmark-secret-key-not-for-production"  # fixed, so forged cookies stay valid

# wrk settings, the same for the app and for hello world.
WRK_THREADS = 2
WRK_CONNECTIONS = 16
WRK_WARMUP_SECONDS = 2
WRK_SECONDS = 10
GUNICORN_WORKERS = 2


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def app_env(database_url: str, content_dir: str | os.PathLike | None = None) -> dict[str, str]:
    """The environment the app is served with: fixed secret, given database, shipped content."""
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("QUIZ_"):  # nothing from the caller's shell may change the app
            del env[name]
    env.update(
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        CONTENT_DIR=str(content_dir or ROOT / "content"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@contextlib.contextmanager
def patched_environ(env: dict[str, str]) -> Iterator[None]:
    """Run in-process code (create_app) with exactly the environment the server gets."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def sqlite_url(folder: str | os.PathLike) -> str:
    return f"sqlite:///{Path(folder) / 'quiz.sqlite'}"


def db_upgrade(env: dict[str, str], app_dir: Path = ROOT) -> None:
    """`flask --app wsgi db upgrade`, with the server's environment, in the app's folder."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"db upgrade failed:\n{result.stdout}\n{result.stderr}")


@dataclass
class Server:
    """A gunicorn master (and its workers) started by us, on a loopback port."""

    module: str
    env: dict[str, str]
    app_dir: Path = ROOT
    workers: int = GUNICORN_WORKERS
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _log_file: object = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, ready_path: str = "/", timeout: float = 60) -> Server:
        self.port = self.port or free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="quiz-bench-gunicorn-", suffix=".log")[1])
        self._log_file = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(self.workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--chdir",
                str(self.app_dir),
                "--log-level",
                "warning",
                "--timeout",
                "120",
                self.module,
            ],
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            cwd=self.app_dir,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.module} exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + ready_path, timeout=5) as response:
                    if response.status < 500:
                        return self
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {self.module} did not answer in {timeout} s")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn stops its own workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log_file:
            self._log_file.close()
            self._log_file = None
        if self.log_path:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """(status, headers, body) of one request, 4xx/5xx included."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    socket_errors: int
    timeouts: int
    exhausted: int  # POST script: threads that ran out of prepared requests

    def count(self, ok) -> int:
        return sum(n for code, n in self.statuses.items() if ok(code))

    @property
    def non_2xx(self) -> int:
        return self.count(lambda code: not 200 <= code < 300)

    @property
    def non_2xx_3xx(self) -> int:
        return self.count(lambda code: not 200 <= code < 400)


def wrk(
    url: str,
    seconds: float = WRK_SECONDS,
    headers: dict[str, str] | None = None,
    script: str = "get.lua",
    args: list[str] | None = None,
) -> WrkResult:
    """One bounded wrk run (threads, connections and duration fixed), parsed from our Lua."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (make bench installs it: apt-get install wrk)")
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if args:
        command += ["--", *args]
    result = subprocess.run(
        command, cwd=LUA_DIR, capture_output=True, text=True, timeout=seconds + 60
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    data = json.loads(line.removeprefix("BENCHJSON "))
    seconds_run = data["duration_us"] / 1e6
    return WrkResult(
        requests=data["requests"],
        seconds=seconds_run,
        rps=data["requests"] / seconds_run if seconds_run else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        statuses={int(code): n for code, n in data["statuses"].items()},
        socket_errors=data["connect"] + data["read"] + data["write"],
        timeouts=data["timeout"],
        exhausted=data["exhausted"],
    )


def git_state(app_dir: Path = ROOT) -> dict:
    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(app_dir), *args], capture_output=True, text=True, timeout=30
        )
        return result.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "quiz", "templates", "static")),
    }


def table(headers: list[str], rows: list[list], title: str = "") -> str:
    """A Markdown table (readable as plain text too), numbers right-aligned."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in cells) for i in range(len(headers))]

    def line(values: list[str]) -> str:
        padded = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (w + 1) + ":" if num else "-" * (w + 2)
        for w, num in zip(widths, numeric, strict=True)
    )
    rule += "|"
    out = [f"**{title}**", ""] if title else []
    return "\n".join([*out, line(headers), rule, *(line(r) for r in cells)])


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("×", "").rstrip("%"))
        return True
    except ValueError:
        return text in ("", "-")
