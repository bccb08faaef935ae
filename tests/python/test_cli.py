"""The `byline` command line, run in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest
from conftest import ARTICLES_DIR, article_paths, schema_fields

import byline


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "byline.cli", *args], input=stdin, capture_output=True, env=env, timeout=120, check=False
    )


def test_tokenize_directory_table() -> None:
    res = run("tokenize", str(ARTICLES_DIR))
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode()
    for p in article_paths():
        assert p.name in out
    lines = out.splitlines()
    assert lines[0].split() == ["file", "chars", "tokens", "sentences", "paragraphs"]
    total = next(line for line in lines if line.startswith("total (5 files)"))
    tokens = sum(len(byline.tokenize(p.read_text(encoding="utf-8"))) for p in article_paths())
    assert f"{tokens:,}" in total.split()
    assert "MB/s" in lines[-1] and "tokens/s" in lines[-1]
    assert res.stderr == b""


def test_tokenize_json_lines() -> None:
    paths = article_paths()
    res = run("tokenize", "--json", "--threads", "2", *map(str, paths))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.decode().splitlines()
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths):
        d = json.loads(line)
        assert d["schema"] == "byline.doc/1"
        assert d["meta"]["path"] == str(path)
        assert d["text"] == path.read_text(encoding="utf-8")
        doc = byline.Doc.from_json(line)
        assert len(doc) == len(byline.tokenize(d["text"]))


def test_tokenize_reads_a_jsonl_file_as_articles_the_way_extract_does(tmp_path: Path) -> None:
    # tokenize read a .jsonl file as one plain text: its JSON syntax became tokens
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        b'{"id": "a", "text": "Angela Merkel spoke in Berlin."}\n\n'
        b'{"text": "Caf\xe9 society."}\n'
        b"not json\n"
        b'{"id": 7, "text": "Rain fell."}\n'
    )
    res = run("tokenize", "--json", "--on-error", "skip", str(feed))
    assert res.returncode == 1
    objs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [o["meta"]["path"] for o in objs] == [f"{feed}:{n}" for n in (1, 3, 4, 5)]  # one per line, blank skipped
    assert objs[0]["text"] == "Angela Merkel spoke in Berlin." and objs[0]["meta"]["id"] == "a"
    assert len(objs[0]["tokens"]) == len(byline.tokenize(objs[0]["text"]))
    assert objs[1]["error"] == "not valid UTF-8 at byte 13 of the line (use --errors replace to substitute U+FFFD)"
    assert objs[2]["error"].startswith("not valid JSON: ") and objs[2]["id"] is None
    assert objs[3]["text"] == "Rain fell." and objs[3]["meta"]["id"] == "7" and objs[3]["utf8_replaced"] is False
    err = res.stderr.decode()
    assert f"{feed}:3: not valid UTF-8 at byte 13 of the line" in err and f"{feed}:4: " in err
    # the records extract makes of the same lines: the same inputs, ids and texts
    ext = run("extract", "--json", "--on-error", "skip", str(feed))
    recs = [json.loads(line) for line in ext.stdout.decode().splitlines()]
    assert [r["input"] for r in recs] == [o.get("input", o["meta"]["path"]) for o in objs]
    assert [r["chars"] for r in recs if r["error"] is None] == [len(o["text"]) for o in objs if o.get("error") is None]
    # --errors replace repairs the line and says so
    res = run("tokenize", "--json", "--errors", "replace", str(feed), "--on-error", "skip")
    objs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert objs[1]["text"] == "Caf\ufffd society." and objs[1]["utf8_replaced"] is True
    # the table names each line
    res = run("tokenize", "--on-error", "skip", str(feed))
    assert f"{feed}:1 " in res.stdout.decode() and "(failed: " in res.stdout.decode()


def test_stdin() -> None:
    res = run("tokenize", "--json", "-", stdin="Hello, world.".encode())
    assert res.returncode == 0
    d = json.loads(res.stdout)
    assert d["meta"]["path"] == "<stdin>" and len(d["tokens"]) == 4
    # standard input can be read once: given twice it is a usage error, not an empty second article
    for command in ("tokenize", "extract"):
        res = run(command, "-", "-", stdin=b"Hello, world.")
        assert res.returncode == 2 and b"'-' (standard input) is given more than once" in res.stderr


PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sberbank bets on AI</title></head><body>'
    '<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Sberbank bets on AI</h1>'
    "<p>On December 30 Sberbank said it would invest heavily in artificial intelligence across its retail and "
    "corporate business over the coming year, according to a statement on its website.</p>"
    "<p>German Gref, the bank's chief executive, told Reuters that the plan would take several years and would "
    "change how millions of customers deal with the largest lender in Russia.</p>"
    "</article><footer>Copyright 2025 Daily Ledger. Subscribe to our newsletter.</footer></body></html>"
)


def _every_kind(root: Path) -> Path:
    """A directory holding each kind of input extract reads (a text file in a subdirectory
    too) and a file of another kind, which a directory walk leaves out."""
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Angela Merkel spoke in Berlin.", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Rain fell in Paris.", encoding="utf-8")
    (root / "feed.jsonl").write_text(
        json.dumps({"id": "x", "text": "Putin spoke."}) + "\n" + json.dumps({"text": "Xi listened."}) + "\n",
        encoding="utf-8",
    )
    (root / "page.HTM").write_text(PAGE, encoding="utf-8")
    (root / "notes.md").write_text("# not an article", encoding="utf-8")
    return root


def test_tokenize_reads_a_directory_as_extract_does(tmp_path: Path) -> None:
    # tokenize read only the top-level *.txt files of a directory
    d = _every_kind(tmp_path / "news")
    res = run("tokenize", "--json", str(d))
    assert res.returncode == 0, res.stderr
    objs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    want = [
        str(d / "a.txt"),
        f"{d / 'feed.jsonl'}:1",
        f"{d / 'feed.jsonl'}:2",
        str(d / "page.HTM"),
        str(d / "sub" / "b.txt"),
    ]
    assert [o["meta"]["path"] for o in objs] == want  # recursive, in sorted order, JSON Lines by line
    assert [o["text"] for o in objs if "jsonl" not in o["meta"]["path"]][-1] == "Rain fell in Paris."
    assert [o["meta"].get("id") for o in objs] == [None, "x", f"{d / 'feed.jsonl'}:2", None, None]
    res = run("tokenize", str(d))  # the table lists the same inputs
    assert res.returncode == 0 and "total (5 files)" in res.stdout.decode()
    if byline.pipeline.default_model_path().is_file():  # extract reads the same inputs, the same texts
        ext = run("extract", "--json", str(d))
        recs = [json.loads(line) for line in ext.stdout.decode().splitlines()]
        assert [r["input"] for r in recs] == want
        assert [r["chars"] for r in recs] == [len(o["text"]) for o in objs]
    empty = tmp_path / "empty"
    (empty / "deep").mkdir(parents=True)
    (empty / "deep" / "c.txt").write_text("Found below.", encoding="utf-8")
    res = run("tokenize", "--json", str(empty))
    assert res.returncode == 0 and json.loads(res.stdout)["text"] == "Found below."


def test_tokenize_reads_an_html_page_as_extract_does(tmp_path: Path) -> None:
    # tokenize tokenized the markup of a page; extract reads the article text out of it
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    res = run("tokenize", "--json", str(page))
    assert res.returncode == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["text"] == byline.read_html(page).text and d["meta"]["path"] == str(page)
    assert "<" not in d["text"] and "Copyright" not in d["text"] and "German Gref" in d["text"]
    assert len(d["tokens"]) == len(byline.tokenize(d["text"]))
    # an HTML file without main text is an error of that input, as in extract
    blank = tmp_path / "blank.html"
    blank.write_text("<html><head><title>T</title></head><body><script>var x;</script></body></html>", encoding="utf-8")
    res = run("tokenize", "--json", "--on-error", "skip", str(blank), str(page))
    assert res.returncode == 1
    objs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert objs[0]["error"] == "no main text found in the page" and objs[0]["id"] == "blank"
    assert objs[1]["text"] == d["text"]


def test_tokenize_splits_json_lines_on_stdin_as_extract_does() -> None:
    # tokenize read stdin as one text, JSON syntax and all
    lines = (json.dumps({"id": "a", "text": "One two."}) + "\n\n" + json.dumps({"text": "Three."}) + "\n").encode()
    res = run("tokenize", "--json", "-", stdin=lines)
    assert res.returncode == 0, res.stderr
    objs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [(o["meta"]["path"], o["meta"]["id"], o["text"]) for o in objs] == [
        ("<stdin>:1", "a", "One two."),
        ("<stdin>:3", "<stdin>:3", "Three."),
    ]
    # --stdin-format, as in extract: text reads it as one text, jsonl insists on JSON Lines
    res = run("tokenize", "--json", "--stdin-format", "text", "-", stdin=lines)
    d = json.loads(res.stdout)
    assert d["meta"] == {"path": "<stdin>"} and d["text"] == lines.decode()
    res = run("tokenize", "--json", "--stdin-format", "jsonl", "--on-error", "skip", "-", stdin=b"Plain text.\n")
    assert res.returncode == 1 and json.loads(res.stdout)["error"].startswith("not valid JSON")
    # auto: a text whose first line is no JSON object stays one text
    res = run("tokenize", "--json", "-", stdin=b'Plain text.\n{"text": "x"}\n')
    assert json.loads(res.stdout)["meta"] == {"path": "<stdin>"}
    # tokenize reads no dates: an invalid or non-string one is no error
    dated = json.dumps({"text": "One.", "published": "nope"}) + "\n" + json.dumps({"text": "Two.", "published": True})
    res = run("tokenize", "--json", "-", stdin=dated.encode())
    assert res.returncode == 0, res.stderr
    assert [json.loads(line)["text"] for line in res.stdout.decode().splitlines()] == ["One.", "Two."]


def test_version_and_help() -> None:
    res = run("--version")
    assert res.returncode == 0 and res.stdout.decode().strip() == f"byline {byline.__version__}"
    res = run("--help")
    assert res.returncode == 0 and b"tokenize" in res.stdout
    res = run("tokenize", "--help")
    assert res.returncode == 0 and b"--threads" in res.stdout


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["tokenize"],
        ["tokenize", "--threads", "-1", "x"],
        ["tokenize", "--threads", "two", "x"],
        ["tokenize", "--errors", "ignore", "x"],
    ],
)
def test_usage_errors_exit_2(args: List[str]) -> None:
    res = run(*args)
    assert res.returncode == 2
    assert res.stdout == b""
    assert b"usage:" in res.stderr


def test_missing_file_exit_1(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Fine text.", encoding="utf-8")
    res = run("tokenize", str(tmp_path / "missing.txt"), str(good))  # --on-error fail: stops before reading
    assert res.returncode == 1 and res.stdout == b""
    assert res.stderr.decode() == f"byline: error: {tmp_path / 'missing.txt'}: no such file or directory\n"
    res = run("tokenize", str(tmp_path / "missing.txt"), str(good), "--on-error", "skip")
    assert res.returncode == 1
    assert b"missing.txt: no such file or directory" in res.stderr
    assert b"good.txt" in res.stdout  # the other file is still reported


def test_empty_directory_exit_1(tmp_path: Path) -> None:
    res = run("tokenize", str(tmp_path))
    assert res.returncode == 1 and b"no .txt, .jsonl, .html or .htm files in directory" in res.stderr


def test_invalid_utf8_file(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("Good text here.", encoding="utf-8")
    (tmp_path / "b_bad.txt").write_bytes(b"Caf\xe9 society.")
    res = run("tokenize", "--json", str(tmp_path))
    assert res.returncode == 1
    err = res.stderr.decode()
    assert "b_bad.txt" in err and "byte 3" in err
    assert len(res.stdout.splitlines()) == 1  # the good file still comes out
    res = run("tokenize", "--json", "--errors", "replace", str(tmp_path))
    assert res.returncode == 0
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["utf8_replaced"] for d in docs] == [False, True]


def test_explain() -> None:
    res = run("explain", "don't")
    assert res.returncode == 0
    assert [line.split()[0] for line in res.stdout.decode().splitlines()] == ["do", "n't"]


def test_console_script() -> None:
    script = Path(sys.executable).with_name("byline")
    if not script.exists():
        pytest.skip("console script not installed next to the interpreter")
    res = subprocess.run([str(script), "tokenize", str(ARTICLES_DIR)], capture_output=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert b"total (5 files)" in res.stdout


def test_main_in_process(capsys: pytest.CaptureFixture) -> None:
    from byline.cli import main

    assert main(["tokenize", str(article_paths()[0])]) == 0
    assert "total (1 file)" in capsys.readouterr().out


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_extract_summary_and_json() -> None:
    res = run("extract", str(ARTICLES_DIR))
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode()
    assert out.splitlines()[0].split() == ["tokens", "sentences", "entities", "input"]
    for p in article_paths():
        assert p.name in out
    person = next(line for line in out.splitlines() if line.startswith("PERSON: "))
    assert "Putin" in person
    norp = next(line for line in out.splitlines() if line.startswith("NORP: "))  # the ruler's labels too
    assert "Russian" in norp
    assert any(line.startswith("DATE: ") for line in out.splitlines())
    nlp = byline.load()
    first = article_paths()[0]
    expected = [(e.text, e.label_) for e in nlp(first.read_text(encoding="utf-8")).ents]

    res = run("extract", "--json", str(first))
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout.decode())
    assert [(e["text"], e["label"]) for e in rec["entities"]] == expected
    assert rec["input"] == str(first) and rec["article_id"] == first.stem and rec["error"] is None


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_extract_date_patterns_and_no_rules(tmp_path: Path) -> None:
    (putin,) = [p for p in article_paths() if p.name.startswith("003_")]
    res = run("extract", "--json", "--date", "2025-01-02", str(putin))
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout.decode())
    assert ("December 30", "2024-12-30") in [
        (e["text"], e["value"]["timex"]) for e in rec["entities"] if e["label"] == "DATE"
    ]
    assert rec["date"] == "2025-01-02"

    (gigachat,) = [p for p in article_paths() if p.name.startswith("002_")]
    patterns = tmp_path / "patterns.json"
    patterns.write_text('[{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}]', encoding="utf-8")
    res = run("extract", "--patterns", str(patterns), str(gigachat))
    assert res.returncode == 0, res.stderr
    product_line = next(ln for ln in res.stdout.decode().splitlines() if ln.startswith("PRODUCT: "))
    assert "GigaChat (3x in 1 of 1 articles)" in product_line  # the model adds products of its own

    phrases = tmp_path / "phrases.tsv"
    phrases.write_text("MODEL\tKandinsky\n", encoding="utf-8")
    res = run("extract", "--phrases", str(phrases), str(gigachat))
    assert res.returncode == 0, res.stderr
    assert "MODEL: Kandinsky (1x in 1 of 1 articles)" in res.stdout.decode()

    res = run("extract", "--no-rules", str(gigachat))
    labels = {line.split(":")[0] for line in res.stdout.decode().splitlines() if ": " in line}
    assert res.returncode == 0 and not labels & {"DATE", "CARDINAL"}  # rule labels (the model gives NORP itself)

    patterns.write_text('[{"label": "PRODUCT", "pattern": [{"lowr": "gigachat"}]}]', encoding="utf-8")
    res = run("extract", "--patterns", str(patterns), str(gigachat))
    assert res.returncode == 1 and b"lowr" in res.stderr
    res = run("extract", "--date", "yesterday", str(gigachat))
    assert res.returncode == 2 and b"invalid date" in res.stderr


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_summary_and_article_json() -> None:
    res = run("analyze", str(ARTICLES_DIR))
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode()
    assert "quote  Alexander Vedyakhin [said]: “China is a partner of Russia" in out
    assert "role   German Gref: CEO (Sberbank)" in out
    assert "  said   " in out  # reported speech, without quotation marks
    assert "boilerplate  reading_list" in out
    assert "PERSON  Vladimir Putin (also Putin): " in out and "in 5 articles" in out

    (vedyakhin,) = [p for p in article_paths() if p.name.startswith("002_")]
    res = run("analyze", "--json", "--date", "2025-02-03", str(vedyakhin))
    assert res.returncode == 0, res.stderr
    (line,) = res.stdout.decode().splitlines()
    data = json.loads(line)
    assert data["schema"] == "byline.article/1" and data["meta"]["path"] == str(vedyakhin)
    assert data["meta"]["date"] == "2025-02-03"
    assert {q["speaker"] for q in data["quotes"] if q["direct"]} == {"Alexander Vedyakhin"}
    assert any(e.get("canonical") == "Alexander Vedyakhin" for e in data["entities"])


def test_extract_missing_model_is_an_error(tmp_path: Path) -> None:
    res = run("extract", "--model", str(tmp_path / "nope.bin"), str(ARTICLES_DIR))
    assert res.returncode == 1
    assert b"error" in res.stderr


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_text_output_escapes_control_characters() -> None:
    # an article could clear the screen or retitle the terminal it is printed to
    res = run("analyze", "-", stdin='"We will \x1b[2J\x1b]0;pwned\x07win," said Joe Biden.'.encode())
    assert res.returncode == 0, res.stderr
    assert b"\x1b" not in res.stdout and b"\x07" not in res.stdout
    assert b"We will \\x1b[2J\\x1b]0;pwned\\x07win," in res.stdout
    # in the entity table's aliases too (a control character separates tokens)
    res = run("analyze", "-", stdin="Vladimir\x07Putin met Putin. Putin left.".encode())
    assert res.returncode == 0, res.stderr
    assert b"\x07" not in res.stdout, res.stdout


def test_tokenize_reports_a_broken_symbolic_link_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hello there.", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    res = run("tokenize", str(tmp_path))
    assert res.returncode == 1 and b"b.txt: a broken symbolic link" in res.stderr, res.stderr


def test_analyze_reads_json_lines_as_extract_does_and_python_m_byline_works(tmp_path: Path) -> None:
    src = tmp_path / "news.jsonl"
    src.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": f"n{k}",
                    "published": "2025-01-02",
                    "text": f"Vladimir Putin said on Monday that Russia would act. ({k})",
                }
            )
            for k in range(3)
        )
        + "\n",
        encoding="utf-8",
    )
    res = subprocess.run(
        [sys.executable, "-m", "byline", "analyze", str(src), "--json"], capture_output=True, timeout=120, check=False
    )
    assert res.returncode == 0, res.stderr
    recs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [r["meta"]["path"] for r in recs] == [f"{src}:{k}" for k in (1, 2, 3)]
    assert all(r["meta"]["date"] == "2025-01-02" for r in recs)  # the record's own date anchors it
    assert all(any(e["label"] == "PERSON" for e in r["entities"]) for r in recs)


# ------------------------------------------------------------------ analyze: bad inputs


def _mixed_feed(tmp_path: Path) -> Path:
    """Six JSON Lines records: good, not JSON, text not a string, invalid date, a line
    over 200 bytes (--max-bytes 200), good."""
    src = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Vladimir Putin met Xi Jinping in Moscow on Monday."}),
        "not json",
        json.dumps({"id": "b", "text": 5}),
        json.dumps({"id": "d", "text": "Biden spoke.", "published": "yesterday", "title": "T"}),
        json.dumps({"id": "long", "text": "word " * 60}),
        json.dumps({"id": "c", "text": '"We will act," said Joe Biden.'}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


#: Where each record of _mixed_feed fails, and a part of the reason.
_MIXED_ERRORS = {2: "not valid JSON", 3: "must be a string", 4: "invalid date 'yesterday'", 5: "longer than the limit"}
_MIXED_ERROR_2 = "not valid JSON: syntax error while parsing value - invalid literal; last read: 'no' (column 2)"


def _check_article_error(obj: dict, article_keys: set) -> None:
    """``obj`` is an error object as docs/schema.md describes it."""
    fields = schema_fields("`byline.article/1` error objects")
    assert set(obj) == set(fields)
    kinds = {"string": (str,), "string or null": (str, type(None)), "object": (dict,), "null": (type(None),)}
    for name, kind in fields.items():
        assert isinstance(obj[name], kinds[kind]), (name, kind, obj[name])
    assert obj["schema"] == "byline.article/1" and obj["error"]
    assert obj["meta"]["path"] == obj["input"] and obj["meta"].get("id") == obj["id"]
    assert all(isinstance(v, str) for v in obj["meta"].values())
    # the null members are the members of an article; only error, input and id are its own
    nulls = {name for name, kind in fields.items() if kind == "null"}
    assert nulls | {"schema", "meta"} == article_keys
    assert set(obj) - article_keys == {"error", "input", "id"}


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_on_error_skip_gives_one_object_per_input_in_order(tmp_path: Path) -> None:
    src = _mixed_feed(tmp_path)
    res = run("analyze", str(src), "--json", "--on-error", "skip", "--max-bytes", "200")
    assert res.returncode == 1, res.stderr
    recs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [r["meta"]["path"] for r in recs] == [f"{src}:{n}" for n in range(1, 7)]
    article_keys = set(recs[0])
    assert "error" not in article_keys  # a processed article is the object of Analysis.article_json()
    for n, r in enumerate(recs, 1):
        if n in _MIXED_ERRORS:
            _check_article_error(r, article_keys)
            assert r["input"] == f"{src}:{n}" and _MIXED_ERRORS[n] in r["error"]
        else:
            assert set(r) == article_keys and r["entities"], n
    assert [r["id"] for r in recs if "error" in r] == [None, "b", "d", None]
    assert recs[3]["meta"] == {"path": f"{src}:4", "id": "d", "title": "T", "date": "yesterday"}  # as given
    assert any(q["speaker"] == "Joe Biden" for q in recs[5]["quotes"])
    # each bad input is reported on stderr too, in order, naming it
    err = res.stderr.decode().splitlines()
    assert [line.split(": ")[2] for line in err] == [f"{src}:{n}" for n in _MIXED_ERRORS]
    assert all(_MIXED_ERRORS[n] in line for n, line in zip(_MIXED_ERRORS, err))


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_on_error_skip_text_output_names_the_bad_input_in_its_place(tmp_path: Path) -> None:
    src = _mixed_feed(tmp_path)
    missing = tmp_path / "missing.txt"
    res = run("analyze", str(src), str(missing), "--on-error", "skip", "--max-bytes", "200")
    assert res.returncode == 1, res.stderr
    out = res.stdout.decode().splitlines()
    heads = [k for k, line in enumerate(out) if line.startswith("== ")]
    assert [out[k] for k in heads] == [f"== {src}:{n}" for n in range(1, 7)] + [f"== {missing}"]
    for n in (*_MIXED_ERRORS, 7):  # the error line right under the input's name
        line = out[heads[n - 1] + 1]
        assert line.startswith("  error  "), line
    assert out[heads[6] + 1] == "  error  no such file or directory"
    assert "entities across 2 articles:" in out  # the summary of the good ones


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_error_objects_of_files_carry_the_file_stem(tmp_path: Path) -> None:
    # a path that does not exist had id null, though a file's id is its name without suffix
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "empty").mkdir()
    missing = tmp_path / "missing-story.txt"
    res = run("analyze", str(missing), str(tmp_path / "d"), str(tmp_path / "empty"), "--json", "--on-error", "skip")
    assert res.returncode == 1, res.stderr
    recs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [(r["input"], r["id"], r["meta"]) for r in recs] == [
        (str(missing), "missing-story", {"path": str(missing), "id": "missing-story"}),
        (str(tmp_path / "d" / "gone.txt"), "gone", {"path": str(tmp_path / "d" / "gone.txt"), "id": "gone"}),
        # a directory without articles names no article: no id
        (str(tmp_path / "empty"), None, {"path": str(tmp_path / "empty")}),
    ]
    for r in recs:
        _check_article_error(r, set(r) - {"error", "input", "id"})
    # extract gives the same id to its error record
    res = run("extract", str(missing), "--json", "--on-error", "skip")
    assert res.returncode == 1 and json.loads(res.stdout)["article_id"] == "missing-story"


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_on_error_fail_stops_at_the_first_bad_input(tmp_path: Path) -> None:
    src = _mixed_feed(tmp_path)
    for args in ([], ["--on-error", "fail"]):  # fail is the default, as in extract
        res = run("analyze", str(src), "--json", *args)
        assert res.returncode == 1, res.stderr
        (line,) = res.stdout.decode().splitlines()  # the good input before it, nothing after
        assert json.loads(line)["meta"]["path"] == f"{src}:1"
        assert res.stderr.decode().splitlines() == [
            f"byline: error: {src}:2: {_MIXED_ERROR_2}",
            "byline: error: stopped at the first bad input (--on-error skip writes an error object and goes on)",
        ]
    res = run("analyze", str(src))
    assert res.returncode == 1
    assert res.stdout.decode().splitlines()[0] == f"== {src}:1"
    assert "  error  " not in res.stdout.decode() and "entities across" not in res.stdout.decode()  # no summary
    assert res.stderr.decode().splitlines()[-1].endswith("(--on-error skip names it in its place and goes on)")


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_analyze_exit_status(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "a", "text": "Putin spoke in Moscow."}) + "\n", encoding="utf-8")
    for mode in ("fail", "skip"):
        for json_args in ([], ["--json"]):
            assert run("analyze", str(good), "--on-error", mode, *json_args).returncode == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": null}\n', encoding="utf-8")
    for mode in ("fail", "skip"):
        res = run("analyze", str(bad), "--json", "--on-error", mode)
        assert res.returncode == 1, (mode, res.stderr)
        assert len(res.stdout.splitlines()) == (1 if mode == "skip" else 0)
    res = run("analyze", str(good), "--on-error", "ignore")
    assert res.returncode == 2 and b"invalid choice: 'ignore'" in res.stderr


def run_env(*args: str, pythonpath: str = "", log_level: str = "", code: str = "") -> subprocess.CompletedProcess:
    """``byline ARGS`` with a directory put first on the import path and BYLINE_LOG_LEVEL set
    (or ``python -c CODE`` with them)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("BYLINE_LOG_LEVEL", None)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH", "")) if p)
    if log_level:
        env["BYLINE_LOG_LEVEL"] = log_level
    argv = [sys.executable, "-c", code] if code else [sys.executable, "-m", "byline.cli", *args]
    return subprocess.run(argv, capture_output=True, env=env, timeout=120, check=False)


@pytest.fixture()
def no_pyarrow(tmp_path: Path) -> str:
    """A directory whose ``pyarrow`` package fails to import, as when it is not installed."""
    fake = tmp_path / "fake" / "pyarrow"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError(\"No module named 'pyarrow'\")\n", encoding="utf-8")
    return str(fake.parent)


def test_missing_optional_dependency_is_one_line(tmp_path: Path, no_pyarrow: str) -> None:
    out = tmp_path / "m.parquet"
    for args in (
        ["extract", str(ARTICLES_DIR), "--out", str(out)],
        ["extract", str(ARTICLES_DIR), "--format", "parquet", "--out", str(out), "--articles", str(tmp_path / "a.pq")],
    ):
        res = run_env(*args, pythonpath=no_pyarrow)
        assert res.returncode == 1, res.stderr
        assert res.stdout == b"" and not out.exists()
        assert res.stderr.decode() == "byline: error: Parquet output needs pyarrow: pip install pyarrow\n"
    # the traceback only with BYLINE_LOG_LEVEL=debug
    res = run_env("extract", str(ARTICLES_DIR), "--out", str(out), pythonpath=no_pyarrow, log_level="debug")
    err = res.stderr.decode()
    assert res.returncode == 1 and "Traceback" in err and "ImportError" in err
    assert err.endswith("byline: error: Parquet output needs pyarrow: pip install pyarrow\n")
    # formats that do not need pyarrow still work
    res = run_env(
        "extract", str(ARTICLES_DIR), "--format", "csv", "--out", str(tmp_path / "m.csv"), pythonpath=no_pyarrow
    )
    assert res.returncode == 0, res.stderr


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_missing_input_file_is_one_line_without_a_table(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    good = article_paths()[0]
    for args in (["extract", str(missing)], ["extract", str(good), str(missing)], ["extract", "--json", str(missing)]):
        res = run(*args)
        assert res.returncode == 1
        assert res.stdout == b""  # neither table rows nor a summary
        assert res.stderr.decode() == f"byline: error: {missing}: no such file or directory\n"
    for command in ("tokenize", "analyze"):
        res = run(command, str(missing))
        assert res.returncode == 1 and res.stdout == b""
        assert res.stderr.decode() == f"byline: error: {missing}: no such file or directory\n"
    res = run("evaluate", "--data", str(missing))
    assert res.returncode == 1 and res.stderr.decode() == f"byline: error: data: no such file: {missing}\n"
    res = run("evaluate", "--data", str(tmp_path))
    assert res.returncode == 1
    assert res.stderr.decode() == f"byline: error: data: is a directory, not a CoNLL file: {tmp_path}\n"


@pytest.mark.skipif(not byline.pipeline.default_model_path().is_file(), reason="default model not installed")
def test_extract_stopped_by_an_error_prints_no_summary(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    src.write_text('{"id": "a", "text": "Putin met Xi in Moscow."}\n{"id": "b", "text": \n', encoding="utf-8")
    res = run("extract", str(src))
    assert res.returncode == 1
    out = res.stdout.decode()
    assert f"{src}:1" in out and "processed" not in out  # the rows so far, no summary
    assert res.stderr.decode().startswith(f"byline: error: {src}:2: not valid JSON")
    res = run("extract", "--on-error", "skip", str(src))
    assert res.returncode == 1 and "processed 2 articles (1 failed)" in res.stdout.decode()


def test_unexpected_errors_are_one_line_unless_debug() -> None:
    code = "import sys, byline.cli as c\nc._cmd_explain = lambda args: 1 // 0\nsys.exit(c.main(['explain', 'x']))"
    res = run_env(code=code)
    assert res.returncode == 1
    assert res.stderr.decode() == (
        "byline: error: internal error: ZeroDivisionError: integer division or modulo by zero "
        "(BYLINE_LOG_LEVEL=debug shows the traceback)\n"
    )
    res = run_env(code=code, log_level="debug")
    err = res.stderr.decode()
    assert res.returncode == 1 and err.startswith("Traceback") and "ZeroDivisionError" in err
    assert err.endswith("byline: error: internal error: ZeroDivisionError: integer division or modulo by zero\n")


def test_an_unknown_option_prints_the_usage_of_its_command(tmp_path: Path) -> None:
    # the top-level usage was printed, though README promises the command's
    src = tmp_path / "f.txt"
    src.write_text("Putin spoke.")
    for command in ("extract", "analyze", "tokenize", "render"):
        out = ["--out", str(tmp_path / "r.html")] if command == "render" else []
        res = run(command, str(src), *out, "--bogus", "x")
        assert res.returncode == 2, (command, res.stderr)
        err = res.stderr.decode()
        assert err.startswith(f"usage: byline {command} "), err
        assert err.rstrip().endswith("byline: error: unrecognized arguments: --bogus x"), err
        assert res.stdout == b""
    res = run("--bogus")
    assert res.returncode == 2 and res.stderr.decode().startswith("usage: byline [-h]"), res.stderr
