"""A partner's credit, end to end on both databases: a visitor opens a link from the partner's
page (it carries ?ref=), sends an inquiry; the partner's private page counts it, and once staff
move the lead to signed, a signed project with its contracted investment; the page shows nothing
personal. Links are issued and revoked by admins (audited) or by ``portal partners link``;
revoked, unknown and malformed tokens answer the same 404."""

import html as markup
import re
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.db import engine, transaction
from portal.db.schema import partner_links
from portal.leads import changes

from ..helpers import Page
from ..inquiry.helpers import Browser
from ..lead_helpers import GOOD, outbox_rows, stored_leads
from ..staff.helpers import Staff, add_user, audit_rows

MESSAGE = "我们想了解锂电正极材料项目的用地条件 Plan-7731"
PERSONAL = (GOOD["name"], GOOD["company"], GOOD["email"], "13800138000", "138 0013 8000", "Plan-7731")
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


def credit_figure(html, name):
    return markup.unescape(re.search(rf'<dd id="credit-{name}">([^<]*)</dd>', html).group(1))


def issue_by_staff(admin, slug="shenzhen-chamber", lang="en"):
    admin.get("/staff/partner-links/")
    response = admin.post("/staff/partner-links/issue", {"partner": slug, "lang": lang})
    assert response.status_code == 200
    url = re.search(r'<code class="issued-url">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    return url.removeprefix("http://localhost")


@pytest.fixture
def sample(sample_lead_app):
    """An app on the sample content (whose partners are real desks) and a signed-in admin."""
    app = sample_lead_app
    add_user(app, "admin.a", "admin")
    admin = Staff(app, "admin.a")
    assert admin.login().status_code == 303
    return app, admin


def test_a_link_from_the_partner_page_is_credited_and_counted_without_anything_personal(sample):
    app, admin = sample
    credit = issue_by_staff(admin)
    assert credit_figure(app.test_client().get(credit).get_data(as_text=True), "inquiries") == "0"

    visitor = Browser(app, "en")
    partner_page = visitor.client.get("/en/partners/shenzhen-chamber/").get_data(as_text=True)
    link = markup.unescape(re.search(r'href="(/en/projects/lithium-manganate-cathode/\?ref=[^"]+)"',
                                     partner_page).group(1))
    assert visitor.client.get(link).status_code == 200  # the visitor arrives through the partner's link
    query = "?project=lithium-manganate-cathode"
    visitor.open(query)
    answers = {"item": "project:lithium-manganate-cathode", "industry": "materials", "message": MESSAGE}
    sent = visitor.send(answers, query)
    if sent.status_code == 200:  # the form names the desk it goes to and asks once more
        assert 'id="route-confirm"' in sent.get_data(as_text=True)
        sent = visitor.send(answers, query)
    assert sent.status_code == 303
    [lead] = stored_leads(app)
    assert lead.ref == "shenzhen-chamber"

    response = app.test_client().get(credit)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and {k: response.headers[k] for k in PRIVATE} == PRIVATE
    assert credit_figure(html, "inquiries") == "1" and credit_figure(html, "signed") == "0"
    assert "2026" in re.search(r'<table id="credit-months">.*?</table>', html, re.S).group(0)
    items = re.search(r'<table id="credit-items">.*?</table>', html, re.S).group(0)
    assert "Lithium Manganese" in items  # the project asked about, by its public title

    with transaction(app) as connection:
        changes.move_stage(connection, lead, "signed", None, amount=Decimal("20000"),
                           signed_on=date(2026, 11, 20))
    html = app.test_client().get(credit).get_data(as_text=True)
    assert credit_figure(html, "signed") == "1"
    assert credit_figure(html, "contracted").startswith("20,000")
    stages = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>',
                             re.search(r'<table id="credit-stages">.*?</table>', html, re.S).group(0)))
    assert stages["New"] == "1" and stages["Signed"] == "1" and stages["In production"] == "0"
    for personal in (*PERSONAL, lead.reference):
        assert personal not in html, personal

    # The monthly report names the partner by its desk's name, in the page's language.
    add_user(app, "wang", "viewer")
    for lang, name in (("zh", "深圳青岚商会"), ("en", "Shenzhen Qinglan Chamber of Commerce")):
        viewer = Staff(app, "wang", lang=lang)
        viewer.login()
        report = viewer.get("/staff/reports/monthly/").get_data(as_text=True)
        row = re.search(r'<table id="t-by_partner">.*?<tr data-key="shenzhen-chamber">\s*'
                        r'<th[^>]*>([^<]+)</th>', report, re.S)
        assert row and row.group(1) == name


def follow_the_inquiry_button(visitor, page_url):
    """Open ``page_url``, follow its inquiry button as a browser does (the page as referrer) and
    return the query string of the form's address."""
    page_html = visitor.client.get(page_url).get_data(as_text=True)
    link = re.search(r'<a class="button" href="(/[a-z-]+/inquiry/[^"]*)"', page_html).group(1)
    link = markup.unescape(link)
    visitor.headers = {"Referer": f"http://localhost{page_url}"}
    return link.partition("/inquiry/")[2]


def test_an_inquiry_sent_from_the_chambers_own_page_is_credited_to_it(sample):
    """A visitor reaches /zh/contact/shenzhen-chamber/ without any ref (a search engine, a
    printed address) and asks the bureau from there: the chamber gets the credit, its page
    counts it, and the staff mail names it by its name."""
    app, admin = sample
    credit = issue_by_staff(admin, lang="zh")
    visitor = Browser(app, "zh")
    query = follow_the_inquiry_button(visitor, "/zh/contact/shenzhen-chamber/")
    visitor.open(query)
    sent = visitor.send({"message": MESSAGE}, query)
    assert sent.status_code == 303, sent.get_data(as_text=True)[-2000:]
    [lead] = stored_leads(app)
    assert lead.ref == "shenzhen-chamber" and lead.desk == "bureau"
    assert lead.source_page == "/zh/contact/shenzhen-chamber/"
    assert credit_figure(app.test_client().get(credit).get_data(as_text=True), "inquiries") == "1"
    [staff] = [row for row in outbox_rows(app) if row.kind != "acknowledgement"]
    named = ("推荐方 Referred by (partner): 深圳青岚商会 Shenzhen Qinglan Chamber of Commerce"
             "（shenzhen-chamber）")
    assert named in staff.body


def test_a_ref_that_is_no_partner_is_shown_as_typed_in_the_staff_mail(sample):
    app, _ = sample
    Browser(app, "en").submit({"message": MESSAGE}, "?ref=wechat-group-7")
    [staff] = [row for row in outbox_rows(app) if row.kind != "acknowledgement"]
    assert "推荐方 Referred by (partner): wechat-group-7（" in staff.body and "names no desk" in staff.body


@pytest.mark.parametrize("lang, industries", [
    ("zh", "新材料、商贸物流"), ("en", "New materials, Trade and logistics")])
def test_an_inquiry_about_a_unit_counts_under_its_parks_industries(sample, lang, industries):
    """The form asks for no industry when the visitor picks a factory unit: the credit page
    counts it under the industries of the unit's park, not as "not given"."""
    app, admin = sample
    credit = issue_by_staff(admin, lang=lang)
    visitor = Browser(app, lang)
    query = "?unit=new-materials-park/4-201&ref=shenzhen-chamber"
    visitor.open(query)
    assert visitor.send({"item": "unit:new-materials-park/4-201", "industry": "", "message": MESSAGE},
                        query).status_code == 303
    [lead] = stored_leads(app)
    assert lead.ref == "shenzhen-chamber" and lead.industry is None
    html = app.test_client().get(credit).get_data(as_text=True)
    table = re.search(r'<table id="credit-industries">.*?</table>', html, re.S).group(0)
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', table))
    assert {markup.unescape(k): v for k, v in rows.items()} == {industries: "1"}


def test_the_monthly_report_credits_partners_only(sample):
    """A lead that came through no partner is no partner's: it is not a row of the reward table
    (it was one, "(none)", with a reward base), but a line of its own beside the table."""
    app, _ = sample
    Browser(app, "zh").submit({"message": MESSAGE}, "?ref=shenzhen-chamber")
    Browser(app, "zh").submit({"message": "想了解标准化厂房的租金"})
    Browser(app, "en").submit({"message": "Land price for a 50 mu plot?"})
    add_user(app, "wang", "viewer")
    viewer = Staff(app, "wang", lang="en")
    viewer.login()
    report = viewer.get("/staff/reports/monthly/").get_data(as_text=True)
    for table in ("partner_credit_month", "partner_credit_year"):
        section = re.search(rf'<section class="report-table" aria-labelledby="{table}-heading">.*?</section>',
                            report, re.S).group(0)
        assert re.findall(r'<tr data-key="([^"]+)">', section) == ["shenzhen-chamber"]
        assert "Not referred by a partner" in section and "leads 2, signed 0" in section


def test_revoked_unknown_and_malformed_tokens_answer_the_same_404(sample):
    app, admin = sample
    credit = issue_by_staff(admin, "prd-office", "zh")
    client = app.test_client()
    assert client.get(credit).status_code == 200
    with engine(app).connect() as connection:
        [row] = connection.execute(sa.select(partner_links)).all()
    assert row.partner == "prd-office" and row.created_by == "admin.a"
    assert credit.rstrip("/").rsplit("/", 1)[1] not in str(tuple(row))  # only the hash is stored
    admin.get("/staff/partner-links/")
    assert admin.post(f"/staff/partner-links/{row.id}/revoke").status_code == 303
    assert admin.post(f"/staff/partner-links/{row.id}/revoke").status_code == 404  # once only
    assert [(r.event, r.object, r.user_name) for r in audit_rows(app) if r.event.startswith("partner.")] == [
        ("partner.link-issued", "prd-office", "admin.a"), ("partner.link-revoked", "prd-office", "admin.a")]
    unknown = "/zh/partners/credit/" + "A" * 32 + "/"
    answers = [client.get(url) for url in (credit, unknown, "/zh/partners/credit/%00%3Cx%3E/",
                                            "/zh/partners/credit/" + "x" * 2000 + "/")]
    assert {r.status_code for r in answers} == {404}
    assert len({Page(r.get_data(as_text=True)).text for r in answers}) == 1  # the same page for each
    assert all("partners/credit" not in Page(r.get_data(as_text=True)).text for r in answers)  # nor printed
    assert all({k: r.headers[k] for k in PRIVATE} == PRIVATE for r in answers)


def test_only_admins_issue_links_and_the_cli_prints_one_for_it(sample):
    app, _ = sample
    add_user(app, "li.na", "desk", desk="agri-team")
    desk_staff = Staff(app, "li.na")
    desk_staff.login()
    assert desk_staff.get("/staff/partner-links/").status_code == 403
    desk_staff.get("/staff/password")
    assert desk_staff.post("/staff/partner-links/issue", {"partner": "prd-office"}).status_code == 403
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["partners", "link", "bureau"])
    assert refused.exit_code != 0 and "not a partner" in refused.output
    printed = runner.invoke(args=["partners", "link", "yrd-office", "--lang", "en"])
    assert printed.exit_code == 0, printed.output
    assert "PORTAL_SITE_URL is not set" in printed.stderr  # the test app has no site URL
    url = printed.stdout.strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/en/partners/credit/[A-Za-z0-9_-]{32}/", url)
    response = app.test_client().get(url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200 and "Inquiries brought" in response.get_data(as_text=True)
    [row] = [r for r in audit_rows(app) if r.event == "partner.link-issued"]
    assert row.object == "yrd-office" and url.split("/")[-2] not in str(tuple(row))
