"""Publish by itself: watch the working copy and publish shortly after each save.

watchfiles (Rust ``notify``: inotify on Linux) groups the events of a save, or of a folder
being copied, and yields once nothing has changed for ``QUIET_MS``; a long copy is yielded at
the latest after ``MAX_WAIT_MS`` and published again when it ends. A bundle caught half
copied is simply invalid for that publish: it keeps its last good version (or stays out),
and the next event publishes it whole.
"""

import logging

from watchfiles import DefaultFilter, watch

log = logging.getLogger(__name__)
QUIET_MS = 400
MAX_WAIT_MS = 5000


class ContentFilter(DefaultFilter):
    """Ignore editors' and office programs' temporary and lock files."""

    def __call__(self, change, path):
        name = path.rsplit("/", 1)[-1]
        if name.startswith(("~$", ".~lock", ".#")) or name.endswith(("~", ".tmp", ".crdownload")):
            return False
        return super().__call__(change, path)


def watch_and_publish(source, publish_now, stop_event=None):
    """Call ``publish_now()`` once now and after every change under ``source``, until stopped."""
    publish_now()
    for changes in watch(source, watch_filter=ContentFilter(), debounce=MAX_WAIT_MS, step=QUIET_MS,
                         stop_event=stop_event, raise_interrupt=False):
        log.debug("%d change(s) in %s", len(changes), source)
        try:
            publish_now()
        except Exception:  # a publish that fails must not stop the watcher; the next save retries
            log.exception("publishing failed; the site keeps the generation it serves")
