"""Contribution → moderation → visible answer, end to end over real HTTP with tokens."""

import http.client
import json
from urllib.parse import urlsplit

import pytest

from tests.factories import make_question

pytestmark = pytest.mark.django_db(transaction=True)


class Http:
    """A tiny JSON client over http.client, talking to the live server."""

    def __init__(self, base_url: str, token: str | None = None):
        self.address = urlsplit(base_url)
        self.token = token

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=30)
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            content_type = response.getheader("Content-Type", "")
            is_json = content_type in ("application/json", "application/problem+json")
            data = json.loads(raw) if is_json else raw.decode()
            return response.status, data
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None):
        return self.request("POST", path, body if body is not None else {})


def sign_in(live_server, username: str) -> Http:
    status, body = Http(live_server.url).post(
        "/api/v1/auth/token/",
        {"username": username, "password": "correct-horse-battery", "name": "flow test"},
    )
    assert status == 201, body
    return Http(live_server.url, body["token"])


def test_a_contribution_becomes_a_visible_answer_once_a_moderator_approves_it(
    live_server, moderators_group, moderator, student
):
    question = make_question(text="Why does batch normalisation help training?")
    anonymous = Http(live_server.url)
    student_api = sign_in(live_server, "student")
    moderator_api = sign_in(live_server, "moderator")
    question_path = f"/api/v1/questions/{question.pk}/"

    status, contribution = student_api.post(
        f"/api/v1/questions/{question.pk}/contributions/",
        {"body": "It keeps activations in a **stable range**."},
    )
    assert status == 201 and contribution["status"] == "pending"
    assert anonymous.get(question_path)[1]["answers"] == []

    assert student_api.get("/api/v1/moderation/queue/")[0] == 403
    status, queue = moderator_api.get("/api/v1/moderation/queue/")
    assert [item["id"] for item in queue["results"]] == [contribution["id"]]
    status, decided = moderator_api.post(
        f"/api/v1/moderation/contributions/{contribution['id']}/approve"
    )
    assert status == 200 and decided["status"] == "approved"

    status, shown = anonymous.get(question_path)
    assert [(a["body"], a["credit"]) for a in shown["answers"]] == [
        ("It keeps activations in a **stable range**.", "student")
    ]
    assert "<strong>stable range</strong>" in shown["answers"][0]["body_html"]
    status, page = anonymous.get(urlsplit(shown["url"]).path)
    assert status == 200 and "stable range" in page
    mine = student_api.get("/api/v1/contributions/")[1]["results"]
    assert [(c["id"], c["status"]) for c in mine] == [(contribution["id"], "approved")]
    status, log = moderator_api.get("/api/v1/moderation/log/")
    assert [(e["answer"], e["action"], e["moderator"]) for e in log["results"]] == [
        (contribution["id"], "approve", "moderator")
    ]
    status, again = moderator_api.post(
        f"/api/v1/moderation/contributions/{contribution['id']}/reject", {"reason": "Late."}
    )
    assert status == 409 and again["contribution"]["status"] == "approved"
