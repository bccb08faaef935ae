"""Tables of processed articles: byline.to_pandas, to_parquet, extract_frame."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import byline
from byline.frames import ARTICLE_COLUMNS, MENTION_COLUMNS

pd = pytest.importorskip("pandas")

ARTICLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


@pytest.fixture(scope="module")
def sample() -> list:
    return list(byline.read_articles(ARTICLES))


def test_to_pandas_mentions_match_doc_entities(nlp, sample) -> None:
    docs = list(nlp.pipe(sample))
    frame = byline.to_pandas(docs)
    assert list(frame.columns) == list(MENTION_COLUMNS)
    assert {c: str(t) for c, t in frame.dtypes.items()} == MENTION_COLUMNS
    assert len(frame) == sum(len(d.ents) for d in docs)
    first = docs[0]
    rows = frame[frame.article_id == first.meta["id"]]
    assert [(r.start, r.end, r.label) for r in rows.itertuples()] == [
        (e.start_char, e.end_char, e.label_) for e in first.ents
    ]
    for r in rows.itertuples():
        assert first.text[r.start : r.end] == r.text
    # sentence index: the entity lies inside that sentence's character range
    offsets = first.sentence_offsets()
    for r in rows.itertuples():
        assert offsets[r.sentence][0] <= r.start < offsets[r.sentence][1]
    dated = rows[rows.label == "DATE"].value.dropna()
    assert len(dated) > 0 and all(isinstance(json.loads(v), (str, dict)) for v in dated)


def test_to_pandas_articles_and_empty(nlp, sample) -> None:
    docs = list(nlp.pipe(sample))
    arts = byline.to_pandas(docs, table="articles")
    assert list(arts.columns) == list(ARTICLE_COLUMNS)
    assert arts.article_id.tolist() == [a.id for a in sample]
    assert arts.tokens.tolist() == [len(d) for d in docs]
    assert arts.error.isna().all()
    empty = byline.to_pandas([])
    assert len(empty) == 0 and list(empty.columns) == list(MENTION_COLUMNS)
    with pytest.raises(ValueError, match="table must be"):
        byline.to_pandas(docs, table="nope")
    with pytest.raises(TypeError, match="byline.Doc"):
        byline.to_pandas(["not a doc"])


def test_articles_table_says_whether_utf8_was_replaced(tmp_path) -> None:
    # the JSON records carried utf8_replaced; the articles tables had no such column
    lenient = byline.load(errors="replace")
    docs = list(lenient.pipe([b"Caf\xe9 in Paris.", "Cafe in Paris."]))
    arts = byline.to_pandas(docs, table="articles", ids=["bad", "good"])
    assert arts.utf8_replaced.tolist() == [True, False] and str(arts.utf8_replaced.dtype) == "bool"
    assert byline.frames.article_record(None, "x", error="boom")["utf8_replaced"] is False
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    byline.to_parquet(docs, tmp_path / "a.parquet", table="articles", ids=["bad", "good"])
    assert pq.read_table(tmp_path / "a.parquet").column("utf8_replaced").to_pylist() == [True, False]


def test_to_parquet_is_the_table_of_byline_extract(nlp, sample, tmp_path) -> None:
    """to_parquet writes what `byline extract --format parquet` writes for the same articles:
    the same schema (value a struct) and the same rows; the other columns equal to_pandas."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from byline.cli import main

    docs = list(nlp.pipe(byline.read_articles(ARTICLES)))
    byline.to_parquet(docs, tmp_path / "m.parquet")
    byline.to_parquet(docs, tmp_path / "a.parquet", table="articles")
    assert (
        main(
            [
                "extract",
                str(ARTICLES),
                "--out",
                str(tmp_path / "cm.parquet"),
                "--articles",
                str(tmp_path / "ca.parquet"),
            ]
        )
        == 0
    )
    for mine, cli in (("m", "cm"), ("a", "ca")):
        a, b = pq.read_table(tmp_path / f"{mine}.parquet"), pq.read_table(tmp_path / f"{cli}.parquet")
        assert a.schema.equals(b.schema) and a.num_rows > 0
        assert a.to_pylist() == b.to_pylist()
    table = pq.read_table(tmp_path / "m.parquet")
    assert pa.types.is_struct(table.schema.field("value").type)
    frame = byline.to_pandas(docs)
    back = table.drop(["value"]).to_pandas()
    assert back.astype({c: t for c, t in MENTION_COLUMNS.items() if c != "value"}).equals(frame.drop(columns="value"))
    for row, value in zip(table.to_pylist(), frame.value):
        if row["label"] == "DATE" and row["value"] is not None:
            assert json.loads(value)["timex"] == row["value"]["string"]
    with pytest.raises(ValueError, match="2 ids for 5 docs"):
        byline.to_parquet(docs, tmp_path / "bad.parquet", ids=["x", "y"])
    assert not (tmp_path / "bad.parquet").exists() and not list(tmp_path.glob("*.partial"))
    byline.to_parquet(docs, "/dev/null")  # written in place: the device stays a device
    assert Path("/dev/null").is_char_device()
    with pytest.raises(TypeError, match="byline.Doc"):
        byline.to_parquet([docs[0], None], tmp_path / "none.parquet")
    with pytest.raises(FileNotFoundError, match="no such directory"):
        byline.to_parquet(docs, tmp_path / "nodir" / "x.parquet")


def test_extract_frame_equals_pipe(nlp, sample) -> None:
    frame = pd.DataFrame(
        {"body": [a.text for a in sample], "key": [a.id for a in sample], "day": ["2025-01-02"] * len(sample)}
    )
    mentions, articles = byline.extract_frame(frame, nlp, text_column="body", id_column="key", date_column="day")
    docs = list(nlp.pipe([a.text for a in sample], date="2025-01-02"))
    expected = byline.to_pandas(docs, ids=[a.id for a in sample])
    assert mentions.equals(expected)
    assert articles.article_id.tolist() == [a.id for a in sample]
    assert (articles.date == "2025-01-02").all()


def test_extract_frame_errors_one_row_per_input(nlp) -> None:
    texts = pd.Series(["Angela Merkel visited Paris.", None, "Putin spoke.", 42], dtype=object)
    frame = pd.DataFrame({"text": texts, "published": ["2025-01-02", None, "not-a-date", None]})
    with pytest.raises(byline.InputError, match=r"^row at position 1 \(index label 1\): text is missing$"):
        byline.extract_frame(frame, nlp, date_column="published")
    mentions, articles = byline.extract_frame(frame, nlp, date_column="published", on_error="skip")
    assert articles.article_id.tolist() == ["0", "1", "2", "3"]
    assert articles.error.isna().tolist() == [True, False, False, False]
    assert articles.error[3] == "text is int, not str"
    assert articles.error[1] == "text is missing" and "date" in articles.error[2]
    assert set(mentions.article_id) == {"0"}
    assert "Angela Merkel" in set(mentions.text)
    with pytest.raises(KeyError, match="nope"):
        byline.extract_frame(frame, nlp, text_column="nope")
    with pytest.raises(ValueError, match="on_error"):
        byline.extract_frame(frame, nlp, on_error="ignore")


def test_process_each_redoes_only_the_failing_batch(nlp) -> None:
    from byline.frames import process_each

    calls = []

    class Spy:
        def pipe(self, items, threads=0, batch_size=256):
            if "BAD" in items:
                raise ValueError("bad batch")
            return nlp.pipe(items, threads=threads, batch_size=batch_size)

        def __call__(self, item):
            calls.append(item)
            if item == "BAD":
                raise ValueError("bad text")
            return nlp(item)

    items = ["Putin spoke.", "BAD", "Sberbank grew.", "Paris.", "Moscow.", "Rome."]
    out = list(process_each(Spy(), items, batch_size=2))
    assert [d is None for d, _ in out] == [False, True, False, False, False, False]
    assert str(out[1][1]) == "bad text"
    assert calls == ["Putin spoke.", "BAD"]  # only the first batch was redone one by one


def test_ids_are_checked_and_missing_ids_stay_missing() -> None:
    pd = pytest.importorskip("pandas")
    nlp = byline.load()
    text = "Sberbank said on Monday that profits rose."
    frame = pd.DataFrame({"text": [text, text, text], "id": ["a", None, float("nan")]})
    _, arts = byline.extract_frame(frame, nlp, id_column="id")
    assert arts["article_id"].iloc[0] == "a"
    assert arts["article_id"].iloc[1:].isna().all()  # not the strings 'None' / 'nan'
    frame = pd.DataFrame({"text": [text, text], "id": [1.0, float("nan")]})  # an int column with a gap
    _, arts = byline.extract_frame(frame, nlp, id_column="id")
    assert arts["article_id"].iloc[0] == "1" and pd.isna(arts["article_id"].iloc[1])
    docs = list(nlp.pipe([text, text]))
    with pytest.raises(ValueError, match="1 ids for 2 docs"):
        byline.to_pandas(docs, ids=["a"])
    with pytest.raises(ValueError, match="3 ids for 2 docs"):
        byline.to_pandas(docs, ids=["a", "b", "c"])
    with pytest.raises(TypeError, match="single str"):
        byline.to_pandas(docs, ids="ab")
    assert list(byline.to_pandas(docs, table="articles", ids=["x", "y"])["article_id"]) == ["x", "y"]


def test_extract_frame_names_a_row_without_an_id_by_position_and_index_label(nlp) -> None:
    # a missing text in a row whose id is missing too was named "row None"
    frame = pd.DataFrame({"text": ["Putin spoke.", None], "key": ["a", None]}, index=pd.Index([10, 20], dtype="int64"))
    with pytest.raises(byline.InputError, match=r"^row at position 1 \(index label 20, no id\): text is missing$"):
        byline.extract_frame(frame, nlp, id_column="key")
    frame.index = pd.Index(["x", "y"])
    with pytest.raises(byline.InputError, match=r"^row at position 1 \(index label 'y', no id\): text is missing$"):
        byline.extract_frame(frame, nlp, id_column="key")
    with pytest.raises(byline.InputError, match=r"^row at position 1 \(index label 'y'\): text is missing$"):
        byline.extract_frame(frame, nlp)  # the index as ids: the label, not repeated as an id


def test_extract_frame_errors_are_byline_errors_naming_the_row_one_way(nlp) -> None:
    # a row without text raised TypeError, and rows were named 'row at position 1 (index
    # label 'b', no id)' by one message and "row '0'" by another
    frame = pd.DataFrame(
        {
            "text": ["Putin spoke.", None, b"bytes", "Xi spoke.", "Biden spoke."],
            "key": ["a", None, "c", "d", "e"],
            "day": ["2025-01-02", None, None, "2025-02-30", 20250102],
        },
        index=["p", "q", "r", "s", "t"],
    )
    one = frame.iloc[[1]]
    with pytest.raises(byline.InputError, match=r"^row at position 0 \(index label 'q', no id\): text is missing$"):
        byline.extract_frame(one, nlp, id_column="key")
    with pytest.raises(
        byline.InputError, match=r"^row at position 0 \(index label 'r', id 'c'\): text is bytes, not str$"
    ):
        byline.extract_frame(frame.iloc[[2]], nlp, id_column="key")
    with pytest.raises(
        byline.FormatError, match=r"^row at position 0 \(index label 's', id 'd'\): published .*'2025-02-30'"
    ):
        byline.extract_frame(frame.iloc[[3]], nlp, id_column="key", date_column="day")
    with pytest.raises(byline.FormatError, match=r"^row at position 0 \(index label 't', id 'e'\): published must be"):
        byline.extract_frame(frame.iloc[[4]], nlp, id_column="key", date_column="day")
    # a text the pipeline cannot process (a lone surrogate) is named the same way
    bad = pd.DataFrame({"text": pd.Series(["Putin spoke.", "bad \udcff text"], dtype=object, index=["u", "v"])})
    with pytest.raises(byline.BylineError, match=r"^row at position 1 \(index label 'v'\): "):
        byline.extract_frame(bad, nlp)
    _, arts = byline.extract_frame(frame, nlp, id_column="key", date_column="day", on_error="skip")
    assert arts.error.isna().tolist() == [True, False, False, False, False]
