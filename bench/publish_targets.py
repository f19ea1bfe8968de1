"""The publishing targets of issue 9, and their figures as rows of the results table."""

from .targets import row

SAVE_TO_LIVE_S = {"sample": 3.0, "1,000 projects": 30.0}
PUBLISH_ERRORS = 0
PUBLISHING_NGINX_RATIO = 1.25


def first_publish_rows(corpora):
    return [row("First publish, fresh instance folder (`portal publish`, new process)", name,
                f"{figures['publish_s']:.1f} s") for name, figures in corpora.items()]


def live_rows(live):
    rows = []
    for name, result in live.items():
        limit = SAVE_TO_LIVE_S[name]
        for kind, s in result["kinds"].items():
            figure = f"Save → live, {kind} (page 200 and search show it): median (max) of {len(s['runs'])}"
            if s["missed"]:
                rows.append(row(figure, name, f"{s['missed']} of {len(s['runs'])} not live within "
                                f"{result['timeout_s']} s", f"≤ {limit:g} s", False))
            else:
                rows.append(row(figure, name, f"{s['median_s']:.2f} s (max {s['max_s']:.2f} s)",
                                f"≤ {limit:g} s", s["median_s"] <= limit))
    return rows


def publish_load_rows(result):
    if "skipped" in result:
        return [row("Requests during publishes", "sample", f"skipped: {result['skipped'].splitlines()[0]}")]
    servers = result["servers"]
    during = servers["granian publishing"]
    served = sum(r["requests"] or 0 for r in during["runs"])
    publishes = sum(p["publishes"] for p in result["publishing"] if p["server"] == "granian")
    seconds = sum(p["window_s"] for p in result["publishing"] if p["server"] == "granian")
    rps = {name: f"{s['requests_per_s']:,.0f}" for name, s in servers.items()}
    return [
        row(f"Requests to Granian during {publishes} publishes in {seconds:.0f} s: errors", "sample",
            f"{served:,} requests, {during['errors']} errors", f"{PUBLISH_ERRORS} errors",
            during["errors"] <= PUBLISH_ERRORS),
        row("nginx / Granian req/s while publishing (nginx under the same publishes)", "sample",
            f"{during['nginx_same_ratio']:.2f}× ({rps['nginx publishing']} / {rps['granian publishing']})",
            f"≤ {PUBLISHING_NGINX_RATIO:g}×", during["nginx_same_ratio"] <= PUBLISHING_NGINX_RATIO),
        row("idle nginx / Granian req/s while publishing", "sample",
            f"{during['nginx_ratio']:.2f}× ({rps['nginx idle']} / {rps['granian publishing']})"),
        row("nginx / Granian req/s, both idle, same run", "sample",
            f"{servers['granian idle']['nginx_ratio']:.2f}× ({rps['nginx idle']} / {rps['granian idle']})"),
    ]


def photo_rows(result):
    corpus = f"{result['stored_size'][0]}×{result['stored_size'][1]} JPEG"
    master = result["master"]
    by_width = sorted(result["sized_bytes"].items(), key=lambda item: -int(item[0].split()[0]))
    sizes = ", ".join(f"{w} px {b / 1000:,.0f} kB" for w, b in by_width)
    clean = ("no EXIF, no GPS" if not master["exif_tags"] and not master["gps"] else "METADATA LEFT")
    return [
        row("12 MP phone photo: strip + resize (`images.derive`), median of 5", corpus,
            f"{result['median_s']:.2f} s"),
        row("12 MP phone photo: bytes in → master and each size", corpus,
            f"{result['input_bytes'] / 1e6:.2f} MB → master {master['size'][0]}×{master['size'][1]} "
            f"{result['master_bytes'] / 1000:,.0f} kB; {sizes}; {clean}"),
    ]


def all_rows(results):
    return (first_publish_rows(results["corpora"]) + live_rows(results["live"])
            + publish_load_rows(results["publish_load"]) + photo_rows(results["photo"]))
