"""Commands for teachers and operators: `flask --app wsgi content check` and friends."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .checking import check_folder
from .content import Severity, format_report
from .quizgen.audit import audit
from .services.accounts import (
    NoSuchTeacher,
    PasswordTooShort,
    change_password,
    normalised_email,
    save_teacher,
)

content_group = AppGroup("content", help="Check the content files teachers edit.")


@content_group.command("check")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def check_command(folder: str | None) -> None:
    """Check every content file and list each problem as file:line. Exit 1 if any is an error."""
    folder = folder or current_app.config["CONTENT_DIR"]
    content, _, problems = check_folder(folder, current_app.config["LANGUAGES"])
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


questions_group = AppGroup("questions", help="Check the questions the content yields.")


@questions_group.command("audit")
@click.option("--seeds", default=200, show_default=True, help="Seeds per preset quiz.")
def audit_command(seeds: int) -> None:
    """Per kind, questions yielded and candidates rejected by each rule; then every quiz
    students can be served, over many seeds and in every language. Exit 1 on any violation."""
    config = current_app.config
    content, bank, problems = check_folder(config["CONTENT_DIR"], config["LANGUAGES"])
    if content is None or bank is None:
        click.echo(format_report(problems), err=True)
        raise SystemExit(1)
    report = audit(content, bank, seeds)
    click.echo("\n".join(report.lines()))
    if report.violations:
        raise SystemExit(1)


teacher_group = AppGroup("teacher", help="Manage teacher accounts.")


@teacher_group.command("create")
@click.argument("email")
def create_teacher(email: str) -> None:
    """Create a teacher account (or reset its password). Asks for the password twice without
    echoing it; reads one line from standard input when that is not a terminal."""
    email = checked_email(email)
    try:
        created = save_teacher(email, read_password())
    except PasswordTooShort as short:
        raise click.ClickException(str(short)) from None
    click.echo(f"Teacher {email} {'created' if created else 'updated (new password)'}.")


@teacher_group.command("password")
@click.argument("email")
def change_teacher_password(email: str) -> None:
    """Give an existing teacher a new password, and end every session the account has (in
    every browser). Asks twice without echoing, like `teacher create`."""
    email = checked_email(email)
    try:
        change_password(email, read_password())
    except NoSuchTeacher:
        raise click.ClickException(f"no teacher has the email {email}") from None
    except PasswordTooShort as short:
        raise click.ClickException(str(short)) from None
    click.echo(f"Teacher {email}: new password; every session of the account has ended.")


def checked_email(email: str) -> str:
    email = normalised_email(email)
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("give the teacher's email address", param_hint="EMAIL")
    return email


def read_password() -> str:
    """Twice at a terminal, without echo; one line of standard input otherwise."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def init_app(app: Flask) -> None:
    app.cli.add_command(content_group)
    app.cli.add_command(questions_group)
    app.cli.add_command(teacher_group)
