"""繁體中文: the traditional-Chinese site, generated from the Chinese with OpenCC.

Chinese content is written once, in simplified characters. The ``zh-hant`` site renders every
page from it exactly as the ``zh`` site does, then converts the finished page (HTML, feeds, data
files) with OpenCC's ``s2twp`` (characters, then Taiwan phrasing). Converting the whole page,
rather than field by field, means nothing reaches a visitor unconverted: labels, units, dates
and content alike. OpenCC takes about a millisecond for a page and the page cache keeps the
result, so a page is converted once per published generation.

Two things keep the conversion faithful:

- ``content/zh-hant.yaml`` (owned by staff) lists phrases with the form they must keep: place
  names and the county's terms that Taiwan phrasing would change (项目 is 項目 here, not 專案;
  发布 is 發布, not 釋出). Both the simplified phrase and its traditional form are protected.
- ``index.zh-hant.md`` in a bundle overrides the converted text of its fields. Its values are
  already traditional and are marked (``protect``) so the page conversion leaves them as written.
"""

import re
from functools import lru_cache

from .frontmatter import parse_yaml, read_text
from .problems import ContentError, Problem

NAME = "zh-hant.yaml"
MAX_PHRASE = 40
START, END = "\ue000", "\ue001"  # private-use marks around text the conversion must not touch
PLACEHOLDER_BASE = 0xE100  # one private-use character per protected phrase while converting
MAX_PHRASES = 0xF800 - PLACEHOLDER_BASE
PROTECTED = re.compile(f"{START}(.*?){END}", re.S)


def protect(text):
    """``text`` marked to pass the page conversion unchanged (an override, already traditional)."""
    return f"{START}{text}{END}" if text else text


@lru_cache(maxsize=1)
def opencc_converter():
    import opencc

    return opencc.OpenCC("s2twp")


class Converter:
    """Simplified -> traditional (Taiwan phrasing), keeping the listed phrases as given."""

    def __init__(self, phrases=()):
        self.phrases = tuple(phrases)  # ((simplified, traditional), ...)
        targets = {}
        for simplified, traditional in self.phrases:
            targets.setdefault(simplified, traditional)
            targets.setdefault(traditional, traditional)  # already traditional: keep it so
        self.targets = list(targets.values())
        self.placeholders = {word: chr(PLACEHOLDER_BASE + i) for i, word in enumerate(targets)}
        # Longest first, so 青岚县招商局 wins over 青岚县 when both are listed.
        words = sorted(targets, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def text(self, text):
        """``text`` in traditional characters; protected phrases as listed."""
        if not text:
            return text
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: self.placeholders[m.group(0)], text)
        text = opencc_converter().convert(text)
        if self.pattern is not None:
            text = re.sub(f"[{chr(PLACEHOLDER_BASE)}-{chr(PLACEHOLDER_BASE + len(self.targets) - 1)}]",
                          lambda m: self.targets[ord(m.group(0)) - PLACEHOLDER_BASE], text)
        return text

    def page(self, text):
        """A whole page (HTML, XML, CSV…) converted, except the ``protect``-ed parts, unmarked."""
        out, last = [], 0
        for match in PROTECTED.finditer(text):
            out.append(self.text(text[last:match.start()]))
            out.append(match.group(1))
            last = match.end()
        out.append(self.text(text[last:]))
        return "".join(out).replace(START, "").replace(END, "")


def load_phrases(root):
    """``((simplified, traditional), ...)`` from ``root/zh-hant.yaml``; () without the file.

    Raises ContentError with every problem in the file, each with its line and field.
    """
    path = root / NAME
    if not path.exists():
        return ()
    data, lines = parse_yaml(read_text(path, NAME), NAME)
    problems, phrases = [], []

    def problem(field, zh, en, value):
        line = lines.get(field)
        problems.append(Problem(NAME, line if line is not None else lines.get("phrases"), field,
                                zh, en, value=str(value)))

    for key in data:
        if key != "phrases":
            problem(str(key), f"未知字段“{key}”（只允许 phrases）", f"unknown field '{key}' (only phrases)",
                    key)
    raw = data.get("phrases") or {}
    if not isinstance(raw, dict):
        problem("phrases", f"应为“简体: 繁體”的列表，如 项目: 項目，不是“{raw}”",
                f"must be lines of 'simplified: traditional', e.g. 项目: 項目, not '{raw}'", raw)
        raw = {}
    for simplified, traditional in raw.items():
        field = f"phrases.{simplified}"
        if not isinstance(traditional, str) or not traditional.strip():
            problem(field, f"“{simplified}”的繁体写法应为非空文本，不是“{traditional}”",
                    f"the traditional form of '{simplified}' must be non-empty text, not '{traditional}'",
                    traditional)
            continue
        simplified, traditional = str(simplified).strip(), traditional.strip()
        if len(simplified) > MAX_PHRASE or len(traditional) > MAX_PHRASE:
            problem(field, f"词语过长（最多 {MAX_PHRASE} 个字）",
                    f"phrase too long (at most {MAX_PHRASE} characters)", simplified)
            continue
        phrases.append((simplified, traditional))
    if len(phrases) > MAX_PHRASES:
        problem("phrases", f"词语过多（最多 {MAX_PHRASES} 个）", f"too many phrases (at most {MAX_PHRASES})",
                len(phrases))
    if problems:
        raise ContentError(problems)
    return tuple(phrases)


def load_or_keep(root, problems, last_good):
    """The phrases of ``root``, or on a mistake ``last_good`` (with the problems reported)."""
    try:
        return load_phrases(root)
    except ContentError as error:
        problems.extend(error.problems)
        return last_good


@lru_cache(maxsize=4)
def converter_for(phrases):
    return Converter(phrases)
