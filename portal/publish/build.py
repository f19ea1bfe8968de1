"""One publish: the working copy -> a complete new generation, made live atomically.

Each bundle is validated on its own. A valid bundle replaces its published version; an invalid
one keeps its last good version, or, if it was never published, stays out; references are
checked against what will be published. Photos and the search index are derived for exactly
this content, so pages, images and search always agree.
"""

import dataclasses
import logging
import shutil
from datetime import datetime
from pathlib import Path

from ..content.format import require_readable
from ..content.store import fingerprint, folder_stamps, load_content
from ..search import analysis, build_index, index_of
from . import generations
from .files import publish_files
from .model import NEW, UNCHANGED, UPDATED, Generation
from .outcomes import outcomes
from .report import write_meta

log = logging.getLogger(__name__)
VALID = {NEW, UPDATED, UNCHANGED}  # outcomes of bundles published from their own files


def publish(source, folder, *, force=False, progress=None, seed=None):
    """Publish the working copy at ``source`` into the publication ``folder``.

    Returns ``(generation, changed)``: the live generation afterwards, and False when the
    working copy was already published as it is (nothing written). ``seed`` is another
    publication folder whose live generation stands in for a first publish's previous one:
    the staff preview starts from what the public site shows, so a broken file is previewed
    exactly as the public will see it (at its last good version). Content that needs a newer
    portal (``content_format``) raises ContentTooNew before anything is written.
    """
    require_readable(source)
    folder = Path(folder)
    with generations.publish_lock(folder):
        previous = generations.read(folder)
        if previous is None and seed is not None:
            previous = generations.read(seed)
        stamps = folder_stamps(source)
        if previous and not force and up_to_date(previous, fingerprint(stamps)):
            return previous, False
        generation = build(Path(source), folder, previous, stamps, progress)
    log.info("published %s: %s", generation.name, generation.counts())
    return generation, True


def up_to_date(generation, stamp):
    return generation.source == stamp and generation.analysis == str(analysis.VERSION)


def reusable(previous, stamps):
    """Bundles valid in ``previous`` whose folders have not changed since: not read again.

    Only while the site's own files (taxonomy.yaml above all) are unchanged too, since every
    bundle is validated against them.
    """
    if previous is None or previous.stamps.get(None) != stamps.get(None):
        return frozenset()
    return frozenset((o.section, o.slug) for o in previous.outcomes if o.state in VALID
                     and stamps.get((o.section, o.slug)) == previous.stamps.get((o.section, o.slug)))


def build(source, folder, previous, stamps, progress):
    name = generations.new_name()
    tmp = generations.make_tmp(folder, name)
    try:
        content, problems = load_content(source, previous=previous.content if previous else None,
                                         reuse=reusable(previous, stamps),
                                         version=fingerprint(stamps))
        say(progress, "files")
        bundles, manifest, file_problems = publish_files(content, tmp, previous, progress)
        problems = [*problems, *file_problems]
        content = dataclasses.replace(content, bundles=bundles, version=name, root=tmp, memo={})
        say(progress, "search")
        build_index(content, tmp / "search", previous=previous and index_of(previous.content.root / "search"))
        generation = Generation(
            name=name, source=fingerprint(stamps), stamps=stamps,
            published=datetime.now().astimezone().isoformat(timespec="seconds"),
            content=dataclasses.replace(content, root=None, memo={}), problems=tuple(problems),
            outcomes=outcomes(source, content, previous, problems), manifest=manifest,
            analysis=str(analysis.VERSION),
        )
        generations.write(tmp, generation)
        write_meta(tmp, generation)
        generations.commit(folder, tmp, name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return generation.at(folder / name)


def say(progress, step):
    if progress:
        progress(step)
