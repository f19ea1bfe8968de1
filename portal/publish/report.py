"""The publish report, in Chinese and English: for ``portal publish``, the preview and meta.json."""

import json

from .model import HELD, KEPT, NEW, UNCHANGED, UPDATED, WITHDRAWN

STATES = {  # state -> (heading, one-word label), Chinese / English
    NEW: ("新发布 / Published for the first time", "新增/new"),
    UPDATED: ("已更新 / Updated", "更新/updated"),
    KEPT: ("保留上一个正确版本：工作副本有错误，网站继续显示之前发布的版本 / Kept at the last good "
           "version: the working copy has errors, the public site still shows the version "
           "published before", "保留旧版/kept"),
    HELD: ("未发布：有错误，且从未发布过，网站上还没有 / Not published: has errors and was never "
           "published, so it is not on the site yet", "未发布/not published"),
    WITHDRAWN: ("已撤下：文件夹已删除 / Withdrawn: its folder was removed", "已撤下/withdrawn"),
    UNCHANGED: ("未变 / Unchanged", "未变/unchanged"),
}
ORDER = (NEW, UPDATED, KEPT, HELD, WITHDRAWN)


def is_error(problem):
    return getattr(problem, "severity", "error") == "error"


def folder(problem):
    return "/".join(problem.path.split("/")[:2])


# What a publish does with a folder that has errors, as ``portal check`` says it under them.
CONSEQUENCES = {
    KEPT: "→ 发布时保留上一个正确版本：网站照常显示它，引用它的页面不受影响 / on publishing: kept at its "
          "last good version; the site still shows it and the pages that name it still work",
    HELD: "→ 发布时不上线：它从未发布过，改正之前网站上没有它 / on publishing: not put online; it was "
          "never published, so the site does not show it until it is fixed",
}


def where(problem):
    """File, line and field of a problem, without its message."""
    line = "" if problem.line is None else f":{problem.line}"
    return f"{problem.path}{line}" + (f" [{problem.field}]" if problem.field else "")


def knock_on_roots(errors):
    """``{id(problem): folder}`` for each knock-on error: the folder whose own errors are the
    real reason, followed through knock-ons of knock-ons (a policy held back because of a park
    holds back the park that names the policy in its units.csv, and so on)."""
    real = {folder(p) for p in errors if not getattr(p, "cause", None)}
    causes = {}
    for p in errors:
        if getattr(p, "cause", None):
            causes.setdefault(folder(p), p.cause)

    def root(start):
        seen, here = set(), start
        while here not in real:
            if here in seen or here not in causes:
                return None
            seen.add(here)
            here = causes[here]
        return here

    found = {id(p): root(p.cause) for p in errors if getattr(p, "cause", None)}
    return {key: value for key, value in found.items() if value is not None}


def problem_lines(problems, states=None, indent=""):
    """Errors folder by folder, each folder's followed by what a publish does with it (``states``:
    folder -> outcome state) and by the knock-on errors it causes; then the warnings."""
    errors = [p for p in problems if is_error(p)]
    roots = knock_on_roots(errors)
    own, knock_ons = {}, {}
    for p in errors:
        if id(p) in roots:
            knock_ons.setdefault(roots[id(p)], []).append(p)
        else:
            own.setdefault(folder(p), []).append(p)
    lines = []
    for here, found in own.items():
        lines += [f"{indent}{p}" for p in found]
        if states and states.get(here) in CONSEQUENCES:
            lines.append(f"{indent}  {CONSEQUENCES[states[here]]}")
        lines += [f"{indent}  ↳ 因此也未能发布 / so this is not published either: {where(k)}"
                  for k in knock_ons.pop(here, ())]
    return lines + [f"{indent}{p}" for p in problems if not is_error(p)]


def summary(generation):
    counts = generation.counts()
    zh = "、".join(f"{STATES[s][1].split('/')[0]} {counts[s]}" for s in (*ORDER, UNCHANGED) if s in counts)
    en = ", ".join(f"{STATES[s][1].split('/')[1]} {counts[s]}" for s in (*ORDER, UNCHANGED) if s in counts)
    return f"{zh} / {en}"


def describe(generation, changed):
    """Lines for people: what was published, kept and why, not published, and the warnings."""
    if not changed:
        return [f"内容没有变化，网站已是最新 / Nothing changed: the site is up to date ({generation.name})"]
    lines = [f"已发布 {generation.name} / Published {generation.name}: {summary(generation)}"]
    site_wide = [p for p in generation.problems if "/" not in p.path]
    if site_wide:
        lines += ["", "站点文件的问题（使用上一个正确版本）/ Problems in site files (the last good "
                      "version is used):", *(f"  {p}" for p in site_wide)]
    for state in ORDER:
        chosen = [o for o in generation.outcomes if o.state == state]
        if not chosen:
            continue
        lines += ["", STATES[state][0] + ":"]
        for outcome in chosen:
            lines.append(f"  {outcome.folder}  {outcome.title}".rstrip())
            lines += [f"      {p}" for p in outcome.problems if is_error(p)]
    warnings = [p for p in generation.problems if not is_error(p)]
    if warnings:
        lines += ["", f"警告 {len(warnings)} 条（不影响发布）/ {len(warnings)} warning(s) (published "
                      "anyway):", *(f"  {p}" for p in warnings)]
    return lines


def write_meta(folder, generation):
    """``meta.json``: the same report, for tools and for people looking in the instance folder."""
    meta = {
        "generation": generation.name, "published": generation.published,
        "source": generation.source, "format": generation.format, "counts": generation.counts(),
        "outcomes": [
            {"folder": o.folder, "state": o.state, "title": o.title,
             "problems": [str(p) for p in o.problems]}
            for o in generation.outcomes if o.state != UNCHANGED or o.problems
        ],
        "problems": [str(p) for p in generation.problems],
    }
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
