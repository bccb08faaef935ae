"""Tables of processed articles: one row per entity mention, one row per article.

The same flat records back every tabular output of byline: :func:`to_pandas` for a
notebook, ``byline extract --format csv|parquet``, :func:`extract_frame` (pandas in,
pandas out, for Dask ``map_partitions``, Spark ``mapInPandas`` and Ray Data
``map_batches``) and :mod:`byline.dask`::

    >>> docs = list(nlp.pipe(byline.read_articles("news/")))
    >>> mentions = byline.to_pandas(docs)                 # one row per entity
    >>> articles = byline.to_pandas(docs, table="articles")
    >>> byline.to_parquet(docs, "mentions.parquet")
    >>> mentions, articles = byline.extract_frame(df, text_column="body", id_column="url")

Columns and dtypes are fixed (:data:`MENTION_COLUMNS`, :data:`ARTICLE_COLUMNS`) so that
partitions processed apart concatenate into one table. ``value`` is the entity's
normalised value as JSON text (``{"timex": "2024-12-30", "kind": "point", ...}``,
``{"amount": 5e9, "currency": "USD"}``, ``1400000000``), or null (in Parquet a struct of
typed fields, as ``byline extract`` writes it); ``start``/``end`` are code-point offsets
into the article text.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from byline import _core
from byline._core import BylineError
from byline._dates import iso_date
from byline.articles import _opt_str, _prefixed
from byline.doc import Doc

if TYPE_CHECKING:
    from byline.pipeline import Pipeline

__all__ = [
    "ARTICLE_COLUMNS",
    "MENTION_COLUMNS",
    "article_record",
    "extract_frame",
    "mention_records",
    "to_pandas",
    "to_parquet",
]

#: Column name -> pandas dtype of the mentions table.
MENTION_COLUMNS: Dict[str, str] = {
    "article_id": "string",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "label": "string",
    "source": "string",
    "score": "float64",
    "value": "string",
    "sentence": "int64",
}

#: Column name -> pandas dtype of the articles table.
ARTICLE_COLUMNS: Dict[str, str] = {
    "article_id": "string",
    "input": "string",
    "title": "string",
    "date": "string",
    "url": "string",
    "source": "string",
    "chars": "int64",
    "tokens": "int64",
    "sentences": "int64",
    "entities": "int64",
    "utf8_replaced": "bool",
    "error": "string",
}

_META = ("input", "title", "date", "url", "source")


def _value_json(ent: Any) -> Optional[str]:
    return _compact_json(ent._value_json)


@lru_cache(maxsize=8192)
def _compact_json(raw: Optional[str]) -> Optional[str]:
    if raw is None:
        return None
    # Re-serialise compactly so that equal values compare equal as strings.
    return json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":"))


def mention_records(doc: Doc, article_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """One dict per entity of ``doc`` with the keys of :data:`MENTION_COLUMNS`.

    ``article_id`` defaults to the Doc's meta ``"id"`` (then ``"path"``), else None.
    ``sentence`` is the index of the sentence holding the entity's first token.
    """
    if not isinstance(doc, Doc):
        raise TypeError(f"expected a byline.Doc, not {type(doc).__name__}")
    aid = _article_id(doc, article_id)
    ents = doc._c.entities()
    if not ents:
        return []
    # Straight from the token columns (as Span.start_char/end_char/text): no Span objects.
    starts, ends = doc._columns()[:2]
    text = doc.text
    sent_starts = [a for a, _ in doc._sentence_list()]
    rows: List[Dict[str, Any]] = []
    sent = 0
    for b, e, label, score, source, value in ents:
        while sent + 1 < len(sent_starts) and sent_starts[sent + 1] <= b:
            sent += 1
        if b < e:
            sc, ec = starts[b], ends[e - 1]
        else:
            sc = ec = starts[b] if b < len(starts) else len(text)
        rows.append(
            {
                "article_id": aid,
                "start": sc,
                "end": ec,
                "text": text[sc:ec],
                "label": label,
                "source": source,
                "score": float(score),
                "value": _compact_json(value),
                "sentence": sent,
            }
        )
    return rows


def article_record(
    doc: Optional[Doc],
    article_id: Optional[str] = None,
    *,
    error: Optional[str] = None,
    meta: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """One dict with the keys of :data:`ARTICLE_COLUMNS` describing ``doc``.

    ``utf8_replaced`` is the Doc's (invalid UTF-8 became U+FFFD). For an input that failed
    pass ``doc=None`` and the ``error`` message: the counts are 0, ``utf8_replaced`` is
    False and the metadata comes from ``meta`` (e.g. the input's title and url), so every
    input yields exactly one article row.
    """
    if doc is None:
        m = dict(meta or {})
        return {
            "article_id": article_id if article_id is not None else _opt(m.get("id")),
            **{k: _opt(m.get(k)) for k in _META},
            "chars": 0,
            "tokens": 0,
            "sentences": 0,
            "entities": 0,
            "utf8_replaced": False,
            "error": error or "failed",
        }
    if not isinstance(doc, Doc):
        raise TypeError(f"expected a byline.Doc or None, not {type(doc).__name__}")
    m = doc.meta
    return {
        "article_id": _article_id(doc, article_id),
        **{k: m.get(k) for k in _META},
        "chars": len(doc.text),
        "tokens": len(doc),
        "sentences": len(doc.sentence_ranges()),
        "entities": len(doc._c.entities()),
        "utf8_replaced": doc.utf8_replaced,
        "error": error,
    }


def _opt(v: Any) -> Optional[str]:
    return None if v is None else str(v)


def _article_id(doc: Doc, article_id: Optional[str]) -> Optional[str]:
    if article_id is not None:
        return str(article_id)
    m = doc.meta
    return m.get("id") or m.get("path")


def _frame(rows: List[Dict[str, Any]], columns: Dict[str, str]) -> Any:
    pd = _pandas()
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("byline tables need pandas: pip install 'byline[pandas]' (or pip install pandas)") from None
    return pd


def to_pandas(
    docs: Union[Doc, Iterable[Doc]], table: str = "mentions", ids: Optional[Iterable[Optional[str]]] = None
) -> Any:
    """A pandas DataFrame of ``docs``: ``table="mentions"`` (one row per entity,
    :data:`MENTION_COLUMNS`) or ``"articles"`` (one row per Doc, :data:`ARTICLE_COLUMNS`).

    ``ids`` gives the article ids in step with ``docs`` (default: each Doc's meta
    ``"id"``, then ``"path"``). Empty input gives an empty frame with the same columns.
    """
    rows: List[Dict[str, Any]] = []
    for doc, aid in _docs_with_ids(docs, table, ids):  # docs are streamed, not kept: only their rows are
        if table == "mentions":
            rows.extend(mention_records(doc, aid))
        else:
            rows.append(article_record(doc, aid))
    return _frame(rows, MENTION_COLUMNS if table == "mentions" else ARTICLE_COLUMNS)


def _docs_with_ids(
    docs: Union[Doc, Iterable[Doc]], table: str, ids: Optional[Iterable[Optional[str]]]
) -> Iterator[Tuple[Doc, Optional[str]]]:
    """``(doc, id cell)`` for each Doc of ``docs`` (one Doc or many, streamed), with the
    checks of :func:`to_pandas` and :func:`to_parquet`: a known ``table`` and ids that are
    not one string (at once), Docs only, and as many ``ids`` as Docs (ValueError "N ids for
    M docs" once every Doc is counted)."""
    if table not in ("mentions", "articles"):
        raise ValueError(f"table must be 'mentions' or 'articles', not {table!r}")
    if isinstance(docs, Doc):
        docs = [docs]
    if ids is not None and isinstance(ids, (str, bytes)):
        raise TypeError("ids must be an iterable of ids, one per Doc, not a single str")
    id_list = list(ids) if ids is not None else None

    def pairs() -> Iterator[Tuple[Doc, Optional[str]]]:
        n = 0
        for n, doc in enumerate(docs, 1):
            if not isinstance(doc, Doc):
                raise TypeError(f"expected a byline.Doc, not {type(doc).__name__}")
            if id_list is not None and n > len(id_list):
                continue  # too few ids: the docs are counted for the error below
            yield doc, (_id_cell(id_list[n - 1]) if id_list is not None else None)
        if id_list is not None and len(id_list) != n:
            raise ValueError(f"{len(id_list)} ids for {n} docs")

    return pairs()


def to_parquet(
    docs: Union[Doc, Iterable[Doc]],
    path: Union[str, "os.PathLike[str]"],
    table: str = "mentions",
    ids: Optional[Iterable[Optional[str]]] = None,
) -> None:
    """Write the ``table`` of ``docs`` to a Parquet file (needs pyarrow), with the schema of
    ``byline extract --format parquet``: the columns of :func:`to_pandas`, except that the
    mention table's ``value`` is a struct (``value.string`` the ISO/TimeML or text value,
    ``value.number``, ``value.min``, ``value.kind``, ``value.start`` ...; docs/schema.md),
    not JSON text. Docs are streamed, a row group per 1,024; the file appears at ``path``
    only when every Doc is written (a regular file is written beside it and renamed)."""
    from byline import _extract as ex

    ex.require_pyarrow()
    pairs = _docs_with_ids(docs, table, ids)
    schema = ex.parquet_schema(articles=table == "articles")
    part = ex.PartialFile(os.fspath(path))  # becomes `path` when every Doc is written
    try:
        _write_parquet(pairs, table, schema, part.path)
        part.commit()
    finally:
        part.discard()


def _write_parquet(pairs: Iterator[Tuple[Doc, Optional[str]]], table: str, schema: Any, path: str) -> None:
    import pyarrow.parquet as pq

    from byline import _core
    from byline import _extract as ex

    with pq.ParquetWriter(path, schema) as writer:
        chunk: List[Doc] = []
        chunk_ids: List[Optional[str]] = []
        written = False

        def flush() -> None:
            if table == "mentions":
                cols = _core.mention_columns_of([d._c for d in chunk], chunk_ids)
                writer.write_table(ex.mention_table(cols))
            else:
                rows = [article_record(d, aid) for d, aid in zip(chunk, chunk_ids)]
                frame = _frame(rows, ARTICLE_COLUMNS)
                import pyarrow as pa

                writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
            chunk.clear()
            chunk_ids.clear()

        for doc, aid in pairs:
            chunk.append(doc)
            chunk_ids.append(_article_id(doc, aid))
            if len(chunk) >= _PARQUET_DOCS:
                flush()
                written = True
        if chunk or not written:
            flush()


#: Docs per row group of :func:`to_parquet`.
_PARQUET_DOCS = 1024


def extract_frame(
    frame: Any,
    nlp: Optional["Pipeline"] = None,
    *,
    text_column: str = "text",
    id_column: Optional[str] = None,
    date_column: Optional[str] = None,
    meta_columns: Sequence[str] = ("title", "url", "source"),
    threads: int = 0,
    batch_size: int = 256,
    on_error: str = "fail",
) -> Tuple[Any, Any]:
    """Run the pipeline over a pandas DataFrame of articles; returns ``(mentions, articles)``.

    Pandas in, pandas out: the batch function behind :func:`byline.dask.extract`, and
    the one to hand to Spark's ``mapInPandas`` or Ray Data's ``map_batches``. Each row's
    text is in ``text_column``; ``id_column`` names the article ids (default: the row
    index, as str); ``date_column`` (optional) anchors relative dates: ISO 8601 or RFC 2822
    strings, ``datetime.date``/``datetime`` objects or a datetime64 column (missing values:
    no date);
    ``meta_columns`` present in the frame become Doc meta (``title``, ``url``,
    ``source``). ``nlp`` defaults to ``byline.load()`` (loaded once per process).

    Every row yields exactly one articles row, in input order. With ``on_error="skip"``
    a row whose text cannot be processed (not a string, invalid date, ...) yields an
    articles row with ``error`` set and no mentions; ``"fail"`` (default) raises a
    :class:`byline.BylineError`: :class:`byline.InputError` for a text that is missing or
    no str, :class:`byline.FormatError` for a date that is none, the pipeline's error for a
    text it cannot process. Every message names the row the same way: its position, its
    index label and its id (``row at position 2 (index label 7, id 'a1'): text is
    missing``; ``no id`` when the id cell is empty; no id part when the index gives the ids).
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"extract_frame() expects a pandas DataFrame, not {type(frame).__name__}")
    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be 'fail' or 'skip', not {on_error!r}")
    for col in (text_column, id_column, date_column):
        if col is not None and col not in frame.columns:
            raise KeyError(f"column {col!r} not in the frame (columns: {list(frame.columns)})")
    if nlp is None:
        nlp = _default_pipeline()
    from byline.articles import Article

    ids = [_id_cell(v) for v in (frame[id_column] if id_column is not None else frame.index)]
    texts = frame[text_column].tolist()
    dates = frame[date_column].tolist() if date_column is not None else [None] * len(frame)
    metas = {c: frame[c].tolist() for c in meta_columns if c in frame.columns}
    articles: List[Any] = []
    bad: Dict[int, str] = {}

    def row(k: int) -> str:
        return _row_name(frame, k, ids[k] if id_column is not None else _NO_ID_COLUMN)

    for k, text in enumerate(texts):
        meta = {c: _cell(v[k]) for c, v in metas.items()}
        try:
            if not isinstance(text, str):
                what = "text is missing" if _cell(text) is None else f"text is {type(text).__name__}, not str"
                raise _core.InputError(what)
            try:
                article = Article(text=text, id=ids[k], published=_missing_as_none(dates[k]), **meta)
            except TypeError as e:  # a date cell of another type: no date, as from_dict says
                raise _core.FormatError(str(e)) from None
            article.date  # noqa: B018  # a bad date fails its row here, naming the row
        except (TypeError, ValueError) as e:
            if on_error == "fail":
                raise _prefixed(e, f"{row(k)}: ") from None
            bad[k] = str(e)
            continue
        articles.append(article)
    good = [k for k in range(len(texts)) if k not in bad]
    docs: Dict[int, Doc] = {}
    for k, (doc, err) in zip(good, process_each(nlp, articles, threads, batch_size)):
        if doc is not None:
            docs[k] = doc
        elif on_error == "fail":  # the first row the pipeline cannot process, named as above
            raise _prefixed(err, f"{row(k)}: ") from None  # type: ignore[arg-type]
        else:
            bad[k] = f"{type(err).__name__}: {err}"
    mention_rows: List[Dict[str, Any]] = []
    article_rows: List[Dict[str, Any]] = []
    for k in range(len(texts)):
        if k in docs:
            mention_rows.extend(mention_records(docs[k], ids[k]))
            article_rows.append(article_record(docs[k], ids[k]))
        else:
            meta = {c: _cell(v[k]) for c, v in metas.items()}
            meta["date"] = _date_text(dates[k])
            article_rows.append(article_record(None, ids[k], error=bad.get(k, "failed"), meta=meta))
    return _frame(mention_rows, MENTION_COLUMNS), _frame(article_rows, ARTICLE_COLUMNS)


#: Exceptions that make one input fail rather than the whole batch.
INPUT_ERRORS = (BylineError, ValueError, TypeError, UnicodeError)


def process_each(
    nlp: "Pipeline",
    items: Sequence[Any],
    threads: int = 0,
    batch_size: int = 256,
    errors: Tuple[type, ...] = INPUT_ERRORS,
) -> Iterator[Tuple[Optional[Doc], Optional[BaseException]]]:
    """``(doc, None)`` or ``(None, error)`` for every item, in order.

    Items go through ``nlp.pipe`` ``batch_size`` at a time on ``threads`` threads; when a
    batch raises one of ``errors``, only that batch is redone one item at a time, so that
    each failing item gets its own error and the others their Docs.
    """
    for b in range(0, len(items), batch_size):
        chunk = items[b : b + batch_size]
        try:
            docs = list(nlp.pipe(chunk, threads=threads, batch_size=len(chunk)))
        except errors:
            for item in chunk:
                try:
                    yield nlp(item), None
                except errors as err:
                    yield None, err
            continue
        for doc in docs:
            yield doc, None


def _missing_as_none(v: Any) -> Any:
    """None for a missing cell (None, NaN, NaT, pd.NA), else the value as it is."""
    if v is None:
        return None
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    return v


def _cell(v: Any) -> Optional[str]:
    v = _missing_as_none(v)
    return None if v is None else str(v)


def _id_cell(v: Any) -> Optional[str]:
    """An article id from a column cell: None when missing (None, NaN, pd.NA), a whole
    float as the integer it holds (an int column with a missing value is float in pandas:
    1.0 is id "1"), else ``str(v)``; as :meth:`byline.Article.from_dict` takes an id."""
    return _opt_str(_missing_as_none(v))


#: The id of :func:`_row_name` for a frame whose index gives the ids (no id column).
_NO_ID_COLUMN = object()


def _row_name(frame: Any, k: int, id_: Any) -> str:
    """Row ``k`` of ``frame`` in every error message of :func:`extract_frame`: its position,
    index label and id (``row at position 2 (index label 7, id 'a1')``, ``no id`` for a
    missing one; ``id_`` :data:`_NO_ID_COLUMN` when the index labels are the ids, which are
    then not repeated: ``row at position 2 (index label 'a1')``)."""
    label = frame.index[k]
    shown = repr(label) if isinstance(label, str) else str(label)  # a NumPy scalar as its value
    if id_ is _NO_ID_COLUMN:
        return f"row at position {k} (index label {shown})"
    return f"row at position {k} (index label {shown}, {'no id' if id_ is None else f'id {id_!r}'})"


def _date_text(v: Any) -> Optional[str]:
    """A date cell for the articles table of a failed row: its day when it is a date, else as given."""
    v = _missing_as_none(v)
    try:
        return iso_date(v)
    except (TypeError, ValueError):
        return str(v)


_DEFAULT: Optional["Pipeline"] = None


def _default_pipeline() -> "Pipeline":
    global _DEFAULT
    if _DEFAULT is None:
        from byline.pipeline import load

        _DEFAULT = load()
    return _DEFAULT
