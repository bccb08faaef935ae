"""Entity extraction over a Dask DataFrame or Bag: :func:`extract`.

Each partition goes through :func:`byline.extract_frame` on a worker; the result is two
Dask DataFrames with the fixed columns of :data:`byline.frames.MENTION_COLUMNS` and
:data:`byline.frames.ARTICLE_COLUMNS`::

    >>> import dask, dask.dataframe as dd, byline.dask
    >>> from distributed import Client
    >>> client = Client()                        # or Client("tcp://scheduler:8786")
    >>> ddf = dd.read_parquet("articles/")       # columns body, url, published, ...
    >>> mentions, articles = byline.dask.extract(ddf, text_column="body", id_column="url",
    ...                                          date_column="published")
    >>> m, a = dask.compute(mentions, articles)  # one pass over the articles for both

One pass, two outputs: each input partition becomes one task that returns the pair
(mentions, articles); the two DataFrames are views of those same tasks. Computing or
persisting them *together* (``dask.compute(mentions, articles)``, ``dask.persist(...)``,
or both ``to_parquet(..., compute=False)`` in one ``dask.compute``) runs the pipeline
once per partition; computing them one after the other runs it twice.

The model reaches each worker process once: the worker loads it the first time a
task needs it and keeps it in a per-process cache keyed by the model (its path, or the
SHA-256 of its bytes) and the rules and patterns, so later tasks, and later calls with
the same model, reuse it. ``model`` may be:

* ``None``: the default model shipped in the package installed on each worker;
* a path: a model file (or directory) that every worker can read at that path;
* ``bytes`` (as :meth:`byline.Pipeline.to_bytes` gives them) or a loaded
  :class:`byline.Pipeline` (with its patterns and phrases): sent through the graph as one
  shared dependency, so each worker receives it once per computation, not once per task.

Threads: by default each task runs the pipeline on one C++ thread (``threads=None``).
The scheduler already runs as many tasks at once as there are worker threads (a
worker's ``nthreads``, or the local threaded scheduler's pool), so one thread per task
uses every core without oversubscribing it. ``threads=0`` (all cores per task) is only
right with one single-threaded worker per machine.

Bag items may be dicts (keys ``text_column``, ``id_column`` or ``"id"``,
``date_column`` or ``"published"``, and ``title``/``url``/``source``), :class:`byline.Article`
objects or str. An item without an id gets ``"<partition>-<position>"``.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple

from byline.frames import ARTICLE_COLUMNS, MENTION_COLUMNS, _frame, extract_frame

__all__ = ["extract", "worker_stats"]

_INSTALL = 'byline.dask needs Dask: pip install "dask[dataframe,distributed]" (or pip install "byline[dask]")'

# Per-process state of the workers: pipelines by model key, and counters for tests.
_PIPELINES: Dict[Tuple[Any, ...], Any] = {}
_LOCK = threading.Lock()
_STATS: Dict[str, int] = {"loads": 0, "partitions": 0}


def worker_stats() -> Dict[str, int]:
    """Counters of this process: ``loads`` (pipelines loaded) and ``partitions`` (processed).

    For tests and diagnostics, e.g. ``client.run(byline.dask.worker_stats)`` gives them
    per worker.
    """
    with _LOCK:
        return dict(_STATS)


def _import_dask() -> Tuple[Any, Any, Any]:
    try:
        import dask
        import dask.bag as db
        import dask.dataframe as dd
    except ImportError as e:
        raise ImportError(f"{_INSTALL} ({e})") from None
    return dask, dd, db


class _Model:
    """What a task needs to get the pipeline: a small cache key plus how to load it."""

    __slots__ = ("key", "kind", "path", "rules", "patterns")

    def __init__(
        self,
        key: Tuple[Any, ...],
        kind: str,
        path: Optional[str],
        rules: bool,
        patterns: Optional[List[Dict[str, Any]]],
    ) -> None:
        self.key = key
        self.kind = kind
        self.path = path
        self.rules = rules
        self.patterns = patterns

    def __getstate__(self) -> Tuple[Any, ...]:
        return (self.key, self.kind, self.path, self.rules, self.patterns)

    def __setstate__(self, state: Tuple[Any, ...]) -> None:
        self.key, self.kind, self.path, self.rules, self.patterns = state


def _model_spec(model: Any, rules: Optional[bool], patterns: Any) -> Tuple[_Model, Optional[bytes]]:
    """The model description sent with every task, and the bytes to share (or None)."""
    from byline.pipeline import Pipeline, _read_patterns

    if rules is not None and not isinstance(rules, bool):
        raise TypeError(f"rules must be a bool or None, not {type(rules).__name__}")
    if isinstance(model, Pipeline):
        if rules is not None or patterns is not None:
            raise ValueError(
                "with a Pipeline as model, leave rules and patterns unset: the Pipeline's own "
                "rules, patterns and phrases are used (add_patterns/add_phrases before extract)"
            )
        data = model.to_bytes()  # the whole pipeline: model, package lists, user rules
        digest = hashlib.sha256(data).hexdigest()
        return _Model(("pipeline", digest), "pipeline", None, model.rules, None), data
    use_rules = True if rules is None else rules
    pats = _read_patterns(patterns) if patterns is not None else None
    pats_key = json.dumps(pats, sort_keys=True, ensure_ascii=False) if pats else ""
    if model is None:
        return _Model(("default", use_rules, pats_key), "default", None, use_rules, pats), None
    if isinstance(model, (bytes, bytearray, memoryview)):
        data = bytes(model)
        digest = hashlib.sha256(data).hexdigest()
        return _Model(("bytes", digest, use_rules, pats_key), "bytes", None, use_rules, pats), data
    if isinstance(model, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(model))
        return _Model(("path", path, use_rules, pats_key), "path", path, use_rules, pats), None
    raise TypeError(f"model must be None, a path, bytes or a byline.Pipeline, not {type(model).__name__}")


def _pipeline(spec: _Model, data: Optional[bytes]) -> Any:
    """The pipeline for ``spec`` in this process, loaded on first use."""
    nlp = _PIPELINES.get(spec.key)
    if nlp is not None:
        return nlp
    with _LOCK:
        nlp = _PIPELINES.get(spec.key)
        if nlp is None:
            from byline.pipeline import load, load_bytes

            if spec.kind == "pipeline":
                nlp = load_bytes(data)  # type: ignore[arg-type]
            elif spec.kind == "bytes":
                nlp = load_bytes(data, rules=spec.rules, patterns=spec.patterns)  # type: ignore[arg-type]
            else:
                nlp = load(spec.path, rules=spec.rules, patterns=spec.patterns)
            _PIPELINES[spec.key] = nlp
            _STATS["loads"] += 1
    return nlp


def _share(dask: Any, data: bytes, name: str) -> Any:
    """``data`` as one graph dependency: scattered to the cluster under a distributed
    Client (kept out of the task graph), else a delayed literal (local schedulers)."""
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):  # no distributed, or no Client
        return dask.delayed(data, name=name, pure=True)
    return client.scatter(data, hash=True)


def _bag_frame(items: Sequence[Any], partition: int, text_key: str, id_key: str, date_key: str) -> Any:
    """A pandas frame (text, id, published, title, url, source) of one Bag partition."""
    import pandas as pd

    from byline.articles import Article

    rows: List[Dict[str, Any]] = []
    for k, item in enumerate(items):
        if isinstance(item, Article):
            row = {
                "text": item.text,
                "id": item.id,
                "published": item.published,
                "title": item.title,
                "url": item.url,
                "source": item.source,
            }
        elif isinstance(item, dict):
            row = {
                "text": item.get(text_key),
                "id": item.get(id_key),
                "published": item.get(date_key),
                **{c: item.get(c) for c in ("title", "url", "source")},
            }
        else:  # a str, or anything else: extract_frame names non-str texts as row errors
            row = {"text": item, "id": None, "published": None, "title": None, "url": None, "source": None}
        if row["id"] is None:
            row["id"] = f"{partition}-{k}"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["text", "id", "published", "title", "url", "source"], dtype=object)
    return frame


def _extract_partition(
    part: Any,
    spec: _Model,
    data: Optional[bytes],
    options: Dict[str, Any],
    bag: Optional[Tuple[int, str, str, str]] = None,
) -> Tuple[Any, Any]:
    """One task: the (mentions, articles) frames of one input partition."""
    nlp = _pipeline(spec, data)
    if bag is not None:
        part = _bag_frame(list(part), *bag)
    result = extract_frame(part, nlp, **options)
    with _LOCK:
        _STATS["partitions"] += 1
    return result


def extract(
    data: Any,
    text_column: str = "text",
    id_column: Optional[str] = None,
    date_column: Optional[str] = None,
    model: Any = None,
    rules: Optional[bool] = None,
    patterns: Any = None,
    threads: Optional[int] = None,
    on_error: str = "fail",
    *,
    meta_columns: Sequence[str] = ("title", "url", "source"),
    batch_size: int = 256,
) -> Tuple[Any, Any]:
    """Run the pipeline over a Dask DataFrame or Bag of articles; returns ``(mentions, articles)``.

    Args:
        data: a ``dask.dataframe.DataFrame`` with one article per row, or a ``dask.bag.Bag``
            of dicts, :class:`byline.Article` objects or str.
        text_column, id_column, date_column, meta_columns: as in :func:`byline.extract_frame`
            (for a Bag, the dict keys of text, id and date; ids default to ``"id"`` and
            dates to ``"published"``). Without ``id_column`` the ids are the row index as
            str, unique only if the index is: ``dd.from_pandas`` keeps the pandas index,
            but ``dd.read_csv`` restarts it in every partition, so pass an id column there.
        model: None (the default model on each worker), a model path readable by every
            worker, model bytes, or a :class:`byline.Pipeline`.
        rules, patterns: as in :func:`byline.load` (``rules`` defaults to True); leave them
            unset when ``model`` is a Pipeline.
        threads: C++ threads per task; None (default) is 1, see the module docstring.
        on_error: ``"fail"`` or ``"skip"`` as in :func:`byline.extract_frame`.

    Returns two lazy Dask DataFrames sharing one task per input partition: compute them
    together (``dask.compute(mentions, articles)``) to run the pipeline once. Each input
    row or item yields exactly one articles row; divisions are unknown.
    """
    dask, dd, db = _import_dask()
    from byline.pipeline import _check_positive

    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be 'fail' or 'skip', not {on_error!r}")
    threads = 1 if threads is None else _check_positive("threads", threads, 0)
    _check_positive("batch_size", batch_size, 1)
    spec, payload = _model_spec(model, rules, patterns)
    options: Dict[str, Any] = {
        "threads": threads,
        "batch_size": batch_size,
        "on_error": on_error,
        "meta_columns": tuple(meta_columns),
    }
    shared = _share(dask, payload, f"byline-model-{spec.key[1]}") if payload is not None else None
    run = dask.delayed(_extract_partition, nout=2)
    if isinstance(data, dd.DataFrame):
        for col in (text_column, id_column, date_column):
            if col is not None and col not in data.columns:
                raise KeyError(f"column {col!r} not in the frame (columns: {list(data.columns)})")
        options.update(text_column=text_column, id_column=id_column, date_column=date_column)
        pairs = [run(part, spec, shared, options) for part in data.to_delayed()]
    elif isinstance(data, db.Bag):
        options.update(text_column="text", id_column="id", date_column="published")
        bag_keys = (text_column, id_column or "id", date_column or "published")
        pairs = [run(part, spec, shared, options, (k, *bag_keys)) for k, part in enumerate(data.to_delayed())]
    else:
        raise TypeError(
            f"extract() expects a dask DataFrame or Bag, not {type(data).__name__}"
            " (for a pandas DataFrame use byline.extract_frame, or dd.from_pandas)"
        )
    mentions = dd.from_delayed(
        [p[0] for p in pairs], meta=_frame([], MENTION_COLUMNS), prefix="byline-mentions", verify_meta=False
    )
    articles = dd.from_delayed(
        [p[1] for p in pairs], meta=_frame([], ARTICLE_COLUMNS), prefix="byline-articles", verify_meta=False
    )
    return mentions, articles
