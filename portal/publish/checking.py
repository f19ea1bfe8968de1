"""``portal check``: every problem of the working copy, and what the next publish does with each
folder that has errors, judged as that publish will judge it: against the generation the site
serves. A park with one bad cell keeps its last good version there, so the projects, policies
and units that name it are fine and are not reported; only a folder that was never published
holds back the items that name it (listed under it, not counted as errors of their own).
"""

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULTS, ROOT, from_environment
from ..content.format import require_readable
from ..content.store import load_content
from . import FOLDERS, generations
from .model import HELD, KEPT
from .outcomes import outcomes
from .report import folder, is_error, knock_on_roots, problem_lines


@dataclass(frozen=True)
class CheckReport:
    lines: tuple  # the problems, each folder's with what a publish does with it
    errors: int  # errors of the files themselves (knock-ons not counted: fixing those fixes them)
    verdict: str  # the last line: the tally, and what a publish would do


def live_folder(source, environ=None):
    """The publication folder the site serves ``source`` from (``PORTAL_CONTENT_DIR`` and
    ``PORTAL_INSTANCE_DIR``, as ``portal serve`` and ``portal publish`` read them), or None when
    ``source`` is another folder than the one the site publishes."""
    settings = from_environment(os.environ if environ is None else environ)
    content = Path(settings.get("CONTENT_DIR") or DEFAULTS["CONTENT_DIR"]).resolve()
    if Path(source).resolve() != content:
        return None
    return Path(settings.get("INSTANCE_DIR") or ROOT / "instance").resolve() / FOLDERS[False]


def check_working_copy(source, published=None):
    """The report of ``portal check`` for the working copy at ``source``; ``published`` is the
    publication folder whose live generation the next publish starts from (None: a first one).
    Raises ContentTooNew when the content needs a newer portal: nothing of it would be published."""
    require_readable(source)
    previous = generations.read(published) if published else None
    content, problems = load_content(source, previous=previous.content if previous else None)
    states = {o.folder: o.state for o in outcomes(source, content, previous, problems)}
    errors = [p for p in problems if is_error(p)]
    roots = knock_on_roots(errors)
    own = [p for p in errors if id(p) not in roots]
    held_back = {folder(p) for p in errors if id(p) in roots}
    warnings = len(problems) - len(errors)
    against = (f"对照已发布的版本 {previous.name} / judged against the published {previous.name}"
               if previous else "尚无已发布的版本，按首次发布判断 / nothing published yet: judged as a "
               "first publish")
    tally = (f"错误 {len(own)} 个，警告 {warnings} 个 / {len(own)} error(s), {warnings} warning(s) "
             f"in {source} ({against})")
    if not own:
        units = sum(len(b.items["zh"].units) for (s, _), b in content.bundles.items() if s == "parks")
        verdict = f"OK: {len(content.bundles)} items and {units} factory units; 内容检查通过; {tally}"
    else:
        verdict = f"{tally}: {consequences({folder(p) for p in own}, states, len(held_back))}"
    return CheckReport(tuple(problem_lines(problems, states)), len(own), verdict)


def consequences(folders, states, held_back):
    """What publishing now does with the folders that have errors, in Chinese and English."""
    kept = sum(states.get(f) == KEPT for f in folders)
    held = sum(states.get(f) == HELD for f in folders)
    zh, en = [], []
    if kept:
        zh.append(f"{kept} 个文件夹保留上一个正确版本")
        en.append(f"{kept} folder(s) keep their last good version")
    if held:
        zh.append(f"{held} 个从未发布过的文件夹不上线")
        en.append(f"{held} folder(s) never published stay off the site")
    if held_back:
        zh.append(f"另有 {held_back} 项因引用它们而未能发布")
        en.append(f"{held_back} more item(s) that name them are held back")
    if not zh:
        return "请改正上面的错误 / fix the errors above"
    return f"发布时：{'，'.join(zh)} / on publishing, {', '.join(en)}"
