"""Every form the app reads, as a WTForms class: one place for what input is allowed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional


class TimelineFilterForm(FlaskForm):
    """The timeline's filters: read from the query string, so no CSRF (a GET changes nothing)."""

    class Meta:
        csrf = False

    category = SelectField("Category", validators=[Optional()])
    year = SelectField("Year", validators=[Optional()])
    q = SearchField("Search", validators=[Optional(), Length(max=100)])

    def __init__(self, categories: dict[str, str], years: list[int], **kwargs):
        super().__init__(**kwargs)
        self.category.choices = [("", "All categories"), *categories.items()]
        self.year.choices = [("", "All years"), *((str(y), str(y)) for y in years)]
