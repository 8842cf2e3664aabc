"""What a teacher does, through a test client: flaskr's AuthActions, with assignments."""

from __future__ import annotations

import csv
import io

from quiz.extensions import db
from quiz.models import Assignment
from tests.support.pages import csrf_token

EMAIL, PASSWORD = "ms.lee@school.org", "correct horse battery"


class TeacherActions:
    def __init__(self, app, client=None):
        self.app = app
        self.client = client or app.test_client()

    def create_account(self, email=EMAIL, password=PASSWORD) -> TeacherActions:
        """The account, made the way an operator makes it (`flask teacher create`)."""
        result = self.app.test_cli_runner().invoke(
            args=["teacher", "create", email], input=password + "\n"
        )
        assert result.exit_code == 0, result.output
        return self

    def log_in(self, email=EMAIL, password=PASSWORD, **request):
        token = csrf_token(self.client.get("/teacher/login").get_data(as_text=True))
        return self.client.post(
            "/teacher/login",
            data={"csrf_token": token, "email": email, "password": password},
            **request,
        )

    def create_assignment(
        self, title="Year 11 – Kursk", preset="warm-up", due="", **policy: str
    ) -> int:
        """The new assignment's id. `policy`: the form's other fields (mode, attempts,
        counts, due_time, late)."""
        token = csrf_token(self.client.get("/teacher/").get_data(as_text=True))
        response = self.client.post(
            "/teacher/",
            data={"csrf_token": token, "title": title, "preset": preset, "due": due, **policy},
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        return int(response.headers["Location"].rsplit("/", 1)[1])

    def set_time_zone(self, zone: str):
        """Choose a time zone on the settings page (the response: 303, or 400 refused)."""
        token = csrf_token(self.client.get("/teacher/settings").get_data(as_text=True))
        return self.client.post("/teacher/settings", data={"csrf_token": token, "time_zone": zone})

    def download(self, assignment_id: int, name: str) -> list[dict[str, str]]:
        """A CSV download of the assignment ("students", "responses"), a dict a row."""
        url = f"/teacher/assignments/{assignment_id}/{name}.csv"
        text = self.client.get(url).get_data(as_text=True).lstrip("\ufeff")
        return list(csv.DictReader(io.StringIO(text)))

    def join_code(self, assignment_id: int) -> str:
        with self.app.app_context():
            return db.session.get(Assignment, assignment_id).join_code

    def create_assessment(self, attempts="1", counts="best", **fields) -> int:
        """An assessment's id: no feedback before the review, `attempts` per browser."""
        return self.create_assignment(mode="assessment", attempts=attempts, counts=counts, **fields)

    def post(self, assignment_id: int, button: str, **data: str):
        """Press a button of the assignment page ("close", "release"), with its CSRF token."""
        page = self.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
        return self.client.post(
            f"/teacher/assignments/{assignment_id}/{button}",
            data={"csrf_token": csrf_token(page), **data},
        )

    def set_class_list(self, assignment_id: int, names: str):
        """Paste names into the assignment's class list (the response: 303 when they were taken)."""
        return self.send(f"/teacher/assignments/{assignment_id}/roster", names=names)

    def page(self, url: str, **request) -> str:
        return self.client.get(url, **request).get_data(as_text=True)

    def send(self, url: str, **data: str):
        """Post to `url` as a form of the teacher's pages would (the session's CSRF token)."""
        token = csrf_token(self.page("/teacher/"))
        return self.client.post(url, data={"csrf_token": token, **data})
