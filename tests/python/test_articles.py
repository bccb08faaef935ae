"""Article input: Article, read_text / read_jsonl / read_html / read_articles, and Articles in the pipeline and corpus."""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest
from conftest import article_paths

import byline
from byline import Article

HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Sberbank bets on artificial intelligence | Daily Ledger</title>
<meta property="og:title" content="Sberbank bets on artificial intelligence">
<meta property="og:site_name" content="Daily Ledger">
<meta property="article:published_time" content="2025-01-02T09:30:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/markets">Markets</a></li></ul></nav>
<div class="share">Share on Facebook | Share on X | Email this story</div>
<article>
<h1>Sberbank bets on artificial intelligence</h1>
<p>On December 30 Sberbank said it would invest heavily in artificial intelligence across its retail and
corporate business over the coming year, according to a statement published on its website.</p>
<p>German Gref, the bank's chief executive, told Reuters that the plan would take several years and would
change how millions of customers deal with the largest lender in Russia.</p>
</article>
<footer><p>Copyright 2025 Daily Ledger. All rights reserved.</p><p>Subscribe to our newsletter for more.</p></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


# ---------------------------------------------------------------- Article
def test_article_from_dict_field_names() -> None:
    d = {"body": "Text here.", "uid": 7, "headline": "H", "when": "2025-01-02T10:00:00Z", "lang": "en"}
    a = Article.from_dict(
        d, fields={"text": "body", "id": "uid", "title": "headline", "published": "when", "language": "lang"}
    )
    assert a == Article(text="Text here.", id="7", title="H", published="2025-01-02T10:00:00Z", language="en")
    assert a.date == "2025-01-02"
    assert a.meta == {"id": "7", "title": "H", "language": "en"}
    assert Article.from_dict(a.to_dict()) == a
    with pytest.raises(byline.FormatError, match="'text'"):
        Article.from_dict({"body": "x"})
    with pytest.raises(ValueError, match="unknown Article fields"):
        Article.from_dict({"text": "x"}, fields={"author": "by"})
    with pytest.raises(TypeError):
        Article(text=b"bytes")  # type: ignore[arg-type]


def test_article_from_dict_refuses_a_date_that_is_no_string() -> None:
    # str() made `"published": True` the date 'True' (20250102 the date '20250102'), an
    # invalid date found only when the article was processed
    for value, kind in (
        (True, "boolean (Python bool)"),
        (20250102, "number (Python int)"),
        (2025.5, "number (Python float)"),
        ({"day": 2}, "object (Python dict)"),
        (["2025-01-02"], "array (Python list)"),
        (object(), "object"),
    ):
        with pytest.raises(
            byline.FormatError, match=rf"^date field 'published' must be a string or a date, not {re.escape(kind)}$"
        ):
            Article.from_dict({"text": "x", "published": value})
    with pytest.raises(byline.FormatError, match="^date field 'when' must be a string or a date, not boolean"):
        Article.from_dict({"text": "x", "when": False}, fields={"published": "when"})
    # the reader's error type for the same line: a FormatError, also a ValueError
    with pytest.raises(ValueError, match="date field 'published'"):
        Article.from_dict({"text": "x", "published": 1})
    # strings, dates and None stay what they were; other metadata is still converted with str
    assert Article.from_dict({"text": "x", "published": None, "id": 7}) == Article("x", id="7")
    assert Article.from_dict({"text": "x", "published": "2025-01-02"}).date == "2025-01-02"
    assert Article.from_dict({"text": "x", "published": datetime.date(2025, 1, 2)}).published == "2025-01-02"
    # an empty date cell of a DataFrame (NaN, pandas NA or NaT) is no date, as in nlp(date=...)
    pd = pytest.importorskip("pandas")
    for missing in (float("nan"), pd.NA, pd.NaT):
        a = Article.from_dict({"text": "x", "published": missing})
        assert a.published is None and a.date_source is None
    rows = pd.DataFrame({"text": ["a", "b"], "published": ["2025-01-02", None]}).to_dict("records")
    assert [Article.from_dict(r).published for r in rows] == ["2025-01-02", None]
    # so is an empty id or title cell, not the str 'nan'
    rows = pd.DataFrame({"text": ["a", "b"], "id": ["x1", None], "title": [float("nan"), "T"]}).to_dict("records")
    assert [(a.id, a.title) for a in map(Article.from_dict, rows)] == [("x1", None), (None, "T")]
    # NumPy's NaT (a datetime64 value taken out of an array) is as missing as pandas NaT
    np = pytest.importorskip("numpy")
    for missing in (np.datetime64("NaT"), np.datetime64("NaT", "ns")):
        a = Article.from_dict({"text": "x", "published": missing})
        assert a.published is None and a.date_source is None
        assert Article("x", published=missing).published is None
    # a string that is no date is a FormatError (a BylineError and a ValueError) when it is used
    article = Article.from_dict({"text": "x", "published": "2025-02-30"})
    with pytest.raises(byline.FormatError, match="^published must be an ISO date .*not '2025-02-30'$"):
        _ = article.date


def test_article_from_dict_reads_a_date_key_without_a_published_one() -> None:
    # a "date" key (the date of extract records and Doc meta) was ignored
    a = Article.from_dict({"text": "x", "date": "2025-01-02"})
    assert a.published == "2025-01-02" and a.date_source == "field"
    # "published" wins, also when empty; a published field named in fields turns the alias off
    assert Article.from_dict({"text": "x", "published": "2025-03-04", "date": "2025-01-02"}).date == "2025-03-04"
    assert Article.from_dict({"text": "x", "published": None, "date": "2025-01-02"}).published is None
    assert Article.from_dict({"text": "x", "date": "2025-01-02"}, fields={"published": "when"}).published is None
    assert Article.from_dict({"text": "x", "when": "2025-01-02"}, fields={"published": "when"}).date == "2025-01-02"
    # checked as "published" is: a date that is no date is an error, not lost
    with pytest.raises(byline.FormatError, match="^date field 'date' must be a string or a date, not boolean"):
        Article.from_dict({"text": "x", "date": True})
    with pytest.raises(byline.FormatError, match="^date field 'date' must be a string or a date, not number"):
        Article.from_dict({"text": "x", "date": 20250102})
    # a "date" key that fields maps to another attribute is that attribute only
    a = Article.from_dict({"text": "x", "date": "2024-01-01"}, fields={"title": "date"})
    assert a.title == "2024-01-01" and a.published is None


def test_article_from_dict_takes_a_pandas_row_and_other_mapping_like_rows() -> None:
    # a DataFrame row (a pandas Series) was refused: "from_dict() expects a mapping, not Series"
    import sqlite3

    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"text": ["a", "b"], "id": [101, None], "date": [pd.Timestamp("2025-01-02"), pd.NaT], "title": ["T", None]}
    )
    got = [Article.from_dict(row) for _, row in frame.iterrows()]
    assert got == [Article("a", id="101", title="T", published="2025-01-02T00:00:00"), Article("b")]
    assert Article.from_dict(frame.iloc[0]) == got[0]
    assert Article.from_dict(frame.rename(columns={"text": "body"}).iloc[1], fields={"text": "body"}) == got[1]
    with pytest.raises(byline.FormatError, match="missing text field 'text'"):
        Article.from_dict(frame[["id"]].iloc[0])
    with pytest.raises(TypeError, match="expects a mapping or a row"):
        Article.from_dict(frame)  # many rows, not one
    for bad in (["text", "x"], "text", None):
        with pytest.raises(TypeError, match="expects a mapping or a row"):
            Article.from_dict(bad)
    con = sqlite3.connect(":memory:")
    con.row_factory = sqlite3.Row
    row = con.execute("select 'Putin spoke.' as text, 'r1' as id, '2025-01-02' as published").fetchone()
    assert Article.from_dict(row) == Article("Putin spoke.", id="r1", published="2025-01-02")
    con.close()


def test_article_from_dict_takes_a_whole_float_id_as_the_integer() -> None:
    # an int id column with a gap is float in pandas: 101.0 was the id '101.0'
    pd = pytest.importorskip("pandas")
    rows = pd.DataFrame({"text": ["a", "b"], "id": [101, None]}).to_dict("records")
    assert [Article.from_dict(r).id for r in rows] == ["101", None]
    assert Article.from_dict({"text": "x", "id": 2.5}).id == "2.5"  # a fraction stays as it is
    assert Article.from_dict({"text": "x", "id": 7}).id == "7"


# ---------------------------------------------------------------- readers
def test_read_text_samples() -> None:
    paths = article_paths()
    assert len(paths) == 5
    arts = [byline.read_text(p) for p in paths]
    assert [a.id for a in arts] == [p.stem for p in paths]
    assert [a.text for a in arts] == [p.read_text(encoding="utf-8") for p in paths]
    assert all("Putin" in a.text for a in arts)
    assert list(byline.read_articles(paths[0].parent)) == arts
    with pytest.raises(byline.InputError, match="cannot read"):
        byline.read_text(paths[0].parent / "missing.txt")


def test_read_jsonl_custom_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [
        {
            "body": "First story.",
            "uid": "a1",
            "day": "2025-01-02",
            "headline": "One",
            "link": "https://x/1",
            "outlet": "Wire",
        },
        {"body": "Second story.", "uid": 2},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows[:1]) + "\n\n" + json.dumps(rows[1]) + "\n", encoding="utf-8")
    arts = list(
        byline.read_jsonl(
            path,
            text_field="body",
            id_field="uid",
            date_field="day",
            title_field="headline",
            url_field="link",
            source_field="outlet",
        )
    )
    assert arts == [
        Article("First story.", id="a1", title="One", url="https://x/1", source="Wire", published="2025-01-02"),
        Article("Second story.", id="2"),
    ]
    stream = io.StringIO(path.read_text(encoding="utf-8"))
    assert [a.text for a in byline.read_jsonl(stream, text_field="body")] == ["First story.", "Second story."]
    default = tmp_path / "default.jsonl"
    default.write_text('{"text": "Plain.", "id": "p", "published": "2025-01-02"}\n', encoding="utf-8")
    assert list(byline.read_articles([default])) == [Article("Plain.", id="p", published="2025-01-02")]


def test_read_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\n{"text": "ok too"}\n{"text": broken\n', encoding="utf-8")
    it = byline.read_jsonl(path)
    assert next(it).text == "ok"  # lazy: good lines come before the error
    assert next(it).text == "ok too"
    with pytest.raises(byline.FormatError, match=r"bad\.jsonl:3: line 3 is not valid JSON"):
        next(it)
    path.write_text('{"text": "ok"}\n{"body": "no text field"}\n', encoding="utf-8")
    with pytest.raises(byline.FormatError, match=r"line 2: missing text field 'text'"):
        list(byline.read_jsonl(path))
    path.write_text('["not", "an", "object"]\n', encoding="utf-8")
    with pytest.raises(byline.FormatError, match="line 1 is not a JSON object"):
        list(byline.read_jsonl(path))
    with pytest.raises(byline.InputError):
        list(byline.read_jsonl(tmp_path / "missing.jsonl"))


def test_read_jsonl_reads_a_date_key_without_a_published_one(tmp_path: Path) -> None:
    # a record with "date" and no "published" lost its date without a word
    path = tmp_path / "dated.jsonl"
    path.write_text(
        '{"text": "x", "date": "2025-01-02"}\n{"text": "y", "published": "2025-03-04", "date": "2025-01-02"}\n'
    )
    assert [a.published for a in byline.read_jsonl(path)] == ["2025-01-02", "2025-03-04"]
    assert [a.published for a in byline.read_jsonl(path, date_field="when")] == [None, None]
    doc = byline.load()(next(byline.read_jsonl(path)))
    assert doc.meta.get("date") == "2025-01-02"
    # an invalid date is named by the key it came from
    path.write_text('{"text": "x", "date": "garbage"}\n')
    with pytest.raises(ValueError, match="^date must be an ISO date"):
        _ = next(byline.read_jsonl(path)).date
    with pytest.raises(ValueError, match="^date must be an ISO date"):
        _ = Article.from_dict({"text": "x", "date": "garbage"}).date
    with pytest.raises(ValueError, match="^published must be an ISO date"):
        _ = Article.from_dict({"text": "x", "published": "garbage"}).date
    path.write_text('{"text": "x", "when": "garbage"}\n')
    with pytest.raises(ValueError, match="^when must be an ISO date"):
        _ = next(byline.read_jsonl(path, date_field="when")).date


def test_read_jsonl_refuses_a_date_that_is_no_string(tmp_path: Path) -> None:
    # `"published": true` became the date 'True', an invalid date found only when processed
    path = tmp_path / "dates.jsonl"
    path.write_text('{"text": "ok", "id": 7, "published": "2025-01-02"}\n{"text": "x", "published": true}\n')
    it = byline.read_jsonl(path)
    assert next(it) == Article("ok", id="7", published="2025-01-02")  # a numeric id becomes its str
    with pytest.raises(
        byline.FormatError, match=r"dates\.jsonl:2: line 2: date field 'published' must be a string, not boolean"
    ):
        next(it)
    for value, kind in (("20250102", "number"), ('{"d": 1}', "object"), ("[1]", "array")):
        path.write_text(f'{{"body": "x", "day": {value}}}\n')
        with pytest.raises(byline.FormatError, match=f"date field 'day' must be a string, not {kind}"):
            list(byline.read_jsonl(path, text_field="body", date_field="day"))
    skipped: List[Exception] = []
    path.write_text('{"text": "x", "published": 1}\n{"text": "y", "published": null}\n')
    assert [a.text for a in byline.read_jsonl(path, errors="skip", on_error=skipped.append)] == ["y"]
    assert [str(e) for e in skipped] == [f"{path}:1: line 1: date field 'published' must be a string, not number"]


def test_read_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    a = byline.read_html(path, url="https://ledger.example.com/sber-ai")
    assert a.id == "page"
    assert "On December 30 Sberbank said it would invest heavily" in a.text
    assert "German Gref, the bank's chief executive, told Reuters" in a.text
    for boilerplate in ("Home", "Markets", "Share on Facebook", "Copyright", "Subscribe"):
        assert boilerplate not in a.text
    paragraphs = a.text.split("\n\n")
    assert sum(p.startswith(("On December 30", "German Gref")) for p in paragraphs) == 2
    assert a.title == "Sberbank bets on artificial intelligence"
    assert a.published == "2025-01-02"
    assert a.source == "Daily Ledger"
    assert a.url == "https://ledger.example.com/sber-ai"
    assert byline.read_html(HTML).text == a.text  # the HTML itself
    assert list(byline.read_articles([tmp_path])) == [byline.read_html(path)]
    with pytest.raises(byline.InputError, match="no main text"):
        byline.read_html("<html><body></body></html>")
    # a page of navigation only: its links' text ("Home News") is no article
    nav = '<html><head><title>Site</title></head><body><nav><a href="/">Home</a> <a href="/x">News</a></nav></body></html>'
    with pytest.raises(byline.InputError, match=r"no main text found in the page \(only the text of its links\)"):
        byline.read_html(nav)
    with pytest.raises(byline.InputError, match=r"only the text of its links"):  # with an XML declaration
        byline.read_html('<?xml version="1.0" encoding="UTF-8"?>' + nav)
    # an article whose one sentence is also a teaser link, or inside anchors without href, is kept
    sentence = "The mayor announced on Tuesday that the city would build a new bridge across the river."
    for page in (
        f'<html><body><article><p>{sentence}</p></article><aside><a href="/b">{sentence}</a></aside></body></html>',
        f'<html><body><article><p><a name="p1">{sentence}</a></p></article></body></html>',
    ):
        assert byline.read_html(page).text == sentence


def test_read_html_bytes_in_the_declared_charset_and_invalid_utf8(tmp_path: Path) -> None:
    body = "<p>The café owner José Martínez met Angela Merkel in München on Monday and said the talks went well.</p>"
    page = '<html><head><meta charset="utf-8"></head><body>{}</body></html>'
    good = page.format(body).encode("utf-8")
    assert "José Martínez" in byline.read_html(good).text
    # one stray byte: an EncodingError naming the byte, not the page read in another charset
    bad = good.replace(b"well.", b"well.\xff")
    with pytest.raises(byline.EncodingError, match=r"^HTML: not valid UTF-8: invalid start byte at byte \d+$"):
        byline.read_html(bad)
    repaired = byline.read_html(bad, errors="replace").text
    assert "José Martínez" in repaired and "München" in repaired and "\ufffd" in repaired
    # a page in another declared charset is read in it; undeclared bytes are UTF-8
    latin = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>{}</body></html>'
    assert "José Martínez" in byline.read_html(latin.format(body).encode("cp1252")).text
    undeclared = "<html><body>{}</body></html>".format(body).encode("utf-8")
    assert "José Martínez" in byline.read_html(undeclared).text
    path = tmp_path / "m.html"
    path.write_bytes(bad)
    out = subprocess.run(
        [sys.executable, "-m", "byline", "extract", "--json", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert out.returncode == 1 and "not valid UTF-8" in out.stdout + out.stderr, (out.stdout, out.stderr)
    out = subprocess.run(
        [sys.executable, "-m", "byline", "extract", "--json", "--errors", "replace", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert out.returncode == 0, out.stderr
    names = [m["text"] for m in json.loads(out.stdout)["entities"]]
    assert "José Martínez" in names, names


def test_read_articles_dispatch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    (tmp_path / "c.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "notes.md").write_text("skipped", encoding="utf-8")
    arts = list(byline.read_articles(tmp_path))
    assert [a.text[:10] for a in arts] == ["Plain text", "One.", "Two.", "Sberbank b"]
    with pytest.raises(byline.InputError, match="unknown article file type"):
        list(byline.read_articles(tmp_path / "notes.md"))
    with pytest.raises(byline.InputError, match="no such file"):
        list(byline.read_articles(tmp_path / "nope"))


def test_read_html_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(ImportError, match=r"byline\[html\]"):
        byline.read_html(HTML)


# ---------------------------------------------------------------- pipeline and corpus
def test_nlp_article_date_anchors_year_less_dates(nlp: byline.Pipeline) -> None:
    art = Article(
        "On December 30 Sberbank said it would invest $5bn.",
        id="x1",
        title="Sber",
        url="https://x/1",
        published="2025-01-02T08:00:00Z",
    )
    doc = nlp(art)
    assert doc.text == art.text
    dates = [(e.text, e.timex) for e in doc.ents if e.label_ == "DATE"]
    assert dates == [("December 30", "2024-12-30")]
    assert doc.meta["date"] == "2025-01-02"
    assert doc.meta["id"] == "x1" and doc.meta["title"] == "Sber" and doc.meta["url"] == "https://x/1"
    # an explicit date wins over the Article's
    assert [e.timex for e in nlp(art, date="2023-06-01").ents if e.label_ == "DATE"] == ["2022-12-30"]
    assert nlp.analyze(art).doc.meta["id"] == "x1"


def test_pipe_mixes_articles_and_texts(nlp: byline.Pipeline) -> None:
    text = "On December 30 Sberbank said it would invest $5bn."
    items = [Article(text, id="a", published="2025-01-02"), text, Article(text, id="c")]
    docs = list(nlp.pipe(items, batch_size=2))
    values = [[e.timex for e in d.ents if e.label_ == "DATE"] for d in docs]
    assert values[0] == ["2024-12-30"]
    assert docs[0].meta["id"] == "a" and docs[2].meta["id"] == "c"
    assert "id" not in docs[1].meta
    docs = list(nlp.pipe(items, date=[None, "2023-06-01", "2023-06-01"]))  # a given date wins over the Article's
    assert [[e.timex for e in d.ents if e.label_ == "DATE"] for d in docs] == [
        ["2024-12-30"],
        ["2022-12-30"],
        ["2022-12-30"],
    ]
    assert [d.meta["date"] for d in docs] == ["2025-01-02", "2023-06-01", "2023-06-01"]
    with pytest.raises(ValueError, match="text 0"):
        list(nlp.pipe([Article(text, published="yesterday")]))


def test_corpus_extend_articles(nlp: byline.Pipeline) -> None:
    arts = [byline.read_text(p) for p in article_paths()]
    for a in arts:
        a.published = "2025-01-02"
    corpus = byline.Corpus(nlp)
    assert corpus.extend(arts) == [0, 1, 2, 3, 4]
    assert corpus.ids == [a.id for a in arts]
    corpus.add(Article("Vladimir Putin spoke on December 30.", id="extra", published="2025-01-02"))
    assert corpus.ids[-1] == "extra"
    dates = corpus.dates()
    rows = dates.to_dict("records") if hasattr(dates, "to_dict") else dates
    assert {"article_id": "extra", "text": "December 30", "value": "2024-12-30"}.items() <= next(
        r for r in rows if r["article_id"] == "extra" and r["text"] == "December 30"
    ).items()
