"""Every form the app reads, as a WTForms class: one place for what input is allowed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from .models import FLAG_LATE, REFUSE_LATE
from .timezones import zone_names

_CONTROL = dict.fromkeys(i for i in range(32) if chr(i) not in "\t\n")


def clean(value: str | None) -> str | None:
    """Text as a person typed it: control characters dropped (PostgreSQL refuses NUL), spaces
    folded, ends trimmed."""
    return " ".join(value.translate(_CONTROL).split()) if value else value


def clean_upper(value: str | None) -> str | None:
    return clean(value).upper() if value else value


class TimelineFilterForm(FlaskForm):
    """The timeline's filters: read from the query string, so no CSRF (a GET changes nothing)."""

    class Meta:
        csrf = False

    category = SelectField(_l("Category"), validators=[Optional()])
    year = SelectField(_l("Year"), validators=[Optional()])
    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)], filters=[clean])
    # what the overview shows and how the list reads: set by links, kept by the form
    zoom = HiddenField(_l("Zoom"), default="")
    view = HiddenField(
        _l("View"), default="", validators=[AnyOf(["", "full"], _l("Not a known view."))]
    )

    def __init__(self, categories: dict[str, str], years: list[int], zooms: list[str], **kwargs):
        super().__init__(**kwargs)
        self.category.choices = [("", _l("All categories")), *categories.items()]
        self.year.choices = [("", _l("All years")), *((str(y), str(y)) for y in years)]
        self.zoom.validators = [AnyOf(zooms, _l("Not a year or an era of the timeline."))]


class QuestionFilterForm(FlaskForm):
    """The question browser's filters, from the query string like the timeline's."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), validators=[Optional()])
    event = SelectField(_l("Event"), validators=[Optional()])
    era = SelectField(_l("Era"), validators=[Optional()])

    def __init__(self, kinds: dict[str, str], events: list[tuple[str, str]], eras, **kwargs):
        super().__init__(**kwargs)
        self.kind.choices = [("", _l("All kinds")), *kinds.items()]
        self.event.choices = [("", _l("All events")), *events]
        self.era.choices = [("", _l("All eras")), *eras]


def start_token_field() -> HiddenField:
    """One token per rendered form: a second submit of the same form (a double click, a resent
    request) lands on the attempt the first one started instead of starting another."""
    return HiddenField(
        validators=[Optional(), Regexp(r"^[A-Za-z0-9_-]{16,64}$")],
        default=lambda: secrets.token_urlsafe(24),
    )


def name_field(label, missing, too_long, description=None) -> StringField:
    """A student's name, typed by them or by their teacher: required, cleaned, 40 at most."""
    return StringField(
        label,
        validators=[DataRequired(missing), Length(max=40, message=too_long)],
        filters=[clean],
        description=description,
    )


class StartQuizForm(FlaskForm):
    display_name = name_field(
        _l("Your name"),
        _l("Please enter a name, so your teacher can find your result."),
        _l("Please keep your name under 40 characters."),
        _l("First name or a nickname; shown to your teacher with your score."),
    )
    class_code = StringField(
        _l("Class code (optional)"),
        validators=[
            Optional(),
            Regexp(
                r"^[A-Za-z0-9-]{3,12}$",
                message=_l("A class code has 3 to 12 letters or digits, e.g. KX7P2Q."),
            ),
        ],
        filters=[clean_upper],
        description=_l("If your teacher gave you a code, type it here."),
    )
    start_token = start_token_field()


class PickNameForm(FlaskForm):
    """The start form of an assignment with a class list: the student picks their name."""

    entry = SelectField(
        _l("Your name"),
        validators=[DataRequired(_l("Choose your name in the list."))],
        description=_l("Your name is not there? Ask your teacher."),
    )
    start_token = start_token_field()

    def __init__(self, names: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.entry.choices = [("", _l("Choose your name")), *names]


class AnotherRoundForm(FlaskForm):
    """ "Try another round" of an assignment: the same name and browser, no form to fill."""

    start_token = start_token_field()


class JoinForm(FlaskForm):
    """Read from the query string (a link a teacher can share), so no CSRF token."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Class code"),
        validators=[
            DataRequired(_l("Type the code your teacher gave you.")),
            Regexp(r"^\s*[A-Za-z0-9]{6}\s*$", message=_l("A class code has 6 letters or digits.")),
        ],
        filters=[clean_upper],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[InputRequired(), Email(), Length(max=254)], filters=[clean]
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])


TITLE = StringField(
    _l("Title"),
    validators=[
        DataRequired(_l("Give the assignment a title.")),
        Length(max=120, message=_l("Keep the title to 120 characters or fewer.")),
    ],
    filters=[clean],
)


class AssignmentForm(FlaskForm):
    """What to hand out and how. The quiz is a preset, the quiz of one event (`event-<id>`), or
    the questions a teacher ticked in the question browser (`source` "selection", `pick`)."""

    title = TITLE
    preset = RadioField(_l("Quiz"), validate_choice=False, validators=[Optional()])
    source = HiddenField(
        default="quiz",
        validators=[
            AnyOf(["quiz", "selection"], message=_l("Choose a quiz or questions to hand out."))
        ],
    )
    pick = SelectMultipleField(validate_choice=False)
    # The draw the form previewed: handing out keeps it, so the class gets the questions shown.
    seed = HiddenField(validators=[Optional(), Regexp(r"^[0-9]{1,10}$")])
    due = DateField(
        _l("Due date (optional)"),
        validators=[Optional()],
        description=_l("Without a time: the end of that day (23:59)."),
    )
    due_time = TimeField(
        _l("Due time (optional)"),
        validators=[Optional()],
        description=_l("At this time the assignment closes itself, unless you accept late ones."),
    )
    late = RadioField(
        _l("After the due time"),
        choices=[
            SelectChoice(REFUSE_LATE, _l("Refuse new attempts after the due time")),
            SelectChoice(FLAG_LATE, _l("Accept them, marked late")),
        ],
        default=REFUSE_LATE,
    )
    mode = RadioField(
        _l("Mode"),
        choices=[
            SelectChoice(
                "practice", _l("Practice: feedback after each answer, as many attempts as wanted")
            ),
            SelectChoice(
                "assessment", _l("Assessment: no feedback until you release the review or close it")
            ),
        ],
        default="practice",  # a form sent without it (an older page) hands out practice
        description=_l(
            "The timeline and the practice quizzes hold these questions' answers: for a"
            " closed-book test, watch the screens, let each student draw their own questions, or"
            " print the worksheet."
        ),
    )
    attempts = SelectField(
        _l("Attempts allowed (assessment)"),
        choices=[
            SelectChoice("1"),
            SelectChoice("2"),
            SelectChoice("3"),
            SelectChoice("0", _l("Unlimited")),
        ],
        default="1",
        description=_l("Per student browser. A practice assignment has no limit."),
    )
    counts = SelectField(
        _l("Attempt that counts"),
        choices=[
            SelectChoice("best", _l("The best one")),
            SelectChoice("first", _l("The first one")),
            SelectChoice("last", _l("The last one")),
        ],
        default="best",
        description=_l("Shown on the results when a student finished several attempts."),
    )
    draws = BooleanField(
        _l("Each student draws their own questions from the quiz"),
        description=_l(
            "Neighbours get different questions; each question then has fewer answers in the"
            " results. In an assessment the order is shuffled for each student either way."
        ),
    )

    @property
    def attempts_allowed(self) -> int | None:
        """The attempts field as the assignment keeps it (None: unlimited)."""
        return int(self.attempts.data) or None

    def __init__(self, presets, find_preset, check_selection, **kwargs):
        """`find_preset(id)`: the preset or None; `check_selection(ids)`: what is wrong with a
        selection of question ids, or None."""
        super().__init__(**kwargs)
        self.preset.choices = [(p.id, p.title) for p in presets]
        self._find_preset = find_preset
        self._check_selection = check_selection

    @property
    def is_selection(self) -> bool:
        return self.source.data == "selection"

    def validate_preset(self, field) -> None:
        if not self.is_selection and (not field.data or self._find_preset(field.data) is None):
            raise ValidationError(_l("Choose one of the quizzes."))

    def validate_pick(self, field) -> None:
        if self.is_selection and (problem := self._check_selection(field.data or [])):
            raise ValidationError(problem)

    def validate_due_time(self, field) -> None:
        if field.data is not None and self.due.data is None:
            raise ValidationError(_l("Give the due date too, or leave the time empty."))


class TitleForm(FlaskForm):
    """A new title for an assignment."""

    title = TITLE


class LiveForm(FlaskForm):
    """Start a live session: teacher-paced, scored on accuracy unless the teacher adds more."""

    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the session a title.")), Length(max=120)],
        filters=[clean],
    )
    preset = SelectField(_l("Quiz"), validators=[InputRequired()])
    timer = SelectField(
        _l("Time per question"),
        choices=[
            SelectChoice("0", _l("No timer: I close answering")),
            *(SelectChoice(str(s), _l("%(num)s seconds", num=s)) for s in (10, 20, 30, 60, 90)),
        ],
        default="0",
    )
    speed = BooleanField(_l("Speed points (faster right answers score more)"))
    streak = BooleanField(_l("Streak bonus (right answers in a row score more)"))
    leaderboard = RadioField(
        _l("Leaderboard"),
        choices=[
            SelectChoice("off", _l("Off: each student sees only their own score")),
            SelectChoice("anonymous", _l("Anonymous: the top scores without names")),
            SelectChoice("top5", _l("Top 5 with names, on the projector")),
        ],
        default="off",
    )

    @property
    def timer_seconds(self) -> int | None:
        return int(self.timer.data) or None

    def __init__(self, presets, **kwargs):
        # prefixed: the dashboard shows it beside the hand-out form, and ids must not repeat
        super().__init__(prefix="live", **kwargs)
        self.preset.choices = [(p.id, p.title) for p in presets]


class TimeZoneForm(FlaskForm):
    """The teacher's time zone, for the due times they type and every time their pages show."""

    time_zone = SelectField(
        _l("Your time zone"),
        validators=[InputRequired()],
        validate_choice=False,  # checked below, with a clearer message
        description=_l("Due times you type and every time on your pages use it."),
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.time_zone.choices = [(name, name.replace("_", " ")) for name in zone_names()]

    def validate_time_zone(self, field) -> None:
        if field.data not in zone_names():
            raise ValidationError(_l("Choose a time zone from the list, e.g. Europe/Paris."))


class ClassListForm(FlaskForm):
    names = TextAreaField(
        _l("Names, one a line"),
        validators=[
            DataRequired(_l("Paste at least one name.")),
            Length(max=20_000, message=_l("That is far too long for a class list.")),
        ],
        description=_l("Paste them from a spreadsheet or type them. New names go after the list."),
    )


class RenameForm(FlaskForm):
    name = name_field(
        _l("New name"),
        _l("Type the new name."),
        _l("Please keep the name under 40 characters."),
    )


class MergeForm(FlaskForm):
    into = SelectField(
        _l("The same person as"),
        validators=[DataRequired(_l("Choose the student to merge with."))],
        description=_l("Their attempts become one student's, and one of them counts."),
    )

    def __init__(self, students: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.into.choices = [("", _l("Choose a student")), *students]


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


class AnswerForm(FlaskForm):
    choice = RadioField(
        _l("Your answer"),
        coerce=int,
        validators=[InputRequired(_l("Choose one of the answers first."))],
        validate_choice=False,  # checked against the stored question, with a clearer refusal
    )

    def __init__(self, options: Sequence[dict] = (), **kwargs):
        """`options` only to show them: reading the choice needs none (the answer path)."""
        super().__init__(**kwargs)
        self.choice.choices = [(index, option["text"]) for index, option in enumerate(options)]
