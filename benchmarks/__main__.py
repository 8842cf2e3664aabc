"""Run every benchmark, print the tables and write JSON to benchmarks/results/.

    .venv/bin/python -m benchmarks                  # what `make bench` runs (from the repo root)
    .venv/bin/python -m benchmarks --only http      # one part: content, http, class, results, live
    .venv/bin/python -m benchmarks --strict         # exit 1 when a target is missed

Missed targets are reported, not fatal, unless --strict; a broken run (a server that does not
start, a wrk error) always exits 1."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime

from . import concurrency, content_scaling, live, results_page, throughput
from .common import (
    GUNICORN_WORKERS,
    RESULTS_DIR,
    ROOT,
    WRK_CONNECTIONS,
    WRK_SECONDS,
    WRK_THREADS,
    WRK_WARMUP_SECONDS,
    git_state,
    log,
    table,
)

PARTS = ("content", "http", "class", "results", "live")


def http_table(http: dict) -> str:
    targets = throughput.TARGETS
    rows = []
    for r in http["rows"]:
        target = targets.get(r["name"])
        rows.append(
            [
                r["name"],
                f"{r['rps']:,.0f}",
                f"{r['ratio']:.2f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                r["failures"] + r["socket_errors"] + r["timeouts"],
                f"≥ {target}" if target else "",
                ("met" if r["ratio"] >= target else "NOT met") if target else "",
            ]
        )
    title = (
        f"HTTP throughput: gunicorn {GUNICORN_WORKERS} sync workers, wrk -t{WRK_THREADS} "
        f"-c{WRK_CONNECTIONS}, {WRK_WARMUP_SECONDS} s warm-up + {WRK_SECONDS} s "
        f"(hello world mean {http['hello_rps']:,.0f} req/s)"
    )
    headers = ["request", "req/s", "÷ hello", "p50 ms", "p99 ms", "non-2xx*", "target", ""]
    return table(headers, rows, title) + (
        "\n\n*non-2xx: for the POST answer rows, responses other than 2xx/3xx (303 without "
        "htmx, the feedback panel's 200 with it); "
        "socket errors and timeouts are added in."
    )


def class_table(result: dict) -> str:
    rows = [
        [
            r["database"],
            f"{r['students']} × {r['questions']}",
            f"{r['seconds']:.1f}",
            f"{r['rps']:.0f}",
            f"{r['answer_p50_ms']:.0f}",
            f"{r['answer_p99_ms']:.0f}",
            r["server_errors_5xx"],
            r["acknowledged"],
            r["stored"],
            r["lost_answers"],
            f"{r['students_finished']}/{r['students']}",
            "met" if r["server_errors_5xx"] == 0 and r["lost_answers"] == 0 else "NOT met",
        ]
        for r in result["runs"]
    ]
    headers = [
        "database",
        "students × questions",
        "seconds",
        "req/s",
        "answer p50 ms",
        "answer p99 ms",
        "5xx",
        "acknowledged",
        "stored",
        "lost",
        "finished",
        "0 5xx, 0 lost",
    ]
    return table(headers, rows, "A class at once (real HTTP flow, gunicorn 2 sync workers)")


def live_table(result: dict) -> str:
    def ms(values: dict) -> str:
        return f"{values['p50_ms']:.1f} / {values['p99_ms']:.1f}"

    def seconds(value) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = []
    for r in result["runs"]:
        rows.append(
            [
                r["run"],
                f"{r['poll_all']['count']:,}",
                ms(r["poll_304"]),
                ms(r["poll_200"]),
                ms(r["poll_all"]),
                seconds(r["convergence_median_s"]),
                seconds(r["convergence_max_s"]),
                r["acknowledged"],
                r["stored"],
                r["lost"],
                r["errors"],
                f"{100 * r['client_cpu_share']:.0f}%",
                "{:.1f} → {:.1f}".format(*r["load_average"]),
                "met" if all(r["targets"].values()) else "NOT met",
            ]
        )
        if r["failed"]:
            rows[-1][-1] = f"FAILED ({r['failed']})"
    headers = [
        "run",
        "polls",
        "304 p50/p99 ms",
        "200 p50/p99 ms",
        "all p50/p99 ms",
        "all phones show it: median s",
        "max s",
        "acknowledged",
        "stored",
        "lost",
        "errors*",
        "client CPU",
        "load avg",
        "targets",
    ]
    title = (
        f"A live class: {live.PHONES} phones polling every {live.POLL_SECONDS:g} s, "
        f"{live.QUESTIONS} questions (targets: poll p99 < {live.TARGET_POLL_P99_MS:g} ms, every "
        f"phone shows each question < {live.TARGET_CONVERGENCE_S:g} s, 0 acknowledged answers lost)"
    )
    per_question = [
        [
            r["run"],
            *(
                seconds(c["last_s"]) if c["last_s"] is not None else f"{c['phones']} phones"
                for c in r["convergence"]
            ),
        ]
        for r in result["runs"]
    ]
    positions = [f"question {c['position']}: s" for c in result["runs"][0]["convergence"]]
    return (
        table(headers, rows, title)
        + "\n\n*errors: responses other than 2xx/3xx plus transport errors (timeouts, resets). "
        "Client CPU: the phones' and teacher's event loop, as a share of one core; load avg: the "
        "machine's 1-minute load average before and after the run (2 cores).\n\n"
        + table(["run", *positions], per_question, "Time until the last phone shows each question")
    )


def content_table(result: dict) -> str:
    rows = [
        [
            f"{r['events']:,}",
            f"{r['load_s']:.3f}",
            f"{r['load_ms_per_event']:.3f}",
            f"{r['pool_s']:.3f}",
            f"{r['pool_s_per_language']:.3f}",
            f"{r['pool_ms_per_event']:.3f}",
            f"{r['quiz_s'] * 1000:.1f}",
            f"{r['pool_questions']:,}",
        ]
        for r in result["rows"]
    ]
    headers = [
        "events",
        "load s",
        "load ms/event",
        "question bank s",
        "bank s per language",
        "bank ms/event",
        "build_quiz ms",
        "pool questions",
    ]
    return table(
        headers, rows, f"Content scaling (best of repeated loads; quiz preset {result['preset']})"
    )


def results_table(result: dict) -> str:
    rows = [
        [r["name"], f"{r['attempts']:,}", f"{r['ms']:.0f}", f"{r['cpu_ms']:.0f}", r["statements"]]
        for r in result["rows"]
    ]
    headers = ["request", "attempts", "ms (best)", "CPU ms", "SQL statements"]
    return table(headers, rows, "A class's results at scale (in process, SQLite)")


def weight_table(weight: dict) -> str:
    rows = [[r["path"], f"{r['bytes']:,}", f"{r['gzip_bytes']:,}"] for r in weight["rows"]]
    rows.append(["total", f"{weight['bytes']:,}", f"{weight['gzip_bytes']:,}"])
    return table(
        ["file", "bytes", f"gzip -{weight['gzip_level']} bytes"],
        rows,
        "Page weight: first visit to the timeline (target < 60,000 bytes compressed)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part")
    parser.add_argument(
        "--no-postgres", action="store_true", help="class and live runs on SQLite only"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    parts = args.only or list(PARTS)
    os.chdir(ROOT)  # `tests.support.postgres` and `wsgi` import from the repository root
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    started = time.monotonic()
    report: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": git_state(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
    }
    log(
        f"benchmarks on {report['git']['commit']}{' (dirty)' if report['git']['dirty'] else ''}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    if "content" in parts:
        log("content scaling ...")
        report["content"] = content_scaling.run(log=log)
    if "http" in parts:
        log("HTTP throughput and page weight ...")
        report["http"] = throughput.run()
    if "class" in parts:
        log("a class at once ...")
        report["class"] = concurrency.run(postgres=not args.no_postgres)
    if "results" in parts:
        log("a class's results at scale ...")
        report["results"] = results_page.run(log=log)
    if "live" in parts:
        log("a live class of 300 phones ...")
        report["live"] = live.run(postgres=not args.no_postgres)
    report["machine"]["load_average_at_end"] = os.getloadavg()
    report["seconds"] = time.monotonic() - started

    sections = []
    if "http" in report:
        sections += [http_table(report["http"]), weight_table(report["http"]["page_weight"])]
    if "class" in report:
        sections.append(class_table(report["class"]))
    if "results" in report:
        sections.append(results_table(report["results"]))
    if "live" in report:
        sections.append(live_table(report["live"]))
    if "content" in report:
        sections.append(content_table(report["content"]))
    targets = {
        name: met
        for part in ("http", "class", "content", "results", "live")
        if part in report
        for name, met in report[part]["targets"].items()
    }
    if "http" in report:
        targets.update(report["http"]["page_weight"]["targets"])
    report["targets"] = targets
    summary = table(
        ["target", ""], [[name, "met" if met else "NOT met"] for name, met in targets.items()]
    )
    sections.append("**Targets**\n\n" + summary)
    text = "\n\n".join(sections)
    report["table_markdown"] = text

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    (RESULTS_DIR / "latest.json").write_text(path.read_text())
    (RESULTS_DIR / "latest.md").write_text(text + "\n")
    print()
    print(text)
    print(f"\n{report['seconds']:.0f} s; JSON in {path.relative_to(ROOT)} (and latest.json)")
    missed = [name for name, met in targets.items() if not met]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
