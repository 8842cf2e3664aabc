"""Live class sessions: the projector the teacher steps through, and the phones that follow it.

Both pages poll (htmx, every second) with the ETag of what they show in If-None-Match: while
nothing changed the answer is a bodiless 304, which htmx leaves alone. Without JavaScript a phone
reloads itself every few seconds instead (a meta refresh), and every button is a plain form."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import models
from ..errors import render_error
from ..forms import AnswerForm, ConfirmForm, LiveForm
from ..htmx import render_page_or_fragment, wants_fragment
from ..i18n import attempt_loaded
from ..models import ASKING, ENDED, SHOWN, Attempt, LiveSession
from ..services import live as sessions
from ..services import worksheets
from ..services.assignments import find_own_assignment
from ..services.attempts import AnswerRefused
from ..services.charts import horizontal
from ..services.results import LETTERS
from ..store import current_content
from .quiz import MY_ATTEMPTS

bp = Blueprint("live", __name__)


def unchanged(etag: str) -> bool:
    return etag in request.if_none_match


def tagged(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.cache_control.no_cache = True
    response.cache_control.private = True
    return response


def not_modified(etag: str) -> Response:
    return tagged(make_response("", 304), etag)


# -- the phone ------------------------------------------------------------------------------
def my_phone(public_id: str, polling: bool = False) -> sessions.PhoneView:
    """This browser's live attempt as its phone shows it (one query: sessions.phone_view)."""
    state = sessions.phone_view(public_id, polling)
    if state is None:
        abort(404)
    if public_id not in session.get(MY_ATTEMPTS, []):
        abort(403)
    attempt_loaded(state.attempt.language)
    return state


def phone_etag(state: sessions.PhoneView, now) -> str:
    live, answer = state.live, state.answer
    answered = answer is not None and answer.chosen_index is not None
    up = live.phase == ASKING and sessions.time_up(live, state.attempt, now)
    return sessions.phone_etag(live.id, live.version, answered, up)


@bp.get("/live/<public_id>")
def phone(public_id: str):
    # (Most polls, those that find nothing changed, never get here: see quiz.livepolls.)
    now = models.utcnow()
    state = my_phone(public_id, polling=True)
    sessions.settle(state.live, now)
    etag = phone_etag(state, now)
    if unchanged(etag):
        return not_modified(etag)
    return tagged(render_phone(state, now), etag)


def render_phone(state: sessions.PhoneView, now, status: int = 200) -> Response:
    attempt, live, answer = state
    return render_page_or_fragment(
        "live/phone.html",
        "live/_phone.html",
        status=status,
        attempt=attempt,
        live=live,
        answer=answer,
        time_up=sessions.time_up(live, attempt, now),
        etag=phone_etag(state, now),
        letters=LETTERS,
        content=current_content(),
        standing=my_standing(live, attempt) if shows_standing(live) else None,
    )


def shows_standing(live: LiveSession) -> bool:
    """Points are shown after a question only if the teacher turned on more than accuracy."""
    scored = live.speed_points or live.streak_bonus or live.leaderboard != "off"
    return scored and live.phase in (SHOWN, ENDED)


def my_standing(live: LiveSession, attempt: Attempt):
    """(points, rank, of) for this phone: its own points always; its rank only if the teacher
    turned a leaderboard on."""
    points = sessions.points_of(live, list(attempt.answers))
    if live.leaderboard == "off":
        return points, None, None
    if points == 0:
        return points, None, None  # no rank for a zero: "6th of 6" says nothing kind
    ranked = sessions.standings(live)
    rank = 1 + sum(s.points > points for s in ranked)
    return points, rank, len(ranked)


@bp.post("/live/<public_id>/questions/<int(max=2147483647):position>")
def answer(public_id: str, position: int):
    attempt, live, question = my_phone(public_id)
    if not 1 <= position <= attempt.total:
        abort(404)
    if question is not None and question.position == position:
        form = AnswerForm(question.options)
        if not form.validate():
            return render_error(400, _("Tap one of the answers."))
        try:
            sessions.answer_live(live, attempt, position, form.choice.data)
        except sessions.LiveRefused:
            pass  # too late: the phone shows where the class is now
        except AnswerRefused as refused:
            if refused.status != 409:  # 409: answered already (a double tap): the first stands
                return render_error(refused.status, refused.message)
    # (another question than the one asked now: the phone shows where the class is)
    if not wants_fragment():
        return redirect(url_for(".phone", public_id=public_id), 303)
    return render_phone(my_phone(public_id, polling=True), models.utcnow())  # (the answer is in)


# -- the projector --------------------------------------------------------------------------
def own_live(live_id: int) -> LiveSession:
    found = sessions.find_own_live(current_user, live_id)
    if found is None:
        abort(404)
    return found


@bp.route("/teacher/live", methods=["GET", "POST"])
@login_required
def start():
    """The form that opens a live session on any quiz, then its projector page."""
    content = current_content()
    form = LiveForm(content.presets)
    if not form.validate_on_submit():
        page = render_template("live/new.html", form=form)
        return page, (400 if form.is_submitted() else 200)
    live = sessions.start_live(
        current_user,
        form.title.data,
        form.preset.data,
        timer_seconds=form.timer_seconds,
        speed_points=form.speed.data,
        streak_bonus=form.streak.data,
        leaderboard=form.leaderboard.data,
    )
    return redirect(url_for(".projector", live_id=live.id), 303)


@bp.post("/teacher/assignments/<int(max=2147483647):assignment_id>/live")
@login_required
def start_from_assignment(assignment_id: int):
    """A live session on an assignment's questions (a new session: homework results stay apart)."""
    assignment = find_own_assignment(current_user, assignment_id)
    if assignment is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        return render_error(400, _("The form had expired. Please try again."))
    live = sessions.start_live(
        current_user,
        _("%(title)s (live)", title=assignment.title)[:120],
        assignment.preset_id,
        question_ids=assignment.question_ids,
    )
    return redirect(url_for(".projector", live_id=live.id), 303)


def projector_etag(live: LiveSession, tally: sessions.Tally, now) -> str:
    left = seconds_left(live, now)
    return f"projector-{live.id}-{live.version}-{tally.joined}-{tally.answered}-{left}"


def seconds_left(live: LiveSession, now) -> int | None:
    if live.phase != ASKING or live.closes_at is None:
        return None
    return max(0, int((live.closes_at - now).total_seconds() + 0.999))


@bp.get("/teacher/live/<int(max=2147483647):live_id>")
@login_required
def projector(live_id: int):
    live = own_live(live_id)
    now = models.utcnow()
    sessions.settle(live, now)
    tally = sessions.tally(live)
    joined = sessions.joined(live)
    tally = sessions.Tally(tally.answered, len(joined), tally.counts)
    etag = projector_etag(live, tally, now)
    if unchanged(etag):
        return not_modified(etag)
    join_url = url_for("quiz.join_assignment", code=live.assignment.join_code, _external=True)
    question = sessions.question_of(live) if live.position else None
    answered = max(tally.answered, 1)
    bars = horizontal(
        [(LETTERS[i], 100 * count / answered) for i, count in enumerate(tally.counts)]
    )
    ranked = sessions.board(live) if live.phase in (SHOWN, ENDED) else []
    response = render_page_or_fragment(
        "live/projector.html",
        "live/_projector.html",
        live=live,
        tally=tally,
        joined=joined,
        question=question,
        bars=bars,
        letters=LETTERS,
        left=seconds_left(live, now),
        total=sessions.questions_in(live),
        next_step=sessions.next_step(live),
        ranked=ranked,
        join_url=join_url,
        qr=worksheets.qr_svg(join_url, _("QR code of the link for students")),
        etag=etag,
        form=ConfirmForm(),
        content=current_content(),
    )
    response.cache_control.no_store = True  # students' names: no cache keeps a copy
    return tagged(response, etag)


@bp.post("/teacher/live/<int(max=2147483647):live_id>/step")
@login_required
def step(live_id: int):
    live = own_live(live_id)
    if ConfirmForm().validate_on_submit():
        seen = request.form.get("version", type=int)
        action = request.form.get("action", "next")
        if seen is not None and action in ("next", "end"):
            sessions.step(live, seen, action)  # a stale press (another tab) changes nothing
    return redirect(url_for(".projector", live_id=live_id), 303)


@bp.post("/teacher/live/<int(max=2147483647):live_id>/extra-time")
@login_required
def extra_time(live_id: int):
    live = own_live(live_id)
    attempt_id = request.form.get("attempt", type=int)
    seconds = request.form.get("seconds", type=int)
    if not ConfirmForm().validate_on_submit() or attempt_id is None or seconds is None:
        return render_error(400, _("Choose a student and the extra time."))
    sessions.set_extra_time(live, attempt_id, seconds)
    return redirect(url_for(".projector", live_id=live_id), 303)
