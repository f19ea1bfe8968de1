"""The status page: the right step marked in both languages, the dates reached, the reply-by
date until the desk answers, nothing personal, private headers, one 404 for every bad token."""

import re

import pytest
from flask_babel import gettext

from portal.db import transaction, utcnow
from portal.db.schema import leads
from portal.formatting import china_date, day
from portal.leads import pipeline
from portal.leads.answers import in_language
from portal.leads.tokens import new_token
from portal.status.progress import LABELS, RECEIVED, STEPS, WITH_DESK

from .helpers import PERSONAL, START, lead_with_link, move

LANGS = ("zh", "en")
PATHS = {  # the stages a lead passes through to reach each stage
    pipeline.NEW: (),
    pipeline.CONTACTED: (pipeline.CONTACTED,),
    pipeline.VISIT: (pipeline.CONTACTED, pipeline.VISIT),
    pipeline.NEGOTIATING: (pipeline.CONTACTED, pipeline.VISIT, pipeline.NEGOTIATING),
    pipeline.SIGNED: (pipeline.CONTACTED, pipeline.NEGOTIATING, pipeline.SIGNED),  # no visit
    pipeline.STARTED: (pipeline.CONTACTED, pipeline.VISIT, pipeline.NEGOTIATING, pipeline.SIGNED,
                       pipeline.STARTED),
    pipeline.PRODUCTION: (pipeline.CONTACTED, pipeline.VISIT, pipeline.NEGOTIATING, pipeline.SIGNED,
                          pipeline.STARTED, pipeline.PRODUCTION),
}
CURRENT = re.compile(r'<li class="step-current" aria-current="step">\s*<strong>([^<]+)</strong>')
STEP = re.compile(r'<li class="step-(done|current|ahead)"')


def texts(app, lang, **values):
    """Labels and dates as the page must show them in ``lang``."""
    with app.test_request_context(f"/{lang}/"), in_language(lang):
        return {key: str(value) if not callable(value) else value() for key, value in values.items()}


def page(app, lang, token):
    return app.test_client().get(f"/{lang}/status/{token}/")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stage", list(PATHS))
def test_the_current_step_and_the_dates_reached(staff_app, lang, stage):
    app = staff_app()
    lead_id, token = lead_with_link(app, lang="zh")
    times = move(app, lead_id, *PATHS[stage])
    response = page(app, lang, token)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in html  # the URL's language wins
    current = WITH_DESK if stage == pipeline.NEW else stage
    expected = texts(app, lang, label=LABELS[current], desk_step=LABELS[WITH_DESK],
                     received=lambda: china_date(START), reply_by=lambda: gettext(
                         "The desk will answer you by %(date)s.", date=day(START.date().replace(day=4))))
    states = STEP.findall(html)
    assert len(states) == len(STEPS)
    if stage == pipeline.PRODUCTION:  # the last step: every step is done, none is "current"
        assert states == ["done"] * len(STEPS)
        assert CURRENT.findall(html) == [] and 'aria-current="step"' not in html
        assert texts(app, lang, current=lambda: gettext("current step"))["current"] not in html
    else:
        assert CURRENT.findall(html) == [expected["label"]]
        assert states.index("current") == STEPS.index(current)
        assert states[:STEPS.index(current)] == ["done"] * STEPS.index(current)
        assert set(states[STEPS.index(current) + 1:]) <= {"ahead"}
    desk_name = "青岚县投资促进局" if lang == "zh" else "Qinglan County Investment Promotion Bureau"
    assert f">{desk_name}</a>" in html
    assert expected["received"] in html
    for at in times:
        assert texts(app, lang, when=lambda at=at: china_date(at))["when"] in html
    assert (expected["reply_by"] in html) is (stage == pipeline.NEW)


@pytest.mark.parametrize("lang", LANGS)
def test_a_closed_inquiry_is_told_kindly_with_the_steps_it_reached(staff_app, lang):
    app = staff_app()
    lead_id, token = lead_with_link(app, lang=lang)
    move(app, lead_id, pipeline.CONTACTED, pipeline.VISIT, pipeline.CLOSED)
    html = page(app, lang, token).get_data(as_text=True)
    expected = texts(app, lang, closed=lambda: str(pipeline.LABELS[pipeline.CLOSED]),
                     visit=LABELS[pipeline.VISIT], negotiating=LABELS[pipeline.NEGOTIATING])
    assert CURRENT.findall(html) == [expected["closed"]]
    assert STEP.findall(html) == ["done"] * 4 + ["current"]  # received, desk, contacted, visit
    assert expected["visit"] in html and expected["negotiating"] not in html
    assert "welcome to write to us again" in html or "欢迎" in html


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_personal_is_shown(staff_app, lang):
    app = staff_app()
    lead_id, token = lead_with_link(app, lang=lang, wechat="wxid_secret88", title="总经理")
    move(app, lead_id, pipeline.CONTACTED)
    with transaction(app) as connection:
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            leader="县长李四", department="县发改局"))
        reference = connection.execute(leads.select().where(leads.c.id == lead_id)).first().reference
    html = page(app, lang, token).get_data(as_text=True)
    for secret in (*PERSONAL, "wxid_secret88", "总经理", "县长李四", "县发改局"):
        assert secret not in html
    assert reference in html  # the investor's own reference, as the acknowledgement gave it


ASKED = {  # the item an inquiry named -> (its page's path, its title in zh, in en)
    "project:manganese-sulfate": ("projects/manganese-sulfate/", "电池级高纯硫酸锰项目",
                                  "Battery-grade High-purity Manganese Sulfate Project"),
    "park:materials-park": ("parks/materials-park/", "青岚新材料产业园",
                            "Qinglan New Materials Industry Park"),
    "unit:materials-park/M1-101": ("parks/materials-park/units/M1-101/", "青岚新材料产业园 · M1-101",
                                   "Qinglan New Materials Industry Park · M1-101"),
}
REFERENCE = re.compile(r'<p class="reference">(.*?)</p>', re.S)
ASKED_LINE = re.compile(r'<p class="asked">(.*?)</p>', re.S)


@pytest.mark.parametrize("lang", ("zh", "zh-hant", "en"))
@pytest.mark.parametrize("item", list(ASKED))
def test_the_page_names_the_reference_and_what_was_asked_about(staff_app, lang, item):
    """The acknowledgement's reference number, and the project, park or unit asked about,
    linked to its page in the page's language."""
    app = staff_app()
    lead_id, token = lead_with_link(app, lang="zh", item=item)
    move(app, lead_id, pipeline.CONTACTED)
    with transaction(app) as connection:
        reference = connection.execute(leads.select().where(leads.c.id == lead_id)).first().reference
    html = page(app, lang, token).get_data(as_text=True)
    [shown] = REFERENCE.findall(html)
    assert f"<strong>{reference}</strong>" in shown
    label = {"zh": "您的咨询编号：", "zh-hant": "您的諮詢編號：", "en": "Your reference number: "}[lang]
    assert shown.startswith(label)
    path, zh_title, en_title = ASKED[item]
    title = en_title if lang == "en" else zh_title
    if lang == "zh-hant":
        title = app.extensions["content"].current.hant.text(title)
        assert title != zh_title  # 电池级… / 青岚新材料… in traditional characters
    [asked] = ASKED_LINE.findall(html)
    assert f'<a href="/{lang}/{path}">{title}</a>' in asked
    assert app.test_client().get(f"/{lang}/{path}").status_code == 200


@pytest.mark.parametrize("item", [None, "project:no-longer-online", "unit:materials-park/Z9-999"])
def test_no_item_or_one_gone_from_the_site_is_not_named(staff_app, item):
    app = staff_app()
    _, token = lead_with_link(app, lang="zh", item=item)
    html = page(app, "zh", token).get_data(as_text=True)
    assert REFERENCE.findall(html) and ASKED_LINE.findall(html) == []
    assert "no-longer-online" not in html and "Z9-999" not in html


def test_private_headers_on_the_page_and_on_the_404(staff_app):
    app = staff_app()
    _, token = lead_with_link(app)
    for response in (page(app, "en", token), page(app, "en", new_token())):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def comparable(response, token):
    """The response with the URL's own token (echoed in the page's language links) put aside."""
    headers = {k: v for k, v in response.headers.items() if k not in ("Date", "Content-Length")}
    return response.status_code, headers, response.get_data(as_text=True).replace(token, "TOKEN")


@pytest.mark.parametrize("lang", LANGS)
def test_revoked_unknown_and_malformed_tokens_get_the_same_404(staff_app, lang):
    app = staff_app()
    lead_id, revoked = lead_with_link(app)
    erased_lead, erased = lead_with_link(app)
    with transaction(app) as connection:
        connection.execute(leads.update().where(leads.c.id == lead_id).values(status_revoked_at=utcnow()))
        connection.execute(leads.update().where(leads.c.id == erased_lead).values(erased_at=utcnow()))
    answers = {name: comparable(page(app, lang, token), token) for name, token in {
        "revoked": revoked, "erased": erased, "unknown": new_token(), "too short": "abc123",
        "too long": "Q" * 300, "not base64": "not~a~token"}.items()}
    assert answers["revoked"][0] == 404
    assert len({repr(answer) for answer in answers.values()}) == 1, answers.keys()


def test_the_step_labels_exist_for_every_step():
    assert set(LABELS) == set(STEPS) and STEPS[0] == RECEIVED


def test_an_error_on_the_page_never_logs_the_token(staff_app, monkeypatch, caplog):
    from flask.testing import FlaskClient

    from portal.status import views

    app = staff_app()
    _, token = lead_with_link(app)

    def broken(connection, token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "find", broken)
    with caplog.at_level("DEBUG"):  # a plain client: the suite's own fails any 500 at once
        response = FlaskClient(app, app.response_class).get(f"/en/status/{token}/")
    assert response.status_code == 500
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "the database went away" in caplog.text and token not in caplog.text
