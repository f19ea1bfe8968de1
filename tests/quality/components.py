"""Outside components the quality gates need: skip without them locally, fail in CI."""

import os
import shutil
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "node_modules"
CHROMIUM = "/usr/bin/chromium"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


def require(available, reason):
    """Skip with ``reason`` when a component is missing, unless PORTAL_REQUIRE_ALL=1 (CI)."""
    if available:
        return
    if os.environ.get("PORTAL_REQUIRE_ALL") == "1":
        pytest.fail(f"required component missing: {reason}")
    pytest.skip(reason)


def require_chromium():
    require(Path(CHROMIUM).exists(), f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        require(False, "Python package playwright not installed (make test installs it)")


def require_java_and_vnu():
    require(shutil.which("java"), "Java not installed (apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"vnu.jar missing at {VNU_JAR} (npm ci --prefix tests/tools)")


def require_axe():
    require(AXE_JS.exists(), f"axe-core missing at {AXE_JS} (npm ci --prefix tests/tools)")
