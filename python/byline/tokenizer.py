"""The tokenizer front end: :class:`Tokenizer`, :func:`tokenize`, :func:`tokenize_batch`.

All three accept ``str`` (encoded to UTF-8) or ``bytes`` (checked as UTF-8 by the C++
core). With ``errors="strict"`` invalid input raises :class:`byline.EncodingError`
naming the offending byte offset; with ``errors="replace"`` each invalid sequence
(or lone surrogate in a ``str``) becomes U+FFFD and ``doc.utf8_replaced`` is True.

The C++ work runs with the GIL released, so other Python threads keep running, and
:func:`tokenize_batch` spreads a list of texts over a C++ thread pool.

THREAD SAFETY: a Tokenizer is immutable; share one between threads freely.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, List, Tuple, Union

from byline import _core
from byline.doc import Doc

__all__ = ["Tokenizer", "tokenize", "tokenize_batch"]

Text = Union[str, bytes]


def _wrap(core: _core.Doc, source: object) -> Doc:
    # For valid str input the UTF-8 text *is* the input, so keep the str (no decode).
    keep = source if type(source) is str and not core.utf8_replaced else None
    return Doc(core, keep)


_INT_MAX = 2**31 - 1


def _check_c_int(name: str, value: int) -> None:
    """ValueError naming ``name`` when ``value`` does not fit the C int it is passed on as."""
    if value > _INT_MAX:
        raise ValueError(f"{name} must be <= {_INT_MAX}, not {value}")


class Tokenizer:
    """Rule-based, lossless tokenizer and sentence splitter for English news text.

    Args:
        errors: ``"strict"`` (raise :class:`byline.EncodingError` on invalid UTF-8)
            or ``"replace"`` (substitute U+FFFD). Anything else raises ValueError.
        sentences: split sentences and paragraphs; if False the whole text is one
            sentence and one paragraph.
    """

    __slots__ = ("_c",)

    def __init__(self, *, errors: str = "strict", sentences: bool = True) -> None:
        if not isinstance(errors, str):
            raise TypeError(f"errors must be a str, not {type(errors).__name__}")
        self._c = _core.Tokenizer(errors=errors, sentences=bool(sentences))

    @property
    def errors(self) -> str:
        """The UTF-8 error policy, ``"strict"`` or ``"replace"``."""
        return self._c.errors

    @property
    def sentences(self) -> bool:
        """Whether sentences and paragraphs are split."""
        return self._c.sentences

    def tokenize(self, text: Text) -> Doc:
        """Tokenize one ``str`` or ``bytes`` into a :class:`Doc` (GIL released meanwhile)."""
        return _wrap(self._c.tokenize(text), text)

    def tokenize_batch(self, texts: Iterable[Text], threads: int = 0) -> List[Doc]:
        """Tokenize many texts on ``threads`` C++ threads (0 = all cores).

        Returns the Docs in input order. If any text fails, the error of the first
        failing text (by position) is raised. ``threads < 0`` raises ValueError.
        The environment variable ``BYLINE_PARALLELISM=0`` makes ``threads=0`` mean 1.
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError("tokenize_batch() expects an iterable of str/bytes, not a single str/bytes")
        if isinstance(threads, bool) or not isinstance(threads, int):
            raise TypeError(f"threads must be an int, not {type(threads).__name__}")
        _check_c_int("threads", threads)
        items = list(texts)
        cores = self._c.tokenize_batch(items, threads)
        return [_wrap(core, src) for core, src in zip(cores, items)]

    def explain(self, text: Text) -> List[Tuple[str, str]]:
        """The tokens of ``text`` with the rule that produced each, e.g. ``[("do", "SPECIAL"), ...]``."""
        return [tuple(step) for step in self._c.explain(text)]  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Tokenizer(errors={self.errors!r}, sentences={self.sentences!r})"


@lru_cache(maxsize=None)
def _shared(errors: str, sentences: bool) -> Tokenizer:
    return Tokenizer(errors=errors, sentences=sentences)


def _shared_tokenizer(errors: str, sentences: bool) -> Tokenizer:
    if not isinstance(errors, str):
        raise TypeError(f"errors must be a str, not {type(errors).__name__}")
    return _shared(errors, bool(sentences))


def tokenize(text: Text, *, errors: str = "strict", sentences: bool = True) -> Doc:
    """Tokenize ``text`` (``str`` or ``bytes``) with the default news rules.

    >>> doc = byline.tokenize("Sberbank’s CEO, German Gref, said “no.”")
    >>> [t.text for t in doc][:4]
    ['Sberbank', '’s', 'CEO', ',']

    See :class:`Tokenizer` for ``errors`` and ``sentences``.
    """
    return _shared_tokenizer(errors, sentences).tokenize(text)


def tokenize_batch(texts: Iterable[Text], threads: int = 0, errors: str = "strict") -> List[Doc]:
    """Tokenize many texts in parallel (C++ threads, GIL released); results in input order.

    ``threads=0`` uses all cores; ``threads < 0`` raises ValueError. Equivalent to
    ``[tokenize(t, errors=errors) for t in texts]``, only faster.
    """
    return _shared_tokenizer(errors, True).tokenize_batch(texts, threads)
