"""``python -m portal.cli``: the ``portal`` command (``portal serve`` starts its publisher so)."""

from . import main

main()
