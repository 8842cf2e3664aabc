"""The content being served, kept on the app and reached through accessors.

Loaded at start-up. Invalid content at start-up serves the last good content kept in
instance/ (quiz/content/snapshot.py) and shows the errors to teachers and in the log; only a
first start that never had good content refuses. Afterwards a cheap look at file sizes and
times, at most once per CONTENT_CHECK_SECONDS, notices edits, and a background thread reloads
them while requests go on with the content in service (a request waits at most
CONTENT_RELOAD_WAIT seconds for it, 0 unless configured; CONTENT_SNAPSHOT_DIR moves the last
good content out of instance/last-good-content): a valid edit is served as soon as it is
loaded, an invalid one leaves the last good content in service and its problems on the
teacher's page. Each request reads one version throughout, even if a reload lands meanwhile."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, abort, current_app, g, has_request_context

from .checking import check_folder
from .content import Content, ContentError, Event, Problem, Severity, fingerprint, snapshot
from .content.schema import Preset
from .locale import current_language
from .quizgen import Bank, Pool, build_quiz, event_preset
from .quizgen.assemble import EVENT_PRESET


@dataclass
class Served:
    """One loaded version and what is worked out from it; a reload replaces it whole."""

    content: Content
    bank: Bank  # every question the content yields, in every language, built with it
    loaded_at: datetime
    load_seconds: float
    from_snapshot: bool = False  # the files had errors when this process started
    lengths: dict[str, dict[str, int]] = field(default_factory=dict)  # language -> preset -> n
    quizzable: set[str] | None = None  # events whose own quiz asks about them


@dataclass
class ContentState:
    served: Served
    root: str
    fingerprint: tuple
    snapshots: Path  # where the last good content is kept
    checked_at: float = field(default_factory=time.monotonic)
    problems: list[Problem] = field(default_factory=list)  # of the newest files, valid or not
    reloading: threading.Thread | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def content(self) -> Content:
        return self.served.content

    @property
    def bank(self) -> Bank:
        return self.served.bank

    @property
    def loaded_at(self) -> datetime:
        return self.served.loaded_at

    @property
    def load_seconds(self) -> float:
        return self.served.load_seconds

    @property
    def from_snapshot(self) -> bool:
        return self.served.from_snapshot

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def init_app(app: Flask, eager: bool = True) -> None:
    """Load the content now (a server), or on first use (`flask content check`, `flask db
    upgrade`: commands that serve nothing need not stop on broken content)."""
    app.before_request(refresh_if_changed)
    if eager:
        load(app)


def load(app: Flask) -> ContentState:
    """The content (or the last good content) put in service; ContentError if there is none."""
    root = app.config["CONTENT_DIR"]
    languages = app.config["LANGUAGES"]
    snapshots = Path(
        app.config.get("CONTENT_SNAPSHOT_DIR") or Path(app.instance_path) / "last-good-content"
    )
    seen = fingerprint(root)
    started = time.perf_counter()
    content, bank, problems = check_folder(root, languages)
    from_snapshot = content is None or bank is None
    if content is None or bank is None:
        kept = snapshot.find(snapshots, root)
        content, bank, _ = check_folder(kept, languages) if kept else (None, None, [])
        if content is None or bank is None:
            raise ContentError(problems)  # never had good content: refuse, as the report says
        app.logger.error(
            "The content in %s has errors; serving the last good version %s (kept in %s) "
            "until they are fixed:\n%s",
            root,
            content.version,
            kept,
            "\n".join(map(str, problems)),
        )
    else:
        _keep(app, snapshots, content, root)
    served = Served(content, bank, datetime.now(UTC), time.perf_counter() - started, from_snapshot)
    loaded = ContentState(
        served=served, root=root, fingerprint=seen, snapshots=snapshots, problems=problems
    )
    app.extensions["quiz.content"] = loaded
    return loaded


def _keep(app: Flask, snapshots: Path, content: Content, root: str) -> None:
    try:
        snapshot.save(content, snapshots, root)
    except OSError as error:  # a read-only instance/ must not stop the site
        app.logger.warning("Could not keep the last good content in %s: %s", snapshots, error)


def state() -> ContentState:
    loaded = current_app.extensions.get("quiz.content")
    return loaded if loaded is not None else load(current_app)


def served() -> Served:
    """The version this request reads throughout (pinned at its first use)."""
    if not has_request_context():
        return state().served
    pinned = g.get("quiz_served")
    if pinned is None:
        pinned = g.quiz_served = state().served
    return pinned


def refresh_if_changed() -> None:
    """Start a reload if the files changed; never make the request wait longer than
    CONTENT_RELOAD_WAIT for it."""
    current, config = state(), current_app.config
    now = time.monotonic()
    if now - current.checked_at < config["CONTENT_CHECK_SECONDS"]:
        return
    with current.lock:
        if now - current.checked_at < config["CONTENT_CHECK_SECONDS"]:
            return  # another request looked meanwhile
        current.checked_at = now
        if current.reloading is not None and current.reloading.is_alive():
            return  # one reload at a time; the next look after it notices later edits
        seen = fingerprint(current.root)
        if seen == current.fingerprint:
            return
        current.fingerprint = seen
        thread = threading.Thread(
            target=_reload,
            args=(current_app._get_current_object(), current),  # type: ignore[attr-defined]
            name="content-reload",
            daemon=True,
        )
        current.reloading = thread
        thread.start()
    if wait := config.get("CONTENT_RELOAD_WAIT", 0.0):
        thread.join(wait)


def wait_for_reload(app: Flask, timeout: float = 30.0) -> None:
    """Until a reload in progress ends (tests and scripts; requests never call it)."""
    thread = app.extensions["quiz.content"].reloading
    if thread is not None:
        thread.join(timeout)


def _reload(app: Flask, current: ContentState) -> None:
    started = time.perf_counter()
    try:
        content, bank, problems = check_folder(current.root, app.config["LANGUAGES"])
    except Exception:  # a bug in loading must not end the thread silently
        app.logger.exception("Content reload failed; still serving %s", current.content.version)
        return
    current.problems = problems
    if content is None or bank is None:
        app.logger.error(
            "Content edit has errors; still serving version %s:\n%s",
            current.content.version,
            "\n".join(map(str, problems)),
        )
        return
    current.served = Served(content, bank, datetime.now(UTC), time.perf_counter() - started)
    _keep(app, current.snapshots, content, current.root)
    app.logger.info("Content reloaded: version %s", content.version)


def current_content(language: str | None = None) -> Content:
    """The content in the request's language (or `language`), English where untranslated."""
    return served().content.in_language(language or current_language())


def current_event(event_id: str) -> Event:
    """The event of that id in the content being served (in the page's language), or a 404."""
    found = current_content().events_by_id.get(event_id)
    if found is None:
        abort(404)
    return found


def current_pool(language: str | None = None) -> Pool:
    """The questions in the request's language (or `language`), built with the content."""
    return served().bank.pool(language or current_language())


def find_preset(preset_id: str) -> Preset | None:
    """A preset from quizzes.yaml, or the short quiz around one event (`event-<id>`)."""
    content = current_content()
    found = next((p for p in content.presets if p.id == preset_id), None)
    event_id = preset_id.removeprefix(EVENT_PRESET)
    if found is None and preset_id.startswith(EVENT_PRESET) and event_id in content.events_by_id:
        return event_preset(content, event_id)
    return found


def quiz_lengths(language: str | None = None) -> dict[str, int]:
    """How many questions each preset really serves (the fewest over a few seeds), worked out
    once per content version: the quiz list promises no more than a student will get."""
    current = served()
    language = language or current_language()
    if language not in current.lengths:
        content, pool = current_content(language), current_pool(language)
        current.lengths[language] = {
            p.id: min(len(build_quiz(content, pool, p, seed)) for seed in range(5))
            for p in content.presets
        }
    return current.lengths[language]


def has_own_quiz(event_id: str) -> bool:
    """Does "Quiz me on this event" ask about the event itself? Some events yield no question a
    teacher would keep (or only ones their own title answers): their page offers no quiz
    rather than one about the neighbours. Worked out once per content version."""
    current = served()
    if current.quizzable is None:
        content, pool = current.content, current.bank.pool("en")
        current.quizzable = {
            event.id
            for event in content.events
            if any(
                q.event_ids[0] == event.id
                for q in build_quiz(content, pool, event_preset(content, event.id), seed=1)
            )
        }
    return event_id in current.quizzable
