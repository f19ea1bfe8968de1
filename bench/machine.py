"""What the figures were measured on."""

import os
import platform
from datetime import datetime
from pathlib import Path


def proc_field(path, name):
    """The value of the first ``name: value`` line in a /proc file, or None."""
    try:
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return None


def describe():
    mem_kb = proc_field("/proc/meminfo", "MemTotal")
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(int(mem_kb.split()[0]) / 1024 / 1024, 1) if mem_kb else None,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
