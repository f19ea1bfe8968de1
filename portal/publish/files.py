"""Bundle files into a new generation: photos stripped and derived, attachments copied as they are.

Only photos and attachments of an allowed type are published (``portal.content.attachments``):
a page, script or SVG left in a bundle is not copied, so it can never be served.

Each photo becomes a master and its sizes in WebP and JPEG (see ``portal.images``); a cover also
gets a share image cropped around its focal point. What pages need to know of each photo (its
upright size, the real widths, the file names, the focal point, the share image) is written
to ``photos.json`` at the generation's root: the photo index that ``portal.media`` reads.

Derived names carry a key made from the source's bytes and the derivation settings, so a photo
whose key is that of the previous generation is hard-linked from it (the work of stripping and
resizing is done once per photo content, not once per publish); only a changed focal point
makes a new share image. A bundle kept at its last good version takes its files from the
previous generation, exactly as they were.
"""

import dataclasses
import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from .. import images
from ..content.attachments import is_published
from ..content.problems import Problem
from ..images import PHOTOS, read_photo_index

FILES = "files"
COVERED = ("projects", "parks", "news")  # sections whose cover is shared (a share image)
THREADS = min(4, len(os.sched_getaffinity(0)))


def photo_files(name, entry):
    """Every file, relative to the bundle's folder, that the photo ``name`` became."""
    key = entry["key"]
    names = [name, *(images.derived_name(name, key, w, fmt)
                     for w, _ in entry["sizes"] for fmt in images.FORMATS)]
    if entry.get("share"):
        names.append(entry["share"]["name"])
    return names


def cover_of(bundle):
    """``(name, focal point or None)`` of the bundle's shared cover photo, or ``(None, None)``."""
    item = bundle.items.get("zh") or next(iter(bundle.items.values()), None)
    if bundle.section not in COVERED or item is None or not getattr(item, "cover", None):
        return None, None
    return item.cover, getattr(item, "cover_focus", None)


def publish_files(content, tmp, previous, progress=None):
    """Write every bundle's files under ``tmp/files/`` and the photo index ``tmp/photos.json``.

    Returns ``(bundles, manifest, problems)``: the bundles with their files relative to the
    generation folder, the digest of every source file (for the next publish to compare with),
    and a problem for each photo that could not be read (left out; the page shows no image).
    Photos are derived on a few threads at once: Pillow encodes and resizes outside the GIL.
    """
    old_manifest = previous.manifest if previous else {}
    old_root = previous.content.root if previous else None
    old_photos = read_photo_index(old_root) if old_root else {}
    manifest, files_of, problems, photos, jobs = {}, {}, [], {}, {}
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for key, bundle in content.bundles.items():
            section, slug = key
            cover, focus = cover_of(bundle)
            target = tmp / FILES / section / slug
            old_dir = old_root / FILES / section / slug if old_root else None
            files = files_of[key] = {}
            for name, path in bundle.files.items():
                if not is_published(name):  # content check warns of it (stray_files)
                    continue
                files[name] = Path(FILES, section, slug, name)
                ident = f"{section}/{slug}/{name}"
                old, known = old_photos.get(ident), old_manifest.get((*key, name))
                if not Path(path).is_absolute():  # kept at its last good version: files as they were
                    manifest[(*key, name)] = known
                    if not images.is_photo(name):
                        link(old_dir, target, [name])
                    elif old and link(old_dir, target, photo_files(name, old)):
                        photos[ident] = old
                    continue
                stamp = manifest[(*key, name)] = fingerprint(path, known)
                if images.is_photo(name):
                    jobs[key, name] = pool.submit(publish_photo, Path(path), stamp[2], target, name, old,
                                                  old_dir, share=name == cover, focus=focus)
                elif not (same_source(stamp, known) and link(old_dir, target, [name])):
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target / name)
        for (key, name), job in jobs.items():
            try:
                photos["/".join((*key, name))] = job.result()
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                problems.append(unreadable(*key, name, error))
                del files_of[key][name]
            if progress:
                progress("/".join((*key, name)))
    (tmp / PHOTOS).write_text(json.dumps(photos, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    bundles = {key: dataclasses.replace(b, files=files_of[key]) for key, b in content.bundles.items()}
    return bundles, manifest, problems


def publish_photo(source, digest, target, name, old, old_dir, share=False, focus=None):
    """Derive (or link from the previous generation) the photo ``name``; return its index entry."""
    key = images.photo_key(digest)
    reused = bool(old) and old.get("key") == key and link(
        old_dir, target, photo_files(name, {**old, "share": None}))
    if reused:
        entry = {k: old[k] for k in ("key", "size", "sizes")}
    else:
        entry = images.derive(source, target, name, key)
    if not share:
        return entry
    entry["focus"] = [float(f) for f in focus] if focus else None
    wanted = images.share_name(name, images.share_key(key, focus))
    kept = old.get("share") if reused else None
    if kept and kept["name"] == wanted and link(old_dir, target, [wanted]):
        entry["share"] = kept
    else:  # from the stripped master: a crop of pixels already upright and clean
        size = images.derive_share(target / name, target / wanted, focus)
        entry["share"] = {"name": wanted, "size": size} if size else None
    return entry


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


def link(source_dir, target_dir, names):
    """Hard-link (or copy) ``names`` from the previous generation's folder; False if one is missing."""
    if source_dir is None or not all((source_dir / n).is_file() for n in names):
        return False
    target_dir.mkdir(parents=True, exist_ok=True)
    for n in names:
        try:
            os.link(source_dir / n, target_dir / n)
        except FileExistsError:  # linked already (the same photo, reused and then shared)
            pass
        except OSError:  # another file system, or links not allowed
            shutil.copy2(source_dir / n, target_dir / n)
    return True
