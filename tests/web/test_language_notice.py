"""A student who picks another language mid-quiz is told that the quiz keeps its language, in
the language they picked, with a way to start again in it; French texts keep French typography."""

from __future__ import annotations

from babel.messages.pofile import read_po

from quiz.content.typography import typeset
from tests.support.pages import csrf_token, public_id_of
from tests.web.test_i18n import CATALOGUE

FRENCH = {"Accept-Language": "fr"}


def start(client, **headers) -> str:
    page = client.get("/quizzes/warm-up/start", headers=headers).get_data(as_text=True)
    started = client.post(
        "/quizzes/warm-up/start",
        data={"csrf_token": csrf_token(page), "display_name": "Léa"},
        headers=headers,
    )
    return f"/attempts/{public_id_of(started)}/questions/1"


def test_english_pressed_mid_quiz_says_the_quiz_keeps_its_french(client):
    question = start(client, **FRENCH)
    assert "Ce quiz garde" not in client.get(question, headers=FRENCH).text  # nothing to say
    switched = client.get(f"/language/en?next={question}", headers=FRENCH, follow_redirects=True)
    html = switched.get_data(as_text=True)
    assert '<html lang="fr">' in html  # the quiz itself stays French
    assert (
        '<p class="notice" role="status" lang="en">This quiz stays in the language it was started '
        'in, and your answers so far are kept. <a href="/quizzes/warm-up/start">Start it again '
        "in this language</a></p>" in html
    )


def test_french_pressed_mid_quiz_says_it_in_french(client):
    question = start(client)
    html = client.get(f"/language/fr?next={question}", follow_redirects=True).text
    assert '<html lang="en">' in html
    assert 'lang="fr">Ce quiz garde la langue dans laquelle il a été commencé\u202f; vos' in html
    assert "Le recommencer dans cette langue</a>" in html


def test_every_french_interface_text_has_french_typography():
    """A no-break space before ? ! : ; (narrow before ? ! ;), as the content's texts get."""
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file, locale="fr")
    wrong = [
        text
        for message in catalogue
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if text and typeset(text, "fr") != text
    ]
    assert wrong == []


def test_english_shown_in_a_french_page_is_marked_lang_en(make_app, content_dir):
    events = content_dir / "events"
    (events / "2023-10-shells-shipped.fr.md").unlink()  # no French at all
    treaty_fr = events / "2024-06-19-treaty-signed.fr.md"
    treaty_fr.write_text(
        treaty_fr.read_text().split("---\n")[0]
        + "---\n"
        + treaty_fr.read_text().split("---\n")[1]
        + "---\n"
    )  # no French body
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()

    home = client.get("/", headers=FRENCH).text  # the compact list and the overview
    assert '<span class="row-title" lang="en">Containers of munitions' in home
    assert '<a class="mark" href="#ev-shells-shipped" lang="en">' in home
    assert '<span class="row-title">Traité de partenariat' in home
    home = client.get("/?view=full", headers=FRENCH).text
    assert '<h4 class="card-title" lang="en"><a href="/events/shells-shipped">' in home
    assert '<p class="card-summary" lang="en">' in home
    assert '<h4 class="card-title"><a href="/events/treaty-signed">' in home  # translated

    shells = client.get("/events/shells-shipped", headers=FRENCH).text
    assert '<h1 lang="en">' in shells and '<div class="prose" lang="en">' in shells
    treaty = client.get("/events/treaty-signed", headers=FRENCH).text
    assert "<h1>Traité de partenariat signé à Pyongyang</h1>" in treaty
    assert '<div class="prose" lang="en">' in treaty  # only the body fell back
    english = client.get("/events/shells-shipped").text
    assert 'lang="en">' not in english.split("<main")[1].split("</main>")[0].replace(
        'hreflang="en">', ""
    )
