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

The records are read-only views of the C++ results (``byline/analysis.h``): their fields
name their unit (``start_char``/``end_char`` are code-point offsets, Python ``str``
indices into ``doc.text``; ``start_token``/``end_token`` token indices; ``start_byte``/
``end_byte`` UTF-8 offsets; all half-open), and ``to_dict()`` gives the record's JSON
object exactly as the C++ writer makes it. The rules and the JSON form are documented
in docs/analysis.md.

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


@lru_cache(maxsize=2)
def default_analyzer(speech_only: bool = True) -> _core.Analyzer:
    """The shared analyzer with the built-in alias table (immutable, thread-safe);
    ``speech_only=False`` also lists scare quotes and titles in quotation marks."""
    return _core.Analyzer(speech_only=speech_only)


Quote = _core.Quote
Mention = _core.Mention
Cluster = _core.Cluster
Role = _core.Role
Boilerplate = _core.Boilerplate


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
            value = getattr(self._c, name)()
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


def analyze(doc: Doc, *, speech_only: bool = True) -> Analysis:
    """Analyse a processed :class:`byline.Doc` (with entities, e.g. from ``nlp(text)``); GIL released.

    ``quotes`` lists direct quotations and reported speech (``Quote.direct``); with
    ``speech_only=False`` also the quoted words that are not speech (``Quote.kind``
    ``"scare"`` or ``"title"``)."""
    return analyze_doc(doc, speech_only=speech_only)


def analyze_doc(doc: Doc, speech_only: bool = True) -> Analysis:
    """Implementation of :func:`analyze` (shared with :meth:`byline.Pipeline.analyze`)."""
    if not isinstance(doc, Doc):
        raise TypeError(f"analyze() expects a byline.Doc, not {type(doc).__name__}; use nlp.analyze(text)")
    if not isinstance(speech_only, bool):
        raise TypeError(f"speech_only must be a bool, not {type(speech_only).__name__}")
    return Analysis(doc, default_analyzer(speech_only).analyze(doc._c))


def _analyze_stream(docs: Iterable[Doc], threads: int, batch_size: int) -> Iterator[Analysis]:
    it = iter(docs)
    analyzer = default_analyzer()
    while True:
        batch = list(islice(it, batch_size))
        if not batch:
            return
        cores = analyzer.analyze_batch([d._c for d in batch], threads)
        yield from (Analysis(d, c) for d, c in zip(batch, cores))
