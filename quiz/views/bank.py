"""Teachers and the question bank: the content's state, every question it yields (the question
browser), and the bank as Moodle GIFT."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..forms import QuestionFilterForm
from ..htmx import render_page_or_fragment
from ..locale import current_language
from ..quizgen import REGISTRY, build_quiz, coverage_warnings, rules
from ..services import review, worksheets
from ..services.attempts import new_seed
from ..services.exports import gift_bank
from ..store import current_content, current_pool, find_preset, has_own_quiz, state
from .teacher import attachment, never_stored, teachers_only

bp = Blueprint("bank", __name__, url_prefix="/teacher")
bp.before_request(teachers_only)
bp.after_request(never_stored)
PER_PAGE = 40
RULE_LABELS = {
    rules.STANDS_ALONE: _l("stands alone"),
    rules.DISTINCT: _l("distinct options"),
    rules.GIVE_AWAY: _l("no give-away"),
    rules.FORM: _l("not recognisable by form"),
    rules.ONE_ANSWER: _l("one defensible answer"),
    rules.RIGHT_THING: _l("asks the right thing"),
    rules.WORTH_KNOWING: _l("worth knowing"),
    rules.EXCLUDED: _l("excluded by a teacher"),
}


def kind_labels() -> dict[str, str]:
    language = current_language()
    return {kind.id: kind.label(language) for kind in REGISTRY.values()}


@bp.get("/content")
def content_status():
    current = state()
    content, pool = current_content(), current_pool()
    counts: dict[str, int] = {}
    for question in pool.questions:
        counts[question.kind] = counts.get(question.kind, 0) + 1
    return render_page_or_fragment(
        "teacher/content.html",
        "teacher/_content.html",
        state=current,
        content=content,
        kinds=counts,
        kind_names=kind_labels(),
        rejected={kind: sum(rules.values()) for kind, rules in pool.rejected.items()},
        warnings=coverage_warnings(content, pool),
    )


@bp.get("/questions")
def questions():
    """Every question students may be asked, filtered by kind, event and era, with where in the
    content it comes from, and every candidate left out with the rule it broke."""
    content, pool = current_content(), current_pool()
    events = [(e.id, f"{e.date.iso()} {e.title}") for e in content.events]
    eras = [(era.id, era.label) for era in content.site.eras]
    form = QuestionFilterForm(kind_labels(), events, eras, formdata=request.args)
    valid = form.validate()
    kind, event_id, era_id = (
        (form.kind.data or "", form.event.data or "", form.era.data or "")
        if valid
        else ("", "", "")
    )
    in_era = {
        e.id for e in content.events if era_id and getattr(content.era_of(e), "id", "") == era_id
    }
    shown = [
        q
        for q in pool.questions
        if (not kind or q.kind == kind)
        and (not event_id or event_id in q.event_ids)
        and (not era_id or in_era.intersection(q.event_ids))
    ]
    asked = request.args.get("page", "1")
    number = int(asked) if asked.isdigit() and 0 < int(asked) < 10_000 else 1
    pages = max(1, -(-len(shown) // PER_PAGE))
    number = min(number, pages)
    left_out = [
        r
        for r in pool.rejections
        if (not kind or r.kind == kind) and event_id in ("", *r.subject.split(":"))
    ]
    page = shown[(number - 1) * PER_PAGE : number * PER_PAGE]
    # Questions ticked to hand out, kept in the query string from page to page (no JavaScript).
    picked = [i for i in dict.fromkeys(request.args.getlist("pick")) if i in pool.by_id]
    on_page = {q.id for q in page}
    return render_page_or_fragment(
        "teacher/questions.html",
        "teacher/_questions.html",
        content=content,
        questions=page,
        misses=review.misses([q.id for q in page]),
        picked=picked,
        picked_elsewhere=[i for i in picked if i not in on_page],
        event_quiz=f"event-{event_id}" if event_id and has_own_quiz(event_id) else None,
        total=len(shown),
        number=number,
        pages=pages,
        kinds=kind_labels(),
        form=form,
        rule_labels=RULE_LABELS,
        filters={"kind": kind, "event": event_id, "era": era_id},
        left_out=left_out,
    )


@bp.get("/questions.gift")
def export_gift():
    """The whole question bank, or one preset's questions (?preset=id), as Moodle GIFT."""
    preset_id = request.args.get("preset")
    preset = find_preset(preset_id) if preset_id else None
    if preset_id and preset is None:
        abort(404)
    return attachment(gift_bank(preset, kind_labels()))


@bp.get("/quizzes/<preset_id>/worksheet")
def preset_worksheet(preset_id: str):
    """A preset on paper, drawn from ?seed= (a new seed redirects to its own address, so the
    sheet printed and the key printed later are the same quiz)."""
    preset = find_preset(preset_id)
    if preset is None:
        abort(404)
    seed = request.args.get("seed", "")
    if not (seed.isdigit() and int(seed) < 2**31):
        return redirect(url_for(".preset_worksheet", preset_id=preset.id, seed=new_seed()), 302)
    content, pool = current_content(), current_pool()
    questions = build_quiz(content, pool, preset, int(seed))
    return render_template(
        "teacher/worksheet.html",
        title=preset.title,
        preset=preset,
        sheet=worksheets.worksheet(questions, int(seed)),
        join_code=None,
        back=url_for(".questions"),
    )
