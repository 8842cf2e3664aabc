"""Page weight: what a first visit to the timeline downloads, raw and gzip-compressed.

The timeline page (GET /) plus the files it loads from this site: the stylesheet, the app's
script and htmx. Each response is compressed on its own, with gzip level 6 (what a typical
reverse proxy uses), since the app itself sends them uncompressed."""

from __future__ import annotations

import gzip
import re

from .common import fetch

FILES = ("/", "/static/css/app.css", "/static/js/app.js", "/static/vendor/htmx.min.js")
TARGET_BYTES = 60_000  # compressed, all four together
MAP_TARGET_BYTES = 150_000  # the map page (its SVG drawn inline) with the same files
GZIP_LEVEL = 6


def measure(base: str) -> dict:
    rows = _rows(base, FILES)
    _, _, page = fetch(base + "/")
    linked = sorted(set(re.findall(r'(?:src|href)="(/static/[^"?]+)', page.decode())))
    total_gzip = sum(r["gzip_bytes"] for r in rows)
    map_gzip = sum(r["gzip_bytes"] for r in _rows(base, ("/map", *FILES[1:])))
    return {
        "rows": rows,
        "bytes": sum(r["bytes"] for r in rows),
        "gzip_bytes": total_gzip,
        "map_gzip_bytes": map_gzip,
        "gzip_level": GZIP_LEVEL,
        "static_files_linked_from_page": linked,
        "target_bytes": TARGET_BYTES,
        "targets": {
            "timeline page + CSS + JS < 60 KB gzip": total_gzip < TARGET_BYTES,
            "map page + CSS + JS < 150 KB gzip": map_gzip < MAP_TARGET_BYTES,
        },
    }


def _rows(base: str, paths: tuple[str, ...]) -> list[dict]:
    rows = []
    for path in paths:
        status, _, body = fetch(base + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        rows.append(
            {
                "path": path,
                "bytes": len(body),
                "gzip_bytes": len(gzip.compress(body, GZIP_LEVEL, mtime=0)),
            }
        )
    return rows
