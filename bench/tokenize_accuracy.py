#!/usr/bin/env python3
"""Token-level accuracy of the byline tokenizer against gold tokenisations.

    python3 bench/tokenize_accuracy.py                      # CLI at build-tok/cpp/byline-dev
    python3 bench/tokenize_accuracy.py --bin build/cpp/cpp/byline-dev --errors 20
    python3 bench/tokenize_accuracy.py --backend python     # `import byline` instead

A predicted token matches a gold token when their character spans are identical;
precision, recall and F1 are micro-averaged over all tokens of a corpus.

Corpora (read from --data, default ../shared/data beside the repository; missing ones are skipped):
  conll2003-dev  CoNLL-2003 eng.testa. The raw text is not distributed, so each
                 sentence is rebuilt by joining its tokens with single spaces
                 (-DOCSTART- lines skipped). This measures whether the tokenizer
                 leaves already-tokenised news text alone, and how it treats the
                 CoNLL conventions ("U.S.", "n't", "Russia-China", "1996-08-30").
  ud-ewt-dev, ud-ewt-test, ud-pud-test
                 Universal Dependencies English EWT and PUD (via UNER, which keeps
                 the "# text =" line beside the gold tokens). Gold spans come from
                 aligning the tokens to the raw text; sentences whose tokens are
                 not substrings of the text in order are skipped and counted.

Output: one JSON object per corpus on stdout ({"corpus", "sentences", "gold",
"predicted", "correct", "precision", "recall", "f1", "skipped", "errors"}), where
"errors" lists the most frequent over-splits (one gold token cut into several
predicted tokens), under-splits (one predicted token spanning several gold tokens)
and other boundary mismatches, each with a count and examples. No corpus text is
written anywhere but a temporary file.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- corpora
def load_conll(path: Path):
    """Yields (text, gold_spans) per sentence; tokens joined by single spaces."""
    sent: list[str] = []

    def flush():
        if not sent:
            return None
        text = " ".join(sent)
        spans, pos = [], 0
        for tok in sent:
            spans.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        sent.clear()
        return text, spans

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                out = flush()
                if out:
                    yield out
                continue
            tok = line.split(" ")[0]
            if tok == "-DOCSTART-":
                continue
            sent.append(tok)
    out = flush()
    if out:
        yield out


def align(text: str, tokens: list[str]):
    """Gold spans of `tokens` in `text`, or None when they cannot be aligned."""
    spans, pos = [], 0
    for tok in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            return None
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    if text[pos:].strip():
        return None
    return spans


def load_ud(path: Path, stats: dict):
    """Yields (text, gold_spans) per sentence of a UNER/UD file with '# text =' lines."""
    text, toks = None, []

    def flush():
        nonlocal text
        if text is None or not toks:
            text = None
            toks.clear()
            return None
        spans = align(text, toks)
        out = (text, spans) if spans is not None else None
        if out is None:
            stats["skipped"] += 1
        text = None
        toks.clear()
        return out

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text = line[len("# text = ") :]
            elif line.startswith("#"):
                continue
            elif not line.strip():
                out = flush()
                if out:
                    yield out
            else:
                cols = line.split("\t")
                if len(cols) >= 2 and re.fullmatch(r"\d+", cols[0]):
                    toks.append(cols[1])
    out = flush()
    if out:
        yield out


# ---------------------------------------------------------------- tokenizers
def tokenize_cli(binary: str, texts: list[str]) -> list[list[tuple[int, int]]]:
    """Runs `byline tokenize` once over all texts (one per line) and splits the result."""
    joined = "\n".join(texts)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write(joined)
        tmp = f.name
    try:
        out = subprocess.run([binary, "tokenize", tmp], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(tmp)
    doc = json.loads(out.splitlines()[0])
    return split_by_line(texts, [tuple(t[:2]) for t in doc["tokens"]])


def tokenize_python(texts: list[str]) -> list[list[tuple[int, int]]]:
    import byline  # noqa: PLC0415

    tok = byline.Tokenizer()
    doc = tok.tokenize("\n".join(texts))
    data = json.loads(doc.to_json())
    return split_by_line(texts, [tuple(t[:2]) for t in data["tokens"]])


def split_by_line(texts, tokens):
    """Maps document-level token spans back to per-line spans."""
    result, starts, pos = [], [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    k = 0
    for i, t in enumerate(texts):
        b0, e0 = starts[i], starts[i] + len(t)
        spans = []
        while k < len(tokens) and tokens[k][0] < e0:
            b, e = tokens[k]
            if e > e0:
                raise RuntimeError(f"token {tokens[k]} crosses a line break")
            spans.append((b - b0, e - b0))
            k += 1
        result.append(spans)
    return result


# ---------------------------------------------------------------- scoring
def shape(s: str) -> str:
    s = re.sub(r"[A-Z]", "X", s)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"[0-9]", "d", s)
    s = re.sub(r"(.)\1{2,}", r"\1\1", s)
    return s


def score(name: str, pairs, predicted, max_examples: int, top: int, extra: dict):
    n_gold = n_pred = n_ok = 0
    cats = {
        "over_split": collections.Counter(),
        "under_split": collections.Counter(),
        "mismatch": collections.Counter(),
    }
    examples = {k: collections.defaultdict(list) for k in cats}
    for (text, gold), pred in zip(pairs, predicted):
        gs, ps = set(gold), set(pred)
        n_gold += len(gs)
        n_pred += len(ps)
        n_ok += len(gs & ps)
        if gs == ps:
            continue
        for b, e in sorted(gs - ps):
            inside = [(pb, pe) for pb, pe in pred if pb >= b and pe <= e]
            if inside and inside[0][0] == b and inside[-1][1] == e and len(inside) > 1:
                cat = "over_split"
                shown = " | ".join(text[pb:pe] for pb, pe in inside)
                key = " | ".join(shape(text[pb:pe]) for pb, pe in inside)
            else:
                covering = [(pb, pe) for pb, pe in pred if pb <= b and pe >= e]
                if covering and covering[0] != (b, e):
                    continue  # reported below as an under-split of the covering token
                cat = "mismatch"
                shown = f"gold {text[b:e]!r} in {text[max(0, b - 15) : e + 15]!r}"
                key = shape(text[b:e])
            cats[cat][key] += 1
            if len(examples[cat][key]) < max_examples:
                examples[cat][key].append(shown)
        for b, e in sorted(ps - gs):
            inner = [(gb, ge) for gb, ge in gold if gb >= b and ge <= e]
            if len(inner) > 1 and inner[0][0] == b and inner[-1][1] == e:
                shown = " | ".join(text[gb:ge] for gb, ge in inner)
                key = " | ".join(shape(text[gb:ge]) for gb, ge in inner)
                cats["under_split"][key] += 1
                if len(examples["under_split"][key]) < max_examples:
                    examples["under_split"][key].append(shown)
    p = n_ok / n_pred if n_pred else 0.0
    r = n_ok / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    errors = {
        cat: [{"shape": k, "count": c, "examples": examples[cat][k]} for k, c in counter.most_common(top)]
        for cat, counter in cats.items()
    }
    totals = {cat: sum(c.values()) for cat, c in cats.items()}
    return {
        "corpus": name,
        "sentences": len(pairs),
        "gold": n_gold,
        "predicted": n_pred,
        "correct": n_ok,
        "precision": round(100 * p, 3),
        "recall": round(100 * r, 3),
        "f1": round(100 * f, 3),
        **extra,
        "error_totals": totals,
        "errors": errors,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=str(REPO / "build-tok" / "cpp" / "byline-dev"), help="byline CLI binary")
    ap.add_argument("--backend", choices=["auto", "cli", "python"], default="auto")
    ap.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data"),
        help="directory holding conll2003/ and uner_english/",
    )
    ap.add_argument("--corpus", action="append", help="only these corpora (repeatable)")
    ap.add_argument("--errors", type=int, default=10, help="error categories shown per kind")
    ap.add_argument("--examples", type=int, default=3, help="examples per error category")
    ap.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    args = ap.parse_args()

    backend = args.backend
    if backend == "auto":
        backend = "cli" if os.access(args.bin, os.X_OK) else "python"
    if backend == "cli" and not os.access(args.bin, os.X_OK):
        print(f"tokenize_accuracy: no executable at {args.bin} (build it or pass --bin)", file=sys.stderr)
        return 2

    data = Path(args.data)
    corpora = {
        "conll2003-dev": lambda st: load_conll(data / "conll2003" / "eng.testa"),
        "ud-ewt-dev": lambda st: load_ud(data / "uner_english" / "EWT" / "en_ewt-ud-dev.iob2", st),
        "ud-ewt-test": lambda st: load_ud(data / "uner_english" / "EWT" / "en_ewt-ud-test.iob2", st),
        "ud-pud-test": lambda st: load_ud(data / "uner_english" / "PUD" / "en_pud-ud-test.iob2", st),
    }
    paths = {
        "conll2003-dev": data / "conll2003" / "eng.testa",
        "ud-ewt-dev": data / "uner_english" / "EWT" / "en_ewt-ud-dev.iob2",
        "ud-ewt-test": data / "uner_english" / "EWT" / "en_ewt-ud-test.iob2",
        "ud-pud-test": data / "uner_english" / "PUD" / "en_pud-ud-test.iob2",
    }
    status = 0
    for name, loader in corpora.items():
        if args.corpus and name not in args.corpus:
            continue
        if not paths[name].exists():
            print(f"tokenize_accuracy: {name}: {paths[name]} not found, skipped", file=sys.stderr)
            continue
        stats = {"skipped": 0}
        pairs = list(loader(stats))
        texts = [t for t, _ in pairs]
        pred = tokenize_cli(args.bin, texts) if backend == "cli" else tokenize_python(texts)
        result = score(name, pairs, pred, args.examples, args.errors, stats)
        print(json.dumps(result, ensure_ascii=False, indent=args.indent))
    return status


if __name__ == "__main__":
    sys.exit(main())
