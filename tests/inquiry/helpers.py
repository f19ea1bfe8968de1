"""A visitor whose browser sends every hidden field of the form, as a browser does (the shared
``Visitor`` sends only some), and reads what the page says about the routing."""

import html
import re

from ..lead_helpers import Visitor

EVERY_HIDDEN = re.compile(r'<input id="(\w+)" name="\w+" type="hidden" value="([^"]*)"')
NOTICE = re.compile(r'<p class="notice" id="route-notice"[^>]*>(.*?)</p>', re.S)
CONFIRM = re.compile(r'<strong id="route-confirm">(.*?)</strong>', re.S)


class Browser(Visitor):
    def keep(self, response):
        self.hidden = {k: html.unescape(v) for k, v in EVERY_HIDDEN.findall(response.get_data(as_text=True))}
        return response

    def open(self, query=""):
        return self.keep(super().open(query))

    def send(self, answers=None, query="", **more):
        response = super().send(answers, query, **more)
        if response.status_code != 303:
            self.keep(response)  # the page shown again: its hidden fields are the browser's now
        return response


def notice(response):
    """The routing notice of a form page, as text."""
    return html.unescape(NOTICE.search(response.get_data(as_text=True)).group(1))


def confirm(response):
    """The confirm step's question, or None."""
    found = CONFIRM.search(response.get_data(as_text=True))
    return html.unescape(found.group(1)) if found else None
