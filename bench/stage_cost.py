#!/usr/bin/env python3
"""What the rules and the article analysis cost next to tokenize + NER, on news text.

    .venv/bin/python bench/stage_cost.py [--mb 3] [--repeats 5] [--json OUT]

Texts: the five sample articles (examples/articles) and Reuters-21578 articles
(../shared/data/reuters21578, news wire; read at run time, never copied) up to ``--mb`` MB.
On one thread (``threads=1``), in thread CPU time (``time.thread_time``, so other processes
on the machine do not count), with Python's garbage collector off while timing, best of
``--repeats`` interleaved rounds:

  tokenize+NER     ``byline.load(rules=False).pipe(texts, threads=1)``
  + rules          ``byline.load().pipe(texts, threads=1)`` (numbers, dates, gazetteers, merge)
  analysis         the Analyzer on those Docs (boilerplate, mentions, clusters, roles,
                   quotes, reported speech), ``analyze_batch(docs, threads=1)``
  of which speech  the same Analyzer with reported speech and speech kinds off
                   (``_core.Analyzer(reported_speech=False, speech_only=False)``), subtracted

The rules' figure is the difference of the two best times over the best tokenize+NER time.
On a busy machine the two best times may come from different moments; the median over the
rounds of each round's own ratio (the two timings of a round run back to back) is printed
beside it (``rules_percent_paired_median``) as a check on the noise.

Targets (issue 14): the rules under 20 % of tokenize + NER; quote and speech attribution
under 15 % of it.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import gzip
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578" / "derived_reuters21578_title_body.txt.gz"


def texts(mb: float) -> List[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in out)
    if REUTERS.is_file():
        for block in gzip.open(REUTERS, "rt", encoding="utf-8").read().split("\n\n"):
            if size >= mb * 1e6:
                break
            if len(block) > 200:
                out.append(block)
                size += len(block.encode("utf-8"))
    return out


def best(fn: Callable[[], None], rounds: Dict[str, List[float]], name: str) -> None:
    # Python's cyclic garbage collector is run before and kept off during the timing (as
    # timeit does): a full collection walks every Doc kept alive by this script, and whether
    # one falls inside a timed pass depends on allocation counts, not on the stage timed.
    gc.collect()
    gc.disable()
    try:
        t0 = time.thread_time()
        fn()
        rounds.setdefault(name, []).append(time.thread_time() - t0)
    finally:
        gc.enable()


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file (bench/results/)")
    a = ap.parse_args(argv)
    import byline
    from byline import _core

    corpus = texts(a.mb)
    mb = sum(len(t.encode("utf-8")) for t in corpus) / 1e6
    bare, full = byline.load(rules=False), byline.load()
    docs = list(full.pipe(corpus, threads=1))
    with_speech = _core.Analyzer()
    without = _core.Analyzer(reported_speech=False, speech_only=False)
    cores = [d._c for d in docs]
    for _ in range(2):  # warm-up of every path
        list(bare.pipe(corpus[:50], threads=1))
        with_speech.analyze_batch(cores[:50], 1)
        without.analyze_batch(cores[:50], 1)
    rounds: Dict[str, List[float]] = {}
    for _ in range(a.repeats):
        best(lambda: list(bare.pipe(corpus, threads=1)), rounds, "tokenize+NER")
        best(lambda: list(full.pipe(corpus, threads=1)), rounds, "tokenize+NER+rules")
        best(lambda: with_speech.analyze_batch(cores, 1), rounds, "analysis")
        best(lambda: without.analyze_batch(cores, 1), rounds, "analysis without reported speech")
    t = {k: min(v) for k, v in rounds.items()}
    base = t["tokenize+NER"]
    rules = t["tokenize+NER+rules"] - base
    speech = t["analysis"] - t["analysis without reported speech"]
    print(
        f"{len(corpus)} texts, {mb:.2f} MB (5 sample articles + Reuters-21578), one thread, thread CPU time, "
        f"best of {a.repeats}"
    )
    for k, v in t.items():
        print(f"  {k:<34} {v:7.3f} s  {mb / v:6.2f} MB/s")
    paired = sorted(
        (f - b) / b for b, f in zip(rounds["tokenize+NER"], rounds["tokenize+NER+rules"])
    )  # one ratio per round
    paired_median = (paired[(len(paired) - 1) // 2] + paired[len(paired) // 2]) / 2
    print(f"rules:                 {100 * rules / base:5.1f} % of tokenize+NER (target < 20 %)")
    print(f"  median of the {len(paired)} rounds' own ratios: {100 * paired_median:5.1f} %")
    print(f"whole analysis:        {100 * t['analysis'] / base:5.1f} % of tokenize+NER")
    print(
        f"quotes + speech share: reported speech adds {100 * speech / base:5.1f} %; all quote work is part "
        f"of the analysis above (target < 15 % for attribution)"
    )
    if a.json:
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        report = {
            "command": "stage_cost.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "rev": rev or "unknown",
            "cores": os.cpu_count(),
            "machine": platform.platform(),
            "texts": len(corpus),
            "mb": round(mb, 3),
            "repeats": a.repeats,
            "seconds": {k: round(v, 4) for k, v in t.items()},
            "rules_percent": round(100 * rules / base, 1),
            "rules_percent_paired_median": round(100 * paired_median, 1),
            "analysis_percent": round(100 * t["analysis"] / base, 1),
            "reported_speech_percent": round(100 * speech / base, 1),
        }
        with open(a.json, "w", encoding="utf-8") as f:
            f.write(json.dumps(report, indent=2) + "\n")
        print(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
