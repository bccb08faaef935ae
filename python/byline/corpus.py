"""Corpus analysis: :class:`Corpus` links entities across articles and finds near-duplicates.

::

    >>> corpus = byline.Corpus()                    # uses byline.load() for texts
    >>> corpus.extend(texts, ids=names)             # or corpus.add(analysis, id="a1")
    >>> corpus.entities()                           # one row per global entity
       id   label       canonical                  aliases  ...  n_articles  mentions           counts
    3   3  PERSON  Vladimir Putin  [Vladimir Putin, Putin]  ...           5        21  [5, 3, 2, 5, 6]
    >>> corpus.mentions()                           # one row per entity mention
    >>> corpus.near_duplicates(0.5)                 # pairs of rewrites (MinHash + LSH)
    >>> corpus.quotes(), corpus.roles(), corpus.dates(), corpus.matrix()
    >>> corpus.cooccurrence("sentence")             # entity pairs named in one sentence

Tables are pandas DataFrames when pandas is installed (``pip install byline[pandas]``),
otherwise lists of dicts with the same keys. Their columns and dtypes are fixed
(:data:`COLUMNS`, docs/schema.md); a missing value is ``pd.NA`` in every column (nullable
``"string"`` and ``"Int64"`` dtypes), never NaN or None. Linking (C++ ``Corpus``, byline/corpus.h)
merges the within-article clusters of :class:`byline.Analysis` into global entities by
canonical name, shared aliases, surnames and fuzzy matching; near-duplicates compare
MinHash signatures of word shingles outside boilerplate.

THREAD SAFETY: a Corpus is not thread-safe: add articles from one thread (texts are
processed and analysed on C++ threads by :meth:`Corpus.extend`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Union

import numpy as np

from byline import _core
from byline._dates import DateLike
from byline.analysis import Analysis, Mention, Quote, Role, analyze_doc
from byline.articles import Article as _Article
from byline.articles import _prefixed, _utf8_safe
from byline.doc import Doc

if TYPE_CHECKING:
    from byline.pipeline import Pipeline

__all__ = ["COLUMNS", "Corpus"]

Article = Union[str, bytes, _Article, Doc, Analysis]


#: Column name -> pandas dtype of each table of a :class:`Corpus` (docs/schema.md). A value
#: that can be missing has a dtype whose missing value is ``pd.NA`` (``"string"``,
#: ``"Int64"``); ``"object"`` columns hold lists or normalised values (``pd.NA`` when missing).
COLUMNS: Dict[str, Dict[str, str]] = {
    "entities": {
        "id": "int64",
        "label": "string",
        "canonical": "string",
        "aliases": "object",
        "articles": "object",
        "n_articles": "int64",
        "mentions": "int64",
        "counts": "object",
    },
    "mentions": {
        "article": "int64",
        "article_id": "string",
        "entity": "Int64",
        "canonical": "string",
        "label": "string",
        "text": "string",
        "start": "int64",
        "end": "int64",
        "cluster": "Int64",
        "in_boilerplate": "bool",
    },
    "quotes": {
        "article": "int64",
        "article_id": "string",
        "speaker": "string",
        "entity": "Int64",
        "text": "string",
        "direct": "bool",
        "cue": "string",
        "start": "int64",
        "end": "int64",
        "in_boilerplate": "bool",
    },
    "roles": {
        "article": "int64",
        "article_id": "string",
        "person": "string",
        "entity": "Int64",
        "role": "string",
        "org": "string",
        "org_entity": "Int64",
        "pattern": "string",
        "count": "int64",
        "start": "int64",
        "end": "int64",
    },
    "dates": {
        "article": "int64",
        "article_id": "string",
        "label": "string",
        "text": "string",
        "value": "string",
        "kind": "string",
        "first_day": "string",
        "last_day": "string",
        "anchor": "string",
        "start": "int64",
        "end": "int64",
    },
    "claims": {
        "article": "int64",
        "article_id": "string",
        "subject": "string",
        "entity": "Int64",
        "predicate": "string",
        "label": "string",
        "text": "string",
        "value": "object",
        "start": "int64",
        "end": "int64",
        "sentence": "string",
    },
    "disagreements": {
        "group": "int64",
        "subject": "string",
        "predicate": "string",
        "article_id": "string",
        "label": "string",
        "text": "string",
        "value": "object",
        "conflicts_with": "object",
        "sentence": "string",
    },
    "cooccurrence": {
        "entity_a": "int64",
        "entity_b": "int64",
        "canonical_a": "string",
        "canonical_b": "string",
        "label_a": "string",
        "label_b": "string",
        "count": "int64",
        "articles": "object",
    },
    "near_duplicates": {"a": "int64", "b": "int64", "id_a": "string", "id_b": "string", "similarity": "float64"},
}


def _table(rows: List[Dict[str, Any]], columns: Dict[str, str]) -> Any:
    """A pandas DataFrame with ``columns`` (name -> dtype) when pandas is installed, else the
    rows as dicts. Missing values are ``pd.NA`` in every column, also an empty table has the dtypes."""
    try:
        import pandas as pd
    except ImportError:
        return rows
    frame = pd.DataFrame(rows, columns=list(columns))
    frame = frame.astype({c: t for c, t in columns.items() if t != "object"})
    for c, t in columns.items():
        if t == "object":
            frame[c] = frame[c].astype(object).where(frame[c].notna(), pd.NA)
    return frame


_INT_MAX = 2**31 - 1


def _id_of(article: Any, id: Optional[str]) -> Optional[str]:
    """The id an item of :meth:`Corpus.add` is added under: ``id``, else an Article's own."""
    return article.id if id is None and isinstance(article, _Article) else id


def _number(name: str, value: Any) -> float:
    """``value`` as a float in [0, 1] (a similarity threshold); TypeError for a non-number
    (also a str or bool), ValueError for NaN or a value outside [0, 1] (an infinite one
    would match nothing, silently)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a float, not {type(value).__name__}")
    if math.isnan(value):
        raise ValueError(f"{name} must be a number, not nan")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], not {value}")
    return float(value)


class Corpus:
    """Many analysed articles: global entities, mention tables and near-duplicate detection.

    Args:
        nlp: the :class:`byline.Pipeline` used for articles given as text (default:
            :func:`byline.load`, loaded on first use).
        num_hashes: MinHash functions (a multiple of ``lsh_rows``).
        lsh_rows: rows per LSH band (candidate pairs).
        shingle_size: words per shingle.
        fuzzy_threshold: edit similarity for fuzzy entity matches (> 1 disables them).
        exclude_boilerplate: leave boilerplate out of the signatures.
        seed: hash seed.

    ValueError for counts < 1 (or > 2**31 - 1), a seed outside [0, 2**64) or a NaN
    fuzzy_threshold; TypeError when ``nlp`` is not a Pipeline.
    """

    def __init__(
        self,
        nlp: Optional[Pipeline] = None,
        *,
        num_hashes: int = 128,
        lsh_rows: int = 4,
        shingle_size: int = 5,
        fuzzy_threshold: float = 0.9,
        exclude_boilerplate: bool = True,
        seed: int = 1,
    ) -> None:
        from byline.pipeline import Pipeline

        if nlp is not None and not isinstance(nlp, Pipeline):
            raise TypeError(f"nlp must be a byline.Pipeline or None, not {type(nlp).__name__}")
        for name, value in (("num_hashes", num_hashes), ("lsh_rows", lsh_rows), ("shingle_size", shingle_size)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
            if value < 1:
                raise ValueError(f"{name} must be >= 1, not {value}")
            if value > _INT_MAX:
                raise ValueError(f"{name} must be <= {_INT_MAX}, not {value}")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"seed must be an int, not {type(seed).__name__}")
        if not 0 <= seed < 2**64:
            raise ValueError(f"seed must be an int in [0, 2**64), not {seed}")
        self._nlp = nlp
        self._c = _core.Corpus(
            num_hashes=int(num_hashes),
            lsh_rows=int(lsh_rows),
            shingle_size=int(shingle_size),
            fuzzy_threshold=_number("fuzzy_threshold", fuzzy_threshold),
            exclude_boilerplate=exclude_boilerplate,
            seed=int(seed),
        )
        self._ids: List[str] = []
        self._mentions: List[List[Mention]] = []  # per article: the mentions of its analysis
        self._sentence_starts: List[np.ndarray] = []  # ... its sentence start offsets (code points)
        self._quotes: List[List[Quote]] = []  # ... its quotes
        self._roles: List[List[Role]] = []  # ... its roles
        self._dates: List[List[Dict[str, Any]]] = []  # ... its DATE/TIME entities
        self._link: Optional[Dict[str, Any]] = None

    @property
    def nlp(self) -> Pipeline:
        """The pipeline used for articles given as text."""
        if self._nlp is None:
            from byline.pipeline import load

            self._nlp = load()
        return self._nlp

    # ------------------------------------------------------------------ adding
    def add(self, article: Article, id: Optional[str] = None, *, date: Optional[DateLike] = None) -> int:
        """Add one article; returns its index (0, 1, ...).

        ``article`` is a text (processed with :attr:`nlp`, ``date`` as in
        :meth:`byline.Pipeline.__call__`), a processed :class:`byline.Doc`, or a
        :class:`byline.Analysis`, or a :class:`byline.Article` (processed like a text,
        dated by its ``published`` date unless ``date`` is given). ``id`` defaults to the
        Article's id, else the index as a str. ValueError for a ``date`` with a Doc or
        Analysis (already processed: its dates are resolved).
        """
        if date is not None and isinstance(article, (Analysis, Doc)):
            raise ValueError("add(): date applies to texts only; pass Docs with meta 'date' instead")
        return self._add(self._analysis_of(article, date), _id_of(article, id))

    def _analysis_of(self, article: Any, date: Optional[DateLike] = None) -> Analysis:
        """The analysis of an item of :meth:`add` or :meth:`extend`: an Analysis as it is, a
        Doc analysed, a text or an Article processed and analysed."""
        if isinstance(article, Analysis):
            return article
        if isinstance(article, Doc):
            return analyze_doc(article)
        if isinstance(article, (str, bytes, _Article)):
            return self.nlp.analyze(article, date=date)
        raise TypeError(
            f"add() expects a str, bytes, byline.Article, byline.Doc or byline.Analysis, not {type(article).__name__}"
        )

    def extend(
        self,
        articles: Iterable[Article],
        ids: Optional[Iterable[str]] = None,
        *,
        date: Union[None, DateLike, Iterable[Optional[DateLike]]] = None,
        threads: int = 0,
        batch_size: int = 256,
    ) -> List[int]:
        """Add many articles; texts are processed and analysed in batches on C++ threads.

        ``ids`` (default: the indices) and ``date`` (one date, or one per text; the forms
        of :meth:`byline.Pipeline.__call__`) are
        consumed in step with the texts. :class:`byline.Article` items are processed
        like texts, with their own date and (when ``ids`` is not given) id. Returns the
        indices of the new articles. An item that cannot be processed raises its error,
        which names it by its index (``text N: ...``; ``extend(): article N: ...`` in a
        list that also holds Docs or Analyses), and nothing is added.
        """
        if isinstance(articles, (str, bytes)):
            raise TypeError("extend() expects an iterable of articles, not a single str/bytes")
        items = list(articles)
        id_list: List[Optional[str]] = (
            [a.id if isinstance(a, _Article) else None for a in items] if ids is None else list(ids)
        )
        if len(id_list) != len(items):
            raise ValueError(f"extend(): {len(id_list)} ids for {len(items)} articles")
        # Checked before anything is added, so that a bad item leaves the corpus as it was.
        for k, (a, i) in enumerate(zip(items, id_list)):
            if not isinstance(a, (str, bytes, _Article, Doc, Analysis)):
                raise TypeError(
                    f"extend(): article {k} is a {type(a).__name__}; expected a str, bytes, byline.Article, "
                    "byline.Doc or byline.Analysis"
                )
            if i is not None and not isinstance(i, str):
                raise TypeError(f"extend(): id {k} must be a str, not {type(i).__name__}")
        if all(isinstance(a, (str, bytes, _Article)) for a in items):
            analyses = list(self.nlp.analyze_pipe(items, threads, batch_size, date=date))  # type: ignore[arg-type]
            return [self._add(a, i) for a, i in zip(analyses, id_list)]
        if date is not None:
            raise ValueError("extend(): date applies to texts only; pass Docs with meta 'date' instead")
        # Every item analysed before any is added, so that a text that cannot be processed
        # leaves the corpus as it was; its error names it (as analyze_pipe names a text).
        analyses = []
        for k, a in enumerate(items):
            try:
                analyses.append(self._analysis_of(a))
            except (_core.BylineError, ValueError, TypeError) as e:
                raise _prefixed(e, f"extend(): article {k}: ") from None
        return [self._add(an, _id_of(a, i)) for an, a, i in zip(analyses, items, id_list)]

    def _add(self, analysis: Analysis, id: Optional[str]) -> int:
        name = str(len(self._ids)) if id is None else id
        if not isinstance(name, str):
            raise TypeError(f"id must be a str, not {type(name).__name__}")
        name = _utf8_safe(name)  # a file name that is not UTF-8: backslash escapes
        index = int(self._c.add(name, analysis.doc._c, analysis._c))
        self._ids.append(name)
        self._mentions.append(analysis._c.mentions())
        self._sentence_starts.append(analysis.doc.sentence_offsets()[:, 0].copy())
        self._quotes.append(analysis._c.quotes())
        self._roles.append(analysis._c.roles())
        dates = []
        for e in analysis.doc.ents:
            if e.label_ not in ("DATE", "TIME"):
                continue
            v = e.value if isinstance(e.value, dict) else {}
            dates.append(
                {
                    "label": e.label_,
                    "text": e.text,
                    "value": v.get("timex"),
                    "kind": v.get("kind"),
                    "first_day": v.get("start"),
                    "last_day": v.get("end"),
                    "anchor": v.get("anchor"),
                    "start": e.start_char,
                    "end": e.end_char,
                }
            )
        self._dates.append(dates)
        self._link = None
        return index

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        """Number of articles."""
        return len(self._ids)

    @property
    def ids(self) -> List[str]:
        """The article ids, by index."""
        return list(self._ids)

    def link(self) -> Dict[str, Any]:
        """The raw linking result: ``{"entities": [dict per global entity], "cluster_entity": [[id per cluster]]}``."""
        if self._link is None:
            self._link = self._c.link()
        return self._link

    def entities(self) -> Any:
        """One row per global entity.

        Columns: ``id``, ``label``, ``canonical``, ``aliases`` (list), ``articles``
        (list of article ids), ``n_articles``, ``mentions`` (total) and ``counts``
        (mentions per article, parallel to ``articles``). Ordered by first appearance.
        """
        ids = self._ids
        rows = [
            {
                "id": e["id"],
                "label": e["label"],
                "canonical": e["canonical"],
                "aliases": e["aliases"],
                "articles": [ids[a] for a in e["articles"]],
                "n_articles": len(e["articles"]),
                "mentions": e["mentions"],
                "counts": e["counts"],
            }
            for e in self.link()["entities"]
        ]
        return _table(rows, COLUMNS["entities"])

    def mentions(self) -> Any:
        """One row per entity mention.

        Columns: ``article`` (index), ``article_id``, ``entity`` (global id, None for
        mentions in boilerplate), ``canonical`` (global), ``label``, ``text``,
        ``start``, ``end`` (code points in the article text), ``cluster`` (within the
        article), ``in_boilerplate``.
        """
        link = self.link()
        entities = link["entities"]
        rows: List[Dict[str, Any]] = []
        for a, (name, mentions) in enumerate(zip(self._ids, self._mentions)):
            clusters = link["cluster_entity"][a]
            for m in mentions:
                k = m.cluster
                g = clusters[k] if k is not None and 0 <= k < len(clusters) else None
                g = None if g is None or g < 0 else g
                rows.append(
                    {
                        "article": a,
                        "article_id": name,
                        "entity": g,
                        "canonical": None if g is None else entities[g]["canonical"],
                        "label": m.label,
                        "text": m.text,
                        "start": m.start_char,
                        "end": m.end_char,
                        "cluster": k,
                        "in_boilerplate": m.in_boilerplate,
                    }
                )
        return _table(rows, COLUMNS["mentions"])

    def _global(self, article: int, cluster: Optional[int]) -> Optional[int]:
        clusters = self.link()["cluster_entity"][article]
        if cluster is None or not 0 <= cluster < len(clusters) or clusters[cluster] < 0:
            return None
        return int(clusters[cluster])

    def quotes(self) -> Any:
        """One row per statement: direct quotation or reported speech.

        Columns: ``article``, ``article_id``, ``speaker`` (global canonical name, None
        when unattributed), ``entity`` (global id of the speaker), ``text`` (the quoted
        words, or the reported clause), ``direct`` (False for reported speech), ``cue``
        (None when the quote has none), ``start``, ``end``, ``in_boilerplate``.
        """
        entities = self.link()["entities"]
        rows: List[Dict[str, Any]] = []
        for a, (name, quotes) in enumerate(zip(self._ids, self._quotes)):
            for q in quotes:
                g = self._global(a, q.speaker_cluster)
                rows.append(
                    {
                        "article": a,
                        "article_id": name,
                        "speaker": None if g is None else entities[g]["canonical"],
                        "entity": g,
                        "text": q.text,
                        "direct": q.direct,
                        "cue": q.cue,
                        "start": q.start_char,
                        "end": q.end_char,
                        "in_boilerplate": q.in_boilerplate,
                    }
                )
        return _table(rows, COLUMNS["quotes"])

    def roles(self) -> Any:
        """One row per (person, role, organisation-or-place) record.

        Columns: ``article``, ``article_id``, ``person`` (global canonical), ``entity``
        (global id of the person), ``role``, ``org`` (global canonical of the
        organisation when linked, else as written or the country of a demonym),
        ``org_entity``, ``pattern``, ``count`` (how often the article states it; one row
        per (person, role, organisation) per article), ``start``, ``end``.
        """
        entities = self.link()["entities"]
        rows: List[Dict[str, Any]] = []
        for a, (name, roles) in enumerate(zip(self._ids, self._roles)):
            for r in roles:
                g = self._global(a, r.person_cluster)
                o = self._global(a, r.org_cluster)
                rows.append(
                    {
                        "article": a,
                        "article_id": name,
                        "person": r.person if g is None else entities[g]["canonical"],
                        "entity": g,
                        "role": r.role,
                        "org": r.org if o is None else entities[o]["canonical"],
                        "org_entity": o,
                        "pattern": r.pattern,
                        "count": r.count,
                        "start": r.start_char,
                        "end": r.end_char,
                    }
                )
        return _table(rows, COLUMNS["roles"])

    def dates(self, kind: Optional[str] = None) -> Any:
        """One row per DATE or TIME entity: ``article``, ``article_id``, ``label``, ``text``,
        ``value`` (the TIMEX3 value, ISO 8601 where it can be, or None), ``kind`` (``point``,
        ``duration``, ``set``, ``range``), ``first_day`` and ``last_day`` of the period it names
        (ISO dates, or None), ``anchor`` (``document``, ``text``, ``none``), ``start``, ``end``
        (code points in the article text). ``kind="duration"`` keeps only durations."""
        if kind is not None and kind not in ("point", "duration", "set", "range"):
            raise ValueError(f"kind must be 'point', 'duration', 'set' or 'range', not {kind!r}")
        rows = [
            {"article": a, "article_id": name, **d}
            for a, (name, dates) in enumerate(zip(self._ids, self._dates))
            for d in dates
            if kind is None or d["kind"] == kind
        ]
        return _table(rows, COLUMNS["dates"])

    def claims(self) -> Any:
        """One row per (article, subject entity, predicate, value): a date, time, amount of
        money, percentage, quantity, number or rank that a clause ties to an entity.

        Columns: ``article``, ``article_id``, ``subject`` (global canonical name),
        ``entity`` (its global id), ``predicate`` (the event class of the word that governs
        the value, usually the nearest one in its clause: ``announce``, ``order``, ``rise``,
        ... :data:`byline.claims.PREDICATES`; None when none), ``label``, ``text``, ``value``
        (the normalised value), ``start``, ``end`` (code points), ``sentence``. The rules
        are in :mod:`byline.claims` (C++: byline/claims.h).
        """
        return _table(self._c.claims(), COLUMNS["claims"])

    def disagreements(self) -> Any:
        """Where articles disagree: the claims about one subject and predicate (and kind of
        value) from two or more articles whose values cannot all be true.

        One row per claim of such a group, with ``group`` (a number per group), ``subject``,
        ``predicate``, ``article_id``, ``label``, ``text``, ``value``, ``conflicts_with``
        (the ids of the articles whose values contradict this one) and ``sentence``.
        Claims without a predicate or a global subject are not compared.
        """
        return _table(self._c.disagreements(), COLUMNS["disagreements"])

    def matrix(self) -> Any:
        """Article × global entity mention counts: a DataFrame indexed by article id with one column
        per entity canonical name (pandas), or a NumPy int64 array of shape (articles, entities)."""
        entities = self.link()["entities"]
        counts = np.zeros((len(self._ids), len(entities)), dtype=np.int64)
        for e in entities:
            for a, n in zip(e["articles"], e["counts"]):
                counts[a, e["id"]] = n
        try:
            import pandas as pd
        except ImportError:
            return counts
        columns = pd.MultiIndex.from_tuples(
            [(e["label"], e["canonical"]) for e in entities], names=["label", "canonical"]
        )
        return pd.DataFrame(counts, index=pd.Index(self._ids, name="article_id"), columns=columns)

    def cooccurrence(self, level: str = "sentence", min_count: int = 1) -> Any:
        """Pairs of global entities named together, outside boilerplate.

        ``level`` is ``"sentence"`` (count the sentences naming both) or ``"article"``
        (count the articles naming both). Columns: ``entity_a``, ``entity_b`` (global
        ids, a < b), ``canonical_a``, ``canonical_b``, ``label_a``, ``label_b``,
        ``count``, ``articles`` (ids of the articles where the pair occurs); sorted by
        count, descending, then ids. ValueError for another level or min_count < 1.
        """
        if level not in ("sentence", "article"):
            raise ValueError(f"level must be 'sentence' or 'article', not {level!r}")
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be an int >= 1, not {min_count!r}")
        link = self.link()
        entities = link["entities"]
        counts: Dict[tuple, int] = {}
        where: Dict[tuple, List[int]] = {}
        for a, mentions in enumerate(self._mentions):
            clusters = link["cluster_entity"][a]
            starts = self._sentence_starts[a]
            groups: Dict[int, set] = {}
            for m in mentions:
                k = m.cluster
                if m.in_boilerplate or k is None or not 0 <= k < len(clusters) or clusters[k] < 0:
                    continue
                unit = int(np.searchsorted(starts, m.start_char, side="right")) - 1 if level == "sentence" else 0
                groups.setdefault(unit, set()).add(int(clusters[k]))
            seen_here = set()
            for ids in groups.values():
                ordered = sorted(ids)
                for i, x in enumerate(ordered):
                    for y in ordered[i + 1 :]:
                        counts[(x, y)] = counts.get((x, y), 0) + 1
                        if (x, y) not in seen_here:
                            seen_here.add((x, y))
                            where.setdefault((x, y), []).append(a)
        rows = [
            {
                "entity_a": x,
                "entity_b": y,
                "canonical_a": entities[x]["canonical"],
                "canonical_b": entities[y]["canonical"],
                "label_a": entities[x]["label"],
                "label_b": entities[y]["label"],
                "count": n,
                "articles": [self._ids[a] for a in where[(x, y)]],
            }
            for (x, y), n in counts.items()
            if n >= min_count
        ]
        rows.sort(key=lambda r: (-r["count"], r["entity_a"], r["entity_b"]))
        return _table(rows, COLUMNS["cooccurrence"])

    def near_duplicates(self, threshold: float = 0.5) -> Any:
        """Pairs of articles with estimated Jaccard similarity >= ``threshold``.

        Columns: ``a``, ``b`` (indices, a < b), ``id_a``, ``id_b``, ``similarity``;
        sorted by (a, b). Candidates come from LSH, so pairs far below the band
        threshold (about 0.42 with the defaults) can be missed. TypeError when
        ``threshold`` is not a number, ValueError when it is NaN.
        """
        rows = [
            {"a": a, "b": b, "id_a": self._ids[a], "id_b": self._ids[b], "similarity": s}
            for a, b, s in self._c.near_duplicates(_number("threshold", threshold))
        ]
        return _table(rows, COLUMNS["near_duplicates"])

    def duplicate_clusters(self, threshold: float = 0.5) -> List[List[str]]:
        """Groups of >= 2 article ids connected by near-duplicate pairs (rewrites of one story)."""
        return [[self._ids[i] for i in group] for group in self._c.duplicate_clusters(_number("threshold", threshold))]

    def similarity(self, i: int, j: int) -> float:
        """Estimated Jaccard similarity of articles ``i`` and ``j`` (IndexError when out of range)."""
        for k in (i, j):
            if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
                raise TypeError(f"article indices must be ints, not {type(k).__name__}")
            if not 0 <= k < len(self):
                raise IndexError(f"article index {k} out of range for a Corpus of {len(self)} articles")
        return float(self._c.similarity(int(i), int(j)))

    def similarity_matrix(self) -> np.ndarray:
        """All pairwise similarities as a float64 array of shape (n, n) (O(n²): small corpora)."""
        return np.asarray(self._c.similarity_matrix())

    def __repr__(self) -> str:
        return f"<byline.Corpus {len(self)} articles>"
