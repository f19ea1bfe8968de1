"""Invest Portal: a county investment promotion bureau's bilingual site.

The package's floors, from the bottom: ``config`` and the small helpers beside it, ``images``,
``content``, ``i18n``, ``db``, ``audit``, ``leads``, ``formatting``, the page cache, then the
features (public, search, inquiry, outbox, status, partners, syndication, reports, staff),
``publish``, ``factory`` and the ``cli`` on top. Every import runs downward; the layers contract
in ``pyproject.toml`` (``make lint-imports``, run by ``make test``) fails when one runs up.
"""

from .factory import create_app  # noqa: F401  (``portal:create_app``, the app factory)
