"""What a publish did with each bundle of the working copy, and why."""

from pathlib import Path

from ..content.models import SECTIONS
from .model import HELD, KEPT, NEW, UNCHANGED, UPDATED, WITHDRAWN, Outcome


def folder_of(problem):
    """``(section, slug)`` of the bundle a problem belongs to, or None (site.yaml, taxonomy)."""
    parts = problem.path.split("/")
    return (parts[0], parts[1]) if len(parts) >= 2 and parts[0] in SECTIONS else None


def working_folders(source):
    return {
        (section, path.name)
        for section in SECTIONS if (Path(source) / section).is_dir()
        for path in (Path(source) / section).iterdir()
        if path.is_dir() and not path.name.startswith(".")
    }


def outcomes(source, content, previous, problems):
    """One Outcome per bundle that is in the working copy, published, or was published."""
    grouped = {}
    for problem in problems:
        grouped.setdefault(folder_of(problem), []).append(problem)
    working = working_folders(source)
    before = previous.content.bundles if previous else {}
    result = []
    for key in sorted(working | set(content.bundles) | set(before)):
        found = tuple(grouped.get(key, ()))
        errors = [p for p in found if getattr(p, "severity", "error") == "error"]
        now, then = content.bundles.get(key), before.get(key)
        if now is None:
            state = HELD if key in working else WITHDRAWN
        elif errors or key not in working:
            state = KEPT
        elif then is None:
            state = NEW
        else:
            state = UNCHANGED if then.items == now.items else UPDATED
        result.append(Outcome(*key, state, title_of(now or then), found))
    return tuple(result)


def title_of(bundle):
    if bundle is None:
        return ""
    item = bundle.items["zh"]
    return getattr(item, "title", "") or getattr(item, "name", "") or ""
