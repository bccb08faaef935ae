"""Named-entity recognition: :class:`Pipeline`, :func:`load`, :func:`train`, :func:`evaluate`.

A :class:`Pipeline` is the tokenizer plus a trained statistical entity recognizer
(averaged structured perceptron over BILOU tags, Viterbi decoding; C++ core)::

    >>> nlp = byline.load()                      # the shipped English news model
    >>> doc = nlp("Angela Merkel met Reuters staff in Berlin on Monday.")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Angela Merkel', 'PERSON'), ('Reuters', 'ORG'), ('Berlin', 'GPE')]
    >>> for doc in nlp.pipe(texts, threads=0):   # batches on all cores, GIL released
    ...     ...

Labels follow the news schema: ``PERSON``, ``ORG``, ``GPE`` (a LOC span that is a known
country, city or region), ``LOC`` and ``MISC``.

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
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from byline import _core
from byline.doc import Doc
from byline.tokenizer import Text, Tokenizer, _wrap

__all__ = ["DEFAULT_MODEL", "Pipeline", "evaluate", "load", "load_bytes", "train"]

PathLike = Union[str, "os.PathLike[str]"]

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
    """Tokenizer plus entity recognizer: ``nlp(text)`` returns a :class:`byline.Doc` with ``doc.ents`` set.

    Make one with :func:`byline.load`, :func:`byline.load_bytes` or :func:`byline.train`.

    Args:
        recognizer: a compiled ``byline._core.EntityRecognizer``.
        tokenizer: the :class:`byline.Tokenizer` to use (default: strict UTF-8, sentences on).
        path: where the model was loaded from, if anywhere (for ``repr`` and ``info``).
    """

    __slots__ = ("_ner", "_tokenizer", "_path", "__weakref__")

    def __init__(self, recognizer: _core.EntityRecognizer, tokenizer: Optional[Tokenizer] = None,
                 path: Optional[str] = None) -> None:
        if not isinstance(recognizer, _core.EntityRecognizer):
            raise TypeError(f"Pipeline() expects a byline._core.EntityRecognizer, not {type(recognizer).__name__}; "
                            "use byline.load()")
        if tokenizer is not None and not isinstance(tokenizer, Tokenizer):
            raise TypeError(f"tokenizer must be a byline.Tokenizer, not {type(tokenizer).__name__}")
        self._ner = recognizer
        self._tokenizer = tokenizer if tokenizer is not None else Tokenizer()
        self._path = path

    # ------------------------------------------------------------------ processing
    def __call__(self, text: Union[Text, Doc]) -> Doc:
        """Tokenize ``text`` (``str`` or ``bytes``) and add entities (GIL released meanwhile).

        Passing a :class:`byline.Doc` returns a new Doc with the model's entities added
        to the ones it already has.
        """
        if isinstance(text, Doc):
            return Doc(self._ner.annotate(text._c), text._text)
        return _wrap(self._ner.process(self._tokenizer._c, text), text)

    def pipe(self, texts: Iterable[Text], threads: int = 0, batch_size: int = 256) -> Iterator[Doc]:
        """Process a stream of texts; yields one :class:`byline.Doc` per text, in input order.

        The iterable is consumed lazily, ``batch_size`` texts at a time, so memory stays
        bounded for an endless generator. Each batch is tokenized and tagged in C++ on
        ``threads`` threads (0 = all cores) with the GIL released. ``threads < 0`` or
        ``batch_size < 1`` raise ValueError right away. If a text fails
        (e.g. invalid UTF-8 under ``errors="strict"``), the error of the first failing
        text of its batch (named by its position in the stream) is raised after the
        Docs of the earlier batches were yielded.
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError("pipe() expects an iterable of str/bytes, not a single str/bytes")
        _check_positive("threads", threads, 0)
        _check_positive("batch_size", batch_size, 1)
        return self._pipe(iter(texts), threads, batch_size)

    def _pipe(self, it: Iterator[Text], threads: int, batch_size: int) -> Iterator[Doc]:
        tok = self._tokenizer._c
        done = 0
        while True:
            batch = list(islice(it, batch_size))
            if not batch:
                return
            cores = self._ner.process_batch(tok, batch, threads, done)
            done += len(batch)
            for core, source in zip(cores, batch):
                yield _wrap(core, source)

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
        """The entity labels the pipeline assigns, sorted (e.g. GPE, LOC, MISC, ORG, PERSON)."""
        return tuple(self._ner.labels)

    @property
    def entity_types(self) -> Tuple[str, ...]:
        """The raw (CoNLL) entity types of the model, e.g. LOC, MISC, ORG, PER."""
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

    def __reduce__(self) -> Tuple[Any, Tuple[bytes, str, bool]]:
        tok = self._tokenizer
        return (_pipeline_from_bytes, (self.to_bytes(), tok.errors, tok.sentences))

    def __repr__(self) -> str:
        source = f"path={self._path!r}, " if self._path is not None else ""
        return f"<byline.Pipeline {source}labels={list(self.labels)}>"


def _pipeline_from_bytes(data: bytes, errors: str, sentences: bool) -> Pipeline:
    """Unpickling helper."""
    return load_bytes(data, errors=errors, sentences=sentences)


def load(path: Optional[PathLike] = None, *, errors: str = "strict", sentences: bool = True) -> Pipeline:
    """Load an NER pipeline: the shipped default English news model, or the model file at ``path``.

    ``path`` may be a model file or a directory holding ``model.bin``. No download
    ever happens. Raises :class:`byline.ModelError` when the file is missing,
    truncated, corrupted or of an unsupported version (the message says which; for
    the default model it says how to build it). ``errors`` and ``sentences`` configure
    the tokenizer as in :class:`byline.Tokenizer`.
    """
    tokenizer = Tokenizer(errors=errors, sentences=sentences)
    model = _resolve_model_path(path)
    return Pipeline(_core.EntityRecognizer.load(str(model)), tokenizer, str(model))


def load_bytes(data: Union[bytes, bytearray, memoryview], *, errors: str = "strict",
               sentences: bool = True) -> Pipeline:
    """Load a pipeline from the bytes of a model file (as :meth:`Pipeline.to_bytes` returns them)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"load_bytes() expects bytes, not {type(data).__name__}")
    tokenizer = Tokenizer(errors=errors, sentences=sentences)
    return Pipeline(_core.EntityRecognizer.from_bytes(bytes(data)), tokenizer)


def _data_path(name: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be the path of a CoNLL file (str or os.PathLike), not {type(value).__name__}")
    path = os.fspath(value)
    if not os.path.isfile(path):
        raise ValueError(f"{name}: no such file: {path}")
    return str(path)


def train(train: PathLike, dev: Optional[PathLike] = None, out: Optional[PathLike] = None, epochs: int = 10,
          seed: int = 1, clusters: Optional[PathLike] = None, gazetteer: Optional[PathLike] = None,
          on_epoch: Optional[Callable[[Dict[str, Any]], Any]] = None, *, disable: Optional[Sequence[str]] = None,
          min_count: int = 1, prune: float = 0.0, keep_best: bool = True, ensemble: int = 1) -> Pipeline:
    """Train an entity recognizer on CoNLL files, like ``byline train``; returns the :class:`Pipeline`.

    Args:
        train: CoNLL training file (IOB1 or IOB2; ``-DOCSTART-`` lines separate documents).
        dev: optional CoNLL dev file, scored after every epoch; with ``keep_best`` the
            weights of the best dev epoch are kept.
        out: if given, the model file is written there.
        epochs, seed: passes over the data and shuffling seed; the same seed, data and
            options give a byte-identical model.
        clusters: word clusters file (``word<TAB>class...`` lines, see ``byline clusters``).
        gazetteer: gazetteer file (``TYPE<TAB>phrase`` lines).
        on_epoch: called after every epoch with a dict ``{"epoch", "seconds",
            "train_error_rate", "dev"}`` (``dev``: precision/recall/f1/gold/predicted/correct
            or None). An exception it raises stops training and propagates. With
            ``ensemble > 1`` it is called once, after training, and only with ``dev``.
        disable: feature groups to switch off (ablations): "clusters", "gazetteer", "doc",
            "context2", "affixes", "bigrams", "memory", "memoryvotes", "runs", "casevariant".
            None keeps the trainer's default (only "casevariant" off); a list replaces it.
        min_count: drop features seen fewer times in training.
        prune: drop averaged weights with ``|w|`` below this.
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
    if isinstance(disable, str):
        disable = [g for g in disable.split(",") if g]
    recognizer = _core.train_ner(train_path, dev_path, epochs=epochs, seed=seed, clusters=clusters_path,
                                 gazetteer=gazetteer_path, disable=None if disable is None else list(disable),
                                 min_count=min_count, prune=float(prune), keep_best=bool(keep_best),
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
    ``tokens_per_second`` and more. Tagging runs with the GIL released.
    """
    data_path = _data_path("data", data)
    nlp = model if isinstance(model, Pipeline) else load(model)
    result: Dict[str, Any] = json.loads(_core.evaluate_ner(nlp._ner, data_path))
    if nlp.path is not None:
        result.setdefault("model", nlp.path)
    return result
