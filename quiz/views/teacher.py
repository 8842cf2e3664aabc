"""Teachers: log in, hand out assignments, read their classes' results and download them."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from .. import models
from ..errors import render_error, too_many, waiting_time
from ..extensions import login as login_manager
from ..forms import (
    AssignmentForm,
    ClassListForm,
    ConfirmForm,
    LoginForm,
    MergeForm,
    RenameForm,
    TimeZoneForm,
    TitleForm,
)
from ..htmx import render_page_or_fragment
from ..limits import logins
from ..models import Assignment
from ..security import safe_path
from ..services import exports, handout, roster, students, worksheets
from ..services.accounts import (
    LoginsBusy,
    TooManyFailedLogins,
    WrongCredentials,
    log_in,
    log_out,
    set_time_zone,
)
from ..services.analysis import TRUSTWORTHY_FROM
from ..services.assignments import (
    LOCKED,
    EditRefused,
    ReopenRefused,
    assignment_preset,
    assignment_questions,
    close_assignment,
    copy_assignment,
    create_assignment,
    delete_assignment,
    drop_question,
    end_now,
    find_own_assignment,
    questions_locked,
    quiz_label,
    release_review,
    rename_assignment,
    reopen_assignment,
    swap_question,
)
from ..services.attempts import new_seed
from ..services.live import live_of
from ..services.results import LETTERS, class_results, student_answers
from ..store import current_content, current_pool, find_preset
from ..templating import format_moment
from ..timezones import local_to_utc, zone_of

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


@bp.before_request
def teachers_only():
    """Every teacher page and export needs a login, except the login page itself."""
    if request.endpoint != "teacher.login" and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def never_stored(response: Response) -> Response:
    """Teacher pages and exports hold students' names and scores: no browser or proxy cache may
    keep a copy (a shared classroom computer, the back button after logging out)."""
    response.cache_control.no_store = True
    return response


bp.after_request(never_stored)


def attachment(download: exports.Download) -> Response:
    """A download the browser saves under its file name."""
    return Response(
        download.text,
        mimetype=download.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )


@bp.route("/login", methods=["GET", "POST"])
@logins[0]
@logins[1]
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            log_in(form.email.data, form.password.data, request.remote_addr)
        except TooManyFailedLogins as refused:
            wait = waiting_time(refused.wait_seconds)
            return too_many(
                refused.wait_seconds,
                _(
                    "Too many failed logins for this account. Wait %(wait)s, then try again.",
                    wait=wait,
                ),
            )
        except LoginsBusy as busy:
            return too_many(
                busy.wait_seconds,
                _("Many teachers are logging in at once. Wait a few seconds, then try again."),
                status=503,
            )
        except WrongCredentials:
            form.password.errors.append(_("That email and password do not match."))
            status = 401
        else:
            return redirect(safe_path(request.args.get("next"), url_for(".dashboard")), 303)
    elif form.errors:
        status = 400
    return render_page_or_fragment(
        "teacher/login.html", "teacher/_login_form.html", status=status, form=form
    )


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit() and current_user.is_authenticated:
        log_out(current_user)
    return redirect(url_for("timeline.index"), 303)


SEED = re.compile(r"^[0-9]{1,10}$")
BACK = _l("Back to the assignment")


@bp.route("/", methods=["GET", "POST"])
def dashboard():
    """The teacher's assignments and the hand-out form: any preset, previewed; the quiz of one
    event (?quiz=event-<id>); or a selection ticked in the question browser (?pick=…)."""
    content = current_content()
    prefill = {} if request.method == "POST" else handout_prefill()
    form = AssignmentForm(content.presets, find_preset, handout.selection_problem, **prefill)
    seed = seed_of(form.seed.data) or new_seed()
    form.seed.data = str(seed)
    if form.validate_on_submit() and (due := due_of(form)) is not False:
        created = create_assignment(
            current_user,
            form.title.data,
            form.preset.data or "",
            due,
            mode=form.mode.data,
            attempts_allowed=form.attempts_allowed,
            counts=form.counts.data,
            draws_per_student=form.draws.data,
            seed=seed,
            selection=form.pick.data if form.is_selection else None,
            late_policy=form.late.data,
        )
        return redirect(url_for(".assignment", assignment_id=created.id), 303)
    if request.method != "POST" and not form.preset.data and content.presets:
        form.preset.data = content.presets[0].id  # one quiz is always chosen, as a select would
    problem = handout.selection_problem(form.pick.data or []) if form.is_selection else None
    if request.method != "POST" and problem:
        form.pick.errors = [problem]  # a link with a bad selection: say so, as a POST would
    chosen = find_preset(form.preset.data or "") if form.preset.data else None
    shown = list(content.presets)
    if chosen is not None and chosen.id not in {p.id for p in shown}:
        shown.insert(0, chosen)  # the quiz of one event, asked for by its link
        form.preset.choices = [(chosen.id, chosen.title), *form.preset.choices]
    selection = handout.selected(form.pick.data or []) if form.is_selection else []
    return render_page_or_fragment(
        "teacher/dashboard.html",
        "teacher/_assignments.html",
        status=400 if form.errors else 200,
        form=form,
        previews=[] if form.is_selection else [handout.preview(p, seed) for p in shown],
        selection=selection,
        warnings=handout.selection_warnings(selection, form.title.data or ""),
        events=handout.event_choices(),
        assignments=current_user.assignments,
        quiz_labels={a.id: quiz_label(a) for a in current_user.assignments},
        presets={p.id: p for p in content.presets},
        zone=zone_of(current_user),
    )


def handout_prefill() -> dict:
    """The hand-out form as a link asks for it: ?quiz= (a preset or `event-<id>`) and ?seed=
    (the draw a preview showed), or ?pick= (questions ticked in the question browser)."""
    asked = request.args
    if "pick" in asked:
        return {"source": "selection", "pick": asked.getlist("pick")}
    preset = find_preset(asked.get("quiz", "")) if asked.get("quiz") else None
    seed = asked.get("seed", "")
    return {
        "preset": preset.id if preset else None,
        "title": preset.title[:120] if preset else None,
        "seed": str(seed_of(seed) or "") or None,
    }


@bp.get("/quizzes/<preset_id>/preview")
def preview(preset_id: str):
    """Every question of one draw of a quiz, with its answers, and a way to hand out that draw."""
    preset = find_preset(preset_id)
    if preset is None:
        abort(404)
    seed = seed_of(request.args.get("seed"))
    if seed is None:
        return redirect(url_for(".preview", preset_id=preset.id, seed=new_seed()), 302)
    return render_template("teacher/preview.html", preview=handout.preview(preset, seed), seed=seed)


def seed_of(text: str | None) -> int | None:
    """A seed as a form or link gives it (digits, below 2**31 as the database keeps it)."""
    return int(text) if text and SEED.match(text) and int(text) < 2**31 else None


def due_of(form: AssignmentForm):
    """The form's due date and time, typed in the teacher's zone, as naive UTC (None: no due
    date); False, with the error on the form, when that moment has already passed."""
    if form.due.data is None:
        return None
    due = local_to_utc(form.due.data, form.due_time.data, zone_of(current_user))
    if due <= models.utcnow():
        form.due.errors.append(_("That due time has already passed. Choose a later one."))
        return False
    return due


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """The teacher's time zone."""
    form = TimeZoneForm(data={"time_zone": zone_of(current_user)})
    if form.validate_on_submit():
        set_time_zone(current_user, form.time_zone.data)
        return redirect(url_for(".settings", saved=1), 303)
    return render_template(
        "teacher/settings.html", form=form, saved=bool(request.args.get("saved"))
    ), (400 if form.errors else 200)


def own_assignment(assignment_id: int) -> Assignment:
    found = find_own_assignment(current_user, assignment_id)
    if found is None:
        abort(404)
    return found


@bp.get("/assignments/<int(max=2147483647):assignment_id>")
def assignment(assignment_id: int):
    found = own_assignment(assignment_id)
    sort = request.args.get("sort", "started")
    results = class_results(found, sort)
    return render_page_or_fragment(
        "teacher/assignment.html",
        "teacher/_results.html",
        assignment=found,
        results=results,
        attempts=results.attempts,
        answered=results.answered,
        counted=results.counted,
        several=results.several,
        items=results.items,
        sort=sort,
        finished=results.finished,
        summary=results.summary,
        letters=LETTERS,
        trustworthy=results.trustworthy,
        trustworthy_from=TRUSTWORTHY_FROM,
        form=ConfirmForm(),
        join_url=url_for("quiz.join_assignment", code=found.join_code, _external=True),
        questions=assignment_questions(found),
        locked=questions_locked(found),
        title_form=TitleForm(formdata=None, title=found.title),
        live=live_of(found) if found.is_live else None,
        **class_list_context(found),
    )


@bp.post("/assignments/<int(max=2147483647):assignment_id>/questions")
def edit_questions(assignment_id: int):
    """Drop or swap one question, until the first student starts."""
    found = own_assignment(assignment_id)
    back = url_for(".assignment", assignment_id=assignment_id)
    if not ConfirmForm().validate_on_submit():
        return render_error(400, _("The form was out of date: try again."), (back, BACK))
    question_id, wanted = request.form.get("question", ""), request.form.get("action")
    try:
        if wanted == "drop":
            drop_question(found, question_id)
        elif wanted == "swap":
            swap_question(found, question_id)
        else:
            return render_error(400, _("Drop or swap a question."), (back, BACK))
    except EditRefused as refused:
        status = 409 if refused.message == str(LOCKED) else 400
        return render_error(status, refused.message, (back, BACK))
    return redirect(back + "#handed-out", 303)


@bp.post("/assignments/<int(max=2147483647):assignment_id>/rename")
def rename(assignment_id: int):
    found = own_assignment(assignment_id)
    form = TitleForm()
    back = url_for(".assignment", assignment_id=assignment_id)
    if not form.validate_on_submit():
        message = next(iter(form.title.errors), _("The form was out of date: try again."))
        return render_error(400, message, (back, BACK))
    rename_assignment(found, form.title.data)
    return redirect(back, 303)


@bp.post("/assignments/<int(max=2147483647):assignment_id>/copy")
def copy(assignment_id: int):
    found = own_assignment(assignment_id)
    if not ConfirmForm().validate_on_submit():
        back = url_for(".assignment", assignment_id=assignment_id)
        return render_error(400, _("The form was out of date: try again."), (back, BACK))
    copied = copy_assignment(found)
    return redirect(url_for(".assignment", assignment_id=copied.id), 303)


@bp.route("/assignments/<int(max=2147483647):assignment_id>/delete", methods=["GET", "POST"])
def delete(assignment_id: int):
    """A page that asks first (it works without JavaScript), then deletes for good."""
    found = own_assignment(assignment_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_assignment(found)
        return redirect(url_for(".dashboard"), 303)
    return render_template(
        "teacher/delete.html",
        assignment=found,
        form=form,
        status=400 if form.errors else 200,
    ), (400 if form.errors else 200)


@bp.get(
    "/assignments/<int(max=2147483647):assignment_id>/students/<int(max=2147483647):attempt_id>"
)
def student(assignment_id: int, attempt_id: int):
    """What one student answered: only in the teacher's own assignment (404 otherwise)."""
    return student_page(own_assignment(assignment_id), attempt_id)


def student_page(
    found: Assignment,
    attempt_id: int,
    rename: RenameForm | None = None,
    merge: MergeForm | None = None,
    status: int = 200,
):
    """One attempt's answers, with the forms that rename, merge or delete it."""
    answers = student_answers(found, attempt_id)
    if answers is None:
        abort(404)
    page = render_template(
        "teacher/student.html",
        assignment=found,
        answers=answers,
        rename=rename or RenameForm(name=answers.attempt.display_name),
        merge=merge or merge_form(found, attempt_id),
        several=len(students.attempts_of(found, answers.attempt)),
    )
    return page, status


def merge_form(found: Assignment, attempt_id: int) -> MergeForm:
    """The students this attempt's student may be merged into (not themselves)."""
    attempt = students.attempt_in(found, attempt_id)
    own = {a.id for a in students.attempts_of(found, attempt)} if attempt else set()
    others = [s for s in students.students(found) if s.attempt_id not in own]
    return MergeForm(
        [
            (
                str(s.attempt_id),
                ngettext(
                    "%(name)s (%(num)s attempt)",
                    "%(name)s (%(num)s attempts)",
                    s.attempts,
                    name=s.name,
                ),
            )
            for s in others
        ]
    )


def own_attempt(found: Assignment, attempt_id: int):
    attempt = students.attempt_in(found, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


ASSIGNMENT = "/assignments/<int(max=2147483647):assignment_id>"
ATTEMPT = ASSIGNMENT + "/students/<int(max=2147483647):attempt_id>"
ENTRY = ASSIGNMENT + "/roster/<int(max=2147483647):entry_id>"


@bp.post(ATTEMPT + "/rename")
def rename_student(assignment_id: int, attempt_id: int):
    found = own_assignment(assignment_id)
    attempt = own_attempt(found, attempt_id)
    form = RenameForm()
    if not form.validate_on_submit():
        return student_page(found, attempt_id, rename=form, status=400)
    try:
        students.rename_student(found, attempt, form.name.data)
    except students.NameOnList:
        form.name.errors = [
            _("That name is another student's on the class list: merge the two students instead.")
        ]
        return student_page(found, attempt_id, rename=form, status=409)
    return redirect(url_for(".student", assignment_id=found.id, attempt_id=attempt_id), 303)


@bp.post(ATTEMPT + "/merge")
def merge(assignment_id: int, attempt_id: int):
    found = own_assignment(assignment_id)
    attempt = own_attempt(found, attempt_id)
    form = merge_form(found, attempt_id)
    if not form.validate_on_submit():
        return student_page(found, attempt_id, merge=form, status=400)
    into = own_attempt(found, int(form.into.data))
    students.merge_students(found, attempt, into)
    return redirect(url_for(".assignment", assignment_id=found.id), 303)


@bp.route(ATTEMPT + "/delete", methods=["GET", "POST"])
def delete_attempt(assignment_id: int, attempt_id: int):
    """A confirmation page first (no JavaScript needed), then the attempt and its answers go."""
    found = own_assignment(assignment_id)
    attempt = own_attempt(found, attempt_id)
    return confirmed(
        found,
        lambda: students.delete_attempt(attempt),
        url_for(".assignment", assignment_id=found.id),
        _("Delete this attempt?"),
        _(
            "The attempt %(name)s started %(moment)s and its answers will be deleted for good.",
            name=attempt.display_name,
            moment=format_moment(attempt.started_at),
        ),
        _("Delete the attempt"),
        url_for(".student", assignment_id=found.id, attempt_id=attempt.id),
    )


def confirmed(found: Assignment, act, done: str, title: str, message: str, button: str, back: str):
    """A change made only once confirmed: its confirmation page (a form that works without
    JavaScript), then the change and a redirect (303) to `done`."""
    form = ConfirmForm()
    if form.validate_on_submit():
        act()
        return redirect(done, 303)
    return render_template(
        "teacher/confirm.html",
        assignment=found,
        form=form,
        title=title,
        message=message,
        button=button,
        back=back,
    ), 400 if form.errors else 200


def class_list_context(found: Assignment) -> dict:
    """What the assignment page's class list shows: each name with what its student did."""
    return {"class_list": roster.class_list(found), "list_form": ClassListForm(formdata=None)}


@bp.route(ASSIGNMENT + "/roster", methods=["GET", "POST"])
def class_list(assignment_id: int):
    """Set or extend the class list by pasting names, one a line."""
    found = own_assignment(assignment_id)
    form = ClassListForm()
    if form.validate_on_submit():
        try:
            pasted = roster.add_names(found, form.names.data)
        except roster.ListRefused as refused:
            form.names.errors = [str(refused)]
        else:
            flash(ngettext("%(num)s name added.", "%(num)s names added.", len(pasted.names)))
            if pasted.repeated:
                flash(
                    _(
                        "Left out, as they repeat a name on the list in other capitals: %(names)s.",
                        names=", ".join(pasted.repeated),
                    )
                )
            return redirect(url_for(".class_list", assignment_id=found.id), 303)
    context = class_list_context(found)
    context["list_form"] = form
    page = render_template("teacher/roster.html", assignment=found, **context)
    return page, 400 if form.errors else 200


@bp.post(ENTRY + "/remove")
def remove_name(assignment_id: int, entry_id: int):
    found = own_assignment(assignment_id)
    entry = roster.find_entry(found, entry_id)
    if entry is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            roster.remove_name(entry)
        except roster.NameClaimed:
            return render_error(
                409,
                _("A student has picked this name: release it before you remove it."),
                action=(
                    url_for(".class_list", assignment_id=found.id),
                    _("Back to the class list"),
                ),
            )
    return redirect(url_for(".class_list", assignment_id=found.id), 303)


@bp.route(ENTRY + "/release", methods=["GET", "POST"])
def release_name(assignment_id: int, entry_id: int):
    """Free a picked name (the student changed device), after a confirmation page."""
    found = own_assignment(assignment_id)
    entry = roster.find_entry(found, entry_id)
    if entry is None:
        abort(404)
    return confirmed(
        found,
        lambda: roster.release_name(entry),
        url_for(".class_list", assignment_id=found.id),
        _("Release the name %(name)s?", name=entry.name),
        _(
            "The next browser to pick %(name)s gets it, with its attempts. Do this when the "
            "student changed device; their attempts count on under the name.",
            name=entry.name,
        ),
        _("Release the name"),
        url_for(".class_list", assignment_id=found.id),
    )


@bp.post("/assignments/<int(max=2147483647):assignment_id>/close")
def close(assignment_id: int):
    found = own_assignment(assignment_id)
    if ConfirmForm().validate_on_submit():
        wanted = request.form.get("action")
        if wanted == "close":
            close_assignment(found)
        elif wanted == "reopen":
            try:
                reopen_assignment(found)
            except ReopenRefused as refused:
                return render_error(
                    409,
                    refused.message,
                    action=(
                        url_for(".assignment", assignment_id=assignment_id),
                        _("Back to the assignment"),
                    ),
                )
    return redirect(url_for(".assignment", assignment_id=assignment_id), 303)


@bp.route("/assignments/<int(max=2147483647):assignment_id>/end", methods=["GET", "POST"])
def end(assignment_id: int):
    """ "End now": a page that asks first (how many attempts it submits), then, posted,
    closes the assignment and submits every attempt under way at once."""
    found = own_assignment(assignment_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        end_now(found)
        return redirect(url_for(".assignment", assignment_id=assignment_id), 303)
    under_way = sum(a.finished_at is None for a in found.attempts)
    return render_template("teacher/end.html", assignment=found, form=form, under_way=under_way), (
        400 if form.is_submitted() else 200
    )


@bp.post("/assignments/<int(max=2147483647):assignment_id>/release")
def release(assignment_id: int):
    found = own_assignment(assignment_id)
    if ConfirmForm().validate_on_submit():
        release_review(found)
    return redirect(url_for(".assignment", assignment_id=assignment_id), 303)


@bp.get("/assignments/<int(max=2147483647):assignment_id>/students.csv")
def students_csv(assignment_id: int):
    found = own_assignment(assignment_id)
    return attachment(exports.students_csv(found, request.args.get("sort", "started")))


@bp.get("/assignments/<int(max=2147483647):assignment_id>/responses.csv")
def responses_csv(assignment_id: int):
    found = own_assignment(assignment_id)
    return attachment(exports.responses_csv(found, request.args.get("sort", "started")))


@bp.get("/assignments/<int(max=2147483647):assignment_id>/questions.csv")
def questions_csv(assignment_id: int):
    return attachment(exports.questions_csv(own_assignment(assignment_id)))


@bp.get("/assignments/<int(max=2147483647):assignment_id>/worksheet")
def worksheet(assignment_id: int):
    """The assignment on paper, in the teacher's language: its questions in the order students
    get them, the join code, link and QR code, and the answer key on a page of its own."""
    found = own_assignment(assignment_id)
    content, pool = current_content(), current_pool()
    preset = assignment_preset(found)
    if preset is None:
        abort(404)  # the content no longer has its quiz: nothing to print
    questions = worksheets.assignment_questions(found, content, pool, preset)
    join_url = url_for("quiz.join_assignment", code=found.join_code, _external=True)
    return render_template(
        "teacher/worksheet.html",
        title=found.title,
        preset=preset,
        sheet=worksheets.worksheet(questions, found.seed),
        join_code=found.join_code,
        join_url=join_url,
        qr=worksheets.qr_svg(join_url, _("QR code of the link for students")),
        back=url_for(".assignment", assignment_id=found.id),
    )
