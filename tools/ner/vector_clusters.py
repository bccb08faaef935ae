#!/usr/bin/env python3
"""Word classes from the CC0 word vectors, merged with the Brown-style exchange clusters.

    python tools/ner/vector_clusters.py --vectors ../shared/data/vectors_en_cc0 \
        --exchange clusters.tsv --out clusters4.tsv [--classes 128,1024] [--seed 0]

The vector table maps 684k cased words to 20,000 vector rows (words outside the kept
vocabulary share the row of their nearest kept word). The rows are L2-normalised and
clustered with k-means (k-means++ seeding from a fixed seed, Lloyd iterations, NumPy),
once per entry of --classes; every word gets the class of its row. The output adds these
clusterings as extra columns after the exchange clusterings of --exchange, in the
"word<TAB>c1<TAB>c2..." format `byline train --clusters` reads (-1 = no class), so the
recognizer sees both: distributional classes of 1987 newswire and of the vectors' web and
news text (modern names: Alibaba, Huawei). Only name-like spellings of the vector
vocabulary are kept (NAME_LIKE, ~208k words) so that the model stays small. Deterministic
for a seed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

#: Vector words kept in the model (the size budget allows ~200k): name-like spellings --
#: Title case, CamelCase and iCamel brands, acronyms of 2-6 capitals. Lower-case words are
#: covered by the exchange clusters; all-caps headline words fall back to their Title case.
NAME_LIKE = re.compile(r"[A-Z][a-z]+|[A-Z][a-z]+[A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*|[A-Z]{2,6}")


def kmeans(x: np.ndarray, k: int, seed: int, iterations: int = 25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    # k-means++ seeding (cosine space: x is unit-norm, so squared distance = 2 - 2 x.c).
    centers = np.empty((k, x.shape[1]), dtype=np.float32)
    centers[0] = x[rng.integers(n)]
    d2 = np.maximum(0.0, 2.0 - 2.0 * x @ centers[0])
    for j in range(1, k):
        p = d2 / d2.sum() if d2.sum() > 0 else None
        centers[j] = x[rng.choice(n, p=p)]
        d2 = np.minimum(d2, np.maximum(0.0, 2.0 - 2.0 * x @ centers[j]))
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        new = np.argmax(x @ centers.T, axis=1)
        if _ and np.array_equal(new, assign):
            break
        assign = new
        for j in range(k):
            m = assign == j
            if m.any():
                c = x[m].sum(axis=0)
                centers[j] = c / max(np.linalg.norm(c), 1e-9)
    return assign


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", required=True, help="directory with vectors_20000x300_f32.npy and word2row.tsv")
    ap.add_argument("--exchange", required=True, help="exchange clusters (byline clusters output)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--classes", default="128,1024")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rows-out", help="also write 'word<TAB>row' for the name-like and lower-case words here")
    a = ap.parse_args(argv)
    vec = np.load(Path(a.vectors) / "vectors_20000x300_f32.npy").astype(np.float32)
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    ks = [int(k) for k in a.classes.split(",") if k]
    classes = [kmeans(vec, k, a.seed + i) for i, k in enumerate(ks)]
    exchange = {}
    width = 0
    for line in open(a.exchange, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        exchange[cols[0]] = cols[1:]
        width = max(width, len(cols) - 1)
    if width + len(ks) > 4:
        ap.error("at most 4 clusterings in all")
    rows = {}
    for line in open(Path(a.vectors) / "word2row.tsv", encoding="utf-8"):
        w, _, r = line.rstrip("\n").rpartition("\t")
        if NAME_LIKE.fullmatch(w):
            rows[w] = int(r)
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(f"# exchange clusterings ({width}) + vector k-means {a.classes} (tools/ner/vector_clusters.py)\n")
        for w in sorted(set(exchange) | set(rows)):
            ex = exchange.get(w, [])
            ex = ex + ["-1"] * (width - len(ex))
            r = rows.get(w)
            vc = [str(int(c[r])) if r is not None else "-1" for c in classes]
            f.write(w + "\t" + "\t".join(ex + vc) + "\n")
            n += 1
    print(f"wrote {n} words, {width} exchange + {len(ks)} vector clusterings to {a.out}", file=sys.stderr)
    if a.rows_out:
        write_rows(Path(a.vectors) / "word2row.tsv", a.rows_out)
    return 0


#: Words whose vector row the model keeps (`byline-dev train --vectors`): the name-like
#: spellings and plain lower-case words.
ROW_WORDS = re.compile(NAME_LIKE.pattern + r"|[a-z]{1,20}")


def write_rows(word2row: Path, out: str) -> None:
    """The vector table's row of each ROW_WORDS spelling: the table maps 684k spellings to
    20,000 rows (a rare word shares the row of a near frequent one), so the row is a fine
    word class. Binarised projections of the vectors (Guo et al. 2014) were tried as
    features too and lowered dev F1 (docs/ner.md)."""
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write("# word<TAB>vector row (tools/ner/vector_clusters.py)\n")
        for line in open(word2row, encoding="utf-8"):
            w, _, r = line.rstrip("\n").rpartition("\t")
            if ROW_WORDS.fullmatch(w):
                f.write(f"{w}\t{int(r)}\n")
                n += 1
    print(f"wrote the vector rows of {n} words to {out}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
