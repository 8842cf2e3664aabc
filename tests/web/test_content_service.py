"""How the running site serves content: the last good content survives a restart on broken
files (issue 12, finding 1), and a reload never holds up a request (finding 8)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quiz import create_app, store
from tests.support.fixtures import ROOT
from tests.support.teacher import TeacherActions

BROKEN_QUIZZES = (
    "- id: warm-up\n  title: Fixture warm-up\n  description: Four questions.\n  questions: five\n"
)
WHAT_IS_WRONG = "quizzes.yaml:4: questions: must be a whole number (write it in digits, such as 10)"


def test_a_worker_starting_on_broken_files_serves_the_last_good_content(
    make_app, content_dir, caplog
):
    make_app(CONTENT_DIR=str(content_dir))  # a good start keeps the content in instance/
    (content_dir / "quizzes.yaml").write_text(BROKEN_QUIZZES)  # the red team's edit

    with caplog.at_level(logging.ERROR):
        worker = make_app(CONTENT_DIR=str(content_dir))  # a restart (crash, HUP, deploy)

    client = worker.test_client()
    home = client.get("/")
    assert home.status_code == 200 and "Partnership treaty signed in Pyongyang" in home.text
    assert client.get("/quizzes").status_code == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "has errors; serving the last good version" in logged
    assert WHAT_IS_WRONG in logged

    teacher = TeacherActions(worker).create_account()
    teacher.log_in()
    page = teacher.client.get("/teacher/content").text
    assert WHAT_IS_WRONG in page
    assert "serves the last good content kept in instance/" in page


def test_a_first_start_that_never_had_good_content_still_refuses(content_dir, capsys):
    (content_dir / "quizzes.yaml").write_text(BROKEN_QUIZZES)
    with pytest.raises(SystemExit) as stopped:
        create_app({"CONTENT_DIR": str(content_dir), "SECRET_KEY": "x"})
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert WHAT_IS_WRONG in err and "Traceback" not in err


def test_the_last_good_content_of_another_folder_is_never_served(
    make_app, content_dir, fixture_content, capsys
):
    make_app(CONTENT_DIR=str(fixture_content))  # a snapshot, but of another folder
    (content_dir / "quizzes.yaml").write_text(BROKEN_QUIZZES)
    with pytest.raises(SystemExit):
        create_app({"CONTENT_DIR": str(content_dir), "SECRET_KEY": "x"})
    assert WHAT_IS_WRONG in capsys.readouterr().err


def test_a_damaged_copy_of_the_last_good_content_is_not_served(
    make_app, content_dir, own_snapshot_folder, capsys
):
    make_app(CONTENT_DIR=str(content_dir))
    for kept in own_snapshot_folder.glob("*/site.yaml"):
        kept.write_text("title: [")
    (content_dir / "quizzes.yaml").write_text(BROKEN_QUIZZES)
    with pytest.raises(SystemExit):
        create_app({"CONTENT_DIR": str(content_dir), "SECRET_KEY": "x"})
    assert WHAT_IS_WRONG in capsys.readouterr().err


def test_a_valid_edit_becomes_the_last_good_content(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0, CONTENT_RELOAD_WAIT=30)
    event = content_dir / "events" / "2024-06-19-treaty-signed.md"
    event.write_text(event.read_text().replace("Partnership treaty signed", "Treaty, edited"))
    assert "Treaty, edited in Pyongyang" in app.test_client().get("/").text
    (content_dir / "quizzes.yaml").write_text(BROKEN_QUIZZES)

    restarted = make_app(CONTENT_DIR=str(content_dir))
    assert "Treaty, edited in Pyongyang" in restarted.test_client().get("/").text


def test_a_reload_never_holds_up_a_request(make_app, content_dir, monkeypatch):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0)
    client = app.test_client()
    assert client.get("/").status_code == 200
    release, loading = threading.Event(), threading.Event()
    check_folder = store.check_folder

    def slow_check(*args, **kwargs):  # stands for an alias bomb, or 10,000 events
        loading.set()
        release.wait(30)
        return check_folder(*args, **kwargs)

    monkeypatch.setattr(store, "check_folder", slow_check)
    event = content_dir / "events" / "2024-06-19-treaty-signed.md"
    event.write_text(event.read_text().replace("Partnership treaty signed", "Treaty, edited"))

    started = time.perf_counter()
    page = client.get("/")
    assert time.perf_counter() - started < 5 and loading.wait(5)
    assert page.status_code == 200 and "Partnership treaty signed in Pyongyang" in page.text
    assert "Partnership treaty signed" in client.get("/").text  # still loading: the old one
    release.set()
    store.wait_for_reload(app)
    assert "Treaty, edited in Pyongyang" in client.get("/").text


def _flask(*args: str, content_dir, snapshots) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTENT_DIR": str(content_dir), "QUIZ_CONTENT_SNAPSHOT_DIR": snapshots}
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(
        [str(flask), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_content_check_on_broken_files_reports_them_and_starts_nothing(content_dir, tmp_path):
    (content_dir / "quizzes.yaml").write_text(BROKEN_QUIZZES)
    checked = _flask("content", "check", content_dir=content_dir, snapshots=str(tmp_path / "s"))
    assert checked.returncode == 1
    assert WHAT_IS_WRONG in checked.stderr and "1 error(s), 0 warning(s)." in checked.stderr
    assert "not starting" not in checked.stdout + checked.stderr
    assert checked.stderr.count(WHAT_IS_WRONG) == 1  # the report once, from the check itself


def test_french_warnings_stay_on_the_content_page_while_an_error_is_outstanding(
    make_app, content_dir
):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0, CONTENT_RELOAD_WAIT=30)
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    events = content_dir / "events"
    (events / "2023-10-shells-shipped.fr.md").unlink()
    summit = events / "2023-09-13-vostochny-summit.md"
    summit.write_text(summit.read_text().replace("category: diplomacy", "category: diplomat"))
    page = teacher.client.get("/teacher/content").text
    assert "2023-09-13-vostochny-summit.md:4: category: `diplomat` is not a category" in page
    assert "2023-10-shells-shipped.md:1: warning: fr: no Français text for event" in page


def test_the_content_page_shows_the_offending_line_escaped(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0, CONTENT_RELOAD_WAIT=30)
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    summit = content_dir / "events" / "2023-09-13-vostochny-summit.md"
    summit.write_text(
        summit.read_text().replace("category: diplomacy", "category: <b>diplomat</b>")
    )
    page = teacher.client.get("/teacher/content").text
    assert "2023-09-13-vostochny-summit.md:4: category:" in page
    assert '<span class="line-number">4</span> category: &lt;b&gt;diplomat&lt;/b&gt;</pre>' in page
    assert "<b>diplomat</b>" not in page
