#!/usr/bin/env python3
"""Keeps the file list of a model package's meta.json true.

A model package (models/en_news) is a directory with meta.json, model.bin and
gazetteers/*.txt; meta.json lists every file of the package with its size and sha256,
and the loader (byline::Pipeline::load) refuses a package whose files differ.

    python3 tools/package_meta.py models/en_news            # rewrite "files" after a change
    python3 tools/package_meta.py models/en_news --check    # exit 1 when a file differs

Files listed are model.bin, gazetteers/*.txt and gazetteers/NOTICE.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

#: Format tag the loader requires.
PACKAGE_FORMAT = "byline.package/1"
#: The byline versions a package built by this tree works with.
BYLINE_RANGE = {"min": "0.1.0", "below": "0.2.0"}


def package_files(pkg: Path) -> dict:
    """{relative name: {"bytes", "sha256"}} of the files a package holds."""
    names = ["model.bin"] + sorted(
        str(p.relative_to(pkg))
        for p in (pkg / "gazetteers").glob("*")
        if p.is_file() and (p.suffix == ".txt" or p.name == "NOTICE.md")
    )
    out = {}
    for name in names:
        data = (pkg / name).read_bytes()
        out[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return out


def write_meta(pkg: Path, meta: dict) -> None:
    """Writes meta.json with the format tag, the version range and the current file list."""
    meta = dict(meta)
    meta["format"] = PACKAGE_FORMAT
    meta.setdefault("byline", BYLINE_RANGE)
    meta["files"] = package_files(pkg)
    order = ["format", "name", "version", "byline", "description", "labels", "files"]
    ordered = {k: meta[k] for k in order if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    (pkg / "meta.json").write_text(json.dumps(ordered, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("package", help="the package directory (models/en_news)")
    ap.add_argument("--check", action="store_true", help="only compare; exit 1 when meta.json is out of date")
    a = ap.parse_args(argv)
    pkg = Path(a.package)
    meta = json.loads((pkg / "meta.json").read_text(encoding="utf-8"))
    files = package_files(pkg)
    if a.check:
        if meta.get("files") != files:
            for name in sorted(set(files) | set(meta.get("files", {}))):
                if files.get(name) != meta.get("files", {}).get(name):
                    print(f"{pkg}/{name}: differs from meta.json", file=sys.stderr)
            return 1
        return 0
    write_meta(pkg, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
