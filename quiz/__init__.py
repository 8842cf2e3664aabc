"""The application factory: config → extensions → content → blueprints → CLI."""

from __future__ import annotations

import os
import sys

from flask import Flask

from . import cli, config, errors, i18n, security, store, templating
from .caching import PageCache
from .content import ContentError
from .extensions import (
    csrf,
    db,
    htmx,
    keep_instance_private,
    limiter,
    login,
    migrate,
    ping_when_idle,
    tune_sqlite,
)
from .fastanswers import AnswerPosts
from .livepolls import LivePolls
from .services import accounts


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(config.PROJECT_ROOT / "templates"),
        static_folder=str(config.PROJECT_ROOT / "static"),
    )
    config.configure(app, test_config)
    try:  # a bad setting is reported before anything starts
        app.config["EMBED_ORIGINS"] = security.embed_origins(app.config["EMBED_ORIGINS"])
    except security.ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        raise SystemExit(1) from None

    db.init_app(app)
    tune_sqlite(app)
    ping_when_idle(app)
    keep_instance_private(app)
    migrate.init_app(app, db, directory=str(config.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    login.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    accounts.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    try:
        store.init_app(app, eager=_serving())
    except ContentError as error:
        print(
            f"The content in {app.config['CONTENT_DIR']} has errors; not starting.", file=sys.stderr
        )
        print(error, file=sys.stderr)
        raise SystemExit(1) from None

    from .views import bank, embed, live, media, places, quiz, teacher, timeline

    app.register_blueprint(timeline.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(teacher.bp)
    app.register_blueprint(bank.bp)
    app.register_blueprint(live.bp)
    app.register_blueprint(places.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(media.bp)
    cli.init_app(app)
    app.wsgi_app = PageCache(app)
    app.wsgi_app = AnswerPosts(app, app.wsgi_app)  # a class's answers, before Flask
    app.wsgi_app = LivePolls(app, app.wsgi_app)  # outermost: the most frequent request
    return app


def _serving() -> bool:
    """False for a `flask` command that serves nothing (`content check`, `db upgrade`, …): the
    content is then loaded on first use, and a broken file is that command's business, not a
    refusal to start. A server (gunicorn, `flask run`) and the tests load it at once."""
    running_a_command = os.environ.get("FLASK_RUN_FROM_CLI") == "true"
    return not running_a_command or "run" in sys.argv[1:]
