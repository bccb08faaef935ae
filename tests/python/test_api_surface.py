"""The public surface: no stray names in the byline namespace, and one missing value (pandas
<NA>) in every DataFrame byline returns."""

from __future__ import annotations

import types
from typing import Any, Dict

import pytest
from conftest import article_paths

import byline
from byline.pipeline import default_model_path


def test_namespace_has_no_stray_public_names() -> None:
    assert "annotations" not in dir(byline) and not hasattr(byline, "annotations")
    assert set(byline.__all__) <= set(dir(byline))
    stray = {
        name
        for name in dir(byline)
        if not name.startswith("_")
        and name not in byline.__all__
        and not isinstance(getattr(byline, name), types.ModuleType)
    }
    assert stray == set()


@pytest.mark.skipif(not default_model_path().is_file(), reason="default model not installed")
def test_every_dataframe_uses_pandas_na_for_missing_values() -> None:
    pd = pytest.importorskip("pandas")
    nlp = byline.load()
    paths = article_paths()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    ids = [p.stem for p in paths]
    corpus = byline.Corpus(nlp)
    corpus.extend(texts, ids=ids)
    docs = list(nlp.pipe(texts))
    frame = pd.DataFrame({"text": texts, "id": ids, "title": ["A title", None, None, None, None]})
    mentions, articles = byline.extract_frame(frame, nlp, id_column="id")
    tables: Dict[str, Any] = {
        f"Corpus.{name}": getattr(corpus, name)()
        for name in (
            "entities",
            "mentions",
            "quotes",
            "roles",
            "dates",
            "claims",
            "disagreements",
            "matrix",
            "cooccurrence",
            "near_duplicates",
        )
    }
    tables["to_pandas(mentions)"] = byline.to_pandas(docs)
    tables["to_pandas(articles)"] = byline.to_pandas(docs, table="articles")
    tables["extract_frame mentions"] = mentions
    tables["extract_frame articles"] = articles
    tables["empty Corpus.mentions"] = byline.Corpus(nlp).mentions()
    missing = 0
    for name, table in tables.items():
        assert isinstance(table, pd.DataFrame), name
        for column in table.columns:
            s = table[column]
            where = f"{name}[{column!r}] ({s.dtype})"
            # pandas 3's default "str" dtype has NaN for a missing value; byline's "string" has <NA>
            assert not (isinstance(s.dtype, pd.StringDtype) and s.dtype.na_value is not pd.NA), where
            assert str(s.dtype) in ("string", "Int64", "boolean", "Float64", "int64", "float64", "bool", "object"), (
                where
            )
            values = s[s.isna()].tolist()
            assert all(v is pd.NA for v in values), (where, values[:3])
            missing += len(values)
            if s.dtype == object:  # lists and values: no None or NaN among them
                assert all(v is pd.NA or not (v is None or v != v) for v in s.tolist()), where
    assert missing > 0  # the sample articles do have missing values (roles without an org, titles, ...)
    # the same dtypes for an empty corpus as for a full one
    full, empty = tables["Corpus.mentions"], tables["empty Corpus.mentions"]
    assert dict(empty.dtypes.astype(str)) == dict(full.dtypes.astype(str))
