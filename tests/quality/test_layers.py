"""The house's floors: every import in ``portal/`` runs downward (pyproject.toml's layers contract).

``make test`` runs ``lint-imports`` before the suite; these tests prove the contract both holds
on the tree and fails, naming the import, when an upward one comes back (a lazy import inside a
function counts: it is the cycle still there).
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")
pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(root):
    return subprocess.run([str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
                          cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)})


def test_every_import_runs_downward():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, upward", [
    ("content/units.py", "from ..staff import roles"),  # content reaching up to the back office
    ("leads/store.py", "from ..partners import share"),  # leads reaching up to a feature
    ("partners/figures.py", "from ..reports import data"),  # one feature into a higher one
])
def test_an_upward_import_fails_the_check(tmp_path, module, upward):
    shutil.copytree(ROOT / "portal", tmp_path / "portal", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / "portal" / module
    # Inside a function, as a lazy import dodging a cycle would be.
    path.write_text(path.read_text(encoding="utf-8") + f"\n\ndef _probe():\n    {upward}  # noqa\n",
                    encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout
    target = upward.split()[1].lstrip(".")
    assert f"is not allowed to import portal.{target}" in result.stdout


def test_no_function_imports_from_another_part_of_the_portal():
    """A lazy import across parts is how the old circles hid: none is left."""
    found = []
    for path in sorted((ROOT / "portal").rglob("*.py")):
        part = path.relative_to(ROOT / "portal").parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.level:
                    depth = len(path.relative_to(ROOT / "portal").parts) - 1
                    if inner.level > depth:  # leaves this part of the portal
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno} ({part})")
    assert not found, found
