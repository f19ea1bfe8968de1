"""Content: files in ``content/`` -> validated, immutable items (see ``store.load_content``).

The site serves the content of the live published generation (``portal.publish``), never the
working copy directly.
"""

from flask import current_app, g

PINNED = "portal.content"  # environ entry: the Content a request was started with


def get_content():
    """The Content the current request works with (its published generation)."""
    return g.get("content") or current_app.extensions["content"].current
