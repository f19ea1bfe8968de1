"""The bureau's editorial staff as the editor tests meet them: accounts with content roles, each
with a browser session, on a private copy of the fixture content (the editor writes files)."""

import re
from html import unescape

import pytest
from werkzeug.datastructures import MultiDict

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


CAST = {  # name: (login, main role, content roles, desk)
    "author": ("wang.author", "viewer", ("author",), None),
    "reviewer": ("li.reviewer", "viewer", ("reviewer",), None),
    "reviewer2": ("zhao.reviewer", "viewer", ("reviewer",), None),
    "publisher": ("chen.publisher", "viewer", ("publisher",), None),
    "admin": ("sun.admin", "admin", (), None),
    "desk": ("liu.desk", "desk", (), "agri-team"),
}


class People(dict):
    """The newsroom's staff, each account made and signed in when a test first asks for it
    (an account costs a password hash and a login: most tests need two or three people)."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def __missing__(self, key):
        name, role, content_roles, desk = CAST[key]
        self[key] = person(self.app, name, role, content_roles, desk)
        return self[key]


@pytest.fixture
def newsroom(staff_app, content_copy):
    """``(app, content folder, people)``: people["author"], "reviewer", "reviewer2", "publisher",
    "admin" and a leads-only "desk" officer, on a private copy of the fixture content."""
    app = staff_app(content_dir=content_copy)
    return app, content_copy, People(app)


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


def send(staff, url, pairs):
    """POST ``pairs`` (repeated names kept) with the session's CSRF token, as the form does."""
    data = MultiDict([*pairs, ("csrf_token", staff.token)])
    return staff.client.post(url, data=data, environ_base=staff.environ)


def opened(staff, url=TEA):
    response = staff.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def text(response):
    return response.get_data(as_text=True)


def approved(people, title):
    """The author changes the tea project's title and submits; both reviewers approve (projects
    take two steps); the publisher opens the item, ready to publish."""
    author = people["author"]
    data = changed(form_of(opened(author)), "zh.title", title)
    assert send(author, TEA + "submit", data).status_code == 302
    for name, opinion in (("reviewer", "同意"), ("reviewer2", "同意发布")):
        opened(people[name])
        decided = send(people[name], TEA + "review", [("action", "approve"), ("comment", opinion)])
        assert decided.status_code == 302
    opened(people["publisher"])
