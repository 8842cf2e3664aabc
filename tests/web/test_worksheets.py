"""The printable worksheet and answer key (issue 13, item 6): an assignment's or a preset's
questions on paper, the join code and its QR code, the key on a page of its own."""

from __future__ import annotations

import html
import re

import pytest
import segno

from quiz.services import worksheets
from tests.support.pages import public_id_of
from tests.support.student import join, stored
from tests.support.teacher import TeacherActions

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def sheet_questions(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each question on the sheet: its prompt and its (letter, option) pairs, in order."""
    questions = []
    for block in re.findall(r'<li class="sheet-question">(.*?)</ul>', page, re.S):
        prompt = text(re.search(r'<p class="sheet-prompt">(.*?)</p>', block, re.S).group(1))
        options = re.findall(r'<li><span class="letter">(\w)</span> (.*?)</li>', block, re.S)
        questions.append((prompt, [(letter, text(option)) for letter, option in options]))
    return questions


def key_answers(page: str) -> list[tuple[str, str, str]]:
    """Each entry of the answer key: (letter, answer, explanation)."""
    key = page.split('<section class="answer-key"', 1)[1]
    return [
        (letter, text(answer), text(explanation))
        for letter, answer, explanation in re.findall(
            r'<li class="key-answer"><p><strong class="letter">(\w)</strong> (.*?)</p>\s*'
            r'<p class="explanation">(.*?)</p>',
            key,
            re.S,
        )
    ]


def test_assignment_sheet_lists_what_students_get_in_order_and_the_key(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    response = teacher.client.get(f"/teacher/assignments/{assignment_id}/worksheet")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    attempt = stored(app, public_id_of(join(app.test_client(), code, "Ana")))
    answers = sorted(attempt.answers, key=lambda a: a.position)
    sheet = sheet_questions(page)
    assert [prompt for prompt, _ in sheet] == [a.prompt for a in answers]
    for (_prompt, options), answer in zip(sheet, answers, strict=True):
        assert [letter for letter, _ in options] == list("ABCD"[: len(answer.options)])
        assert sorted(o for _, o in options) == sorted(o["text"] for o in answer.options)
    key = key_answers(page)
    assert len(key) == len(answers)
    for (letter, right, explanation), (_prompt, options), answer in zip(
        key, sheet, answers, strict=True
    ):
        assert right == answer.options[answer.correct_index]["text"]
        assert dict(options)[letter] == right  # the key's letter is the right one on the sheet
        assert explanation == answer.explanation
    assert page.index('class="answer-key"') > page.rindex('class="sheet-question"')
    assert code in page and f"http://localhost/join/{code}" in page
    assert "Name:" in page and "Class:" in page and "Date:" in page


def test_the_qr_code_is_inline_svg_of_the_join_url_with_no_inline_style(app, teacher, monkeypatch):
    made = []
    real_make = segno.make

    def spy(content, *args, **kwargs):
        made.append(content)
        return real_make(content, *args, **kwargs)

    monkeypatch.setattr(worksheets.segno, "make", spy)
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}/worksheet").get_data(
        as_text=True
    )
    assert made == [f"http://localhost/join/{code}"]
    svg = re.search(r"<svg\b.*?</svg>", page, re.S).group(0)
    assert 'class="qr"' in svg and "<title>QR code of the link for students</title>" in svg
    # the same modules segno draws for that URL
    expected = real_make(made[0], error="m").svg_inline(omitsize=True)
    assert re.search(r' d="([^"]+)"', svg).group(1) == re.search(r' d="([^"]+)"', expected).group(1)
    assert "style=" not in page and "<style" not in page


def test_a_preset_sheet_is_drawn_from_its_seed_and_has_no_join_code(teacher):
    first = teacher.client.get("/teacher/quizzes/warm-up/worksheet")
    assert first.status_code == 302
    location = first.headers["Location"]
    assert re.fullmatch(r"/teacher/quizzes/warm-up/worksheet\?seed=\d+", location)
    page = teacher.client.get(location).get_data(as_text=True)
    again = teacher.client.get(location).get_data(as_text=True)
    sheet, key = sheet_questions(page), key_answers(page)
    # the same seed prints the same sheet and key (the page's CSRF token aside)
    assert (sheet, key) == (sheet_questions(again), key_answers(again))
    assert sheet and len(key) == len(sheet)
    for (letter, right, _explanation), (_prompt, options) in zip(key, sheet, strict=True):
        assert dict(options)[letter] == right
    assert "<svg" not in page and "Class code:" not in page and "style=" not in page
    assert teacher.client.get("/teacher/quizzes/no-such-quiz/worksheet").status_code == 404
    bad_seed = teacher.client.get("/teacher/quizzes/warm-up/worksheet?seed=-1")
    assert bad_seed.status_code == 302


def test_the_sheets_are_linked_from_the_assignment_page_and_the_question_browser(teacher):
    assignment_id = teacher.create_assignment()
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert f'href="/teacher/assignments/{assignment_id}/worksheet"' in page
    browser = teacher.client.get("/teacher/questions").get_data(as_text=True)
    assert 'href="/teacher/quizzes/warm-up/worksheet"' in browser


def test_the_sheet_is_in_the_teachers_language(teacher):
    assignment_id = teacher.create_assignment()
    page = teacher.client.get(
        f"/teacher/assignments/{assignment_id}/worksheet", headers=FRENCH
    ).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Nom\u00a0:" in page and "Corrigé\u00a0:" in page
    assert "Answer key" not in page


def test_another_teachers_assignment_sheet_is_not_found(app, teacher):
    assignment_id = teacher.create_assignment()
    other = TeacherActions(app).create_account("other@school.org")
    other.log_in("other@school.org")
    assert other.client.get(f"/teacher/assignments/{assignment_id}/worksheet").status_code == 404
    assert other.client.get("/teacher/assignments/999/worksheet").status_code == 404


@pytest.mark.parametrize(
    "url", ["/teacher/assignments/1/worksheet", "/teacher/quizzes/warm-up/worksheet?seed=1"]
)
def test_worksheets_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teacher/login")
