"""YAML anchors and aliases are refused in content before they are expanded: a few hundred
bytes of nested aliases ("billion laughs", nine levels of nine) once made ``portal check`` run
120 s and take 1.6 GB. The file is named with the line of the first anchor; every other folder
still publishes.
"""

import os
import subprocess
import sys

import pytest

from portal.content.frontmatter import parse_yaml
from portal.content.problems import ContentError

from ..conftest import build_app

PORTAL = os.path.join(os.path.dirname(sys.executable), "portal")
LAUGHS = "\n".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *(f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
]) + "\n"


def test_portal_check_refuses_them_in_seconds_naming_file_and_line(content_copy):
    folder = content_copy / "projects" / "laughs"
    folder.mkdir()
    (folder / "index.zh.md").write_text(f"---\n{LAUGHS}---\n正文\n", encoding="utf-8")
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content_copy),
           "PORTAL_INSTANCE_DIR": str(content_copy.parent / "instance")}
    result = subprocess.run([PORTAL, "check"], env=env, capture_output=True, text=True, timeout=20)
    assert result.returncode == 1
    assert "projects/laughs/index.zh.md:2" in result.stdout
    assert "anchors and aliases" in result.stdout


def test_the_rest_of_the_site_still_publishes(content_copy, tmp_path):
    folder = content_copy / "projects" / "laughs"
    folder.mkdir()
    (folder / "index.zh.md").write_text(f"---\n{LAUGHS}---\n", encoding="utf-8")
    client = build_app(content_copy, tmp_path / "instance").test_client()
    assert client.get("/zh/projects/laughs/").status_code == 404
    for url in ("/zh/", "/zh/projects/", "/zh/projects/tea-processing/", "/en/parks/agri-park/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name,text,line", [
    ("site.yaml", "name: 青岚县\nalias: *missing\n", 2),
    ("taxonomy.yaml", "industries:\n  - &x 新农业\n  - *x\n", 2),
    ("synonyms.yaml", "groups:\n  - [a, b]\n  - &g [c, d]\n", 3),
])
def test_every_content_yaml_refuses_an_anchor_or_alias_with_its_line(name, text, line):
    with pytest.raises(ContentError) as raised:
        parse_yaml(text, name)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (name, line)


def test_an_ampersand_or_asterisk_in_text_is_only_text():
    data, _ = parse_yaml("title: 'R&D * 2'\nsummary: \"*new* & more\"\n", "x.md")
    assert data == {"title": "R&D * 2", "summary": "*new* & more"}
