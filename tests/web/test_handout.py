"""Shaping what a teacher hands out (issue 13, item 5): each quiz previewed on the hand-out
form, the quiz of one event, a selection ticked in the question browser, dropping and swapping
questions until the first student starts, renaming, copying and deleting assignments."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from quiz.extensions import db
from quiz.models import Answer, Assignment, Attempt, RosterEntry
from quiz.store import current_pool
from tests.support.pages import attempt_url, csrf_token, public_id_of
from tests.support.student import choose, join, stored
from tests.support.teacher import TeacherActions

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
PICKED = ["hand:treaty-clause", "date:troops-estimated", "order:vostochny-summit"]


def text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def saved(app, assignment_id: int) -> Assignment | None:
    with app.app_context():
        found = db.session.get(Assignment, assignment_id)
        if found is not None:
            found.attempts  # noqa: B018 - load them before the session closes
        return found


def hand_out(teacher, **data: str | list[str]):
    """Post the hand-out form as the dashboard renders it, with `data` on top."""
    page = teacher.client.get("/teacher/").get_data(as_text=True)
    seed = re.search(r'id="seed" name="seed" type="hidden" value="(\d+)"', page).group(1)
    fields = {"csrf_token": csrf_token(page), "seed": seed, "title": "Year 11", **data}
    return teacher.client.post("/teacher/", data=fields)


def press(teacher, assignment_id: int, button: str, **data: str):
    return teacher.post(assignment_id, button, **data)


def stems_on(page: str) -> list[str]:
    return [
        text(s).strip()
        for s in re.findall(r'<p class="review-prompt"><strong>(.*?)</strong>', page, re.S)
    ]


# -- the hand-out form shows each quiz ----------------------------------------------------------


def test_the_form_shows_each_quiz_with_description_length_and_preview(app, teacher):
    page = teacher.client.get("/teacher/").get_data(as_text=True)
    assert "Fixture warm-up" in page and "Four questions from the fixture content." in page
    assert "4 questions" in page
    seed = re.search(r'name="seed" type="hidden" value="(\d+)"', page).group(1)
    preview = teacher.client.get(f"/teacher/quizzes/warm-up/preview?seed={seed}")
    full = preview.get_data(as_text=True)
    stems = stems_on(full)
    assert len(stems) == 4 and "(correct answer)" in full  # the teacher sees the answers
    summary = page.split("Preview its questions", 1)[1].split("</details>", 1)[0]
    assert all(s in text(summary) for s in stems)
    # Handing out keeps the previewed draw: the class gets exactly those questions.
    created = hand_out(teacher, preset="warm-up", seed=seed)
    assignment_id = int(created.headers["Location"].rsplit("/", 1)[1])
    handed = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    handed_stems = stems_on(handed)  # full stems: a quoted passage after the prompt
    assert len(handed_stems) == 4
    assert all(any(h.startswith(s) for h in handed_stems) for s in stems)


def test_the_preview_page_draws_a_seed_and_links_back_to_the_form(teacher):
    first = teacher.client.get("/teacher/quizzes/warm-up/preview")
    assert first.status_code == 302 and "seed=" in first.headers["Location"]
    page = teacher.client.get(first.headers["Location"]).get_data(as_text=True)
    assert "/teacher/?quiz=warm-up&amp;seed=" in page
    assert teacher.client.get("/teacher/quizzes/nothing-here/preview").status_code == 404


# -- the quiz of one event ----------------------------------------------------------------------


def test_hand_out_the_quiz_of_one_event(app, teacher):
    browser = teacher.client.get("/teacher/questions?event=treaty-signed").get_data(as_text=True)
    assert "/teacher/?quiz=event-treaty-signed" in browser
    form = teacher.client.get("/teacher/?quiz=event-treaty-signed").get_data(as_text=True)
    assert 'value="event-treaty-signed" checked' in form
    assert 'id="event-quiz-choice"' in form
    created = hand_out(teacher, preset="event-treaty-signed")
    assert created.status_code == 303
    assignment_id = int(created.headers["Location"].rsplit("/", 1)[1])
    assignment = saved(app, assignment_id)
    assert assignment.preset_id == "event-treaty-signed" and assignment.question_ids
    attempt = stored(app, public_id_of(join(app.test_client(), assignment.join_code, "Ana")))
    assert [a.question_id for a in attempt.answers] != []
    assert {a.question_id for a in attempt.answers} == set(assignment.question_ids)


# -- a selection from the question browser ------------------------------------------------------


def test_a_selection_ticked_in_the_browser_is_what_students_take(app, teacher):
    browser = teacher.client.get("/teacher/questions").get_data(as_text=True)
    assert 'form="pick" name="pick" value="hand:treaty-clause"' in browser
    kept = teacher.client.get("/teacher/questions", query_string={"pick": PICKED[:1]})
    assert 'value="hand:treaty-clause" id="pick-' in kept.get_data(as_text=True).replace(
        " checked", ""
    )
    form = teacher.client.get("/teacher/", query_string={"pick": PICKED})
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert "These 3 questions" in page
    created = hand_out(teacher, source="selection", pick=PICKED, title="My own pick")
    assert created.status_code == 303
    assignment_id = int(created.headers["Location"].rsplit("/", 1)[1])
    assignment = saved(app, assignment_id)
    assert assignment.preset_id == "selection" and assignment.question_ids == PICKED
    student = app.test_client()
    start = student.get(f"/join/{assignment.join_code}").get_data(as_text=True)
    assert "My own pick" in start
    started = join(student, assignment.join_code, "Ana")
    attempt = stored(app, public_id_of(started))
    assert sorted(a.question_id for a in attempt.answers) == sorted(PICKED)
    for position in (1, 2, 3):
        choose(student, f"{attempt_url(started)}/questions/{position}", 0)
    review = student.get(f"/attempts/{attempt.public_id}/results").get_data(as_text=True)
    assert f"/attempts/{attempt.public_id}/again" in review  # another round of the selection
    assert "/quizzes/selection/start" not in review
    # The teacher's pages read it: list, assignment page, worksheet, CSV.
    assert "Your selection" in teacher.client.get("/teacher/").get_data(as_text=True)
    results = teacher.client.get(f"/teacher/assignments/{assignment_id}")
    assert results.status_code == 200 and "My own pick" in results.get_data(as_text=True)
    sheet = teacher.client.get(f"/teacher/assignments/{assignment_id}/worksheet")
    assert sheet.status_code == 200 and "My own pick" in sheet.get_data(as_text=True)
    for export in ("students.csv", "responses.csv", "questions.csv"):
        got = teacher.client.get(f"/teacher/assignments/{assignment_id}/{export}")
        assert got.status_code == 200, export


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"source": "selection", "pick": ["no:such-question"]}, "no question no:such-question"),
        ({"source": "selection"}, "Tick at least one question"),
        ({"preset": "no-such-quiz"}, "Choose one of the quizzes."),
        ({"preset": "event-no-such-event"}, "Choose one of the quizzes."),
        ({"preset": "warm-up", "title": "x" * 121}, "120 characters or fewer"),
        ({"preset": "warm-up", "source": "other"}, "Choose a quiz or questions to hand out."),
    ],
)
def test_bad_hand_out_data_is_a_friendly_400(app, teacher, data, says):
    response = hand_out(teacher, **data)
    assert response.status_code == 400
    assert says in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 0


def test_a_link_with_a_bad_or_empty_selection_says_so(teacher):
    empty = teacher.client.get("/teacher/?pick=")
    assert empty.status_code == 400 and "Tick at least one question" in empty.get_data(as_text=True)
    unknown = teacher.client.get("/teacher/?pick=nope")
    assert unknown.status_code == 400


# -- drop and swap before the first attempt -----------------------------------------------------


def test_drop_and_swap_until_the_first_student_starts(app, teacher):
    assignment_id = teacher.create_assignment()
    before = saved(app, assignment_id).question_ids
    assert (
        press(teacher, assignment_id, "questions", action="drop", question=before[0]).status_code
        == 303
    )
    assert saved(app, assignment_id).question_ids == before[1:]
    swapped = press(teacher, assignment_id, "questions", action="swap", question=before[1])
    assert swapped.status_code == 303
    after = saved(app, assignment_id).question_ids
    assert len(after) == 3 and before[1] not in after and len(set(after)) == 3
    assert after[1:] == before[2:]  # the new question takes the old one's place
    join(app.test_client(), teacher.join_code(assignment_id), "Ana")
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert "can no longer change" in page and 'value="swap"' not in page
    refused = press(teacher, assignment_id, "questions", action="drop", question=after[0])
    assert refused.status_code == 409
    assert "can no longer change" in refused.get_data(as_text=True)
    assert saved(app, assignment_id).question_ids == after


def test_edits_of_questions_refuse_nonsense_politely(app, teacher):
    assignment_id = teacher.create_assignment()
    ids = saved(app, assignment_id).question_ids
    assert (
        press(teacher, assignment_id, "questions", action="drop", question="nope").status_code
        == 400
    )
    assert (
        press(teacher, assignment_id, "questions", action="burn", question=ids[0]).status_code
        == 400
    )
    for question in ids[1:]:
        press(teacher, assignment_id, "questions", action="drop", question=question)
    last = press(teacher, assignment_id, "questions", action="drop", question=ids[0])
    assert last.status_code == 400 and "only question" in last.get_data(as_text=True)
    no_token = teacher.client.post(
        f"/teacher/assignments/{assignment_id}/questions", data={"action": "drop"}
    )
    assert no_token.status_code == 400


# -- rename, copy, delete -----------------------------------------------------------------------


def test_rename_copy_and_delete_with_a_confirmation(app, teacher):
    assignment_id = teacher.create_assessment()
    assert press(teacher, assignment_id, "rename", title="  Kursk,   revised ").status_code == 303
    assert saved(app, assignment_id).title == "Kursk, revised"
    too_long = press(teacher, assignment_id, "rename", title="x" * 121)
    assert too_long.status_code == 400 and "120 characters" in too_long.get_data(as_text=True)
    student = app.test_client()
    join(student, teacher.join_code(assignment_id), "Ana")
    copied = press(teacher, assignment_id, "copy")
    copy_id = int(copied.headers["Location"].rsplit("/", 1)[1])
    original, copy = saved(app, assignment_id), saved(app, copy_id)
    assert copy.title == "Copy of Kursk, revised" and copy.join_code != original.join_code
    assert copy.question_ids == original.question_ids and copy.mode == "assessment"
    assert copy.attempts == [] and copy.is_open
    with app.app_context():
        db.session.add(RosterEntry(assignment_id=assignment_id, position=1, name="Ana"))
        db.session.commit()
    asked = teacher.client.get(f"/teacher/assignments/{assignment_id}/delete")
    assert asked.status_code == 200
    assert "1 attempt" in asked.get_data(as_text=True)
    assert saved(app, assignment_id) is not None  # asking deletes nothing
    no_token = teacher.client.post(f"/teacher/assignments/{assignment_id}/delete")
    assert no_token.status_code == 400 and saved(app, assignment_id) is not None
    gone = teacher.client.post(
        f"/teacher/assignments/{assignment_id}/delete",
        data={"csrf_token": csrf_token(asked.get_data(as_text=True))},
    )
    assert gone.status_code == 303 and gone.headers["Location"] == "/teacher/"
    assert saved(app, assignment_id) is None and saved(app, copy_id) is not None
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Answer.id))) == 0
        assert db.session.scalar(db.select(db.func.count(RosterEntry.id))) == 0
    assert teacher.client.get(f"/teacher/assignments/{assignment_id}").status_code == 404


def test_another_teachers_assignment_is_missing(app, teacher):
    assignment_id = teacher.create_assignment()
    other = TeacherActions(app).create_account("other@school.org")
    assert other.log_in("other@school.org").status_code == 303
    token = csrf_token(other.client.get("/teacher/").get_data(as_text=True))
    for button in ("rename", "copy", "delete", "questions"):
        response = other.client.post(
            f"/teacher/assignments/{assignment_id}/{button}",
            data={"csrf_token": token, "title": "Mine now", "action": "drop", "question": "x"},
        )
        assert response.status_code == 404, button
    assert other.client.get(f"/teacher/assignments/{assignment_id}/delete").status_code == 404
    assert saved(app, assignment_id).title == "Year 11 – Kursk"


# -- French -------------------------------------------------------------------------------------


def test_french_pages_render(app, teacher):
    assignment_id = teacher.create_assignment()
    dashboard = teacher.client.get("/teacher/", headers=FRENCH).get_data(as_text=True)
    assert "Aperçu de ses questions" in dashboard
    picked = teacher.client.get("/teacher/", query_string={"pick": PICKED}, headers=FRENCH)
    assert picked.status_code == 200 and "Ces 3 questions" in picked.get_data(as_text=True)
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}", headers=FRENCH)
    assert "Échanger" in page.get_data(as_text=True)
    delete = teacher.client.get(f"/teacher/assignments/{assignment_id}/delete", headers=FRENCH)
    assert "Supprimer définitivement" in delete.get_data(as_text=True)
    preview = teacher.client.get("/teacher/quizzes/warm-up/preview?seed=7", headers=FRENCH)
    assert preview.status_code == 200 and "Distribuer ce tirage" in preview.get_data(as_text=True)
    browser = teacher.client.get("/teacher/questions", headers=FRENCH).get_data(as_text=True)
    assert "Distribuer les questions cochées" in browser


def csv_prompts(teacher, assignment_id: int) -> list[str]:
    download = teacher.client.get(f"/teacher/assignments/{assignment_id}/questions.csv")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))[1:]
    return list(dict.fromkeys(row[1] for row in rows))


def test_before_anyone_starts_results_and_sheet_show_the_edited_list(app, teacher):
    assignment_id = teacher.create_assignment()
    ids = saved(app, assignment_id).question_ids
    press(teacher, assignment_id, "questions", action="drop", question=ids[0])
    with app.test_request_context():
        by_id = current_pool().by_id
        kept = [by_id[i].full_stem for i in ids[1:]]
    assert csv_prompts(teacher, assignment_id) == kept
    sheet = teacher.client.get(f"/teacher/assignments/{assignment_id}/worksheet")
    assert sheet.get_data(as_text=True).count('<li class="sheet-question">') == 3


def test_a_selection_can_be_swapped_and_lists_only_its_questions(app, teacher):
    created = hand_out(teacher, source="selection", pick=PICKED, title="Three of mine")
    assignment_id = int(created.headers["Location"].rsplit("/", 1)[1])
    assert len(csv_prompts(teacher, assignment_id)) == 3
    swapped = press(teacher, assignment_id, "questions", action="swap", question=PICKED[0])
    assert swapped.status_code in (303, 400)  # 400: nothing fits, said in words
    after = saved(app, assignment_id).question_ids
    assert len(after) == 3 and after[1:] == PICKED[1:]
