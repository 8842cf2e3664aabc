"""Teachers: log in, hand out assignments, read results, export them, watch the content."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, func, select
from werkzeug.security import generate_password_hash

from ..errors import render_error
from ..extensions import db
from ..extensions import login as login_manager
from ..forms import AssignmentForm, ConfirmForm, LoginForm
from ..htmx import render_page_or_fragment
from ..i18n import current_language
from ..models import Assignment, LoginFailure, Teacher, utcnow
from ..quizgen import build_quiz
from ..security import safe_path
from ..services.analysis import TRUSTWORTHY_FROM, Answer, item_statistics
from ..services.attempts import new_seed
from ..store import current_content, current_pool, find_preset

bp = Blueprint("teacher", __name__, url_prefix="/teacher")
MAX_FAILURES, FAILURE_WINDOW = 5, timedelta(minutes=15)


@login_manager.user_loader
def load_teacher(teacher_id: str) -> Teacher | None:
    return db.session.get(Teacher, int(teacher_id)) if teacher_id.isdigit() else None


@bp.before_request
def teachers_only():
    """Every teacher page and export needs a login, except the login page itself."""
    if request.endpoint != "teacher.login" and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


# -- login ---------------------------------------------------------------------------------------
def recent_failures(email: str, address: str | None) -> int:
    """Failed logins for this account from this address lately. Counting per address means a
    stranger guessing cannot lock the real teacher out."""
    since = utcnow() - FAILURE_WINDOW
    query = select(func.count()).where(
        LoginFailure.email == email, LoginFailure.address == address, LoginFailure.at >= since
    )
    return db.session.scalar(query) or 0


# Checked when no teacher has the email, so a wrong address costs as long as a wrong password.
DUMMY_HASH = Teacher(email="", password_hash=generate_password_hash("not a password"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email, address = form.email.data.strip().lower(), request.remote_addr
        if recent_failures(email, address) >= MAX_FAILURES:
            return render_error(
                429, _("Too many failed logins for this account. Wait 15 minutes, then try again.")
            )
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == email))
        if (teacher or DUMMY_HASH).check_password(form.password.data) and teacher:
            db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
            db.session.commit()
            login_user(teacher)
            return redirect(safe_path(request.args.get("next"), url_for(".dashboard")), 303)
        db.session.add(LoginFailure(email=email, address=address))
        db.session.commit()
        form.password.errors.append(_("That email and password do not match."))
        status = 401
    elif form.errors:
        status = 400
    return render_page_or_fragment(
        "teacher/login.html", "teacher/_login_form.html", status=status, form=form
    )


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        logout_user()
    return redirect(url_for("timeline.index"), 303)


# -- assignments --------------------------------------------------------------------------------
@bp.route("/", methods=["GET", "POST"])
def dashboard():
    content = current_content()
    form = AssignmentForm(content.presets)
    status = 200
    if form.validate_on_submit():
        due, seed = form.due.data, new_seed()
        preset = find_preset(form.preset.data)
        questions = build_quiz(current_content(), current_pool(), preset, seed) if preset else []
        assignment = Assignment(
            teacher=current_user,
            title=form.title.data.strip(),
            preset_id=form.preset.data,
            seed=seed,
            question_ids=[q.id for q in questions],
            due_at=datetime(due.year, due.month, due.day) if due else None,
        )
        db.session.add(assignment)
        db.session.commit()
        return redirect(url_for(".assignment", assignment_id=assignment.id), 303)
    if form.errors:
        status = 400
    return render_page_or_fragment(
        "teacher/dashboard.html",
        "teacher/_assignments.html",
        status=status,
        form=form,
        assignments=current_user.assignments,
        presets={p.id: p for p in content.presets},
    )


def my_assignment(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.teacher_id != current_user.id:
        abort(404)
    return assignment


SORTS = {
    "name": lambda a: a.display_name.casefold(),
    "score": lambda a: (-a.score, a.display_name.casefold()),
    "time": lambda a: (a.seconds_taken is None, a.seconds_taken or 0),
    "started": lambda a: a.started_at,
}


def results_tables(assignment: Assignment, sort: str):
    attempts = sorted(assignment.attempts, key=SORTS.get(sort, SORTS["started"]))
    answers = [
        [
            Answer(r.question_id, key_of(r, r.chosen_index), key_of(r, r.correct_index))
            for r in attempt.responses
        ]
        for attempt in attempts
    ]
    finished = [a.finished_at is not None for a in attempts]
    return attempts, item_statistics(quiz_questions(assignment), answers, finished)


def key_of(response, index: int | None) -> int | None:
    """An option's place in the unshuffled question, the same in every attempt and language."""
    return None if index is None else response.options[index].get("key", index)


def quiz_questions(assignment: Assignment) -> list[tuple[str, str, list[str], int]]:
    """The assignment's questions in order, their options by key, worded as a student saw them
    (in the teacher's language when a student used it). Taken from the stored snapshots, so
    content edits change nothing; before anyone starts, from what the class will get."""
    language = current_language()
    seen: dict[str, tuple[str, str, list[str], int]] = {}
    for attempt in sorted(assignment.attempts, key=lambda a: a.language != language):
        for response in attempt.responses:
            if response.question_id not in seen:
                texts = [""] * len(response.options)
                for index, option in enumerate(response.options):
                    texts[key_of(response, index)] = option["text"]
                prompt = (
                    f"{response.prompt} “{response.quote}”" if response.quote else response.prompt
                )
                seen[response.question_id] = (
                    response.question_id,
                    prompt,
                    texts,
                    key_of(response, response.correct_index),
                )
    preset = find_preset(assignment.preset_id)
    if not seen and preset:
        for q in build_quiz(current_content(), current_pool(), preset, assignment.seed):
            seen[q.id] = (q.id, q.full_stem, [o.text for o in q.options], q.answer)
    return list(seen.values())


@bp.get("/assignments/<int(max=2147483647):assignment_id>")
def assignment(assignment_id: int):
    found = my_assignment(assignment_id)
    sort = request.args.get("sort", "started")
    attempts, items = results_tables(found, sort)
    finished = sum(a.finished_at is not None for a in attempts)
    return render_page_or_fragment(
        "teacher/assignment.html",
        "teacher/_results.html",
        assignment=found,
        attempts=attempts,
        items=items,
        sort=sort,
        finished=finished,
        trustworthy=finished >= TRUSTWORTHY_FROM,
        trustworthy_from=TRUSTWORTHY_FROM,
        form=ConfirmForm(),
        join_url=url_for("quiz.join_assignment", code=found.join_code, _external=True),
    )


@bp.post("/assignments/<int(max=2147483647):assignment_id>/close")
def close(assignment_id: int):
    found = my_assignment(assignment_id)
    if ConfirmForm().validate_on_submit():
        wanted = request.form.get("action")
        if wanted == "close" and found.closed_at is None:
            found.closed_at = utcnow()
        elif wanted == "reopen":
            found.closed_at = None
        db.session.commit()  # a repeated click asks for the same state again: nothing flips
    return redirect(url_for(".assignment", assignment_id=assignment_id), 303)


def csv_response(rows: list[list], filename: str) -> Response:
    """UTF-8 with a byte-order mark, so spreadsheet programs open accented names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def neutralise(cell):
    """A name like `=HYPERLINK(...)` must stay text in a spreadsheet (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


@bp.get("/assignments/<int(max=2147483647):assignment_id>/students.csv")
def students_csv(assignment_id: int):
    found = my_assignment(assignment_id)
    attempts, _ = results_tables(found, request.args.get("sort", "started"))
    rows = [
        [
            "name",
            "score",
            "out of",
            "percent",
            "started (UTC)",
            "seconds taken",
            "finished",
            "language",
        ]
    ]
    rows += [
        [
            a.display_name,
            a.score,
            a.total,
            a.percent,
            a.started_at.isoformat(timespec="seconds"),
            a.seconds_taken if a.seconds_taken is not None else "",
            "yes" if a.finished_at else "no",
            a.language,
        ]
        for a in attempts
    ]
    return csv_response(rows, f"{found.join_code}-students.csv")


@bp.get("/assignments/<int(max=2147483647):assignment_id>/questions.csv")
def questions_csv(assignment_id: int):
    found = my_assignment(assignment_id)
    _, items = results_tables(found, "started")
    rows = [
        [
            "position",
            "question",
            "correct answer",
            "answered",
            "facility %",
            "discrimination %",
            "option",
            "chosen by",
        ]
    ]
    for item in items:
        for option, count in zip(item.options, item.counts, strict=True):
            rows.append(
                [
                    item.position,
                    item.prompt,
                    item.options[item.correct],
                    item.answered,
                    "" if item.facility is None else round(item.facility, 1),
                    "" if item.discrimination is None else round(item.discrimination, 1),
                    option,
                    count,
                ]
            )
    return csv_response(rows, f"{found.join_code}-questions.csv")
