"""Document dates in every form byline takes them (byline/_dates.py: one helper, the C++
parser byline::DateAnchor::parse behind it) and wherever a date is taken: nlp(), pipe(),
Article, extract_frame, the Dask helpers, the CLI's --date and JSON Lines date fields."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest

import byline
from byline._dates import iso_date
from byline.pipeline import default_model_path

pytestmark = pytest.mark.skipif(not default_model_path().is_file(), reason="default model not installed")

TEXT = "On December 30 Sberbank said it would invest $5bn."
RSS = "Thu, 02 Jan 2025 10:00:00 GMT"

# Every accepted form of 2025-01-02 (the day as written: a zone is not converted).
GOOD: List[Any] = [
    "2025-01-02",
    "2025-01-02T10:00:00Z",
    "2025-01-02T10:00:00+01:00",
    "2025-01-02T23:30:00-0500",
    "2025-01-02 10:00",
    "2025-01-02T10:00:00.123456789Z",
    "  2025-01-02\n",
    RSS,
    "Thu, 2 Jan 2025 10:00:00 +0000",
    "Thursday, 02 January 2025 10:00 CET",
    "02 Jan 2025",
    "2 Jan 25 10:00:00 EST",
    datetime.date(2025, 1, 2),
    datetime.datetime(2025, 1, 2, 10, 0),
    datetime.datetime(2025, 1, 2, 23, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
]

BAD = [
    "yesterday",
    "2025-13-01",
    "2025-02-30",
    "02/01/2025",
    "2025-01-02garbage",
    "2025-01-02T25:00",
    "Thu, 02 Ja",  # an RSS date cut short
    "Thu, 31 Feb 2025 10:00:00 GMT",
    "Thu, 02 Jan 2025 10:00:00 GMT and more",
    "Thu 02 Jan 2025",
    "bad \udcff surrogate",
]


def pandas_forms() -> List[Any]:
    pd = pytest.importorskip("pandas")
    return [
        pd.Timestamp("2025-01-02"),
        pd.Timestamp("2025-01-02 10:00:00.000000001"),
        pd.Timestamp("2025-01-02 23:00", tz="US/Eastern"),  # 2025-01-03 in UTC: the day as written
    ]


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


def december_30(doc: byline.Doc) -> str:
    (ent,) = [e for e in doc.ents if e.text == "December 30"]
    return ent.timex  # type: ignore[return-value]


@pytest.mark.parametrize("value", GOOD, ids=repr)
def test_accepted_forms(nlp: byline.Pipeline, value: Any) -> None:
    assert iso_date(value) == "2025-01-02"
    doc = nlp(TEXT, date=value)
    assert doc.meta["date"] == "2025-01-02" and doc.meta["date_source"] == "argument"
    assert december_30(doc) == "2024-12-30"
    (piped,) = nlp.pipe([TEXT], date=value)
    assert piped == doc
    (per_item,) = nlp.pipe([TEXT], date=[value])
    assert per_item == doc
    assert nlp(byline.Article(TEXT, published=value)).meta["date"] == "2025-01-02"
    assert byline.Corpus(nlp).add(TEXT, date=value) == 0
    assert nlp.analyze(TEXT, date=value).doc.meta["date"] == "2025-01-02"


def test_pandas_timestamps(nlp: byline.Pipeline) -> None:
    for value in pandas_forms():
        assert iso_date(value) == "2025-01-02"
        assert nlp(TEXT, date=value).meta["date"] == "2025-01-02"
        art = byline.Article(TEXT, published=value)
        assert isinstance(art.published, str) and art.published.startswith("2025-01-02T")
        assert art.date == "2025-01-02"
    pd = pytest.importorskip("pandas")
    assert iso_date(pd.NaT) is None and byline.Article(TEXT, published=pd.NaT).published is None
    assert "date" not in nlp(TEXT, date=pd.NaT).meta  # missing: no date (and the text states none)


@pytest.mark.parametrize("value", BAD, ids=repr)
def test_bad_dates_name_the_whole_value(nlp: byline.Pipeline, value: str) -> None:
    def check(e: pytest.ExceptionInfo) -> None:
        assert repr(value) in str(e.value), str(e.value)  # the whole value, never a cut one
        assert "ISO date" in str(e.value) and "RFC 2822" in str(e.value)

    with pytest.raises(ValueError) as e:
        nlp(TEXT, date=value)
    check(e)
    with pytest.raises(ValueError) as e:
        list(nlp.pipe([TEXT], date=value))
    check(e)
    with pytest.raises(ValueError) as e:
        list(nlp.pipe(["a", TEXT], date=[None, value]))
    check(e)
    assert str(e.value).startswith("text 1: ")
    art = byline.Article(TEXT, published=value)
    with pytest.raises(ValueError) as e:
        art.date  # noqa: B018
    check(e)
    with pytest.raises(ValueError) as e:
        nlp(art)
    check(e)
    with pytest.raises(ValueError) as e:
        list(nlp.pipe(["a", art]))
    check(e)
    assert str(e.value).startswith("text 1: published must be")
    assert isinstance(e.value, byline.FormatError)


@pytest.mark.parametrize("value", [20250102, 2025.0, b"2025-01-02", ["2025-01-02"]], ids=repr)
def test_other_types_raise_type_error(nlp: byline.Pipeline, value: Any) -> None:
    with pytest.raises(TypeError, match=type(value).__name__):
        nlp(TEXT, date=value)
    with pytest.raises(TypeError, match=f"text 0: date must be a str, datetime.date.*{type(value).__name__}"):
        list(nlp.pipe([TEXT], date=iter([value])))
    with pytest.raises(TypeError, match="published must be"):
        byline.Article(TEXT, published=value)


def test_article_published_forms() -> None:
    art = byline.Article(TEXT, published=datetime.date(2025, 1, 2))
    assert art.published == "2025-01-02" and art.date == "2025-01-02"
    art = byline.Article(TEXT, published=RSS)
    assert art.published == RSS and art.date == "2025-01-02"  # kept as given, read when used
    assert byline.Article(TEXT, published="  ").date is None
    moment = datetime.datetime(2025, 1, 2, 10, 0, tzinfo=datetime.timezone.utc)
    art = byline.Article.from_dict({"text": TEXT, "published": moment})
    assert art.published == "2025-01-02T10:00:00+00:00" and art.date_source == "field"
    assert byline.Article.from_dict({"text": TEXT, "published": RSS}).date == "2025-01-02"


def test_jsonl_reader_dates(nlp: byline.Pipeline, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [{"id": "a", "text": TEXT, "published": RSS}, {"id": "b", "text": TEXT, "published": "2025-01-02T10:00Z"}]
    feed.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")
    docs = list(nlp.pipe(byline.read_jsonl(feed)))
    assert [(d.meta["date"], d.meta["date_source"]) for d in docs] == [("2025-01-02", "field")] * 2
    assert [december_30(d) for d in docs] == ["2024-12-30"] * 2


def test_extract_frame_date_column(nlp: byline.Pipeline) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "text": [TEXT] * 6,
            "published": pd.Series(
                [
                    RSS,
                    datetime.date(2025, 1, 2),
                    pd.Timestamp("2025-01-02 10:00"),
                    None,
                    "2025-01-02T10:00:00Z",
                    pd.NaT,
                ],
                dtype=object,
            ),
        }
    )
    mentions, articles = byline.extract_frame(frame, nlp, date_column="published")
    assert articles["date"].tolist()[:3] == ["2025-01-02"] * 3
    assert articles["date"].tolist()[4] == "2025-01-02"
    dated = mentions[mentions["text"] == "December 30"]
    timex = [json.loads(v)["timex"] for v in dated["value"]]
    assert timex == ["2024-12-30"] * 3 + ["XXXX-12-30", "2024-12-30", "XXXX-12-30"]
    # a datetime64 column
    typed = pd.DataFrame({"text": [TEXT], "day": pd.to_datetime(["2025-01-02 10:00"])})
    _, arts = byline.extract_frame(typed, nlp, date_column="day")
    assert arts["date"].tolist() == ["2025-01-02"]
    # a bad date: the row named (fail), or its error row (skip)
    bad = pd.DataFrame({"text": [TEXT, TEXT], "day": ["2025-01-02", "Thu, 02 Ja"]}, index=["x", "y"])
    with pytest.raises(
        byline.FormatError, match=r"^row at position 1 \(index label 'y'\): published must be .*'Thu, 02 Ja'"
    ):
        byline.extract_frame(bad, nlp, date_column="day")
    _, arts = byline.extract_frame(bad, nlp, date_column="day", on_error="skip")
    assert arts["error"].isna().tolist() == [True, False] and "'Thu, 02 Ja'" in arts["error"].iloc[1]
    assert arts["date"].tolist() == ["2025-01-02", "Thu, 02 Ja"]


def test_dask_date_column(nlp: byline.Pipeline) -> None:
    pd = pytest.importorskip("pandas")
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    db = pytest.importorskip("dask.bag")
    import byline.dask as bdask

    frame = pd.DataFrame({"text": [TEXT] * 3, "published": pd.to_datetime(["2025-01-02"] * 3)})
    _, articles = bdask.extract(dd.from_pandas(frame, npartitions=2), date_column="published", model=nlp)
    (arts,) = dask.compute(articles, scheduler="synchronous")
    assert arts["date"].tolist() == ["2025-01-02"] * 3
    items = [{"text": TEXT, "published": RSS}, {"text": TEXT, "published": datetime.date(2025, 1, 2)}]
    _, articles = bdask.extract(db.from_sequence(items, npartitions=1), model=nlp)
    (arts,) = dask.compute(articles, scheduler="synchronous")
    assert arts["date"].tolist() == ["2025-01-02"] * 2


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "byline.cli", *args], input=stdin, capture_output=True, env=env, timeout=120, check=False
    )


def test_cli_dates(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    for value in ("2025-01-02T10:00:00Z", RSS):
        res = run_cli("extract", "--json", "--date", value, str(src))
        assert res.returncode == 0, res.stderr
        (rec,) = [json.loads(line) for line in res.stdout.splitlines()]
        assert rec["date"] == "2025-01-02" and rec["date_source"] == "argument"
        (ent,) = [e for e in rec["entities"] if e["text"] == "December 30"]
        assert ent["value"]["timex"] == "2024-12-30"
    res = run_cli("extract", "--date", "Thu, 02 Ja", str(src))
    assert res.returncode == 2 and b"invalid date 'Thu, 02 Ja'" in res.stderr and b"RFC 2822" in res.stderr
    # JSON Lines date fields: RSS dates work, a bad one names the whole value
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "text": TEXT, "day": RSS})
        + "\n"
        + json.dumps({"id": "b", "text": TEXT, "day": "Thu, 02 Ja"})
        + "\n",
        encoding="utf-8",
    )
    res = run_cli("extract", "--json", "--date-field", "day", "--on-error", "skip", str(feed))
    assert res.returncode == 1
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert recs[0]["date"] == "2025-01-02" and recs[0]["date_source"] == "field" and recs[0]["error"] is None
    assert "invalid date 'Thu, 02 Ja' in field 'day'" in recs[1]["error"]


def test_pipe_date_argument_shapes(nlp: byline.Pipeline) -> None:
    # A sized container holds one date per text: neither fewer nor more.
    with pytest.raises(ValueError, match="more dates than texts"):
        list(nlp.pipe([TEXT, TEXT], date=["2025-01-02"] * 3))
    with pytest.raises(ValueError, match="ran out of dates"):
        list(nlp.pipe([TEXT, TEXT], date=["2025-01-02"]))
    # A generator is read in step with the texts (it may be endless).
    import itertools

    docs = list(nlp.pipe([TEXT, TEXT], date=itertools.repeat("2025-01-02")))
    assert [d.meta["date"] for d in docs] == ["2025-01-02", "2025-01-02"]
    # Not one date and not an ordered iterable of dates: TypeError naming `date`.
    for value in (b"2025-01-02", {"a": "2025-01-02"}, {"2025-01-02"}, 5):
        with pytest.raises(TypeError, match=f"date must be one date .*not {type(value).__name__}"):
            list(nlp.pipe([TEXT], date=value))


def test_missing_dates_in_a_pandas_column(nlp: byline.Pipeline) -> None:
    pd = pytest.importorskip("pandas")
    for column in (pd.Series(["2025-01-02", None]), pd.Series(["2025-01-02", None], dtype="string")):
        docs = list(nlp.pipe(["Shares rose last month.", "Shares rose last month."], date=column))
        assert docs[0].meta["date"] == "2025-01-02"
        assert "date" not in docs[1].meta  # missing: no date, as extract_frame reads the same column
    assert iso_date(float("nan")) is None and iso_date(pd.NA) is None


def test_a_huge_bad_date_gives_a_short_message(nlp: byline.Pipeline) -> None:
    value = "2025-01-02" + "x" * 1_000_000
    with pytest.raises(ValueError) as e:
        nlp(TEXT, date=value)
    assert len(str(e.value)) < 1000 and "1,000,010 characters" in str(e.value)


@pytest.mark.parametrize("value", ["", "   ", "\n\t"], ids=repr)
def test_a_blank_date_counts_as_absent(nlp: byline.Pipeline, value: str) -> None:
    # nlp(t, date="") raised FormatError while published="" counted as absent
    assert iso_date(value) is None
    plain = nlp(TEXT)
    for doc in (nlp(TEXT, date=value), next(nlp.pipe([TEXT], date=value)), next(nlp.pipe([TEXT], date=[value]))):
        assert doc == plain and "date" not in doc.meta
    art = byline.Article(TEXT, published=value)
    assert art.date is None and nlp(art) == plain
    assert byline.Article.from_dict({"text": TEXT, "published": value}).date is None
    res = subprocess.run(
        [sys.executable, "-m", "byline.cli", "extract", "-", "--json", "--date", value],
        input=TEXT.encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["date"] is None


def test_a_bad_article_date_in_pipe_is_a_format_error_naming_the_article(nlp: byline.Pipeline) -> None:
    # a plain ValueError naming 'text 0', not the article's id
    art = byline.Article.from_dict({"text": "x", "published": "2025-02-30", "id": "art-7"})
    with pytest.raises(byline.FormatError, match=r"^article 'art-7' \(text 0\): published must be .*'2025-02-30'"):
        list(nlp.pipe([art]))
    anonymous = byline.Article("x", published="2025-02-30")
    with pytest.raises(byline.FormatError, match=r"^text 1: published must be"):
        list(nlp.pipe(["a", anonymous]))
    with pytest.raises(byline.FormatError, match="'2025-02-30'"):
        nlp(art)


def test_numpy_datetime64(nlp: byline.Pipeline) -> None:
    # np.datetime64 was refused (FormatError in from_dict, TypeError in nlp) though NaT was taken as missing
    np = pytest.importorskip("numpy")
    for value in (
        np.datetime64("2025-01-02"),
        np.datetime64("2025-01-02T10:00"),
        np.datetime64("2025-01-02T23:59:59.999999999"),
        np.datetime64("2025-01-02T10", "h"),
    ):
        assert iso_date(value) == "2025-01-02"
        doc = nlp(TEXT, date=value)
        assert doc.meta["date"] == "2025-01-02" and december_30(doc) == "2024-12-30"
        assert next(nlp.pipe([TEXT], date=value)) == doc
        assert next(nlp.pipe([TEXT], date=[value])) == doc
        art = byline.Article.from_dict({"text": TEXT, "published": value})
        assert art.published == "2025-01-02" and art.date == "2025-01-02"
        assert byline.Article(TEXT, published=value).date == "2025-01-02"
        assert nlp(art).meta["date"] == "2025-01-02"
        assert byline.Corpus(nlp).add(TEXT, date=value) == 0
    assert iso_date(np.datetime64("NaT")) is None
    for no_day in (np.datetime64("2025-01"), np.datetime64("2025"), np.datetime64("2025-01-02", "W")):
        with pytest.raises(byline.FormatError, match="has no day"):
            nlp(TEXT, date=no_day)
        with pytest.raises(byline.FormatError, match="has no day"):
            byline.Article(TEXT, published=no_day)
    with pytest.raises(byline.FormatError, match="outside the years 1 to 9999"):
        nlp(TEXT, date=np.datetime64("10000-01-01"))
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": [TEXT], "day": [np.datetime64("2025-01-02")]}, dtype=object)
    _, arts = byline.extract_frame(frame, nlp, date_column="day")
    assert arts["date"].tolist() == ["2025-01-02"]
