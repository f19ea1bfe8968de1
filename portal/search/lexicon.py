"""The user dictionary: words from the content itself that segmentation must keep whole.

Built at index time and stored with the index, so the index and every query are cut alike:
the county's name, taxonomy labels (industries, modes, statuses…), the bureau's own terms, the
unknown parts of place and organisation names (jieba splits 岚桥 or 富溪 into single
characters; taken whole they match as words), and other such runs of single characters that
recur across the content (康养, 冷链): as words they match exactly and cost one posting list
instead of a phrase over characters.
"""

import re
from collections import Counter

from .analysis import HAN, PARTICLES, jieba_dictionary

# Bureau vocabulary (shared/GLOSSARY.md) that jieba's general dictionary splits badly.
TERMS = (
    "招商引资", "招商局", "招商项目", "标准化厂房", "专精特新", "富硒", "富硒茶", "七通一平",
    "双回路", "双回路供电", "免租期", "投资强度", "亩均税收", "容积率", "入园标准", "鼓励类",
    "禁止类", "以商招商", "亲情招商", "云招商", "云推介", "云签约", "推介会", "洽谈会",
    "营商环境", "放管服", "最多跑一次", "一站式服务", "代办服务", "首问负责制", "到位资金",
    "资金到位率", "履约率", "开工率", "投产率", "发文机关", "发文字号", "驻外招商办事处",
    "招商小分队", "异地商会", "行车", "承重", "层高", "年产值", "年税收", "带动就业",
    "投资回收期", "可行性研究报告", "项目建议书", "项目简介", "工业用地", "用地保障",
)
NAME_SUFFIXES = ("县", "市", "区", "镇", "乡")
HAN_ONLY = re.compile(f"^[{HAN}]+$")
BOLD = re.compile(r"<strong>([^<]{2,8})</strong>")
LONGEST_LABEL = 8
RECURRING = 3  # items a run of single characters must appear in to become a word


def unknown_parts(name, particles=frozenset()):
    """Runs of two to four characters that jieba knows only one by one (岚桥镇 -> 岚桥镇)."""
    parts, run = [], ""
    for piece in jieba_dictionary().cut(name, HMM=False):
        if len(piece) == 1 and HAN_ONLY.match(piece) and piece not in particles:
            run += piece
            continue
        parts.append(run)
        run = ""
    parts.append(run)
    return [p for p in parts if 2 <= len(p) <= 4]


def recurring_parts(content):
    """Unknown two-character runs in the Chinese text of at least ``RECURRING`` items."""
    from .documents import documents

    seen = Counter()
    for doc in documents(content, with_pinyin=False):
        if doc["lang"] == "zh":
            runs = set()
            for run in re.findall(f"[{HAN}]+", doc["title"] + "\n" + doc["text"]):
                runs.update(unknown_parts(run, PARTICLES))
            seen.update(runs)
    # Pairs only: a longer run is mostly a pair plus a neighbour's character (赴青岚, 青岚新),
    # and taking it whole would steal that character from the next word.
    return [run for run, count in seen.items() if count >= RECURRING and len(run) == 2]


def names(content):
    """Place and organisation names in the content, in Chinese."""
    found = [content.site.county.zh, content.site.name.zh]
    for (section, _), bundle in content.bundles.items():
        item = bundle.items["zh"]
        if section in ("parks", "desks"):
            found.append(item.name)
        for field in ("location", "department", "authority"):
            if isinstance(getattr(item, field, None), str):
                found.append(getattr(item, field))
        for unit in getattr(item, "units", ()):
            found.append(unit.building)
    return found


def build_lexicon(content):
    """The sorted word list for ``PortalTokenizer`` (worked out once per content version)."""
    return list(content.derived(("search", "lexicon"), lambda: tuple(lexicon_words(content))))


def lexicon_words(content):
    words = set(TERMS)
    county = content.site.county.zh
    words.add(county)
    if county.endswith(NAME_SUFFIXES) and len(county) > 2:
        words.add(county[:-1])
    for vocabulary in content.taxonomy.as_context().values():
        for labels in vocabulary.values():
            if HAN_ONLY.match(labels["zh"]) and len(labels["zh"]) <= LONGEST_LABEL:
                words.add(labels["zh"])
    for name in names(content):
        words.update(unknown_parts(name))
    words.update(recurring_parts(content))
    for bundle in content.bundles.values():
        words.update(w for w in BOLD.findall(str(bundle.items["zh"].body)) if HAN_ONLY.match(w))
    return sorted(w for w in words if len(w) > 1)
