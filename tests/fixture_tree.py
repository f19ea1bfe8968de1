"""What the fixture tree in ``tests/fixtures/content`` publishes, as a visitor sees it."""

from datetime import date

import yaml

from .conftest import FIXTURE_CONTENT

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}

# Section folder -> its URL segment under /<lang>/ (DESIGN.md's URL table); pages sit at the top.
SECTION_URLS = {"projects": "projects/", "parks": "parks/", "policies": "policies/",
                "desks": "contact/", "news": "news/", "pages": ""}

LIST_PAGES = ("", "projects/", "parks/", "spaces/", "policies/", "contact/", "news/")

# Detail page (after /<lang>/) -> the item's `updated` date.
DETAIL_PAGES = {
    "projects/tea-processing/": date(2026, 10, 12),
    "projects/manganese-sulfate/": date(2026, 9, 1),
    "projects/rice-cold-chain/": date(2026, 8, 20),
    "parks/materials-park/": date(2026, 11, 16),
    "parks/agri-park/": date(2026, 7, 1),
    "policies/land-support/": date(2026, 5, 12),
    "policies/referral-reward-2023/": date(2026, 1, 5),
    "contact/bureau/": date(2026, 11, 2),
    "contact/agri-team/": date(2026, 10, 1),
    "contact/materials-team/": date(2026, 9, 15),
    "news/2026-03-18-roadshow/": date(2026, 3, 19),
    "environment/": date(2026, 11, 2),
    "about/": date(2026, 11, 2),
    "privacy/": date(2026, 6, 1),
}
ALL_PAGES = LIST_PAGES + tuple(DETAIL_PAGES)
UNTRANSLATED = "projects/rice-cold-chain/"


def item_path(lang, section, slug):
    return f"/{lang}/{SECTION_URLS[section]}{slug}/"


def footer(content_dir=FIXTURE_CONTENT):
    """The footer identifiers from a tree's ``site.yaml``."""
    return yaml.safe_load((content_dir / "site.yaml").read_text(encoding="utf-8-sig"))["footer"]
