"""`byline extract` streaming: formats, exactly-once records, --on-error, --resume after a kill."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest
from conftest import ARTICLES_DIR, article_paths

import byline
from byline.frames import MENTION_COLUMNS, mention_records

pytestmark = pytest.mark.skipif(
    not byline.pipeline.default_model_path().is_file(), reason="default model not installed"
)


def command(*args: str) -> List[str]:
    return [sys.executable, "-m", "byline.cli", "extract", *args]


def run(*args: str, stdin: bytes = b"", cwd: Any = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(command(*args), input=stdin, capture_output=True, env=env, timeout=120, check=False, cwd=cwd)


def records(data: bytes) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def paragraphs() -> List[str]:
    return [
        p.strip()
        for path in article_paths()
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 40
    ]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~2000 short articles (one paragraph each) as JSON Lines, ids a0000..."""
    paras = paragraphs()
    path = tmp_path_factory.mktemp("extract") / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for k in range(2000):
            day = f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}"
            f.write(json.dumps({"id": f"a{k:04d}", "text": paras[k % len(paras)], "published": day}) + "\n")
    return path


@pytest.fixture(scope="module")
def full(big: Path) -> bytes:
    res = run(str(big), "--format", "jsonl", "--batch-size", "8")
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_jsonl_one_record_per_input_in_order(big: Path, full: bytes) -> None:
    recs = records(full)
    assert [r["article_id"] for r in recs] == [f"a{k:04d}" for k in range(2000)]
    assert [r["input"] for r in recs[:2]] == [f"{big}:1", f"{big}:2"]
    assert all(r["error"] is None for r in recs)
    nlp = byline.load()
    art = next(byline.read_jsonl(big))
    # the same mentions as the tables, with the value as nested JSON instead of JSON text
    expected = [
        {
            **{k: v for k, v in m.items() if k != "article_id"},
            "value": None if m["value"] is None else json.loads(m["value"]),
        }
        for m in mention_records(nlp(art))
    ]
    assert recs[0]["entities"] == expected and expected
    assert all(r["schema"] == "byline.extract/1" for r in recs)
    assert recs[0]["date"] == art.published and recs[0]["tokens"] == len(nlp(art))


def test_a_text_of_many_entities_is_written_a_part_at_a_time(tmp_path: Path) -> None:
    """A line of over 65,536 entities: its rules run a window at a time and its record and
    mention rows come from C++ a part at a time; they are those of the line's Doc."""
    pd = pytest.importorskip("pandas")
    line = " ".join(paragraphs()) + " " + "Angela Merkel met Putin in Berlin on Monday, " * 17_000
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": "long", "text": line}) + "\n", encoding="utf-8")
    doc = byline.load()(line)
    mentions = mention_records(doc, "long")
    assert len(mentions) > 65_536 and len(doc) > 65_536

    res = run(str(path), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    (rec,) = records(res.stdout)
    assert rec["entities"] == [
        {
            **{k: v for k, v in m.items() if k != "article_id"},
            "value": None if m["value"] is None else json.loads(m["value"]),
        }
        for m in mentions
    ]
    assert (rec["article_id"], rec["tokens"], rec["sentences"]) == ("long", len(doc), len(doc.sentence_ranges()))

    res = run(str(path), "--format", "csv", "--out", str(tmp_path / "m.csv"), "--articles", str(tmp_path / "a.csv"))
    assert res.returncode == 0, res.stderr
    frame = pd.read_csv(tmp_path / "m.csv", dtype=MENTION_COLUMNS, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(frame, pd.DataFrame(mentions).astype(MENTION_COLUMNS))
    assert pd.read_csv(tmp_path / "a.csv")["entities"].tolist() == [len(mentions)]

    pq = pytest.importorskip("pyarrow.parquet")
    short = tmp_path / "short.jsonl"  # a short text before and after the long one: rows of the batch tables
    short.write_text(json.dumps({"id": "s", "text": "Putin met Xi in Moscow on Monday."}) + "\n", encoding="utf-8")
    out = tmp_path / "m.parquet"
    res = run(str(short), str(path), str(short), "--format", "parquet", "--out", str(out), "--batch-size", "3")
    assert res.returncode == 0, res.stderr
    table = pq.read_table(out)
    table.validate(full=True)
    frame = table.drop(["value"]).to_pandas()
    n = len(frame[frame["article_id"] == "s"]) // 2
    assert n > 0 and len(frame) == len(mentions) + 2 * n
    plain = {c: t for c, t in MENTION_COLUMNS.items() if c != "value"}
    long_rows = frame.iloc[n : n + len(mentions)].reset_index(drop=True).astype(plain)
    pd.testing.assert_frame_equal(long_rows, pd.DataFrame(mentions).drop(columns="value").astype(plain))
    values = table.column("value").to_pylist()[n : n + len(mentions)]
    assert [v is None for v in values] == [m["value"] is None for m in mentions]
    assert {v["country"] for v in values if v is not None and v["country"] is not None} >= {"DE"}


def test_resume_after_kill(big: Path, full: bytes, tmp_path: Path) -> None:
    # The input is a named pipe holding the first 400 records and kept open, so the run
    # cannot finish before it is killed, however fast the machine; the resumed run then
    # reads the whole file at the same path.
    src = tmp_path / "in.jsonl"
    os.mkfifo(src)
    lines = big.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        command(str(src), "--out", str(out), "--batch-size", "8", "--threads", "1"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fd = os.open(src, os.O_RDWR)  # does not wait for the reader
    try:
        os.write(fd, b"".join(lines[:400]))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 16:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        os.close(fd)
    assert proc.returncode == -signal.SIGKILL
    written = out.read_bytes().count(b"\n")
    assert 16 <= written <= 400
    src.unlink()
    src.write_bytes(b"".join(lines))
    res = run(str(src), "--out", str(out), "--batch-size", "8", "--resume")
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == full.replace(json.dumps(str(big)).encode()[1:-1], json.dumps(str(src)).encode()[1:-1])


def test_resume_refuses_a_foreign_file_and_keeps_it(big: Path, tmp_path: Path) -> None:
    for content in (b'{"a":1}\n{"b":2}', b'{"b":2}', b"hello\n"):
        out = tmp_path / "other.jsonl"
        out.write_bytes(content)
        res = run(str(big), "--out", str(out), "--resume")
        assert res.returncode != 0 and b"cannot resume" in res.stderr, (content, res.stderr)
        assert out.read_bytes() == content  # untouched


def test_table_to_a_file_has_its_summary(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    res = run(str(ARTICLES_DIR), "--out", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text(encoding="utf-8")
    assert "processed 5 articles" in text and "PERSON:" in text


def test_resume_cuts_a_truncated_line(big: Path, full: bytes, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cut = full.index(b"\n", len(full) // 3) + 40  # 40 bytes into a record
    out.write_bytes(full[:cut])
    res = run(str(big), "--json", "--out", str(out), "--resume")
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == full
    res = run(str(big), "--json", "--out", str(out), "--resume")  # complete: nothing to add
    assert res.returncode == 0 and out.read_bytes() == full
    # A different input list than the one that made the output is refused.
    res = run(str(ARTICLES_DIR), "--json", "--out", str(out), "--resume")
    assert res.returncode == 1 and b"cannot resume" in res.stderr
    assert out.read_bytes() == full
    # ... and leaves an unfinished last line in place (it was cut before the inputs were compared)
    out.write_bytes(full[:cut])
    res = run(str(ARTICLES_DIR), "--json", "--out", str(out), "--resume")
    assert res.returncode == 1 and b"cannot resume" in res.stderr
    assert out.read_bytes() == full[:cut]


def test_parquet_row_groups_written_in_the_background_keep_order_and_errors(tmp_path: Path) -> None:
    """ParquetTableWriter writes each full row group on a thread of its own, one at a time:
    the file holds the rows in order, one group per flush, and a failed write is raised
    on the caller's thread (by the next flush or close), not lost."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from byline import _extract as ex

    schema = ex.parquet_schema(articles=True)
    part = schema.empty_table()
    rows = [
        pa.table(
            {
                c: pa.array([k], type=part.schema.field(c).type)
                if c == "chars"
                else pa.nulls(1, part.schema.field(c).type)
                for c in part.column_names
            },
            schema=schema,
        )
        for k in range(10)
    ]
    w = ex.ParquetTableWriter(str(tmp_path / "a.parquet"), articles=True, rows=3)
    for t in rows:
        w._add(t)
    w.close()
    f = pq.ParquetFile(tmp_path / "a.parquet")
    assert f.read().column("chars").to_pylist() == list(range(10))
    assert [f.metadata.row_group(g).num_rows for g in range(f.num_row_groups)] == [3, 3, 3, 1]

    class Failing:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.closed = False

        def write_table(self, table: Any) -> None:
            raise OSError("disk full")

        def close(self) -> None:
            self.closed = True

    w = ex.ParquetTableWriter(str(tmp_path / "b.parquet"), articles=True, rows=3)
    w.pq = type("pq", (), {"ParquetWriter": Failing})
    for t in rows[:3]:
        w._add(t)  # the first group starts writing in the background
    with pytest.raises(OSError, match="disk full"):
        w.close()
    assert w.writer.closed


def test_csv_and_parquet_mentions(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    nlp = byline.load()
    expected = byline.to_pandas(list(nlp.pipe(byline.read_articles(ARTICLES_DIR))))
    assert len(expected) > 100

    res = run(str(ARTICLES_DIR), "--format", "csv", "--out", str(tmp_path / "m.csv"), "--batch-size", "2")
    assert res.returncode == 0, res.stderr
    frame = pd.read_csv(tmp_path / "m.csv", dtype=MENTION_COLUMNS, keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(MENTION_COLUMNS)
    pd.testing.assert_frame_equal(frame, expected)

    res = run(
        str(ARTICLES_DIR),
        "--format",
        "parquet",
        "--out",
        str(tmp_path / "m.parquet"),
        "--articles",
        str(tmp_path / "a.parquet"),
        "--batch-size",
        "2",
    )
    assert res.returncode == 0, res.stderr
    table = pq.read_table(tmp_path / "m.parquet")
    table.validate(full=True)
    assert table.schema.names == list(MENTION_COLUMNS)
    plain = {c: t for c, t in MENTION_COLUMNS.items() if c != "value"}
    assert [str(table.schema.field(c).type) for c in plain] == [
        {"string": "string", "int64": "int64", "float64": "double"}[d] for d in plain.values()
    ]
    # the value is typed, not JSON text: a struct of the value keys (docs/schema.md)
    assert str(table.schema.field("value").type) == (
        "struct<string: string, number: double, min: double, max: double, approx: bool, open: string, "
        "inclusive: bool, currency: string, unit: string, country: string, kind: string, start: string, "
        "end: string, anchor: string, zone: string, fiscal: bool, other: string>"
    )
    frame = table.drop(["value"]).to_pandas().astype(plain)
    pd.testing.assert_frame_equal(frame, expected.drop(columns="value"))

    def fields(x: Any) -> Any:  # the struct fields a JSON value fills
        if x is None:
            return None
        if isinstance(x, str):
            return {"string": x}
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return {"number": x}
        return {{"timex": "string", "amount": "number", "value": "number"}.get(k, k): v for k, v in x.items()}

    want = [None if x is pd.NA or x is None else fields(json.loads(x)) for x in expected["value"]]
    got = [
        None if v is None else {k: x for k, x in v.items() if x is not None} for v in table.column("value").to_pylist()
    ]
    assert got == want
    filled = {k for v in got if v is not None for k in v}
    assert {"string", "number", "country", "kind", "start", "end", "anchor"} <= filled
    assert "other" not in filled  # every built-in value is typed
    articles = pd.read_parquet(tmp_path / "a.parquet")
    assert list(articles["article_id"]) == [p.stem for p in article_paths()]
    assert articles["entities"].sum() == len(expected)


def test_date_field_anchors_relative_dates(tmp_path: Path) -> None:
    src = tmp_path / "dated.jsonl"
    src.write_text(
        json.dumps({"id": "x", "text": "The deal was signed on December 30.", "pubdate": "2025-01-02"}) + "\n",
        encoding="utf-8",
    )

    def dates(*args: str) -> List[Any]:
        res = run(str(src), "--json", *args)
        assert res.returncode == 0, res.stderr
        (rec,) = records(res.stdout)
        return [(e["text"], e["value"]["timex"]) for e in rec["entities"] if e["label"] == "DATE"] + [rec["date"]]

    assert dates("--date-field", "pubdate") == [("December 30", "2024-12-30"), "2025-01-02"]
    unanchored = dates()
    assert unanchored[-1] is None and unanchored[0][1] != "2024-12-30"
    assert dates("--date", "2025-01-02") == [("December 30", "2024-12-30"), "2025-01-02"]


def test_malformed_line_fail_and_skip(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        '{"id": "a", "text": "Putin met Xi in Moscow."}\n'
        '{"id": "b", "text": \n'
        "\n"
        '{"id": "c", "body": "no text field"}\n'
        '{"id": "d", "text": "Sberbank lost $5 billion.", "published": "last week"}\n'
        '{"id": "e", "text": "Gref spoke in Berlin."}\n',
        encoding="utf-8",
    )
    res = run(str(src), "--json")
    assert res.returncode == 1
    assert [r["article_id"] for r in records(res.stdout)] == ["a"]
    assert f"{src}:2: not valid JSON".encode() in res.stderr

    res = run(str(src), "--json", "--on-error", "skip", "--batch-size", "2")
    assert res.returncode == 1
    recs = records(res.stdout)
    assert [r["input"] for r in recs] == [f"{src}:{n}" for n in (1, 2, 4, 5, 6)]
    assert [r["error"] is None for r in recs] == [True, False, False, False, True]
    assert "missing text field 'text'" in recs[2]["error"] and recs[2]["article_id"] == "c"
    assert "invalid date 'last week'" in recs[3]["error"] and recs[3]["article_id"] == "d"
    assert recs[4]["entities"] and recs[1]["entities"] == []
    assert res.stderr.count(b"byline: error: ") == 3

    pd = pytest.importorskip("pandas")
    res = run(str(src), "--format", "csv", "--on-error", "skip", "--articles", str(tmp_path / "a.csv"))
    assert res.returncode == 1 and res.stderr.count(b"byline: error: ") == 3
    articles = pd.read_csv(tmp_path / "a.csv")
    assert list(articles["article_id"].fillna("")) == ["a", "", "c", "d", "e"]
    assert list(articles["error"].isna()) == [True, False, False, False, True]


def test_inputs_stdin_directories_and_missing(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.txt").write_text("Putin spoke in Moscow.", encoding="utf-8")
    (tmp_path / "d" / "sub" / "a.jsonl").write_text('{"text": "Gref met Xi."}\n{"text": "Hi."}\n', encoding="utf-8")
    (tmp_path / "d" / "notes.md").write_text("ignored", encoding="utf-8")
    res = run(str(tmp_path / "d"), "-", "--json", stdin=b'{"id": "s1", "text": "Paris."}\n')
    assert res.returncode == 0, res.stderr
    recs = records(res.stdout)
    assert [r["input"] for r in recs] == [
        str(tmp_path / "d" / "b.txt"),
        f"{tmp_path / 'd' / 'sub' / 'a.jsonl'}:1",
        f"{tmp_path / 'd' / 'sub' / 'a.jsonl'}:2",
        "<stdin>:1",
    ]
    assert recs[1]["article_id"] == recs[1]["input"] and recs[3]["article_id"] == "s1"
    res = run("-", "--json", stdin=b"Vladimir Putin spoke.\n{not json}\n")
    (rec,) = records(res.stdout)
    assert res.returncode == 0 and rec["input"] == "<stdin>" and rec["chars"] == 33
    res = run("-", "--json", "--stdin-format", "jsonl", stdin=b"Vladimir Putin spoke.\n")
    assert res.returncode == 1 and b"<stdin>:1: not valid JSON" in res.stderr

    res = run(str(tmp_path / "missing.txt"), str(tmp_path / "d" / "b.txt"), "--json", "--on-error", "skip")
    assert res.returncode == 1 and b"missing.txt: no such file or directory" in res.stderr
    assert [r["error"] is None for r in records(res.stdout)] == [False, True]


def test_table_summary_and_progress(tmp_path: Path) -> None:
    res = run(str(ARTICLES_DIR), "--progress")
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode()
    assert out.splitlines()[0].split() == ["tokens", "sentences", "entities", "input"]
    assert "processed 5 articles" in out and "Putin" in out
    assert b"articles" in res.stderr  # the progress bar, forced on
    res = run(str(ARTICLES_DIR))
    assert res.stderr == b""  # silent when stderr is not a terminal


def test_help_and_usage_errors(tmp_path: Path) -> None:
    res = run("--help")
    assert res.returncode == 0
    for option in (b"--format", b"--resume", b"--on-error", b"--date-field", b"--batch-size", b"--progress"):
        assert option in res.stdout
    src = str(article_paths()[0])
    for args in (
        ["--format", "xml", src],
        ["--format", "parquet", src],
        ["--resume", src],
        ["--resume", "--format", "csv", "--out", str(tmp_path / "x.csv"), src],
        ["--json", "--format", "csv", src],
        ["--batch-size", "0", src],
        ["--on-error", "ignore", src],
        ["--articles", str(tmp_path / "a.csv"), src],
        ["--out", src, "--json", src],
        [],
    ):
        res = run(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert b"usage:" in res.stderr and res.stdout == b""


def test_csv_headers_made_in_cpp_are_the_table_columns() -> None:
    from byline import _core
    from byline.frames import ARTICLE_COLUMNS, MENTION_COLUMNS

    assert _core.mention_csv_header().rstrip("\n").split(",") == list(MENTION_COLUMNS)
    assert _core.article_csv_header().rstrip("\n").split(",") == list(ARTICLE_COLUMNS)


def test_articles_tables_say_whether_utf8_was_replaced_as_the_records_do(tmp_path: Path) -> None:
    # the CSV and Parquet articles tables had no utf8_replaced column
    pd = pytest.importorskip("pandas")
    (tmp_path / "a_bad.txt").write_bytes(b"Caf\xe9 in Paris.")
    (tmp_path / "b_good.txt").write_text("Cafe in Paris.", encoding="utf-8")
    src = tmp_path / "c.jsonl"
    src.write_bytes(b'{"id": "c", "text": "Lone \\ud800 surrogate."}\n{"id": "d"}\n')
    inputs = [str(tmp_path / "a_bad.txt"), str(tmp_path / "b_good.txt"), str(src)]
    common = ["--errors", "replace", "--on-error", "skip"]
    res = run(*inputs, *common, "--json")
    flags = [r["utf8_replaced"] for r in records(res.stdout)]
    assert flags == [True, False, True, False]  # the last line fails: no text field
    res = run(*inputs, *common, "--out", str(tmp_path / "m.csv"), "--articles", str(tmp_path / "a.csv"))
    assert res.returncode == 1, res.stderr
    table = pd.read_csv(tmp_path / "a.csv")
    assert table.utf8_replaced.tolist() == flags and str(table.utf8_replaced.dtype) == "bool"
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[1].endswith(",true,")
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    res = run(*inputs, *common, "--out", str(tmp_path / "m.parquet"), "--articles", str(tmp_path / "a.parquet"))
    assert res.returncode == 1, res.stderr
    assert pq.read_table(tmp_path / "a.parquet").column("utf8_replaced").to_pylist() == flags


def test_date_option_dates_only_undated_articles(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    text = "The deal was signed on December 30."
    src.write_text(
        json.dumps({"id": "own", "text": text, "published": "2025-01-02"})
        + "\n"
        + json.dumps({"id": "none", "text": text})
        + "\n",
        encoding="utf-8",
    )
    res = run(str(src), "--json", "--date", "2020-06-01")
    assert res.returncode == 0, res.stderr
    own, none = records(res.stdout)
    # an article's own date wins over --date; --date dates the article without one
    assert own["date"] == "2025-01-02" and none["date"] == "2020-06-01"
    assert [e["value"]["timex"] for e in own["entities"] if e["label"] == "DATE"] == ["2024-12-30"]
    assert [e["value"]["timex"] for e in none["entities"] if e["label"] == "DATE"] == ["2019-12-30"]


def test_articles_table_with_the_other_format_suffix_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Putin met Xi."}) + "\n", encoding="utf-8")
    for out, articles in (("m.parquet", "a.csv"), ("m.csv", "a.parquet")):
        res = run(str(src), "--out", str(tmp_path / out), "--articles", str(tmp_path / articles))
        assert res.returncode == 2 and b"other table format" in res.stderr
        assert not (tmp_path / articles).exists()


def test_records_say_where_the_document_date_came_from(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    rows = [
        {"id": "field", "text": "Putin spoke on December 30.", "published": "2025-01-02"},
        {"id": "text", "text": "MOSCOW, Jan. 2, 2025 (Reuters) - Putin spoke on December 30."},
        {"id": "none", "text": "Putin spoke on December 30."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = run(str(src), "--json")
    assert res.returncode == 0, res.stderr
    got = {r["article_id"]: (r["date"], r["date_source"]) for r in records(res.stdout)}
    assert got == {"field": ("2025-01-02", "field"), "text": ("2025-01-02", "text"), "none": (None, None)}
    res = run(str(src), "--json", "--date", "2020-05-05")  # dates only the undated articles
    got = {r["article_id"]: (r["date"], r["date_source"]) for r in records(res.stdout)}
    assert got["none"] == ("2020-05-05", "argument") and got["field"] == ("2025-01-02", "field")


# ------------------------------------------------------------------ precedence rules
# Each rule of `byline extract` that decides between two sources of one setting
# (README "Command line", docs/schema.md `date_source`).

DATELINE = "MOSCOW, Jan. 2, 2025 (Reuters) - Putin spoke on December 30."


def first_record(*args: str) -> Dict[str, Any]:
    res = run(*args)
    assert res.returncode == 0, res.stderr
    return records(res.stdout)[0]


def test_date_precedence_own_metadata_then_argument_then_text(tmp_path: Path) -> None:
    """The article's own metadata (JSON Lines field, HTML meta) beats --date, which beats a
    date found in the text (dateline, Published line)."""
    both = tmp_path / "both.jsonl"
    both.write_text(json.dumps({"id": "b", "text": DATELINE, "published": "2024-03-03"}) + "\n", encoding="utf-8")
    dateline = tmp_path / "dateline.jsonl"
    dateline.write_text(json.dumps({"id": "d", "text": DATELINE}) + "\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2024-04-04T10:00:00Z"></head>'
        f"<body><article><p>{DATELINE}</p></article></body></html>",
        encoding="utf-8",
    )
    cases = [
        ((str(both),), ("2024-03-03", "field")),  # field beats the dateline
        ((str(both), "--date", "2020-01-01"), ("2024-03-03", "field")),  # field beats --date
        ((str(dateline),), ("2025-01-02", "text")),  # the dateline when nothing is given
        ((str(dateline), "--date", "2020-01-01"), ("2020-01-01", "argument")),  # --date beats the text
        ((str(page), "--date", "2020-01-01"), ("2024-04-04", "html")),  # HTML meta beats --date
    ]
    for args, want in cases:
        rec = first_record(*args, "--json")
        assert (rec["date"], rec["date_source"]) == want, args


def test_date_field_option_replaces_the_default_field(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DATELINE, "published": "2024-03-03", "when": "2023-05-05"}) + "\n")
    assert first_record(str(src), "--json", "--date-field", "when")["date"] == "2023-05-05"
    rec = first_record(str(src), "--json", "--date-field", "absent", "--date", "2020-01-01")
    assert (rec["date"], rec["date_source"]) == ("2020-01-01", "argument")  # the default field is not consulted


def test_format_option_beats_the_out_suffix(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DATELINE}) + "\n", encoding="utf-8")
    out = tmp_path / "x.csv"
    res = run(str(src), "--out", str(out), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["schema"] == "byline.extract/1"
    res = run(str(src), "--out", str(out))  # without --format the suffix decides
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8").split("\n", 1)[0].split(",") == list(MENTION_COLUMNS)


def test_model_option_beats_the_environment(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DATELINE}) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8", BYLINE_MODEL=str(tmp_path / "no-model"))
    model = str(byline.load().path)
    ok = subprocess.run(
        command(str(src), "--json", "--model", model), capture_output=True, env=env, timeout=120, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert records(ok.stdout)[0]["entities"]
    bad = subprocess.run(command(str(src), "--json"), capture_output=True, env=env, timeout=120, check=False)
    assert bad.returncode != 0 and b"BYLINE_MODEL" in bad.stderr  # without --model the variable decides


def test_user_patterns_beat_model_and_rules_also_without_rules(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DATELINE}) + "\n", encoding="utf-8")
    patterns = tmp_path / "p.json"
    patterns.write_text(json.dumps([{"label": "ORG", "pattern": "Putin"}]), encoding="utf-8")
    phrases = tmp_path / "p.tsv"
    phrases.write_text("EVENT\tDecember 30\n", encoding="utf-8")
    for extra in ((), ("--no-rules",)):
        args = ("--json", "--patterns", str(patterns), "--phrases", str(phrases), *extra)
        ents = {(e["text"], e["label"], e["source"]) for e in first_record(str(src), *args)["entities"]}
        assert ("Putin", "ORG", "user") in ents and ("December 30", "EVENT", "user") in ents, (extra, ents)
        assert not any(t in ("Putin", "December 30") and s != "user" for t, _, s in ents), ents


def test_a_stopped_run_leaves_no_table_that_looks_complete(tmp_path: Path) -> None:
    """CSV and Parquet tables become FILE only when the run finishes; a run stopped by a bad
    input leaves FILE.XXXXXXXX.partial (and an older FILE untouched) and says so."""
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "a", "text": "Putin met Xi."}\n{not json\n{"id": "c", "text": "Rome."}\n', encoding="utf-8")
    for fmt in ("csv", "parquet"):
        out, articles = tmp_path / f"m.{fmt}", tmp_path / f"a.{fmt}"
        articles.write_text("older run\n", encoding="utf-8")
        res = run(str(src), "--out", str(out), "--articles", str(articles), "--batch-size", "1")
        assert res.returncode == 1
        (left,) = tmp_path.glob(f"m.{fmt}.*.partial")
        assert f"rows written so far are in {left}, not in {out}".encode() in res.stderr
        assert not out.exists() and len(list(tmp_path.glob(f"a.{fmt}.*.partial"))) == 1
        assert articles.read_text(encoding="utf-8") == "older run\n"
        res = run(str(src), "--out", str(out), "--articles", str(articles), "--on-error", "skip")
        assert res.returncode == 1  # finished, with an error row: the tables are complete
        assert out.exists() and articles.read_bytes() != b"older run\n"
        for p in tmp_path.glob("*.partial"):
            p.unlink()


def test_tables_go_where_the_user_pointed(tmp_path: Path) -> None:
    """A symlink's target gets the table (the link stays), a device is written in place, the
    file keeps its mode, and an output that cannot be opened leaves nothing behind."""
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Putin met Xi in Moscow."}) + "\n", encoding="utf-8")
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run(str(src), "--out", str(link)).returncode == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("article_id,")
    assert (real.stat().st_mode & 0o777) == 0o640
    assert run(str(src), "--out", "/dev/null", "--format", "csv").returncode == 0
    assert Path("/dev/null").is_char_device()
    res = run(str(src), "--out", str(tmp_path / "m.csv"), "--articles", str(tmp_path / "nodir" / "a.csv"))
    assert res.returncode == 1 and b"nodir" in res.stderr and b"did not finish" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "link.csv", "real.csv"]


def test_sigterm_closes_the_outputs_like_ctrl_c(tmp_path: Path, big: Path) -> None:
    out = tmp_path / "m.csv"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        command(str(big), str(big), str(big), "--out", str(out), "--batch-size", "8", "--threads", "1"),
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.time() + 60
    while not list(tmp_path.glob("m.csv.*.partial")) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert b"terminated" in err and b"rows written so far are in" in err
    assert not out.exists() and len(list(tmp_path.glob("m.csv.*.partial"))) == 1


def test_inputs_over_the_size_limit_are_error_records_not_read_into_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 5000)
    lines = tmp_path / "lines.jsonl"
    lines.write_bytes(b'{"id": "a", "text": "Paris."}\n' + b"x" * 3000 + b"\n" + b'{"id": "c", "text": "Rome."}\n')
    res = run(str(big), str(lines), "--json", "--on-error", "skip", "--max-bytes", "1000")
    assert res.returncode == 1
    got = [(r["input"], r["error"]) for r in records(res.stdout)]
    assert got[0][0] == str(big) and "the file is 5,000 bytes, longer than the limit of 1,000 bytes" in got[0][1]
    assert [(i, e is None) for i, e in got[1:]] == [(f"{lines}:1", True), (f"{lines}:2", False), (f"{lines}:3", True)]
    assert "the line is longer than the limit" in got[2][1]
    crlf = tmp_path / "crlf.jsonl"  # the line end does not count toward the limit
    line = json.dumps({"id": "x", "text": "Paris " + "y" * 40}).encode()
    crlf.write_bytes(line + b"\r\n" + line + b"\n")
    res = run(str(crlf), "--json", "--max-bytes", str(len(line)))
    assert res.returncode == 0 and len(records(res.stdout)) == 2, res.stderr
    res = run(str(crlf), "--json", "--on-error", "skip", "--max-bytes", str(len(line) - 1))
    assert [r["error"] is None for r in records(res.stdout)] == [False, False]
    # an endless stream: refused after the limit, never read to its end
    for fmt in ("auto", "text", "jsonl"):
        with open("/dev/zero", "rb") as zero:
            res = subprocess.run(
                command("-", "--json", "--max-bytes", "1000", "--stdin-format", fmt),
                stdin=zero,
                capture_output=True,
                timeout=60,
                check=False,
            )
        assert res.returncode == 1 and b"longer than the limit of 1,000 bytes" in res.stderr, (fmt, res.stderr)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_one_thread_run_writes_what_a_threaded_run_writes(big: Path, tmp_path: Path, fmt: str) -> None:
    # --threads 1 reads, processes and writes on the calling thread (one core); the output
    # is the same as with the reader, worker and writer threads of --threads 2.
    outs = {}
    for threads in ("1", "2"):
        out, arts = tmp_path / f"m{threads}.{fmt}", tmp_path / f"a{threads}.{fmt}"
        extra = [] if fmt == "jsonl" else ["--articles", str(arts)]
        res = run(str(big), "--format", fmt, "--out", str(out), *extra, "--batch-size", "64", "--threads", threads)
        assert res.returncode == 0, res.stderr
        outs[threads] = (out, arts)
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        for k in range(2):
            assert pq.read_table(outs["1"][k]).equals(pq.read_table(outs["2"][k]))
        assert pq.read_table(outs["1"][0]).num_rows > 2000
    else:
        assert outs["1"][0].read_bytes() == outs["2"][0].read_bytes()
        if fmt == "csv":
            assert outs["1"][1].read_bytes() == outs["2"][1].read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_one_thread_run_handles_bad_inputs_as_a_threaded_run(tmp_path: Path, fmt: str) -> None:
    # --on-error skip: the same error records and messages; --on-error fail: the same stop.
    src = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"id": f"m{k}", "text": f"Acme hired {k} people in Paris."}) for k in range(40)]
    lines[7] = "{not json"
    lines[20] = json.dumps({"id": "bad-date", "text": "x", "published": "Mon, 02 Jan 2025"})
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for on_error in ("skip", "fail"):
        got = {}
        for threads in ("1", "2"):
            out = tmp_path / f"{on_error}{threads}.{fmt}"
            res = run(
                str(src),
                "--format",
                fmt,
                "--out",
                str(out),
                "--on-error",
                on_error,
                "--batch-size",
                "4",
                "--threads",
                threads,
            )
            assert res.returncode == 1, res.stderr
            body = out.read_bytes() if out.exists() else None
            if fmt == "parquet" and body is not None:
                pq = pytest.importorskip("pyarrow.parquet")
                body = pq.read_table(out).to_pylist()
            err = re.sub(r"\.[^./]+\.partial\b", ".X.partial", res.stderr.decode().replace(str(tmp_path), "T"))
            got[threads] = (body, err.replace(f"{on_error}{threads}.", f"{on_error}N."))
        assert got["1"] == got["2"], on_error


def test_run_batches_without_threads_works_on_the_calling_thread() -> None:
    import threading

    from byline import _extract as ex

    seen = []

    def work(batch: List[int]) -> None:
        seen.append((threading.get_ident(), list(batch)))

    out = list(ex.run_batches(iter(range(7)), work, 3, threaded=False))  # type: ignore[arg-type]
    assert out == [[0, 1, 2], [3, 4, 5], [6]]
    assert [b for _, b in seen] == out and {t for t, _ in seen} == {threading.get_ident()}
    assert ex.one_thread(1) and not ex.one_thread(2)


def test_a_batch_ends_early_once_it_holds_batch_chars_of_text() -> None:
    # a bounded amount of text per batch however long the articles (and items of no text count 0)
    from byline import _extract as ex

    entries = [ex.Entry(f"e{k}", byline.Article(text="x" * n)) for k, n in enumerate((5, 5, 12, 1, 1, 1))]
    entries.insert(2, ex.Entry("bad", error="unreadable"))
    for threaded in (False, True):
        out = list(ex.run_batches(iter(entries), lambda b: None, 4, threaded=threaded, batch_chars=10))
        assert [[e.ref for e in b] for b in out] == [["e0", "e1"], ["bad", "e2"], ["e3", "e4", "e5"]]
    assert ex.BATCH_SIZE >= 256 and ex.BATCH_CHARS >= 1 << 20


def test_a_symbolic_link_to_nothing_in_a_directory_is_an_error_record(tmp_path: Path) -> None:
    # it was skipped without a word, while the same path named on the command line is an error
    (tmp_path / "a.txt").write_text("Putin met Xi in Moscow.", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    res = run(str(tmp_path), "--json", "--on-error", "skip")
    assert res.returncode == 1
    recs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [(Path(r["input"]).name, r["error"]) for r in recs] == [
        ("a.txt", None),
        ("b.txt", byline.articles.BROKEN_LINK),
    ]
    with pytest.raises(byline.InputError, match="broken symbolic link"):
        list(byline.read_articles(tmp_path))


def test_a_date_field_that_is_no_string_is_an_error_record(tmp_path: Path) -> None:
    # `"published": true` became the date 'True' (and 20250102 the date '20250102'); a
    # numeric id still becomes its str
    text = "Putin spoke in Moscow on December 30."
    values: List[Any] = [True, 20250102, {"day": "2025-01-02"}, ["2025-01-02"], None, "2025-01-02"]
    src = tmp_path / "dates.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": text, "published": v}) + "\n" for k, v in enumerate(values)))
    res = run(str(src), "--json", "--on-error", "skip", "--date", "2020-06-01")
    assert res.returncode == 1
    recs = records(res.stdout)
    assert [r["article_id"] for r in recs] == ["0", "1", "2", "3", "4", "5"]
    assert [r["error"] for r in recs] == [
        "date field 'published' must be a string, not boolean",
        "date field 'published' must be a string, not number",
        "date field 'published' must be a string, not object",
        "date field 'published' must be a string, not array",
        None,
        None,
    ]
    # the record keeps the value as it was written (JSON text), not Python's str of it
    assert [r["date"] for r in recs] == [
        "true",
        "20250102",
        '{"day":"2025-01-02"}',
        '["2025-01-02"]',
        "2020-06-01",
        "2025-01-02",
    ]
    assert all(r["entities"] == [] for r in recs[:4]) and all(r["entities"] for r in recs[4:])
    assert f"{src}:1: date field 'published' must be a string, not boolean".encode() in res.stderr
    # a date read from "date" (no "published") is checked and kept in the error record alike
    src.write_text(json.dumps({"id": "d", "text": text, "date": True}) + "\n", encoding="utf-8")
    res = run(str(src), "--json", "--on-error", "skip")
    (rec,) = records(res.stdout)
    assert rec["error"] == "date field 'date' must be a string, not boolean" and rec["date"] == "true"
    # the field named by --date-field; --on-error fail stops at the first
    src.write_text(json.dumps({"id": "a", "text": text, "when": False}) + "\n", encoding="utf-8")
    res = run(str(src), "--json", "--date-field", "when")
    assert res.returncode == 1 and records(res.stdout) == []
    assert f"{src}:1: date field 'when' must be a string, not boolean".encode() in res.stderr
    for fmt in ("csv", "parquet"):
        out, articles = tmp_path / f"m.{fmt}", tmp_path / f"a.{fmt}"
        res = run(
            str(src), "--date-field", "when", "--on-error", "skip", "--out", str(out), "--articles", str(articles)
        )
        assert res.returncode == 1, res.stderr
        import pandas as pd

        table = pd.read_csv(articles, dtype=str) if fmt == "csv" else pd.read_parquet(articles)
        assert list(table["error"]) == ["date field 'when' must be a string, not boolean"]
        assert list(table["date"]) == ["false"]


def test_a_date_or_id_field_that_is_the_text_field_is_a_usage_error(tmp_path: Path) -> None:
    # --date-field text was silently ignored (no date) and --id-field text gave the id ''
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Putin met Xi.", "published": "2025-01-02"}) + "\n")
    for args, message in (
        (["--date-field", "text"], b"--date-field and --text-field both name the field 'text'"),
        (["--id-field", "text"], b"--id-field and --text-field both name the field 'text'"),
        (["--text-field", "body", "--date-field", "body"], b"--date-field and --text-field both name the field 'body'"),
        (["--text-field", "body", "--id-field", "body"], b"--id-field and --text-field both name the field 'body'"),
        (["--text-field", "id"], b"--text-field names --id-field's default, the field 'id'"),
    ):
        # checked before the model is loaded: a model that does not exist is not reached
        res = run(str(src), "--json", "--model", str(tmp_path / "no-model"), *args)
        assert res.returncode == 2, (args, res.stderr)
        assert b"usage:" in res.stderr and message in res.stderr and res.stdout == b""
    # the other fields may share a name with each other
    rec = first_record(str(src), "--json", "--id-field", "published")
    assert (rec["article_id"], rec["date"]) == ("2025-01-02", "2025-01-02")


# A batch of entries whose fourth text holds a lone surrogate (no reader gives one, but a
# text the C++ batch cannot convert must still be that input's error, not the batch's).
_SURROGATE_RUN = """
import sys
import byline.cli as cli
from byline import _extract as ex

real = ex.iter_entries


def entries(*args, **kwargs):
    for k, e in enumerate(real(*args, **kwargs)):
        if k == 3:
            e.article.text = "Putin met Xi in \\ud800 Moscow."
        yield e


ex.iter_entries = entries
sys.exit(cli.main(["extract", *sys.argv[1:]]))
"""


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_text_the_batch_cannot_convert_is_named_by_its_input(tmp_path: Path, fmt: str) -> None:
    # it stopped the run with "text 1: str contains a lone surrogate ...", 1 counted within
    # the second batch of two, and no record for it or the texts after it
    src = tmp_path / "feed.jsonl"
    src.write_text(
        "".join(json.dumps({"id": f"a{k}", "text": f"Putin met Xi in Moscow {k}."}) + "\n" for k in range(6))
    )
    out, articles = tmp_path / f"out.{fmt}", tmp_path / f"articles.{fmt}"
    options = ["--format", fmt, "--out", str(out), "--batch-size", "2"]
    if fmt != "jsonl":
        options += ["--articles", str(articles)]

    def extract(*args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        command = [sys.executable, "-c", _SURROGATE_RUN, str(src), *options, *args]
        return subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)

    res = extract("--on-error", "skip")
    assert res.returncode == 1, res.stderr
    lines = res.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"byline: error: {src}:4: str contains a lone surrogate U+D800 ")
    if fmt == "jsonl":
        recs = records(out.read_bytes())
        errors = [r["error"] for r in recs]
    else:
        import pandas as pd

        table = pd.read_csv(articles, dtype=str) if fmt == "csv" else pd.read_parquet(articles)
        recs = table.to_dict("records")
        errors = [None if not isinstance(r["error"], str) else r["error"] for r in recs]
    assert [r["article_id"] for r in recs] == [f"a{k}" for k in range(6)]
    assert [e is None for e in errors] == [True, True, True, False, True, True]
    assert errors[3].startswith("str contains a lone surrogate U+D800 ")
    res = extract("--on-error", "fail")
    assert res.returncode == 1
    assert res.stderr.decode().startswith(f"byline: error: {src}:4: str contains a lone surrogate")
    if fmt == "jsonl":
        assert [r["article_id"] for r in records(out.read_bytes())] == ["a0", "a1", "a2"]


def test_analyze_render_and_tokenize_take_the_json_lines_field_options(tmp_path: Path) -> None:
    # README: analyze and render read JSON Lines as extract does, yet only extract had
    # --text-field, --id-field and --date-field (`analyze body.jsonl --text-field body`: usage error)
    src = tmp_path / "body.jsonl"
    src.write_text(json.dumps({"url": "u-1", "body": "Putin met Xi in Moscow on Monday.", "day": "2025-01-02"}) + "\n")
    fields = ["--text-field", "body", "--id-field", "url", "--date-field", "day"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "byline.cli", *args], capture_output=True, env=env, timeout=120, check=False
        )

    res = cli("analyze", str(src), "--json", *fields)
    assert res.returncode == 0, res.stderr
    (rec,) = records(res.stdout)
    assert rec["text"].startswith("Putin met Xi") and rec["meta"]["id"] == "u-1"
    assert any(e["label"] == "DATE" and '"2024-12-30"' in json.dumps(e) for e in rec["entities"]), rec["entities"]
    report = tmp_path / "r.html"
    res = cli("render", str(src), "--out", str(report), *fields)
    assert res.returncode == 0, res.stderr
    html = report.read_text()
    assert "u-1" in html and "2025-01-02" in html and "Moscow" in html
    res = cli("tokenize", str(src), "--json", "--text-field", "body", "--id-field", "url")
    assert res.returncode == 0, res.stderr
    (doc,) = records(res.stdout)
    assert doc["text"].startswith("Putin met Xi") and doc["meta"]["id"] == "u-1"
    # the same usage check as extract's, before the model is loaded
    for command in ("analyze", "render", "tokenize"):
        extra = ["--out", str(tmp_path / "x.html")] if command == "render" else []
        res = cli(command, str(src), *extra, "--text-field", "body", "--id-field", "body")
        assert res.returncode == 2, (command, res.stderr)
        assert f"usage: byline {command}".encode() in res.stderr
        assert b"--id-field and --text-field both name the field 'body'" in res.stderr
