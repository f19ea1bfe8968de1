"""Run wrk against one URL and read its report."""

import re
import subprocess

THREADS = 2
CONNECTIONS = 50
DURATION_S = 10
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def parse(report):
    """Requests/sec, requests, latency (mean, p50, p99 in ms) and error counts from wrk's text output."""
    found = re.search(r"Requests/sec:\s+([\d.]+)", report)
    if not found:
        raise RuntimeError(f"wrk gave no Requests/sec:\n{report}")
    latency = re.search(r"Latency\s+([\d.]+\w+)", report)
    quantiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", report, re.MULTILINE))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                              report)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    total = re.search(r"(\d+) requests in", report)
    return {
        "requests_per_s": float(found.group(1)),
        "latency_mean_ms": to_ms(latency.group(1)) if latency else None,
        "latency_p50_ms": to_ms(quantiles["50"]) if "50" in quantiles else None,
        "latency_p99_ms": to_ms(quantiles["99"]) if "99" in quantiles else None,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "requests": int(total.group(1)) if total else None,
    }


def run(executable, url, duration_s=DURATION_S):
    """``wrk -t2 -c50 -d<duration>s --latency url``, parsed."""
    command = [executable, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration_s}s", "--latency", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 30)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse(done.stdout)
