"""Which files of a bundle are published: photos (as their derived sizes) and attachments of an
allowed type, nothing else.

Bundle files are served from the site's own origin, so a page (``.html``), a script (``.js``)
or an image that can carry one (``.svg``) put in a bundle would run with a visitor's or a staff
member's session. Only the types below are ever copied into a generation or served.
"""

from ..images import is_photo
from .problems import WARNING, Problem

# Attachments as docs/content-format.md documents them: suffix -> the type they are sent as.
ATTACHMENT_TYPES = {".pdf": "application/pdf"}
# Files the loader reads itself (a park's units), published as the pages made from them.
SOURCE_FILES = frozenset({"units.csv"})


def attachment_type(name):
    """The media type an attachment ``name`` is sent as, or None if it is no allowed attachment."""
    suffix = "." + name.rsplit(".", 1)[1].lower() if "." in name else ""
    return ATTACHMENT_TYPES.get(suffix)


def is_published(name):
    """True for a file a generation holds: a photo (derived from) or an allowed attachment."""
    return is_photo(name) or attachment_type(name) is not None


def stray_files(bundles):
    """A warning for each file of a bundle that is never published (neither a photo nor an
    allowed attachment nor a file the loader reads), naming it. Hidden files (``.DS_Store``)
    are left out of the report, never published either."""
    return [
        Problem(f"{section}/{slug}/{name}", None, None,
                "此文件不会发布：文件夹里只能放照片（.jpg、.png）和 PDF 附件",
                "this file is not published: a folder may hold only photos (.jpg, .png) and PDF "
                "attachments", severity=WARNING, value=name)
        for (section, slug), bundle in bundles.items()
        for name in sorted(bundle.files)
        if not (is_published(name) or name in SOURCE_FILES or name.startswith("."))
    ]
