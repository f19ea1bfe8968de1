"""The content format: which code the content in ``content/`` needs.

``site.yaml`` may say ``content_format: N`` (by default, the format this code reads). A change to
the content that only newer code can publish (a field its pages rely on, a filter its templates
use) raises the format with that release. Content asking for a newer format than this code reads
is refused as a whole, before anything is read or published: the site keeps the generation it
serves, instead of an older portal publishing pages it cannot render (issue 20: `git pull` under
a running server served 500s).
"""

import unicodedata
from pathlib import Path

from ..config import ConfigError
from .frontmatter import parse_yaml, read_text
from .problems import ContentError

CONTENT_FORMAT = 1  # raise it with a change of the content that older code cannot publish
FIELD = "content_format"
SITE_FILE = "site.yaml"


class ContentTooNew(ConfigError):
    """The content needs a newer portal; the message is one line saying where and what to do."""


def wanted_format(value):
    """The format a ``content_format`` value asks for, or None if it is not a whole number
    (site.yaml's validation reports that)."""
    if isinstance(value, bool):
        return None
    try:
        return int(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        return None


def require_readable(root):
    """Raise ContentTooNew if ``root``'s site.yaml asks for a newer content format than this code's."""
    path = Path(root) / SITE_FILE
    if not path.is_file():
        return
    try:
        data, lines = parse_yaml(read_text(path, SITE_FILE), SITE_FILE)
    except ContentError:
        return  # a broken site.yaml is reported, and kept at its last good version, as ever
    wanted = wanted_format(data.get(FIELD)) if FIELD in data else None
    if wanted is None or wanted <= CONTENT_FORMAT:
        return
    raise ContentTooNew(
        f"{path}:{lines.get(FIELD, 1)} [{FIELD}] {wanted}: "
        f"此内容需要更新版本的门户（本门户只能读取内容格式 {CONTENT_FORMAT}），"
        "未发布任何内容，网站继续显示已发布的版本；"
        f"请升级门户（docs/operations.md） / this content needs a newer portal (this one reads content "
        f"format {CONTENT_FORMAT}): nothing was published, the site keeps the version it serves; "
        "upgrade the portal: docs/operations.md")
