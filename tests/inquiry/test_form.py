"""The inquiry form as a visitor meets it: in both languages, pre-filled, validated field by
field with messages in the visitor's language, and refused without consent."""

import re

import pytest

from ..helpers import page
from ..lead_helpers import Visitor, stored_leads

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def app(lead_app):
    return lead_app()


@pytest.mark.parametrize("lang,heading,consent", [
    ("en", "Send an inquiry", "I have read the privacy notice"),
    ("zh", "投资咨询", "我已阅读隐私说明"),
])
def test_the_form_speaks_the_visitors_language(app, lang, heading, consent):
    response = Visitor(app, lang).open()
    html = response.get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html
    assert consent in html
    assert response.headers["Cache-Control"] == "no-store"
    assert "2026-11" in html  # the privacy notice version from site.yaml


def test_consent_boxes_start_unticked_and_the_honeypot_is_empty(app):
    doc = page(Visitor(app).open())
    for name in ("consent", "consent_share", "consent_newsletter"):
        box = doc.find_all("input", name=name)[0]
        assert box.attrs["type"] == "checkbox" and "checked" not in box.attrs
    assert doc.find_all("input", name="website")[0].attrs["value"] == ""


@pytest.mark.parametrize("query,item,industry", [
    ("?project=manganese-sulfate", "project:manganese-sulfate", "materials"),
    ("?park=agri-park", "park:agri-park", ""),
    ("?unit=materials-park/M2-101", "unit:materials-park/M2-101", ""),
    ("?project=no-such-project", "", ""),
    ("?unit=materials-park/NOPE", "", ""),
])
def test_the_form_is_prefilled_from_the_link(app, query, item, industry):
    html = Visitor(app).open(query).get_data(as_text=True)
    assert selected(html, "item") == item
    assert selected(html, "industry") == industry


def selected(html, select_id):
    """The value of the selected option of a select ("" when none is)."""
    body = re.search(rf'<select[^>]* id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = re.search(r'<option selected value="([^"]*)"', body)
    return found.group(1) if found else ""


def test_a_leased_unit_is_offered_only_when_asked_about(app):
    html = Visitor(app).open().get_data(as_text=True)
    assert 'value="unit:materials-park/M2-101"' in html  # vacant
    assert 'value="unit:materials-park/M1-201"' not in html  # leased
    asked = Visitor(app).open("?unit=materials-park/M1-201").get_data(as_text=True)
    assert '<option selected value="unit:materials-park/M1-201">' in asked


# field -> answers that break it, and the message in each language
INVALID = {
    "name missing": ({"name": ""}, "name", "Please enter your name.", "请填写您的姓名。"),
    "name too long": ({"name": "张" * 101}, "name", "at most 100 characters", "最多100个字"),
    "no contact": ({"email": "", "phone": ""}, "email", "Please give an e-mail address or a phone number",
                   "请填写电子邮箱或电话"),
    "bad email": ({"email": "zhang@"}, "email", "Please enter a valid e-mail address",
                  "请填写有效的电子邮箱"),
    "bad phone": ({"phone": "12345"}, "phone", "Please enter a valid phone number", "请填写有效的电话号码"),
    "bad wechat": ({"wechat": "微信 号"}, "wechat", "A WeChat ID has letters", "微信号只能包含"),
    "channel phone without phone": ({"phone": "", "channel": "phone"}, "phone",
                                    "You chose phone", "您选择了电话联系"),
    "channel wechat without id": ({"channel": "wechat"}, "wechat", "You chose WeChat", "您选择了微信联系"),
    "channel email without email": ({"email": "", "channel": "email"}, "email", "You chose e-mail",
                                    "您选择了邮件联系"),
    "unknown choice": ({"industry": "weapons"}, "industry", "Please choose one of the options.",
                       "请从选项中选择"),
    "unknown channel": ({"channel": "fax"}, "channel", "Please choose one of the options.", "请从选项中选择"),
    "bad area": ({"area": "lots"}, "area", "Please enter a number", "请填写数字"),
    "message too long": ({"message": "x" * 5001}, "message", "at most 5000 characters", "最多5000个字"),
    "no consent": ({"consent": None}, "consent", "Please agree to the privacy notice",
                   "请同意隐私说明"),
    "newsletter without email": ({"email": "", "consent_newsletter": "y"}, "consent_newsletter",
                                 "The newsletter is sent by e-mail", "新闻简报通过电子邮件发送"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(INVALID))
def test_every_validation_error_is_shown_next_to_its_field_in_the_visitors_language(app, case, lang):
    answers, field, english, chinese = INVALID[case]
    response = Visitor(app, lang).send(answers)
    assert response.status_code == 422
    doc = page(response)
    errors = doc.find_all("p", id=f"{field}-error")
    assert errors, f"no error next to {field}"
    assert (english if lang == "en" else chinese) in errors[0].text
    assert stored_leads(app) == []


def test_the_visitors_input_is_kept_on_error(app):
    answers = {"name": "", "company": "青岚<锰业>", "message": "第一行\n第二行", "industry": "materials"}
    html = Visitor(app, "zh").send(answers).get_data(as_text=True)
    assert 'value="青岚&lt;锰业&gt;"' in html
    assert "第一行\n第二行</textarea>" in html
    assert '<option selected value="materials">' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="name-error"' in html


def test_the_error_summary_links_to_each_field(app):
    doc = page(Visitor(app).send({"name": "", "consent": None}))
    links = [a.attrs["href"] for a in doc.find_all("a") if a.attrs.get("href", "").startswith("#")]
    assert "#name" in links and "#consent" in links


def test_a_valid_inquiry_redirects_to_the_thank_you_page(app):
    visitor = Visitor(app, "zh")
    response = visitor.send({"item": "project:manganese-sulfate"})
    assert response.status_code == 303
    assert re.search(r"/zh/inquiry/thanks/[^/]+/$", response.headers["Location"])


def test_a_forged_thank_you_link_is_404(app):
    assert app.test_client().get("/en/inquiry/thanks/eyJyIjoiUUwtMSJ9.forged/").status_code == 404
