"""Hostile submissions get a clean 4xx or are stored inert; never a 500 (the test client fails
any 5xx by itself)."""

import io

import pytest

from ..lead_helpers import Visitor, outbox_rows, require_redis, stored_leads

HOSTILE_TEXT = [
    "<script>alert(document.cookie)</script>",
    "'; DROP TABLE leads; --",
    "Robert'); DELETE FROM outbox WHERE ('1'='1",
    "{{ 7*7 }} {% raw %}${7*7}",
    "\u202eevil\u202c",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_script_tags_and_sql_fragments_are_stored_as_text(lead_app, text):
    app = lead_app()
    visitor = Visitor(app)
    visitor.submit({"company": text[:200], "message": text})
    [lead] = stored_leads(app)
    assert lead.company == text[:200].strip()
    assert {a["field"]: a["value"] for a in lead.answers}["message"] == text.strip()
    assert len(outbox_rows(app)) == 2  # the tables are intact


def test_markup_is_escaped_when_the_form_comes_back(lead_app):
    app = lead_app()
    html = Visitor(app).send({"name": "", "company": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_10_mb_field_is_refused_with_413(lead_app):
    app = lead_app()
    response = Visitor(app, "zh").send({"message": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "请求内容过大" in response.get_data(as_text=True)
    assert stored_leads(app) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_body_over_the_form_limit_is_refused_even_without_a_length(lead_app):
    app = lead_app()
    visitor = Visitor(app)
    visitor.open()
    body = io.BytesIO(b"message=" + b"y" * (200 * 1024))
    response = visitor.client.post("/en/inquiry/", input_stream=body,
                                   content_type="application/x-www-form-urlencoded",
                                   environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413


def test_control_characters_and_nul_bytes_are_removed(lead_app):
    app = lead_app()
    Visitor(app).submit({"name": "张\x00伟\x07", "company": "A\r\nBcc: x@example.com",
                         "message": "line 1\r\nline 2\x1b[31m"})
    [lead] = stored_leads(app)
    assert lead.name == "张伟"
    assert lead.company == "A Bcc: x@example.com"
    assert {a["field"]: a["value"] for a in lead.answers}["message"] == "line 1\nline 2[31m"


def test_invalid_utf8_is_stored_inert(lead_app):
    app = lead_app()
    visitor = Visitor(app)
    visitor.open()
    fields = "&".join(f"{k}={v}" for k, v in visitor.hidden.items())
    body = (fields + "&name=%E5%BC%A0%FF%FE&email=a%40example.com&consent=y&message=%C3%28%80").encode()
    response = visitor.client.post("/en/inquiry/", data=body,
                                   content_type="application/x-www-form-urlencoded")
    assert response.status_code in (303, 400, 422)
    for lead in stored_leads(app):
        assert "\udcff" not in lead.name  # no lone surrogates reach the database


@pytest.mark.parametrize("content_type,body", [
    ("application/json", b'{"name": ["a", {"b": 1}], "consent": true}'),
    ("application/json", b"\xff\xfe{"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"),
    ("text/plain", b"name=a"),
])
def test_odd_bodies_are_a_clean_4xx(lead_app, content_type, body):
    app = lead_app()
    response = app.test_client().post("/en/inquiry/", data=body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert stored_leads(app) == []


@pytest.mark.parametrize("field", ["region", "item", "band", "timing", "space", "channel"])
def test_values_outside_the_choices_are_refused(lead_app, field):
    app = lead_app()
    assert Visitor(app).send({field: "'; DROP TABLE leads; --"}).status_code == 422


def test_an_absurd_source_page_or_partner_is_not_stored(lead_app):
    app = lead_app()
    Visitor(app).submit(source="https://evil.example/phish", ref="<script>")
    [lead] = stored_leads(app)
    assert lead.source_page is None and lead.ref is None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_limits_in_redis_when_configured(lead_app):
    require_redis()
    from ..lead_helpers import REDIS_URL

    app = lead_app(RATELIMIT_STORAGE_URI=REDIS_URL, INQUIRY_LIMIT_PER_CONTACT="1 per day")
    app.extensions["inquiry_limits"].limiter.storage.reset()
    assert Visitor(app).send().status_code == 303
    assert Visitor(app).send().status_code == 429  # the same contact
    assert len(stored_leads(app)) == 1
    app.extensions["inquiry_limits"].limiter.storage.reset()
