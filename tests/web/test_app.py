"""The factory, its configuration and the `content check` command."""

from __future__ import annotations

import pytest

from quiz import create_app
from quiz.config import database_uri, instance_secret


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
    assert result.output.startswith("Content OK: 5 events, 1 hand-written questions")


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
