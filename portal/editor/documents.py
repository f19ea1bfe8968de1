"""A bundle's language files as data, and back to the text a person would have typed.

The editor reads ``index.zh.md``, ``index.en.md`` and ``index.zh-hant.md`` with the same reader as
``portal check`` (dates stay text, anchors refused, a mistake named by file and line), and writes
them back in the house style of the sample content, so that a file saved by the editor reads like
one written by hand and a ``git diff`` shows only what changed:

- the model's field order; CJK as is; no quotes unless YAML would read the text as something else
  (dates such as ``2026-10-12`` stay bare: the loader reads them as text);
- a short list of terms on one line (``cooperation_modes: [独资, 合资]``), a list of sentences one
  item per line (``encouraged``, ``prohibited``, ``incentives``: a change is one changed line);
- a mapping of numbers on one line (``location: {lat: 32.86, lon: 109.95}``), other mappings one
  key per line; list items that are short mappings on one line (``- {to: 青岚县城, km: 15}``);
- long text on one line (never folded), LF line endings, UTF-8 without BOM, one final newline.

Given the file's ``original`` text, ``render`` keeps the lines of every unchanged top-level field
exactly as they were typed (quotes, comments and all), so a hand-written file the editor saves
changes only where its values changed.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..content.frontmatter import compose_and_construct, parse_markdown, split_front_matter

LANG_FILES = {"zh": "index.zh.md", "en": "index.en.md", "zh-hant": "index.zh-hant.md"}
# Lists whose items are sentences: one per line, whatever their length.
BLOCK_LISTS = frozenset({"encouraged", "prohibited", "incentives"})
TAIL = object()  # kept_lines' key for the comments after the last field
LINE = 80  # a list or mapping goes on one line only if that line stays shorter than this
ITEM_LINE = 160  # a list item that is a mapping (a person, a destination) has a line of its own
# The sample files write each incentive's text in double quotes: kept, so that a file saved by the
# editor differs from one written by hand only where a value differs.
QUOTED = {"incentives": frozenset({"text"})}


@dataclass
class Document:
    """One language file: its front matter as YAML gives it (dates as text) and its body."""

    data: dict
    body: str


def read_bundle(folder):
    """``{lang: Document}`` for each language file in ``folder`` (a missing language is absent).

    Raises ContentError naming the file (``section/slug/index.<lang>.md``) and line of a file that
    cannot be read.
    """
    folder = Path(folder)
    docs = {}
    for lang, name in LANG_FILES.items():
        path = folder / name
        if path.is_file():
            data, body, _lines = parse_markdown(path, f"{folder.parent.name}/{folder.name}/{name}")
            docs[lang] = Document(data, body)
    return docs


def bundle_files(docs, order, originals=None):
    """``{filename: text}`` of the language files of ``docs``; ``originals`` (filename -> text on
    disk) keeps the unchanged fields of each file as typed."""
    originals = originals or {}
    return {
        LANG_FILES[lang]: render(doc, order, originals.get(LANG_FILES[lang]))
        for lang, doc in docs.items()
    }


def render(document, order, original=None):
    """The text of ``document``: ``---``, its front matter in house style, ``---``, its body.

    With the file's ``original`` text, its fields stay in their order (a new one goes after the
    field the model puts before it), each keeps the comment and blank lines above it and, if its
    value is unchanged, its own lines as they were typed.
    """
    kept = kept_lines(original, document.data) if original else {}
    data = ordered(document.data, order, [key for key in kept if key is not TAIL])
    head = []
    for key, value in data.items():
        lead, lines = kept.get(key, ("", None))
        head.append(lead + (lines or render_field(key, value)))
    head.append(kept.get(TAIL, ("", None))[0])
    return f"---\n{''.join(head)}---\n{plain_body(document.body)}"


def ordered(data, order, first=()):
    """``data`` with the keys of ``order`` first, in that order, then the others as they were;
    or, given the keys ``first`` of the file on disk, those in their order and each other key
    after the last one that comes before it in that order."""
    keys = [key for key in order if key in data] + [key for key in data if key not in order]
    rank = {key: index for index, key in enumerate(keys)}
    placed = [key for key in first if key in data]
    for key in keys:
        if key not in placed:
            before = [index for index, other in enumerate(placed) if rank[other] < rank[key]]
            placed.insert(before[-1] + 1 if before else 0, key)
    return {key: data[key] for key in placed}


def plain_body(body):
    """The body with LF line endings and exactly one final newline (none if it is empty)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    body = body.rstrip("\n")
    return f"{body}\n" if body else ""


class TextDatesDumper(yaml.SafeDumper):
    """Writes text that looks like a date without quotes (the loader reads it as text), indents a
    list under its key by two spaces as the sample files do, and never folds a long line."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def represent_none(self, _data):
        return self.represent_scalar("tag:yaml.org,2002:null", "")

    def represent_date(self, data):
        return self.represent_str(data.isoformat())


TextDatesDumper.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
TextDatesDumper.add_representer(type(None), TextDatesDumper.represent_none)
TextDatesDumper.add_representer(date, TextDatesDumper.represent_date)


def render_field(key, value):
    """``key: value`` as YAML lines, each list and mapping in the style the sample files use."""
    node = TextDatesDumper(None, sort_keys=False).represent_data({key: value})
    style_field(key, node.value[0][1])
    style_text(node)
    return serialize(node)


def serialize(node):
    return yaml.serialize(node, Dumper=TextDatesDumper, allow_unicode=True, width=float("inf"))


def style_field(key, node):
    """Set each collection of a top-level field's node tree to flow (one line) or block style."""
    if isinstance(node, yaml.SequenceNode):
        node.flow_style = key not in BLOCK_LISTS and flat(node) and fits(key, node)
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                item.flow_style = key not in BLOCK_LISTS and flat(item) and fits("  -", item, ITEM_LINE)
                style_below(item, 2)
                quote(item, QUOTED.get(key, ()))
    elif isinstance(node, yaml.MappingNode):
        node.flow_style = flat(node) and all(map(is_number, values(node))) and fits(key, node)
        style_below(node, 1)


def style_below(node, depth):
    """Lists and mappings deeper down: one line when flat and short, else one item per line."""
    for child in values(node):
        if isinstance(child, (yaml.SequenceNode, yaml.MappingNode)):
            child.flow_style = node.flow_style or (flat(child) and fits("  " * depth, child))
            style_below(child, depth + 1)


def values(node):
    return node.value if isinstance(node, yaml.SequenceNode) else [value for _key, value in node.value]


def flat(node):
    """True for a non-empty list or mapping of scalars (an empty value is written only in block
    style: ``key:``; on one line YAML would need ``!!null ''``)."""
    return bool(node.value) and all(
        isinstance(value, yaml.ScalarNode) and value.tag != "tag:yaml.org,2002:null"
        for value in values(node)
    )


def is_number(node):
    return node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def style_text(node):
    """Text of several lines as a literal block (``|-``), as a person writes it. In double quotes
    on one line if it ends with a line break (YAML's ``|+`` blocks do not read back reliably) or
    if a line of it is ``---``, which would end the front matter early."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str" and "\n" in node.value:
            fence = any(line.strip() == "---" for line in node.value.split("\n"))
            node.style = '"' if fence or node.value.endswith("\n") else "|"
        return
    for child in values(node):
        style_text(child)


def quote(node, names):
    """Put the text values of ``names`` in a block mapping in double quotes."""
    for name, value in node.value:
        if name.value in names and value.tag == "tag:yaml.org,2002:str" and not node.flow_style:
            value.style = '"'


def fits(prefix, node, limit=LINE):
    """True if ``prefix: <node on one line>`` is shorter than ``limit`` characters."""
    saved, node.flow_style = node.flow_style, True
    text = serialize(node).rstrip("\n")
    node.flow_style = saved
    return "\n" not in text and len(prefix) + 2 + len(text) < limit


def kept_lines(original, data):
    """``{key: (lead, lines)}`` from the front matter of ``original``: the comment and blank lines
    above each top-level field, and the field's own lines if its value equals ``data``'s (else
    None). {} if the original cannot be read."""
    try:
        head, _body, _offset = split_front_matter(original.replace("\r\n", "\n"), "")
        node, old = compose_and_construct(head)
    except Exception:  # noqa: BLE001 - an original that cannot be read keeps nothing
        return {}
    if not isinstance(node, yaml.MappingNode) or not isinstance(old, dict):
        return {}
    lines = head.split("\n")
    keys = [key.value for key, _value in node.value]
    starts = [key.start_mark.line for key, _value in node.value] + [len(lines)]
    kept, begin = {}, 0
    for index, key in enumerate(keys):
        end = starts[index + 1]
        while end > starts[index] + 1 and between(lines[end - 1]):
            end -= 1  # blank lines and comments at the margin go with the next field
        if keys.count(key) == 1 and key in data:
            own = text_of(lines[starts[index]:end]) if same(old[key], data[key]) else None
            kept[key] = (text_of(lines[begin:starts[index]]), own)
        begin = end
    kept[TAIL] = (text_of(line for line in lines[begin:] if line.strip()), None)
    return kept


def between(line):
    """True for a line that is no part of a field's value: blank, or a comment at the margin."""
    return not line.strip() or line.startswith("#")


def text_of(lines):
    return "".join(f"{line}\n" for line in lines)


def same(old, new):
    """Equal as YAML values, type included (``1`` is not ``1.0`` nor ``True``, ``"1"`` not ``1``)."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        return list(old) == list(new) and all(same(old[k], new[k]) for k in old)
    if isinstance(old, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return old == new
