"""byline: fast, lossless tokenization and entity extraction for news articles.

The engine is C++17 (``byline._core``); this package is a thin Python facade::

    >>> import byline
    >>> doc = byline.tokenize("Putin’s directive, published on Dec. 30, ...")
    >>> [(t.text, t.kind) for t in doc][:3]
    [('Putin', 'word'), ('’s', 'word'), ('directive', 'word')]
    >>> [s.text for s in doc.sents]
    >>> docs = byline.tokenize_batch(texts, threads=0)   # all cores, GIL released

Errors derive from :class:`BylineError`: :class:`InputError` (and its subclass
:class:`EncodingError`, also a ValueError), :class:`ModelError`, :class:`ConfigError`
and :class:`FormatError`.
"""

from __future__ import annotations

from byline._core import (
    BylineError,
    ConfigError,
    EncodingError,
    FormatError,
    InputError,
    ModelError,
    __version__,
)
from byline._core import get_log_level as _get_log_level
from byline._core import set_log_level as _set_log_level
from byline.doc import TOKEN_KINDS, Doc, Entity, Span, Token
from byline.tokenizer import Tokenizer, tokenize, tokenize_batch

__all__ = [
    "TOKEN_KINDS",
    "BylineError",
    "ConfigError",
    "Doc",
    "EncodingError",
    "Entity",
    "FormatError",
    "InputError",
    "ModelError",
    "Span",
    "Token",
    "Tokenizer",
    "__version__",
    "get_log_level",
    "set_log_level",
    "tokenize",
    "tokenize_batch",
]


def set_log_level(level: str) -> None:
    """Set the level of byline's logger: "trace", "debug", "info", "warn", "error" or "off".

    byline logs to stderr only, quiet ("warn") by default or as set by the
    environment variable ``BYLINE_LOG_LEVEL``. Raises :class:`ConfigError` for an
    unknown name and TypeError for a non-str.
    """
    if not isinstance(level, str):
        raise TypeError(f"level must be a str, not {type(level).__name__}")
    _set_log_level(level)


def get_log_level() -> str:
    """The current level of byline's logger, as a lower-case name."""
    return _get_log_level()
