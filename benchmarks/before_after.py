"""Before/after the page cache: GET / and the htmx fragment on an older commit and on this tree.

Run by hand (not part of `make bench`), from the repository root:

    .venv/bin/python -m benchmarks.before_after            # f6f6d85, the commit before the cache
    .venv/bin/python -m benchmarks.before_after --commit <sha>

The old commit is checked out with `git worktree` into a temporary folder, served with the same
environment as this tree (fixed SECRET_KEY, a fresh SQLite file, its own content/ folder, which
that commit's loader reads), measured with the same wrk settings, and the worktree is removed
afterwards. Hello world is measured first and last, and both trees' rates are divided by it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .common import (
    RESULTS_DIR,
    ROOT,
    WRK_CONNECTIONS,
    WRK_SECONDS,
    WRK_THREADS,
    WRK_WARMUP_SECONDS,
    Server,
    app_env,
    db_upgrade,
    fetch,
    git_state,
    log,
    sqlite_url,
    table,
)
from .throughput import HTMX, measure

BEFORE = "f6f6d85"  # Teachers: accounts, ... (the commit before "rendered once ... with ETags")
REQUESTS = {"GET /": ("/", {}), "GET /?category=troops (htmx)": ("/?category=troops", HTMX)}


def git(*args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


def measure_tree(label: str, tree: Path, hello_rps: float) -> list[dict]:
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-ba-"))
    try:
        env = app_env(sqlite_url(folder), tree / "content")
        db_upgrade(env, tree)
        with Server("wsgi:app", env, app_dir=tree).start() as server:
            _, headers, _ = fetch(server.base + "/")
            cached = "ETag" in headers  # the page cache sends an ETag; the old code does not
            log(f"  {label}: serving {tree} ({'with' if cached else 'without'} the page cache)")
            rows = []
            for name, (path, extra) in REQUESTS.items():
                status, _, _ = fetch(server.base + path, extra)
                if status != 200:
                    raise RuntimeError(f"{label} {path} answered {status}")
                result = measure(server.base + path, extra)
                rows.append(
                    {
                        "tree": label,
                        "request": name,
                        "rps": result.rps,
                        "ratio": result.rps / hello_rps,
                        "p50_ms": result.p50_ms,
                        "p99_ms": result.p99_ms,
                        "non_2xx": result.non_2xx,
                        "page_cache": cached,
                    }
                )
                log(f"    {name:<30} {result.rps:8.0f} req/s")
            return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.before_after")
    parser.add_argument("--commit", default=BEFORE)
    args = parser.parse_args(argv)
    worktree = Path(tempfile.mkdtemp(prefix="quiz-before-"))
    worktree.rmdir()
    git("worktree", "add", "--detach", str(worktree), args.commit)
    try:
        folder = Path(tempfile.mkdtemp(prefix="quiz-bench-hello-"))
        env = app_env(sqlite_url(folder))
        with Server("benchmarks.hello:app", env).start() as hello:
            first = measure(hello.base + "/")
            log(f"  hello world (first): {first.rps:8.0f} req/s")
            estimate = first.rps
            rows = measure_tree(f"before ({args.commit})", worktree, estimate)
            state = git_state()
            label = f"after ({state['commit']}{' + edits' if state['dirty'] else ''}, this tree)"
            rows += measure_tree(label, ROOT, estimate)
            last = measure(hello.base + "/")
            log(f"  hello world (last):  {last.rps:8.0f} req/s")
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        git("worktree", "remove", "--force", str(worktree))
        git("worktree", "prune")
    hello_rps = (first.rps + last.rps) / 2
    for row in rows:
        row["ratio"] = row["rps"] / hello_rps
    text = table(
        ["tree", "request", "req/s", "÷ hello", "p50 ms", "p99 ms", "non-2xx"],
        [
            [
                r["tree"],
                r["request"],
                f"{r['rps']:,.0f}",
                f"{r['ratio']:.2f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                r["non_2xx"],
            ]
            for r in rows
        ],
        f"Before/after the page cache: gunicorn 2 sync workers, wrk -t{WRK_THREADS} "
        f"-c{WRK_CONNECTIONS}, {WRK_WARMUP_SECONDS} s warm-up + {WRK_SECONDS} s "
        f"(hello world {first.rps:,.0f} then {last.rps:,.0f} req/s)",
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"before-after-{stamp}.json"
    report = {
        "before_commit": args.commit,
        "after": git_state(),
        "hello_rps": [first.rps, last.rps],
        "rows": rows,
        "table_markdown": text,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(text)
    print(f"\nJSON in {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
