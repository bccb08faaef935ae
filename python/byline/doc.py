"""Python views over a tokenized document: :class:`Doc`, :class:`Token`, :class:`Span`.

A :class:`Doc` wraps the compiled ``byline._core.Doc``, which stores annotations as
C++ columns. :class:`Token` and :class:`Span` are light views (a document plus
indices) made on demand; nothing is copied per token until you ask for it. For bulk
work use the NumPy accessors, which never create one Python object per token::

    >>> doc = byline.tokenize("Putin’s directive, published on Dec. 30.")
    >>> [t.text for t in doc][:3]
    ['Putin', '’s', 'directive']
    >>> doc.token_offsets()[:2]            # (n, 2) int64, Python str indices
    array([[0, 5],
           [5, 7]])

Offsets: names say their unit. ``start_char``/``end_char`` (and ``Token.idx``) are
code-point offsets, i.e. Python ``str`` indices into ``doc.text``; ``start_byte``/
``end_byte`` are UTF-8 byte offsets; a :class:`Span`'s ``start``/``end`` are token
indices, as in spaCy (the analysis records say ``start_token``/``end_token``). All
ranges are half-open. Serialised forms (JSON, CSV, Parquet, DataFrames) keep code points
in ``start``/``end`` and token ranges under ``tokens`` (docs/schema.md).

Losslessness: every character of ``doc.text`` belongs either to a token or to the
separator after one (``Token.whitespace_``), except separators before the first token
(``Doc.leading_whitespace_``)::

    doc.leading_whitespace_ + "".join(t.text + t.whitespace_ for t in doc) == doc.text

THREAD SAFETY: a Doc is immutable apart from :meth:`Doc.set_meta`; reading from many
threads is safe.
"""

from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union, overload

import numpy as np

from byline import _core

__all__ = ["Doc", "Entity", "Span", "Token", "TOKEN_KINDS"]

#: Names of the token kinds; ``doc.token_kinds()`` holds indices into this tuple.
TOKEN_KINDS: Tuple[str, ...] = tuple(_core.TOKEN_KINDS)

_SPACE_AFTER = _core.SPACE_AFTER
_SENT_START = _core.SENT_START
_PARA_START = _core.PARA_START

# Number words of Token.like_num: spaCy's English lists (spacy/lang/en/lex_attrs.py).
_NUM_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "billion trillion quadrillion quintillion sextillion septillion octillion nonillion decillion gajillion "
    "bazillion".split()
)
_ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth "
    "seventieth eightieth ninetieth hundredth thousandth millionth billionth trillionth quadrillionth "
    "quintillionth sextillionth septillionth octillionth nonillionth decillionth gajillionth bazillionth".split()
)


def _like_num(text: str) -> bool:
    """spaCy's English ``like_num``: digits (with , . and a leading + - ± ~), a fraction
    like 1/2, a number word, an ordinal word, or digits with st/nd/rd/th."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    lower = text.lower()
    if lower in _NUM_WORDS or lower in _ORDINAL_WORDS:
        return True
    return lower.endswith(("st", "nd", "rd", "th")) and lower[:-2].isdigit()


class Doc:
    """A tokenized document: the text plus tokens, sentences, paragraphs and entities.

    Make one with :func:`byline.tokenize`, :meth:`byline.Tokenizer.tokenize` or
    :meth:`Doc.from_json`. ``len(doc)`` is the number of tokens; ``doc[i]`` is a
    :class:`Token` (negative indices allowed); ``doc[a:b]`` is a :class:`Span`.
    Docs compare equal when their JSON forms are equal, and pickle through JSON.
    """

    __slots__ = ("_c", "_text", "_cols", "_bytes", "_sent_ranges", "_ent_tags", "__weakref__")

    def __init__(self, core: _core.Doc, text: Optional[str] = None) -> None:
        """Wrap a compiled ``byline._core.Doc``.

        ``text`` may pass the original ``str`` the document was made from, to avoid
        decoding it again; it must equal ``core.text``. Users normally do not call
        this directly.
        """
        if not isinstance(core, _core.Doc):
            raise TypeError(f"Doc() expects a byline._core.Doc, not {type(core).__name__}; use byline.tokenize()")
        self._c = core
        self._text = text
        self._cols: Optional[Tuple[List[int], List[int], List[int], List[int]]] = None
        self._bytes: Optional[Tuple[List[int], List[int]]] = None
        self._sent_ranges: Optional[List[List[int]]] = None
        self._ent_tags: Optional[Tuple[List[str], List[str]]] = None

    # ------------------------------------------------------------------ internals
    def _columns(self) -> Tuple[List[int], List[int], List[int], List[int]]:
        """(char starts, char ends, flags, kinds) as Python lists, built once on first use."""
        cols = self._cols
        if cols is None:
            offsets = self._c.token_offsets("char")
            cols = (
                offsets[:, 0].tolist(),
                offsets[:, 1].tolist(),
                self._c.token_flags().tolist(),
                self._c.token_kinds().tolist(),
            )
            self._cols = cols
        return cols

    def _sentence_list(self) -> List[List[int]]:
        ranges = self._sent_ranges
        if ranges is None:
            ranges = self._c.sentences().tolist()
            self._sent_ranges = ranges
        return ranges

    def _entity_tags(self) -> Tuple[List[str], List[str]]:
        """(entity label or "", IOB tag "B"/"I"/"O") per token, built once on first use."""
        tags = self._ent_tags
        if tags is None:
            n = len(self._c)
            labels, iob = [""] * n, ["O"] * n
            for b, e, label, *_ in self._c.entities():
                for i in range(b, e):
                    labels[i], iob[i] = label, "I"
                if b < e:
                    iob[b] = "B"
            tags = (labels, iob)
            self._ent_tags = tags
        return tags

    def _byte_columns(self) -> Tuple[List[int], List[int]]:
        cols = self._bytes
        if cols is None:
            offsets = self._c.token_offsets("byte")
            cols = (offsets[:, 0].tolist(), offsets[:, 1].tolist())
            self._bytes = cols
        return cols

    def _index(self, i: int) -> int:
        n = len(self._c)
        if not isinstance(i, (int, np.integer)) or isinstance(i, bool):
            raise TypeError(f"token indices must be integers or slices, not {type(i).__name__}")
        j = int(i)
        if j < 0:
            j += n
        if not 0 <= j < n:
            raise IndexError(f"token index {i} out of range for a Doc of {n} tokens")
        return j

    def _spans(self, ranges: np.ndarray) -> List[Span]:
        return [Span(self, a, b) for a, b in ranges.tolist()]

    # ------------------------------------------------------------------ text and tokens
    @property
    def text(self) -> str:
        """The document text (after U+FFFD replacement when ``utf8_replaced``)."""
        if self._text is None:
            self._text = self._c.text
        return self._text

    @property
    def leading_whitespace_(self) -> str:
        """Separator characters before the first token (the whole text if there is none)."""
        starts = self._columns()[0]
        return self.text[: starts[0]] if starts else self.text

    def __len__(self) -> int:
        """Number of tokens."""
        return len(self._c)

    def __iter__(self) -> Iterator[Token]:
        """Iterate over the tokens as :class:`Token` views."""
        for i in range(len(self._c)):
            yield Token(self, i)

    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> Span: ...

    def __getitem__(self, key: Union[int, slice]) -> Union[Token, Span]:
        """``doc[i]`` -> Token (IndexError when out of range); ``doc[a:b]`` -> Span (step must be 1)."""
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self._c))
            if step != 1:
                raise ValueError("Doc slices must have step 1")
            return Span(self, start, max(start, stop))
        return Token(self, self._index(key))

    @property
    def tokens(self) -> List[Token]:
        """All tokens as a list of :class:`Token`."""
        return [Token(self, i) for i in range(len(self._c))]

    @property
    def sents(self) -> List[Span]:
        """Sentences as a list of :class:`Span` (one span over everything if splitting is off)."""
        return [Span(self, a, b) for a, b in self._sentence_list()]

    @property
    def paragraphs(self) -> List[Span]:
        """Paragraphs (separated by blank lines) as a list of :class:`Span`."""
        return self._spans(self._c.paragraphs())

    @property
    def ents(self) -> List[Entity]:
        """Entities as :class:`Entity` spans with ``label_``, ``score``, ``source`` and ``value``."""
        return [
            Entity(self, b, e, label, score=score, source=source, value_json=value)
            for b, e, label, score, source, value in self._c.entities()
        ]

    @property
    def meta(self) -> Dict[str, str]:
        """A copy of the document metadata (str to str). Change it with :meth:`set_meta`."""
        return self._c.meta

    def set_meta(self, key: str, value: str) -> None:
        """Set one metadata entry (kept in the JSON form, e.g. ``"path"``).

        A lone surrogate (a file name that is not UTF-8, read with surrogateescape) is
        kept as a backslash escape (``a\\udcff.txt``); TypeError for a key or value that
        is not a str."""
        from byline.articles import _utf8_safe

        for what, s in (("keys", key), ("values", value)):
            if not isinstance(s, str):
                raise TypeError(f"meta {what} must be str, not {type(s).__name__}")
        self._c.set_meta(_utf8_safe(key), _utf8_safe(value))

    @property
    def utf8_replaced(self) -> bool:
        """True when invalid UTF-8 (or lone surrogates) in the input was replaced by U+FFFD."""
        return self._c.utf8_replaced

    # ------------------------------------------------------------------ bulk NumPy accessors
    def token_offsets(self, unit: str = "char") -> np.ndarray:
        """Token offsets as an int64 array of shape (n, 2): ``[start, end)`` per token.

        ``unit="char"`` gives Python ``str`` indices, ``unit="byte"`` UTF-8 offsets.
        """
        return self._c.token_offsets(unit)

    def token_kinds(self) -> np.ndarray:
        """Token kinds as a uint8 array of length n; names in :data:`byline.TOKEN_KINDS`."""
        return self._c.token_kinds()

    def space_after(self) -> np.ndarray:
        """Bool array of length n: True where a separator follows the token."""
        return self._c.space_after()

    def sentence_offsets(self, unit: str = "char") -> np.ndarray:
        """Sentence offsets as an int64 array of shape (m, 2), in ``"char"`` or ``"byte"`` units."""
        return self._c.sentence_offsets(unit)

    def paragraph_offsets(self, unit: str = "char") -> np.ndarray:
        """Paragraph offsets as an int64 array of shape (m, 2), in ``"char"`` or ``"byte"`` units."""
        return self._c.paragraph_offsets(unit)

    def sentence_ranges(self) -> np.ndarray:
        """Sentences as token index ranges, int64 array of shape (m, 2)."""
        return self._c.sentences()

    def paragraph_ranges(self) -> np.ndarray:
        """Paragraphs as token index ranges, int64 array of shape (m, 2)."""
        return self._c.paragraphs()

    # ------------------------------------------------------------------ serialisation
    def to_json(self, indent: Optional[int] = None) -> str:
        """Serialise to JSON following schema ``byline.doc/1`` (``indent=None``: one line)."""
        return self._c.to_json(indent)

    @classmethod
    def from_json(cls, data: Union[str, bytes]) -> Doc:
        """Parse a ``byline.doc/1`` JSON document; raises :class:`byline.FormatError` if invalid."""
        return cls(_core.Doc.from_json(data))

    def to_dict(self) -> Dict[str, Any]:
        """The JSON form as a Python dict."""
        result: Dict[str, Any] = json.loads(self._c.to_json(None))
        return result

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (_doc_from_json, (self._c.to_json(None),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Doc):
            return NotImplemented
        return self is other or self._c.to_json(None) == other._c.to_json(None)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        text = self.text
        preview = text if len(text) <= 40 else text[:37] + "..."
        return f"<byline.Doc {len(self)} tokens, {len(text)} chars: {preview!r}>"

    def _repr_html_(self) -> str:
        """Jupyter display: the text with entities highlighted and a legend (see :mod:`byline.render`)."""
        from byline.render import doc_html

        return doc_html(self)

    def to_spacy(self, vocab_or_nlp: Any = None) -> Any:
        """The document as a ``spacy.tokens.Doc`` with the same text, tokens and entities.

        ``vocab_or_nlp`` is a spaCy ``Vocab`` or ``Language`` (e.g. ``spacy.blank("en")``);
        None makes a new empty Vocab. Needs spaCy (``pip install spacy``); see
        :func:`byline.spacy_interop.to_spacy` for how separators and entities map.
        """
        from byline.spacy_interop import to_spacy

        return to_spacy(self, vocab_or_nlp)


def _doc_from_json(data: str) -> Doc:
    """Unpickling helper."""
    return Doc.from_json(data)


class Token:
    """One token of a :class:`Doc`: a view holding the document and the token index ``i``."""

    __slots__ = ("doc", "i")

    def __init__(self, doc: Doc, i: int) -> None:
        self.doc = doc
        """The document the token belongs to."""
        self.i = i
        """Index of the token in the document."""

    @property
    def text(self) -> str:
        """The token text, ``doc.text[start_char:end_char]``."""
        starts, ends = self.doc._columns()[:2]
        return self.doc.text[starts[self.i] : ends[self.i]]

    @property
    def start_char(self) -> int:
        """Code-point offset of the first character (a Python ``str`` index)."""
        return self.doc._columns()[0][self.i]

    @property
    def end_char(self) -> int:
        """Code-point offset one past the last character."""
        return self.doc._columns()[1][self.i]

    @property
    def idx(self) -> int:
        """Same as :attr:`start_char` (spaCy's name)."""
        return self.doc._columns()[0][self.i]

    @property
    def start_byte(self) -> int:
        """UTF-8 byte offset of the token start."""
        return self.doc._byte_columns()[0][self.i]

    @property
    def end_byte(self) -> int:
        """UTF-8 byte offset one past the token end."""
        return self.doc._byte_columns()[1][self.i]

    @property
    def kind(self) -> str:
        """Coarse token class: one of :data:`byline.TOKEN_KINDS` ("word", "number", ...)."""
        return TOKEN_KINDS[self.doc._columns()[3][self.i]]

    @property
    def whitespace_(self) -> str:
        """The separator text after the token, up to the next token or the end of the text."""
        starts, ends = self.doc._columns()[:2]
        nxt = starts[self.i + 1] if self.i + 1 < len(starts) else None
        return self.doc.text[ends[self.i] : nxt]

    @property
    def text_with_ws(self) -> str:
        """``text + whitespace_``."""
        return self.text + self.whitespace_

    @property
    def space_after(self) -> bool:
        """True when a separator follows the token."""
        return bool(self.doc._columns()[2][self.i] & _SPACE_AFTER)

    @property
    def is_sent_start(self) -> bool:
        """True for the first token of a sentence."""
        return bool(self.doc._columns()[2][self.i] & _SENT_START)

    @property
    def is_para_start(self) -> bool:
        """True for the first token of a paragraph."""
        return bool(self.doc._columns()[2][self.i] & _PARA_START)

    @property
    def is_punct(self) -> bool:
        """True when every character is Unicode punctuation (category P*), as in spaCy."""
        return all(unicodedata.category(c).startswith("P") for c in self.text)

    @property
    def is_space(self) -> bool:
        """True for a token of whitespace only (spaCy's name). byline keeps whitespace
        between tokens (:attr:`whitespace_`), never as a token, so it is False."""
        return self.text.isspace()

    @property
    def like_num(self) -> bool:
        """True when the token looks like a number, as spaCy's English ``like_num``: digits
        (``10``, ``1,000.5``, ``+3``), a fraction (``1/2``), a number or ordinal word
        (``ten``, ``million``, ``third``) or digits with st/nd/rd/th (``31st``)."""
        return _like_num(self.text)

    @property
    def is_title(self) -> bool:
        """True when the token is title-cased (``str.istitle``: ``Putin``, ``U.S.``)."""
        return self.text.istitle()

    @property
    def ent_type_(self) -> str:
        """The label of the entity the token belongs to (``"PERSON"``), or ``""``."""
        return self.doc._entity_tags()[0][self.i]

    @property
    def ent_iob_(self) -> str:
        """The token's place in an entity, as in spaCy: ``"B"`` (its first token), ``"I"``
        (inside, after the first) or ``"O"`` (outside every entity)."""
        return self.doc._entity_tags()[1][self.i]

    @property
    def sent(self) -> Span:
        """The sentence containing the token."""
        ranges = self.doc._sentence_list()
        k = bisect_right(ranges, [self.i, len(self.doc)]) - 1
        a, b = ranges[k]
        return Span(self.doc, a, b)

    def __len__(self) -> int:
        """Length of the token in code points."""
        starts, ends = self.doc._columns()[:2]
        return ends[self.i] - starts[self.i]

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Token(i={self.i}, text={self.text!r}, kind={self.kind!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return self.doc is other.doc and self.i == other.i

    def __hash__(self) -> int:
        return hash((id(self.doc), self.i))


class Span:
    """A slice of a :class:`Doc`: tokens ``start`` (inclusive) to ``end`` (exclusive)."""

    __slots__ = ("doc", "start", "end", "label_")

    def __init__(self, doc: Doc, start: int, end: int, label: str = "") -> None:
        n = len(doc)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span [{start}, {end}) out of range for a Doc of {n} tokens")
        self.doc = doc
        """The document the span belongs to."""
        self.start = start
        """Index of the first token."""
        self.end = end
        """Index one past the last token."""
        self.label_ = label
        """Entity label ("" for spans that are not entities)."""

    @property
    def label(self) -> str:
        """Alias of ``label_``: the entity label, e.g. ``"PERSON"`` ("" for plain spans)."""
        return self.label_

    @property
    def start_char(self) -> int:
        """Code-point offset where the span starts (``doc.text`` index)."""
        starts = self.doc._columns()[0]
        if self.start < self.end:
            return starts[self.start]
        return starts[self.start] if self.start < len(starts) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        """Code-point offset where the span ends (end of its last token)."""
        if self.start == self.end:
            return self.start_char
        return self.doc._columns()[1][self.end - 1]

    @property
    def text(self) -> str:
        """The span text, from the start of its first token to the end of its last."""
        return self.doc.text[self.start_char : self.end_char]

    @property
    def tokens(self) -> List[Token]:
        """The tokens of the span."""
        return [Token(self.doc, i) for i in range(self.start, self.end)]

    def __len__(self) -> int:
        """Number of tokens."""
        return self.end - self.start

    def __iter__(self) -> Iterator[Token]:
        for i in range(self.start, self.end):
            yield Token(self.doc, i)

    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> Span: ...

    def __getitem__(self, key: Union[int, slice]) -> Union[Token, Span]:
        """``span[i]`` -> Token (relative index); ``span[a:b]`` -> Span (step must be 1)."""
        n = self.end - self.start
        if isinstance(key, slice):
            a, b, step = key.indices(n)
            if step != 1:
                raise ValueError("Span slices must have step 1")
            return Span(self.doc, self.start + a, self.start + max(a, b))
        if not isinstance(key, (int, np.integer)) or isinstance(key, bool):
            raise TypeError(f"span indices must be integers or slices, not {type(key).__name__}")
        j = int(key) + (n if key < 0 else 0)
        if not 0 <= j < n:
            raise IndexError(f"token index {key} out of range for a Span of {n} tokens")
        return Token(self.doc, self.start + j)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        label = f", label_={self.label_!r}" if self.label_ else ""
        return f"Span({self.start}, {self.end}, text={self.text!r}{label})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (
            self.doc is other.doc
            and self.start == other.start
            and self.end == other.end
            and self.label_ == other.label_
        )

    def __hash__(self) -> int:
        return hash((id(self.doc), self.start, self.end, self.label_))


class Entity(Span):
    """An entity: a :class:`Span` with ``label_`` plus ``score``, ``source`` and ``value``."""

    __slots__ = ("score", "source", "_value_json")

    def __init__(
        self,
        doc: Doc,
        start: int,
        end: int,
        label: str,
        *,
        score: float = 1.0,
        source: str = "model",
        value_json: Optional[str] = None,
    ) -> None:
        super().__init__(doc, start, end, label)
        self.score = score
        """Confidence in [0, 1]."""
        self.source = source
        """Where it came from: "model", "pattern", "gazetteer" or "user"."""
        self._value_json = value_json

    @property
    def value(self) -> Any:
        """The normalised value (parsed JSON), or None (docs/entities.md §2)."""
        return None if self._value_json is None else json.loads(self._value_json)

    @property
    def timex(self) -> Optional[str]:
        """DATE and TIME: the TIMEX3 value (``"2024-12-30"``, ``"2025-Q1"``, ``"P3Y"``,
        ``"T19:22Z"``), or None when it has none or for other labels."""
        v = self.value
        return v.get("timex") if isinstance(v, dict) and self.label_ in ("DATE", "TIME") else None

    @property
    def kind(self) -> Optional[str]:
        """DATE and TIME: ``"point"``, ``"duration"``, ``"set"`` or ``"range"`` (durations are
        DATE or TIME by OntoNotes; ask for them by kind); None for other labels."""
        v = self.value
        return v.get("kind") if isinstance(v, dict) and self.label_ in ("DATE", "TIME") else None

    def __repr__(self) -> str:
        return f"Entity({self.start}, {self.end}, text={self.text!r}, label_={self.label_!r}, score={self.score:.3g})"
