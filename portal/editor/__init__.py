"""``/staff/content/``: staff edit, review and publish the site's content in the browser.

The files stay the source of truth: the editor reads and writes the same ``index.zh.md``,
``index.en.md``, ``index.zh-hant.md``, photos and ``units.csv`` that ``portal check`` reads, so
``git``, hand edits and the publisher go on working. Drafts, reviews and schedules are revisions
in the database until a publisher publishes one; only then are the files written.

Modules: ``fields`` and ``labels`` (the form of each content type, from its model), ``forms``
(inputs to files and back), ``documents`` (front matter and body as text), ``writes`` (atomic,
journaled writes refused when a file changed meanwhile), ``revisions`` and ``workflow`` (the
record and the review rules), ``candidate`` (the checks of ``portal check`` on unsaved files),
``preview`` (the real page from them), and the views, registered on the back office's blueprint.
"""

# The views register on the back office's blueprint (staff.bp) when their modules are imported.
from . import (  # noqa: F401
    dashboard,
    editing,
    files_views,
    history,
    listing,
    reviewing,
    schedule_views,
    units_views,
    words,
)
