"""What one publish produced: the content it made live and what happened to each bundle."""

import dataclasses
from dataclasses import dataclass, field

# Bump when the stored objects change shape (content models, this module): a generation of
# another format is published again instead of being read.
FORMAT = 6  # 4: factory units carry photos and policies; 5: a zh-hant item per bundle;
# 6: photos.json (sizes in WebP and JPEG, share images) and cover focal points

# What a publish did with a bundle of the working copy.
NEW = "new"  # published for the first time
UPDATED = "updated"  # a changed version replaced the published one
UNCHANGED = "unchanged"
KEPT = "kept"  # the working copy has errors: the last good version stays online
HELD = "held"  # has errors and was never published: not online yet
WITHDRAWN = "withdrawn"  # its folder was removed from the working copy


@dataclass(frozen=True)
class Outcome:
    section: str
    slug: str
    state: str
    title: str = ""
    problems: tuple = ()  # the errors that kept it back, and its warnings

    @property
    def folder(self):
        return f"{self.section}/{self.slug}"


@dataclass(frozen=True)
class Generation:
    """A published generation: read by every worker, written once by a publish."""

    name: str
    source: str  # fingerprint of the working copy it was published from
    published: str  # ISO time
    content: object  # portal.content.store.Content, files relative to the generation folder
    problems: tuple = ()  # every problem found in the working copy (errors and warnings)
    outcomes: tuple = ()
    manifest: dict = field(default_factory=dict)  # (section, slug, name) -> digest of the source
    analysis: str = ""  # the search analysis version the index was built with
    stamps: dict = field(default_factory=dict)  # bundle folder (None: site files) -> fingerprint
    format: int = FORMAT

    def at(self, path):
        """This generation with its content rooted at ``path`` (where it was read from)."""
        return dataclasses.replace(self, content=dataclasses.replace(self.content, root=path))

    @property
    def errors(self):
        return tuple(p for p in self.problems if getattr(p, "severity", "error") == "error")

    @property
    def warnings(self):
        return tuple(p for p in self.problems if getattr(p, "severity", "error") != "error")

    def counts(self):
        tally = {}
        for outcome in self.outcomes:
            tally[outcome.state] = tally.get(outcome.state, 0) + 1
        return tally
