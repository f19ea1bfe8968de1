"""Load the whole content folder into memory, check cross references, keep the last good."""

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..clock import china_today
from .attachments import stray_files
from .bundles import load_bundle
from .hant import converter_for
from .hant import load_or_keep as load_phrases_or_keep
from .models import SECTIONS
from .problems import ContentError
from .references import check_references, expired_claims, folder_names
from .site import Site, Taxonomy, empty_taxonomy, load_yaml_model, placeholder_site
from .synonyms import load_or_keep as load_synonyms_or_keep
from .wordlist import load_or_keep as load_words_or_keep
from .wordlist import screened

log = logging.getLogger(__name__)
ORDER = {
    "projects": lambda i: (i.weight, -i.updated.toordinal(), i.slug),
    "news": lambda i: (-i.published.toordinal() if i.published else 0, i.slug),
    "policies": lambda i: (i.weight, -i.issued.toordinal(), i.slug),
}


@dataclass(frozen=True)
class Content:
    """Everything the site publishes, validated; read-only after loading."""

    root: Path
    site: Site
    taxonomy: Taxonomy
    bundles: dict  # (section, slug) -> Bundle
    version: str
    synonyms: tuple = ()  # groups of search terms (content/synonyms.yaml)
    hant_phrases: tuple = ()  # phrases the traditional-Chinese conversion keeps (content/zh-hant.yaml)
    words: tuple = ()  # the word list (content/checks.yaml), kept while a newer file is broken
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # see derived()

    def derived(self, key, build):
        """``build()``, computed once for this content version and kept under ``key``.

        For figures that depend on the content alone, like the display order of a section.
        Two threads may both build a missing value; they build the same thing.
        """
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = build()
            return value

    @property
    def hant(self):
        """The converter to traditional Chinese with this content's phrase list."""
        return converter_for(self.hant_phrases)

    def items(self, section, lang):
        """Items of ``section`` in ``lang``, in display order (a tuple, sorted once)."""
        return self.derived(("items", section, lang), lambda: tuple(sorted(
            (b.items[lang] for (s, _), b in self.bundles.items() if s == section),
            key=ORDER.get(section, lambda i: (i.weight, i.slug)),
        )))

    def get(self, section, slug, lang):
        bundle = self.bundles.get((section, slug))
        return bundle.items[lang] if bundle else None

    def file(self, section, slug, name):
        """Path of a photo or attachment of a bundle, or None if there is no such file.

        Published bundles hold paths relative to their generation folder (``root``).
        """
        bundle = self.bundles.get((section, slug))
        path = bundle.files.get(name) if bundle else None
        return None if path is None else self.root / path


def folder_stamps(root):
    """A fingerprint of each bundle folder (``(section, slug)``) and of the site's own files
    (``None``: site.yaml, taxonomy.yaml…), from the name, time and size of every file in it."""
    root = Path(root)
    digests = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        parts = path.relative_to(root).parts
        key = (parts[0], parts[1]) if len(parts) >= 3 and parts[0] in SECTIONS else None
        stat = path.stat()
        digests.setdefault(key, hashlib.sha1()).update(
            f"{'/'.join(parts)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return {key: digest.hexdigest()[:12] for key, digest in digests.items()}


def fingerprint(stamps):
    """One fingerprint of the whole folder: changes when any file is added, edited or removed."""
    return hashlib.sha1(repr(sorted(stamps.items(), key=repr)).encode()).hexdigest()[:12]


def snapshot(root):
    return fingerprint(folder_stamps(root))


def load_content(root, previous=None, reuse=frozenset(), version=None, replaced=None):
    """Return ``(content, problems)``.

    A file with problems is left out, or, when ``previous`` content is given, its last good
    version is kept, so an editing mistake never takes a published page down. Bundles named
    in ``reuse`` (valid before, their folders unchanged since) are taken from ``previous``
    without reading them again. ``version`` is the folder's fingerprint when the caller has
    already worked it out. ``replaced`` (``{(section, slug): folder}``) reads those items from
    folders elsewhere (each named as its item) in place of theirs: the staff editor's candidates.
    """
    root = Path(root)
    problems = []
    site = load_or_keep(root, "site.yaml", Site, problems, previous and previous.site)
    taxonomy = load_or_keep(root, "taxonomy.yaml", Taxonomy, problems,
                            previous and previous.taxonomy)
    synonyms = load_synonyms_or_keep(root, problems, previous.synonyms if previous else ())
    hant_phrases = load_phrases_or_keep(root, problems, previous.hant_phrases if previous else ())
    words = load_words_or_keep(root, problems, previous.words if previous else ())
    bundles = {}
    context = taxonomy.as_context() if taxonomy else None
    names = folder_names(root)
    site, taxonomy = site or placeholder_site(), taxonomy or empty_taxonomy()
    for section, model in SECTIONS.items():
        for path in item_folders(root / section, section, replaced or {}):
            key = (section, path.name)
            try:
                if context is None:
                    raise ContentError([])
                reused = previous.bundles.get(key) if key in reuse else None
                bundles[key] = reused or screened(words, load_bundle, path, section, model, context, root,
                                                  names=names)
                problems.extend(bundles[key].warnings)
            except ContentError as error:
                problems.extend(error.problems)
                keep(bundles, key, previous)
    problems.extend(check_references(bundles, previous, root))
    problems.extend(expired_claims(bundles, china_today()))
    problems.extend(stray_files(bundles))
    for problem in problems:  # warnings, often many, are in the publish report, not the log
        log.log(logging.WARNING if problem.severity == "error" else logging.DEBUG,
                "content problem: %s", problem)
    content = Content(root, site, taxonomy, bundles, version or snapshot(root), synonyms, hant_phrases,
                      words)
    return content, problems


def item_folders(folder, section, replaced):
    """The item folders of a section, in order, with those of ``replaced`` in place of theirs."""
    paths = {p.name: p for p in (folder.iterdir() if folder.is_dir() else ())
             if p.is_dir() and not p.name.startswith(".")}
    paths.update({slug: path for (where, slug), path in replaced.items() if where == section})
    return [paths[name] for name in sorted(paths)]


def load_or_keep(root, name, model, problems, last_good):
    try:
        return load_yaml_model(root, name, model)
    except ContentError as error:
        problems.extend(error.problems)
        return last_good


def keep(bundles, key, previous):
    if previous is not None and key in previous.bundles:
        bundles[key] = previous.bundles[key]
