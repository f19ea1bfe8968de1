"""The rating: offered once the desk has answered, sent once (CSRF-protected), then thanks."""

import re

import pytest
import sqlalchemy as sa
from flask_babel import gettext

from portal.db import engine
from portal.db.schema import feedback, leads
from portal.leads import pipeline
from portal.leads.answers import in_language
from portal.status.feedback import QUESTIONS

from .helpers import lead_with_link, move

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
GOOD = {"responsiveness": "5", "attitude": "4", "information": "3", "problem_solving": "4", "overall": "5"}
HOSTILE = '</textarea><script>alert("x")</script><img src=x onerror=alert(1)>'


def ratings(app):
    with engine(app).connect() as connection:
        return connection.execute(sa.select(feedback).order_by(feedback.c.id)).all()


def say(app, lang, text):
    with app.test_request_context(f"/{lang}/"), in_language(lang):
        return gettext(text)


def answered_lead(app, lang="en", stage=pipeline.CONTACTED):
    lead_id, token = lead_with_link(app, lang=lang)
    move(app, lead_id, stage)
    return lead_id, token


def open_page(client, lang, token):
    response = client.get(f"/{lang}/status/{token}/")
    found = CSRF.search(response.get_data(as_text=True))
    return response, found.group(1) if found else None


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_rated_once_then_thanked(staff_app, lang):
    app = staff_app()
    lead_id, token = answered_lead(app, lang)
    client = app.test_client()
    response, csrf = open_page(client, lang, token)
    html = response.get_data(as_text=True)
    assert csrf and 'type="radio"' in html and html.count('type="radio"') == 5 * len(QUESTIONS)
    sent = client.post(f"/{lang}/status/{token}/", data={**GOOD, "comment": "很好", "csrf_token": csrf})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/{lang}/status/{token}/")
    [row] = ratings(app)
    assert row.lead_id == lead_id and row.desk == "bureau" and row.comment == "很好"
    assert row.scores == {key: int(value) for key, value in GOOD.items()}
    thanked = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert say(app, lang, "Thank you for rating our service") in thanked
    assert 'type="radio"' not in thanked and "csrf_token" not in thanked
    again = client.post(f"/{lang}/status/{token}/", data={**GOOD, "overall": "1", "csrf_token": csrf})
    assert again.status_code == 303
    assert [r.scores["overall"] for r in ratings(app)] == [5]


def test_the_desk_stored_is_the_desk_of_the_moment(staff_app):
    app = staff_app()
    _, token = answered_lead(app)
    with engine(app).begin() as connection:
        connection.execute(leads.update().values(desk="agri-team"))
    client = app.test_client()
    _, csrf = open_page(client, "en", token)
    client.post(f"/en/status/{token}/", data={**GOOD, "csrf_token": csrf})
    assert [r.desk for r in ratings(app)] == ["agri-team"]


def test_no_rating_before_the_desk_answers(staff_app):
    app = staff_app()
    _, token = lead_with_link(app)
    client = app.test_client()
    response, csrf = open_page(client, "en", token)
    assert response.status_code == 200 and 'type="radio"' not in response.get_data(as_text=True)
    assert client.post(f"/en/status/{token}/", data=GOOD).status_code == 404
    assert ratings(app) == []


def test_a_post_without_the_csrf_token_is_refused(staff_app):
    app = staff_app()
    _, token = answered_lead(app)
    client = app.test_client()
    open_page(client, "en", token)
    response = client.post(f"/en/status/{token}/", data=GOOD)
    assert response.status_code == 400
    forged = client.post(f"/en/status/{token}/", data={**GOOD, "csrf_token": "forged"})
    assert forged.status_code == 400
    assert ratings(app) == []


def test_unknown_token_cannot_rate(staff_app):
    app = staff_app()
    _, token = answered_lead(app)
    client = app.test_client()
    _, csrf = open_page(client, "en", token)
    assert client.post("/en/status/unknown-token/", data={**GOOD, "csrf_token": csrf}).status_code == 404
    assert ratings(app) == []


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_a_missing_answer_is_asked_again_with_the_hostile_comment_escaped(staff_app, lang):
    app = staff_app()
    _, token = answered_lead(app, lang)
    client = app.test_client()
    _, csrf = open_page(client, lang, token)
    data = {**GOOD, "comment": HOSTILE, "csrf_token": csrf}
    del data["overall"]
    response = client.post(f"/{lang}/status/{token}/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert say(app, lang, "Please choose one of the five answers.") in html
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html  # kept in the box, as text
    assert ratings(app) == []


def test_a_hostile_comment_is_stored_as_text_and_never_shown(staff_app):
    app = staff_app()
    _, token = answered_lead(app)
    client = app.test_client()
    _, csrf = open_page(client, "en", token)
    client.post(f"/en/status/{token}/", data={**GOOD, "comment": HOSTILE, "csrf_token": csrf})
    assert [r.comment for r in ratings(app)] == [HOSTILE]
    assert "alert" not in client.get(f"/en/status/{token}/").get_data(as_text=True)


def test_a_score_outside_one_to_five_and_a_long_comment_are_refused(staff_app):
    app = staff_app()
    _, token = answered_lead(app)
    client = app.test_client()
    _, csrf = open_page(client, "en", token)
    for bad in ({"overall": "6"}, {"overall": "x"}, {"comment": "长" * 2001}):
        response = client.post(f"/en/status/{token}/", data={**GOOD, **bad, "csrf_token": csrf})
        assert response.status_code == 400
    assert ratings(app) == []
