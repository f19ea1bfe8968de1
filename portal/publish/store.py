"""The published content on the app: read from the live generation, switched between requests."""

import threading
import time

from . import generations
from .build import publish


class NotPublished(RuntimeError):
    """There is no generation to serve and the app may not publish one itself."""


class PublishedStore:
    """Holds the Generation a worker serves, and notices when a newer one goes live.

    ``refresh()`` looks at the ``current`` link at most every ``check_every`` seconds (one
    ``readlink``); when it names a new generation, one thread loads it while the others go on
    serving the old one, and the next requests get the new one. A request keeps the Content
    it started with (see ``init_app``), so it sees one generation from start to end.
    """

    def __init__(self, source, folder, publish_missing=True, check_every=0.25, seed=None):
        self.source, self.folder, self.check_every, self.seed = source, folder, check_every, seed
        self.lock = threading.Lock()
        self._generation = generations.read(folder)
        if self._generation is None and publish_missing:
            self._generation, _ = publish(source, folder, seed=seed)  # first start: a fresh folder
        self.checked = time.monotonic()

    @property
    def generation(self):
        if self._generation is None:
            raise NotPublished(f"nothing is published in {self.folder}: run `portal publish`")
        return self._generation

    @generation.setter
    def generation(self, value):
        self._generation = value

    @property
    def current(self):
        return self.generation.content

    @property
    def problems(self):
        """Every problem found when the live generation was published (errors and warnings)."""
        return self.generation.problems

    @property
    def errors(self):
        return self.generation.errors

    def refresh(self):
        """The Content to serve now (a newer generation, if one went live)."""
        now = time.monotonic()
        if now - self.checked >= self.check_every:
            self.checked = now
            name = generations.current_name(self.folder)
            live = self._generation.name if self._generation else None
            if name and name != live and self.lock.acquire(blocking=False):
                try:
                    self.load(name)
                finally:
                    self.lock.release()
        return self.generation.content

    def load(self, name):
        loaded = generations.read(self.folder, name)
        if loaded is not None:
            self.generation = loaded

    def publish(self, force=False, progress=None):
        """Publish the working copy now and serve the result; return ``(generation, changed)``."""
        generation, changed = publish(self.source, self.folder, force=force, progress=progress,
                                      seed=self.seed)
        with self.lock:
            self.generation = generation
        return generation, changed
