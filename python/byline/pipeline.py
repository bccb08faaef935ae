"""Named-entity recognition: :class:`Pipeline`, :func:`load`, :func:`train`, :func:`evaluate`.

A :class:`Pipeline` is the tokenizer, a trained statistical entity recognizer
(averaged structured perceptron over BILOU tags, Viterbi decoding; C++ core) and,
from :func:`load`, the entity ruler (C++ ``EntityRuler``, byline/rules.h)::

    >>> nlp = byline.load()                      # the shipped English news model
    >>> doc = nlp("Angela Merkel met Reuters staff in Berlin on Monday.")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Angela Merkel', 'PERSON'), ('Reuters', 'ORG'), ('Berlin', 'GPE')]
    >>> for doc in nlp.pipe(texts, threads=0):   # batches on all cores, GIL released
    ...     ...

Labels follow the OntoNotes 5 schema (docs/entities.md): the model gives the name types
``PERSON``, ``NORP``, ``FAC``, ``ORG``, ``GPE``, ``LOC``, ``PRODUCT``, ``EVENT``,
``WORK_OF_ART``, ``LAW`` and ``LANGUAGE``, each with ``ent.score``, the model's calibrated
probability that the span and its label are right; the ruler adds ``DATE``, ``TIME``, ``MONEY``, ``PERCENT``, ``CARDINAL``, ``ORDINAL``,
``QUANTITY`` with a normalised ``ent.value`` (ISO 8601 dates and durations, numbers,
``{"amount": 5e9, "currency": "USD"}``), ``GPE``/``LOC``/``NORP`` from the shipped
gazetteers, and whatever user patterns add. ``ent.source`` says which stage made an
entity (``model``, ``pattern``, ``gazetteer``, ``user``)::

    >>> doc = nlp("On December 30 Sberbank said it would work with China.", date="2025-01-02")
    >>> [(e.text, e.label_, e.value) for e in doc.ents]
    [('December 30', 'DATE', '2024-12-30'), ('Sberbank', 'ORG', None), ('China', 'GPE', {'country': 'CN'})]
    >>> nlp.add_patterns([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])
    >>> a = nlp.analyze(text)                    # quotes, clusters, roles: byline.Analysis

Training and evaluation mirror the ``byline train`` / ``byline evaluate`` commands and
read CoNLL files (one token per line, word first and tag last, IOB1 or IOB2; blank
line between sentences; ``-DOCSTART-`` between documents)::

    >>> nlp = byline.train("eng.train", dev="eng.testa", out="model.bin", epochs=10, seed=1)
    >>> byline.evaluate("eng.testa", model="model.bin")["f1"]

Errors: :class:`byline.ModelError` for a missing, truncated, corrupted or
unsupported model file; ValueError (or TypeError) for bad arguments.

THREAD SAFETY: a Pipeline is immutable; share one between threads freely. It pickles
as :meth:`Pipeline.to_bytes` (the whole pipeline), so it can be sent to worker processes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import deque
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from byline import _core
from byline._dates import TYPES, DateLike, is_date, iso_date
from byline.analysis import Analysis, _analyze_stream, analyze_doc
from byline.articles import Article, _encodable, _utf8_safe
from byline.doc import Doc
from byline.tokenizer import Text, Tokenizer, _check_c_int, _wrap

__all__ = ["DEFAULT_MODEL", "STAGES", "Pipeline", "evaluate", "gazetteer_dir", "load", "load_bytes", "train"]

PathLike = Union[str, "os.PathLike[str]"]
#: A user phrase: (label, phrase, value as JSON text or "").
Phrase = Tuple[str, str, str]
#: User phrases: {label: [phrase, ...]}, phrases (with label=), (label, phrase[, value]) tuples, or a list file.
Phrases = Union[str, "os.PathLike[str]", Dict[str, Any], Iterable[Any]]
#: User patterns: a list of pattern dicts, a JSON string, or the path of a JSON file.
Patterns = Union[str, "os.PathLike[str]", Sequence[Dict[str, Any]], Dict[str, Any]]
#: One date for every text, or one per text (a date or None each).
Dates = Union[None, DateLike, Iterable[Optional[DateLike]]]

#: The stages :func:`load` can switch off (``disable=``), in the order they run.
STAGES = ("recognizer", "rules")

#: Name of the default model package, shipped inside the package as ``byline/models/en_news``.
DEFAULT_MODEL = "en_news"
_MODEL_FILE = "model.bin"
_META_FILE = "meta.json"
#: The first bytes of :meth:`Pipeline.to_bytes` (a model file starts otherwise).
_PIPELINE_MAGIC = b"BYLNPIPE"


def _env_model() -> Optional[str]:
    """``$BYLINE_MODEL`` when it is set and not empty."""
    return os.environ.get("BYLINE_MODEL") or None


def _installed_package() -> Path:
    return Path(str(resources.files("byline"))) / "models" / DEFAULT_MODEL


def default_model_package() -> Path:
    """The directory of the default model package: ``$BYLINE_MODEL`` when it names a model
    package directory (one with ``meta.json``), else the one installed inside the package
    (``byline/models/en_news``; it may be absent). A bare model file named by
    ``$BYLINE_MODEL`` has no gazetteers of its own: its rules use the installed package's."""
    env = _env_model()
    if env and (Path(env) / _META_FILE).is_file():
        return Path(env)
    return _installed_package()


def default_model_path() -> Path:
    """The model file :func:`load` reads by default (it may be absent): that of
    ``$BYLINE_MODEL`` when set (the file itself, or ``model.bin`` in the directory it
    names), else that of the installed package."""
    env = _env_model()
    if env:
        return Path(env) if not Path(env).is_dir() else Path(env) / _MODEL_FILE
    return _installed_package() / _MODEL_FILE


def _resolve_model_path(path: Optional[PathLike]) -> Path:
    if path is None:
        env = _env_model()
        if env:  # checked as an explicit path is; load() names the variable in errors
            return _resolve_model_path(env)
        package = _installed_package()
        if not (package / _META_FILE).is_file():
            raise _core.ModelError(
                f"the default model package {package} is missing ({package / _META_FILE} does not exist). Build it "
                f"with `make model` (tools/ner/build_model.sh) in the byline source tree, which writes "
                f"models/{DEFAULT_MODEL}/, then reinstall the package; or set BYLINE_MODEL, or pass the path of a "
                f"model package or model file to byline.load(path)"
            )
        return package
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"model path must be a str or os.PathLike, not {type(path).__name__}")
    if not os.fspath(path):
        raise ValueError("model path is empty (None loads the default model package)")
    if not _encodable(str(os.fspath(path))):
        raise _core.ModelError(
            f"model path {_utf8_safe(str(os.fspath(path)))} is not valid UTF-8 (byline reads model paths as "
            "UTF-8: rename the file or directory, or link it under a UTF-8 name)"
        )
    model = Path(os.fspath(path))
    if model.is_dir() and not (model / _META_FILE).exists():  # a directory holding only model.bin
        model = model / _MODEL_FILE
    return model


def _str_list(name: str, value: Any) -> List[str]:
    """A list of str from a comma-separated str or a sequence of str (TypeError otherwise)."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{name} must be a str or a sequence of str")
    return list(value)


def _check_positive(name: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, not {value}")
    _check_c_int(name, value)
    return value


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


class Pipeline:
    """Tokenizer, entity recognizer and entity ruler: ``nlp(text)`` returns a :class:`byline.Doc` with ``doc.ents``.

    Make one with :func:`byline.load`, :func:`byline.load_bytes` or :func:`byline.train`.
    It is a view of one C++ ``byline::Pipeline`` (``byline._core.Pipeline``), the same
    object the C++ tool and the C++ API run. The stages run in C++ in this order:
    tokenizer, statistical NER (the OntoNotes name types PERSON, NORP, FAC, ORG, GPE, LOC,
    PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE), then the ruler (``rules=True``: DATE,
    TIME, MONEY, PERCENT, CARDINAL, ORDINAL, QUANTITY with normalised ``ent.value``; the
    model package's GPE/LOC/NORP gazetteers; plus user patterns from :meth:`add_patterns`
    and phrases from :meth:`add_phrases`), whose candidates are merged with the model's
    entities by the documented policy (user patterns win, then the longer span, then
    pattern > gazetteer > model; docs/entities.md).

    Args:
        recognizer: a ``byline._core.Pipeline``, or a ``byline._core.EntityRecognizer``
            (for example one just trained) to build one around.
        tokenizer: with a recognizer, the :class:`byline.Tokenizer` settings to use
            (default: strict UTF-8, sentences on).
        path: unused with a ``_core.Pipeline`` (it knows its path); with a recognizer,
            where it was loaded from (for ``repr`` and ``info``).
        rules: with a recognizer, run the built-in recognisers and the default package's
            gazetteers after the model.
        patterns: user token patterns, as for :meth:`add_patterns`.

    THREAD SAFETY: processing is thread-safe. :meth:`add_patterns` and :meth:`add_phrases`
    swap in a new C++ pipeline (calls already running keep the old one); call them before
    sharing the pipeline.
    """

    __slots__ = ("_c", "_tokenizer", "_path", "__weakref__")

    def __init__(
        self,
        recognizer: Union[_core.Pipeline, _core.EntityRecognizer],
        tokenizer: Optional[Tokenizer] = None,
        path: Optional[str] = None,
        *,
        rules: bool = False,
        patterns: Optional[Patterns] = None,
    ) -> None:
        if tokenizer is not None and not isinstance(tokenizer, Tokenizer):
            raise TypeError(f"tokenizer must be a byline.Tokenizer, not {type(tokenizer).__name__}")
        _check_bool("rules", rules)
        if isinstance(recognizer, _core.Pipeline):
            self._c = recognizer
            self._path = recognizer.path or None
        elif isinstance(recognizer, _core.EntityRecognizer):
            tok = tokenizer if tokenizer is not None else Tokenizer()
            self._c = _core.Pipeline.create(
                recognizer,
                rules=rules,
                errors=tok.errors,
                sentences=tok.sentences,
                resource_dir=_default_lists() if rules else "",
            )
            self._path = path
        else:
            raise TypeError(
                f"Pipeline() expects a byline._core.Pipeline or EntityRecognizer, not "
                f"{type(recognizer).__name__}; use byline.load()"
            )
        self._tokenizer = Tokenizer(errors=self._c.errors, sentences=self._c.sentences)
        if patterns is not None:
            self.add_patterns(patterns)

    # ------------------------------------------------------------------ rules
    def _rebuild(self, patterns: List[Dict[str, Any]], phrases: List[Phrase], fold_case: bool) -> None:
        """Swap in a C++ pipeline with these user rules (ConfigError leaves it unchanged)."""
        self._c = self._c.with_options(
            # ASCII JSON: a lone surrogate becomes an escape the C++ parser refuses (ConfigError)
            patterns_json=json.dumps(patterns) if patterns else "",
            phrases=phrases,
            fold_case=fold_case,
        )

    def add_phrases(self, phrases: Phrases, label: Optional[str] = None, *, fold_case: Optional[bool] = None) -> None:
        """Add user phrase lists (a token trie: fast for long lists), matched with source ``"user"``.

        ``phrases`` is one of:

        * a mapping ``{"PRODUCT": ["GigaChat", "Kandinsky"], ...}``;
        * an iterable of phrases, all with ``label``;
        * an iterable of ``(label, phrase)`` or ``(label, phrase, value)`` tuples, where
          ``value`` is JSON given to the matches (e.g. ``'{"id": "Q1"}'``);
        * the path of a list file: ``LABEL<TAB>phrase[<TAB>json value]`` lines, blank
          lines and ``#`` comments skipped (the format of the built-in gazetteers; read
          and checked by the C++ core, ``byline::read_phrase_list``).

        Phrases are tokenized like the text, so ``People's Republic`` matches ``People’s
        Republic``. ``fold_case=True`` matches all user phrases case-insensitively
        (the setting is one for the pipeline; None keeps it). Raises
        :class:`byline.ConfigError` for a malformed entry and leaves the pipeline unchanged.
        """
        if fold_case is not None and not isinstance(fold_case, bool):
            raise TypeError(f"fold_case must be a bool or None, not {type(fold_case).__name__}")
        new = _read_phrases(phrases, label)
        folded = self._c.fold_case if fold_case is None else fold_case
        if not new and folded == self._c.fold_case:
            return
        self._rebuild(self.patterns, self.phrases + new, folded)

    @property
    def phrases(self) -> List[Phrase]:
        """The user phrases added so far, as ``(label, phrase, value_json)`` tuples."""
        return [tuple(p) for p in self._c.phrases]  # type: ignore[misc]

    def add_patterns(self, patterns: Patterns) -> None:
        """Add user entity patterns (spaCy ``EntityRuler`` style), matched with source ``"user"``.

        ``patterns`` is a list of pattern dicts, a JSON string (an array, or an object
        with a ``"patterns"`` array), or the path of such a JSON file (``str`` paths must
        not start with ``[`` or ``{``)::

            nlp.add_patterns([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]},
                              {"label": "ORG", "pattern": "Tortoise Media"}])

        Token spec keys: ``text``, ``lower`` (a str or ``{"in": [...]}``), ``shape``,
        ``is_digit``, ``is_alpha``, ``is_upper``, ``is_title``, ``is_punct``, ``regex``,
        ``ent_type``, ``op`` (``?``, ``*``, ``+``, ``!``, ``1``); optional ``id`` and
        ``value`` per pattern. User matches win every overlap. Raises
        :class:`byline.ConfigError` (with the C++ message naming the pattern) for an
        invalid pattern and leaves the pipeline unchanged.
        """
        new = _read_patterns(patterns)
        if not new:
            return
        self._rebuild(self.patterns + new, self.phrases, self._c.fold_case)

    @property
    def patterns(self) -> List[Dict[str, Any]]:
        """A copy of the user patterns added so far (as dicts)."""
        text = self._c.patterns_json
        return json.loads(text) if text else []  # type: ignore[no-any-return]

    @property
    def rules(self) -> bool:
        """True when the built-in recognisers and gazetteers run after the model."""
        return bool(self._c.rules)

    @property
    def disabled(self) -> Tuple[str, ...]:
        """The stages switched off (``byline.load(disable=...)``, ``rules=False``), from
        :data:`byline.pipeline.STAGES`: ``"recognizer"`` (the statistical model) and
        ``"rules"`` (the built-in recognisers and gazetteers; user patterns and phrases
        still run)."""
        return tuple(s for s in STAGES if not (self._c.ner if s == "recognizer" else self._c.rules))

    @property
    def pipe_names(self) -> Tuple[str, ...]:
        """The stages that run after the tokenizer, in order (spaCy's name): ``"recognizer"``
        and ``"rules"`` unless :attr:`disabled`."""
        off = self.disabled
        return tuple(s for s in STAGES if s not in off)

    @property
    def ruler(self) -> Optional[_core.EntityRuler]:
        """The compiled rule stage (``byline._core.EntityRuler``), or None when there is none."""
        return self._c.ruler

    # ------------------------------------------------------------------ processing
    def __call__(self, text: Union[Text, Doc, Article], *, date: Optional[DateLike] = None) -> Doc:
        """Tokenize ``text`` (``str`` or ``bytes``) and add entities (GIL released meanwhile).

        ``date`` (e.g. the publication date) anchors relative and year-less dates
        (``December 30`` in an article dated 2025-01-02 is ``2024-12-30``) and is stored as
        the Doc's meta ``"date"``, ``"yyyy-mm-dd"``. It is a ``datetime.date``,
        ``datetime.datetime``, ``pandas.Timestamp``, NumPy ``datetime64`` (a day or a finer
        unit) or a str: an ISO 8601 date or date-time (``"2025-01-02"``,
        ``"2025-01-02T10:00:00Z"``) or an RFC 2822 date as in RSS (``"Thu, 02 Jan 2025
        10:00:00 GMT"``); the day counts as written; None or a blank str is no date.
        byline.FormatError (a ValueError) naming the value when it is no date, TypeError
        for another type.
        Passing a :class:`byline.Doc` returns a new Doc with the model's and the rules'
        entities merged with the ones it already has (its meta ``"date"`` is used when
        ``date`` is not given, a ValueError when it is no date). A :class:`byline.Article`
        is processed as its text, with its ``published`` date when ``date`` is not given,
        and its id, title, url, source and language set as Doc meta.
        """
        if isinstance(text, Article):
            doc = self(text.text, date=date if date is not None else text.date)
            _set_article_meta(doc, text)
            return doc
        day = iso_date(date) or ""
        if isinstance(text, Doc):
            return Doc(self._c.annotate(text._c, day), text._text)
        return _wrap(self._c.process(text, day), text)

    def pipe(
        self,
        texts: Iterable[Any],
        threads: int = 0,
        batch_size: int = 256,
        *,
        date: Dates = None,
        as_tuples: bool = False,
    ) -> Iterator[Any]:
        """Process a stream of texts; yields one :class:`byline.Doc` per text, in input order.

        The iterable is consumed lazily, ``batch_size`` texts at a time, so memory stays
        bounded for an endless generator. Each batch is tokenized, tagged and matched in
        C++ on ``threads`` threads (0 = all cores) with the GIL released. ``date`` is
        one date for every text (any form :meth:`__call__` takes) or an iterable of dates
        (each a date or None), consumed in step with ``texts``. ``threads < 0`` or
        ``batch_size < 1`` raise ValueError right away. If a text fails (e.g. invalid UTF-8
        under ``errors="strict"``), the Docs of the texts before it are yielded and then
        its error is raised (named by its position in the stream): a bad text loses no
        earlier Doc. Items may be :class:`byline.Article` objects: each is processed as its
        text, dated by its ``published`` date unless ``date`` gives one for it, with its
        metadata in the Doc meta; a ``published`` value that is no date raises
        :class:`byline.FormatError` naming the article by its id and position
        (``article 'art-7' (text 0): published ...``; ``text 0: ...`` without an id).

        With ``as_tuples=True`` (as in spaCy) the items are ``(text, context)`` pairs and
        the results ``(doc, context)`` pairs, the context passed through untouched.
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError("pipe() expects an iterable of str/bytes, not a single str/bytes")
        _check_positive("threads", threads, 0)
        _check_positive("batch_size", batch_size, 1)
        _check_bool("as_tuples", as_tuples)
        dates: Union[None, str, Iterator[Optional[DateLike]]]
        n_dates: Optional[int] = None  # a list, tuple, Series ... holds one date per text
        if date is None or is_date(date):
            dates = iso_date(date)
        elif isinstance(date, (bytes, bytearray, dict, set, frozenset)) or not hasattr(date, "__iter__"):
            raise TypeError(
                f"date must be one date ({TYPES}) or an ordered iterable of them, one per text, "
                f"not {type(date).__name__}"
            )
        else:  # a generator is read in step with the texts
            n_dates = len(date) if hasattr(date, "__len__") else None
            dates = iter(date)
        if not as_tuples:
            return self._pipe(iter(texts), threads, batch_size, dates, n_dates)
        contexts: deque = deque()
        docs = self._pipe(_split_contexts(iter(texts), contexts), threads, batch_size, dates, n_dates)
        return ((doc, contexts.popleft()) for doc in docs)

    def _pipe(
        self,
        it: Iterator[Union[Text, Article]],
        threads: int,
        batch_size: int,
        dates: Union[None, str, Iterator[Optional[DateLike]]],
        n_dates: Optional[int] = None,
    ) -> Iterator[Doc]:
        done = 0
        while True:
            items = list(islice(it, batch_size))
            if not items:
                if n_dates is not None and n_dates > done:
                    raise ValueError(f"date: more dates than texts ({done} texts)")
                return
            c = self._c
            batch_dates: Union[None, str, List[Optional[str]]]
            bad: Optional[Exception] = None  # the first date that is none: its text ends the batch
            if dates is None or isinstance(dates, str):
                batch_dates = dates
            else:
                given = list(islice(dates, len(items)))
                if len(given) != len(items):
                    raise ValueError(f"date: ran out of dates after {done + len(given)} texts")
                batch_dates = []
                for k, d in enumerate(given):
                    try:
                        batch_dates.append(iso_date(d, f"text {done + k}: date"))
                    except (ValueError, TypeError) as e:
                        bad = e
                        break
            arts: List[Optional[Article]] = [a if isinstance(a, Article) else None for a in items]
            if any(a is not None for a in arts):
                each = [batch_dates] * len(items) if not isinstance(batch_dates, list) else batch_dates
                checked: List[Optional[str]] = []
                for k, (d, a) in enumerate(zip(each, arts)):
                    try:
                        checked.append(d if d is not None or a is None else _article_date(a, done + k))
                    except ValueError as e:
                        bad = e
                        break
                batch_dates = checked
            batch: List[Text] = [a.text if a is not None else t for a, t in zip(arts, items)]  # type: ignore[misc]
            if bad is not None:
                # The batch fails as it does for a bad text, with the error of the first bad
                # item: the texts before the bad date are processed and yielded first, so
                # that an earlier text that cannot be processed is the one named.
                k = len(batch_dates)  # type: ignore[arg-type]
                yield from self._pipe_each(batch[:k], arts[:k], threads, done, batch_dates)
                raise bad
            try:
                cores = c.process_batch(batch, threads, done, batch_dates)
            except Exception:
                # A text failed: the Docs of the texts before it are yielded, then its error
                # is raised (the texts are processed again one at a time, on this path only).
                yield from self._pipe_each(batch, arts, threads, done, batch_dates)
                raise
            done += len(batch)
            for core, source, art in zip(cores, batch, arts):
                yield _doc_of(core, source, art)

    def _pipe_each(
        self,
        batch: List[Text],
        arts: List[Optional[Article]],
        threads: int,
        done: int,
        dates: Union[None, str, List[Optional[str]]],
    ) -> Iterator[Doc]:
        """The Docs of ``batch`` one text at a time, up to the first text that fails,
        whose error (naming its position, ``done`` + its index) is raised."""
        for k, (text, art) in enumerate(zip(batch, arts)):
            date = dates[k : k + 1] if isinstance(dates, list) else dates  # its own date, as the batch gives it
            core = self._c.process_batch([text], threads, done + k, date)
            yield _doc_of(core[0], text, art)

    def analyze(
        self, text: Union[Text, Doc, Article], *, date: Optional[DateLike] = None, speech_only: bool = True
    ) -> Analysis:
        """Process ``text`` (or take a processed :class:`byline.Doc` as is) and analyse the article.

        Returns a :class:`byline.Analysis`: the Doc plus boilerplate regions, entity
        clusters with canonical names (``Putin`` ... ``Vladimir Putin``), roles (listed once,
        with their count) and statements with speakers: direct quotations and reported
        speech (``Quote.direct``); ``speech_only=False`` adds scare quotes and titles in
        quotation marks (``Quote.kind``). A Doc passed in is analysed with the entities it
        has. Runs in C++ with the GIL released.
        """
        doc = text if isinstance(text, Doc) else self(text, date=date)
        return analyze_doc(doc, speech_only=speech_only)

    def analyze_pipe(
        self,
        texts: Iterable[Union[Text, Article]],
        threads: int = 0,
        batch_size: int = 256,
        *,
        date: Dates = None,
    ) -> Iterator[Analysis]:
        """:meth:`pipe` followed by :meth:`analyze`, batch by batch on C++ threads; yields :class:`byline.Analysis`."""
        docs = self.pipe(texts, threads, batch_size, date=date)
        return _analyze_stream(docs, threads, batch_size)

    def predict_tags(self, text: Union[Text, Doc]) -> List[str]:
        """The raw IOB2 tag of every token (``"B-PER"``, ``"I-ORG"``, ``"O"``, ...)."""
        doc = text if isinstance(text, Doc) else self._tokenizer.tokenize(text)
        return list(self._c.recognizer.predict_tags(doc._c))

    # ------------------------------------------------------------------ properties
    @property
    def tokenizer(self) -> Tokenizer:
        """The :class:`byline.Tokenizer` the pipeline runs first (same settings as the C++ one)."""
        return self._tokenizer

    @property
    def recognizer(self) -> _core.EntityRecognizer:
        """The compiled entity recognizer (``byline._core.EntityRecognizer``)."""
        return self._c.recognizer

    @property
    def labels(self) -> Tuple[str, ...]:
        """The entity labels the pipeline assigns, sorted: the model's, the rules' and the user patterns'."""
        return tuple(self._c.labels)

    @property
    def entity_types(self) -> Tuple[str, ...]:
        """The entity types the model predicts (the shipped model: the OntoNotes name types; a
        model trained on CoNLL-2003 files: LOC, MISC, ORG, PER)."""
        return tuple(self._c.recognizer.entity_types())

    @property
    def path(self) -> Optional[str]:
        """The model package or model file the pipeline was loaded from (None for one made
        from bytes of a model file or trained)."""
        return self._path

    @property
    def meta(self) -> Dict[str, Any]:
        """The model package's meta.json as a dict (name, version, labels, sources and
        licences, evaluation figures, files); empty for a bare model file."""
        text = self._c.meta_json
        return json.loads(text) if text else {}  # type: ignore[no-any-return]

    @property
    def info(self) -> Dict[str, Any]:
        """Model configuration and provenance as a dict (labels, features, sizes, training history)."""
        info: Dict[str, Any] = json.loads(self._c.recognizer.info_json())
        if self._path is not None:
            info.setdefault("path", self._path)
        return info

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self) -> bytes:
        """The whole pipeline as bytes: the model, the package's meta and gazetteers, the
        tokenizer settings and the user patterns and phrases. :func:`byline.load_bytes`
        reverses it in any process, without files (pickling and the Dask helpers use it).
        ``nlp.recognizer.to_bytes()`` gives the model file alone."""
        return self._c.to_bytes()  # type: ignore[no-any-return]

    def to_disk(self, path: PathLike) -> None:
        """Write the model file to ``path`` (:class:`byline.ModelError` when it cannot be written)."""
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
        self._c.recognizer.save(os.fspath(path))

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (_pipeline_from_bytes, (self.to_bytes(), self._path))

    def __repr__(self) -> str:
        source = f"path={self._path!r}, " if self._path is not None else ""
        rules = f", rules={self.rules}, patterns={len(self.patterns)}, phrases={len(self._c.phrases)}"
        if not self._c.ner:
            rules += ", disabled=['recognizer']"
        return f"<byline.Pipeline {source}labels={list(self.labels)}{rules}>"


def _pipeline_from_bytes(data: bytes, path: Optional[str] = None) -> Pipeline:
    """Unpickling helper: the pipeline from :meth:`Pipeline.to_bytes`."""
    nlp = Pipeline(_core.Pipeline.from_bytes(data))
    nlp._path = path
    return nlp


def _default_lists() -> str:
    """The default package's gazetteer directory, or '' when there is none."""
    lists = gazetteer_dir()
    return str(lists) if (lists / "gpe.txt").is_file() else ""


def _read_phrases(phrases: Phrases, label: Optional[str]) -> List[Phrase]:
    """User phrases as (label, text, value_json) tuples, from a mapping, an iterable or a list file."""
    out: List[Phrase] = []

    def add(lab: Any, text: Any, value: Any = "") -> None:
        if not isinstance(lab, str) or not lab.strip() or not isinstance(text, str) or not text.strip():
            raise _core.ConfigError(f"phrases: label and phrase must be non-empty str, not {lab!r}, {text!r}")
        for part in (lab, text, value if isinstance(value, str) else ""):
            if not _encodable(part):
                raise _core.ConfigError(f"phrases: {part!r} is not valid Unicode (a lone surrogate)")
        if value is None:
            value = ""
        if not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)
        out.append((lab.strip(), text.strip(), value.strip()))  # the C++ matcher checks the value is JSON

    if isinstance(phrases, bytes):
        raise TypeError("phrases: give a path as str or os.PathLike, not bytes")
    if isinstance(phrases, os.PathLike) or isinstance(phrases, str):
        out.extend(_core.read_phrase_list(os.fsencode(phrases)))  # the C++ list parser; any file name
        return out
    if isinstance(phrases, dict):
        for lab, items in phrases.items():
            if isinstance(items, str):
                items = [items]
            for text in items:
                add(lab, text)
    else:
        for item in phrases:
            if isinstance(item, str):
                if label is None:
                    raise _core.ConfigError("phrases: give label= for a list of plain phrases")
                add(label, item)
            elif isinstance(item, (tuple, list)) and len(item) in (2, 3):
                add(*item)
            else:
                raise _core.ConfigError(f"phrases: expected a phrase or a (label, phrase[, value]) tuple, not {item!r}")
    return out


def _doc_of(core: Any, source: Text, art: Optional[Article]) -> Doc:
    """The Python Doc of a processed text (an Article's metadata in its meta)."""
    doc = _wrap(core, source)
    if art is not None:
        _set_article_meta(doc, art)
    return doc


def _set_article_meta(doc: Doc, article: Article) -> None:
    """Copy an Article's metadata (id, title, url, source, language) into the Doc's meta
    (a value that cannot be UTF-8, e.g. the id of a file whose name is not, gets backslash
    escapes)."""
    for key, value in article.meta.items():
        doc.set_meta(key, _utf8_safe(value))
    # the Article's date was used (no date argument): say where it came from
    if article.date_source and doc.meta.get("date_source") == "argument" and doc.meta.get("date") == article.date:
        doc.set_meta("date_source", article.date_source)


def _article_date(article: Article, n: int) -> Optional[str]:
    """The day of an Article's ``published`` date; byline.FormatError naming the article
    (by its id when it has one, and its position ``n`` in the stream) and the value."""
    try:
        return article.date
    except ValueError as e:
        which = f"article {_utf8_safe(article.id)!r} (text {n})" if article.id is not None else f"text {n}"
        raise _core.FormatError(f"{which}: {e}") from None


def _split_contexts(items: Iterator[Any], contexts: deque) -> Iterator[Union[Text, Article]]:
    """The texts of ``(text, context)`` pairs, the contexts appended to ``contexts`` as they are read."""
    for n, item in enumerate(items):
        if not isinstance(item, tuple) or len(item) != 2:
            raise TypeError(
                f"pipe(as_tuples=True): item {n} must be a (text, context) tuple, not {type(item).__name__}"
            )
        contexts.append(item[1])
        yield item[0]


def _read_patterns(patterns: Patterns) -> List[Dict[str, Any]]:
    """User patterns as a list of dicts, from a list, a JSON string or a JSON file."""
    data: Any
    if isinstance(patterns, os.PathLike) or (isinstance(patterns, str) and patterns.lstrip()[:1] not in ("[", "{")):
        path = Path(os.fspath(patterns))
        try:
            text = _core.read_pattern_file(os.fsencode(path)).decode("utf-8")  # any file name
        except UnicodeDecodeError as e:
            raise _core.ConfigError(f"patterns: {path} is not UTF-8: {e.reason} at byte {e.start}") from None
        try:
            data = json.loads(text)
        except ValueError as e:
            raise _core.ConfigError(f"patterns: {path} is not valid JSON: {e}") from None
    elif isinstance(patterns, str):
        try:
            data = json.loads(patterns)
        except ValueError as e:
            raise _core.ConfigError(f"patterns: invalid JSON: {e}") from None
    elif isinstance(patterns, dict):
        data = patterns if "patterns" in patterns else [patterns]
    else:
        data = list(patterns)
    if isinstance(data, dict):
        if "patterns" not in data:
            raise _core.ConfigError('patterns: a JSON object must hold a "patterns" array')
        data = data["patterns"]
    if not isinstance(data, list):
        raise _core.ConfigError(f"patterns: expected an array of patterns, not {type(data).__name__}")
    try:
        return json.loads(json.dumps(data))  # type: ignore[no-any-return]  # a deep copy, JSON types only
    except (TypeError, ValueError) as e:
        raise _core.ConfigError(f"patterns: not JSON-serialisable: {e}") from None


def gazetteer_dir() -> Path:
    """Where the built-in gazetteers (gpe, loc, norp, titles, not_names .txt and NOTICE.md) of the
    default model package live."""
    return default_model_package() / "gazetteers"


def load(
    path: Optional[PathLike] = None,
    *,
    errors: str = "strict",
    sentences: bool = True,
    rules: bool = True,
    patterns: Optional[Patterns] = None,
    disable: Optional[Iterable[str]] = None,
) -> Pipeline:
    """Load an entity pipeline: the default model package (English news), or the model package or model file at ``path``.

    A model package is a directory with ``meta.json`` (name, version, labels, sources
    and licences, evaluation figures, and the sha256 of every file, checked on load),
    ``model.bin`` and ``gazetteers/``. The default one is ``$BYLINE_MODEL`` when set (any
    path ``load(path)`` takes, checked the same way; an error names the variable and the
    path), else the one installed with byline. With ``rules=True`` (default) the entity ruler
    runs after the model: DATE, TIME, MONEY, PERCENT, CARDINAL, ORDINAL, QUANTITY with
    normalised values, and the package's GPE/LOC/NORP gazetteers (``rules=False``: the
    statistical model only). ``patterns`` are user patterns as for
    :meth:`Pipeline.add_patterns`.

    ``path`` may also be a bare model file (as ``byline train`` writes) or a directory
    holding only ``model.bin``: the rules then use the default package's gazetteers. No
    download ever happens. Raises :class:`byline.ModelError` when a file is missing,
    truncated, altered, corrupted or of an unsupported version (the message names the
    file and the problem; for a missing default package it says how to build it). ``errors``
    and ``sentences`` configure the tokenizer as in :class:`byline.Tokenizer`.

    ``disable`` names stages to switch off, as in spaCy (:data:`STAGES`, see
    :attr:`Pipeline.disabled`): ``"recognizer"`` (the statistical model: only the rules and
    user patterns find entities) and ``"rules"`` (the built-in recognisers and gazetteers,
    as ``rules=False``). ValueError for another name.
    """
    _check_bool("rules", rules)
    _check_bool("sentences", sentences)
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    off = _check_disable(disable)
    rules = rules and "rules" not in off
    env = _env_model() if path is None else None
    try:
        model = _resolve_model_path(path)
        # A bare model file: the default package's lists.
        lists = _default_lists() if rules and not (model / _META_FILE).is_file() else ""
        core = _core.Pipeline.load(
            str(model),
            rules=rules,
            errors=errors,
            sentences=sentences,
            resource_dir=lists,
            ner="recognizer" not in off,
        )
    except _core.ModelError as e:
        if env is None:
            raise
        raise _core.ModelError(f"BYLINE_MODEL={env}: {e}") from None
    nlp = Pipeline(core)
    if patterns is not None:
        nlp.add_patterns(patterns)
    return nlp


def _check_disable(disable: Optional[Iterable[str]]) -> Tuple[str, ...]:
    """The stage names of ``disable`` (one str or an iterable of them); ValueError for an unknown one."""
    if disable is None:
        return ()
    names = (disable,) if isinstance(disable, str) else tuple(disable)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"disable: stage names must be str, not {type(name).__name__}")
        if name not in STAGES:
            raise ValueError(
                f"disable: unknown stage {name!r}; the stages that can be switched off are "
                f"{', '.join(repr(s) for s in STAGES)} (the tokenizer always runs; the article analysis "
                f"runs only in analyze())"
            )
    return names


def load_bytes(
    data: Union[bytes, bytearray, memoryview],
    *,
    errors: Optional[str] = None,
    sentences: Optional[bool] = None,
    rules: Optional[bool] = None,
    patterns: Optional[Patterns] = None,
) -> Pipeline:
    """Load a pipeline from bytes: those of :meth:`Pipeline.to_bytes` (the whole pipeline), or
    those of a model file.

    Pipeline bytes bring their own settings, user patterns and phrases; ``errors``,
    ``sentences`` and ``rules`` change them when given, and ``patterns`` are added. Model
    file bytes make a pipeline with the rules off unless ``rules=True`` (then with the
    default package's gazetteers). :class:`byline.ModelError` for damaged bytes.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"load_bytes() expects bytes, not {type(data).__name__}")
    data = bytes(data)
    if data.startswith(_PIPELINE_MAGIC):
        nlp = Pipeline(_core.Pipeline.from_bytes(data))
        if (errors, sentences, rules) != (None, None, None):
            nlp._c = nlp._c.with_options(
                rules=None if rules is None else _check_bool("rules", rules),
                errors=errors,
                sentences=None if sentences is None else _check_bool("sentences", sentences),
            )
            nlp._tokenizer = Tokenizer(errors=nlp._c.errors, sentences=nlp._c.sentences)
    else:
        tokenizer = Tokenizer(
            errors=errors or "strict", sentences=True if sentences is None else _check_bool("sentences", sentences)
        )
        nlp = Pipeline(
            _core.EntityRecognizer.from_bytes(data),
            tokenizer,
            rules=False if rules is None else _check_bool("rules", rules),
        )
    if patterns is not None:
        nlp.add_patterns(patterns)
    return nlp


def _check_utf8_path(name: str, path: str) -> None:
    """ValueError for a file name that is not UTF-8 (lone surrogates from surrogateescape)."""
    if not _encodable(path):
        raise ValueError(f"{name}: the file name {_utf8_safe(path)} is not valid UTF-8 (rename the file)")


#: What each data file of train()/evaluate() holds, for the errors.
_DATA_KINDS = {"clusters": "word-cluster file", "gazetteer": "gazetteer file", "vectors": "vector-row file"}


def _data_path(name: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    kind = _DATA_KINDS.get(name, "CoNLL file")
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be the path of a {kind} (str or os.PathLike), not {type(value).__name__}")
    path = os.fspath(value)
    if not os.path.isfile(path):
        if os.path.isdir(path):
            what = f"is a directory, not a {kind}"
        elif os.path.exists(path):
            what = "is not a regular file"
        else:
            what = "no such file"
        raise _core.InputError(f"{name}: {what}: {_utf8_safe(str(path))}")
    _check_utf8_path(name, str(path))
    return str(path)


def _check_out_path(name: str, value: PathLike, inputs: Sequence[str]) -> str:
    """``value`` as a str, once a file can be written there: not a directory, in an
    existing writable directory, writable if it exists, and none of ``inputs`` (checked
    before a long run rather than after it)."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or os.PathLike), not {type(value).__name__}")
    path = str(os.fspath(value))
    _check_utf8_path(name, path)
    if os.path.isdir(path):
        raise ValueError(f"{name}: {path} is a directory (expected a file name such as model.bin)")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise ValueError(f"{name}: cannot write {path}: no such directory {parent}")
    for src in inputs:
        if src and os.path.exists(path) and os.path.samefile(path, src):
            raise ValueError(f"{name}: {path} is also an input ({src})")
    if os.path.exists(path) and not os.path.isfile(path):  # a FIFO would block the probe below
        raise ValueError(f"{name}: {path} is not a regular file")
    try:
        if os.path.exists(path):
            with open(path, "ab"):  # leaves the file as it is
                pass
        else:
            with tempfile.TemporaryFile(dir=parent):
                pass
    except OSError as e:
        raise ValueError(f"{name}: cannot write {path}: {e.strerror or e}") from None
    return path


def train(
    train: PathLike,
    dev: Optional[PathLike] = None,
    out: Optional[PathLike] = None,
    epochs: int = 10,
    seed: int = 1,
    clusters: Optional[PathLike] = None,
    gazetteer: Optional[PathLike] = None,
    on_epoch: Optional[Callable[[Dict[str, Any]], Any]] = None,
    *,
    vectors: Optional[PathLike] = None,
    disable: Optional[Sequence[str]] = None,
    min_count: int = 1,
    prune: float = 0.0,
    min_weight: int = 0,
    keep_best: bool = True,
    ensemble: int = 1,
    word_dropout: float = 0.0,
    margin: float = 0.0,
    unicode_shapes: bool = False,
    types: Optional[Sequence[str]] = None,
    target_source: Optional[str] = None,
) -> Pipeline:
    """Train an entity recognizer on CoNLL files, like ``byline train``; returns the :class:`Pipeline`.

    Args:
        train: CoNLL training file (IOB1 or IOB2; ``-DOCSTART-`` lines separate documents).
        dev: optional CoNLL dev file, scored after every epoch; with ``keep_best`` the
            weights of the best dev epoch are kept.
        out: if given, the model file is written there. It is checked before training
            starts: a directory, a missing directory, a non-regular file, an unwritable
            path or one of the input files raises ``ValueError``.
        epochs, seed: passes over the data and shuffling seed; the same seed, data and
            options give a byte-identical model.
        clusters: word clusters file (``word<TAB>class...`` lines, see ``byline-dev clusters``).
        gazetteer: gazetteer file (``TYPE<TAB>phrase`` lines).
        vectors: word-vector rows (``word<TAB>row`` lines, rows 0..65534, as
            ``tools/ner/vector_clusters.py --rows-out`` writes them): the row is a feature
            of the word (the "vectors" group; docs/ner.md). A bad line raises
            :class:`byline.ConfigError` naming it.
        on_epoch: called after every epoch with a dict ``{"epoch", "seconds",
            "train_error_rate", "dev"}`` (``dev``: precision/recall/f1/gold/predicted/correct
            or None). An exception it raises stops training and propagates. With
            ``ensemble > 1`` the figures are those of the averaged members.
        disable: feature groups to switch off (ablations): "clusters", "gazetteer", "doc",
            "context2", "affixes", "bigrams", "memory", "memoryvotes", "runs", "casevariant", "vectors".
            None keeps the trainer's default (only "casevariant" off); a list replaces it.
        min_count: drop features seen fewer times in training.
        prune: drop averaged weights with ``|w|`` below this.
        min_weight: drop weights whose int16 value (the largest ``|w|`` maps to 32767) is
            at most this in magnitude: a smaller, faster model (the shipped model uses
            400; see docs/ner.md).
        keep_best: with ``dev``, keep the weights of the best dev epoch (else the last).
        ensemble: train this many perceptrons (seeds ``seed``, ``seed + 1``, ...) and
            average them (1..16).
        word_dropout: probability in [0, 1) that an epoch trains a capitalised token
            without the features of its own spelling (the shipped model uses 0.2).
        margin: loss-augmented training: while training, every label but the gold one
            scores this much more, so that a token also updates the weights when the gold
            label wins by less (0, the plain perceptron, in the shipped model; docs/ner.md).
        unicode_shapes: read non-ASCII characters by their Unicode category in the shape
            and case features (saved in the model; docs/ner.md).
        types: the model's entity types, in this order (None: those of the training tags).
        target_source: source adaptation: the ``-DOCSTART- source=NAME`` whose private
            feature copy is added to the shared weights (None: no adaptation).

    Training runs in C++ with the GIL released (the callback takes it for its call);
    Ctrl-C stops it at the end of an epoch.
    """
    train_path = _data_path("train", train)
    dev_path = _data_path("dev", dev, required=False)
    clusters_path = _data_path("clusters", clusters, required=False)
    gazetteer_path = _data_path("gazetteer", gazetteer, required=False)
    vectors_path = _data_path("vectors", vectors, required=False)
    _check_positive("epochs", epochs, 1)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")
    if not 0 <= seed < 2**64:
        raise _core.ConfigError(f"seed must be in [0, 2**64), not {seed}")
    _check_positive("min_count", min_count, 1)
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError("on_epoch must be callable or None")
    _check_positive("ensemble", ensemble, 1)
    if isinstance(word_dropout, bool) or not isinstance(word_dropout, (int, float)):
        raise TypeError(f"word_dropout must be a number, not {type(word_dropout).__name__}")
    if not 0.0 <= word_dropout < 1.0:  # also NaN
        raise _core.ConfigError(f"word_dropout must be in [0, 1), not {word_dropout}")
    if isinstance(margin, bool) or not isinstance(margin, (int, float)):
        raise TypeError(f"margin must be a number, not {type(margin).__name__}")
    if not 0.0 <= margin < 1000.0:  # also NaN
        raise _core.ConfigError(f"margin must be in [0, 1000), not {margin}")
    if target_source is not None and not isinstance(target_source, str):
        raise TypeError(f"target_source must be a str or None, not {type(target_source).__name__}")
    if out is not None:  # before training, which may take hours
        out = _check_out_path("out", out, [train_path, dev_path, clusters_path, gazetteer_path, vectors_path])
    if isinstance(disable, str):
        disable = [g for g in disable.split(",") if g]
    recognizer = _core.train_ner(
        train_path,
        dev_path,
        epochs=epochs,
        seed=seed,
        clusters=clusters_path,
        gazetteer=gazetteer_path,
        vectors=vectors_path,
        disable=None if disable is None else list(disable),
        min_count=min_count,
        prune=float(prune),
        min_weight=min_weight,
        keep_best=bool(keep_best),
        ensemble=ensemble,
        word_dropout=float(word_dropout),
        margin=float(margin),
        unicode_shapes=bool(unicode_shapes),
        types=[] if types is None else _str_list("types", types),
        target_source="" if target_source is None else str(target_source),
        on_epoch=on_epoch,
    )
    nlp = Pipeline(recognizer)
    if out is not None:
        nlp.to_disk(out)
        nlp._path = os.fspath(out)
    return nlp


def evaluate(data: PathLike, model: Union[None, PathLike, Pipeline] = None) -> Dict[str, Any]:
    """Score a model on a CoNLL file, like ``byline evaluate``; returns the JSON object as a dict.

    ``model`` is a :class:`Pipeline`, a model path, or None for the default model.
    The dict holds overall ``precision``, ``recall`` and ``f1`` (percentages, exact span
    match as conlleval computes them), ``per_type`` scores, ``tokens``,
    ``tokens_per_second`` and more. Tagging runs with the GIL released. A file without
    sentences raises :class:`byline.FormatError` (its scores would be 0/0).
    """
    data_path = _data_path("data", data)
    nlp = model if isinstance(model, Pipeline) else load(model)
    result: Dict[str, Any] = json.loads(_core.evaluate_ner(nlp.recognizer, data_path))
    if not result.get("tokens"):  # precision and recall would be 0/0
        raise _core.FormatError(f"{data_path}: no sentences to score (no token lines)")
    if nlp.path is not None:
        result.setdefault("model", nlp.path)
    return result
