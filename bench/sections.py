"""Replace one ``## `` section of BENCHMARKS.md (or append it), leaving the others as they are."""

import re

from . import ROOT


def write_section(title, text):
    """``title`` is the section's heading line (``## Page weight on a phone``); ``text`` starts with it."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = text.rstrip("\n") + "\n"
    updated = pattern.sub(lambda _: text + "\n", current, count=1) if pattern.search(current) \
        else current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")
