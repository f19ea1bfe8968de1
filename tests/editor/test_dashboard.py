"""The content dashboard (issue 19, item 13) through HTTP, on SQLite and PostgreSQL: each list
fills from real work (drafts, reviews, approvals, hand edits, a broken file, searches that found
nothing), and an administrator's "add to a synonym group" changes what the public search finds."""

from datetime import date
from html import unescape

import sqlalchemy as sa

from portal.db import engine
from portal.db.schema import search_misses
from portal.editor import dashboard
from portal.editor.dashboard import append_term
from portal.editor.publishing import run_publisher

from ..staff.helpers import audit_rows
from .people import TEA, TEA_ZH, approved, changed, form_of, opened, send, text

DASHBOARD = "/staff/content/dashboard"
ADD = "/staff/content/dashboard/synonyms"
SYNONYMS = """# 搜索同义词 / search synonyms
groups:
  # 茶 / tea
  - [茶, 茶叶, tea]
  - [冷链, cold chain]
"""


def section(html, heading_id):
    """The part of the page from heading ``heading_id`` to the next h2."""
    return html.split(f'id="{heading_id}"', 1)[1].split("<h2", 1)[0]


def page(staff):
    response = staff.get(DASHBOARD)
    assert response.status_code == 200, response.status_code
    return unescape(text(response))


def test_drafts_reviews_and_approved_texts_reach_the_right_people(newsroom):
    app, _content, people = newsroom
    author, reviewer, reviewer2, publisher = (people[n] for n in ("author", "reviewer", "reviewer2",
                                                                   "publisher"))
    data = changed(form_of(opened(author)), "zh.title", "富硒茶精深加工二期项目")
    assert send(author, TEA + "save", data).status_code in (302, 303)
    mine = section(page(author), "mine-h")
    assert "富硒茶精深加工二期项目" in mine and "projects/tea-processing" in mine
    assert "projects/tea-processing" not in section(page(reviewer), "review-h")

    assert send(author, TEA + "submit", data).status_code == 302
    assert "projects/tea-processing" not in section(page(author), "mine-h")
    assert "projects/tea-processing" in section(page(reviewer), "review-h")
    opened(reviewer)
    assert send(reviewer, TEA + "review", [("action", "approve"), ("comment", "同意")]).status_code == 302
    assert "projects/tea-processing" not in section(page(reviewer), "review-h")  # not two steps
    assert "projects/tea-processing" in section(page(reviewer2), "review-h")
    assert "projects/tea-processing" not in section(page(publisher), "approved-h")  # 1 of 2 steps
    opened(reviewer2)
    approved = send(reviewer2, TEA + "review", [("action", "approve"), ("comment", "同意发布")])
    assert approved.status_code == 302
    for who in (publisher, author):
        assert "富硒茶精深加工二期项目" in section(page(who), "approved-h")
    assert people["desk"].get(DASHBOARD).status_code == 403  # no content role


def test_stale_items_are_those_past_the_freshness_reports_six_months(newsroom, monkeypatch):
    _app, _content, people = newsroom
    monkeypatch.setattr(dashboard, "china_today", lambda: date(2026, 12, 7))
    stale = section(page(people["author"]), "stale-h")
    assert "news/2026-03-18-roadshow" in stale and "2026-03-19" in stale  # the news item's newest date
    assert "policies/referral-reward-2023" in stale and "pages/privacy" in stale  # 2026-06-01
    assert "pages/accessibility" not in stale and "projects/tea-processing" not in stale
    assert "policies/land-support" in stale  # 2026-05-12 + 6 months = 2026-11-12, before today
    monkeypatch.setattr(dashboard, "china_today", lambda: date(2026, 11, 12))
    assert "policies/land-support" not in section(page(people["author"]), "stale-h")  # on the line


def test_files_edited_by_hand_are_listed_against_the_draft_or_the_last_publish(newsroom):
    app, content, people = newsroom
    author = people["author"]
    assert "projects/" not in section(page(author), "changed-h")
    data = changed(form_of(opened(author)), "zh.title", "富硒茶精深加工二期项目")
    assert send(author, TEA + "save", data).status_code in (302, 303)
    assert "projects/tea-processing" not in section(page(author), "changed-h")
    path = content / TEA_ZH
    path.write_text(path.read_text(encoding="utf-8") + "补充说明。\n", encoding="utf-8")  # by hand
    found = section(page(author), "changed-h")
    assert "projects/tea-processing" in found and "index.zh.md" in found and 'data-since="draft"' in found


def test_a_hand_edit_after_a_publish_from_the_editor_is_listed(newsroom):
    app, content, people = newsroom
    author = people["author"]
    approved(people, "富硒茶精深加工二期项目")
    assert send(people["publisher"], TEA + "publish", []).status_code == 302
    assert "projects/tea-processing" not in section(page(author), "changed-h")
    path = content / "projects/tea-processing/index.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited on the server.\n", encoding="utf-8")
    found = section(page(author), "changed-h")
    assert "projects/tea-processing" in found and "index.en.md" in found and "index.zh.md" not in found
    assert 'data-since="published"' in found


def test_problems_of_the_live_generation_are_grouped_by_item_with_a_link_to_the_editor(newsroom):
    app, content, people = newsroom
    before = section(page(people["author"]), "problems-h")  # the fixture's two warnings
    assert 'href="/staff/content/projects/rice-cold-chain/"' in before and "还没有英文译文" in before
    assert 'href="/staff/content/pages/about/"' in before and 'class="error"' not in before
    path = content / "projects/rice-cold-chain/index.zh.md"
    typed = path.read_text(encoding="utf-8").replace("updated: 2026-08-20", "updated: ２０２６年８月")
    path.write_text(typed, encoding="utf-8")
    with app.app_context():
        run_publisher("projects", "rice-cold-chain")
    problems = section(page(people["author"]), "problems-h")
    rice = problems.split('href="/staff/content/projects/rice-cold-chain/"', 1)[1].split("<h3", 1)[0]
    assert "projects/rice-cold-chain/index.zh.md" in rice and "[updated]" in rice and 'class="error"' in rice


def misses(app):
    with engine(app).connect() as connection:
        return sorted(tuple(r) for r in connection.execute(sa.select(search_misses)))


def test_searches_that_found_nothing_are_counted_by_text_and_month_only(newsroom):
    app, _content, people = newsroom
    visitor = app.test_client()
    for query in ("　量子计算机 ", "量子计算机", "Quantum  Computer", "ＱＵＡＮＴＵＭ computer",
                  "138 0013 8000", "wang@example.cn", "茶"):
        assert visitor.get("/zh/search", query_string={"q": query}).status_code == 200
    month = dashboard.china_today().strftime("%Y-%m")
    assert misses(app) == [(month, "quantum computer", 2), (month, "量子计算机", 2)]  # 茶 found items
    assert [c.name for c in search_misses.columns] == ["month", "query", "count"]  # nothing about who
    shown = section(page(people["author"]), "misses-h")
    assert "量子计算机" in shown and "quantum computer" in shown and "138" not in shown
    assert 'action="/staff/content/dashboard/synonyms"' not in shown  # the form is for administrators


def test_an_administrator_adds_a_missed_search_to_a_synonym_group_and_the_search_finds_it(newsroom):
    app, content, people = newsroom
    (content / "synonyms.yaml").write_text(SYNONYMS, encoding="utf-8")
    visitor = app.test_client()
    assert "tea-processing" not in text(visitor.get("/zh/search", query_string={"q": "香茗"}))
    admin = people["admin"]
    shown = section(page(admin), "misses-h")
    assert "香茗" in shown and "1. 茶、茶叶、tea" in shown
    base = shown.split('name="base" value="', 1)[1].split('"', 1)[0]

    assert 'action="/staff/content/dashboard/synonyms"' not in page(people["publisher"])
    refused = send(people["publisher"], ADD, [("term", "香茗"), ("group", "0"), ("base", base)])
    assert refused.status_code == 403
    stale = send(admin, ADD, [("term", "香茗"), ("group", "0"), ("base", "0" * 64)])
    assert stale.status_code == 303 and (content / "synonyms.yaml").read_text(encoding="utf-8") == SYNONYMS
    twice = send(admin, ADD, [("term", "Tea"), ("group", "1"), ("base", base)])  # already in group 1
    assert twice.status_code == 303 and (content / "synonyms.yaml").read_text(encoding="utf-8") == SYNONYMS
    assert "“Tea”已在第 1 组中" in unescape(text(admin.get(DASHBOARD)))  # the check's own words

    added = send(admin, ADD, [("term", "香茗"), ("group", "0"), ("base", base)])
    assert added.status_code == 303
    assert (content / "synonyms.yaml").read_text(encoding="utf-8") == SYNONYMS.replace("tea]", "tea, 香茗]")
    assert [(r.object, r.detail) for r in audit_rows(app, "content.synonym-add")] == \
        [("synonyms.yaml", {"term": "香茗", "group": 1})]
    assert "tea-processing" in text(visitor.get("/zh/search", query_string={"q": "香茗"}))


def test_a_term_is_appended_to_a_block_group_and_quoted_when_yaml_needs_it():
    block = "groups:\n  - - 茶\n    - tea\n  # 下一组\n  - [冷链, cold chain]\n"
    assert append_term(block, 0, "茶叶") == "groups:\n  - - 茶\n    - tea\n    - 茶叶\n  # 下一组\n" \
        "  - [冷链, cold chain]\n"
    assert append_term(block, 1, "a: b") == block.replace("cold chain]", 'cold chain, "a: b"]')
