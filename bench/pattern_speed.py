#!/usr/bin/env python3
"""Cost of user token patterns on hostile and ordinary input, against the same pipeline
without patterns on the same texts, in the same run.

    .venv/bin/python bench/pattern_speed.py
    .venv/bin/python bench/pattern_speed.py --json out.json

Each case runs ``byline.load(patterns=...)`` and ``byline.load()`` (model + rules) on
the same texts, one thread, best of --repeat passes of process CPU time, and prints
the ratio. Target (docs/robustness.md): patterns cost at most 3x the no-pattern time.

Cases:
  title-run     20,000 Title-Case words in one sentence, [{"is_title": true, "op": "+"},
                {"lower": "inc"}] (a backtracking matcher is quadratic here)
  stars         100,000 tokens of the sample articles, a pattern of 255 "*" tokens and a
                literal (the most tokens a pattern may have; 1,000 is a ConfigError)
  long-url      an article with a 40,000-character URL, regex https?://\\S+
  regex-words   100,000 tokens of the sample articles, regex \\w+ on every token, then
                a literal
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "examples" / "articles"
TARGET_RATIO = 3.0


def best_cpu(fn: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def articles_text(min_tokens: int) -> List[str]:
    import byline

    base = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    texts: List[str] = []
    tokens = 0
    while tokens < min_tokens:
        for t in base:
            texts.append(t)
            tokens += len(byline.tokenize(t))
    return texts


def cases() -> Dict[str, Dict[str, Any]]:
    stars = [{"op": "*"} for _ in range(255)] + [{"lower": "zzzz"}]
    url = "https://example.com/" + "a" * 40000
    return {
        "title-run": {
            "texts": [" ".join(["Word"] * 20000)],
            "patterns": [{"label": "ORG", "pattern": [{"is_title": True, "op": "+"}, {"lower": "inc"}]}],
        },
        "stars": {"texts": articles_text(100_000), "patterns": [{"label": "X", "pattern": stars}]},
        "long-url": {
            "texts": [f"Read the filing at {url} before Monday. Analysts said the deal would close."],
            "patterns": [{"label": "URL", "pattern": [{"regex": r"https?://\S+"}]}],
        },
        "regex-words": {
            "texts": articles_text(100_000),
            "patterns": [{"label": "X", "pattern": [{"regex": r"\w+"}, {"lower": "zzzz"}]}],
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per system (best is kept)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args()

    import byline

    plain = byline.load()
    results: Dict[str, Any] = {}
    print(f"{'case':<12} {'tokens':>8} {'no patterns s':>14} {'patterns s':>11} {'ratio':>6}")
    worst = 0.0
    for name, case in cases().items():
        texts = case["texts"]
        nlp = byline.load(patterns=case["patterns"])
        tokens = sum(len(d) for d in plain.pipe(texts, threads=1))
        base = best_cpu(lambda: list(plain.pipe(texts, threads=1)), args.repeat)
        with_patterns = best_cpu(lambda: list(nlp.pipe(texts, threads=1)), args.repeat)
        ratio = with_patterns / base if base > 0 else float("inf")
        worst = max(worst, ratio)
        results[name] = {"tokens": tokens, "no_patterns_cpu_s": base, "patterns_cpu_s": with_patterns, "ratio": ratio}
        print(f"{name:<12} {tokens:>8,} {base:>14.3f} {with_patterns:>11.3f} {ratio:>6.2f}")
    try:
        byline.load(patterns=[{"label": "X", "pattern": [{"op": "*"}] * 1000 + [{"lower": "a"}]}])
        refused = "accepted"
    except byline.ConfigError as e:
        refused = f"ConfigError: {e}"
    print(f"a pattern of 1,001 tokens: {refused}")
    verdict = "PASS" if worst <= TARGET_RATIO else "FAIL"
    print(
        f"{verdict}  worst ratio {worst:.2f} (target <= {TARGET_RATIO:.0f}x the no-pattern time, same texts, same run)"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"cases": results, "worst_ratio": worst, "thousand_token_pattern": refused}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
