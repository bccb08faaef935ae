"""byline.dask.extract on a two-process LocalCluster: same tables as extract_frame, one model load per worker."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, Iterator

import pytest

import byline
from byline.frames import ARTICLE_COLUMNS, MENTION_COLUMNS

pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
import dask  # noqa: E402
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import distributed  # noqa: E402

import byline.dask as bdask  # noqa: E402

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "examples" / "articles"
N_PARTS = 8


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    # Spawned workers inherit the environment (PYTHONPATH) and sys.path, so they import this byline.
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        scheduler_port=0,
        worker_dashboard_address=None,
    ) as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def frame() -> "pd.DataFrame":
    sample = list(byline.read_articles(ARTICLES_DIR))
    rows = [
        {"body": a.text, "key": f"{a.id}#{r}", "day": f"2025-01-0{1 + r % 3}", "title": f"t{r}"}
        for r in range(4)
        for a in sample
    ]  # 20 rows, distinct ids
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def expected(frame) -> tuple:
    return byline.extract_frame(frame, byline.load(), text_column="body", id_column="key", date_column="day")


def stats(client) -> Dict[str, Dict[str, int]]:
    return client.run(bdask.worker_stats)


def flat(frame: "pd.DataFrame") -> "pd.DataFrame":
    return frame.reset_index(drop=True)


def test_workers_import_this_byline(client) -> None:
    files = client.run(lambda: __import__("byline").__file__)
    assert len(files) == 2
    assert set(files.values()) == {byline.__file__}


def test_dataframe_equals_single_process_and_loads_once_per_worker(client, frame, expected) -> None:
    before = stats(client)
    ddf = dd.from_pandas(frame, npartitions=N_PARTS)
    assert ddf.npartitions == N_PARTS
    mentions, articles = bdask.extract(ddf, text_column="body", id_column="key", date_column="day")
    assert {c: str(t) for c, t in mentions.dtypes.items()} == MENTION_COLUMNS
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    m, a = dask.compute(mentions, articles)
    exp_m, exp_a = expected
    assert len(m) == len(exp_m) > 1000
    assert flat(m).equals(exp_m)  # partitions come back in input order
    keys = ["article_id", "start", "end", "label"]
    assert flat(m.sort_values(keys, kind="stable")).equals(flat(exp_m.sort_values(keys, kind="stable")))
    assert flat(a).equals(exp_a)
    assert a.title.tolist() == frame.title.tolist() and set(a.date) == {"2025-01-01", "2025-01-02", "2025-01-03"}
    after = stats(client)
    # one pass for both outputs: each partition processed once
    assert sum(after[w]["partitions"] - before[w]["partitions"] for w in after) == N_PARTS
    # the model is cached per worker process: at most one load each, though each ran several tasks
    assert all(s["loads"] <= 1 for s in after.values())
    assert 1 <= sum(s["loads"] for s in after.values()) < N_PARTS
    # a second run with the same model loads nothing
    m2 = bdask.extract(ddf, text_column="body", id_column="key", date_column="day")[0].compute()
    assert flat(m2).equals(exp_m)
    assert {w: s["loads"] for w, s in stats(client).items()} == {w: s["loads"] for w, s in after.items()}


def test_bag_of_dicts_articles_and_str(client, frame, expected) -> None:
    items = []
    for k, row in enumerate(frame.itertuples()):
        if k % 3 == 0:
            items.append({"body": row.body, "key": row.key, "day": row.day, "title": row.title})
        else:
            items.append(byline.Article(text=row.body, id=row.key, published=row.day, title=row.title))
    bag = db.from_sequence(items, npartitions=4)
    mentions, articles = bdask.extract(bag, text_column="body", id_column="key", date_column="day")
    m, a = dask.compute(mentions, articles)
    assert flat(m).equals(expected[0])
    assert flat(a).equals(expected[1])
    # str items get "<partition>-<position>" ids
    texts = db.from_sequence(frame.body.tolist()[:4], npartitions=2)
    a2 = bdask.extract(texts)[1].compute()
    assert a2.article_id.tolist() == ["0-0", "0-1", "1-0", "1-1"]
    assert a2.entities.tolist() == expected[1].entities.tolist()[:4]


def test_model_bytes_and_pipeline_with_patterns(client, frame, expected) -> None:
    nlp = byline.load()
    ddf = dd.from_pandas(frame, npartitions=4)
    before = stats(client)
    m = bdask.extract(ddf, text_column="body", id_column="key", date_column="day", model=nlp.to_bytes())[0]
    assert flat(m.compute()).equals(expected[0])
    after = stats(client)
    assert all(after[w]["loads"] - before[w]["loads"] <= 1 for w in after)
    custom = byline.load(patterns=[{"label": "AGENCY", "pattern": [{"lower": "reuters"}]}])
    m = bdask.extract(ddf, text_column="body", id_column="key", date_column="day", model=custom)[0].compute()
    assert "AGENCY" in set(m.label) and "AGENCY" not in set(expected[0].label)
    with pytest.raises(ValueError, match="leave rules and patterns unset"):
        bdask.extract(ddf, text_column="body", model=custom, rules=False)


def test_on_error(client) -> None:
    texts = ["Angela Merkel visited Paris.", None, "Vladimir Putin spoke in Moscow."]
    pdf = pd.DataFrame({"text": pd.Series(texts, dtype=object)})
    ddf = dd.from_pandas(pdf, npartitions=2)
    with pytest.raises(byline.InputError, match="text is missing"):
        bdask.extract(ddf)[0].compute()
    m, a = dask.compute(*bdask.extract(ddf, on_error="skip"))
    assert a.error.isna().tolist() == [True, False, True]
    assert set(m.article_id) == {"0", "2"}


def test_without_dask_names_the_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError, match=r'pip install "dask\[dataframe,distributed\]"'):
        bdask.extract(None)


def test_bad_arguments() -> None:
    ddf = dd.from_pandas(pd.DataFrame({"text": ["a"]}), npartitions=1)
    with pytest.raises(TypeError, match="dask DataFrame or Bag"):
        bdask.extract(pd.DataFrame({"text": ["a"]}))
    with pytest.raises(KeyError, match="body"):
        bdask.extract(ddf, text_column="body")
    with pytest.raises(ValueError, match="on_error"):
        bdask.extract(ddf, on_error="ignore")
    with pytest.raises(ValueError, match="threads"):
        bdask.extract(ddf, threads=-1)
    with pytest.raises(TypeError, match="model must be"):
        bdask.extract(ddf, model=3)
    with pytest.raises(byline.ConfigError, match="patterns"):
        bdask.extract(ddf, patterns="[not json")
