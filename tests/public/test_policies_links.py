"""Incentives tied to what they apply to: a project's incentives link to their policies, a
policy lists the projects, parks and units it applies to, expired policies are labelled
everywhere and never offered as applying; broken and unsourced references are reported."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest

from portal.cli import main
from portal.content.policies import applicable_policies, applies_to, china_today
from portal.content.store import load_content

from ..conftest import SAMPLE_CONTENT
from ..helpers import Page, edit, page

LANGS = ("zh", "en")
TEA = "projects/tea-processing/index.zh.md"
SULFATE = "projects/manganese-sulfate/index.zh.md"


def links(response):
    return [e.attrs.get("href", "") for e in page(response).elements if e.tag == "a"]


def section(response, heading_id):
    """The text of the ``<section>`` whose heading has ``heading_id``, from the raw HTML."""
    html = response.get_data(as_text=True)
    start = html.rfind("<section", 0, html.index(f'id="{heading_id}"'))
    return page_text(html[start:html.index("</section>", start)])


def page_text(html):
    return Page(html).text


# The sample content: each incentive bullet of the manganese project links to its policy.

@pytest.mark.parametrize("lang", LANGS)
def test_each_incentive_of_a_project_links_to_its_policy(sample_client, lang):
    response = sample_client.get(f"/{lang}/projects/manganese-deep-processing/")
    hrefs = links(response)
    for slug in ("western-development-tax", "tech-upgrading-subsidy", "factory-rent-support"):
        assert f"/{lang}/policies/{slug}/" in hrefs
    text = section(response, "incentives-h")
    assert "青财发〔2025〕27号" in text  # the document number beside the claim
    assert ("2028" in text) and ("valid" in text or "有效" in text or "2025" in text)


@pytest.mark.parametrize("lang", LANGS)
def test_a_policy_lists_the_projects_and_parks_it_applies_to(sample_client, lang):
    response = sample_client.get(f"/{lang}/policies/tech-upgrading-subsidy/")
    hrefs = links(response)
    assert f"/{lang}/projects/manganese-deep-processing/" in hrefs  # named by the project
    assert f"/{lang}/parks/new-materials-park/" in hrefs  # matched by industry and park
    assert f"/{lang}/parks/xinyuan-agri-park/" not in hrefs  # not one of its parks
    assert f"/{lang}/projects/tea-culture-town/" not in hrefs  # tourism, no park


@pytest.mark.parametrize("lang", LANGS)
def test_a_park_names_its_policies_and_the_policy_lists_the_park(sample_client, sample_app, lang):
    content = sample_app.extensions["content"].current
    park = content.get("parks", "xinyuan-agri-park", lang)
    found = [p.slug for p in applicable_policies(content, park, lang)]
    assert found[:2] == ["industrial-land-support", "proxy-approval-service"]  # named first
    assert "selenium-agri-processing-subsidy" in found  # matched: its industries and park
    assert "tech-upgrading-subsidy" not in found
    hrefs = links(sample_client.get(f"/{lang}/policies/proxy-approval-service/"))
    assert f"/{lang}/parks/xinyuan-agri-park/" in hrefs


def test_a_unit_gets_the_policies_it_names_and_those_for_its_park(sample_app):
    content = sample_app.extensions["content"].current
    unit = SimpleNamespace(park="new-materials-park", policies=("talent-attraction",))
    found = [p.slug for p in applicable_policies(content, unit, "zh")]
    assert found[0] == "talent-attraction"
    assert {"factory-rent-support", "tech-upgrading-subsidy"} <= set(found)
    # A policy for an industry but no park is not offered for a unit.
    assert "western-development-tax" not in found
    plain = SimpleNamespace(park="xinyuan-agri-park", policies=())
    assert [p.slug for p in applicable_policies(content, plain, "zh")] == [
        "selenium-agri-processing-subsidy"]


def test_matching_follows_industry_and_park(app):
    content = app.extensions["content"].current
    sulfate = content.get("projects", "manganese-sulfate", "en")
    # land-support sets industries [materials, agriculture]: it matches every fixture project.
    assert [p.slug for p in applicable_policies(content, sulfate, "en")] == ["land-support"]
    found = applies_to(content, content.get("policies", "land-support", "en"), "en")
    assert {p.slug for p in found["projects"]} == {"manganese-sulfate", "rice-cold-chain",
                                                   "tea-processing"}
    assert {p.slug for p in found["parks"]} == {"materials-park", "agri-park"}
    # It names no parks: a unit gets it only where its units.csv names it.
    assert all("land-support" in (getattr(u, "policies", ()) or ()) for _park, u in found["units"])


# Expired policies: labelled everywhere, never offered as applying.

@pytest.fixture
def expired_claimed(content_copy, make_app):
    """The sulfate project claims an incentive of the expired referral policy, which now also
    matches its industry; the tea project claims one with no policy at all."""
    edit(content_copy / "policies/referral-reward-2023/index.zh.md", "categories:",
         "industries: [materials]\ncategories:")
    edit(content_copy / SULFATE, "desk: materials-team",
         "desk: materials-team\nincentives:\n  - text: 引荐奖励\n    policy: referral-reward-2023")
    en = content_copy / "projects/manganese-sulfate/index.en.md"
    edit(en, "\n---\n", "\nincentives:\n  - text: Referral reward\n    policy: referral-reward-2023\n---\n")
    edit(content_copy / TEA, "desk: agri-team",
         "desk: agri-team\nincentives:\n  - text: 最高2000万元技术改造补助")
    app = make_app(content_copy)
    assert [str(p) for p in app.extensions["content"].errors] == []
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_an_expired_policy_is_labelled_on_the_project_page(expired_claimed, lang):
    client = expired_claimed.test_client()
    response = client.get(f"/{lang}/projects/manganese-sulfate/")
    text = section(response, "incentives-h")
    assert "Expired" in text or "已失效" in text or "已过期" in text
    assert f"/{lang}/policies/referral-reward-2023/" in links(response)
    content = expired_claimed.extensions["content"].current
    item = content.get("projects", "manganese-sulfate", lang)
    assert "referral-reward-2023" not in [p.slug for p in applicable_policies(content, item, lang)]
    # Not offered among the policies that apply: only the claim links to it, once.
    assert links(response).count(f"/{lang}/policies/referral-reward-2023/") == 1


def test_a_claim_naming_an_expired_policy_is_a_warning(expired_claimed, content_copy):
    found = [p for p in problems_of(content_copy) if p.value == "referral-reward-2023"]
    assert [(p.path, p.field, p.severity) for p in found] == [
        (SULFATE, "incentives.0.policy", "warning")]
    assert "2025-12-31" in found[0].en and found[0].line is not None


@pytest.mark.parametrize("lang", LANGS)
def test_an_expired_policy_is_labelled_on_its_page_and_in_the_list(client, lang):
    from flask_babel import force_locale, gettext

    with client.application.test_request_context(), force_locale(lang):
        expired = gettext("Expired")
    policy = client.get(f"/{lang}/policies/referral-reward-2023/")
    assert policy.status_code == 200  # still reachable: links to it are shared
    assert expired in page(policy).text
    listing = page(client.get(f"/{lang}/policies/"))
    rows = [e.text for e in listing.elements if e.tag == "article"]
    referral = [r for r in rows if "2023" in r and ("引荐" in r or "Referral" in r)]
    assert referral and expired in referral[0]
    current = [r for r in rows if "用地" in r or "land" in r.lower()]
    assert current and expired not in current[0]


def test_expiry_follows_the_date_in_china(app):
    content = app.extensions["content"].current
    policy = content.get("policies", "referral-reward-2023", "zh")
    assert policy.expired(policy.effective_to + timedelta(days=1))
    assert not policy.expired(policy.effective_to)
    assert china_today() > policy.effective_to


# Problems: broken references named with file, line, field and value; unsourced incentives.

def problems_of(root):
    _content, problems = load_content(root)
    return problems


@pytest.mark.parametrize(("path", "old", "new", "field"), [
    (SULFATE, "desk: materials-team", "desk: materials-team\npolicies: [land-support, no-such-policy]",
     "policies.1"),
    (SULFATE, "desk: materials-team",
     "desk: materials-team\nincentives:\n  - text: 补助\n    policy: no-such-policy",
     "incentives.0.policy"),
    ("policies/land-support/index.zh.md", "categories:", "parks: [no-such-policy]\ncategories:",
     "parks.0"),
])
def test_a_broken_policy_reference_names_file_line_field_and_value(content_copy, path, old, new,
                                                                   field):
    edit(content_copy / path, old, new)
    lines = (content_copy / path).read_text(encoding="utf-8").splitlines()
    expected_line = next(i for i, text in enumerate(lines, 1) if "no-such-policy" in text)
    # Items naming the item kept back have knock-on problems (``cause``), shown under this one.
    found = [p for p in problems_of(content_copy) if p.severity == "error" and not p.cause]
    assert len(found) == 1, [str(p) for p in found]
    problem = found[0]
    assert (problem.path, problem.line, problem.field, problem.value) == (
        path, expected_line, field, "no-such-policy")
    existing = "materials-park" if field == "parks.0" else "land-support"
    assert existing in problem.en and existing in problem.zh  # names the folders there are


def test_portal_check_reports_a_broken_policy_reference(content_copy, runner):
    edit(content_copy / SULFATE, "desk: materials-team", "desk: materials-team\npolicies: [nope]")
    result = runner.invoke(main, ["check", str(content_copy)])
    assert result.exit_code != 0
    assert "projects/manganese-sulfate/index.zh.md" in result.output and "nope" in result.output


def test_an_incentive_without_a_policy_is_a_warning(expired_claimed, runner, content_copy):
    problems = problems_of(content_copy)
    unsourced = [p for p in problems if p.field == "incentives.0" and p.path == TEA]
    assert len(unsourced) == 1
    warning = unsourced[0]
    assert warning.severity == "warning"
    assert warning.value == "最高2000万元技术改造补助"
    assert warning.line is not None
    result = runner.invoke(main, ["check", str(content_copy)])
    assert "最高2000万元技术改造补助" in result.output
    # Published all the same, with no link behind the claim.
    response = expired_claimed.test_client().get("/en/projects/tea-processing/")
    assert "最高2000万元技术改造补助" in page(response).text


def test_every_incentive_in_the_sample_content_has_its_policy(sample_app):
    content = sample_app.extensions["content"].current
    claims = [c for p in content.items("projects", "zh") for c in p.incentives]
    assert len(claims) >= 5 and all(c.policy for c in claims)
    warnings = [p for p in sample_app.extensions["content"].problems
                if (p.field or "").startswith("incentives")]
    assert warnings == []


def test_the_translation_must_name_the_same_policies(content_copy):
    edit(content_copy / SULFATE, "desk: materials-team",
         "desk: materials-team\nincentives:\n  - text: 补助\n    policy: land-support")
    en = content_copy / "projects/manganese-sulfate/index.en.md"
    edit(en, "\n---\n", "\nincentives:\n  - text: Subsidy\n    policy: referral-reward-2023\n---\n")
    found = [p for p in problems_of(content_copy) if p.severity == "error"]
    assert [(p.path, p.field) for p in found] == [
        ("projects/manganese-sulfate/index.en.md", "incentives")]


def test_figures_basis_must_name_a_year_and_is_asked_for(content_copy):
    edit(content_copy / SULFATE, "figures_basis: 可研估算 2025", "figures_basis: 可研估算")
    found = [p for p in problems_of(content_copy) if p.field == "figures_basis"]
    assert [(p.severity, p.value) for p in found] == [("error", "可研估算")]
    edit(content_copy / SULFATE, "figures_basis: 可研估算\n", "")
    found = [p for p in problems_of(content_copy) if p.field == "figures_basis"]
    assert [(p.path, p.severity) for p in found] == [(SULFATE, "warning")]


def test_a_body_heading_repeating_a_field_is_a_warning(content_copy):
    edit(content_copy / TEA, "## 项目概况", "## 建设内容\n\n- 重复\n\n## 项目概况")
    found = [p for p in problems_of(content_copy) if p.field == "body" and p.path == TEA]
    assert [(p.severity, p.value) for p in found] == [("warning", "建设内容")]
    text = (content_copy / TEA).read_text(encoding="utf-8").splitlines()
    assert text[found[0].line - 1] == "## 建设内容"


def test_the_sample_content_repeats_no_field_in_a_body(sample_app):
    repeated = [str(p) for p in sample_app.extensions["content"].problems if p.field == "body"
                and "repeats" in p.en]
    assert repeated == []


def sample_pages():
    root = SAMPLE_CONTENT
    return ([f"/{lang}/projects/{p.name}/" for lang in LANGS
             for p in sorted((root / "projects").iterdir()) if p.is_dir()]
            + [f"/{lang}/parks/{p.name}/" for lang in LANGS
               for p in sorted((root / "parks").iterdir()) if p.is_dir()])


@pytest.mark.parametrize("url", sample_pages())
def test_no_section_is_repeated_on_a_sample_page(sample_client, url):
    html = sample_client.get(url).get_data(as_text=True)
    html = re.sub(r'<article class="sheet".*?</article>', "", html, flags=re.S)  # print only
    shown = Page(html)
    headings = [e.text.casefold() for e in shown.elements if e.tag in ("h2", "h3") and e.text]
    repeated = {h for h in headings if headings.count(h) > 1}
    assert repeated == set()
