"""What a reader of the traditional-Chinese site sees, and which of it is simplified-only."""

from html.parser import HTMLParser
from pathlib import Path

SIMPLIFIED_ONLY = frozenset(
    (Path(__file__).parent / "simplified_only.txt").read_text("utf-8").splitlines()[1])
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Visible(HTMLParser):
    """Visible text, minus scripts and styles and minus what the page marks as simplified
    Chinese on purpose (``lang="zh-Hans"``: the switch back to the simplified site)."""

    def __init__(self):
        super().__init__()
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        hidden = tag in ("script", "style", "template") or (tag != "html" and attrs.get("lang") == "zh-Hans")
        self.stack.append(hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html):
    parser = Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def simplified_only(text):
    """``{character: a few words around it}`` for every simplified-only character in ``text``."""
    found = {}
    for i, char in enumerate(text):
        if char in SIMPLIFIED_ONLY and char not in found:
            found[char] = text[max(0, i - 8):i + 8]
    return found
