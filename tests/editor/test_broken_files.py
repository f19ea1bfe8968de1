"""Each broken content file that `portal check`'s own tests use (tests/content/test_validation.py),
put on disk by hand, opens in the editor with the problem at the input it belongs to, in the same
words `portal check` prints."""

import re
from html import unescape

import pytest

from portal.content.store import load_content

from ..content.test_validation import BROKEN, TEA, TEA_EN

# The cases that break one field of the tea project's files: the editor has an input for each.
AT_AN_INPUT = {name: case for name, case in BROKEN.items()
               if all(e.path in (TEA, TEA_EN) and isinstance(e.field, str) and e.field != "body"
                      for e in case[1])}


@pytest.fixture
def database_url():
    """SQLite only: what is checked here is the files and the form, not the database."""
    return ""


def error_text(html, name):
    """The text of the error paragraph of input ``name`` (``zh.land_mu``), or None."""
    anchor = re.escape(name.replace(".", "-"))
    found = re.search(rf'<p class="error" id="f-{anchor}-error">(.*?)</p>', html, re.S)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("case", sorted(AT_AN_INPUT))
def test_a_broken_file_shows_each_problem_at_its_input_in_portal_checks_words(newsroom, case):
    _app, content, people = newsroom
    breaks, expected = AT_AN_INPUT[case]
    breaks(content)
    _content, problems = load_content(content)
    html = people["author"].get("/staff/content/projects/tea-processing/").get_data(as_text=True)
    for wanted in expected:
        lang = "en" if wanted.path == TEA_EN else "zh"
        said = [p.zh for p in problems if p.path == wanted.path and p.field == wanted.field]
        assert said, f"portal check names no problem at {wanted.path} [{wanted.field}]"
        name = f"{lang}.{wanted.field}"
        shown = error_text(html, name)
        if f'name="{name}' in html:  # an input of the form: the problem is shown at it
            assert shown is not None, f"no error shown at {name}"
        # else a field the form has no input for (a mistyped name, a fact in index.en.md): the
        # problem is in the summary above the form
        for message in said:
            assert message in (shown or html), (case, message)
