"""Commands for teachers and operators: `flask --app wsgi content check` and friends."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .content import Severity, check_content, format_report

content_group = AppGroup("content", help="Check the content files teachers edit.")


@content_group.command("check")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def check_command(folder: str | None) -> None:
    """Check every content file and list each problem as file:line. Exit 1 if any is an error."""
    folder = folder or current_app.config["CONTENT_DIR"]
    content, problems = check_content(folder)
    if problems:
        click.echo(format_report(problems), err=content is None)
    if content is None:
        raise SystemExit(1)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    click.echo(
        f"Content OK: {len(content.events)} events, {len(content.questions)} hand-written "
        f"questions, {len(content.presets)} quizzes, {warnings} warning(s) "
        f"(version {content.version})."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(content_group)
