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
as its model bytes, so it can be sent to worker processes.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from byline import _core
from byline.analysis import Analysis, _analyze_stream, analyze_doc
from byline.articles import Article
from byline.doc import Doc
from byline.tokenizer import Text, Tokenizer, _wrap

__all__ = ["DEFAULT_MODEL", "Pipeline", "evaluate", "gazetteer_dir", "load", "load_bytes", "train"]

PathLike = Union[str, "os.PathLike[str]"]
#: A user phrase: (label, phrase, value as JSON text or "").
Phrase = Tuple[str, str, str]
#: User phrases: {label: [phrase, ...]}, phrases (with label=), (label, phrase[, value]) tuples, or a list file.
Phrases = Union[str, "os.PathLike[str]", Dict[str, Any], Iterable[Any]]
#: User patterns: a list of pattern dicts, a JSON string, or the path of a JSON file.
Patterns = Union[str, "os.PathLike[str]", Sequence[Dict[str, Any]], Dict[str, Any]]

#: Name of the default model, shipped inside the package as ``byline/models/en_news``.
DEFAULT_MODEL = "en_news"
_MODEL_FILE = "model.bin"


def default_model_path() -> Path:
    """Where the shipped default model lives inside the installed package (it may be absent)."""
    return Path(str(resources.files("byline"))) / "models" / DEFAULT_MODEL / _MODEL_FILE


def _resolve_model_path(path: Optional[PathLike]) -> Path:
    if path is None:
        model = default_model_path()
        if not model.is_file():
            raise _core.ModelError(
                f"the default NER model is not installed ({model} is missing). Build it with `make model` "
                f"(tools/ner/build_model.sh) in the byline source tree, which writes models/{DEFAULT_MODEL}/"
                f"model.bin, then reinstall the package; or pass the path of a model file to byline.load(path)"
            )
        return model
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"model path must be a str or os.PathLike, not {type(path).__name__}")
    model = Path(os.fspath(path))
    if model.is_dir():  # a model directory such as models/en_news
        model = model / _MODEL_FILE
    return model


def _check_positive(name: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, not {value}")
    return value


class Pipeline:
    """Tokenizer, entity recognizer and entity ruler: ``nlp(text)`` returns a :class:`byline.Doc` with ``doc.ents``.

    Make one with :func:`byline.load`, :func:`byline.load_bytes` or :func:`byline.train`.
    The stages run in C++ in this order: tokenizer, statistical NER (the OntoNotes name
    types PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE),
    then the ruler (``rules=True``: DATE, TIME, MONEY, PERCENT, CARDINAL,
    ORDINAL, QUANTITY with normalised ``ent.value``; GPE/LOC/NORP gazetteers; plus user
    patterns from :meth:`add_patterns`), whose candidates are merged with the model's
    entities by the documented policy (user patterns win, then the longer span, then
    pattern > gazetteer > model; docs/entities.md).

    Args:
        recognizer: a compiled ``byline._core.EntityRecognizer``.
        tokenizer: the :class:`byline.Tokenizer` to use (default: strict UTF-8, sentences on).
        path: where the model was loaded from, if anywhere (for ``repr`` and ``info``).
        rules: run the built-in recognisers and gazetteers after the model.
        patterns: user token patterns, as for :meth:`add_patterns`.

    THREAD SAFETY: processing is thread-safe. :meth:`add_patterns` and :meth:`add_phrases` swap in a new ruler
    (calls already running keep the old one); call it before sharing the pipeline.
    """

    __slots__ = ("_ner", "_tokenizer", "_path", "_rules", "_patterns", "_phrases", "_fold_case", "_ruler",
                 "__weakref__")

    def __init__(self, recognizer: _core.EntityRecognizer, tokenizer: Optional[Tokenizer] = None,
                 path: Optional[str] = None, *, rules: bool = False, patterns: Optional[Patterns] = None) -> None:
        if not isinstance(recognizer, _core.EntityRecognizer):
            raise TypeError(f"Pipeline() expects a byline._core.EntityRecognizer, not {type(recognizer).__name__}; "
                            "use byline.load()")
        if tokenizer is not None and not isinstance(tokenizer, Tokenizer):
            raise TypeError(f"tokenizer must be a byline.Tokenizer, not {type(tokenizer).__name__}")
        if not isinstance(rules, bool):
            raise TypeError(f"rules must be a bool, not {type(rules).__name__}")
        self._ner = recognizer
        self._tokenizer = tokenizer if tokenizer is not None else Tokenizer()
        self._path = path
        self._rules = rules
        self._patterns: List[Dict[str, Any]] = []
        self._phrases: List[Phrase] = []
        self._fold_case = False
        self._ruler: Optional[_core.EntityRuler] = None
        if patterns is not None:
            self.add_patterns(patterns)
        else:
            self._ruler = self._make_ruler(self._patterns, self._phrases, self._fold_case)

    # ------------------------------------------------------------------ rules
    def _make_ruler(self, patterns: List[Dict[str, Any]], phrases: List[Phrase],
                    fold_case: bool) -> Optional[_core.EntityRuler]:
        if not self._rules and not patterns and not phrases:
            return None
        labels = {str(p.get("label", "")) for p in patterns if isinstance(p, dict)} | {p[0] for p in phrases}
        return _core.EntityRuler(
            resource_dir=str(gazetteer_dir()) if self._rules else "",
            patterns_json=json.dumps(patterns, ensure_ascii=False) if patterns else "",
            numbers=self._rules,
            dates=self._rules,
            user_phrases=phrases,
            fold_case=fold_case,
            user_labels=sorted(labels - {""}),
        )

    def add_phrases(self, phrases: Phrases, label: Optional[str] = None, *,
                    fold_case: Optional[bool] = None) -> None:
        """Add user phrase lists (a token trie: fast for long lists), matched with source ``"user"``.

        ``phrases`` is one of:

        * a mapping ``{"PRODUCT": ["GigaChat", "Kandinsky"], ...}``;
        * an iterable of phrases, all with ``label``;
        * an iterable of ``(label, phrase)`` or ``(label, phrase, value)`` tuples, where
          ``value`` is JSON given to the matches (e.g. ``'{"id": "Q1"}'``);
        * the path of a list file: ``LABEL<TAB>phrase[<TAB>json value]`` lines, blank
          lines and ``#`` comments skipped (the format of the built-in gazetteers).

        Phrases are tokenized like the text, so ``People's Republic`` matches ``People’s
        Republic``. ``fold_case=True`` matches all user phrases case-insensitively
        (the setting is one for the pipeline; None keeps it). Raises
        :class:`byline.ConfigError` for a malformed entry and leaves the pipeline unchanged.
        """
        new = _read_phrases(phrases, label)
        folded = self._fold_case if fold_case is None else bool(fold_case)
        if not new and folded == self._fold_case:
            return
        combined = self._phrases + new
        self._ruler = self._make_ruler(self._patterns, combined, folded)
        self._phrases, self._fold_case = combined, folded

    @property
    def phrases(self) -> List[Phrase]:
        """The user phrases added so far, as ``(label, phrase, value_json)`` tuples."""
        return list(self._phrases)

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
        _core.EntityRuler(patterns_json=json.dumps(new, ensure_ascii=False), numbers=False, dates=False)  # validate
        combined = self._patterns + new
        self._ruler = self._make_ruler(combined, self._phrases, self._fold_case)
        self._patterns = combined

    @property
    def patterns(self) -> List[Dict[str, Any]]:
        """A copy of the user patterns added so far (as dicts)."""
        return json.loads(json.dumps(self._patterns))  # type: ignore[no-any-return]

    @property
    def rules(self) -> bool:
        """True when the built-in recognisers and gazetteers run after the model."""
        return self._rules

    @property
    def ruler(self) -> Optional[_core.EntityRuler]:
        """The compiled rule stage (``byline._core.EntityRuler``), or None when there is none."""
        return self._ruler

    # ------------------------------------------------------------------ processing
    def __call__(self, text: Union[Text, Doc, Article], *, date: Optional[str] = None) -> Doc:
        """Tokenize ``text`` (``str`` or ``bytes``) and add entities (GIL released meanwhile).

        ``date`` (``"yyyy-mm-dd"``, e.g. the publication date) is stored as the Doc's
        meta ``"date"`` and anchors relative and year-less dates (``December 30`` in an
        article dated 2025-01-02 is ``2024-12-30``); ValueError when it is not a date.
        Passing a :class:`byline.Doc` returns a new Doc with the model's and the rules'
        entities merged with the ones it already has (its meta ``"date"`` is used when
        ``date`` is not given). A :class:`byline.Article` is processed as its text, with
        its ``published`` date when ``date`` is not given, and its id, title, url, source
        and language set as Doc meta.
        """
        if isinstance(text, Article):
            doc = self(text.text, date=date if date is not None else text.date)
            _set_article_meta(doc, text)
            return doc
        day = _check_date(date)
        ruler = self._ruler
        if isinstance(text, Doc):
            if ruler is not None:
                return Doc(ruler.annotate(text._c, self._ner, day), text._text)
            doc = Doc(self._ner.annotate(text._c), text._text)
        elif ruler is not None:
            return _wrap(ruler.process(self._tokenizer._c, self._ner, text, day), text)
        else:
            doc = _wrap(self._ner.process(self._tokenizer._c, text), text)
        if day:
            doc.set_meta("date", day)
        return doc

    def pipe(self, texts: Iterable[Union[Text, Article]], threads: int = 0, batch_size: int = 256, *,
             date: Union[None, str, Iterable[Optional[str]]] = None) -> Iterator[Doc]:
        """Process a stream of texts; yields one :class:`byline.Doc` per text, in input order.

        The iterable is consumed lazily, ``batch_size`` texts at a time, so memory stays
        bounded for an endless generator. Each batch is tokenized, tagged and matched in
        C++ on ``threads`` threads (0 = all cores) with the GIL released. ``date`` is
        one ISO date for every text or an iterable of dates (str or None), consumed in
        step with ``texts``. ``threads < 0`` or ``batch_size < 1`` raise ValueError right
        away. If a text fails (e.g. invalid UTF-8 under ``errors="strict"``), the error
        of the first failing text of its batch (named by its position in the stream) is
        raised after the Docs of the earlier batches were yielded. Items may be
        :class:`byline.Article` objects: each is processed as its text, dated by its
        ``published`` date unless ``date`` gives one for it, with its metadata in the Doc meta.
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError("pipe() expects an iterable of str/bytes, not a single str/bytes")
        _check_positive("threads", threads, 0)
        _check_positive("batch_size", batch_size, 1)
        dates: Union[None, str, Iterator[Optional[str]]]
        if date is None or isinstance(date, str):
            dates = _check_date(date) or None
        else:
            dates = iter(date)
        return self._pipe(iter(texts), threads, batch_size, dates)

    def _pipe(self, it: Iterator[Union[Text, Article]], threads: int, batch_size: int,
              dates: Union[None, str, Iterator[Optional[str]]]) -> Iterator[Doc]:
        tok = self._tokenizer._c
        done = 0
        while True:
            items = list(islice(it, batch_size))
            if not items:
                return
            ruler = self._ruler
            batch_dates: Union[None, str, List[Optional[str]]] = dates
            if dates is not None and not isinstance(dates, str):
                batch_dates = list(islice(dates, len(items)))
                if len(batch_dates) != len(items):
                    raise ValueError(f"date: ran out of dates after {done + len(batch_dates)} texts")
            arts: List[Optional[Article]] = [a if isinstance(a, Article) else None for a in items]
            batch: List[Text]
            if any(a is not None for a in arts):
                given = [batch_dates] * len(items) if not isinstance(batch_dates, list) else batch_dates
                batch_dates = [d if d is not None or a is None else a.date for d, a in zip(given, arts)]
                for k, d in enumerate(batch_dates):
                    if d is not None:
                        try:
                            _check_date(d)
                        except ValueError as e:
                            raise ValueError(f"text {done + k}: {e}") from None
                batch = [a.text if a is not None else t for a, t in zip(arts, items)]  # type: ignore[misc]
            else:
                batch = items  # type: ignore[assignment]
            if ruler is not None:
                cores = ruler.process_batch(tok, self._ner, batch, threads, done, batch_dates)
            else:
                cores = self._ner.process_batch(tok, batch, threads, done)
            done += len(batch)
            for k, (core, source) in enumerate(zip(cores, batch)):
                doc = _wrap(core, source)
                if ruler is None and batch_dates is not None:
                    day = batch_dates if isinstance(batch_dates, str) else _check_date(batch_dates[k])
                    if day:
                        doc.set_meta("date", day)
                art = arts[k]
                if art is not None:
                    _set_article_meta(doc, art)
                yield doc

    def analyze(self, text: Union[Text, Doc, Article], *, date: Optional[str] = None) -> Analysis:
        """Process ``text`` (or take a processed :class:`byline.Doc` as is) and analyse the article.

        Returns a :class:`byline.Analysis`: the Doc plus boilerplate regions, entity
        clusters with canonical names (``Putin`` ... ``Vladimir Putin``), roles and quotes
        with speakers. A Doc passed in is analysed with the entities it has. Runs in C++
        with the GIL released.
        """
        doc = text if isinstance(text, Doc) else self(text, date=date)
        return analyze_doc(doc)

    def analyze_pipe(self, texts: Iterable[Union[Text, Article]], threads: int = 0, batch_size: int = 256, *,
                     date: Union[None, str, Iterable[Optional[str]]] = None) -> Iterator[Analysis]:
        """:meth:`pipe` followed by :meth:`analyze`, batch by batch on C++ threads; yields :class:`byline.Analysis`."""
        docs = self.pipe(texts, threads, batch_size, date=date)
        return _analyze_stream(docs, threads, batch_size)

    def predict_tags(self, text: Union[Text, Doc]) -> List[str]:
        """The raw IOB2 tag of every token (``"B-PER"``, ``"I-ORG"``, ``"O"``, ...)."""
        doc = text if isinstance(text, Doc) else self._tokenizer.tokenize(text)
        return list(self._ner.predict_tags(doc._c))

    # ------------------------------------------------------------------ properties
    @property
    def tokenizer(self) -> Tokenizer:
        """The :class:`byline.Tokenizer` the pipeline runs first."""
        return self._tokenizer

    @property
    def recognizer(self) -> _core.EntityRecognizer:
        """The compiled entity recognizer (``byline._core.EntityRecognizer``)."""
        return self._ner

    @property
    def labels(self) -> Tuple[str, ...]:
        """The entity labels the pipeline assigns, sorted: the model's, the rules' and the user patterns'."""
        labels = set(self._ner.labels)
        if self._ruler is not None:
            labels.update(self._ruler.labels)
        return tuple(sorted(labels))

    @property
    def entity_types(self) -> Tuple[str, ...]:
        """The entity types the model predicts (the shipped model: the OntoNotes name types; a
        model trained on CoNLL-2003 files: LOC, MISC, ORG, PER)."""
        return tuple(self._ner.entity_types())

    @property
    def path(self) -> Optional[str]:
        """The model file the pipeline was loaded from (None for one made from bytes or trained)."""
        return self._path

    @property
    def info(self) -> Dict[str, Any]:
        """Model configuration and provenance as a dict (labels, features, sizes, training history)."""
        info: Dict[str, Any] = json.loads(self._ner.info_json())
        if self._path is not None:
            info.setdefault("path", self._path)
        return info

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self) -> bytes:
        """The model as bytes (exactly the model file); :func:`byline.load_bytes` reverses it."""
        return self._ner.to_bytes()

    def to_disk(self, path: PathLike) -> None:
        """Write the model file to ``path`` (:class:`byline.ModelError` when it cannot be written)."""
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
        self._ner.save(os.fspath(path))

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        tok = self._tokenizer
        return (_pipeline_from_bytes, (self.to_bytes(), tok.errors, tok.sentences, self._rules, self._patterns,
                                       self._phrases, self._fold_case))

    def __repr__(self) -> str:
        source = f"path={self._path!r}, " if self._path is not None else ""
        rules = f", rules={self._rules}, patterns={len(self._patterns)}, phrases={len(self._phrases)}"
        return f"<byline.Pipeline {source}labels={list(self.labels)}{rules}>"


def _pipeline_from_bytes(data: bytes, errors: str, sentences: bool, rules: bool = False,
                         patterns: Optional[List[Dict[str, Any]]] = None, phrases: Optional[List[Phrase]] = None,
                         fold_case: bool = False) -> Pipeline:
    """Unpickling helper."""
    nlp = Pipeline(_core.EntityRecognizer.from_bytes(data), Tokenizer(errors=errors, sentences=sentences),
                   rules=rules, patterns=patterns or None)
    if phrases or fold_case:
        nlp.add_phrases(phrases or [], fold_case=fold_case)
    return nlp


def _read_phrases(phrases: Phrases, label: Optional[str]) -> List[Phrase]:
    """User phrases as (label, text, value_json) tuples, from a mapping, an iterable or a list file."""
    out: List[Phrase] = []

    def add(lab: Any, text: Any, value: Any = "", where: str = "") -> None:
        if not isinstance(lab, str) or not lab.strip() or not isinstance(text, str) or not text.strip():
            raise _core.ConfigError(f"phrases{where}: label and phrase must be non-empty str, not {lab!r}, {text!r}")
        if value is None:
            value = ""
        if not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)
        elif value:
            try:
                json.loads(value)
            except ValueError:
                raise _core.ConfigError(f"phrases{where}: value is not JSON: {value!r}") from None
        out.append((lab.strip(), text.strip(), value))

    if isinstance(phrases, os.PathLike) or isinstance(phrases, str):
        path = Path(os.fspath(phrases))
        lines = _read_list_file(path, "phrases").splitlines()
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) not in (2, 3):
                raise _core.ConfigError(f"phrases: {path}:{n}: expected LABEL<TAB>phrase[<TAB>json value]")
            add(*cols, where=f" ({path}:{n})")
    elif isinstance(phrases, dict):
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


def _set_article_meta(doc: Doc, article: Article) -> None:
    """Copy an Article's metadata (id, title, url, source, language) into the Doc's meta."""
    for key, value in article.meta.items():
        doc.set_meta(key, value)


def _check_date(date: Optional[str]) -> str:
    """'' for None; the date itself when it is an ISO date, else ValueError (TypeError for a non-str)."""
    if date is None:
        return ""
    if not isinstance(date, str):
        raise TypeError(f"date must be an ISO date str 'yyyy-mm-dd' or None, not {type(date).__name__}")
    if _core.parse_date(date) is None:
        raise ValueError(f"date must be an ISO date 'yyyy-mm-dd', not {date!r}")
    return date


#: Largest pattern or phrase file read (as the C++ readers: internal/files.h).
MAX_LIST_FILE_BYTES = 256 << 20


def _read_list_file(path: Path, what: str) -> str:
    """The text of a pattern or phrase file: a regular file of at most MAX_LIST_FILE_BYTES
    (a FIFO or device would block or never end, so it is refused before it is opened)."""
    # Opened without blocking and checked on the open descriptor, so a FIFO (even one
    # swapped in for the path) is refused, never read from.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _core.ConfigError(f"{what}: cannot read {path}: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise _core.ConfigError(f"{what}: {path} is {kind}")
        if st.st_size > MAX_LIST_FILE_BYTES:
            raise _core.ConfigError(f"{what}: {path} is {st.st_size} bytes; the limit is {MAX_LIST_FILE_BYTES}")
        try:
            data = f.read(MAX_LIST_FILE_BYTES + 1)
        except OSError as e:
            raise _core.ConfigError(f"{what}: cannot read {path}: {e.strerror or e}") from None
    if len(data) > MAX_LIST_FILE_BYTES:
        raise _core.ConfigError(f"{what}: {path} grew beyond the limit of {MAX_LIST_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _core.ConfigError(f"{what}: {path} is not UTF-8: {e.reason} at byte {e.start}") from None


def _read_patterns(patterns: Patterns) -> List[Dict[str, Any]]:
    """User patterns as a list of dicts, from a list, a JSON string or a JSON file."""
    data: Any
    if isinstance(patterns, os.PathLike) or (isinstance(patterns, str) and patterns.lstrip()[:1] not in ("[", "{")):
        path = Path(os.fspath(patterns))
        text = _read_list_file(path, "patterns")
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
            raise _core.ConfigError("patterns: a JSON object must hold a \"patterns\" array")
        data = data["patterns"]
    if not isinstance(data, list):
        raise _core.ConfigError(f"patterns: expected an array of patterns, not {type(data).__name__}")
    try:
        return json.loads(json.dumps(data))  # type: ignore[no-any-return]  # a deep copy, JSON types only
    except (TypeError, ValueError) as e:
        raise _core.ConfigError(f"patterns: not JSON-serialisable: {e}") from None


def gazetteer_dir() -> Path:
    """Where the built-in gazetteers (gpe, loc, norp, titles .txt and NOTICE.md) live in the installed package."""
    return Path(str(resources.files("byline"))) / "data" / "gazetteers"


def load(path: Optional[PathLike] = None, *, errors: str = "strict", sentences: bool = True, rules: bool = True,
         patterns: Optional[Patterns] = None) -> Pipeline:
    """Load an entity pipeline: the shipped default English news model, or the model file at ``path``.

    With ``rules=True`` (default) the entity ruler runs after the model: DATE, TIME,
    MONEY, PERCENT, CARDINAL, ORDINAL, QUANTITY with normalised values, and the shipped
    GPE/LOC/NORP gazetteers (``rules=False``: the statistical model only). ``patterns``
    are user patterns as for :meth:`Pipeline.add_patterns`.

    ``path`` may be a model file or a directory holding ``model.bin``. No download
    ever happens. Raises :class:`byline.ModelError` when the file is missing,
    truncated, corrupted or of an unsupported version (the message says which; for
    the default model it says how to build it). ``errors`` and ``sentences`` configure
    the tokenizer as in :class:`byline.Tokenizer`.
    """
    tokenizer = Tokenizer(errors=errors, sentences=sentences)
    model = _resolve_model_path(path)
    return Pipeline(_core.EntityRecognizer.load(str(model)), tokenizer, str(model), rules=rules, patterns=patterns)


def load_bytes(data: Union[bytes, bytearray, memoryview], *, errors: str = "strict",
               sentences: bool = True, rules: bool = False, patterns: Optional[Patterns] = None) -> Pipeline:
    """Load a pipeline from the bytes of a model file (as :meth:`Pipeline.to_bytes` returns them).

    ``rules`` and ``patterns`` as in :func:`load` (the rules are off by default here, as
    the bytes hold the statistical model only).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"load_bytes() expects bytes, not {type(data).__name__}")
    tokenizer = Tokenizer(errors=errors, sentences=sentences)
    return Pipeline(_core.EntityRecognizer.from_bytes(bytes(data)), tokenizer, rules=rules, patterns=patterns)


def _data_path(name: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be the path of a CoNLL file (str or os.PathLike), not {type(value).__name__}")
    path = os.fspath(value)
    if not os.path.isfile(path):
        raise ValueError(f"{name}: no such file: {path}")
    return str(path)


def _check_out_path(name: str, value: PathLike, inputs: Sequence[str]) -> str:
    """``value`` as a str, once a file can be written there: not a directory, in an
    existing writable directory, writable if it exists, and none of ``inputs`` (checked
    before a long run rather than after it)."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or os.PathLike), not {type(value).__name__}")
    path = str(os.fspath(value))
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


def train(train: PathLike, dev: Optional[PathLike] = None, out: Optional[PathLike] = None, epochs: int = 10,
          seed: int = 1, clusters: Optional[PathLike] = None, gazetteer: Optional[PathLike] = None,
          on_epoch: Optional[Callable[[Dict[str, Any]], Any]] = None, *, disable: Optional[Sequence[str]] = None,
          min_count: int = 1, prune: float = 0.0, min_weight: int = 0, keep_best: bool = True,
          ensemble: int = 1) -> Pipeline:
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
        clusters: word clusters file (``word<TAB>class...`` lines, see ``byline clusters``).
        gazetteer: gazetteer file (``TYPE<TAB>phrase`` lines).
        on_epoch: called after every epoch with a dict ``{"epoch", "seconds",
            "train_error_rate", "dev"}`` (``dev``: precision/recall/f1/gold/predicted/correct
            or None). An exception it raises stops training and propagates. With
            ``ensemble > 1`` the figures are those of the averaged members.
        disable: feature groups to switch off (ablations): "clusters", "gazetteer", "doc",
            "context2", "affixes", "bigrams", "memory", "memoryvotes", "runs", "casevariant".
            None keeps the trainer's default (only "casevariant" off); a list replaces it.
        min_count: drop features seen fewer times in training.
        prune: drop averaged weights with ``|w|`` below this.
        min_weight: drop weights whose int16 value (the largest ``|w|`` maps to 32767) is
            at most this in magnitude: a smaller, faster model (the shipped model uses
            400; see docs/ner.md).
        keep_best: with ``dev``, keep the weights of the best dev epoch (else the last).
        ensemble: train this many perceptrons (seeds ``seed``, ``seed + 1``, ...) and
            average them (1..16).

    Training runs in C++ with the GIL released (the callback takes it for its call);
    Ctrl-C stops it at the end of an epoch.
    """
    train_path = _data_path("train", train)
    dev_path = _data_path("dev", dev, required=False)
    clusters_path = _data_path("clusters", clusters, required=False)
    gazetteer_path = _data_path("gazetteer", gazetteer, required=False)
    _check_positive("epochs", epochs, 1)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must be in [0, 2**64), not {seed}")
    _check_positive("min_count", min_count, 1)
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError("on_epoch must be callable or None")
    _check_positive("ensemble", ensemble, 1)
    if out is not None:  # before training, which may take hours
        out = _check_out_path("out", out, [train_path, dev_path, clusters_path, gazetteer_path])
    if isinstance(disable, str):
        disable = [g for g in disable.split(",") if g]
    recognizer = _core.train_ner(train_path, dev_path, epochs=epochs, seed=seed, clusters=clusters_path,
                                 gazetteer=gazetteer_path, disable=None if disable is None else list(disable),
                                 min_count=min_count, prune=float(prune), min_weight=min_weight,
                                 keep_best=bool(keep_best),
                                 ensemble=ensemble, on_epoch=on_epoch)
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
    result: Dict[str, Any] = json.loads(_core.evaluate_ner(nlp._ner, data_path))
    if not result.get("tokens"):  # precision and recall would be 0/0
        raise _core.FormatError(f"{data_path}: no sentences to score (no token lines)")
    if nlp.path is not None:
        result.setdefault("model", nlp.path)
    return result
