"""The folder name (slug) of a new item, proposed from its Chinese title.

The folder name is the item's web address (``/projects/<slug>/``), so it is short, plain ASCII
and lasts: pinyin of the title, one word per syllable (``富硒茶精深加工项目`` → ``fu-xi-cha-jing-
shen``). Words that every title has (``项目``, ``建设``, ``有限公司``…, the county's own name in
front) are left out when enough remains to tell items apart; ASCII letters and digits are kept
as typed (full-width ones folded: ``年产１０万吨`` → ``nian-chan-10-wan-dun``). Staff may edit the
proposal until the first publish; ``check_slug`` says, in both languages, what is wrong with one.
"""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

from ..content.types import SLUG

WORDS = 5  # syllables in a proposal: enough to tell items apart, short enough to read out
LENGTH = 40  # characters in a proposal
LONGEST = 60  # characters a folder name may have (a news folder adds its date to a proposal)
# Words in many titles that tell nothing apart, longest first (有限责任公司 before 有限公司).
FILLER = ("股份有限公司", "有限责任公司", "有限公司", "建设项目", "项目", "建设", "关于")
# The county's (or city's) own name in front of a title: 青岚县…, 青岚市….
PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}[县市]")
HAN = re.compile(r"[\u4e00-\u9fff]")
FALLBACK = "item"  # a title with nothing to spell (only punctuation)


def propose_slug(title_zh, taken=frozenset()):
    """A folder name for the Chinese title ``title_zh`` that is not in ``taken``."""
    words = slug_words(shortened(unicodedata.normalize("NFKC", title_zh)))
    words = words[:WORDS]
    while len(words) > 1 and len("-".join(words)) > LENGTH:
        words.pop()
    base = "-".join(words)[:LENGTH].strip("-") or FALLBACK
    return unique(base, set(taken))


def shortened(title):
    """``title`` without filler words and the place name in front, if enough remains to tell
    items apart (two Chinese characters, or anything else that spells); else as it was."""
    text = PLACE.sub("", title)
    for word in FILLER:
        text = text.replace(word, " ")
    return text if len(HAN.findall(text)) >= 2 or (not HAN.search(title) and spells(text)) else title


def spells(text):
    return bool(re.search(r"[A-Za-z0-9]", text))


def slug_words(text):
    """The pinyin syllables of the Chinese characters, and the ASCII words and numbers, in order,
    lower case (``ü`` written ``v``, as pinyin is typed)."""
    words = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors=lambda chunk: [chunk]):
        words.extend(re.findall(r"[a-z0-9]+", part.lower()))
    return words


def unique(base, taken):
    """``base``, or ``base-2``, ``base-3``… the first not in ``taken`` (within LENGTH)."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[:LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def check_slug(slug, taken=frozenset()):
    """What is wrong with ``slug`` as a new folder name: ``[(zh, en)]``, empty if nothing."""
    if not slug:
        return [("请填写文件夹名（网址中的名称）", "enter a folder name (the name in the web address)")]
    problems = []
    if not SLUG.match(slug):
        problems.append((
            f"“{slug}”不能用作文件夹名：只能用小写字母、数字和连字符，连字符不能在开头、结尾或连用",
            f"'{slug}' cannot be a folder name: use lowercase letters, digits and single hyphens, "
            "not at the start or end",
        ))
    if len(slug) > LONGEST:
        problems.append((
            f"文件夹名太长（{len(slug)} 个字符），最多 {LONGEST} 个",
            f"the folder name is too long ({len(slug)} characters); at most {LONGEST}",
        ))
    if slug in taken:
        problems.append((
            f"文件夹名“{slug}”已被使用，请换一个（例如 {unique(slug, set(taken))}）",
            f"the folder name '{slug}' is taken; choose another (for example {unique(slug, set(taken))})",
        ))
    return problems
