"""Bundle files into a new generation: photos stripped and resized, attachments copied as they are.

A file whose source has not changed since the previous generation is hard-linked from it (the
work of stripping and resizing is done once per photo, not once per publish); a bundle kept at
its last good version takes its files from the previous generation, exactly as they were.
"""

import dataclasses
import hashlib
import os
import shutil
from pathlib import Path

from PIL import Image

from .. import images
from ..content.problems import Problem

FILES = "files"


def outputs(name):
    """Paths, relative to the bundle's folder in the generation, that a file becomes."""
    if images.is_photo(name):
        return [name, *(images.sized_name(name, w) for w in images.WIDTHS)]
    return [name]


def publish_files(content, tmp, previous, progress=None):
    """Write every bundle's files under ``tmp/files/``.

    Returns ``(bundles, manifest, problems)``: the bundles with their files relative to the
    generation folder, the digest of every source file (for the next publish to compare with),
    and a problem for each photo that could not be read (left out; the page shows no image).
    """
    old_manifest = previous.manifest if previous else {}
    old_root = previous.content.root if previous else None
    manifest, bundles, problems = {}, {}, []
    for key, bundle in content.bundles.items():
        section, slug = key
        files = {}
        for name, path in bundle.files.items():
            rel = Path(FILES, section, slug, name)
            files[name] = rel
            target = tmp / FILES / section / slug
            if not Path(path).is_absolute():  # kept at its last good version: files as they were
                manifest[(*key, name)] = old_manifest.get((*key, name))
                link_outputs(old_root / FILES / section / slug, target, name)
                continue
            known = old_manifest.get((*key, name))
            stamp = manifest[(*key, name)] = fingerprint(path, known)
            if old_root and same_source(stamp, known) and link_outputs(
                    old_root / FILES / section / slug, target, name):
                continue
            try:
                write_outputs(Path(path), target, name)
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                problems.append(unreadable(section, slug, name, error))
                del files[name]
            if progress:
                progress(f"{section}/{slug}/{name}")
        bundles[key] = dataclasses.replace(bundle, files=files)
    return bundles, manifest, problems


def unreadable(section, slug, name, error):
    return Problem(f"{section}/{slug}/{name}", None, None,
                   f"无法读取这张图片（{error.__class__.__name__}），请重新保存为 JPEG 或 PNG",
                   f"this photo cannot be read ({error.__class__.__name__}); save it again as JPEG or PNG")


def fingerprint(path, known):
    """``(size, mtime_ns, sha256)`` of a source file; the digest is reused when size and time
    are those already known, so an unchanged photo is not read again."""
    stat = os.stat(path)
    if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
        return known
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return (stat.st_size, stat.st_mtime_ns, digest)


def same_source(a, b):
    return bool(a and b) and a[0] == b[0] and a[2] == b[2]


def link_outputs(source_dir, target_dir, name):
    """Hard-link (or copy) what ``name`` became in the previous generation; False if missing."""
    paths = outputs(name)
    if not all((source_dir / p).is_file() for p in paths):
        return False
    for p in paths:
        target = target_dir / p
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source_dir / p, target)
        except OSError:  # another file system, or links not allowed
            shutil.copy2(source_dir / p, target)
    return True


def write_outputs(source, target_dir, name):
    target_dir.mkdir(parents=True, exist_ok=True)
    if images.is_photo(name):
        images.derive(source, target_dir / name, lambda w: target_dir / images.sized_name(name, w))
    else:
        shutil.copyfile(source, target_dir / name)
