"""The app in French as well as English: interface, content, quizzes and results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.support.pages import csrf_token, public_id_of
from tests.support.student import choose, join, stored

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "quiz" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def source_messages() -> set[str]:
    """Every interface string in the code and templates, as pybabel extracts them."""
    method_map = [("quiz/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        keywords={"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue():
    with CATALOGUE.open("rb") as file:
        return read_po(file, locale="fr")


def test_every_interface_string_has_a_french_translation():
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue() if m.id}
    missing = sorted(source_messages() - set(entries))
    assert missing == [], f"not in the catalogue (run make translations): {missing}"
    untranslated = [
        key
        for key, m in entries.items()
        if not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert untranslated == []
    assert not [key for key, m in entries.items() if m.fuzzy]


def french_words_never_english(html: str) -> list[str]:
    """English interface strings (long enough to be unambiguous) left in a French page."""
    leftovers = []
    for message in catalogue():
        english = message.id if isinstance(message.id, str) else message.id[0]
        french = message.string if isinstance(message.string, str) else message.string[0]
        if not english or "%" in english or len(english) < 12 or english == french:
            continue
        if english in html:
            leftovers.append(english)
    return leftovers


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?category=troops",
        "/events/treaty-signed",
        "/quizzes",
        "/quizzes/warm-up/start",
        "/join",
        "/teacher/login",
        "/events/nope",
    ],
)
def test_public_pages_in_french(client, url):
    html = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert french_words_never_english(html) == []


def test_accept_language_picks_french_content_and_dates(client):
    html = client.get("/", headers=FRENCH).get_data(as_text=True)
    assert "Chronologie de test" in html and "Traité de partenariat signé à Pyongyang" in html
    assert "19–20 juin 2024" in html and "octobre 2023" in html
    assert "Les débuts" in html
    event = client.get("/events/troops-estimated", headers=FRENCH).get_data(as_text=True)
    assert "12\u202f000" in event  # French number formatting
    assert "Séoul" in event
    treaty = client.get("/events/treaty-signed", headers=FRENCH).get_data(as_text=True)
    assert "Vladimir Poutine, Kim Jong-un" in treaty  # names from actors.fr.yaml
    assert "Vladimir Putin" not in treaty


def test_the_language_switch_is_remembered_and_goes_back(client):
    response = client.get("/language/fr?next=/events/treaty-signed")
    assert response.status_code == 303 and response.headers["Location"] == "/events/treaty-signed"
    assert "lang=fr" in response.headers["Set-Cookie"]
    html = client.get("/events/treaty-signed").get_data(as_text=True)  # no Accept-Language
    assert '<html lang="fr">' in html and "English</a>" in html
    assert client.get("/language/en?next=https://evil.example").headers["Location"] == "/"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_a_missing_translation_falls_back_to_english(make_app, content_dir):
    (content_dir / "events" / "2024-06-19-treaty-signed.fr.md").unlink()
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()
    html = client.get("/", headers=FRENCH).get_data(as_text=True)
    assert "Partnership treaty signed in Pyongyang" in html  # English, not an error
    assert "Pyongyang confirme que ses troupes" in html


def test_a_french_quiz_end_to_end_stays_french(app, client):
    client.get("/language/fr")
    page = client.get("/quizzes/warm-up/start").get_data(as_text=True)
    assert ("Échauffement de test" in page and "Commencer" in page) or "Lancer" in page
    started = client.post(
        "/quizzes/warm-up/start", data={"csrf_token": csrf_token(page), "display_name": "Léa"}
    )
    public_id = public_id_of(started)
    attempt = stored(app, public_id)
    assert attempt.language == "fr"
    client.get("/language/en")  # switching mid-quiz: the attempt keeps its language
    for answer in attempt.answers:
        url = f"/attempts/{public_id}/questions/{answer.position}"
        html = client.get(url).get_data(as_text=True)
        assert '<html lang="fr">' in html
        assert re.search(r"Question \d+ sur 4", html)
        choose(client, url, answer.correct_index)
    results = client.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    assert "4 sur 4" in results
    assert french_words_never_english(results) == []
    prompts = " ".join(r.prompt for r in stored(app, public_id).answers)
    assert re.search(r"[àâçéèêëîïôûù]|Quel|Quand|Où|Qui|Lequel|D'après", prompts)


def test_teacher_results_show_each_students_language(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    for name, headers in [("Léa", FRENCH), ("Sam", {})]:
        student = app.test_client()
        public_id = public_id_of(join(student, code, name, headers=headers))
        for answer in stored(app, public_id).answers:  # both answer everything right
            url = f"/attempts/{public_id}/questions/{answer.position}"
            choose(student, url, answer.correct_index)
    html = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    # Counted by option, whatever the language: every question right by both students.
    assert html.count("Facility: 100%") == 4 and html.count("2 answered") == 4
    assert re.search(r"Léa</a></td>.*?lang=\"fr\">Français", html, re.S)
    assert re.search(r"Sam</a></td>.*?lang=\"en\">English", html, re.S)
    rows = teacher.client.get(f"/teacher/assignments/{assignment_id}/students.csv").get_data(
        as_text=True
    )
    assert ",fr,no\r\n" in rows and ",en,no\r\n" in rows  # the last column: late


def test_search_in_french_also_finds_the_english_words(client):
    html = client.get("/?q=Kursk", headers=FRENCH).get_data(as_text=True)
    assert "Pyongyang confirme que ses troupes ont combattu à Koursk" in html
    assert "Événements correspondants\u00a0: 1 sur 5." in html
