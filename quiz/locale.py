"""The language the current request is served in, for whoever formats or words something.

`i18n` decides it (and imports services to find an attempt's language); services, views and
templates only read it, from here, so none of them depends on how it was chosen."""

from __future__ import annotations

from flask_babel import get_locale


def current_language() -> str:
    return str(get_locale() or "en")
