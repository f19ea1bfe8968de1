"""References between bundles (an item's desk, park and policies, a policy's parks), checked
against what will be published.

A park kept at its last good version still serves the projects that name it. An item naming a
folder that has errors of its own and was never published cannot be published either: its
problem is a knock-on one, shown under the real one (``Problem.cause``). A folder removed
while published items still name it stays published at its last version until they name
another, so deleting a desk by mistake does not take its projects down.
"""

from pathlib import Path

from .frontmatter import parse_markdown
from .problems import WARNING, ContentError, Problem

NAMED = ("desks", "parks")  # sections whose folders may be named by their Chinese name (``name``)
SECTION_NAMES = {
    "desks": ("招商窗口", "desks"), "parks": ("园区", "parks"), "policies": ("政策", "policies"),
}


def folder_names(root):
    """``{section: {folder: Chinese name}}`` of the desks and parks in the working copy at
    ``root``, read from each ``index.zh.md`` as written (valid or not), so that an item may name
    one by its Chinese name. A file that cannot be read names nothing (its own problems say why).
    """
    names = {}
    for section in NAMED:
        found = names[section] = {}
        folder = Path(root) / section
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if path.name.startswith(".") or not (path / "index.zh.md").is_file():
                continue
            try:
                data, _body, _lines = parse_markdown(path / "index.zh.md", path.name)
            except ContentError:
                continue
            if isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"].strip():
                found[path.name] = data["name"].strip()
    return names


def references(item):
    """``[(field, section, slug, file)]`` that ``item`` names; ``file`` is None for its own
    index.zh.md (a unit's policies are named in its park's units.csv)."""
    found = [("desk", "desks", item.desk, None), ("park", "parks", getattr(item, "park", None), None)]
    found += [(f"policies.{i}", "policies", slug, None)
              for i, slug in enumerate(getattr(item, "policies", ()))]
    found += [(f"incentives.{i}.policy", "policies", claim.policy, None)
              for i, claim in enumerate(getattr(item, "incentives", ())) if claim.policy]
    if item.__class__.__name__ == "Policy":
        found += [(f"parks.{i}", "parks", slug, None) for i, slug in enumerate(item.parks)]
    for unit in getattr(item, "units", ()):
        found += [(f"policies ({unit.id})", "policies", slug, "units.csv")
                  for slug in getattr(unit, "policies", ()) or ()]
    return found


def check_references(bundles, previous, root):
    """Drop (or keep the last good version of) items whose references are missing; return the
    problems. ``bundles`` is changed in place."""
    problems = []
    old = previous.bundles if previous is not None else {}
    changed = True
    while changed:  # a kept or restored bundle may name something missing in its turn
        changed = False
        for key, bundle in list(bundles.items()):
            broken = []
            for field, section, slug, file in references(bundle.items["zh"]):
                if not slug or (section, slug) in bundles:
                    continue
                if (section, slug) in old and not (root / section / slug).is_dir():
                    bundles[(section, slug)] = old[(section, slug)]  # removed, still named
                    problems.append(still_named(section, slug, key))
                    changed = True
                    continue
                broken.append(broken_reference(bundle, field, section, slug, bundles, root, file))
            if broken:
                problems.extend(broken)
                if old.get(key) is not None and old[key] is not bundle:
                    bundles[key] = old[key]
                else:
                    del bundles[key]
                changed = True
    return problems


def broken_reference(bundle, field, section, slug, bundles, root, file=None):
    line = bundle.lines.get(field) if file is None else None
    source = bundle.source if file is None else f"{bundle.section}/{bundle.slug}/{file}"
    if (root / section / slug).is_dir():
        return Problem(
            source, line, field,
            f"引用的文件夹“{slug}”有错误、尚未发布，所以本条也暂不能发布（先改正 {section}/{slug}/ 的问题）",
            f"the folder '{slug}' it names has errors and is not published, so this item cannot be "
            f"published yet (fix the problems of {section}/{slug}/ first)",
            value=slug, cause=f"{section}/{slug}",
        )
    zh_name, en_name = SECTION_NAMES[section]
    choices = existing(bundles, section)
    return Problem(
        source, line, field,
        f"找不到文件夹“{slug}”（应为 content/{section}/ 下的文件夹名）。现有的{zh_name}：{choices}",
        f"no folder '{slug}' (must be a folder name under content/{section}/). Existing "
        f"{en_name}: {choices}",
        value=slug,
    )


def existing(bundles, section):
    """The folders of ``section`` with their Chinese names, for staff to pick from."""
    names = [f"{slug}（{getattr(b.items['zh'], 'title', '')}）"
             for (s, slug), b in sorted(bundles.items()) if s == section]
    return "、".join(names) or "（无 / none）"


def still_named(section, slug, by):
    return Problem(
        f"{section}/{slug}", None, None,
        f"文件夹已删除，但 {by[0]}/{by[1]}/ 仍引用它；在改为引用其他文件夹之前，网站继续显示它的上一个版本",
        f"the folder was removed, but {by[0]}/{by[1]}/ still names it; its last version stays "
        f"online until that item names another folder",
    )


def expired_claims(bundles, today):
    """Warnings for incentives and ``policies:`` that name a policy expired on ``today``."""
    warnings = []
    for _key, bundle in sorted(bundles.items()):
        for field, target, name, file in references(bundle.items["zh"]):
            policy = bundles.get(("policies", name)) if target == "policies" else None
            if policy is None or file is not None:
                continue
            ended = policy.items["zh"].effective_to
            if ended is None or ended >= today:
                continue
            warnings.append(Problem(
                bundle.source, bundle.lines.get(field), field,
                f"引用的政策“{name}”已于 {ended.isoformat()} 失效：页面上标为“已失效”，不再列为适用政策；"
                "请改为引用现行政策或删去这一条",
                f"the policy '{name}' it names expired on {ended.isoformat()}: the page labels it "
                "Expired and no longer lists it as applying; name a policy in force or remove it",
                severity=WARNING, value=name,
            ))
    return warnings
