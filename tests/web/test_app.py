"""The factory, its configuration and the `content check` command."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path

import pytest

from quiz import create_app, extensions
from quiz.config import database_uri, instance_secret
from quiz.extensions import db


def test_environment_overrides_defaults_and_explicit_config_wins(
    monkeypatch, tmp_path, fixture_content
):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("CONTENT_DIR", str(fixture_content))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert app.config["SECRET_KEY"] == "from-env"
    assert create_app({"SECRET_KEY": "explicit"}).config["SECRET_KEY"] == "explicit"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db/quiz", "postgresql+psycopg://u:p@db/quiz"),
        ("postgresql://u:p@db/quiz", "postgresql+psycopg://u:p@db/quiz"),
        ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
    ],
)
def test_database_url_gets_the_psycopg_driver(given, used):
    assert database_uri(given) == used


def test_secret_key_is_generated_once_into_instance(tmp_path):
    first = instance_secret(tmp_path)
    assert len(first) == 64
    assert instance_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def _start_and_read_key(instance: str, barrier, keys) -> None:
    barrier.wait()
    try:
        keys.put(instance_secret(Path(instance)))
    except Exception as error:  # the race used to raise FileExistsError
        keys.put(repr(error))


def test_workers_starting_at_once_on_an_empty_instance_all_read_one_whole_key(tmp_path):
    fork = multiprocessing.get_context("fork")
    for round_ in range(10):
        instance = tmp_path / f"instance-{round_}"
        barrier, keys = fork.Barrier(8), fork.Queue()
        workers = [
            fork.Process(target=_start_and_read_key, args=(str(instance), barrier, keys))
            for _ in range(8)
        ]
        for worker in workers:
            worker.start()
        read = [keys.get(timeout=10) for _ in workers]
        for worker in workers:
            worker.join()
        assert len(set(read)) == 1 and len(read[0]) == 64, read
        assert [p.name for p in instance.iterdir()] == ["secret_key"]


def test_invalid_content_stops_start_up_with_the_report_not_a_traceback(content_dir, capsys):
    (content_dir / "events" / "2024-06-19-treaty-signed.md").write_text("no front matter")
    with pytest.raises(SystemExit) as stopped:
        create_app({"CONTENT_DIR": str(content_dir), "SECRET_KEY": "x"})
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "2024-06-19-treaty-signed.md:1: front matter: the file must start" in err
    assert "Traceback" not in err


def test_content_check_passes_on_good_content(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0
    assert result.output.startswith("Content OK: 5 events, 2 hand-written questions")


def test_content_check_lists_every_error_and_exits_1(app, content_dir):
    (content_dir / "events" / "2024-06-19-treaty-signed.md").write_text(
        (content_dir / "events" / "2024-06-19-treaty-signed.md")
        .read_text()
        .replace("category: diplomacy", "category: diplomcy")
        .replace("https://example.org/treaty", "example.org")
    )
    result = app.test_cli_runner().invoke(args=["content", "check", str(content_dir)])
    assert result.exit_code == 1
    assert "2024-06-19-treaty-signed.md:5: category: `diplomcy` is not a category" in result.output
    assert "2024-06-19-treaty-signed.md:13: sources[0].url: must be a web address" in result.output
    assert "2 error(s), 0 warning(s)." in result.output


def test_instance_folder_and_sqlite_files_are_readable_by_the_app_only(make_app, tmp_path):
    database = tmp_path / "private.sqlite"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context(), db.engine.begin() as connection:  # a write, so WAL files exist
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS probe (x)")
        connection.exec_driver_sql("INSERT INTO probe VALUES (1)")
        files = [database, *tmp_path.glob("private.sqlite-*")]
        assert len(files) == 3, files
        for path in files:
            assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert Path(app.instance_path).stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("kind", ["form", "multipart"])
def test_a_large_body_is_refused_at_once_with_a_friendly_page(client, kind):
    big = "x" * (200 * 1024)  # over the limit, under the test client's spooling to a file
    if kind == "form":
        response = client.post("/join", data={"code": big})
    else:
        response = client.post("/join", data={"upload": (io.BytesIO(big.encode()), "a.bin")})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_a_connection_that_died_while_idle_is_replaced_before_anything_uses_it(app, monkeypatch):
    """A database restarted while the pool's connections lay idle costs no request an error;
    a connection in use a moment ago is not pinged (a live class's worker sends no pings)."""
    with app.app_context():
        engine = db.engine
        pings = []
        ping = engine.dialect.do_ping
        monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(c) or ping(c))
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        with engine.connect() as connection:  # used a moment ago: no ping
            dead = connection.connection.dbapi_connection
        assert pings == []
        dead.close()  # the database went away meanwhile
        monkeypatch.setattr(extensions, "IDLE_BEFORE_PING", 0.0)  # as if idle for long
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
            assert connection.connection.dbapi_connection is not dead  # a new one
        assert pings[0] is dead
