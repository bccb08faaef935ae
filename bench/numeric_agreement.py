#!/usr/bin/env python3
"""Agreement of byline's numeric and temporal entities with spaCy en_core_web_md on open text.

    .venv/bin/python bench/numeric_agreement.py                     # GUM and 400 Reuters-21578 articles
    .venv/bin/python bench/numeric_agreement.py --errors 30 --json out.json

No open corpus annotates DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL and ORDINAL to the
OntoNotes 5 conventions, so this script measures something weaker than accuracy: how often
byline's spans agree exactly (start, end, label) with those of en_core_web_md, a model trained
on OntoNotes 5, on the same text. md's spans count as the reference; a disagreement is byline's
error or md's (md tags "2017" as CARDINAL, splits "$ 800" and reads Reuters' "dlrs" and "pct"
poorly), so the figure is a pointer to convention differences, read with `--errors`, not a
score to tune to. tests/data/facts and `bench/facts_eval.py` hold the hand-annotated figures.

Texts: every GUM document of ../shared/data/gum_open (its `# text =` lines joined with spaces;
academic, biographies, court, interviews, news, travel) and the last `--reuters` articles of
Reuters-21578 (title line left out, hard-wrapped lines joined). Output: per source and label,
byline's and md's span counts, the spans they share, and P/R/F1 of byline against md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "ner"))
from prepare_data import reuters_bodies  # noqa: E402  (the corpus reading of the training data)

DATA = ROOT.parent / "shared" / "data"
SPACY_MD = ROOT / "build" / "teacher" / "en_core_web_md"
LABELS = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL")


def gum_texts(data: Path) -> List[str]:
    """One text per GUM document: its sentences' `# text =` lines joined with spaces."""
    out = []
    for p in sorted((data / "gum_open" / "conllu").glob("*.conllu")):
        sents = [line[9:].strip() for line in p.open(encoding="utf-8") if line.startswith("# text = ")]
        out.append(" ".join(sents))
    return out


def reuters_texts(data: Path, n: int) -> List[str]:
    """The bodies of the last `n` Reuters-21578 articles (prepare_data.reuters_bodies)."""
    return reuters_bodies(data)[-n:] if n > 0 else []


Span = Tuple[int, int, str]


def compare(texts: List[str], ours: List[List[Span]], ref: List[List[Span]]) -> Tuple[Dict[str, Counter], Counter]:
    """Per-label counts (pred, ref, agree) and the most frequent disagreements."""
    counts: Dict[str, Counter] = defaultdict(Counter)
    errors: Counter = Counter()
    for text, b, s in zip(texts, ours, ref):
        bs, ss = {(x, y): lab for x, y, lab in b}, {(x, y): lab for x, y, lab in s}
        for (x, y), lab in bs.items():
            counts[lab]["byline"] += 1
            if ss.get((x, y)) == lab:
                counts[lab]["agree"] += 1
            else:
                md = [f"{t}:{text[p:q]}" for (p, q), t in ss.items() if p < y and x < q]
                errors[("byline", lab, text[x:y], " | ".join(md))] += 1
        for (x, y), lab in ss.items():
            counts[lab]["md"] += 1
            if bs.get((x, y)) != lab:
                ours_there = [f"{t}:{text[p:q]}" for (p, q), t in bs.items() if p < y and x < q]
                errors[("md", lab, text[x:y], " | ".join(ours_there))] += 1
    return counts, errors


def prf(c: Counter) -> Tuple[float, float, float]:
    p = c["agree"] / c["byline"] if c["byline"] else 0.0
    r = c["agree"] / c["md"] if c["md"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def revision() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DATA), help="the shared data directory (gum_open, reuters21578)")
    ap.add_argument("--md", default=str(SPACY_MD), help="en_core_web_md directory (tools/ner/fetch_teacher.sh)")
    ap.add_argument("--reuters", type=int, default=400, help="Reuters-21578 articles from the end of the corpus")
    ap.add_argument("--errors", type=int, default=0, help="print this many disagreements per source")
    ap.add_argument("--json", metavar="OUT", help="write every figure to OUT")
    a = ap.parse_args(argv)
    data, md_dir = Path(a.data), Path(a.md)
    if not (md_dir / "meta.json").is_file():
        print(f"no en_core_web_md at {md_dir}: run tools/ner/fetch_teacher.sh", file=sys.stderr)
        return 2
    import spacy

    import byline

    nlp = byline.load()
    md = spacy.load(md_dir, disable=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    sources = {"gum": gum_texts(data), "reuters": reuters_texts(data, a.reuters)}
    report: Dict[str, Any] = {"command": " ".join(["numeric_agreement.py", *(argv or sys.argv[1:])]), "rev": revision()}
    for name, texts in sources.items():
        if not texts:
            print(f"{name}: no texts under {data}", file=sys.stderr)
            continue
        ours = [[(e.start_char, e.end_char, e.label) for e in d.ents if e.label in LABELS] for d in nlp.pipe(texts)]
        ref = [[(e.start_char, e.end_char, e.label_) for e in d.ents if e.label_ in LABELS] for d in md.pipe(texts)]
        counts, errors = compare(texts, ours, ref)
        print(f"{name}: {len(texts)} texts; exact span + label agreement with en_core_web_md (md = reference)")
        print(f"  {'label':9} {'byline':>7} {'md':>6} {'agree':>6}    P     R     F1")
        total: Counter = Counter()
        rows = {}
        for lab in LABELS:
            c = counts[lab]
            total.update(c)
            p, r, f = prf(c)
            rows[lab] = {"byline": c["byline"], "md": c["md"], "agree": c["agree"], "p": p, "r": r, "f1": f}
            print(f"  {lab:9} {c['byline']:7} {c['md']:6} {c['agree']:6}  {p:5.2f} {r:5.2f} {f:5.2f}")
        p, r, f = prf(total)
        rows["all"] = {"byline": total["byline"], "md": total["md"], "agree": total["agree"], "p": p, "r": r, "f1": f}
        print(f"  {'all':9} {total['byline']:7} {total['md']:6} {total['agree']:6}  {p:5.2f} {r:5.2f} {f:5.2f}")
        for (side, lab, span, other), k in errors.most_common(a.errors):
            print(f"    {k:3}  {side:6} {lab:8} {span!r:40} other: {other}")
        report[name] = {"texts": len(texts), "labels": rows}
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
