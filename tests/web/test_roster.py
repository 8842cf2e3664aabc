"""Who is who without accounts (issue 13, item 3), and "Try another round" inside an
assignment (item 7): class lists students pick their name from, duplicates flagged without
one, the teacher's rename, merge and delete, and which attempt counts after each. Run on SQLite
and, with QUIZ_TEST_POSTGRES=1, on PostgreSQL (the race for a name above all)."""

from __future__ import annotations

import re
import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Assignment, Attempt
from quiz.services.roster import ListRefused, parse_names
from tests.support.pages import csrf_token, public_id_of
from tests.support.student import choose, join, name_choices, pick, start, stored
from tests.support.teacher import TeacherActions
from tests.web.test_i18n import FRENCH, french_words_never_english

CLASS = "Ana\nBen\nChloé Martin\n"


def entries(app, assignment_id: int) -> list[tuple[str, str | None]]:
    with app.app_context():
        found = db.session.get(Assignment, assignment_id)
        return [(e.name, e.browser) for e in found.roster]


def attempts(app, assignment_id: int) -> list[Attempt]:
    with app.app_context():
        query = select(Attempt).where(Attempt.assignment_id == assignment_id)
        return list(db.session.scalars(query.order_by(Attempt.id)))


def finish(app, student, started, right: int = 0) -> str:
    """Answer every question of the attempt a start redirected to: the first `right` right."""
    assert started.status_code == 303, started.get_data(as_text=True)
    public_id = public_id_of(started)
    for answer in stored(app, public_id).answers:
        good = answer.position <= right
        choice = answer.correct_index if good else (answer.correct_index + 1) % 4
        choose(student, f"/attempts/{public_id}/questions/{answer.position}", choice)
    return public_id


def with_list(teacher, names=CLASS, **policy) -> tuple[int, str]:
    assignment_id = teacher.create_assessment(**policy) if policy else teacher.create_assignment()
    assert teacher.set_class_list(assignment_id, names).status_code == 303
    return assignment_id, teacher.join_code(assignment_id)


def counting(page: str) -> list[tuple[str, str]]:
    """(name, score) of each row marked as the attempt that counts among several."""
    return re.findall(
        r'<tr class="counts-row">\s*<td><a [^>]*>([^<]+)</a>(?: <span [^>]*>[^<]*</span>)?</td>'
        r"\s*<td>(\d) / 4",
        page,
    )


# The class list, as the teacher pastes it


def test_a_pasted_list_is_cleaned_and_extended(app, teacher):
    assignment_id = teacher.create_assignment()
    pasted = teacher.set_class_list(
        assignment_id, "  Ana \n\n Ben\x00\nAna\nana\nChloé   Martin\n\t\n"
    )
    assert pasted.status_code == 303
    assert entries(app, assignment_id) == [("Ana", None), ("Ben", None), ("Chloé Martin", None)]
    page = teacher.page(pasted.headers["Location"])
    assert "3 names added." in page
    assert "other capitals: ana." in page
    assert "Not started yet (3): Ana, Ben, Chloé Martin." in page
    teacher.set_class_list(assignment_id, "BEN\nBen\nDaniel")
    assert [n for n, _ in entries(app, assignment_id)] == ["Ana", "Ben", "Chloé Martin", "Daniel"]
    page = teacher.page(f"/teacher/assignments/{assignment_id}")
    assert "1 name added." in page and "other capitals: BEN." in page
    assert 'id="class-list"' in page  # the assignment page includes the class list


def test_bad_lists_are_refused_with_a_400_and_nothing_stored(app, teacher):
    assignment_id = teacher.create_assignment()
    url = f"/teacher/assignments/{assignment_id}/roster"
    for names, words in [
        ("\n".join(f"Student {n}" for n in range(201)), "at most 200 names"),
        ("Ana\n" + "x" * 41, "longer than 40 characters"),
        ("  \n\n", "Paste at least one name."),
        ("Ana\n" * 6000, "far too long"),
    ]:
        refused = teacher.send(url, names=names)
        assert refused.status_code == 400, names[:20]
        assert words in refused.get_data(as_text=True)
    assert teacher.client.post(url, data={"names": "Ana"}).status_code == 400  # no CSRF token
    assert entries(app, assignment_id) == []


def test_an_unpicked_name_can_be_removed_a_picked_one_released_after_confirming(app, teacher):
    assignment_id, code = with_list(teacher)
    ids = {name: entry_id for name, entry_id in entry_ids(app, assignment_id).items()}
    base = f"/teacher/assignments/{assignment_id}/roster"
    assert teacher.send(f"{base}/{ids['Chloé Martin']}/remove").status_code == 303
    student = app.test_client()
    finish(app, student, pick(student, code, "Ana"))
    kept = teacher.send(f"{base}/{ids['Ana']}/remove")
    assert kept.status_code == 409 and "release it before" in kept.get_data(as_text=True)
    assert [n for n, _ in entries(app, assignment_id)] == ["Ana", "Ben"]
    asked = teacher.page(f"{base}/{ids['Ana']}/release")
    assert "Release the name Ana?" in asked and "changed device" in asked
    assert entries(app, assignment_id)[0][1] is not None  # asking changed nothing
    assert teacher.send(f"{base}/{ids['Ana']}/release").status_code == 303
    assert entries(app, assignment_id)[0] == ("Ana", None)


def token(page: str) -> str:
    return re.search(r'name="start_token" type="hidden" value="([^"]+)"', page)[1]


def entry_ids(app, assignment_id: int) -> dict[str, int]:
    with app.app_context():
        return {e.name: e.id for e in db.session.get(Assignment, assignment_id).roster}


# Students pick theirs


def test_a_student_picks_their_name_and_the_browser_keeps_it(app, teacher):
    assignment_id, code = with_list(teacher)
    ana = app.test_client()
    page = ana.get(f"/join/{code}").get_data(as_text=True)
    assert 'name="display_name"' not in page
    assert list(name_choices(page)) == ["Ana", "Ben", "Chloé Martin"]
    public_id = finish(app, ana, pick(ana, code, "Ana"))
    attempt = stored(app, public_id)
    assert attempt.display_name == "Ana" and attempt.browser
    assert entries(app, assignment_id)[0] == ("Ana", attempt.browser)
    again = ana.get(f"/join/{code}").get_data(as_text=True)  # practice: as many as wanted
    assert "You are Ana." in again and 'name="display_name"' not in again
    assert "<select" not in again
    second = finish(app, ana, pick(ana, code, None))
    assert stored(app, second).display_name == "Ana"
    others = name_choices(app.test_client().get(f"/join/{code}").get_data(as_text=True))
    assert list(others) == ["Ben", "Chloé Martin"]  # a picked name is no one else's to pick
    page = teacher.page(f"/teacher/assignments/{assignment_id}")
    assert "Not started yet (2): Ben, Chloé Martin." in page
    assert "2 of 2 finished" in page


def test_two_browsers_racing_for_one_name_one_wins_the_other_is_told(app, teacher):
    assignment_id, code = with_list(teacher)
    first, second = app.test_client(), app.test_client()
    pages = [c.get(f"/join/{code}").get_data(as_text=True) for c in (first, second)]
    forms = [{"csrf_token": csrf_token(p), "entry": name_choices(p)["Ben"]} for p in pages]
    assert first.post(f"/join/{code}", data=forms[0]).status_code == 303
    lost = second.post(f"/join/{code}", data=forms[1])
    assert lost.status_code == 409
    assert "That name is already taken. Ask your teacher." in lost.get_data(as_text=True)
    assert len(attempts(app, assignment_id)) == 1
    assert pick(second, code, "Ana").status_code == 303  # nothing lost: another name works


def test_many_browsers_racing_for_one_name_at_once_exactly_one_wins(app, teacher):
    assignment_id, code = with_list(teacher)
    browsers = [app.test_client() for _ in range(6)]
    forms = []
    for browser in browsers:
        page = browser.get(f"/join/{code}").get_data(as_text=True)
        forms.append({"csrf_token": csrf_token(page), "entry": name_choices(page)["Ana"]})
    barrier, statuses = threading.Barrier(len(browsers)), []

    def submit(browser, form):
        barrier.wait()
        statuses.append(browser.post(f"/join/{code}", data=form).status_code)

    threads = [
        threading.Thread(target=submit, args=pair) for pair in zip(browsers, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [303] + [409] * (len(browsers) - 1)
    assert len(attempts(app, assignment_id)) == 1


def test_another_browser_cannot_start_under_a_picked_name(app, teacher):
    assignment_id, code = with_list(teacher)
    ana = app.test_client()
    page = ana.get(f"/join/{code}").get_data(as_text=True)
    ana_value = name_choices(page)["Ana"]
    assert pick(ana, code, "Ana").status_code == 303
    intruder = app.test_client()
    token = csrf_token(intruder.get(f"/join/{code}").get_data(as_text=True))
    forged = intruder.post(f"/join/{code}", data={"csrf_token": token, "entry": ana_value})
    assert forged.status_code == 409
    assert len(attempts(app, assignment_id)) == 1


def test_a_name_has_the_attempts_its_policy_allows_on_any_device(app, teacher):
    assignment_id, code = with_list(teacher, attempts="2", counts="best")
    laptop = app.test_client()
    finish(app, laptop, pick(laptop, code, "Ana"), right=1)
    ids = entry_ids(app, assignment_id)
    # Ana changes device: the teacher releases her name, the tablet picks it.
    teacher.send(f"/teacher/assignments/{assignment_id}/roster/{ids['Ana']}/release")
    tablet = app.test_client()
    finish(app, tablet, pick(tablet, code, "Ana"), right=3)
    refused = pick(tablet, code, None)  # two attempts for the name: no third
    assert refused.status_code == 403
    assert "allows 2 attempts per student" in refused.get_data(as_text=True)
    assert tablet.get(f"/join/{code}").status_code == 403
    assert len(attempts(app, assignment_id)) == 2
    page = teacher.page(f"/teacher/assignments/{assignment_id}")
    assert counting(page) == [("Ana", "3")]  # one student across both devices
    assert "same name as another student" not in page


def test_a_device_holds_one_name_so_it_cannot_take_fresh_attempts_under_another(app, teacher):
    assignment_id, code = with_list(teacher, attempts="1")
    student = app.test_client()
    page = student.get(f"/join/{code}").get_data(as_text=True)
    ben = name_choices(page)["Ben"]
    assert pick(student, code, "Ana").status_code == 303
    again = student.get(f"/join/{code}", query_string={"choose": "1"})
    assert "<select" not in again.get_data(as_text=True)  # no list of the others' names
    token = csrf_token(student.get("/quizzes/warm-up/start").get_data(as_text=True))
    forged = student.post(f"/join/{code}", data={"csrf_token": token, "entry": ben})
    assert forged.status_code == 409
    assert entries(app, assignment_id)[1] == ("Ben", None)  # Ben can still pick his name
    assert len(attempts(app, assignment_id)) == 1


def test_a_student_who_changes_device_resumes_their_attempt(app, teacher):
    assignment_id, code = with_list(teacher, attempts="1")
    laptop = app.test_client()
    started = pick(laptop, code, "Ana")
    public_id = public_id_of(started)
    first = stored(app, public_id).answers[0]
    choose(laptop, f"/attempts/{public_id}/questions/1", first.correct_index)
    ids = entry_ids(app, assignment_id)
    teacher.send(f"/teacher/assignments/{assignment_id}/roster/{ids['Ana']}/release")
    tablet = app.test_client()
    page = tablet.get(f"/join/{code}").get_data(as_text=True)
    assert tablet.post(
        f"/join/{code}", data={"csrf_token": csrf_token(page), "entry": name_choices(page)["Ana"]}
    ).status_code in (303, 403)
    offered = tablet.get(f"/join/{code}").get_data(as_text=True)
    assert f"/attempts/{public_id}" in offered  # the attempt under way, to resume
    resumed = tablet.get(f"/attempts/{public_id}")
    assert resumed.headers["Location"].endswith(f"/attempts/{public_id}/questions/2")
    assert len(attempts(app, assignment_id)) == 1


# Without a list


def test_without_a_list_students_type_names_and_duplicates_are_flagged(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    first, second = app.test_client(), app.test_client()
    assert 'name="display_name"' in first.get(f"/join/{code}").get_data(as_text=True)
    finish(app, first, join(first, code, "Ana"))
    finish(app, first, join(first, code, "Ana"))  # the same student again: no flag
    finish(app, second, join(second, code, "ana"))
    finish(app, second, join(second, code, "Ben"))
    page = teacher.page(f"/teacher/assignments/{assignment_id}")
    assert page.count("same name as another student") == 3  # Ana's two, ana's one


# Rename, merge, delete


def test_rename_merge_and_delete_and_which_attempt_counts_follows(app, teacher):
    assignment_id = teacher.create_assessment(attempts="0", counts="best")
    code = teacher.join_code(assignment_id)
    phone, laptop = app.test_client(), app.test_client()
    finish(app, phone, join(phone, code, "Ana"), right=1)
    finish(app, laptop, join(laptop, code, "ana"), right=3)
    finish(app, laptop, join(laptop, code, "ana"), right=2)
    ana, lower, _ = (a.id for a in attempts(app, assignment_id))
    base = f"/teacher/assignments/{assignment_id}"
    results = teacher.page(base)
    assert results.count("same name as another student") == 3
    assert counting(results) == [("ana", "3")]

    renamed = teacher.send(f"{base}/students/{lower}/rename", name="  Anna  Lopez ")
    assert renamed.status_code == 303
    assert [a.display_name for a in attempts(app, assignment_id)] == ["Ana", *["Anna Lopez"] * 2]
    assert "same name as another student" not in teacher.page(base)

    student_page = teacher.page(f"{base}/students/{ana}")
    assert "Who is who" in student_page and "Anna Lopez (2 attempts)" in student_page
    merged = teacher.send(f"{base}/students/{ana}/merge", into=str(lower))
    assert merged.status_code == 303
    stored_now = attempts(app, assignment_id)
    assert {a.display_name for a in stored_now} == {"Anna Lopez"}
    assert len({a.browser for a in stored_now}) == 1
    results = teacher.page(base)
    assert counting(results) == [("Anna Lopez", "3")]
    assert results.count("no: another attempt counts") == 2

    confirm = teacher.page(f"{base}/students/{lower}/delete")
    assert "Delete this attempt?" in confirm and "deleted for good" in confirm
    assert len(attempts(app, assignment_id)) == 3  # asking deleted nothing
    assert teacher.send(f"{base}/students/{lower}/delete").status_code == 303
    assert len(attempts(app, assignment_id)) == 2
    with app.app_context():
        orphans = select(func.count()).select_from(Answer).where(Answer.attempt_id == lower)
        assert db.session.scalar(orphans) == 0
    assert counting(teacher.page(base)) == [("Anna Lopez", "2")]  # the next best counts now


def test_renaming_to_another_name_of_the_list_is_refused_and_renames_the_list(app, teacher):
    assignment_id, code = with_list(teacher)
    ana = app.test_client()
    finish(app, ana, pick(ana, code, "Ana"))
    (attempt,) = attempts(app, assignment_id)
    url = f"/teacher/assignments/{assignment_id}/students/{attempt.id}/rename"
    clash = teacher.send(url, name="ben")
    assert clash.status_code == 409 and "merge the two students" in clash.get_data(as_text=True)
    assert teacher.send(url, name="Ana Silva").status_code == 303
    assert entries(app, assignment_id)[0] == ("Ana Silva", attempt.browser)
    assert "You are Ana Silva." in ana.get(f"/join/{code}").get_data(as_text=True)


def test_bad_form_data_is_a_400_never_a_500(app, teacher):
    assignment_id, code = with_list(teacher)
    student = app.test_client()
    finish(app, student, pick(student, code, "Ana"))
    other = app.test_client()
    finish(app, other, pick(other, code, "Ben"))
    first, _ = (a.id for a in attempts(app, assignment_id))
    base = f"/teacher/assignments/{assignment_id}/students/{first}"
    assert teacher.send(f"{base}/rename", name="").status_code == 400
    assert teacher.send(f"{base}/rename", name="x" * 41).status_code == 400
    assert teacher.send(f"{base}/rename").status_code == 400
    for into in ["", "abc", "999", str(first), "1" * 40]:
        assert teacher.send(f"{base}/merge", into=into).status_code == 400, into
    assert teacher.client.post(f"{base}/delete").status_code == 400  # no CSRF token
    assert len(attempts(app, assignment_id)) == 2
    token = csrf_token(app.test_client().get(f"/join/{code}").get_data(as_text=True))
    fresh = app.test_client()
    fresh.get(f"/join/{code}")
    for entry in ["", "x", "99999999999999999999", "-1"]:
        response = fresh.post(f"/join/{code}", data={"csrf_token": token, "entry": entry})
        assert response.status_code == 400, entry
    assert len(attempts(app, assignment_id)) == 2


def test_another_teacher_finds_none_of_it(app, teacher):
    assignment_id, code = with_list(teacher)
    student = app.test_client()
    finish(app, student, pick(student, code, "Ana"))
    (attempt,) = attempts(app, assignment_id)
    entry = entry_ids(app, assignment_id)["Ben"]
    other = TeacherActions(app).create_account("other@school.org")
    other.log_in("other@school.org")
    base = f"/teacher/assignments/{assignment_id}"
    for url in [
        f"{base}/roster",
        f"{base}/roster/{entry}/release",
        f"{base}/students/{attempt.id}/delete",
    ]:
        assert other.client.get(url).status_code == 404, url
    for url, data in [
        (f"{base}/roster", {"names": "Eve"}),
        (f"{base}/roster/{entry}/remove", {}),
        (f"{base}/roster/{entry}/release", {}),
        (f"{base}/students/{attempt.id}/rename", {"name": "Eve"}),
        (f"{base}/students/{attempt.id}/merge", {"into": str(attempt.id)}),
        (f"{base}/students/{attempt.id}/delete", {}),
    ]:
        assert other.send(url, **data).status_code == 404, url
    assert len(attempts(app, assignment_id)) == 1
    assert [n for n, _ in entries(app, assignment_id)] == ["Ana", "Ben", "Chloé Martin"]
    # An entry or attempt of another assignment, in the teacher's own: not found either.
    own = other.create_assignment()
    assert other.send(f"/teacher/assignments/{own}/roster/{entry}/remove").status_code == 404
    assert (
        other.client.get(f"/teacher/assignments/{own}/students/{attempt.id}/delete").status_code
        == 404
    )


# Try another round


def another_round(student, public_id: str):
    """The attempt's end page, and what pressing "Try another round" there gives (with the
    session's CSRF token from another page when the end page has no form)."""
    page = student.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    form = page if 'name="csrf_token"' in page else student.get("/quizzes/warm-up/start")
    token = csrf_token(form if isinstance(form, str) else form.get_data(as_text=True))
    return page, student.post(f"/attempts/{public_id}/again", data={"csrf_token": token})


def test_try_another_round_starts_the_assignment_again_without_asking_the_name(app, teacher):
    assignment_id = teacher.create_assignment()  # practice: as many as wanted
    code = teacher.join_code(assignment_id)
    student = app.test_client()
    first = finish(app, student, join(student, code, "Ana"))
    page, again = another_round(student, first)
    assert f'action="/attempts/{first}/again"' in page and 'name="display_name"' not in page
    assert again.status_code == 303
    second = stored(app, public_id_of(again))
    assert second.display_name == "Ana" and second.browser == stored(app, first).browser
    assert second.assignment_id == assignment_id
    resent = student.post(  # the same form sent again: the same attempt, not a third
        f"/attempts/{first}/again",
        data={"csrf_token": csrf_token(page), "start_token": token(page)},
    )
    assert resent.status_code == 303
    assert (
        student.post(
            f"/attempts/{first}/again",
            data={"csrf_token": csrf_token(page), "start_token": token(page)},
        ).headers["Location"]
        == resent.headers["Location"]
    )
    counts = teacher.page(f"/teacher/assignments/{assignment_id}")
    assert "same name as another student" not in counts


def test_try_another_round_respects_the_attempt_policy(app, teacher):
    assignment_id = teacher.create_assessment(attempts="2")
    code = teacher.join_code(assignment_id)
    student = app.test_client()
    first = finish(app, student, join(student, code, "Ana"))
    page, again = another_round(student, first)  # the "submitted" page offers it
    assert "1 attempt left." in page and "Try another round" in page
    second = finish(app, student, again)
    page, refused = another_round(student, second)
    assert "You have used every attempt this assignment allows." in page
    assert f"/attempts/{second}/again" not in page
    assert refused.status_code == 403  # a form kept from before is refused kindly
    assert len(attempts(app, assignment_id)) == 2
    stranger = app.test_client()  # not this attempt's browser
    assert stranger.post(f"/attempts/{second}/again").status_code in (400, 403)


def test_try_another_round_on_a_closed_assignment_says_so(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    student = app.test_client()
    first = finish(app, student, join(student, code, "Ana"))
    teacher.post(assignment_id, "close", action="close")
    page, again = another_round(student, first)
    assert "it takes no new attempts" in page and f"/attempts/{first}/again" not in page
    assert again.status_code == 303 and again.headers["Location"] == f"/join/{code}"
    assert len(attempts(app, assignment_id)) == 1


def test_try_another_round_keeps_the_picked_name(app, teacher):
    assignment_id, code = with_list(teacher, attempts="2")
    student = app.test_client()
    first = finish(app, student, pick(student, code, "Ben"))
    _, again = another_round(student, first)
    assert stored(app, public_id_of(again)).display_name == "Ben"
    ben = entry_ids(app, assignment_id)["Ben"]
    teacher.send(f"/teacher/assignments/{assignment_id}/roster/{ben}/release")
    elsewhere = app.test_client()
    assert pick(elsewhere, code, "Ben").status_code == 403  # Ben's two attempts are made
    _, lost = another_round(student, first)  # the name is no longer this browser's
    assert lost.status_code == 303 and lost.headers["Location"] == f"/join/{code}"


def test_outside_assignments_another_round_is_the_start_page_as_before(app, client):
    public_id = finish(app, client, start(client))
    page, again = another_round(client, public_id)
    assert 'href="/quizzes/warm-up/start"' in page and "/again" not in page
    assert again.status_code == 400


# In French


def test_the_class_list_and_picking_a_name_in_french(app, teacher):
    assignment_id, code = with_list(teacher)
    teacher.client.get("/language/fr")
    page = teacher.page(f"/teacher/assignments/{assignment_id}", headers=FRENCH)
    assert "Liste de la classe" in page
    assert french_words_never_english(page) == []
    student = app.test_client()
    join_page = student.get(f"/join/{code}", headers=FRENCH).get_data(as_text=True)
    assert "Choisissez votre nom" in join_page
    assert french_words_never_english(join_page) == []
    rival = app.test_client()
    rival_page = rival.get(f"/join/{code}", headers=FRENCH).get_data(as_text=True)
    public_id = finish(app, student, pick(student, code, "Ana", headers=FRENCH))
    lost = rival.post(
        f"/join/{code}",
        data={"csrf_token": csrf_token(rival_page), "entry": name_choices(rival_page)["Ana"]},
        headers=FRENCH,
    )
    assert lost.status_code == 409
    assert french_words_never_english(lost.get_data(as_text=True)) == []
    review = student.get(f"/attempts/{public_id}/results", headers=FRENCH).get_data(as_text=True)
    assert "Essayer une nouvelle série" in review
    assert french_words_never_english(review) == []
    (attempt,) = attempts(app, assignment_id)
    manage = teacher.page(
        f"/teacher/assignments/{assignment_id}/students/{attempt.id}", headers=FRENCH
    )
    assert french_words_never_english(manage) == []


# The cleaning, for any text a teacher might paste

lines = st.lists(
    st.one_of(
        st.sampled_from(["Ana", "ana", " Ana ", "ANA", "", "  ", "Ben\x00", "Chloé\tMartin"]),
        st.text(max_size=45),
    ),
    max_size=30,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pasted=lines)
def test_any_paste_gives_distinct_clean_names_or_a_friendly_refusal(app, pasted):
    text = "\n".join(pasted)
    with app.test_request_context():
        try:
            result = parse_names(text)
        except ListRefused as refused:
            assert "characters" in str(refused)
            return
    folded = [name.casefold() for name in result.names]
    assert len(folded) == len(set(folded))
    for name in result.names:
        assert name == name.strip() and name and len(name) <= 40
        assert not any(ord(c) < 32 for c in name) and "  " not in name
    printable = ["".join(c for c in line if c >= " " or c == "\t") for line in text.splitlines()]
    expected = [" ".join(line.split()) for line in printable]
    assert set(result.names) | set(result.repeated) == {n for n in expected if n}
