"""Benchmarks for Invest Portal: ``make bench`` (``python -m bench``).

Measures start-up, in-process render time and peak memory for the sample content and a
generated corpus of 1,000 projects, then the throughput of a project page under the
production server (Granian), gunicorn (gthread) and nginx serving the same bytes, publishing
(save → live under ``portal serve``, requests during publishes, a phone photo). Writes a
table to the terminal, ``BENCHMARKS.md`` and raw JSON under ``bench/out/``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # the virtualenv that runs the bench
OUT = Path(__file__).resolve().parent / "out"
