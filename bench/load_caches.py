"""load.py --compare-caches: the same cases on SQLite with each cache in turn (the database,
a files cache, each worker's own memory). Not a script: load.py imports it."""

import json
import urllib.request

from load_servers import CACHE_CHOICES, Server
from load_wrk import case_script, wrk

COMPARED_CASES = ("minimal", "home", "article-1000-cold", "article-1000-warm", "mixed")


def compare_caches(workdir, database_url, article, *, say, as_json):
    """The same cases on the same SQLite database, with each cache of CACHE_CHOICES in turn,
    one server after the other: what sharing the cache between processes costs."""
    header = (
        f"{'cache':<10}{'case':<19}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'ratio':>8}"
    )
    say()
    say(header)
    say("-" * len(header))
    rows = []
    for cache in CACHE_CHOICES:
        server = Server(database_url, workdir, cache=cache)
        try:
            paths = {
                "minimal": ("/livez", None),
                "home": ("/", None),
                "article-1000-cold": (article["path"], "cold"),
                "article-1000-warm": (article["path"], None),
                "mixed": ("", "mixed"),
            }
            minimal_rps = None
            for name in COMPARED_CASES:
                path, kind = paths[name]
                script = case_script(workdir, article, server.base, kind)
                if script is None:
                    urllib.request.urlopen(server.base + path, timeout=10).read()
                figures = wrk(server.base + path, script)
                minimal_rps = minimal_rps or figures["rps"]
                row = {
                    "cache": cache,
                    "case": name,
                    "rps": round(figures["rps"], 1),
                    "p50_ms": figures["p50_ms"],
                    "p99_ms": figures["p99_ms"],
                    "errors": figures["errors"],
                    "ratio_to_minimal": round(figures["rps"] / minimal_rps, 4),
                }
                rows.append(row)
                say(
                    f"{cache:<10}{name:<19}{row['rps']:>9.1f}{row['p50_ms']:>9.2f}"
                    f"{row['p99_ms']:>9.2f}{row['errors']:>8}{row['ratio_to_minimal']:>7.1%}"
                )
        finally:
            server.stop()
    say()
    by = {(row["cache"], row["case"]): row for row in rows}
    for name in COMPARED_CASES[1:]:
        database, memory = by[("database", name)]["rps"], by[("memory", name)]["rps"]
        files = by[("files", name)]["rps"]
        say(
            f"{name}: the database cache gives {database / memory:.0%} of each worker's own "
            f"memory, the files cache {files / memory:.0%}"
        )
    if as_json:
        print(json.dumps(rows, indent=2))
    return 0
