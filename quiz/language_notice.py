"""What a student who picks another language in the middle of a quiz is told, in the language
they picked: the attempt keeps the language it was started in (its questions were written in
it, and a teacher's results compare like with like), with a link to start it again."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from .i18n import supported, visitor_language
from .models import Attempt


@dataclass(frozen=True)
class LanguageNotice:
    language: str  # the one the student picked, which the notice is written in
    text: str
    link: str
    url: str


def language_notice(attempt: Attempt) -> LanguageNotice | None:
    """None unless the visitor's language is not the attempt's."""
    chosen = visitor_language(request.environ)
    if chosen == attempt.language or chosen not in supported():
        return None
    if attempt.class_code:
        again = url_for("quiz.join_assignment", code=attempt.class_code)
    else:
        again = url_for("quiz.start", preset_id=attempt.preset_id)
    with force_locale(chosen):
        return LanguageNotice(
            chosen,
            _(
                "This quiz stays in the language it was started in, and your answers so far "
                "are kept."
            ),
            _("Start it again in this language"),
            again,
        )
