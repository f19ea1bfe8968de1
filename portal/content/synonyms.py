"""``content/synonyms.yaml``: groups of search terms that find each other, owned by staff.

The file is optional (no file, no synonyms)::

    groups:
      - [厂房, 标准化厂房, 车间, factory, plant]
      - [康养, 健康养老, 大健康, wellness]

Each group is a list of at least two terms, in any language; a term may stand in one group
only, so that what a word finds is plain to see. Every mistake is reported at once, with the
line, the field (``groups.2.1``) and the refused value, as for any other content file.
"""

from .frontmatter import parse_yaml, read_text
from .problems import ContentError, Problem

NAME = "synonyms.yaml"
MAX_TERM = 40


def load_synonyms(root):
    """The groups of ``root/synonyms.yaml`` as a tuple of tuples of terms; () without the file.

    Raises ContentError with every problem in the file.
    """
    path = root / NAME
    if not path.exists():
        return ()
    data, lines = parse_yaml(read_text(path, NAME), NAME)
    problems, groups, seen = [], [], {}

    def problem(field, zh, en, value=None):
        line = lines.get(field) if field else None
        problems.append(Problem(NAME, line if line is not None else lines.get("groups"), field, zh, en,
                                value=None if value is None else str(value)))

    for key in data:
        if key != "groups":
            problem(str(key), f"未知字段“{key}”（只允许 groups）", f"unknown field '{key}' (only groups)",
                    key)
    raw = data.get("groups", [])
    if not isinstance(raw, list):
        problem("groups", f"应为列表（每组一行，如 - [厂房, factory]），不是“{raw}”",
                f"must be a list of groups, e.g. - [厂房, factory], not '{raw}'", raw)
        raw = []
    for g, group in enumerate(raw):
        field = f"groups.{g}"
        if not isinstance(group, list):
            problem(field, f"每组应为词语列表，不是“{group}”",
                    f"each group must be a list of terms, not '{group}'", group)
            continue
        terms = []
        for t, term in enumerate(group):
            where = f"{field}.{t}"
            if not isinstance(term, str) or not term.strip():
                problem(where, f"词语应为非空文本，不是“{term}”",
                        f"a term must be non-empty text, not '{term}'", term)
                continue
            term = " ".join(term.split())
            if len(term) > MAX_TERM:
                problem(where, f"词语过长（最多 {MAX_TERM} 个字符）：“{term}”",
                        f"term too long (at most {MAX_TERM} characters): '{term}'", term)
                continue
            folded = term.casefold()
            if folded in seen:
                problem(where, f"“{term}”已在第 {seen[folded] + 1} 组中",
                        f"'{term}' is already in group {seen[folded] + 1}", term)
                continue
            seen[folded] = g
            terms.append(term)
        if len(group) < 2:
            shown = ", ".join(map(str, group))
            problem(field, f"每组至少两个词语，不是“{shown}”",
                    f"a group needs at least two terms, not '{shown}'", shown)
        elif len(terms) >= 2:
            groups.append(tuple(terms))
    if problems:
        raise ContentError(problems)
    return tuple(groups)


def load_or_keep(root, problems, last_good=()):
    """The synonyms, or ``last_good`` when the file has problems (added to ``problems``)."""
    try:
        return load_synonyms(root)
    except ContentError as error:
        problems.extend(error.problems)
        return last_good
