"""The bureau's editorial staff as the editor tests meet them: accounts with content roles, each
with a browser session, on a private copy of the fixture content (the editor writes files)."""

import re
from html import unescape

import pytest

from portal.staff import accounts

from ..staff.helpers import Staff, add_user

TEA = "/staff/content/projects/tea-processing/"
TEA_ZH = "projects/tea-processing/index.zh.md"
HIDDEN = re.compile(r'<input type="hidden" name="(base|revision)" value="([^"]*)"')


def person(app, name, role="viewer", content_roles=(), desk=None, lang="zh"):
    add_user(app, name, role, desk=desk)
    if content_roles:
        with app.app_context():
            accounts.set_content_roles(name, content_roles)
    staff = Staff(app, name, lang=lang)
    staff.login()
    return staff


@pytest.fixture
def newsroom(staff_app, content_copy):
    """``(app, content folder, {name: Staff})``: an author, two reviewers, a publisher, an admin
    and a leads-only desk officer."""
    app = staff_app(content_dir=content_copy)
    people = {
        "author": person(app, "wang.author", content_roles=("author",)),
        "reviewer": person(app, "li.reviewer", content_roles=("reviewer",)),
        "reviewer2": person(app, "zhao.reviewer", content_roles=("reviewer",)),
        "publisher": person(app, "chen.publisher", content_roles=("publisher",)),
        "admin": person(app, "sun.admin", role="admin"),
        "desk": person(app, "liu.desk", role="desk", desk="agri-team"),
    }
    return app, content_copy, people


def form_of(html):
    """The edit form's inputs as the browser would send them back unchanged: text inputs,
    textareas, checked boxes and selected options (a small reader, enough for these pages)."""
    html = html.split('id="editor-form"', 1)[1].split("</form>", 1)[0]
    data = []
    for tag in re.finditer(r"<input\b[^>]*>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        if "name" not in attrs or "disabled" in tag.group(0) or "readonly" in tag.group(0):
            continue
        kind = attrs.get("type", "text")
        if kind in ("checkbox", "radio") and " checked" not in tag.group(0):
            continue
        if kind in ("submit", "button"):
            continue
        data.append((attrs["name"], unescape(attrs.get("value", ""))))
    for area in re.finditer(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        if "readonly" in area.group(0).split(">", 1)[0]:
            continue
        data.append((area.group(1), unescape(area.group(2)).removeprefix("\n")))
    for select in re.finditer(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(2))
        if "multiple" in select.group(0).split(">", 1)[0]:
            data.extend((select.group(1), unescape(v)) for v in chosen)
        else:
            first = re.search(r'<option value="([^"]*)"', select.group(2))
            value = chosen[0] if chosen else (first.group(1) if first else "")
            data.append((select.group(1), unescape(value)))
    return data


def changed(data, name, value):
    """``data`` with input ``name`` set to ``value`` (added if absent)."""
    out = [(k, v) for k, v in data if k != name]
    return out + [(name, value)]
