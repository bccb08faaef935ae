#!/usr/bin/env python3
"""Builds the training file of the OntoNotes news model from the open corpora in ../shared/data.

    python tools/ner/prepare_data.py --data ../shared/data --out build/ner-data [--teacher DIR] [--jobs 2]

Every source is read in its own format and its labels are mapped to the OntoNotes name types
the recognizer predicts (MODEL_TYPES) by one table per source (SOURCE_MAPS; docs/ner.md
prints them). A source label that cannot be told apart without more information maps to
alternatives ("GPE|LOC|FAC": a CoNLL or GMB location), and each document names the types its
source never annotates (`-DOCSTART- source=wnut17 open=EVENT,LAW,LANGUAGE,NORP`), so that the
trainer (partial-annotation perceptron, cpp/src/ner/train.cpp) never learns that an unannotated
name is O.

Teacher (optional, --teacher: the directory of spaCy's en_core_web_md model; see
tools/ner/fetch_teacher.sh): its predictions on the same tokens narrow a gold span's
alternatives to the one it predicts for exactly that span, and add its spans of a type the
source does not annotate where the gold has no span. Gold always wins over the teacher.

Output (the corpus text stays in the build directory, never in the repository):
    OUT/train.conll        word<TAB>tag, IOB2, alternatives, -DOCSTART- headers
    OUT/dev/<source>.conll the dev portion of each source, mapped the same way (no teacher)
    OUT/stats.json         documents, tokens and spans per source, teacher decisions
Deterministic for the same data, teacher and options.
"""

from __future__ import annotations

import argparse
import collections
import glob
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

MODEL_TYPES = ["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"]
PLACE = "GPE|LOC|FAC"
ANY = "|".join(MODEL_TYPES + ["O"])
#: The alternatives of a name inside an adjectival hyphen compound (split_hyphens).
NAME_PART = "|".join(MODEL_TYPES)

#: Per source: source label -> OntoNotes type or alternatives ("O" = not a name), and the
#: types the source never annotates ("open"). Labels missing from a map are treated as O.
SOURCE_MAPS: Dict[str, Dict[str, object]] = {
    "conll2003": {
        "labels": {"PER": "PERSON", "ORG": "ORG", "LOC": PLACE, "MISC": "NORP|EVENT|PRODUCT|WORK_OF_ART|LAW|LANGUAGE"},
        "open": [],
        "licence": "CoNLL-2003 annotations (University of Antwerp) over Reuters RCV1 text: research use",
    },
    "gmb": {
        "labels": {
            "per": "PERSON",
            "org": "ORG",
            "geo": PLACE,
            "gpe": "NORP|GPE",
            "art": "PRODUCT|WORK_OF_ART|LAW|O",
            "eve": "EVENT|O",
            "nat": "EVENT|O",
            "tim": "O",
        },
        "open": ["LANGUAGE"],
        "silver": True,  # machine-made labels: --silver-doubt lets the teacher put a span's type in doubt
        "licence": "Groningen Meaning Bank 2.2.0 extract (Kaggle entity-annotated-corpus), silver, VOA news; "
        "licence not stated at the source (see SOURCE.txt)",
    },
    "wnut17": {
        "labels": {
            "person": "PERSON",
            "location": PLACE,
            "group": "ORG|NORP",
            "corporation": "ORG",
            "product": "PRODUCT",
            "creative-work": "WORK_OF_ART",
        },
        "open": ["EVENT", "LAW", "LANGUAGE", "NORP"],
        "licence": "WNUT-17 emerging entities: CC BY 4.0",
    },
    "btc": {
        # Broad Twitter Corpus: PER/ORG/LOC only; nationalities, products, works and events
        # are not annotated (open). Spans through an @handle may be no name (map_sentence):
        # WNUT-17 leaves handles O.
        "labels": {"PER": "PERSON", "ORG": "ORG", "LOC": PLACE},
        "open": ["NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"],
        # Evaluation only by default (section h): trained on (sections a, b, e, f, g) it cost
        # 1.3 on UNER PUD and 1.1 on UNER EWT for +1.0 on WNUT-17 (docs/ner.md).
        "train": False,
        "licence": "Broad Twitter Corpus (Derczynski et al. 2016), sections a, b, e, f, g, h: CC BY 4.0; "
        "tweet text also subject to the Twitter/X terms",
    },
    "crossner": {
        "labels": {
            "person": "PERSON",
            "politician": "PERSON",
            "writer": "PERSON",
            "scientist": "PERSON",
            "musicalartist": "PERSON",
            "researcher": "PERSON",
            "organisation": "ORG",
            "politicalparty": "ORG|NORP",
            "university": "ORG",
            "band": "ORG",
            "academicjournal": "ORG|WORK_OF_ART",
            "magazine": "ORG|WORK_OF_ART",
            "country": "GPE",
            "location": PLACE,
            "astronomicalobject": "LOC",
            "election": "EVENT|O",
            "event": "EVENT",
            "conference": "EVENT|ORG",
            "award": "WORK_OF_ART|EVENT|O",
            "book": "WORK_OF_ART",
            "poem": "WORK_OF_ART",
            "song": "WORK_OF_ART",
            "album": "WORK_OF_ART",
            "product": "PRODUCT",
            "programlang": "PRODUCT|LANGUAGE|O",
            "misc": ANY,
        },
        "open": [],
        "licence": "CrossNER (Liu et al. 2021): MIT; sentences from Wikipedia, CC BY-SA",
    },
    "reuters_teacher": {
        "labels": {},
        "open": [],
        "teacher": MODEL_TYPES,  # every teacher span is taken; the teacher's O is O
        "licence": "Reuters-21578 Distribution 1.0 text (research use), tokenised by byline, every name labelled "
        "by the teacher (spaCy en_core_web_md 3.8.0, MIT) -- machine labels, no gold",
    },
    "gum": {
        "labels": {
            "person": "PERSON",
            "place": PLACE,
            "organization": "ORG|NORP",
            "event": "EVENT|O",
            "object": "PRODUCT|FAC|WORK_OF_ART|O",
            "abstract": "LAW|WORK_OF_ART|LANGUAGE|NORP|ORG|O",
        },
        "open": ["NORP"],
        "licence": "GUM (Zeldes 2017), open genres: annotations CC BY 4.0; texts CC BY / CC BY-SA / CC BY 2.5",
    },
    "re3d": {
        # read_re3d() keeps the mentions that are proper names (span rules applied, capitalised,
        # no lower-case content word) under their re3d type; the rest of the person,
        # organisation, location and nationality mentions ("U.S. service members", "the camp",
        # "Minister for the Middle East") become "unsure": their capitalised words may be a
        # name of any type or none. Temporal, Quantity, Money, Coordinate, Frequency,
        # CommsIdentifier and Url are no name types: their words are O.
        "labels": {
            "Person": "PERSON",
            "Organisation": "ORG|GPE|NORP",  # a government named by its country ("Iraq said"); "Kurds"
            "Location": PLACE,
            "Nationality": "NORP",
            "Weapon": "PRODUCT|O",
            "Vehicle": "PRODUCT|O",
            "MilitaryPlatform": "PRODUCT|O",
            "DocumentReference": "LAW|WORK_OF_ART|O",
            "unsure": ANY,
        },
        "open": ["PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"],
        # Evaluation only by default: trained on (its train split), it cost 1.2 on UNER EWT and
        # 1.5 on GUM for +1.4 on its own dev split (docs/ner.md); `--sources ...,re3d` opts in.
        "train": False,
        "licence": "re3d (Dstl 2017; github.com/dstl/re3d), press releases and Wikipedia on the Syria/Iraq "
        "conflict, per folder: Australian DFAT CC BY 3.0 AU, CENTCOM public domain (US government), UK "
        "Government Open Government Licence v3.0, US State Department public domain, Wikipedia CC BY-SA 3.0",
    },
}

TEACHER_LABELS = set(MODEL_TYPES)


# ---------------------------------------------------------------- reading


class Doc:
    """One document: sentences of (word, tag) with tags in IOB2 over the SOURCE's labels."""

    def __init__(self, source: str, sents: List[Tuple[List[str], List[str]]]):
        self.source = source
        self.sents = sents


def read_columns(path: str, docstart: bool = True, sents_per_doc: int = 0) -> List[List[Tuple[List[str], List[str]]]]:
    """Token-per-line files: first column word, last column tag. Returns documents of sentences."""
    docs: List[List[Tuple[List[str], List[str]]]] = [[]]
    words: List[str] = []
    tags: List[str] = []

    def close():
        nonlocal words, tags
        if words:
            docs[-1].append((words, tags))
            if sents_per_doc and len(docs[-1]) >= sents_per_doc:
                docs.append([])
        words, tags = [], []

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                close()
                continue
            if line.startswith("-DOCSTART-"):
                close()
                if docstart and docs[-1]:
                    docs.append([])
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            if len(cols) < 2:
                continue
            words.append(cols[0])
            tags.append(cols[-1].strip() or "O")
    close()
    return [d for d in docs if d]


def read_btc(path: Path) -> List[List[Tuple[List[str], List[str]]]]:
    """Broad Twitter Corpus CoNLL export: one tweet per document. Tokens are stripped (some
    carry a trailing space, some are empty) and a lone "@" joins the handle after it, as
    byline's tokenizer keeps "@name" whole."""
    docs = read_columns(str(path), sents_per_doc=1)
    for doc in docs:
        for j, (words, tags) in enumerate(doc):
            w2: List[str] = []
            t2: List[str] = []
            pending = None  # the type of a span that began on a dropped empty token
            for w, t in zip(words, tags):
                w = w.strip()
                if not w:
                    pending = t[2:] if t.startswith("B-") else pending
                    continue
                if pending is not None:  # the span goes on from here, or was empty
                    if t == "I-" + pending:
                        t = "B-" + pending
                    pending = None
                if w2 and w2[-1] == "@" and not w.startswith("@"):
                    w2[-1] = "@" + w
                    if t2[-1] == "O" and t != "O":
                        t2[-1] = "B-" + t[2:]
                    continue
                w2.append(w)
                t2.append(t)
            assert len(w2) == len(t2)
            doc[j] = (w2, t2)
    return [d for d in docs if all(w for w, _ in d)]


def iob_to_spans(tags: Sequence[str]) -> List[Tuple[int, int, str]]:
    """conlleval chunks (IOB1 and IOB2 alike): (begin, end, type)."""
    spans = []
    start, cur = None, None
    for i, t in enumerate(list(tags) + ["O"]):
        p, ty = (t[0], t[2:]) if len(t) > 2 and t[1] == "-" else ("O", None)
        if cur is not None and (p in ("O", "B") or ty != cur):
            spans.append((start, i, cur))
            cur = None
        if p in ("B", "I") and cur is None:
            start, cur = i, ty
    return spans


def spans_to_tags(n: int, spans: Iterable[Tuple[int, int, str]]) -> List[str]:
    tags = ["O"] * n
    for b, e, t in spans:
        tags[b] = "B-" + t
        for k in range(b + 1, e):
            tags[k] = "I-" + t
    return tags


def load_titles(gaz: Path) -> set:
    """Title words that never begin a PERSON name (GATE ANNIE title lists plus common news
    titles), without the words that are also first names or surnames ("Dean", "Hunter",
    "Duke", "Lady", "Major") unless they are mostly titles (KEEP)."""
    titles = set()
    for name in ("title.lst", "title_male.lst", "title_female.lst", "title_pol.lst", "title_mil.lst"):
        p = gaz / "gate_annie" / name
        if p.exists():
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
                w = re.split(r"[&:]", line)[0].strip()
                if w and " " not in w:
                    titles.add(w.lower())
    titles |= {
        "president",
        "minister",
        "prime",
        "secretary",
        "foreign",
        "defense",
        "defence",
        "vice",
        "chief",
        "senator",
        "sen.",
        "governor",
        "gov.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "mr",
        "mrs",
        "ms",
        "dr",
        "king",
        "queen",
        "pope",
        "prince",
        "princess",
        "chancellor",
        "premier",
        "ambassador",
        "commander",
        "envoy",
        "lieutenant",
        "colonel",
        "col.",
        "gen.",
        "lt.",
        "sgt.",
        "rep.",
        "chairman",
        "spokesman",
        "spokeswoman",
        "cardinal",
        "archbishop",
        "sheikh",
        "ayatollah",
        "emir",
        "ceo",
        "president-elect",
        "deputy",
    }
    keep = {
        "president",
        "king",
        "queen",
        "pope",
        "prince",
        "princess",
        "general",
        "senator",
        "governor",
        "chancellor",
        "premier",
        "minister",
        "cardinal",
        "sheikh",
        "prime",
        "vice",
        "foreign",
        "deputy",
        "secretary",
        "chief",
        "chairman",
    }
    names = set()
    for rel in ("us_names_smashew/first_names_us.txt", "us_names_smashew/surnames_us.txt"):
        p = gaz / rel
        if p.exists():
            names |= {w.strip().lower() for w in p.read_text(encoding="utf-8", errors="replace").splitlines()}
    return {t for t in titles if t in keep or t not in names}


def strip_span(words: Sequence[str], b: int, e: int, titles: Optional[set] = None) -> Tuple[int, int]:
    """OntoNotes span rules: no leading 'the', no trailing possessive, titles outside PERSON."""
    if e - b > 1 and words[b] in ("the", "The", "THE"):
        b += 1
    if e - b > 1 and words[e - 1] in ("'s", "'", "’s", "’"):
        e -= 1
    if titles is not None:
        while e - b > 1 and words[b].lower() in titles:
            b += 1
        if e - b == 1 and words[b].lower() in titles:  # a title alone ("Mr.") is no name
            return b, b
    return b, e


COMBINING = {
    "afro",
    "anglo",
    "austro",
    "balto",
    "czecho",
    "euro",
    "finno",
    "franco",
    "greco",
    "hispano",
    "ibero",
    "indo",
    "italo",
    "judeo",
    "luso",
    "russo",
    "serbo",
    "sino",
    "slavo",
    "turko",
    "germano",
}


#: Particles inside hyphenated place and person names ("Chester-le-Street", "Port-au-Prince",
#: "Inzamam-ul-Haq"): as name_particle() in cpp/src/rules/merge.cpp.
NAME_PARTICLES = set(
    "le la les de du des di da del della dos das do au aux sur sous en on upon under super lez ul ur al el e i y "
    "bin ibn van von der den".split()
)
#: Compound heads with the shape of a syllable ("Biden-run"): as compound_head() in merge.cpp.
COMPOUND_HEADS = {"run", "free", "year", "man", "fan", "bot", "win"}


def syllable(w: str) -> bool:
    """One romanised syllable ("un", "yeol", "moon", "ching"): up to two consonants, one to
    three vowels, at most one final n, ng, m, k, l, p, t, h or r (syllable() in merge.cpp)."""
    return re.fullmatch(r"[b-df-hj-np-tv-z]{0,2}[aeiou]{1,3}(?:ng|[nmklpthr])?", w) is not None


def hyphen_parts(word: str) -> List[str]:
    """The word as byline's tokenizer splits it at hyphens (cpp/src/tokenizer/affixes.cpp,
    hyphen_split): "UK-based" -> UK, -, based; "Sino-Russian" stays whole. Not yet its
    split after an abbreviation with dots ("U.S.-led" stays whole here): the shipped model
    was trained without it, and `make model` must rebuild that model."""
    if "-" not in word or not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)+", word):
        return [word]
    segs = word.split("-")
    out = [segs[0]]
    for left, right in zip(segs, segs[1:]):
        lw = left.lower()
        split = (left[0].isupper() and len(left) >= 2 and lw not in COMBINING) or (
            right[0].isupper() and lw in ("anti", "pro", "non", "ex")
        )
        if split:
            out += ["-", right]
        else:
            out[-1] += "-" + right
    return out


def split_hyphens(
    words: List[str], spans: List[Tuple[int, int, str]], name_parts: bool = False, whole_names: bool = True
):
    """Re-tokenises hyphen compounds as the tokenizer does and moves the spans: a span
    loses its lower-case parts at either edge ("British-based" -> British), so the name
    inside a compound is the entity; a name particle ("Port-au-Prince", "Inzamam-ul-Haq")
    and the end of a person's given name ("Ban Ki-moon", "Kim Jong-un") stay in the span.
    With ``whole_names`` false (the training data of the shipped model, `--whole-hyphen-names`
    off) every lower-case part at a span's edge goes, those too ("Ban Ki") Returns (words, spans, glued) where glued[i] says
    that word i follows word i-1 without a space.

    With ``name_parts`` (training data, not dev data), the name inside an adjectival
    compound ("Washington-based", "Richmond-based", "ex-England") becomes a span of any
    name type (NAME_PART; the teacher may narrow it): the sources label the compound as a
    whole -- MISC in CoNLL-2003, O or part of the next organisation in GMB -- which says
    nothing of the type of the name inside, and O would teach the model that it is no
    name. A span through such a compound ("London-based Amnesty International") is cut
    into the name part and the rest."""
    new_words: List[str] = []
    glued: List[bool] = []
    start = []
    for w in words:
        start.append(len(new_words))
        parts = hyphen_parts(w)
        new_words += parts
        glued += [False] + [True] * (len(parts) - 1)
    start.append(len(new_words))

    def name_part(k: int) -> bool:
        """Word k is a name glued to a lower-case word by a hyphen ("Washington" - "based")."""
        return (
            k + 2 < len(new_words)
            and new_words[k + 1] == "-"
            and glued[k + 1]
            and glued[k + 2]
            and new_words[k + 2][:1].islower()
            and len(new_words[k]) >= 2
            and new_words[k][:1].isupper()
        )

    def outside(k: int, person: bool, end: bool) -> bool:
        """Sub-token k, at a span's start or `end`, is outside the name: a hyphen or a
        lower-case word of an adjectival compound ("based", "ex"). With ``whole_names`` a name
        particle followed inside the token by a capital ("au-Prince" of Port-au-Prince) and,
        at the end of a person's name, the last syllable of a given name ("moon" of Ban
        Ki-moon) are inside (the ruler's rule for hyphenated names, cpp/src/rules/merge.cpp)."""
        w = new_words[k]
        if w == "-":
            return True
        if not w[:1].islower():
            return False
        if not whole_names:
            return True
        if "-" in w:
            head, rest = w.split("-", 1)
            return not (rest[:1].isupper() and head in NAME_PARTICLES)
        return not (end and person and syllable(w) and w not in COMPOUND_HEADS)

    out = []
    covered = [False] * len(new_words)
    for b, e, t in spans:
        nb, ne = start[b], start[e]
        person = t == "PERSON"
        while ne - nb > 1 and outside(nb, person, False) and glued[nb + 1]:
            nb += 1
        while ne - nb > 1 and outside(ne - 1, person, True) and glued[ne - 1]:
            ne -= 1
        if new_words[nb] == "-" or (ne - nb == 1 and new_words[nb][:1].islower() and words[b][:1].isupper()):
            continue
        if name_parts:
            if (nb, ne) != (start[b], start[e]) and "NORP" in t.split("|"):
                t = NAME_PART  # "Richmond-based" (CoNLL MISC): the name inside is of any type
            cut = next((k for k in range(nb, ne - 2) if name_part(k)), None)
            if cut is not None:  # "London-based Amnesty International": London, then the rest
                out.append((nb, cut + 1, NAME_PART))
                covered[nb : cut + 1] = [True] * (cut + 1 - nb)
                nb = cut + 3
                while nb < ne and new_words[nb][:1].islower():
                    nb += 1
                if nb >= ne:
                    continue
        for k in range(nb, ne):
            covered[k] = True
        out.append((nb, ne, t))
    if name_parts:
        for k in range(1, len(new_words)):  # not the first word: "Broadly-based" is no name
            if name_part(k) and not covered[k] and glued[k + 1] and not glued[k]:
                out.append((k, k + 1, NAME_PART))
        out.sort()
    return new_words, out, glued


def map_sentence(words: List[str], tags: List[str], labels: Dict[str, str], titles: set) -> List[Tuple[int, int, str]]:
    out = []
    for b, e, t in iob_to_spans(tags):
        m = labels.get(t, "O")
        if m == "O":
            continue
        b, e = strip_span(words, b, e, titles if m == "PERSON" else None)
        if e <= b:
            continue
        if any(w in (",", "(", ")") or "@" in w for w in words[b:e]):
            m = m if m.endswith("|O") else m + "|O"  # a phrase around a name (GUM mentions): may be no name
        out.append((b, e, m))
    return out


def read_gum(data: Path, split_docs: set, want: bool) -> List[List[Tuple[List[str], List[str]]]]:
    """GUM open genres through the corpus' own gum2bio.py, one file (= document) at a time."""
    script = data / "gum_open" / "gum2bio.py"
    docs = []
    for fn in sorted(glob.glob(str(data / "gum_open" / "conllu" / "*.conllu"))):
        name = Path(fn).stem
        if (name in split_docs) != want:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            os.symlink(os.path.abspath(fn), os.path.join(tmp, Path(fn).name))
            out = subprocess.run([sys.executable, str(script), tmp], check=True, capture_output=True, text=True).stdout
        path = os.path.join(tempfile.gettempdir(), f"gum_{os.getpid()}.bio")
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
        d = read_columns(path, docstart=False)
        os.unlink(path)
        docs.extend(d)
    return docs


def gum_split(data: Path, name: str) -> set:
    text = (data / "gum_open" / "splits.md").read_text(encoding="utf-8")
    m = re.search(r"## " + name + r"\n(.*?)(?:\n## |\Z)", text, re.S)
    return set(re.findall(r"\* (\S+)", m.group(1))) if m else set()


def reuters_bodies(data: Path) -> List[str]:
    """The bodies of the Reuters-21578 articles in corpus order, paragraphs joined by a blank
    line. The all-caps title (first line) is left out: the teacher is unreliable on all-caps
    text. Body lines are hard-wrapped; an indented line starts a paragraph."""
    import gzip

    text = gzip.open(data / "reuters21578" / "derived_reuters21578_title_body.txt.gz", "rt", encoding="utf-8").read()
    articles = []
    for a in re.split(r"\n\s*\n", text):
        paras: List[str] = []
        for line in a.strip("\n").split("\n")[1:]:
            if not paras or line.startswith((" ", "\t")):
                paras.append(line.strip())
            else:
                paras[-1] += " " + line.strip()
        body = "\n\n".join(p for p in paras if p)
        if body:
            articles.append(body)
    return articles


def read_reuters(data: Path, byline: str, max_tokens: int) -> List[List[Tuple[List[str], List[str]]]]:
    """Reuters-21578 articles (title + body, blank line between articles) tokenised and split
    into sentences by byline itself (`byline tokenize`), so the words are those the
    recognizer sees at run time. Articles in corpus order until max_tokens."""
    articles = reuters_bodies(data)
    docs, total = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, a in enumerate(articles):
            p = os.path.join(tmp, f"{i:06d}.txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(a)
            paths.append(p)
            total += len(a.split())
            if total >= max_tokens:
                break
        for k in range(0, len(paths), 500):
            out = subprocess.run(
                [byline, "tokenize", *paths[k : k + 500]], check=True, capture_output=True, text=True
            ).stdout
            for line in out.splitlines():
                d = json.loads(line)
                t = d["text"]
                sents = []
                toks = d["tokens"]
                k = 0
                for sb, se in d["sentences"]:  # character ranges
                    while k < len(toks) and toks[k][0] < sb:
                        k += 1
                    words = []
                    while k < len(toks) and toks[k][1] <= se:
                        w = t[toks[k][0] : toks[k][1]]
                        if w.strip() and not any(c.isspace() for c in w):
                            words.append(w)
                        k += 1
                    if words:
                        sents.append((words, ["O"] * len(words)))
                if sents:
                    docs.append(sents)
    return docs


RE3D_NAME_TYPES = ("Person", "Organisation", "Location", "Nationality")
RE3D_PRODUCT_TYPES = ("Weapon", "Vehicle", "MilitaryPlatform", "DocumentReference")
#: Lower-case words a proper name may contain after its first word ("Islamic State of Iraq and
#: the Levant", "al-Qaeda in Iraq", "Abu Bakr al-Baghdadi" has none: "al-" words are capitalised).
NAME_INNER = {"of", "and", "the", "for", "in", "on", "at", "to", "de", "du", "da", "del", "der", "van", "von", "bin"}


def name_cased(w: str) -> bool:
    """A word that can begin a proper name: initial capital, or an Arabic article before one (al-Qaeda)."""
    return w[:1].isupper() or re.match(r"(?:al|el|ad|ar|as|an|ash|at|az)-[A-Z]", w) is not None


#: Words re3d marks as mentions that are never names (pronouns, determiners).
NOT_NAMES = {"i", "we", "he", "she", "it", "they", "you", "us", "him", "her", "them", "me", "our", "his", "its"}
NOT_NAMES |= {"their", "my", "your", "this", "that", "these", "those", "the", "a", "an", "who", "which"}
PERSON_INNER = {"de", "du", "da", "del", "der", "van", "von", "bin", "ibn"}


def is_proper_name(words: Sequence[str], person_titles: Optional[set] = None) -> bool:
    """Capitalised first and last word; inside, capitalised words, NAME_INNER words and
    punctuation/digits only (no lower-case content word: "U.S. service members" is no name).
    With person_titles (a Person mention): only PERSON_INNER lower-case words and no title
    inside ("US Secretary of State John Kerry" is a description)."""
    inner = NAME_INNER if person_titles is None else PERSON_INNER
    if not words or not name_cased(words[0]) or not (name_cased(words[-1]) or words[-1][:1].isdigit()):
        return False
    for w in words[1:-1]:
        if w in (",", "(", ")", ";", ":"):
            return False
        if any(c.isalpha() for c in w) and not name_cased(w) and w not in inner:
            return False
    return person_titles is None or not any(w.lower() in person_titles for w in words)


def re3d_split(doc_id: str) -> str:
    """'dev' for about one document in five (md5 of the re3d document id), else 'train'."""
    return "dev" if int(hashlib.md5(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 5 == 0 else "train"


def read_re3d(data: Path, titles: set) -> Dict[str, List[List[Tuple[List[str], List[str]]]]]:
    """re3d (five folders of documents.json + entities.json, character offsets into the raw
    text) as {'train': docs, 'dev': docs}: the text (not the title) tokenised and split into
    sentences by byline itself (the Python package), so the words are those the recognizer
    sees at run time. Tags are IOB2 over the labels of SOURCE_MAPS['re3d'].

    re3d marks descriptions as well as names ("Foreign Minister Julie Bishop", "the Iraqi
    people", "the camp") and often the same mention twice, nested, with a crowd confidence
    (0 for the alternative the crowd did not choose: "Julie Bishop" inside the first). Each
    person/organisation/location/nationality mention gets the span rules (strip_span: no
    leading "the", no trailing possessive; for Person, leading titles and nationality words
    out) and is kept when the rest is a proper name (is_proper_name; a lone sentence-initial
    word that the corpus also writes in lower case is not). Kept mentions overlapping each
    other: the one of higher confidence wins, then the longer, then the earlier; a mention
    of confidence below 0.5 that overlaps no other mention is unsure. The capitalised runs
    of the words of unsure, dropped and losing mentions that no kept mention covers are
    'unsure' spans (any type or none), so the partial-annotation trainer never learns O
    there. Named weapons, vehicles, platforms and document references ("Resolution 2254")
    are kept the same way as PRODUCT|O / LAW|WORK_OF_ART|O."""
    try:
        import byline  # the package built from this tree (`make python`)
    except ImportError as exc:
        raise RuntimeError(f"re3d is tokenised by the byline Python package: run `make python` ({exc})") from exc

    root = data / "re3d"
    raw = []  # (doc id, text, entities)
    for folder in sorted(p for p in root.iterdir() if (p / "documents.json").is_file()):
        ents: Dict[str, list] = collections.defaultdict(list)
        with open(folder / "entities.json", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    ents[e["documentId"]].append(e)
        with open(folder / "documents.json", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    raw.append((d["_id"], d["text"], ents.get(d["_id"], [])))
    raw.sort()
    nationalities = {e["value"] for _, _, es in raw for e in es if e["type"] == "Nationality"}
    lower_words = {w for _, t, _ in raw for w in re.findall(r"[a-z][a-z-]*", t)}
    out: Dict[str, List[List[Tuple[List[str], List[str]]]]] = {"train": [], "dev": []}
    for doc_id, text, es in raw:
        doc = byline.tokenize(text)
        offs = doc.token_offsets("char").tolist()
        words, sent_of, first = [], [], set()
        tok_word = {}  # token index -> word index (tokens with white space inside are left out)
        for si, (sb, se) in enumerate(doc.sentence_ranges().tolist()):
            for k in range(sb, se):
                w = text[offs[k][0] : offs[k][1]]
                if w.strip() and not any(c.isspace() for c in w):
                    if not sent_of or sent_of[-1] != si:
                        first.add(len(words))
                    tok_word[k] = len(words)
                    words.append(w)
                    sent_of.append(si)
        starts = {offs[k][0]: i for k, i in tok_word.items()}
        ends = {offs[k][1]: i for k, i in tok_word.items()}
        kept = []  # (-confidence, -length, begin, end, label)
        unsure: List[Tuple[int, int]] = []
        spans = []
        for e in es:
            b, t = e["begin"], e["end"]
            while b < t and text[b].isspace():
                b += 1
            while t > b and text[t - 1].isspace():
                t -= 1
            wb, we = starts.get(b), ends.get(t)
            typ = e["type"]
            if typ not in RE3D_NAME_TYPES + RE3D_PRODUCT_TYPES:
                continue  # Temporal, Quantity, Money, ...: no name type, its words are O
            if wb is None or we is None or we < wb or sent_of[wb] != sent_of[we]:
                # not on word boundaries or across sentences: its capitalised words are unsure
                inside = [i for k, i in tok_word.items() if offs[k][0] < t and offs[k][1] > b]
                if inside:
                    unsure.append((min(inside), max(inside) + 1))
                continue
            spans.append((wb, we + 1, typ, float(e.get("confidence", 1))))
        for wb, we, typ, conf in spans:
            alone = not any(o[0] < we and wb < o[1] and o != (wb, we, typ, conf) for o in spans)
            b, t = strip_span(words, wb, we)
            if typ == "Person":
                while t - b > 1 and (words[b].lower() in titles or words[b] in nationalities):
                    b += 1
                if t - b == 1 and words[b].lower() in titles:
                    b = t
            name = t > b and is_proper_name(words[b:t], titles if typ == "Person" else None)
            if t - b == 1 and words[b].lower() in NOT_NAMES:
                continue  # "We", "It": no name, its word is O
            if name and t - b == 1 and b in first and words[b].lower() in lower_words:
                name = False  # "Militants" at the start of a sentence
            if name and (conf >= 0.5 or not alone):
                kept.append((-conf, typ not in RE3D_NAME_TYPES, -(t - b), b, t, typ))
            elif typ in RE3D_NAME_TYPES:
                unsure.append((wb, we))
        taken = [False] * len(words)
        chosen = []
        for *_, b, t, typ in sorted(kept):
            if not any(taken[b:t]):
                chosen.append((b, t, typ))
                for k in range(b, t):
                    taken[k] = True
        for *_, b, t, _ in kept:
            if any(not taken[k] for k in range(b, t)):
                unsure.append((b, t))
        for b, t in sorted(unsure):  # capitalised runs of unsure mentions not covered by a kept one
            k = b
            while k < t:
                if taken[k] or not name_cased(words[k]) or words[k].lower() in NOT_NAMES:
                    k += 1
                    continue
                j = k + 1
                while (
                    j < t
                    and not taken[j]
                    and sent_of[j] == sent_of[k]
                    and (name_cased(words[j]) or words[j] == "-" or words[j] in NAME_INNER)
                ):
                    j += 1
                while not name_cased(words[j - 1]):
                    j -= 1
                chosen.append((k, j, "unsure"))
                for m in range(k, j):
                    taken[m] = True
                k = j
        tags = spans_to_tags(len(words), chosen)
        sents: List[Tuple[List[str], List[str]]] = []
        for i, w in enumerate(words):
            if i in first:
                sents.append(([], []))
            sents[-1][0].append(w)
            sents[-1][1].append(tags[i])
        out[re3d_split(doc_id)].append(sents)
    return out


SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "but"}


def case_variants(docs, every: int, cut_every: int = 0, lower_every: int = 0) -> List[list]:
    """Extra one-sentence documents with the same spans, chosen by a hash of the words (so
    deterministic): one sentence in `every` in Title Case and one in UPPER CASE (headlines
    such as "Putin Orders Russia-China AI Partnership" must not read as one long name), and
    one in `cut_every` cut to start at its first mid-sentence name, 3 to 8 words long
    (names at the start of short sentences), and one in `lower_every` in lower case (names
    typed without capitals, as on social media)."""
    out = []
    for doc in docs:
        for words, spans in doc:
            h = int(hashlib.md5(" ".join(words).encode("utf-8", "surrogatepass")).hexdigest()[:8], 16)
            if h % every == 0:
                tw = [w if w.lower() in SMALL_WORDS and i else w[:1].upper() + w[1:] for i, w in enumerate(words)]
                out.append([(tw, spans)])
            elif h % every == 1:
                out.append([([w.upper() for w in words], spans)])
            if lower_every and (h // 7919) % lower_every == 0:
                out.append([([w.lower() for w in words], spans)])
            if cut_every and (h // every) % cut_every == 0:
                # Sentence-initial names in short sentences ("Biden met Macron in Paris."): the
                # sentence from its first mid-sentence name on, 3 to 8 words, ending in ".".
                starts = [b for b, e, t in spans if b >= 2]
                if starts:
                    b0 = starts[0]
                    e0 = min(len(words), b0 + 3 + (h // (every * cut_every)) % 6)
                    for b, e, _t in spans:  # never cut through a name
                        if b < e0 < e:
                            e0 = e
                    cut = [(b - b0, e - b0, t) for b, e, t in spans if b >= b0 and e <= e0]
                    tail = words[b0:e0]
                    if tail[-1] not in (".", "!", "?"):
                        tail = tail + ["."]
                    out.append([(tail, cut)])
    return out


#: The sources trained on by default (SOURCE_MAPS entries without "train": False).
DEFAULT_SOURCES = [name for name, spec in SOURCE_MAPS.items() if spec.get("train", True)]


def sources(
    data: Path, byline: str = "", reuters_tokens: int = 0, trained: Sequence[str] = tuple(DEFAULT_SOURCES)
) -> Dict[str, Tuple[list, list]]:
    """source -> (train documents, dev documents), documents as lists of (words, tags). A
    source that is not in ``trained`` and is split only for training (re3d) has all its
    documents as dev documents (it is then evaluation data only)."""
    out = {}
    if byline and reuters_tokens > 0:
        out["reuters_teacher"] = (read_reuters(data, byline, reuters_tokens), [])
    c = data / "conll2003"
    out["conll2003"] = (read_columns(str(c / "eng.train")), read_columns(str(c / "eng.testa")))
    g = read_columns(str(data / "gmb_kaggle_ner" / "derived_ner_dataset.utf8.conll"), docstart=False, sents_per_doc=10)
    cut = len(g) * 9 // 10  # sentence order is the corpus order: the last tenth is dev
    out["gmb"] = (g[:cut], g[cut:])
    w = data / "wnut17"
    out["wnut17"] = (
        read_columns(str(w / "wnut17train.conll"), sents_per_doc=1),
        read_columns(str(w / "emerging.dev.conll"), sents_per_doc=1),
    )
    b = data / "social_media_ner_extra" / "btc"
    if b.is_dir():  # sections a, b, e, f, g (g: tweets of news accounts) train; h is dev
        out["btc"] = ([d for sec in "abefg" for d in read_btc(b / f"{sec}.conll")], read_btc(b / "h.conll"))
    tr, dv = [], []
    for dom in ("politics", "science", "music", "literature", "ai"):
        tr += read_columns(str(data / "crossner" / dom / "train.txt"), sents_per_doc=1)
        dv += read_columns(str(data / "crossner" / dom / "dev.txt"), sents_per_doc=1)
    out["crossner"] = (tr, dv)
    held = gum_split(data, "dev") | gum_split(data, "test")
    out["gum"] = (read_gum(data, held, False), read_gum(data, gum_split(data, "dev"), True))
    if (data / "re3d").is_dir():
        r = read_re3d(data, load_titles(data / "gazetteers"))
        out["re3d"] = (r["train"], r["dev"]) if "re3d" in trained else ([], r["train"] + r["dev"])
    return out


# ---------------------------------------------------------------- teacher


def teacher_spans(model_dir: str, sents: List[List[str]], cache: Path, jobs: int) -> List[List[Tuple[int, int, str]]]:
    key = hashlib.sha256()
    key.update(model_dir.encode())
    for s in sents:
        key.update("\x1f".join(s).encode("utf-8", "surrogatepass"))
        key.update(b"\x1e")
    path = cache / f"teacher_{key.hexdigest()[:16]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    import spacy
    from spacy.tokens import Doc as SDoc

    nlp = spacy.load(model_dir, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    docs = (SDoc(nlp.vocab, words=s) for s in sents)
    out = []
    for d in nlp.pipe(docs, batch_size=512, n_process=max(1, jobs)):
        out.append([(e.start, e.end, e.label_) for e in d.ents if e.label_ in TEACHER_LABELS])
    path.write_bytes(pickle.dumps(out))
    return out


def majority_types(docs, min_count: int = 3, share: float = 0.6) -> Dict[str, str]:
    """The one type a source gives most of the spans of each spelling: {"Biden": "PERSON"} when
    at least ``min_count`` of its one-type spans and a ``share`` of them have that type."""
    counts: Dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for doc in docs:
        for w, spans in doc:
            for b, e, alts in spans:
                if alts in MODEL_TYPES:
                    counts[" ".join(w[b:e])][alts] += 1
    out = {}
    for text, c in counts.items():
        t, n = c.most_common(1)[0]
        if n >= min_count and n >= share * sum(c.values()):
            out[text] = t
    return out


def combine(
    words, gold, teacher, open_types, stats, doubt: bool = False, majority: Optional[Dict[str, str]] = None
) -> List[Tuple[int, int, str]]:
    """Gold spans (alternatives) narrowed by the teacher; teacher spans of open types added.
    With ``doubt`` (a silver source), a one-type span to which the teacher gives another
    name type on exactly its words may be either ("U.S." org in GMB, GPE for the teacher:
    ORG|GPE), so neither machine's error is taught as certain."""
    out = []
    teacher = [(*strip_span(words, b, e), t) for b, e, t in teacher]
    exact = {(b, e): t for b, e, t in teacher}
    for b, e, alts in gold:
        t = exact.get((b, e))
        if "|" in alts and t is not None:
            if t in alts.split("|"):
                stats["narrowed"] += 1
                alts = t
            else:
                stats["teacher_disagrees"] += 1
        elif doubt and t is not None and t != alts and alts in MODEL_TYPES and t in MODEL_TYPES:
            stats["doubted"] += 1
            alts = f"{alts}|{t}"
        elif (
            majority is not None
            and t is not None
            and t != alts
            and alts in MODEL_TYPES
            and majority.get(" ".join(words[b:e])) == t
        ):
            stats["majority_relabelled"] += 1
            alts = t
        out.append((b, e, alts))
    covered = [False] * len(words)
    for b, e, _ in gold:
        for k in range(max(0, b - 0), e):
            covered[k] = True
    for b, e, t in teacher:
        if t not in open_types:
            continue
        if any(covered[b:e]):
            continue
        stats["teacher_added_" + t] += 1
        out.append((b, e, t))
    return sorted(out)


# ---------------------------------------------------------------- main


def dev_sentence(words, tags, labels, titles):
    """A dev sentence as the model sees it: mapped spans, hyphen compounds re-tokenised."""
    w, spans, _ = split_hyphens(words, map_sentence(words, tags, labels, titles))
    return w, spans_to_tags(len(w), spans)


def write_docs(f, docs: Iterable[Tuple[str, List[str], List[Tuple[List[str], List[str]]]]]):
    for source, open_types, sents in docs:
        f.write(f"-DOCSTART- source={source}" + (f" open={','.join(open_types)}" if open_types else "") + "\n\n")
        for words, tags in sents:
            for w, t in zip(words, tags):
                f.write(f"{w}\t{t}\n")
            f.write("\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2].parent / "shared" / "data"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--teacher", default="", help="spaCy en_core_web_md model directory (optional)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--sources",
        default=",".join(DEFAULT_SOURCES),
        help=f"comma-separated sources to train on (default {','.join(DEFAULT_SOURCES)}; also: "
        f"{','.join(s for s in SOURCE_MAPS if s not in DEFAULT_SOURCES)})",
    )
    ap.add_argument(
        "--byline", default="", help="the C++ tool byline-dev (tokenizes Reuters-21578 for the teacher source)"
    )
    ap.add_argument("--reuters-tokens", type=int, default=1_500_000, help="Reuters-21578 words labelled by the teacher")
    ap.add_argument(
        "--case-every",
        type=int,
        default=25,
        help="one sentence in N of the news sources gets a Title Case copy, one an UPPER CASE copy",
    )
    ap.add_argument(
        "--cut-every",
        type=int,
        default=8,
        help="one sentence in N of the news sources gets a copy cut to start at its first mid-sentence name (0: none)",
    )
    ap.add_argument(
        "--lower-every",
        type=int,
        default=0,
        help="one sentence in N of the news sources gets a lower-case copy (0: none)",
    )
    ap.add_argument(
        "--name-parts",
        action="store_true",
        help="the name inside an adjectival hyphen compound becomes a span of any name type (split_hyphens; "
        "not in the shipped recipe, docs/ner.md)",
    )
    ap.add_argument(
        "--whole-hyphen-names",
        action="store_true",
        help="training spans keep a name particle and the end of a given name after a hyphen "
        "('Port-au-Prince', 'Ban Ki-moon'; split_hyphens); without it they lose every lower-case part at their "
        "edges ('Ban Ki'), as in the shipped recipe (docs/ner.md). Dev files always keep them",
    )
    ap.add_argument(
        "--silver-doubt",
        action="store_true",
        help="in a silver source (GMB), a one-type span to which the teacher gives another type on exactly "
        "its words may be either (combine; not in the shipped recipe, docs/ner.md)",
    )
    ap.add_argument(
        "--silver-majority",
        action="store_true",
        help="in a silver source (GMB), a one-type span takes the type the teacher gives exactly its words "
        "when most of the source's spans of that spelling have that type (majority_types; not in the shipped "
        "recipe, docs/ner.md)",
    )
    ap.add_argument(
        "--repeat",
        default="",
        help="comma-separated SOURCE=N: the training documents of SOURCE appear N times (default once)",
    )
    a = ap.parse_args(argv)
    if a.silver_doubt and a.silver_majority:
        ap.error("--silver-doubt and --silver-majority are two readings of the same disagreement: choose one")
    data, out = Path(a.data), Path(a.out)
    repeat: Dict[str, int] = {}
    for item in filter(None, a.repeat.split(",")):
        src, _, n = item.partition("=")
        if src not in SOURCE_MAPS or not n.isdigit() or int(n) < 1:
            ap.error(f"--repeat wants SOURCE=N with a known source and N >= 1, got {item!r}")
        repeat[src] = int(n)
    (out / "dev").mkdir(parents=True, exist_ok=True)
    titles = load_titles(data / "gazetteers")
    want = [s for s in a.sources.split(",") if s]
    for s in want:
        if s not in SOURCE_MAPS:
            ap.error(f"unknown source {s!r}; known: {', '.join(SOURCE_MAPS)}")
    if "reuters_teacher" in want and not (a.teacher and a.byline):
        print("reuters_teacher needs --teacher and --byline: left out", file=sys.stderr)
        want.remove("reuters_teacher")
    all_src = sources(data, a.byline, a.reuters_tokens if "reuters_teacher" in want else 0, trained=want)
    stats: Dict[str, dict] = {}
    train_out = []
    for name in want:
        train, dev = all_src[name]
        spec = SOURCE_MAPS[name]
        labels, open_types = spec["labels"], list(spec["open"])
        st = collections.Counter()
        mapped = [
            [
                split_hyphens(
                    w, map_sentence(w, t, labels, titles), name_parts=a.name_parts, whole_names=a.whole_hyphen_names
                )[:2]
                for w, t in doc
            ]
            for doc in train
        ]
        majority = majority_types(mapped) if a.silver_majority and spec.get("silver", False) else None
        if a.teacher:
            flat = [w for doc in mapped for w, _ in doc]
            tspans = teacher_spans(a.teacher, flat, out, a.jobs)
            k = 0
            for doc in mapped:
                for j, (w, spans) in enumerate(doc):
                    doc[j] = (
                        w,
                        combine(
                            w,
                            spans,
                            tspans[k],
                            set(spec.get("teacher", open_types)),
                            st,
                            doubt=a.silver_doubt and spec.get("silver", False),
                            majority=majority,
                        ),
                    )
                    k += 1
        if a.case_every > 1 and name in ("conll2003", "gmb", "reuters_teacher"):
            extra = case_variants(mapped, a.case_every, a.cut_every, a.lower_every)
            st["case_variant_sentences"] = len(extra)
            mapped = mapped + extra
        for doc in mapped:
            sents = []
            for w, spans in doc:
                st["tokens"] += len(w)
                st["sentences"] += 1
                for _, _, t in spans:
                    st["span:" + t] += 1
                sents.append((w, spans_to_tags(len(w), spans)))
            st["documents"] += 1
            train_out.extend([(name, open_types, sents)] * repeat.get(name, 1))
        if dev:
            with open(out / "dev" / f"{name}.conll", "w", encoding="utf-8") as f:
                write_docs(f, ((name, open_types, [dev_sentence(w, t, labels, titles) for w, t in doc]) for doc in dev))
        stats[name] = dict(sorted(st.items()))
        print(f"{name}: {st['documents']} docs, {st['sentences']} sentences, {st['tokens']} tokens", file=sys.stderr)
    for name in SOURCE_MAPS:  # sources not trained on: all their documents are evaluation data
        if name in want or name not in all_src or not all_src[name][1]:
            continue
        spec = SOURCE_MAPS[name]
        labels, open_types = spec["labels"], list(spec["open"])
        with open(out / "dev" / f"{name}.conll", "w", encoding="utf-8") as f:
            docs = all_src[name][1]
            write_docs(f, ((name, open_types, [dev_sentence(w, t, labels, titles) for w, t in doc]) for doc in docs))
    with open(out / "train.conll", "w", encoding="utf-8") as f:
        write_docs(f, train_out)
    (out / "stats.json").write_text(
        json.dumps({"types": MODEL_TYPES, "sources": stats, "maps": {k: SOURCE_MAPS[k] for k in want}}, indent=1) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
