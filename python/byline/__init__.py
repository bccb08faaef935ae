"""byline: fast, lossless tokenization and entity extraction for news articles.

The engine is C++17 (``byline._core``); this package is a thin Python facade::

    >>> import byline
    >>> doc = byline.tokenize("Putin’s directive, published on Dec. 30, ...")
    >>> [(t.text, t.kind) for t in doc][:3]
    [('Putin', 'word'), ('’s', 'word'), ('directive', 'word')]
    >>> [s.text for s in doc.sents]
    >>> docs = byline.tokenize_batch(texts, threads=0)   # all cores, GIL released

Named entities come from a trained statistical model shipped with the package::

    >>> nlp = byline.load()                              # default English news model
    >>> [(e.text, e.label_) for e in nlp("Angela Merkel visited Paris.").ents]
    [('Angela Merkel', 'PERSON'), ('Paris', 'GPE')]
    >>> for doc in nlp.pipe(texts):                      # batches on all cores
    ...     ...
    >>> nlp = byline.train("eng.train", dev="eng.testa", out="model.bin")
    >>> byline.evaluate("eng.testa", model=nlp)["f1"]

``byline.load()`` also runs the entity ruler: dates, times, money, percentages and
numbers with normalised values, GPE/LOC/NORP gazetteers, and user patterns::

    >>> doc = nlp("On December 30 Sberbank said it would invest $5bn.", date="2025-01-02")
    >>> [(e.text, e.label_, e.value) for e in doc.ents if e.value is not None]
    [('December 30', 'DATE', '2024-12-30'), ('$5bn', 'MONEY', {'amount': 5000000000, 'currency': 'USD'})]
    >>> nlp.add_patterns([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])

Article and corpus analysis (quotes with speakers, entity clusters, roles, boilerplate;
global entities and near-duplicates across articles)::

    >>> a = nlp.analyze(text)
    >>> [(q.speaker, q.text) for q in a.quotes]
    >>> corpus = byline.Corpus(nlp)
    >>> corpus.extend(texts)
    >>> corpus.entities()            # pandas DataFrame when pandas is installed

Articles with metadata from text, JSON Lines and HTML files (HTML via trafilatura,
``pip install byline[html]``) go wherever texts go; ``published`` dates the Doc::

    >>> arts = byline.read_articles(["news/", "feed.jsonl", "page.html"])
    >>> docs = list(nlp.pipe(arts))  # doc.meta: date, id, title, url, source

Five sample articles (one story from five outlets) ship with the package::

    >>> articles = byline.datasets.sample_articles()   # byline.Article objects
    >>> corpus.extend(articles)

Errors derive from :class:`BylineError`: :class:`InputError` (and its subclass
:class:`EncodingError`, also a ValueError), :class:`ModelError`, :class:`ConfigError`
and :class:`FormatError`.
"""

# No ``from __future__ import annotations`` here: it would leave a public
# ``byline.annotations`` attribute (the __future__ feature object).
from byline import datasets  # noqa: F401  (byline.datasets.sample_articles() after `import byline`)
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
from byline.analysis import Analysis, Boilerplate, Cluster, Mention, Quote, Role, analyze
from byline.articles import Article, read_articles, read_html, read_jsonl, read_text
from byline.corpus import Corpus
from byline.doc import TOKEN_KINDS, Doc, Entity, Span, Token
from byline.frames import extract_frame, to_pandas, to_parquet
from byline.pipeline import Pipeline, evaluate, load, load_bytes, train
from byline.render import render
from byline.spacy_interop import from_spacy
from byline.tokenizer import Tokenizer, tokenize, tokenize_batch

__all__ = [
    "TOKEN_KINDS",
    "Analysis",
    "Article",
    "Boilerplate",
    "BylineError",
    "Cluster",
    "ConfigError",
    "Corpus",
    "Doc",
    "EncodingError",
    "Entity",
    "FormatError",
    "InputError",
    "Mention",
    "ModelError",
    "Pipeline",
    "Quote",
    "Role",
    "Span",
    "Token",
    "Tokenizer",
    "__version__",
    "analyze",
    "evaluate",
    "extract_frame",
    "from_spacy",
    "get_log_level",
    "load",
    "load_bytes",
    "read_articles",
    "read_html",
    "read_jsonl",
    "read_text",
    "render",
    "set_log_level",
    "tokenize",
    "tokenize_batch",
    "to_pandas",
    "to_parquet",
    "train",
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
