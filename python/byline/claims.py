"""Claims: figures and dates that an article ties to an entity, and where articles disagree.

:meth:`byline.Corpus.claims` lists, per article, one row per (subject entity, predicate,
value): a DATE, TIME, MONEY, PERCENT, QUANTITY or CARDINAL entity in a sentence, the
entity the sentence is about, and the kind of event the sentence names.
:meth:`byline.Corpus.disagreements` groups the claims of several articles about one
subject and predicate whose values cannot all be true together.

The rules (docs/analysis.md, "Claims and disagreements"):

* subject: the first PERSON mention of the sentence, else its first ORG, GPE or NORP
  mention before the first value; a sentence without one takes the subject of the
  sentence before it in the same or the previous paragraph ("Putin has tasked the
  government ... The announcement, published on January 1, ..." is about Putin);
* predicate: each event class (:data:`PREDICATES`) a word of the sentence belongs to
  ("instructed" and "directive" are ``order``, "published" and "post" ``announce``); a
  value is claimed once per class its sentence names (or once with no predicate);
* values: the normalised values of the entities; bare CARDINALs below 10 ("two
  countries") and ORDINALs are left out, so are entities in boilerplate;
* two values disagree when they cannot denote the same thing: dates and times whose
  periods do not overlap (``2025-01-01`` and ``2024-12-30``; a year-less ``XXXX-12-30`` is
  compared by month and day; durations, sets and times of day are not compared), numbers
  whose ranges (with ``approx`` a 10 % margin) do not overlap, different currencies or units.

THREAD SAFETY: pure functions over immutable inputs.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

__all__ = ["PREDICATES", "article_claims", "conflicts"]

#: Event classes and the word stems that name them (lower case; a word matches a stem
#: when it starts with it). General news predicates, not tied to any story.
PREDICATES: Dict[str, Tuple[str, ...]] = {
    "announce": ("announc", "publish", "post", "releas", "unveil", "issued", "declar", "statement", "report"),
    "order": ("order", "instruct", "tasked", "directive", "directed", "decree", "mandat", "command"),
    "agree": ("agree", "sign", "deal", "accord", "treaty", "pact", "contract"),
    "invest": ("invest", "fund", "spend", "budget", "allocat", "loan", "grant"),
    "rank": ("rank", "placed", "position"),
    "rise": ("rise", "rose", "risen", "increas", "grew", "grow", "climb", "jump", "surg", "gain"),
    "fall": ("fall", "fell", "drop", "declin", "decreas", "slump", "plung", "cut"),
    "casualties": ("kill", "die", "died", "dead", "death", "casualt", "injur", "wound", "victim"),
    "cost": ("cost", "price", "worth", "valu", "paid", "pay"),
    "meet": ("meet", "met", "summit", "talks", "visit"),
    "launch": ("launch", "start", "began", "begin", "open"),
    "join": ("join", "member"),
    "lag": ("behind", "lag", "trail"),
    "employ": ("employ", "staff", "worker", "job"),
    "population": ("people", "population", "resident", "user", "customer", "citizen"),
    "elect": ("elect", "vote", "ballot", "poll"),
}

_WORD = re.compile(r"[A-Za-z]+")
_SUBJECT_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_VALUE_LABELS = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL")


def predicates_of(text: str) -> List[str]:
    """The event classes the words of ``text`` name, in :data:`PREDICATES` order."""
    words = [w.lower() for w in _WORD.findall(text)]
    return [p for p, stems in PREDICATES.items() if any(w.startswith(s) for w in words for s in stems)]


def article_claims(
    text: str,
    sentences: Sequence[Tuple[int, int]],
    paragraphs: Sequence[Tuple[int, int]],
    values: Iterable[Tuple[int, int, str, str, Any]],
    mentions: Iterable[Tuple[int, int, str, Optional[int], bool]],
) -> List[Dict[str, Any]]:
    """The claims of one article.

    ``sentences`` and ``paragraphs`` are (start, end) code-point ranges; ``values`` are
    (start, end, label, text, value) of the entities; ``mentions`` (start, end, label,
    within-article cluster or None, in_boilerplate). Returns dicts with ``subject_cluster``,
    ``subject`` (the mention text), ``predicate`` (or None), ``label``, ``text``, ``value``,
    ``start``, ``end``, ``sentence`` (its text)."""
    values = sorted(v for v in values if v[2] in _VALUE_LABELS)
    names = sorted(m for m in mentions if m[2] in _SUBJECT_LABELS and not m[4] and m[3] is not None)
    para_of = _index_of(sentences, paragraphs)
    out: List[Dict[str, Any]] = []
    last_subject: Optional[Tuple[int, str]] = None
    last_para = -1
    vi = ni = 0
    for si, (sb, se) in enumerate(sentences):
        here = []
        while ni < len(names) and names[ni][0] < se:
            if names[ni][0] >= sb:
                here.append(names[ni])
            ni += 1
        subject: Optional[Tuple[int, str]] = None
        first_value = next((v[0] for v in values[vi:] if sb <= v[0] < se), se)
        # the first person; else the first name before the first value (a name after it,
        # "... published on January 1, following statements about BRICS", is no subject)
        m = next((m for m in here if m[2] == "PERSON"), None) or next((m for m in here if m[0] < first_value), None)
        if m is not None:
            subject = (m[3], text[m[0] : m[1]])
        para = para_of[si]
        if subject is None and last_subject is not None and para - last_para <= 1:
            subject = last_subject  # "The announcement, published on ...": the previous sentence's subject
        claims_here = []
        while vi < len(values) and values[vi][0] < se:
            if values[vi][0] >= sb and _claimable(values[vi]):
                claims_here.append(values[vi])
            vi += 1
        if claims_here and subject is not None:
            sentence = text[sb:se]
            preds: List[Optional[str]] = list(predicates_of(sentence)) or [None]
            for b, e, label, vtext, value in claims_here:
                for p in preds:
                    out.append(
                        {
                            "subject_cluster": subject[0],
                            "subject": subject[1],
                            "predicate": p,
                            "label": label,
                            "text": vtext,
                            "value": value,
                            "start": b,
                            "end": e,
                            "sentence": sentence.strip(),
                        }
                    )
        if subject is not None:
            last_subject, last_para = subject, para
    return out


def _index_of(sentences: Sequence[Tuple[int, int]], paragraphs: Sequence[Tuple[int, int]]) -> List[int]:
    out, p = [], 0
    for sb, _ in sentences:
        while p + 1 < len(paragraphs) and paragraphs[p + 1][0] <= sb:
            p += 1
        out.append(p)
    return out


def _claimable(v: Tuple[int, int, str, str, Any]) -> bool:
    _, _, label, _, value = v
    if value is None:
        return False
    if label == "CARDINAL" and isinstance(value, (int, float)) and abs(value) < 10:
        return False
    return True


# ----------------------------------------------------------------------------- conflicts
def _interval(label: str, value: Any) -> Optional[Tuple[str, Any, Any]]:
    """(kind, low, high) of a value for comparison, or None when it cannot be compared."""
    if label in ("DATE", "TIME"):
        if not isinstance(value, dict):
            return None
        if value.get("start") and value.get("end"):
            return ("date", value["start"], value["end"])
        timex = value.get("timex") or ""
        m = re.fullmatch(r"XXXX-(\d\d)-(\d\d)", timex)
        if m:
            return ("monthday", timex[5:], timex[5:])
        if timex.startswith("P") or timex.startswith("T"):
            return ("timex", timex, timex)
        return None
    unit = ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        lo = hi = float(value)
        approx = False
    elif isinstance(value, dict):
        unit = str(value.get("currency") or value.get("unit") or "")
        number = value.get("value", value.get("amount"))
        lo = value.get("min", number)
        hi = value.get("max", number)
        if lo is None and hi is None:
            return None
        lo = float(lo) if lo is not None else float("-inf")
        hi = float(hi) if hi is not None else float("inf")
        if value.get("open") == "above":
            hi = float("inf")
        if value.get("open") == "below":
            lo = float("-inf")
        approx = bool(value.get("approx"))
    else:
        return None
    if approx:
        lo, hi = lo - 0.1 * abs(lo), hi + 0.1 * abs(hi)
    return (label + ":" + unit, lo, hi)


def conflicts(a: Tuple[str, Any], b: Tuple[str, Any]) -> bool:
    """Whether the values (label, value) ``a`` and ``b`` cannot both be true."""
    ia, ib = _interval(*a), _interval(*b)
    if ia is None or ib is None:
        return False
    if ia[0] != ib[0]:
        # a full date against a year-less one: compare month and day
        kinds = {ia[0], ib[0]}
        if kinds == {"date", "monthday"}:
            full, md = (ia, ib) if ia[0] == "date" else (ib, ia)
            return not (full[1][5:] <= md[1] <= full[2][5:] or full[1][:4] != full[2][:4])
        return ia[0].split(":")[0] == ib[0].split(":")[0] and ia[0] != ib[0]  # other currency or unit
    if ia[0] == "timex":
        return False  # durations, sets and times of day say nothing about which day: not compared
    return ia[2] < ib[1] or ib[2] < ia[1]
