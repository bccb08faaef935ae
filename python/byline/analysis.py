"""Article analysis: :class:`Analysis` with quotes, entity clusters, roles and boilerplate.

The C++ ``Analyzer`` (``byline/analysis.h``) reads a processed :class:`byline.Doc` and
finds, without changing the Doc::

    >>> nlp = byline.load()
    >>> a = nlp.analyze(text)                       # or byline.analyze(nlp(text))
    >>> [(q.text[:28], q.speaker, q.cue) for q in a.quotes]
    [('China is a partner of Russia', 'Alexander Vedyakhin', 'said'), ...]
    >>> [(c.canonical, c.label, len(c.mentions)) for c in a.clusters]
    [('Alexander Vedyakhin', 'PERSON', 6), ...]
    >>> [(r.person, r.role, r.org) for r in a.roles]
    [('Vladimir Putin', 'President', 'Russia'), ...]
    >>> [(b.kind, b.text[:20]) for b in a.boilerplate]
    [('share', 'Share Story:'), ...]

* **boilerplate**: regions that are not article content (share widgets, reading
  lists, promotional paragraphs, ``Source:`` lines, image credits); nothing is deleted;
* **mentions** and **clusters**: mentions of one entity within the article share a
  cluster with a canonical name (``Putin`` -> ``Vladimir Putin``; ``US`` -> ``United States``);
  :meth:`Analysis.canonical` gives it per entity of ``doc.ents``;
* **roles**: ``(person, role, organisation-or-place)`` from ``Russian President Vladimir
  Putin`` or ``Alexander Vedyakhin, Sberbank’s first deputy CEO``;
* **quotes**: direct quotations with the speaker (canonical name, or None when
  unattributed) and the cue (``said``, ``told``, ``according to``, ``he said`` ...).

Offsets ``start``/``end`` are code-point offsets (Python ``str`` indices into
``doc.text``), half-open. The rules and the JSON form are documented in docs/analysis.md.

THREAD SAFETY: analysis objects are immutable; the analyzer is shared and thread-safe.
"""

from __future__ import annotations

import json
from functools import lru_cache
from itertools import islice
from typing import Any, Dict, Iterable, Iterator, List, Optional

from byline import _core
from byline.doc import Doc, Entity, Span

__all__ = ["Analysis", "Boilerplate", "Cluster", "Mention", "Quote", "Role", "analyze"]


@lru_cache(maxsize=1)
def default_analyzer() -> _core.Analyzer:
    """The shared analyzer with the built-in alias table (immutable, thread-safe)."""
    return _core.Analyzer()


class _Record:
    """Base of the small read-only result records: attributes from a dict, equality, repr."""

    __slots__ = ()
    _repr_fields: tuple = ()

    def _set(self, **values: Any) -> None:
        for k, v in values.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def to_dict(self) -> Dict[str, Any]:
        """The record as a plain dict (JSON types only)."""
        return {k: getattr(self, k) for k in self.__slots__ if not k.startswith("_")}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._repr_fields)
        return f"{type(self).__name__}({fields})"


class Quote(_Record):
    """A direct quotation: ``text`` between the outer quote marks, ``start``/``end`` its offsets."""

    __slots__ = (
        "text",
        "start",
        "end",
        "speaker",
        "cluster",
        "cue",
        "cue_start",
        "cue_end",
        "paragraphs",
        "in_boilerplate",
    )
    _repr_fields = ("text", "speaker", "cue")
    text: str
    """The quoted text (quote marks excluded)."""
    start: int
    """Code-point offset of the quoted text in ``doc.text``."""
    end: int
    """Code-point offset one past the quoted text."""
    speaker: Optional[str]
    """Canonical name of the speaker's cluster, or None when unattributed."""
    cluster: Optional[int]
    """Index of the speaker's cluster in :attr:`Analysis.clusters`, or None."""
    cue: Optional[str]
    """How the speaker was found: "said", "told", "according to", "he said", "continuation", ... (None if none)."""
    cue_start: int
    """Code-point offset of the cue words (equal to ``cue_end`` when there are none)."""
    cue_end: int
    """Code-point offset one past the cue words."""
    paragraphs: int
    """Number of paragraphs the quote spans."""
    in_boilerplate: bool
    """True when the quote lies in a boilerplate region (then it is not attributed)."""

    def __init__(self, d: Dict[str, Any]) -> None:
        self._set(
            text=d["text"],
            start=d["start"],
            end=d["end"],
            speaker=d["speaker"],
            cluster=d["speaker_cluster"],
            cue=d["cue"],
            cue_start=d["cue_start"],
            cue_end=d["cue_end"],
            paragraphs=d["paragraphs"],
            in_boilerplate=d["in_boilerplate"],
        )


class Mention(_Record):
    """One mention of a named entity (PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW or LANGUAGE) in the article."""

    __slots__ = ("text", "label", "start", "end", "start_token", "end_token", "entity", "cluster", "in_boilerplate")
    _repr_fields = ("text", "label", "cluster")
    text: str
    """Surface text (leading "the" and trailing possessives trimmed)."""
    label: str
    """Label of the mention (may differ from its cluster's)."""
    start: int
    """Code-point offset in ``doc.text``."""
    end: int
    """Code-point offset one past the mention."""
    start_token: int
    """Index of the first token."""
    end_token: int
    """Index one past the last token."""
    entity: Optional[int]
    """Index of the entity in ``doc.ents`` it comes from, or None."""
    cluster: Optional[int]
    """Index of its cluster in :attr:`Analysis.clusters` (None inside boilerplate)."""
    in_boilerplate: bool
    """True when the mention lies in a boilerplate region."""

    def __init__(self, d: Dict[str, Any]) -> None:
        self._set(
            text=d["text"],
            label=d["label"],
            start=d["start"],
            end=d["end"],
            start_token=d["tok_begin"],
            end_token=d["tok_end"],
            entity=d["entity"],
            cluster=d["cluster"],
            in_boilerplate=d["in_boilerplate"],
        )


class Cluster(_Record):
    """The mentions of one entity within an article, with its canonical name."""

    __slots__ = ("id", "label", "canonical", "mentions", "aliases")
    _repr_fields = ("id", "label", "canonical", "aliases")
    id: int
    """Index in :attr:`Analysis.clusters`."""
    label: str
    """The name label: PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW or LANGUAGE."""
    canonical: str
    """The longest proper full form, or the alias-table name ("US" -> "United States")."""
    mentions: List[int]
    """Indices into :attr:`Analysis.mentions`, in text order."""
    aliases: List[str]
    """Distinct surface forms, in first-seen order."""

    def __init__(self, d: Dict[str, Any]) -> None:
        self._set(
            id=d["id"],
            label=d["label"],
            canonical=d["canonical"],
            mentions=list(d["mentions"]),
            aliases=list(d["aliases"]),
        )


class Role(_Record):
    """A (person, role, organisation-or-place) record, e.g. ("German Gref", "CEO", "Sberbank")."""

    __slots__ = ("person", "role", "org", "person_cluster", "org_cluster", "pattern", "start", "end")
    _repr_fields = ("person", "role", "org")
    person: Optional[str]
    """Canonical name of the person's cluster."""
    role: str
    """The role as written, e.g. "first deputy CEO"."""
    org: Optional[str]
    """Organisation or place (cluster canonical, or the country of a demonym), or None."""
    person_cluster: Optional[int]
    """Index of the person's cluster."""
    org_cluster: Optional[int]
    """Index of the organisation's cluster, or None."""
    pattern: str
    """"premodifier" (``Sberbank CEO German Gref``) or "appositive" (``Gref, Sberbank’s CEO``)."""
    start: int
    """Code-point offset of the whole pattern."""
    end: int
    """Code-point offset one past the pattern."""

    def __init__(self, d: Dict[str, Any]) -> None:
        self._set(
            person=d["person"],
            role=d["role"],
            org=d["org"],
            person_cluster=d["person_cluster"],
            org_cluster=d["org_cluster"],
            pattern=d["pattern"],
            start=d["start"],
            end=d["end"],
        )


class Boilerplate(_Record):
    """A region of the text that is not article content (kept in the text; offsets stay valid)."""

    __slots__ = ("kind", "start", "end", "start_token", "end_token", "text")
    _repr_fields = ("kind", "start", "end")
    kind: str
    """"share", "reading_list", "promo", "source" or "credit"."""
    start: int
    """Code-point offset of the region."""
    end: int
    """Code-point offset one past the region."""
    start_token: int
    """Index of the first token."""
    end_token: int
    """Index one past the last token."""
    text: str
    """The text of the region."""

    def __init__(self, d: Dict[str, Any], text: str) -> None:
        self._set(
            kind=d["kind"],
            start=d["start"],
            end=d["end"],
            start_token=d["tok_begin"],
            end_token=d["tok_end"],
            text=text[d["start"] : d["end"]],
        )


class Analysis:
    """The analysis of one article: its :class:`byline.Doc` plus quotes, clusters, roles and boilerplate.

    Made by :meth:`byline.Pipeline.analyze` or :func:`byline.analyze`. Lists are built
    once, on first access.
    """

    __slots__ = ("doc", "_c", "_cache")

    def __init__(self, doc: Doc, core: _core.ArticleAnalysis) -> None:
        self.doc = doc
        """The analysed document."""
        self._c = core
        self._cache: Dict[str, Any] = {}

    def _list(self, name: str) -> Any:
        value = self._cache.get(name)
        if value is None:
            c = self._c
            if name == "quotes":
                value = [Quote(d) for d in c.quotes()]
            elif name == "mentions":
                value = [Mention(d) for d in c.mentions()]
            elif name == "clusters":
                value = [Cluster(d) for d in c.clusters()]
            elif name == "roles":
                value = [Role(d) for d in c.roles()]
            else:
                text = self.doc.text
                value = [Boilerplate(d, text) for d in c.boilerplate()]
            self._cache[name] = value
        return value

    @property
    def quotes(self) -> List[Quote]:
        """Direct quotations in text order, with speakers (None when unattributed)."""
        return list(self._list("quotes"))

    @property
    def mentions(self) -> List[Mention]:
        """Mentions of named entities in text order."""
        return list(self._list("mentions"))

    @property
    def clusters(self) -> List[Cluster]:
        """Within-article entity clusters (index = :attr:`Cluster.id`)."""
        return list(self._list("clusters"))

    @property
    def roles(self) -> List[Role]:
        """(person, role, organisation-or-place) records."""
        return list(self._list("roles"))

    @property
    def boilerplate(self) -> List[Boilerplate]:
        """Regions that are not article content."""
        return list(self._list("boilerplate"))

    def cluster_of(self, ent: Entity) -> Optional[Cluster]:
        """The cluster of an entity of ``doc.ents`` (None when it is not linked, e.g. a DATE)."""
        index = self._entity_index(ent)
        if index is None:
            return None
        k = self._c.entity_clusters()[index]
        return None if k < 0 else self._list("clusters")[k]

    def canonical(self, ent: Entity) -> Optional[str]:
        """The canonical name of an entity of ``doc.ents`` (None when it is not linked)."""
        cluster = self.cluster_of(ent)
        return None if cluster is None else cluster.canonical

    def _entity_index(self, ent: Entity) -> Optional[int]:
        if not isinstance(ent, Span):
            raise TypeError(f"expected an entity of analysis.doc.ents, not {type(ent).__name__}")
        if ent.doc is not self.doc:
            raise ValueError("the entity belongs to another Doc")
        for i, (b, e, label, *_rest) in enumerate(self.doc._c.entities()):
            if (b, e, label) == (ent.start, ent.end, ent.label_):
                return i
        return None

    def is_boilerplate(self, token: int) -> bool:
        """True when token index ``token`` lies in a boilerplate region."""
        return bool(self._c.is_boilerplate_token(token))

    def to_json(self) -> str:
        """The analysis as one JSON object, schema ``byline.analysis/1`` (docs/analysis.md)."""
        return str(self._c.to_json())

    def to_dict(self) -> Dict[str, Any]:
        """The JSON form (``byline.analysis/1``) as a Python dict."""
        result: Dict[str, Any] = json.loads(self._c.to_json())
        return result

    def article_json(self, indent: Optional[int] = None) -> str:
        """The document and its analysis as one JSON object, schema ``byline.article/1``.

        The ``byline.doc/1`` object of :attr:`doc` whose entities also carry ``cluster``
        and ``canonical``, plus ``boilerplate``, ``mentions``, ``clusters``, ``roles`` and
        ``quotes`` (docs/analysis.md). ``indent=None`` gives one line (JSON Lines).
        """
        return str(_core.article_to_json(self.doc._c, self._c, indent))

    def __repr__(self) -> str:
        return (
            f"<byline.Analysis {len(self._list('clusters'))} clusters, {len(self._list('quotes'))} quotes, "
            f"{len(self._list('roles'))} roles, {len(self._list('boilerplate'))} boilerplate regions>"
        )


def analyze(doc: Doc) -> Analysis:
    """Analyse a processed :class:`byline.Doc` (with entities, e.g. from ``nlp(text)``); GIL released."""
    return analyze_doc(doc)


def analyze_doc(doc: Doc) -> Analysis:
    """Implementation of :func:`analyze` (shared with :meth:`byline.Pipeline.analyze`)."""
    if not isinstance(doc, Doc):
        raise TypeError(f"analyze() expects a byline.Doc, not {type(doc).__name__}; use nlp.analyze(text)")
    return Analysis(doc, default_analyzer().analyze(doc._c))


def _analyze_stream(docs: Iterable[Doc], threads: int, batch_size: int) -> Iterator[Analysis]:
    it = iter(docs)
    analyzer = default_analyzer()
    while True:
        batch = list(islice(it, batch_size))
        if not batch:
            return
        cores = analyzer.analyze_batch([d._c for d in batch], threads)
        yield from (Analysis(d, c) for d, c in zip(batch, cores))
