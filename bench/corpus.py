"""A large content folder: the sample content plus generated projects, 1,000 in all.

The sample tree is copied as it is (site, taxonomy, parks with their ``units.csv``, policies,
desks, news, pages); its projects serve as templates for clones with distinct slugs and varied
Chinese and English text and figures. Photos and attachments that the front matter names but
the folder lacks get a small placeholder, so every bundle of the corpus loads.
"""

import io
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml
from PIL import Image

from . import texts

SAMPLE = Path(__file__).resolve().parent.parent / "content"
FILE_KEYS = ("cover", "photos", "attachments")


def read_bundle_file(path):
    """``(front matter dict, body)`` of a Markdown file; ``({}, "")`` if it cannot be read."""
    try:
        _, head, body = path.read_text(encoding="utf-8-sig").split("---\n", 2)
        data = yaml.safe_load(head)
    except (OSError, ValueError, yaml.YAMLError):
        return {}, ""
    return (data if isinstance(data, dict) else {}), body


def write_bundle_file(path, data, body):
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{head}---\n{body}", encoding="utf-8")


def templates(root):
    """Sample projects by industry key: ``{industry: [(zh, zh_body, en, en_body)]}``.

    A clone takes the body and long texts of a sample project of its own industry.
    """
    taxonomy = yaml.safe_load((root / "taxonomy.yaml").read_text(encoding="utf-8-sig"))
    keys = {term["zh"]: key for key, term in taxonomy["industries"].items()}
    found = {}
    for folder in sorted((root / "projects").iterdir()):
        zh, zh_body = read_bundle_file(folder / "index.zh.md")
        en, en_body = read_bundle_file(folder / "index.en.md")
        industry = keys.get(zh.get("industry"), zh.get("industry"))
        if zh.get("title") and industry in texts.PRODUCTS:
            found.setdefault(industry, []).append((zh, zh_body, en, en_body))
    return found


def clone(number, template, industry, rng, parks, desks):
    """A generated project: ``(slug, zh, zh_body, en, en_body)``; ``en`` is None when untranslated."""
    zh, zh_body, en, en_body = template
    product = rng.choice(texts.PRODUCTS[industry])
    town, kind = rng.choice(texts.TOWNS), rng.choice(texts.KINDS)
    department = rng.choice(texts.DEPARTMENTS)
    land, wan, jobs = rng.randint(10, 600), rng.randint(2_000, 150_000), rng.randint(30, 2_000)
    investment, output = texts.amount(wan), texts.amount(int(wan * rng.uniform(0.5, 2.5)))
    payback = round(rng.uniform(3, 12), 1)
    titles = texts.title(town, product, kind)
    summaries = texts.summary(town, product, investment, jobs)
    sites = texts.site_note(town, land)
    extra = texts.highlights(town, product, output, payback)
    zh = {
        **zh, "title": titles[0], "summary": summaries[0], "industry": industry,
        "park": rng.choice(parks) if parks and rng.random() < 0.6 else None,
        "location": f"青岚县{town[0]}", "total_investment": investment[0], "land_mu": land,
        "building_area_m2": land * rng.randint(200, 500),
        "cooperation_modes": rng.sample(["sole", "jv", "cooperation", "lease", "ppp"], rng.randint(1, 3)),
        "status": rng.choice(["open", "open", "negotiating", "signed"]),
        "maturity": rng.choice(["brief", "proposal", "feasibility"]),
        "construction_content": sites[0] + zh.get("construction_content", ""),
        "benefits": {"annual_output": output[0], "annual_tax": texts.amount(max(1, wan // 12))[0],
                     "jobs": jobs, "payback_years": payback},
        "department": department[0], "desk": rng.choice(desks),
        "weight": rng.randint(20, 200), "featured": False,
        "updated": date(2025, 1, 1) + timedelta(days=rng.randint(0, 680)),
    }
    zh = {key: value for key, value in zh.items() if value is not None}
    slug = f"{product[2]}-{town[2]}-{number:04d}"
    if not en or rng.random() < 0.15:  # some projects are not translated yet
        return slug, zh, zh_body + extra[0], None, ""
    en = {
        **en, "title": titles[1], "summary": summaries[1], "location": f"{town[1]}, Qinglan County",
        "construction_content": sites[1] + en.get("construction_content", ""),
        "department": department[1],
    }
    return slug, zh, zh_body + extra[0], en, en_body + extra[1]


def placeholder_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (96, 140, 110)).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


def named_files(data):
    """File names that front matter refers to (cover, photos, attachments)."""
    names = [data.get("cover")] + list(data.get("photos") or [])
    names += [a.get("file") for a in data.get("attachments") or [] if isinstance(a, dict)]
    return [n for n in names if isinstance(n, str) and n and "/" not in n]


def fill_missing_files(root):
    """Write a placeholder for every named photo or attachment that is missing."""
    jpeg = placeholder_jpeg()
    for index in root.glob("*/*/index.*.md"):
        for name in named_files(read_bundle_file(index)[0]):
            target = index.parent / name
            if not target.exists():
                photo = name.lower().endswith((".jpg", ".jpeg", ".png"))
                target.write_bytes(jpeg if photo else b"%PDF-1.4\n")


def generate(target, projects=1000, seed=2026):
    """Copy the sample content to ``target`` and add projects up to ``projects``; return ``target``."""
    target = Path(target)
    shutil.copytree(SAMPLE, target)
    rng = random.Random(seed)
    sample = templates(target)
    every = [t for found in sample.values() for t in found]
    parks = sorted(p.name for p in (target / "parks").iterdir() if p.is_dir())
    desks = sorted(p.name for p in (target / "desks").iterdir() if p.is_dir())
    existing = sum(1 for p in (target / "projects").iterdir() if p.is_dir())
    for number in range(existing, projects):
        industry = rng.choice(list(texts.PRODUCTS))
        template = rng.choice(sample.get(industry) or every)  # the nearest story there is
        slug, zh, zh_body, en, en_body = clone(number, template, industry, rng, parks, desks)
        folder = target / "projects" / slug
        folder.mkdir()
        write_bundle_file(folder / "index.zh.md", zh, zh_body)
        if en is not None:
            write_bundle_file(folder / "index.en.md", en, en_body)
    fill_missing_files(target)
    return target
