"""Read Markdown files with YAML front matter, keeping the line of every key."""

import re

import yaml

from .problems import ContentError, Problem


def read_text(path, rel):
    """Return the text of a file saved by any usual editor (UTF-8, with or without BOM)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(
            rel, None, None,
            f"文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8",
            f"file is not UTF-8 (byte {exc.start}); save it as UTF-8",
        )]) from None


def parse_markdown(path, rel):
    """Return ``(data, body, lines)`` for a Markdown file with front matter.

    ``lines`` maps dotted key paths to their 1-based line number in the file.
    """
    text = read_text(path, rel).replace("\r\n", "\n")
    head, body, offset = split_front_matter(text, rel)
    data, lines = parse_yaml(head, rel, offset)
    return data, body, lines


def split_front_matter(text, rel):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError([Problem(
            rel, 1, None,
            "文件必须以 --- 开头的前置信息（front matter）开始",
            "file must start with front matter between --- lines",
        )])
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), 1
    raise ContentError([Problem(
        rel, 1, None, "前置信息缺少结束的 --- 行", "front matter has no closing --- line",
    )])


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster.
SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextDatesLoader(SafeBase):
    """Safe loader that leaves dates as text, so the models check them and name the field."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def compose_and_construct(text):
    """Parse ``text`` once: return ``(node, data)``, the node tree for lines, the data for use."""
    loader = TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def refuse_anchors(text, rel, offset):
    """Raise ContentError at the first anchor (``&name``) or alias (``*name``), reading events
    only, before anything is built: a few hundred bytes of nested aliases ("billion laughs")
    expand to billions of values. Content never needs them: staff write each value out."""
    if "&" not in text and "*" not in text:  # neither can occur: skip the second pass
        return
    for event in yaml.parse(text, Loader=SafeBase):
        if getattr(event, "anchor", None) is not None:  # an anchor, or an alias (its anchor's name)
            raise ContentError([Problem(
                rel, event.start_mark.line + 1 + offset, None,
                f"不能使用 YAML 锚点或别名（&{event.anchor} / *{event.anchor}），请把值直接写出来",
                f"YAML anchors and aliases (&{event.anchor}, *{event.anchor}) are not allowed; "
                "write the value out",
            )])


def parse_yaml(text, rel, offset=0):
    """Parse YAML safely; return ``(data, lines)``; raise ContentError on bad syntax and on
    anchors or aliases."""
    try:
        refuse_anchors(text, rel, offset)
        node, data = compose_and_construct(text)
    except yaml.YAMLError as exc:
        colons = colon_mistakes(text, rel, offset)
        if colons:
            raise ContentError(colons) from None
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(
            rel, line, None,
            f"YAML 格式错误（{reason}）：每行应为“字段: 值”；含冒号或以 [ {{ 开头的文字请加引号",
            f"invalid YAML ({reason}): each line is 'field: value'; quote text that has a colon "
            "or starts with [ or {",
        )]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError([Problem(
            rel, 1 + offset, None, "前置信息应为“字段: 值”的列表", "front matter must be key: value pairs",
        )])
    lines = {}
    collect_lines(node, (), lines, offset)
    return data, lines


# A key typed with a Chinese input method: 字段：值 (full-width colon) or 字段:值 (no space).
COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)(：|:(?=[^\s:/]))")


def colon_mistakes(text, rel, offset):
    """Problems for lines whose key is followed by a full-width colon or by no space."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1 + offset):
        match = COLON.match(line)
        if not match:
            continue
        key = match.group(1)
        if match.group(2) == "：":
            zh = f"“{key}”后面的冒号是中文全角“：”，请改为英文冒号“:”并在后面加一个空格"
            en = f"the colon after '{key}' is a full-width '：'; write ':' followed by a space"
        else:
            zh = f"“{key}:”后面缺一个空格，请写成“{key}: 值”"
            en = f"'{key}:' needs a space after the colon: write '{key}: value'"
        problems.append(Problem(rel, number, key, zh, en, value=line.strip()))
    return problems


def collect_lines(node, prefix, lines, offset):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = prefix + (str(key.value),)
            lines[".".join(path)] = key.start_mark.line + 1 + offset
            collect_lines(value, path, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            path = prefix + (str(index),)
            lines[".".join(path)] = value.start_mark.line + 1 + offset
            collect_lines(value, path, lines, offset)
