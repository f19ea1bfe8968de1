"""Editing an item in the browser, through the app and HTTP, as the bureau's staff do: open, save
drafts with mistakes, preview the real page, submit, review in steps, publish, restore; the
files on disk change only on publish, and a hand edit meanwhile is never overwritten silently."""

import re

from portal.staff import accounts

from ..helpers import edit
from ..staff.helpers import audit_rows
from .people import TEA, TEA_ZH, approved, changed, form_of, opened, send, text


def test_the_form_shows_the_files_values_in_both_languages(newsroom):
    _app, _content, people = newsroom
    html = opened(people["author"])
    assert 'value="富硒茶精深加工项目"' in html
    assert 'value="Selenium-rich Tea Deep-processing Project"' in html or "Selenium" in html
    assert "总投资" in html and "Total investment" in html


def test_a_draft_with_mistakes_is_saved_and_shows_them_at_their_inputs_files_untouched(newsroom):
    _app, content, people = newsroom
    author = people["author"]
    before = (content / TEA_ZH).read_text(encoding="utf-8")
    data = changed(form_of(opened(author)), "zh.land_mu", "8O")
    saved = send(author, TEA + "save", data)
    assert saved.status_code == 302
    assert (content / TEA_ZH).read_text(encoding="utf-8") == before
    html = opened(author)
    assert 'value="8O"' in html  # the typing is kept
    assert "“8O”不是数字：其中有字母 O，是否应为 80？" in html  # portal check's words
    refused = send(author, TEA + "submit", form_of(html))
    assert refused.status_code == 422


def test_preview_is_the_real_page_with_a_draft_banner_and_writes_nothing(newsroom):
    _app, content, people = newsroom
    author = people["author"]
    before = sorted(p.name for p in (content / "projects").iterdir())
    data = changed(form_of(opened(author)), "zh.title", "富硒茶精深加工二期项目")
    shown = send(author, TEA + "preview", data)
    assert shown.status_code == 200
    html = text(shown)
    assert html.startswith('<!doctype html>\n<html lang="zh-Hans">')  # the staff page stays in Chinese
    frames = re.findall(r'srcdoc="([^"]*)"', html)
    assert len(frames) == 6  # zh, zh-hant and en, each at phone and desktop width
    assert "富硒茶精深加工二期项目" in frames[0] and "draft-banner" in frames[0]
    assert "富硒茶精深加工二期專案" in frames[2]  # in traditional Chinese (项目: 專案)
    assert sorted(p.name for p in (content / "projects").iterdir()) == before
    assert "富硒茶精深加工二期项目" not in (content / TEA_ZH).read_text(encoding="utf-8")


def test_submit_two_approvals_and_publish_put_the_new_title_on_the_public_page(newsroom):
    app, content, people = newsroom
    approved(people, "富硒茶精深加工二期项目")
    published = send(people["publisher"], TEA + "publish", [])
    assert published.status_code == 302
    assert "title: 富硒茶精深加工二期项目" in (content / TEA_ZH).read_text(encoding="utf-8")
    page = app.test_client().get("/zh/projects/tea-processing/")
    assert "富硒茶精深加工二期项目" in text(page)
    events = [row.event for row in audit_rows(app) if row.event.startswith("content.")]
    assert events == ["content.save", "content.submit", "content.approve", "content.approve",
                      "content.publish"]
    history = text(people["author"].get(TEA + "history"))
    assert history.count("<tr>") >= 5


def test_nobody_approves_their_own_text_or_two_steps_of_one_revision(newsroom):
    app, _content, people = newsroom
    writer = people["reviewer"]  # a reviewer who also writes
    with app.app_context():
        accounts.set_content_roles("li.reviewer", ("author", "reviewer"))
    writer.login()
    data = changed(form_of(opened(writer)), "zh.title", "富硒茶精深加工二期项目")
    assert send(writer, TEA + "submit", data).status_code == 302
    opened(writer)
    assert send(writer, TEA + "review", [("action", "approve"), ("comment", "ok")]).status_code == 403
    second = people["reviewer2"]
    opened(second)
    assert send(second, TEA + "review", [("action", "approve"), ("comment", "ok")]).status_code == 302
    opened(second)
    assert send(second, TEA + "review", [("action", "approve"), ("comment", "ok")]).status_code == 403


def test_a_rejection_needs_a_comment_and_goes_back_to_the_author(newsroom):
    _app, _content, people = newsroom
    data = changed(form_of(opened(people["author"])), "zh.title", "富硒茶精深加工二期项目")
    assert send(people["author"], TEA + "submit", data).status_code == 302
    reviewer = people["reviewer"]
    opened(reviewer)
    assert send(reviewer, TEA + "review", [("action", "reject"), ("comment", "  ")]).status_code == 422
    rejected = send(reviewer, TEA + "review", [("action", "reject"), ("comment", "投资额请核实")])
    assert rejected.status_code == 302
    html = opened(people["author"])
    assert "投资额请核实" in html


def test_a_hand_edit_after_the_form_was_opened_is_a_409_with_both_values(newsroom):
    app, content, people = newsroom
    author = people["author"]
    data = changed(form_of(opened(author)), "zh.summary", "编辑在浏览器里改的摘要。")
    edit(content / TEA_ZH, "summary: 依托全县富硒茶园", "summary: 管理员在服务器上改的摘要，依托全县富硒茶园")
    clash = send(author, TEA + "save", data)
    assert clash.status_code == 409
    html = text(clash)
    assert "管理员在服务器上改的摘要" in html and "编辑在浏览器里改的摘要。" in html
    kept = send(author, TEA + "save", [*data, ("keep", "mine")])
    assert kept.status_code == 302
    assert any(r.event == "content.save" and r.detail and r.detail.get("comment")
               for r in audit_rows(app))


def test_restore_opens_an_old_revision_as_a_new_draft(newsroom):
    _app, _content, people = newsroom
    author = people["author"]
    first = changed(form_of(opened(author)), "zh.title", "第一版标题项目")
    assert send(author, TEA + "save", first).status_code == 302
    second = changed(form_of(opened(author)), "zh.title", "第二版标题项目")
    assert send(author, TEA + "save", second).status_code == 302
    assert send(author, TEA + "restore/1", []).status_code == 302
    html = opened(author)
    assert 'value="第一版标题项目"' in html
    history = text(author.get(TEA + "history"))
    assert len(re.findall(r"<tr>\s*<td>\d+</td>", history)) == 3


def test_a_desk_officer_without_content_roles_cannot_open_or_change_content(newsroom):
    _app, _content, people = newsroom
    desk = people["desk"]
    assert desk.get(TEA).status_code == 403
    assert desk.get("/staff/content/").status_code == 403


def test_a_new_item_gets_a_proposed_folder_name_from_its_chinese_title(newsroom):
    _app, content, people = newsroom
    author = people["author"]
    author.get("/staff/content/new")
    proposed = author.post("/staff/content/new", {"section": "projects", "title": "富硒魔芋精深加工项目",
                                                   "action": "propose"})
    slug = re.search(r'name="slug" value="([a-z0-9-]+)"', text(proposed)).group(1)
    assert slug.startswith("fu-xi-mo-yu") or "moyu" in slug or "mo-yu" in slug
    created = author.post("/staff/content/new", {"section": "projects", "title": "富硒魔芋精深加工项目",
                                                  "slug": slug, "action": "create"})
    assert created.status_code == 302
    assert not (content / "projects" / slug).exists()  # a draft, not a file yet
    html = opened(author, f"/staff/content/projects/{slug}/")
    assert 'value="富硒魔芋精深加工项目"' in html


def test_an_administrator_gives_content_roles_on_the_users_page_and_it_is_audited(newsroom):
    app, _content, people = newsroom
    desk, admin = people["desk"], people["admin"]
    assert desk.get(TEA).status_code == 403
    admin.get("/staff/users/")
    given = admin.post("/staff/users/liu.desk/content-roles", {"content_role": "author"})
    assert given.status_code == 302
    assert desk.get(TEA).status_code == 200  # the next request reads the account anew
    assert [r.detail for r in audit_rows(app, "staff.content-roles")] == [{"content_roles": ["author"]}]
    assert desk.post("/staff/users/liu.desk/content-roles", {"content_role": "publisher"}).status_code == 403


def test_an_english_text_left_as_it_was_after_its_chinese_changed_is_flagged(newsroom):
    _app, _content, people = newsroom
    author = people["author"]
    data = changed(form_of(opened(author)), "zh.summary", "依托全县12万亩富硒茶园，建设茶饮料和抹茶生产线。")
    assert send(author, TEA + "save", data).status_code == 302
    html = opened(author)
    flags = html.count("中文已更新，译文可能过期")
    assert flags + html.count("the Chinese has changed since this translation") == 1
    fixed = changed(form_of(html), "en.summary", "Tea drinks and matcha lines, on 120,000 mu of tea gardens.")
    assert send(author, TEA + "save", fixed).status_code == 302
    html = opened(author)
    assert "中文已更新" not in html and "the Chinese has changed" not in html


def test_an_editor_sees_who_else_has_the_item_open(newsroom):
    _app, _content, people = newsroom
    opened(people["reviewer"])
    html = opened(people["author"])
    assert "li.reviewer" in html
    again = opened(people["reviewer"])
    assert "wang.author" in again and "li.reviewer opened" not in again
