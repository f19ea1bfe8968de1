"""``content/checks.yaml``: words the bureau forbids in its pages, or wants written otherwise.

The file is optional (no file, no word list) and owned by staff::

    forbidden:                 # an error: the file is not published (it keeps its last good version)
      - word: 最高级
        reason: 广告法禁用的绝对化用语 / an absolute claim the advertising law forbids
    warn:                      # a warning that says what to write instead
      - word: 国务院扶贫办
        use: 国家乡村振兴局
        allow: [...]           # optional, both lists: longer phrases in which the word is fine

Every text value of the front matter and the body of each language file (``index.zh.md``,
``index.en.md``, ``index.zh-hant.md``) is searched. Words are compared as staff see them, not as
they were typed: after NFKC (full-width letters and digits are the ordinary ones), without case,
and without any space, line break or invisible character in between, so ``最 高 级`` pasted from a
Word document, ``ＮＯ．１`` or a word broken over two lines of the body are found all the same.
Only a space between two Latin letters or digits is kept, and a Latin word or number counts only
whole: NO.1 is not in No.18. The traditional-Chinese file is read in simplified characters, as
the list is written. A warn word is never reported inside its own ``use`` (a word like 乡村振兴局
whose replacement is 国家乡村振兴局), nor inside any phrase of its ``allow`` list.

A broken ``checks.yaml`` is a problem with its line and field, like any content file, and the
last good list stays in force, so a typing mistake never lets a forbidden word through.
"""

import bisect
import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import opencc
from pydantic import Field, ValidationError, model_validator

from .frontmatter import parse_yaml, read_text, split_front_matter
from .models import Strict
from .problems import ERROR, WARNING, ContentError, Problem, from_validation_error
from .types import problem as field_problem

NAME = "checks.yaml"
HANT_FILE = "index.zh-hant.md"
LANG_FILES = ("index.zh.md", "index.en.md", HANT_FILE)
MAX_WORD = 40
MAX_VALUE = 120  # characters of a body line quoted as a problem's value
# The invisible characters a paste from Word or a web page brings along, and spaces of every kind.
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
SPACES = re.compile(r"\s+")
LATIN_GAP = re.compile(r"(?<=[0-9a-z])\s+(?=[0-9a-z])")
LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # after NFKC and casefold

Word = Annotated[str, Field(min_length=1, max_length=MAX_WORD)]
Reason = Annotated[str, Field(min_length=1, max_length=200)]


def comparable(text):
    """``text`` as the list compares it: NFKC, case folded, without invisible characters, and
    without spaces except one between two Latin letters or digits (``best ceo`` stays two words,
    ``最 高 级`` is one)."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text).casefold())
    return SPACES.sub("", LATIN_GAP.sub("\0", text)).replace("\0", " ")  # three passes in C: fast


class Forbidden(Strict):
    word: Word
    reason: Reason  # shown with the error: staff must see why the word may not be published
    allow: tuple[Word, ...] = ()


class Warn(Strict):
    word: Word
    use: Word | None = None
    reason: Reason | None = None
    allow: tuple[Word, ...] = ()

    @model_validator(mode="after")
    def says_what_to_do(self):
        if self.use is None and self.reason is None:
            raise field_problem(
                f"“{self.word}”需要 use（应改用的写法）或 reason（为什么要核对）",
                f"'{self.word}' needs use (what to write instead) or reason (why to check it)",
            )
        return self


class Checks(Strict):
    forbidden: tuple[Forbidden, ...] = ()
    warn: tuple[Warn, ...] = ()


@dataclasses.dataclass(frozen=True)
class Entry:
    """One word of the list, ready to search for."""

    word: str  # as the file writes it, for messages
    key: str  # comparable(word)
    severity: str  # ERROR for forbidden, WARNING for warn
    use: str | None = None
    reason: str | None = None
    allow: tuple = ()  # comparable phrases in which the word is fine

    def messages(self):
        """``(zh, en)`` of a problem for this word."""
        reason_zh, reason_en = halves(self.reason)
        if self.severity == ERROR:
            return (f"禁用词“{self.word}”（{reason_zh}）：请删去或改写，改正前此文件不发布",
                    f"forbidden word '{self.word}' ({reason_en}): remove or reword it; "
                    "the file is not published until then")
        why_zh = f"（{reason_zh}）" if reason_zh else ""
        why_en = f" ({reason_en})" if reason_en else ""
        if self.use:
            return (f"“{self.word}”应改为“{self.use}”{why_zh}",
                    f"'{self.word}': write '{self.use}' instead{why_en}")
        return f"请核对“{self.word}”{why_zh}", f"check '{self.word}'{why_en}"


def halves(reason):
    """``(zh, en)`` of a reason written ``中文 / English``; one written in one language is both."""
    if not reason:
        return None, None
    zh, slash, en = reason.partition(" / ")
    return (zh.strip(), en.strip()) if slash and zh.strip() and en.strip() else (reason, reason)


def load_words(root):
    """The entries of ``root/checks.yaml`` (forbidden first), () without the file.

    Raises ContentError with every problem in the file.
    """
    path = Path(root) / NAME
    if not path.exists():
        return ()
    data, lines = parse_yaml(read_text(path, NAME), NAME)
    try:
        checks = Checks.model_validate(data)
    except ValidationError as error:
        raise ContentError(from_validation_error(error, NAME, lines, model=Checks)) from None
    entries, problems, seen = [], [], {}
    for kind, severity, listed in (("forbidden", ERROR, checks.forbidden), ("warn", WARNING, checks.warn)):
        for index, item in enumerate(listed):
            field = f"{kind}.{index}.word"
            key = comparable(item.word)
            if not key:
                problems.append(Problem(NAME, lines.get(field), field, "词语不能只有空格",
                                        "a word must not be only spaces", value=item.word))
                continue
            if key in seen:
                problems.append(Problem(
                    NAME, lines.get(field), field, f"“{item.word}”已在 {seen[key]} 中",
                    f"'{item.word}' is already listed at {seen[key]}", value=item.word))
                continue
            use = getattr(item, "use", None)
            if use is not None and comparable(use) == key:
                place = f"{kind}.{index}.use"
                problems.append(Problem(
                    NAME, lines.get(place), place, f"use 与词语“{item.word}”相同",
                    f"use is the word '{item.word}' itself", value=use))
                continue
            seen[key] = field
            allow = tuple(comparable(a) for a in item.allow) + ((comparable(use),) if use else ())
            entries.append(Entry(item.word, key, severity, use, item.reason, allow))
    if problems:
        raise ContentError(problems)
    return tuple(entries)


def load_or_keep(root, problems, last_good=()):
    """The word list, or ``last_good`` when the file has problems (added to ``problems``)."""
    try:
        return load_words(root)
    except ContentError as error:
        problems.extend(error.problems)
        return last_good


def found(text, entry):
    """Start positions of ``entry`` in the comparable ``text``, except inside an allowed phrase."""
    allowed = []
    for phrase in entry.allow:
        start = text.find(phrase)
        while start != -1:
            allowed.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    hits, start = [], text.find(entry.key)
    while start != -1:
        end = start + len(entry.key)
        if whole(text, entry.key, start, end) and not any(a <= start and end <= b for a, b in allowed):
            hits.append(start)
        start = text.find(entry.key, start + 1)
    return hits


def whole(text, key, start, end):
    """Whether the hit ``text[start:end]`` is not part of a longer Latin word or number: NO.1 is
    not found in No.18, nor best in bestow. Chinese has no such boundaries: any hit counts."""
    cut_before = key[0] in LATIN and start > 0 and text[start - 1] in LATIN
    cut_after = key[-1] in LATIN and end < len(text) and text[end] in LATIN
    return not (cut_before or cut_after)


def text_values(data, prefix=()):
    """Yield ``(dotted field, text)`` for every text value of front matter, at any depth."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        path = (*prefix, str(key))
        if isinstance(value, str):
            yield ".".join(path), value
        elif isinstance(value, dict | list):
            yield from text_values(value, path)


def file_problems(rel, text, words):
    """The word list's problems in one language file ``rel`` whose text is ``text``.

    A traditional-Chinese file (``index.zh-hant.md``) is compared in simplified characters, as
    the list is written: 最高級 there is 最高级.
    """
    key = folded if rel.endswith(HANT_FILE) else comparable
    whole = key(text)
    words = [w for w in words if w.key in whole]  # most files have none: nothing more to do
    if not words:
        return []
    text = text.replace("\r\n", "\n")
    try:
        head, body, offset = split_front_matter(text, rel)
        data, lines = parse_yaml(head, rel, offset)
    except ContentError:  # the loader reports the broken file itself
        return []
    problems = []
    for field, value in text_values(data):
        value_key = key(value)
        for entry in words:
            if found(value_key, entry):
                zh, en = entry.messages()
                problems.append(Problem(rel, lines.get(field), field, zh, en, severity=entry.severity,
                                        value=value))
    body_lines = body.split("\n")
    first = text.count("\n") - len(body_lines) + 2  # the line of the file the body starts at
    keys = [key(line) for line in body_lines]
    for index in range(len(keys) - 1):  # two Latin words across a line break stay two words
        if keys[index] and keys[index + 1] and keys[index][-1] in LATIN and keys[index + 1][0] in LATIN:
            keys[index] += " "
    starts = list(_starts(keys))
    joined = "".join(keys)
    for entry in words:
        seen = set()
        for position in found(joined, entry):
            index = bisect.bisect_right(starts, position) - 1
            if index in seen:
                continue
            seen.add(index)
            zh, en = entry.messages()
            problems.append(Problem(rel, first + index, "body", zh, en, severity=entry.severity,
                                    value=body_lines[index].strip()[:MAX_VALUE]))
    return problems


def folded(text):
    """``comparable`` of traditional-Chinese ``text`` in simplified characters (OpenCC t2s)."""
    return comparable(to_simplified().convert(text))


@lru_cache(maxsize=1)
def to_simplified():
    """OpenCC's traditional -> simplified converter, made on first use: most content has no
    traditional override, and a process that checks none never loads its dictionaries."""
    return opencc.OpenCC("t2s")


def _starts(keys):
    total = 0
    for key in keys:
        yield total
        total += len(key)


def word_problems(source, words):
    """Problems for the listed words in a bundle's language files, errors and warnings.

    ``source`` is a bundle folder (``content/projects/tea``) or a mapping ``{path: text}`` with
    paths as problems name files (``projects/tea/index.zh.md``). Each problem names the file,
    the field (``summary``, ``benefits.annual_output``, ``body``), the line and the text found.
    """
    if not words:
        return []
    if isinstance(source, Mapping):
        texts = source.items()
    else:
        folder = Path(source)
        texts = []
        for name in LANG_FILES:
            rel = f"{folder.parent.name}/{folder.name}/{name}"
            try:
                texts.append((rel, read_text(folder / name, rel)))
            except FileNotFoundError:
                continue
            except ContentError:  # not UTF-8: the loader reports it
                continue
    return [p for rel, text in texts for p in file_problems(rel, text, words)]


def screened(words, load, folder, *args, **kwargs):
    """``load(folder, *args, **kwargs)``'s Bundle, with the word list's warnings for ``folder``
    added to its own.

    Raise ContentError when a forbidden word is found, as for any error, so the folder keeps its
    last good version; a folder with other errors has its word problems reported beside them.
    """
    problems = word_problems(folder, words)
    try:
        bundle = load(folder, *args, **kwargs)
    except ContentError as error:
        raise ContentError([*error.problems, *problems]) from None
    if any(p.severity == ERROR for p in problems):
        raise ContentError([*problems, *bundle.warnings])
    if not problems:
        return bundle
    return dataclasses.replace(bundle, warnings=(*bundle.warnings, *problems))
