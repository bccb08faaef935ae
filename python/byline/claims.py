"""Claims: figures and dates that an article ties to an entity, and where articles disagree.

:meth:`byline.Corpus.claims` lists, per article, one row per (subject entity, predicate,
value): a DATE, TIME, MONEY, PERCENT, QUANTITY or CARDINAL entity in a sentence, the
entity the sentence is about, and the kind of event the sentence names.
:meth:`byline.Corpus.disagreements` groups the claims of several articles about one
subject and predicate whose values cannot all be true together.

The rules live in the C++ library (``byline/claims.h``; docs/analysis.md, "Claims and
disagreements"); the functions here call them:

* clauses: a sentence is cut at ";", "while", "but", ", and", participles (", ending"),
  "and" + a name + a verb, "according to X" (an attribution: no predicate, its names no
  subject) and speech verbs ("Rosstat said Russia's output rose ...", "..., X said");
* subject: per clause, the first PERSON mention, else the first ORG or GPE mention before
  the first value, else a NORP one, else a passive's agent; names glued to a hyphen
  ("UK-based") are none; a clause without one takes the subject of the clause (or
  sentence, same or previous paragraph) before it ("Putin has tasked the government ...
  The announcement, published on January 1, ..." is about Putin);
* predicate: the event class (:data:`PREDICATES`) of the word that governs the value: its
  head noun ("$5bn investment") after a reporting verb or none, else the nearest
  predicate word before it in its clause ("signed the decree on May 5" is ``order``,
  "cut 40 jobs" ``fall``), else the first after it ("On May 5, X opened ..."); rise/fall
  words govern amounts after "by"/"to"; coordinated words ("announced and launched") all
  apply; none: no predicate;
* values: the normalised values of the entities; bare CARDINALs below 10 ("two
  countries"), bases of ranks ("out of 83") and entities in boilerplate are left out;
  an ORDINAL counts only as a rank ("ranks 31st");
* two values disagree when they cannot denote the same thing: dates and times whose
  periods do not overlap (``2025-01-01`` and ``2024-12-30``; a year-less ``XXXX-12-30`` is
  compared by month and day; durations, sets and times of day are not compared), numbers
  whose ranges (with ``approx`` a 10 % margin) do not overlap, different currencies or units.

THREAD SAFETY: pure functions over immutable inputs.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from byline import _core

__all__ = ["PREDICATES", "article_claims", "conflicts"]

#: Event classes and the word stems that name them (lower case; a word matches a stem
#: when it starts with it). General news predicates, not tied to any story.
PREDICATES: Dict[str, Tuple[str, ...]] = {name: tuple(stems) for name, stems in _core.predicate_classes()}


def predicates_of(text: str) -> List[str]:
    """The event classes the words of ``text`` name, in :data:`PREDICATES` order."""
    return list(_core.predicates_of(text))


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
    values = list(values)
    rows = _core.article_claims_spans(
        text,
        [(int(b), int(e)) for b, e in sentences],
        [(int(b), int(e)) for b, e in paragraphs],
        [(int(v[0]), int(v[1]), v[2], v[3], _json(v[4])) for v in values],
        [(int(m[0]), int(m[1]), m[2], -1 if m[3] is None else int(m[3]), bool(m[4])) for m in mentions],
    )
    out: List[Dict[str, Any]] = []
    for index, cluster, subject, predicate, sentence in rows:
        b, e, label, vtext, value = values[index]
        out.append(
            {
                "subject_cluster": cluster,
                "subject": subject,
                "predicate": predicate,
                "label": label,
                "text": vtext,
                "value": value,
                "start": b,
                "end": e,
                "sentence": sentence,
            }
        )
    return out


def conflicts(a: Tuple[str, Any], b: Tuple[str, Any]) -> bool:
    """Whether the values (label, value) ``a`` and ``b`` cannot both be true."""
    return bool(_core.conflicts(a[0], _json(a[1]), b[0], _json(b[1])))


def _json(value: Any) -> str:
    """A value as the JSON text the C++ rules take ("" for None). A value JSON cannot
    hold (NaN, a set, ...) becomes a JSON string: a value, but never compared."""
    if value is None:
        return ""
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return json.dumps(repr(value))
