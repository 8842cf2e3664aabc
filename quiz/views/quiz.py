"""The student's flow: pick a quiz, give a name, answer one question at a time, see the review."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content.schema import Preset
from ..errors import render_error
from ..extensions import limiter
from ..forms import AnotherRoundForm, AnswerForm, JoinForm, PickNameForm, StartQuizForm
from ..htmx import client_redirect, push_url, render_page_or_fragment, wants_fragment
from ..language_notice import language_notice
from ..limits import join_pages, starts, unknown_codes
from ..models import REVIEW, Answer, Assignment, Attempt, new_public_id
from ..services import review, roster
from ..services.assignments import assignment_preset, find_assignment
from ..services.attempts import (
    PUBLIC_ID,
    AnsweredLive,
    AnswerRefused,
    NoAttemptsLeft,
    NoQuestions,
    Practice,
    attempts_in,
    attempts_left,
    find_attempt,
    find_attempts,
    record_answer,
    start_attempt,
    use_hint,
)
from ..store import current_content, current_pool, find_preset, quiz_lengths
from ..templating import teacher_time

bp = Blueprint("quiz", __name__)
MY_ATTEMPTS = "attempts"  # session key: the public ids of this browser's attempts, newest last
BROWSER = "browser"  # session key: a random id telling one browser's attempts from another's
LEARNER = "learner"  # session key: the random id of this browser's review cards (services.review)
ANSWERS = ("quiz.question", "live.answer")  # the endpoints a student answers at


@limiter.request_filter
def answering_my_own() -> bool:
    """An answer to one of this session's own attempts is never counted by the rate limiter
    (CSRFProtect checks each): a class sends 300 within seconds, and looking up the limits
    of a view that has none cost each answer about 6% of its time. Anyone else's post is
    counted as every request is."""
    public_id = (request.view_args or {}).get("public_id")
    return (
        request.method == "POST"
        and request.endpoint in ANSWERS
        and public_id in session.get(MY_ATTEMPTS, [])
    )


def remember(attempt: Attempt) -> None:
    """The signed session cookie is what proves an attempt is yours (and lets you resume it).
    It gets its learner id here too, so that no answer has to re-sign it."""
    if not current_user.is_authenticated:  # a teacher's cookie ends with the browser
        session.permanent = True
    earlier = [p for p in session.get(MY_ATTEMPTS, []) if p != attempt.public_id]
    session[MY_ATTEMPTS] = [*earlier[-19:], attempt.public_id]
    learner_id()


def adopt(public_ids: list[str]) -> None:
    """Attempts this browser may resume: a class-list name's, once the teacher has released
    the name from the device that made them and this one picked it."""
    mine = session.get(MY_ATTEMPTS, [])
    new = [p for p in public_ids if p not in mine]
    if new:
        session[MY_ATTEMPTS] = [*mine, *new][-20:]


def browser_id() -> str:
    """This browser's random id, made the first time it starts an attempt."""
    if not PUBLIC_ID.match(session.get(BROWSER) or ""):
        session[BROWSER] = new_public_id()
    return session[BROWSER]


def my_attempt_in(assignment: Assignment) -> Attempt | None:
    """This browser's attempt at the assignment, if it has one."""
    mine = session.get(MY_ATTEMPTS, [])
    return next((a for a in assignment.attempts if a.public_id in mine), None)


def my_attempt(public_id: str) -> Attempt:
    attempt = find_attempt(public_id)
    if attempt is None:
        abort(404)
    if public_id not in session.get(MY_ATTEMPTS, []):
        abort(403)
    return attempt


def following_live(attempt: Attempt) -> bool:
    """A live attempt under way is answered on its live page, at the teacher's pace."""
    return bool(attempt.assignment and attempt.assignment.is_live and attempt.finished_at is None)


@bp.get("/quizzes")
def index():
    content = current_content()
    available = quiz_lengths()
    mine = find_attempts(session.get(MY_ATTEMPTS, []))
    return render_page_or_fragment(
        "quiz/index.html",
        "quiz/_list.html",
        presets=content.presets,
        available=available,
        attempts=mine,
        due=review.due_count(session.get(LEARNER)),
        review_form=AnotherRoundForm(),
    )


def limited(*limits):
    """Apply several Flask-Limiter limits to a view."""

    def decorate(view):
        for limit in reversed(limits):
            view = limit(view)
        return view

    return decorate


@bp.route("/quizzes/<preset_id>/start", methods=["GET", "POST"])
@limited(*starts)
def start(preset_id: str):
    preset = find_preset(preset_id)
    if preset is None:
        abort(404)
    return start_page(preset, None)


@bp.route("/join", methods=["GET", "POST"])
@limited(join_pages)
def join():
    """Students type the code their teacher gave them (or follow the teacher's link)."""
    form = JoinForm(formdata=request.values if request.values.get("code") else None)
    if request.values.get("code") and form.validate():
        return redirect(url_for(".join_assignment", code=form.code.data), 303)
    status = 400 if form.errors else 200
    return render_page_or_fragment(
        "quiz/join.html", "quiz/_join_form.html", status=status, form=form
    )


def names_an_assignment() -> bool:
    return find_assignment((request.view_args or {}).get("code", "")) is not None


@bp.route("/join/<code>", methods=["GET", "POST"])
@limited(join_pages, unknown_codes(names_an_assignment), *starts)
def join_assignment(code: str):
    assignment = find_assignment(code)
    preset = assignment_preset(assignment) if assignment else None
    if assignment is None or not assignment.is_open or preset is None:
        if assignment is not None and assignment.closed_automatically:
            # Past its due time: the student was given the code and is only late; say so.
            return render_error(
                403,
                _(
                    "This assignment was due %(due)s, so it takes no new attempts. "
                    "Ask your teacher if you think this is a mistake.",
                    due=teacher_time(assignment.due_at, assignment.teacher),
                ),
            )
        if assignment is not None and my_attempt_in(assignment):
            # This browser took part: it may know the assignment exists, and why it is shut.
            return render_error(
                410,
                _(
                    "This assignment is closed, so it takes no new attempts. "
                    "Ask your teacher if you think this is a mistake."
                ),
            )
        # Unknown and closed look alike to a stranger (no oracle for guessed codes), and
        # count toward the limit on codes that lead nowhere.
        return render_error(
            404,
            _("No open class assignment uses this code. Check it with your teacher."),
            action=(url_for(".join"), _("Type the code again")),
        )
    if assignment.roster:
        return pick_name_page(preset, assignment)
    return start_page(preset, assignment)


def no_attempts_left(assignment: Assignment):
    """The friendly refusal of one attempt too many, with a way back to the earlier ones."""
    return render_page_or_fragment(
        "quiz/no_attempts.html",
        "quiz/_no_attempts.html",
        status=403,
        assignment=assignment,
        attempts=attempts_in(assignment, session.get(MY_ATTEMPTS, [])),
    )


def begin(preset: Preset, assignment: Assignment | None, name: str, token: str | None, mine):
    """Start the attempt and go to its first question (303), or say why not."""
    try:
        attempt = start_attempt(
            current_content(),
            current_pool(),
            preset,
            name,
            assignment,
            start_token=token,
            mine=mine,
            browser=browser_id(),
        )
    except NoAttemptsLeft:
        return no_attempts_left(assignment)
    except NoQuestions:
        return render_error(409, _("This quiz has no questions yet. Please pick another one."))
    remember(attempt)
    if assignment and assignment.is_live:
        return redirect(url_for("live.phone", public_id=attempt.public_id), 303)
    return redirect(url_for(".question", public_id=attempt.public_id, position=1), 303)


def pick_name_page(preset: Preset, assignment: Assignment):
    """The start page of an assignment with a class list: the student picks their name, which
    their browser then holds (a browser that holds one sees it and is not asked again). The
    attempt policy counts the name's attempts, from whichever device."""
    browser = session.get(BROWSER)
    held = roster.held_by(assignment, browser)
    form = PickNameForm([(str(e.id), e.name) for e in assignment.roster])
    if held:
        adopt(roster.attempts_of(assignment, held.name))  # from another device, once released
    if held and not form.is_submitted() and roster_attempts_left(assignment, held.name) == 0:
        return no_attempts_left(assignment)
    if form.validate_on_submit():
        try:
            entry = roster.claim(assignment, int(form.entry.data), browser_id())
        except roster.NameTaken:
            return render_error(
                409,
                _("That name is already taken. Ask your teacher."),
                action=(url_for(".join_assignment", code=assignment.join_code), _("Back")),
            )
        mine = roster.attempts_of(assignment, entry.name)
        adopt(mine)
        return begin(preset, assignment, entry.name, form.start_token.data, mine)
    form.entry.choices = [form.entry.choices[0]] + [
        (str(e.id), e.name) for e in roster.names_of(assignment, browser)
    ]
    return start_form_page(
        form,
        preset,
        assignment,
        url_for(".join_assignment", code=assignment.join_code),
        held=held,
        earlier=my_attempt_in(assignment) if held else None,
    )


def roster_attempts_left(assignment: Assignment, name: str) -> int | None:
    """How many more attempts the name of the class list may start (None: no limit)."""
    return attempts_left(assignment, roster.attempts_of(assignment, name))


def start_page(preset: Preset, assignment: Assignment | None):
    """The start form, for a preset alone or as a class assignment; starting redirects (303)."""
    form = StartQuizForm()
    earlier = None
    mine = session.get(MY_ATTEMPTS, [])
    if assignment and assignment.is_live and (earlier := my_attempt_in(assignment)):
        return redirect(url_for("live.phone", public_id=earlier.public_id), 303)  # a rejoin
    if assignment and not form.is_submitted() and attempts_left(assignment, mine) == 0:
        return no_attempts_left(assignment)
    if assignment:
        del form.class_code
        # Offer to continue rather than force it: classroom computers are shared.
        earlier = my_attempt_in(assignment)
    if form.validate_on_submit():
        code = getattr(form, "class_code", None)
        if code is not None and code.data:
            return redirect(url_for(".join_assignment", code=code.data), 307)
        return begin(preset, assignment, form.display_name.data, form.start_token.data, mine)
    action = (
        url_for(".join_assignment", code=assignment.join_code)
        if assignment
        else url_for(".start", preset_id=preset.id)
    )
    return start_form_page(form, preset, assignment, action, earlier=earlier)


def start_form_page(form, preset: Preset, assignment: Assignment | None, action: str, **more):
    """The start page (or its form alone, for htmx): a 400 when the form has errors."""
    return render_page_or_fragment(
        "quiz/start.html",
        "quiz/_start_form.html",
        status=400 if form.errors else 200,
        form=form,
        preset=preset,
        assignment=assignment,
        action=action,
        **more,
    )


@bp.get("/attempts/<public_id>")
def resume(public_id: str):
    attempt = my_attempt(public_id)
    if following_live(attempt):
        return redirect(url_for("live.phone", public_id=public_id), 303)
    if attempt.current_position is None:
        return redirect(url_for(".results", public_id=public_id), 303)
    return redirect(url_for(".question", public_id=public_id, position=attempt.current_position))


@bp.route("/attempts/<public_id>/questions/<int(max=2147483647):position>", methods=["GET", "POST"])
def question(public_id: str, position: int):
    if request.method == "POST" and public_id in session.get(MY_ATTEMPTS, []):
        # Only the choice is read (CSRFProtect checked this request's token before the view):
        # a number, or the form below says what is missing.
        choice = request.form.get("choice", type=int)
        if choice is not None:
            return answered(public_id, position, choice)
    # A page to show, or a POST the answer path did not take: a stranger's (403, or 404 for
    # no such attempt) or a form without a choice (the question again, with a message: 400).
    attempt = my_attempt(public_id)
    if following_live(attempt):
        return redirect(url_for("live.phone", public_id=public_id), 303)
    answer = next((r for r in attempt.answers if r.position == position), None)
    if answer is None:
        abort(404)
    current = attempt.current_position
    if request.method == "GET" and answer.chosen_index is None and current is None:
        return redirect(url_for(".results", public_id=public_id), 303)  # closed, or ended
    if request.method == "GET" and answer.chosen_index is None and position != current:
        return redirect(url_for(".question", public_id=public_id, position=current), 303)
    form = AnswerForm(answer.options)
    status = 400 if form.is_submitted() and not form.validate() else 200
    return question_page(attempt, answer, form, status)


@bp.post("/attempts/<public_id>/questions/<int(max=2147483647):position>/hint")
def hint(public_id: str, position: int):
    """The student asks for the question's hint before answering (CSRFProtect has checked the
    token): recorded once, then the question with its hint (the panel, for htmx)."""
    attempt = my_attempt(public_id)
    if following_live(attempt):
        return redirect(url_for("live.phone", public_id=public_id), 303)
    try:
        use_hint(attempt, position)
    except AnswerRefused as refused:
        return render_error(
            refused.status,
            refused.message,
            action=(url_for(".resume", public_id=public_id), _("Back to your quiz")),
        )
    here = url_for(".question", public_id=public_id, position=position)
    if not wants_fragment():
        return redirect(here, 303)
    answer = next(r for r in attempt.answers if r.position == position)
    return question_page(attempt, answer, AnswerForm(answer.options))


def question_page(attempt: Attempt, answer: Answer, form: AnswerForm, status: int = 200):
    return render_page_or_fragment(
        "quiz/question.html",
        "quiz/_panel.html",
        status=status,
        attempt=attempt,
        answer=answer,
        form=form,
        language_notice=language_notice(attempt),
    )


def answered(public_id: str, position: int, choice: int):
    """Record a student's answer (yours: the signed session says so) and show what follows:
    the question's feedback, or after the last answer of an assessment, the page that says it
    was submitted (its review, once released). Without htmx that is a redirect that loads
    nothing, and is mostly answered before Flask (quiz.fastanswers, which follows these rules)."""
    try:
        recorded = record_answer(public_id, position, choice, practice=practising())
    except AnsweredLive:
        return redirect(url_for("live.phone", public_id=public_id), 303)
    except AnswerRefused as refused:
        attempt = my_attempt(public_id)
        over = attempt.current_position is None
        label = _("See what you submitted") if over else _("Back to your quiz")
        return render_error(
            refused.status,
            refused.message,
            action=(url_for(".resume", public_id=public_id), label),
        )
    if recorded.goes_to_results:
        submitted = url_for(".results", public_id=public_id)
        return client_redirect(submitted) if wants_fragment() else redirect(submitted, 303)
    here = url_for(".question", public_id=public_id, position=position)
    if not wants_fragment():
        return redirect(here, 303)
    attempt = my_attempt(public_id)
    answer = next(r for r in attempt.answers if r.position == position)
    response = question_page(attempt, answer, AnswerForm(answer.options))
    push_url(response, here)
    return response


@bp.get("/attempts/<public_id>/results")
def results(public_id: str):
    attempt = my_attempt(public_id)
    if attempt.current_position is not None or following_live(attempt):
        return redirect(url_for(".resume", public_id=public_id), 303)
    another = another_round(attempt)
    if not attempt.review_open:
        return render_page_or_fragment(
            "quiz/submitted.html", "quiz/_submitted.html", attempt=attempt, another=another
        )
    return render_page_or_fragment(
        "quiz/results.html",
        "quiz/_review.html",
        attempt=attempt,
        content=current_content(),
        another=another,
        practice=AnotherRoundForm(),
        band=score_band(attempt),
        fresh=another is None and find_preset(attempt.preset_id) is not None,
    )


def another_round(attempt: Attempt) -> dict | None:
    """What the end of an assignment's attempt offers: another round under the same name, while
    the assignment is open and its policy leaves attempts (None outside assignments)."""
    assignment = attempt.assignment
    if assignment is None:
        return None
    if assignment.roster:
        left = roster_attempts_left(assignment, attempt.display_name)
    else:
        left = attempts_left(assignment, session.get(MY_ATTEMPTS, []))
    return {"form": AnotherRoundForm(), "left": left, "open": assignment.is_open}


@bp.post("/attempts/<public_id>/again")
@limited(*starts)
def again(public_id: str):
    """Try another round of the attempt's assignment: the same name, this browser, no form."""
    attempt = my_attempt(public_id)
    assignment = attempt.assignment
    form = AnotherRoundForm()
    if assignment is None or not form.validate_on_submit():
        abort(400)
    preset = find_preset(assignment.preset_id)
    if not assignment.is_open or preset is None:
        return redirect(url_for(".join_assignment", code=assignment.join_code), 303)
    mine = session.get(MY_ATTEMPTS, [])
    if assignment.roster:
        held = roster.held_by(assignment, session.get(BROWSER), attempt.display_name)
        if held is None:
            # The teacher released the name, or gave it to another device: pick again.
            return redirect(url_for(".join_assignment", code=assignment.join_code), 303)
        mine = roster.attempts_of(assignment, attempt.display_name)
    return begin(preset, assignment, attempt.display_name, form.start_token.data, mine)


# -- self-study: practice rounds and spaced review (services.review) ------------------------------
def learner_id() -> str:
    """This browser's learner id, made with its first attempt (or review)."""
    if not PUBLIC_ID.match(session.get(LEARNER) or ""):
        session[LEARNER] = new_public_id()
    return session[LEARNER]


def practising() -> Practice:
    """A practice answer reviews this browser's card for its question, in the answer's own
    transaction (assessments and live classes schedule nothing: see quiz.services.review)."""
    return Practice(learner_id(), review.review)


def score_band(attempt: Attempt) -> str:
    """What the content says to a score like this one (quizzes.yaml, site.yaml: `bands:`)."""
    if attempt.assignment and attempt.assignment.is_assessment:
        return ""
    content = current_content()
    preset = next((p for p in content.presets if p.id == attempt.preset_id), None)
    return content.band_message(preset, attempt.percent)


def begin_round(questions, preset_id: str, title: str, name: str, token: str | None):
    """Start a practice round of these questions and go to its first one (303)."""
    try:
        attempt = review.start_round(
            current_content(),
            current_pool(),
            questions,
            preset_id=preset_id,
            title=title,
            display_name=name,
            start_token=token,
            browser=browser_id(),
        )
    except review.NothingToPractise:
        return render_error(
            409,
            _("There is nothing to practise here any more."),
            action=(url_for(".index"), _("Other quizzes")),
        )
    remember(attempt)
    return redirect(url_for(".question", public_id=attempt.public_id, position=1), 303)


def practice_round(public_id: str, missed_only: bool):
    attempt = my_attempt(public_id)
    form = AnotherRoundForm()
    if not form.validate_on_submit() or attempt.current_position is not None:
        abort(400)
    if not attempt.review_open or following_live(attempt):
        abort(403)  # never the answer key of an assessment before its review is open
    questions = review.round_of(attempt, current_pool(), missed_only)
    title = (
        _("%(title)s: the ones you missed", title=attempt.preset_title)
        if missed_only
        else attempt.preset_title
    )
    return begin_round(
        questions, attempt.preset_id, title, attempt.display_name, form.start_token.data
    )


@bp.post("/attempts/<public_id>/practise")
@limited(*starts)
def practise(public_id: str):
    """Practise the ones you missed: those questions again, their choices shuffled anew."""
    return practice_round(public_id, missed_only=True)


@bp.post("/attempts/<public_id>/retry")
@limited(*starts)
def retry(public_id: str):
    """Retry: the same questions again, shuffled anew, as a practice round of its own."""
    return practice_round(public_id, missed_only=False)


@bp.post("/review")
@limited(*starts)
def start_review():
    """A review session: exactly the questions of this browser's due cards."""
    form = AnotherRoundForm()
    if not form.validate_on_submit():
        abort(400)
    learner = session.get(LEARNER)
    questions = review.due_questions(learner, current_pool()) if learner else []
    latest = find_attempts(session.get(MY_ATTEMPTS, []))
    name = latest[0].display_name if latest else _("Learner")
    return begin_round(questions, REVIEW, review.review_title(), name, form.start_token.data)
