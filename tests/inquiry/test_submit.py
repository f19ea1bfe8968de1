"""A sent inquiry becomes a lead: stored with both languages' labels, the page it came from, the
partner, the consent and its notice version; the visitor lands on a thank-you page with a
reference number and a named desk. On SQLite and on PostgreSQL."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from portal.db import aware

from ..helpers import page
from ..lead_helpers import Visitor, outbox_rows, stored_leads


def test_a_lead_stores_every_answer_with_both_labels(lead_app):
    app = lead_app()
    visitor = Visitor(app, "en", Referer="http://localhost/en/projects/manganese-sulfate/")
    visitor.open("?project=manganese-sulfate&ref=shenzhen-chamber")
    visitor.submit({"item": "project:manganese-sulfate", "industry": "materials", "region": "CN-GD",
                    "band": "50m-200m", "space": "land", "area": "50", "timing": "6m", "channel": "phone",
                    "message": "想了解电价。\n第二行", "consent_share": "y"})
    [lead] = stored_leads(app)
    assert re.fullmatch(r"QL-20\d\d-000001", lead.reference)
    assert lead.lang == "en" and lead.name == "张伟" and lead.phone == "+8613800138000"
    assert lead.source_page == "/en/projects/manganese-sulfate/"
    assert lead.ref == "shenzhen-chamber"
    assert lead.desk == "materials-team" and lead.routed_by == "item"
    assert lead.consent_version == "2026-11" and lead.consent_share and not lead.consent_newsletter
    assert abs(aware(lead.consent_at) - datetime.now(UTC)) < timedelta(minutes=1)
    assert lead.client_address == "127.0.0.1"
    answers = {a["field"]: a for a in lead.answers}
    assert answers["industry"]["label"] == {"zh": "产业", "en": "Industry"}
    assert answers["industry"]["text"] == {"zh": "新材料", "en": "New materials"}
    assert answers["region"]["text"] == {"zh": "广东", "en": "Guangdong"}
    assert answers["name"]["label"] == {"zh": "姓名", "en": "Your name"}
    assert answers["message"]["value"] == "想了解电价。\n第二行"
    assert answers["item"]["text"]["zh"] == "电池级高纯硫酸锰项目"


@pytest.mark.parametrize("lang,texts", [
    ("zh", ["咨询编号", "负责答复您的窗口", "新材料招商小分队", "0915-8812370", "2个工作日", "接下来"]),
    ("en", ["Your reference number", "Who will answer you", "0915-8812370", "2 working days",
            "What happens next"]),
])
def test_the_thank_you_page_names_the_reference_the_desk_and_the_promise(lead_app, lang, texts):
    app = lead_app()
    thanks = Visitor(app, lang).submit({"item": "project:manganese-sulfate"})
    text = page(thanks).text
    [lead] = stored_leads(app)
    assert lead.reference in text
    for expected in texts:
        assert expected in text
    assert thanks.headers["Cache-Control"] == "no-store"


def test_a_double_submit_stores_one_lead(lead_app):
    app = lead_app()
    visitor = Visitor(app)
    first, second = visitor.send(), visitor.send()
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored_leads(app)) == 1
    assert len(outbox_rows(app)) == 2  # the bureau and the acknowledgement, once each


def test_each_opened_form_is_a_new_inquiry(lead_app):
    app = lead_app()
    Visitor(app).submit()
    Visitor(app).submit()
    assert [lead.reference[-6:] for lead in stored_leads(app)] == ["000001", "000002"]


def test_without_consent_nothing_is_stored(lead_app):
    app = lead_app()
    assert Visitor(app).send({"consent": None}).status_code == 422
    assert stored_leads(app) == [] and outbox_rows(app) == []


def test_a_missing_csrf_token_keeps_the_input_and_a_second_try_works(lead_app):
    app = lead_app()
    visitor = Visitor(app, "zh")
    visitor.open()
    response = visitor.send({"company": "青岚锰业"}, csrf_token="forged")
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    assert 'value="青岚锰业"' in response.get_data(as_text=True)
    assert stored_leads(app) == []
    visitor.hidden = {}
    assert visitor.send().status_code == 303


def test_the_honeypot_refuses_robots(lead_app):
    app = lead_app()
    response = Visitor(app).send({"website": "http://spam.example"})
    assert response.status_code == 400
    assert stored_leads(app) == []


def test_a_form_sent_faster_than_a_person_can_is_refused_then_accepted(lead_app):
    app = lead_app(INQUIRY_MIN_FILL_SECONDS=60)
    visitor = Visitor(app, "en")
    response = visitor.send()
    assert response.status_code == 400 and "That was quick" in response.get_data(as_text=True)
    assert stored_leads(app) == []
    app.config["INQUIRY_MIN_FILL_SECONDS"] = 0  # the visitor checked their details for a minute
    assert visitor.send().status_code == 303


def test_a_forged_form_token_is_refused(lead_app):
    app = lead_app()
    response = Visitor(app).send(form_token="eyJ0IjoxfQ.forged.sig")
    assert response.status_code == 400
    assert stored_leads(app) == []


def test_the_partner_from_an_earlier_page_is_credited(lead_app):
    app = lead_app()
    visitor = Visitor(app)
    response = visitor.client.get("/en/projects/?ref=yrd-office")
    assert "ref=yrd-office" in response.headers["Set-Cookie"]
    assert "Max-Age=2592000" in response.headers["Set-Cookie"]  # 30 days
    visitor.submit()
    assert stored_leads(app)[0].ref == "yrd-office"


def test_the_partner_cookie_is_set_on_cached_pages_without_entering_the_cache(lead_app):
    app = lead_app()
    client = app.test_client()
    first = client.get("/zh/projects/?ref=shenzhen-chamber")
    second = client.get("/zh/projects/?ref=shenzhen-chamber")
    assert first.data == second.data
    assert "ref=shenzhen-chamber" in second.headers["Set-Cookie"]
    assert "private" in second.headers["Cache-Control"]
    assert "Set-Cookie" not in client.get("/zh/projects/").headers
    assert "Set-Cookie" not in client.get("/zh/projects/?ref=<script>").headers


@pytest.mark.parametrize("forwarded,stored", [
    ("2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::8a2e:370:7334"),
    ("203.0.113.7", "203.0.113.7"),
    ("::ffff:203.0.113.9", "203.0.113.9"),
])
def test_the_client_address_is_read_behind_the_trusted_proxy(lead_app, forwarded, stored):
    app = lead_app(PROXY_COUNT=1)
    Visitor(app, **{"X-Forwarded-For": f"198.51.100.66, {forwarded}"}).submit()
    assert stored_leads(app)[0].client_address == stored


def test_limits_per_address_count_an_ipv6_64_as_one_visitor(lead_app):
    app = lead_app(INQUIRY_LIMIT_PER_ADDRESS="2 per hour")

    def send_from(address, n):
        visitor = Visitor(app)
        visitor.client.environ_base["REMOTE_ADDR"] = address
        return visitor.send({"email": f"a{n}@example.com", "phone": ""})

    assert send_from("2001:db8:1:2::1", 1).status_code == 303
    assert send_from("2001:db8:1:2::2", 2).status_code == 303
    refused = send_from("2001:db8:1:2:ffff::3", 3)  # same /64: the same visitor
    assert refused.status_code == 429
    assert "0915-8812345" in refused.get_data(as_text=True)  # call us instead
    assert send_from("2001:db8:1:3::1", 4).status_code == 303  # another /64
    assert send_from("203.0.113.1", 5).status_code == 303
    assert len(stored_leads(app)) == 4


def test_limits_per_contact_hold_across_addresses(lead_app):
    app = lead_app(INQUIRY_LIMIT_PER_CONTACT="1 per day")
    first = Visitor(app)
    first.client.environ_base["REMOTE_ADDR"] = "203.0.113.1"
    first.submit()
    second = Visitor(app)
    second.client.environ_base["REMOTE_ADDR"] = "203.0.113.2"
    assert second.send({"email": "Zhang.Wei@EXAMPLE.com", "phone": ""}).status_code == 429
    assert second.send({"email": "", "phone": "+86 138-0013-8000"}).status_code == 429
    assert len(stored_leads(app)) == 1


def test_what_the_script_is_told_is_stored_without_a_confirm_step(lead_app):
    """The JavaScript flow through the test client: the script asks the endpoint as the visitor
    picks a project, writes the answer into the page, and the form is stored as it was shown."""
    from .helpers import Browser, notice

    app = lead_app()
    browser = Browser(app, "zh")
    assert "青岚县投资促进局" in notice(browser.open("?desk=bureau"))
    shown = browser.client.get("/zh/inquiry/route?item=project:tea-processing&desk=bureau").get_json()
    assert shown["text"].count("新农业招商小分队") == 1 and "青岚县投资促进局" in shown["text"]
    browser.hidden["route_shown"] = shown["fingerprint"]  # what inquiry.js does
    assert browser.send({"item": "project:tea-processing"}).status_code == 303
    [lead] = stored_leads(app)
    assert (lead.desk, lead.copies) == ("bureau", [{"desk": "agri-team", "reason": "item"}])


@pytest.mark.parametrize("lang,asks", [
    ("zh", "新农业招商小分队"),
    ("en", "Your inquiry will go to Modern Agriculture Investment Team. Copy to: Qinglan County "
           "Investment Promotion Bureau (a desk that answers in your language). Send it?"),
])
def test_without_javascript_a_changed_routing_is_confirmed_first(lead_app, lang, asks):
    from .helpers import Browser, confirm, notice

    app = lead_app()
    browser = Browser(app, lang)
    opened = browser.open("?project=manganese-sulfate")  # the page names the materials team
    assert {"zh": "新材料招商小分队", "en": "New Materials Investment Team"}[lang] in notice(opened)
    asked = browser.send({"item": "project:rice-cold-chain"})  # then the visitor picks another
    assert asked.status_code == 200 and stored_leads(app) == []
    assert asks in confirm(asked)
    assert 'name="confirm"' in asked.get_data(as_text=True)
    assert '<option selected value="project:rice-cold-chain"' in asked.get_data(as_text=True)
    assert browser.send({"item": "project:rice-cold-chain"}, confirm="1").status_code == 303
    assert [lead.desk for lead in stored_leads(app)] == ["agri-team"]


def test_a_form_from_before_the_routing_notice_is_stored_as_routed(lead_app):
    """A form that carries no shown routing (opened before this version) named no desk."""
    app = lead_app()
    visitor = Visitor(app)
    visitor.open()
    assert "route_shown" not in visitor.hidden  # the shared visitor sends the old fields only
    assert visitor.send({"item": "project:rice-cold-chain"}).status_code == 303


@pytest.mark.parametrize("query,desk", [
    ("", "bureau"), ("item=project:no-such&industry=weapons&region=XX&desk=<b>", "bureau"),
    ("industry=materials", "materials-team"), ("desk=agri-team&item=park:materials-park", "agri-team"),
])
def test_the_routing_endpoint_answers_any_query_and_is_never_cached(lead_app, query, desk):
    app = lead_app()
    response = app.test_client().get(f"/en/inquiry/route?{query}")
    assert response.status_code == 200 and response.get_json()["desk"] == desk
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert app.test_client().get("/xx/inquiry/route").status_code == 404
