"""The `byline` command line against hostile invocations: outputs inside its inputs,
formula cells in CSV, closed standard streams, CRLF files, empty evaluation data and
unwritable model paths (docs/robustness.md, "Command line")."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from conftest import require_file, schema_fields

import byline
from byline import _core

needs_model = pytest.mark.skipif(
    not byline.pipeline.default_model_path().is_file(), reason="default model not installed"
)

CLI = [sys.executable, "-m", "byline.cli"]
ENV = dict(os.environ, PYTHONIOENCODING="utf-8")
TEXT = "Vladimir Putin met Xi Jinping in Moscow on Monday."


def run(
    *args: str, stdin: Any = b"", stdout: Any = subprocess.PIPE, cwd: Any = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """The CLI in a subprocess (a timeout fails a run that would loop on its own output)."""
    kwargs: Dict[str, Any] = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(
        [*CLI, *args], stdout=stdout, stderr=subprocess.PIPE, env=ENV, timeout=timeout, check=False, cwd=cwd, **kwargs
    )


def shell(redirect: str, *args: str) -> subprocess.CompletedProcess:
    """The CLI started by sh with ``redirect`` applied (e.g. ``<&-`` closes stdin)."""
    script = f'exec "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", script, "sh", *CLI, *args], capture_output=True, env=ENV, timeout=60, check=False
    )


def records(data: bytes) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def articles_dir(root: Path, n: int = 3) -> Path:
    d = root / "d"
    d.mkdir()
    for k in range(n):
        (d / f"a{k}.txt").write_text(TEXT, encoding="utf-8")
    return d


def table(source: Any) -> List[Dict[str, str]]:
    """The rows of a CSV file or of CSV bytes."""
    text = source.decode("utf-8") if isinstance(source, bytes) else source.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def one_line_error(stderr: bytes, message: str) -> None:
    assert stderr.decode().splitlines() == [f"byline: error: {message}"], stderr.decode()


# ------------------------------------------------------------------ output inside an input


@needs_model
def test_extract_output_inside_input_directory_is_not_read(tmp_path: Path) -> None:
    d = articles_dir(tmp_path)
    out = d / "zz_out.jsonl"
    # the output does not exist when the run starts, then exists (a second run, and a
    # resumed one); a symlinked, relative spelling of the directory changes nothing
    (tmp_path / "link").symlink_to(d)
    for args in (
        [str(d), "--out", str(out)],
        ["link", "--out", "d/zz_out.jsonl"],
        ["link/", "--out", str(out), "--resume"],
    ):
        res = run("extract", *args, "--on-error", "skip", "--batch-size", "1", cwd=tmp_path)
        assert res.returncode == 0, (args, res.stderr)
        recs = records(out.read_bytes())
        assert len(recs) == 3 and all(r["error"] is None for r in recs), args
        assert all(not r["input"].endswith("zz_out.jsonl") for r in recs)


@needs_model
def test_extract_stdout_redirected_into_input_directory_is_not_read(tmp_path: Path) -> None:
    d = articles_dir(tmp_path)
    target = d / "log.jsonl"
    with target.open("wb") as f:
        res = run("extract", str(d), "--json", "--batch-size", "1", stdout=f)
    assert res.returncode == 0, res.stderr
    assert [Path(r["input"]).name for r in records(target.read_bytes())] == ["a0.txt", "a1.txt", "a2.txt"]
    target.unlink()  # tokenize and analyze read a directory as extract does, JSON Lines files too
    log = d / "log.txt"  # a file of the directory's that they would read
    with log.open("wb") as f:
        res = run("tokenize", str(d), "--json", stdout=f)
    assert res.returncode == 0, res.stderr
    assert len(log.read_bytes().splitlines()) == 3
    with log.open("wb") as f:
        res = run("analyze", str(d), "--json", stdout=f)
    assert res.returncode == 0, res.stderr
    assert len(log.read_bytes().splitlines()) == 3


@needs_model
def test_output_named_as_input_is_refused(tmp_path: Path) -> None:
    d = articles_dir(tmp_path)
    src = d / "a0.txt"
    (tmp_path / "link.txt").symlink_to(src)
    os.link(src, tmp_path / "hard.txt")
    for args in (
        ["extract", str(tmp_path / "link.txt"), "--out", str(src)],
        ["extract", str(src), "--out", str(tmp_path / "hard.txt"), "--json"],
        ["extract", str(src), "--format", "csv", "--articles", str(tmp_path / "link.txt")],
        ["extract", str(tmp_path / "new.jsonl"), "--out", str(tmp_path / "new.jsonl")],  # not created yet
        ["render", str(src), "--out", str(tmp_path / "link.txt")],
    ):
        res = run(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert res.stderr.decode().splitlines()[-1].endswith("is also an input"), (args, res.stderr)
    assert src.read_text(encoding="utf-8") == TEXT and not (tmp_path / "new.jsonl").exists()
    # standard output redirected to an input, standard input read from the output
    with (tmp_path / "hard.txt").open("ab") as f:
        res = run("extract", str(src), "--json", stdout=f)
    assert res.returncode == 2 and b"standard output is redirected to the input file" in res.stderr
    assert src.read_text(encoding="utf-8") == TEXT
    out = tmp_path / "o.jsonl"
    out.write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    with out.open("rb") as f:
        res = run("extract", "-", "--out", str(out), stdin=f)
    assert res.returncode == 2 and b"standard input is read from the output file" in res.stderr


# ------------------------------------------------------------------ CSV formula cells


def test_csv_cell_prefixes_only_text_that_starts_like_a_formula() -> None:
    def title_cell(title: str, raw: bool = False) -> str:
        row = _core.article_csv_row(("in", "a", title, None, None, None, None), "bad", raw)
        return next(csv.reader(io.StringIO(row)))[2]  # article_id, input, title, ...

    for cell in ("=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert title_cell(cell) == "'" + cell
        assert title_cell(cell, raw=True) == cell
    for value in ("", "Putin", "'=already", "a=b", 'say "hi", then\nleave'):
        assert title_cell(value) == value
    # numbers are numbers: the counts of a failed input are plain 0, never quoted; its utf8_replaced plain false
    assert _core.article_csv_row(("in", "-1", None, None, None, None, None), "e", False).split(",")[1:] == [
        "in",
        "",
        "",
        "",
        "",
        "0",
        "0",
        "0",
        "0",
        "false",
        "e\n",
    ]


@needs_model
def test_csv_formula_cells_are_neutralised_unless_raw(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": '=HYPERLINK("http://evil")', "title": "@SUM(A1)", "text": TEXT},
        {"id": "-2", "title": "+1", "text": "Angela Merkel spoke in Berlin."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = run("extract", str(src), "--format", "csv", "--articles", str(tmp_path / "a.csv"))
    assert res.returncode == 0, res.stderr
    mentions = table(res.stdout)
    assert {m["article_id"] for m in mentions} == {"'" + rows[0]["id"], "'-2"}
    assert all(int(m["start"]) >= 0 and float(m["score"]) > 0 for m in mentions)  # numbers stay numbers
    arts = table(tmp_path / "a.csv")
    assert [(a["article_id"], a["title"]) for a in arts] == [("'" + rows[0]["id"], "'@SUM(A1)"), ("'-2", "'+1")]
    assert arts[0]["chars"] == str(len(TEXT))
    res = run("extract", str(src), "--format", "csv", "--csv-raw", "--articles", str(tmp_path / "a.csv"))
    assert res.returncode == 0, res.stderr
    assert {m["article_id"] for m in table(res.stdout)} == {rows[0]["id"], "-2"}
    arts = table(tmp_path / "a.csv")
    assert [(a["article_id"], a["title"]) for a in arts] == [(rows[0]["id"], "@SUM(A1)"), ("-2", "+1")]
    assert b"--csv-raw" in run("extract", "--help").stdout


# ------------------------------------------------------------------ render over its input


@needs_model
def test_render_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "s.jsonl"
    content = json.dumps({"id": "s", "text": TEXT}) + "\n"
    src.write_text(content, encoding="utf-8")
    res = run("render", str(src), "--out", str(src))
    assert res.returncode == 2
    assert res.stderr.decode().splitlines()[-1] == f"byline: error: output file {src} is also an input"
    assert src.read_text(encoding="utf-8") == content
    res = run("render", "s.jsonl", "--out", "./s.jsonl", cwd=tmp_path)
    assert res.returncode == 2 and src.read_text(encoding="utf-8") == content


# ------------------------------------------------------------------ closed streams


@needs_model
@pytest.mark.parametrize("command", [["extract", "-"], ["tokenize", "-"], ["analyze", "-"], ["render", "-"]])
def test_closed_stdin_is_a_one_line_error(command: List[str], tmp_path: Path) -> None:
    args = [*command, "--out", str(tmp_path / "r.html")] if command[0] == "render" else command
    res = shell("<&-", *args)
    assert res.returncode == 1 and res.stdout == b""
    one_line_error(res.stderr, "standard input is closed")


@needs_model
def test_empty_stdin_is_one_empty_article() -> None:
    res = run("extract", "-", "--json", stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    (rec,) = records(res.stdout)
    assert (rec["input"], rec["chars"], rec["tokens"], rec["entities"]) == ("<stdin>", 0, 0, [])


@needs_model
@pytest.mark.parametrize(
    "command",
    [
        ["extract"],
        ["extract", "--json"],
        ["extract", "--format", "csv"],
        ["analyze"],
        ["analyze", "--json"],
        ["tokenize"],
        ["tokenize", "--json"],
        ["render", "--out", "r.html"],
    ],
)
def test_input_without_articles_is_an_empty_run_in_every_command(command: list, tmp_path: Path) -> None:
    # an empty .jsonl exited 0 in extract but 1 in analyze, render and tokenize ("no articles
    # to analyze"); no input failed (an empty .txt is an empty article, an empty stdin too)
    verb = command[0]
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\r\n")
    for inputs, where in (
        (["empty.jsonl"], "empty.jsonl holds"),
        (["empty.jsonl", "blank.jsonl"], "the 2 inputs hold"),
    ):
        res = run(command[0], *inputs, *command[1:], cwd=tmp_path)
        assert res.returncode == 0, (command, res.stderr)
        assert res.stderr.decode().splitlines()[0] == f"byline: warning: {where} no articles: nothing to {verb}"
        if verb == "render":
            assert "0 documents, 0 entity mentions" in (tmp_path / "r.html").read_text(encoding="utf-8")
        elif "--json" in command or verb == "analyze":
            assert res.stdout == b""
        elif "csv" in command:
            assert res.stdout.decode().splitlines() == ["article_id,start,end,text,label,source,score,value,sentence"]
    res = run(command[0], "-", *command[1:], stdin=b"", cwd=tmp_path)  # one empty text: an article
    assert res.returncode == 0 and b"warning" not in res.stderr, (command, res.stderr)


@needs_model
@pytest.mark.parametrize(
    "command",
    [
        ["extract", "{src}"],
        ["extract", "--json", "{src}"],
        ["tokenize", "{src}"],
        ["analyze", "--json", "{src}"],
        ["explain", "Hi there."],
        ["evaluate", "--data", "{src}"],
    ],
)
def test_closed_stdout_is_a_one_line_error(command: List[str], tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    res = shell(">&-", *[arg.format(src=src) for arg in command])
    assert res.returncode == 1
    one_line_error(res.stderr, "standard output is closed")


@needs_model
def test_closed_stdout_with_out_file_still_works(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    res = shell(">&-", "extract", str(src), "--out", str(out))
    assert res.returncode == 0, res.stderr
    (rec,) = records(out.read_bytes())
    assert rec["entities"]
    # a closed stderr: the output file is not given its descriptor, the run still succeeds
    res = shell(">&- 2>&-", "extract", str(src), "--out", str(out))
    assert res.returncode == 0 and len(records(out.read_bytes())) == 1


@needs_model
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_stdout_pipe_closed_by_reader_exits_quietly(fmt: str, tmp_path: Path) -> None:
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps({"id": str(k), "text": TEXT}) + "\n" for k in range(3000)), encoding="utf-8")
    with subprocess.Popen(
        [*CLI, "extract", str(src), "--format", fmt, "--batch-size", "16"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        head = proc.stdout.read(10)  # like `| head -c 10`
        proc.stdout.close()
        stderr = proc.stderr.read()
        status = proc.wait(timeout=60)
    assert status == 141  # 128 + SIGPIPE, as a shell reports a process killed by it
    assert len(head) == 10 and stderr == b""


# ------------------------------------------------------------------ CRLF text files


@needs_model
def test_crlf_txt_offsets_match_the_file(tmp_path: Path) -> None:
    src = tmp_path / "crlf.txt"
    raw = b"Officials said on Monday.\r\nVladimir Putin met Xi Jinping in Moscow.\r\nEnd.\r"
    src.write_bytes(raw)
    content = raw.decode("utf-8")
    art = byline.read_text(src)
    assert art.text == content
    res = run("extract", str(src), "--json")
    assert res.returncode == 0, res.stderr
    (rec,) = records(res.stdout)
    assert rec["chars"] == len(content)
    ents = rec["entities"]
    assert any(e["text"] == "Moscow" for e in ents)
    for e in ents:
        assert content[e["start"] : e["end"]] == e["text"]
    doc = byline.load()(art)
    assert "\r\n" in doc.text
    assert [(e.start_char, e.end_char) for e in doc.ents] == [(e["start"], e["end"]) for e in ents]


# ------------------------------------------------------------------ evaluate without sentences


@needs_model
@pytest.mark.parametrize("data", ["", "\n\n", "-DOCSTART- -X- O O\n\n"])
def test_evaluate_without_sentences_is_an_error(data: str, tmp_path: Path) -> None:
    path = tmp_path / "empty.conll"
    path.write_text(data, encoding="utf-8")
    res = run("evaluate", "--data", str(path))
    assert res.returncode == 1 and res.stdout == b""
    one_line_error(res.stderr, f"{path}: no sentences to score (no token lines)")
    with pytest.raises(byline.FormatError, match="no sentences"):
        byline.evaluate(path)


# ------------------------------------------------------------------ train --out checked first


def conll(tmp_path: Path) -> Path:
    path = tmp_path / "train.conll"
    path.write_text("Putin NNP B-NP B-PER\nspoke VBD B-VP O\n. . O O\n\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["missing-dir", "directory", "same-as-train", "same-as-dev", "read-only"])
def test_train_checks_out_before_training(case: str, tmp_path: Path) -> None:
    train = conll(tmp_path)
    dev: Optional[Path] = None
    if case == "missing-dir":
        out = tmp_path / "no" / "such" / "m.bin"
    elif case == "directory":
        out = tmp_path
    elif case == "same-as-train":
        out = tmp_path / "link.conll"
        out.symlink_to(train)
    elif case == "same-as-dev":
        dev = tmp_path / "dev.conll"
        dev.write_bytes(train.read_bytes())
        out = dev
    elif os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        out = ro / "m.bin"
    elif Path("/proc/self").is_dir():  # root writes to read-only directories, not to /proc
        out = Path("/proc/byline-model.bin")
    else:
        pytest.skip("no directory that root cannot write to")
    before = train.read_bytes()
    res = run(
        "train",
        "--train",
        str(train),
        "--out",
        str(out),
        "--epochs",
        "1",
        *(["--dev", str(dev)] if dev is not None else []),
    )
    assert res.returncode == (2 if case.startswith("same-as") else 1), res.stderr  # 2: usage error
    assert b"epoch 1/1" not in res.stderr  # refused before training
    assert res.stderr.decode().splitlines()[-1].startswith("byline: error: ")
    assert train.read_bytes() == before
    with pytest.raises(ValueError):
        byline.train(train, dev=dev, out=out, epochs=1)


@needs_model
def test_out_naming_an_article_inside_an_input_directory_is_refused(tmp_path: Path) -> None:
    # Found by tests/python/test_cli_fuzz.py: the walk left the file out as an output,
    # then the run overwrote the article. An earlier byline output may be replaced.
    d = articles_dir(tmp_path)
    article = d / "a0.txt"
    for command, extra in (("extract", ["--format", "jsonl"]), ("render", [])):
        res = run(command, str(d), "--out", str(article), *extra)
        assert res.returncode == 2, (command, res.stderr)
        assert b"would be overwritten" in res.stderr
        assert article.read_text(encoding="utf-8") == TEXT
    out = d / "zz_out.jsonl"
    for _ in range(2):  # the second run replaces the first run's output
        res = run("extract", str(d), "--format", "jsonl", "--out", str(out))
        assert res.returncode == 0, res.stderr
        assert len(records(out.read_bytes())) == 3


def test_deeply_nested_json_on_stdin_is_a_clean_error() -> None:
    line = b'{"text": "x", "id": ' + b"[" * 300000 + b"]" * 300000 + b"}\n"
    res = run("extract", "-", stdin=line)
    assert res.returncode == 1, res.stderr
    assert b"Traceback" not in res.stderr
    assert b"nested deeper than 256 levels" in res.stderr


# ------------------------------------------------------------------ outputs that cannot be written


def symlinks(root: Path) -> Dict[str, Path]:
    """A symlink into a missing directory and a symlink loop, for each output suffix."""
    links = {}
    for suffix in ("csv", "parquet", "jsonl"):
        dangling = root / f"dangling.{suffix}"
        dangling.symlink_to(Path("missing") / f"m.{suffix}")
        loop = root / f"loop.{suffix}"
        loop.symlink_to(loop.name)
        links[f"dangling.{suffix}"], links[f"loop.{suffix}"] = dangling, loop
    return links


def test_partial_file_names_the_symlink_target_and_refuses_a_loop(tmp_path: Path) -> None:
    from byline._extract import PartialFile

    links = symlinks(tmp_path)
    missing = os.path.realpath(tmp_path / "missing")
    with pytest.raises(FileNotFoundError) as e:
        PartialFile(str(links["dangling.csv"]))
    assert str(e.value) == (
        f"cannot write {links['dangling.csv']}: no such directory '{missing}' "
        f"(it is a symlink to {os.path.join(missing, 'm.csv')})"
    )
    with pytest.raises(OSError, match="it is a symlink loop"):
        PartialFile(str(links["loop.csv"]), "--out loop.csv")
    assert links["loop.csv"].is_symlink() and not list(tmp_path.glob("*.partial"))


@needs_model
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_table_out_through_a_bad_symlink_is_a_clear_error(suffix: str, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    symlinks(tmp_path)
    missing = os.path.realpath(tmp_path / "missing")
    for name, message in (
        (f"dangling.{suffix}", f"no such directory '{missing}' (it is a symlink to {missing}/m.{suffix})"),
        (f"loop.{suffix}", "it is a symlink loop (too many levels of symbolic links)"),
    ):
        res = run("extract", "a.txt", "--out", name, cwd=tmp_path)
        assert res.returncode == 1, res.stderr
        one_line_error(res.stderr, f"cannot write --out {name}: {message}")
        assert (tmp_path / name).is_symlink()  # never replaced by a regular file
    assert not list(tmp_path.glob("*.partial")) and not (tmp_path / "missing").exists()


@needs_model
@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "nodir/x.jsonl"], "cannot write --out nodir/x.jsonl: no such directory 'nodir'"),
        (["--out", "nodir/x.txt"], "cannot write --out nodir/x.txt: no such directory 'nodir'"),  # the table
        (["--out", "outdir"], "cannot write --out outdir: it is a directory"),
        (["--out", "outdir", "--json"], "cannot write --out outdir: it is a directory"),
        (["--out", "outdir", "--json", "--resume"], "cannot write --out outdir: it is a directory"),
        (["--out", "outdir", "--format", "csv"], "cannot write --out outdir: it is a directory"),
        (["--out", "m.csv", "--articles", "outdir"], "cannot write --articles outdir: it is a directory"),
        (
            ["--out", "m.csv", "--articles", "nodir/a.csv"],
            "cannot write --articles nodir/a.csv: no such directory 'nodir'",
        ),
        (["--out", "a.txt/x.jsonl"], "cannot write --out a.txt/x.jsonl: not a directory"),
        (
            ["--out", "loop.jsonl"],
            "cannot write --out loop.jsonl: it is a symlink loop (too many levels of symbolic links)",
        ),
    ],
)
def test_out_that_cannot_be_written_is_one_clear_line(args: List[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "outdir").mkdir()
    symlinks(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    res = run("extract", "a.txt", *args, cwd=tmp_path)
    assert res.returncode == 1, res.stderr  # as any output or input that fails (README: exit status)
    one_line_error(res.stderr, message)
    assert res.stdout == b"" and sorted(p.name for p in tmp_path.iterdir()) == before


@needs_model
def test_render_out_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "outdir").mkdir()
    for out, reason in (("nodir/r.html", "no such directory 'nodir'"), ("outdir", "it is a directory")):
        res = run("render", "a.txt", "--out", out, cwd=tmp_path)
        assert res.returncode == 1, res.stderr
        one_line_error(res.stderr, f"cannot write --out {out}: {reason}")


# ------------------------------------------------------------------ tokenize: bounded reads


def test_tokenize_inputs_over_the_size_limit_are_refused_not_read_into_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a " * 2500)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    res = run("tokenize", "--json", str(big), str(good), "--max-bytes", "1000", "--on-error", "skip")
    assert res.returncode == 1
    one_line_error(
        res.stderr,
        f"{big}: the file is 5,000 bytes, longer than the limit of 1,000 bytes per input; split it or raise --max-bytes",
    )
    assert [json.loads(line)["meta"]["path"] for line in res.stdout.splitlines()] == [str(big), str(good)]
    assert "longer than the limit" in json.loads(res.stdout.splitlines()[0])["error"]
    assert run("tokenize", "--json", str(big), "--max-bytes", "5000").returncode == 0
    # endless inputs, standard input or a device named as a file: refused after the limit
    for args in (["-"], ["-", "--max-bytes", "1000"], ["/dev/zero", "--max-bytes", "1000"]):
        with open("/dev/zero", "rb") as zero:
            res = run("tokenize", *args, stdin=zero)
        limit = "1,000" if "1000" in args else "64,000,000"
        # stdin in the words of extract, which reads it the same way (no JSON object on its first line: one text)
        what = "<stdin>: standard input (as one text) is" if args[0] == "-" else f"{args[0]}: the input is"
        assert res.returncode == 1 and res.stdout == b"", (args, res.stderr)
        assert res.stderr.decode().splitlines() == [
            f"byline: error: {what} longer than the limit of {limit} bytes per input; split it or raise --max-bytes",
            "byline: error: stopped at the first bad input (--on-error skip lists it in the table and goes on)",
        ]
    assert run("tokenize", "-", "--max-bytes", "0").returncode == 2
    assert b"--max-bytes" in run("tokenize", "--help").stdout


def test_tokenize_reading_an_endless_input_stops_on_sigterm() -> None:
    if not Path("/proc/self/io").is_file():
        pytest.skip("needs /proc/PID/io to see that the input is being read")
    from byline._extract import MAX_BYTES_LIMIT

    def bytes_read(pid: int) -> int:
        try:
            fields = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
            return int(fields["rchar"])
        except (OSError, KeyError, ValueError):
            return 0

    with open("/dev/zero", "rb") as zero:
        proc = subprocess.Popen(
            [*CLI, "tokenize", "-", "--max-bytes", str(MAX_BYTES_LIMIT)],
            stdin=zero,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        )
    deadline = time.monotonic() + 60
    # signalled once it has read 100 MiB of /dev/zero (its imports read far less)
    while proc.poll() is None and bytes_read(proc.pid) < 100 << 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert out == b"" and err == b"byline: error: terminated\n"


# ------------------------------------------------------------------ message wording


def test_invalid_utf8_messages_spell_utf8_in_capitals(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 society.")
    with pytest.raises(byline.EncodingError, match="not valid UTF-8: invalid continuation byte"):
        byline.read_text(bad)
    with pytest.raises(byline.EncodingError, match="not valid ascii: ordinal not in range"):
        byline.read_text(bad, encoding="ascii")


@needs_model
def test_invalid_utf8_is_one_message_in_every_command(tmp_path: Path) -> None:
    # tokenize said "invalid UTF-8 at byte 3 (use --errors replace ...)", the others "not valid
    # UTF-8: invalid continuation byte at byte 3" or "not valid UTF-8 (byte 13 of the line)"
    advice = "(use --errors replace to substitute U+FFFD)"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 society.")
    for command in (["tokenize"], ["extract"], ["analyze"], ["render", "--out", str(tmp_path / "r.html")]):
        res = run(command[0], str(bad), *command[1:])
        assert res.returncode == 1
        first = res.stderr.decode().splitlines()[0]
        assert first == f"byline: error: {bad}: not valid UTF-8 at byte 3 {advice}", command
        assert run(command[0], str(bad), *command[1:], "--errors", "replace").returncode == 0, command
    res = run("extract", "-", stdin=bad.read_bytes())
    assert res.stderr.decode().splitlines()[0] == f"byline: error: <stdin>: not valid UTF-8 at byte 3 {advice}"
    # JSON Lines: the byte of the line; a lone surrogate escape is repaired by the same option
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "Caf\xe9"}\n{"text": "a \\ud800 b"}\n')
    res = run("extract", str(feed), "--on-error", "skip")
    assert res.returncode == 1
    assert res.stderr.decode().splitlines()[:2] == [
        f"byline: error: {feed}:1: not valid UTF-8 at byte 13 of the line {advice}",
        f"byline: error: {feed}:2: not valid Unicode: lone surrogate escape \\ud800 at byte 12 of the line {advice}",
    ]
    res = subprocess.run([*CLI, "explain", b"Caf\xe9"], capture_output=True, env=ENV, timeout=60, check=False)
    assert res.stderr.decode() == f"byline: error: TEXT: not valid UTF-8 at byte 3 {advice}\n"


def test_tokenize_invalid_utf8_names_the_option_that_replaces_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 society.")
    res = run("tokenize", str(bad), "--on-error", "skip")
    assert res.returncode == 1
    one_line_error(res.stderr, f"{bad}: not valid UTF-8 at byte 3 (use --errors replace to substitute U+FFFD)")
    assert run("tokenize", "--errors", "replace", str(bad)).returncode == 0


CPP_CLI = Path(__file__).resolve().parents[2] / "build" / "cpp" / "cpp" / "byline-dev"


def test_cpp_cli_reports_output_it_cannot_write(tmp_path: Path) -> None:
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    for redirect in (">&-", ">/dev/full"):
        res = subprocess.run(
            ["sh", "-c", f'exec "$@" {redirect}', "sh", str(CPP_CLI), "tokenize", str(article)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert res.returncode == 1, (redirect, res.stderr)
        assert b"cannot write to standard output" in res.stderr


@needs_model
def test_file_name_that_is_not_utf8_gets_its_record(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    bad = os.fsencode(str(d)) + b"/a\xff.txt"
    with open(bad, "wb") as f:
        f.write(b"Vladimir Putin met Xi Jinping in Moscow.")
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        res = run("extract", str(d), "--format", fmt, "--out", str(out))
        assert res.returncode == 0, (fmt, res.stderr)
        assert "Traceback" not in res.stderr.decode("utf-8", "replace")
    (rec,) = records((tmp_path / "out.jsonl").read_bytes())
    assert rec["input"].endswith("a\\udcff.txt") and rec["error"] is None and rec["entities"]


@needs_model
@pytest.mark.parametrize(
    "args", [("tokenize", "--json"), ("tokenize",), ("analyze", "--json"), ("analyze",), ("render", "--out", "r.html")]
)
def test_other_commands_take_a_file_name_that_is_not_utf8(args: tuple, tmp_path: Path) -> None:
    # tokenize --json, analyze and render stopped with pybind11's "incompatible function
    # arguments ... Invoked with: ..., 'in/a\udcff.txt'" (extract already wrote its record)
    d = tmp_path / "in"
    d.mkdir()
    with open(os.fsencode(str(d)) + b"/a\xff.txt", "wb") as f:
        f.write(b"Vladimir Putin met Xi Jinping in Moscow.")
    res = run(args[0], "in", *args[1:], cwd=tmp_path)
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 0, err
    assert "Invoked with" not in err and "Traceback" not in err
    out = (tmp_path / "r.html").read_text("utf-8") if args[0] == "render" else res.stdout.decode("utf-8")
    assert ("a\\\\udcff.txt" if "--json" in args else "a\\udcff.txt") in out  # JSON doubles the backslash


@needs_model
def test_csv_value_column_is_json_even_when_it_starts_with_a_minus(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "n", "text": "The balance was -42 at the end of May."}) + "\n", encoding="utf-8")
    res = run("extract", str(src), "--format", "csv", "--out", str(tmp_path / "m.csv"))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"))))
    for row in rows:
        if row["value"]:
            json.loads(row["value"])  # never a formula-escaped cell


@pytest.mark.parametrize(
    "args, message",
    [
        (["ner", "--modle", "x", "a.txt"], "unknown option --modle"),
        (["ner", "--bench", "--repeats", "3x", "a.txt"], "--repeats needs an integer, not '3x'"),
        (["ner", "--bench", "--split", "tab", "a.txt"], "--split is 'blank' or 'nul'"),
        (["train", "--train", "t.conll", "--out", "m.bin", "--epochs", "ten"], "--epochs needs an integer"),
        (["evaluate", "--data"], "option --data needs a value"),
        (["ner"], "usage: byline-dev"),
        (["ner", "--repeats", "3", "a.txt"], "--repeats goes with --bench"),
        (["ner", "--split", "nul", "a.txt"], "--split goes with --bench"),
        (["tokenize", "--replace-invalid", "--bogus", "a.txt"], "unknown option --bogus"),
    ],
)
def test_cpp_cli_rejects_bad_arguments(args: list, message: str) -> None:
    """A misspelt option or a bad number is an error (exit 2), never a run with the default."""
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    res = subprocess.run([str(CPP_CLI), *args], capture_output=True, timeout=60, check=False)
    assert res.returncode == 2, (args, res.stderr)
    assert message in res.stderr.decode("utf-8"), res.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["ner", "--bench", "--warmup", "-1", "a.txt"], "--warmup must be >= 0, not -1"),
        (["ner", "--bench", "--repeats", "0", "a.txt"], "--repeats must be >= 1, not 0"),
        (["ner", "--warmup", "5", "a.txt"], "--warmup goes with --bench"),
        (
            ["ner", "--no-rules", "--rules", "d", "a.txt"],
            "--rules and --no-rules go against each other: give one of them",
        ),
        (
            ["ner", "--rules", "d", "--no-rules", "a.txt"],
            "--rules and --no-rules go against each other: give one of them",
        ),
    ],
)
def test_cpp_cli_names_only_the_option_that_is_wrong(args: list, message: str) -> None:
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    res = subprocess.run([str(CPP_CLI), *args], capture_output=True, timeout=60, check=False)
    assert res.returncode == 2, (args, res.stderr)
    assert res.stderr.decode("utf-8") == f"byline-dev ner: {message}\n"


def test_cpp_cli_repeated_option_takes_its_last_value(tmp_path: Path) -> None:
    require_file(CPP_CLI, "the C++ tool (make cpp)")

    def dev(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(CPP_CLI), *args], capture_output=True, timeout=120, check=False, cwd=tmp_path)

    # the last value is the one checked, whichever of them is bad
    for args, message in (
        (["--split", "nul", "--split", "tab"], "--split is 'blank' or 'nul', not 'tab'"),
        (["--warmup", "1", "--warmup", "-1"], "--warmup must be >= 0, not -1"),
        (["--repeats", "x", "--repeats", "0"], "--repeats must be >= 1, not 0"),
    ):
        res = dev("ner", "--bench", *args, "a.txt")
        assert res.returncode == 2 and res.stderr.decode() == f"byline-dev ner: {message}\n", (args, res.stderr)
    # and the one used: --model names a missing model first, then the real one
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    model = byline.pipeline.default_model_path()
    require_file(model, "the shipped model")
    res = dev("ner", "--model", str(tmp_path / "no-such-model"), "--model", str(model.parent), "--no-rules", "a.txt")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["entities"]
    res = dev("ner", "--model", str(model.parent), "--model", str(tmp_path / "no-such-model"), "a.txt")
    assert res.returncode == 1 and b"no-such-model" in res.stderr, res.stderr


# ------------------------------------------------------------------ hostile data files, dates, models


@needs_model
@pytest.mark.parametrize(
    "data, line, bad",
    [
        ("Putin B-PER\nspoke XYZ\n", 2, "tag 'XYZ' is not O or B-, I-, E-, S-, L- or U- and a type"),
        ("Putin B-PER\n\nThe cat sat on the mat\n", 3, "tag 'mat' is not O"),
        ("Putin B-\n", 1, "tag 'B-' is not O"),
        ("Putin b-per\n", 1, "tag 'b-per' is not O"),
        ("lonely\n", 1, "expected 'word ... tag', got 'lonely'"),
    ],
)
def test_evaluate_refuses_tags_of_no_scheme(data: str, line: int, bad: str, tmp_path: Path) -> None:
    """A CoNLL file whose last column is not O or a B/I/E/S/L/U tag (or plain text) is refused
    with its file, line and value; a type the model does not know is fine to score."""
    path = tmp_path / "bad.conll"
    path.write_text(data, encoding="utf-8")
    res = run("evaluate", "--data", str(path))
    assert res.returncode == 1 and res.stdout == b"", res.stderr
    (message,) = res.stderr.decode().splitlines()
    assert message.startswith(f"byline: error: {path}:{line}: ") and bad in message, message
    with pytest.raises(byline.FormatError, match=f"^{path}:{line}: "):
        byline.evaluate(path)
    ok = tmp_path / "ok.conll"
    ok.write_text(
        "Putin I-BANANA\nspoke O\n\nMoscow S-GPE\nsaid O\nthat O\n\nX U-ORG\nY B-LOC|GPE\nZ L-LOC|GPE\n",
        encoding="utf-8",
    )
    res = run("evaluate", "--data", str(ok))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["per_type"]["BANANA"]["gold"] == 1


@needs_model
def test_binary_data_and_phrase_files_give_escaped_messages(tmp_path: Path) -> None:
    """A binary --data or --phrases file: the message names the file and a line or byte offset,
    with an escaped excerpt, never raw bytes."""
    binary = bytes(range(256)) * 4
    for name, content in (("bin.dat", binary), ("ctl.dat", b"w\x1b[31m\x00 B-\x07\x01\n")):
        path = tmp_path / name
        path.write_bytes(content)
        for args in (["evaluate", "--data", str(path)], ["extract", "-", "--phrases", str(path)]):
            res = run(*args, stdin=b"Putin spoke.")
            assert res.returncode == 1, (args, res.stderr)
            err = res.stderr
            assert all(32 <= b < 127 or b == 10 for b in err), (args, err)  # printable ASCII only
            (message,) = err.decode("ascii").splitlines()
            assert str(path) in message and ("byte" in message or "\\x" in message), message
    res = run("evaluate", "--data", str(tmp_path / "ctl.dat"))
    assert "'w\\x1b[31m\\x00 B-\\x07\\x01'" in res.stderr.decode(), res.stderr
    res = run("evaluate", "--data", str(tmp_path / "bin.dat"))
    assert f"{tmp_path / 'bin.dat'}:2: not valid UTF-8 (byte 128 of the file" in res.stderr.decode(), res.stderr


def test_explain_invalid_utf8_gives_the_cli_option_as_advice() -> None:
    res = subprocess.run([*CLI, "explain", b"Caf\xe9 society"], capture_output=True, env=ENV, timeout=60, check=False)
    assert res.returncode == 1
    one_line_error(res.stderr, "TEXT: not valid UTF-8 at byte 3 (use --errors replace to substitute U+FFFD)")
    assert b"errors=" not in res.stderr
    res = subprocess.run(
        [*CLI, "explain", "--errors", "replace", b"Caf\xe9 society"],
        capture_output=True,
        env=ENV,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode("utf-8").split()[0] == "Caf\ufffd"


@needs_model
def test_date_with_a_wrong_weekday_is_refused(tmp_path: Path) -> None:
    res = run("extract", "-", "--date", "Mon, 02 Jan 2025", stdin=TEXT.encode())
    assert res.returncode == 2 and res.stdout == b""
    assert (
        "argument --date: invalid date 'Mon, 02 Jan 2025' (2025-01-02 is a Thursday, not a Monday)"
        in res.stderr.decode()
    ), res.stderr
    assert run("extract", "-", "--date", "Thu, 02 Jan 2025", stdin=TEXT.encode()).returncode == 0
    # in a JSON Lines date field too: that record fails, naming the value
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT, "published": "Mon, 02 Jan 2025"}) + "\n", encoding="utf-8")
    res = run("extract", str(src), "--json", "--on-error", "skip")
    assert res.returncode == 1
    (rec,) = records(res.stdout)
    assert "Mon, 02 Jan 2025" in rec["error"] and "Thursday" in rec["error"], rec["error"]


@needs_model
def test_relative_dates_beyond_year_9999_get_no_value() -> None:
    text = "They met last week and will meet next week, next year and on Friday, this week."
    res = run("extract", "-", "--json", "--date", "9999-12-31", stdin=text.encode())
    assert res.returncode == 0, res.stderr
    ents = [e for e in records(res.stdout)[0]["entities"] if e["label"] == "DATE"]
    by_text = {e["text"]: e["value"] for e in ents}
    assert by_text["last week"]["timex"] == "9999-W51", by_text
    for beyond in ("next week", "next year"):
        assert by_text[beyond] is None, by_text
    for e in ents:
        for key in ("timex", "start", "end"):
            v = (e["value"] or {}).get(key) or ""
            assert not v[:5].isdigit(), e  # never a five-digit year
    res = run("extract", "-", "--json", "--date", "0001-01-01", stdin=b"It happened last year and yesterday.")
    ents = {e["text"]: e["value"] for e in records(res.stdout)[0]["entities"]}
    assert ents["last year"] is None and ents["yesterday"] is None, ents


@needs_model
def test_byline_model_takes_what_model_takes(tmp_path: Path) -> None:
    """BYLINE_MODEL goes through the same checks as --model (a package, a bare model.bin, a
    directory holding only model.bin); its errors name the variable and the path, without
    the `make model` advice meant for a missing default package."""
    package = byline.pipeline.default_model_path().parent
    only = tmp_path / "only"
    only.mkdir()
    (only / "model.bin").write_bytes((package / "model.bin").read_bytes())
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    for value in (package, package / "model.bin", only):
        env = dict(ENV, BYLINE_MODEL=str(value))
        res = subprocess.run([*CLI, "extract", str(src), "--json"], capture_output=True, env=env, timeout=120)
        assert res.returncode == 0, (value, res.stderr)
        assert {e["text"] for e in records(res.stdout)[0]["entities"]} >= {"Vladimir Putin", "Moscow"}
        ref = run("extract", str(src), "--json", "--model", str(value))
        assert records(ref.stdout) == records(res.stdout)
    for value, problem in (
        (tmp_path / "missing", "cannot open"),
        (tmp_path, "model.bin': No such file"),
        (src, "magic"),
    ):
        env = dict(ENV, BYLINE_MODEL=str(value))
        res = subprocess.run([*CLI, "extract", str(src), "--json"], capture_output=True, env=env, timeout=120)
        assert res.returncode == 1, res.stderr
        (message,) = res.stderr.decode().splitlines()
        assert message.startswith(f"byline: error: BYLINE_MODEL={value}: ") and problem in message, message
        assert "make model" not in message
        ref = run("extract", str(src), "--json", "--model", str(value))  # the same check, the same problem
        assert ref.returncode == 1 and ref.stderr.decode().strip().split(": ", 2)[2] in message, (ref.stderr, message)


def test_cpp_cli_ner_refuses_invalid_utf8_like_tokenize(tmp_path: Path) -> None:
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    model = byline.pipeline.default_model_path()
    require_file(model, "the shipped model")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 society met Vladimir Putin.")
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    message = f"byline-dev: {bad}: invalid UTF-8 at byte 3 (--replace-invalid substitutes U+FFFD)\n"
    for cmd in ("tokenize", "ner"):
        res = subprocess.run([str(CPP_CLI), cmd, str(bad), str(good)], capture_output=True, timeout=120, check=False)
        assert res.returncode == 1 and res.stderr.decode() == message, (cmd, res.stderr)
        assert len(res.stdout.splitlines()) == 1  # the good file still gets its line
        res = subprocess.run(
            [str(CPP_CLI), cmd, "--replace-invalid", str(bad)], capture_output=True, timeout=120, check=False
        )
        assert res.returncode == 0, (cmd, res.stderr)
        assert json.loads(res.stdout)["text"].startswith("Caf\ufffd")
    # --bench names the file and the article, and times the text with --replace-invalid
    both = tmp_path / "both.txt"
    both.write_bytes(TEXT.encode() + b"\0" + b"Caf\xe9 society.")
    res = subprocess.run(
        [str(CPP_CLI), "ner", "--bench", "--split", "nul", str(both)], capture_output=True, timeout=120
    )
    bench = f"byline-dev ner: {both}: article 2: invalid UTF-8 at byte 3 (--replace-invalid substitutes U+FFFD)\n"
    assert res.returncode == 1 and res.stderr.decode() == bench, res.stderr
    res = subprocess.run(
        [str(CPP_CLI), "ner", "--bench", "--split", "nul", "--replace-invalid", str(both)],
        capture_output=True,
        timeout=120,
    )
    assert res.returncode == 0 and json.loads(res.stdout)["articles"] == 2, res.stderr


@needs_model
def test_analyze_of_one_long_line_keeps_no_per_mention_python_objects(tmp_path: Path) -> None:
    """`byline analyze` links entities from each article's clusters (the C++ corpus without
    claims), not through byline.Corpus's Python objects per mention: on a 10 MB line the
    peak RSS stayed near 1 GB before, about a third of that now (docs/robustness.md)."""
    paragraph = (
        "Russian President Vladimir Putin told Sberbank chief executive German Gref on Monday, January 6, 2025 "
        'that the bank would spend $5bn in China next year. "We will grow by 12 percent," Gref said in Moscow. '
        "Reuters reported that Gazprom shares rose 3% last week, according to analysts at VTB Capital. "
    )
    src = tmp_path / "long.txt"
    src.write_text(paragraph * (10_000_000 // len(paragraph)), encoding="utf-8")
    # VmHWM, the peak RSS of this process's memory since its exec (ru_maxrss would include
    # the pytest process it was forked from)
    code = (
        "import sys\n"
        "from byline.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(hwm, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, "analyze", str(src)], capture_output=True, env=ENV, timeout=600, check=False
    )
    assert res.returncode == 0, res.stderr
    peak_kb = int(res.stderr.decode().split()[-1])
    assert peak_kb < 600_000, peak_kb
    out = res.stdout.decode("utf-8")
    assert "entities across 1 article:" in out and "PERSON  Vladimir Putin: 33" in out
    core = _core.Corpus(claims=False)
    nlp = byline.load()
    doc = nlp(paragraph)
    core.add("a", doc._c, byline.analyze(doc)._c)
    assert core.claims() == [] and core.link()["entities"]


@needs_model
def test_cpp_evaluate_report_is_json_whatever_the_model_path(tmp_path: Path) -> None:
    """The model path is written into the report as a JSON string: quotes, backslashes and
    bytes that are not UTF-8 cannot break the object."""
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    model = Path(byline.load().path)
    model = model / "model.bin" if model.is_dir() else model
    odd = os.fsencode(str(tmp_path)) + b'/m "q" \\ \xff.bin'
    with open(odd, "wb") as f:
        f.write(model.read_bytes())
    gold = tmp_path / "gold.conll"
    gold.write_text("Putin\tB-PER\nspoke\tO\n.\tO\n", encoding="utf-8")
    res = subprocess.run(
        [os.fsencode(str(CPP_CLI)), b"evaluate", b"--data", os.fsencode(str(gold)), b"--model", odd],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["model"].endswith('m "q" \\ \ufffd.bin') and report["f1"] >= 0


def test_byline_model_naming_an_empty_directory_names_its_model_file(tmp_path: Path) -> None:
    """BYLINE_MODEL naming a directory without a package: Python and the C++ tool both look
    for model.bin in it and name that file."""
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    empty = tmp_path / "empty"
    empty.mkdir()
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    env = dict(os.environ, BYLINE_MODEL=str(empty))
    cpp = subprocess.run([str(CPP_CLI), "ner", str(article)], capture_output=True, env=env, timeout=60, check=False)
    assert cpp.returncode == 1, cpp.stderr
    py = subprocess.run(
        [sys.executable, "-c", "import byline; byline.load()"], capture_output=True, env=env, timeout=60, check=False
    )
    assert py.returncode == 1
    for res in (cpp, py):
        err = res.stderr.decode("utf-8")
        assert f"BYLINE_MODEL={empty}" in err and f"'{empty / 'model.bin'}'" in err, err


@needs_model
def test_paths_that_are_not_utf8_for_models_patterns_and_data(tmp_path: Path) -> None:
    # --model, --patterns, --phrases, evaluate --data and train --out with a Latin-1 file name
    # stopped with pybind11's "incompatible function arguments ... Invoked with: ..."
    raw = os.fsencode(str(tmp_path))
    (tmp_path / "a.txt").write_text("Vladimir Putin met Xi Jinping in Moscow.", "utf-8")
    with open(raw + b"/p\xe9.json", "w", encoding="utf-8") as f:
        f.write('[{"label": "X", "pattern": "Moscow"}]')
    with open(raw + b"/ph\xe9.txt", "w", encoding="utf-8") as f:
        f.write("Y\tXi Jinping\n")
    with open(raw + b"/e\xe9.conll", "w", encoding="utf-8") as f:
        f.write("Vladimir B-PER\nPutin I-PER\n")
    name = os.fsdecode  # the str Python gives such a name
    res = run(
        "extract", "a.txt", "--json", "--patterns", name(b"p\xe9.json"), "--phrases", name(b"ph\xe9.txt"), cwd=tmp_path
    )
    assert res.returncode == 0, res.stderr
    labels = {e["label"] for e in json.loads(res.stdout)["entities"]}
    assert {"X", "Y"} <= labels
    for args, message in [
        (("extract", "a.txt", "--model", name(b"m\xe9")), b"model path m\\udce9 is not valid UTF-8"),
        (("evaluate", "--data", name(b"e\xe9.conll")), b"the file name e\\udce9.conll is not valid UTF-8"),
        (
            ("train", "--train", "a.txt", "--dev", "a.txt", "--out", name(b"o\xe9.bin")),
            b"o\\udce9.bin is not valid UTF-8",
        ),
    ]:
        res = run(*args, cwd=tmp_path)
        assert res.returncode != 0 and message in res.stderr, (args, res.stderr)
        assert b"Invoked with" not in res.stderr


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["extract", "--help"]])
def test_help_and_version_to_a_full_disk_are_an_error(args: List[str]) -> None:
    """The text of --help and --version that cannot be written is an error (exit 1), not lost
    behind exit status 0."""
    res = shell(">/dev/full", *args)
    assert res.returncode == 1, res.stderr
    assert b"No space left on device" in res.stderr
    ok = run(*args)
    assert ok.returncode == 0 and ok.stdout


# ------------------------------------------------------------------ --errors replace: invalid UTF-8 kept

#: A text file with a byte that is not UTF-8 (\xe9, Latin-1 'é') and a truncated sequence.
BAD_TXT = b"Vladimir Putin met Xi Jinping at the Caf\xe9 Pushkin in Moscow on Monday \xe2\x82."
#: JSON Lines: invalid bytes in the text, a lone surrogate escape in the text, one only in
#: the title (the text untouched), and a valid surrogate pair.
BAD_JSONL = (
    b'{"id": "bytes", "text": "Vladimir Putin met Xi Jinping in Moscow \xff\xfe on Monday."}\n'
    b'{"id": "escape", "text": "Joe Biden \\ud800 spoke in Berlin. Angela Merkel \\udc00 listened."}\n'
    b'{"id": "title", "title": "T \\ud800", "text": "Emmanuel Macron visited London."}\n'
    b'{"id": "pair", "text": "Olaf Scholz \\ud83d\\ude00 met Rishi Sunak in Paris."}\n'
)


def _expected_texts() -> Dict[str, str]:
    """The text each input is processed as with --errors replace: invalid bytes and lone
    surrogates as U+FFFD (what byline.load(errors="replace") makes of them)."""
    nlp = byline.load(errors="replace")
    texts = {"bad": nlp(BAD_TXT).text}
    for line in BAD_JSONL.decode("utf-8", "surrogateescape").splitlines():
        obj = json.loads(line)
        texts[obj["id"]] = nlp(obj["text"]).text
    return texts


def test_python_and_cpp_replace_invalid_utf8_alike() -> None:
    # the CLI decodes a file with Python's "replace" handler; it must give the text the
    # pipeline's own errors="replace" makes of the bytes (one U+FFFD per maximal subpart)
    samples = [BAD_TXT, b"\xc0\xaf", b"\xed\xa0\x80", b"\xf0\x90\x80", b"\xf4\x90\x80\x80", b"a\xe2\x82\xe2\x82\xac"]
    samples += [bytes(random.Random(seed).randrange(256) for _ in range(64)) for seed in range(300)]
    for data in samples:
        assert byline.tokenize(data, errors="replace").text == data.decode("utf-8", "replace"), data


@needs_model
def test_extract_and_analyze_keep_articles_with_invalid_utf8_under_errors_replace(tmp_path: Path) -> None:
    txt = tmp_path / "bad.txt"
    txt.write_bytes(BAD_TXT)
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(BAD_JSONL)
    expected = _expected_texts()
    assert "\ufffd" in expected["bad"] and "\ufffd" in expected["escape"]

    # strict (the default, as before): one bad byte costs the article; the lone surrogate is named
    res = run("extract", str(feed), str(txt), "--json", "--on-error", "skip")
    assert res.returncode == 1
    recs = records(res.stdout)
    assert [r["error"] is None for r in recs] == [False, False, False, True, False]  # feed, then bad.txt
    errors = [r["error"] for r in recs]
    advice = "(use --errors replace to substitute U+FFFD)"
    assert errors[0] == f"not valid UTF-8 at byte 65 of the line {advice}"
    assert errors[1] == f"not valid Unicode: lone surrogate escape \\ud800 at byte 36 of the line {advice}"
    assert errors[2] == f"not valid Unicode: lone surrogate escape \\ud800 at byte 28 of the line {advice}"
    assert errors[3] is None and errors[4].startswith("not valid UTF-8")
    assert "not valid JSON" not in res.stderr.decode()

    # replace: every article processed; offsets index the text the user gets back
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"out.{fmt}"
        res = run("extract", str(feed), str(txt), "--errors", "replace", "--format", fmt, "--out", str(out))
        assert res.returncode == 0, res.stderr
        assert res.stderr == b""
        if fmt == "jsonl":
            recs = records(out.read_bytes())
            assert [r["article_id"] for r in recs] == ["bytes", "escape", "title", "pair", "bad"]
            for r in recs:
                text = expected[r["article_id"]]
                assert r["error"] is None and r["chars"] == len(text) and r["entities"], r
                for e in r["entities"]:
                    assert text[e["start"] : e["end"]] == e["text"], (r["article_id"], e)
            assert recs[2]["title"] == "T \ufffd"
        else:
            rows = table(out)
            assert {r["article_id"] for r in rows} == set(expected)
            for r in rows:
                assert expected[r["article_id"]][int(r["start"]) : int(r["end"])] == r["text"]

    res = run("analyze", str(feed), str(txt), "--json", "--errors", "replace")
    assert res.returncode == 0, res.stderr
    arts = records(res.stdout)
    assert [a["meta"]["id"] for a in arts] == ["bytes", "escape", "title", "pair", "bad"]
    for a in arts:
        assert a["text"] == expected[a["meta"]["id"]]
        assert a["utf8_replaced"] == (a["meta"]["id"] in ("bytes", "escape", "bad")), a["meta"]
        for e in a["entities"]:
            assert a["text"][e["start"] : e["end"]] == e["text"]
        for t0, t1 in a["tokens"]:
            assert 0 <= t0 < t1 <= len(a["text"])
    assert any(e["text"] == "Joe Biden" for e in arts[1]["entities"])
    # the text form and standard input as one text
    res = run("analyze", str(txt), "--errors", "replace")
    assert res.returncode == 0 and b"Vladimir Putin" in res.stdout, res.stderr
    res = run("analyze", "-", "--json", "--errors", "replace", stdin=BAD_TXT)
    assert res.returncode == 0, res.stderr
    (a,) = records(res.stdout)
    assert a["text"] == expected["bad"] and a["utf8_replaced"] is True
    res = run("analyze", "-", "--json", stdin=BAD_TXT)
    assert res.returncode == 1 and res.stdout == b""
    assert res.stderr.decode().startswith(
        "byline: error: <stdin>: not valid UTF-8 at byte 40 (use --errors replace to substitute U+FFFD)"
    )
    res = run("extract", "--errors", "ignore", str(txt))
    assert res.returncode == 2 and b"invalid choice: 'ignore'" in res.stderr


@needs_model
def test_extract_records_say_whether_invalid_utf8_was_replaced(tmp_path: Path) -> None:
    # tokenize --json and analyze --json said utf8_replaced; extract's records did not
    assert schema_fields("`byline.extract/1`")["utf8_replaced"] == "bool"
    txt = tmp_path / "bad.txt"
    txt.write_bytes(BAD_TXT)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(BAD_JSONL)
    for threads in ("1", "0"):
        res = run("extract", str(feed), str(txt), str(good), "--json", "--errors", "replace", "--threads", threads)
        assert res.returncode == 0, res.stderr
        got = {r["article_id"]: r["utf8_replaced"] for r in records(res.stdout)}
        # the title's lone surrogate is not in the text (as ArticleRecord::utf8_replaced)
        assert got == {"bytes": True, "escape": True, "title": False, "pair": False, "bad": True, "good": False}
    res = run("extract", "-", "--json", "--errors", "replace", stdin=BAD_TXT)
    assert res.returncode == 0 and [r["utf8_replaced"] for r in records(res.stdout)] == [True], res.stderr
    # an input that failed: nothing was replaced
    res = run("extract", str(txt), str(good), "--json", "--on-error", "skip")
    assert res.returncode == 1
    assert [(r["error"] is None, r["utf8_replaced"]) for r in records(res.stdout)] == [(False, False), (True, False)]


def test_read_jsonl_names_a_lone_surrogate_escape(tmp_path: Path) -> None:
    # it was a FormatError "not valid JSON: syntax error ... invalid string: surrogate U+D800..."
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "fine"}\n{"text": "a \\ud800 b"}\n')
    it = byline.read_jsonl(feed)
    assert next(it).text == "fine"
    with pytest.raises(byline.EncodingError) as info:
        next(it)
    assert (
        str(info.value) == f"{feed}:2: line 2: lone surrogate escape \\ud800 (byte 12 of the line) is not valid Unicode"
    )
    assert info.value.byte_offset == 12
    parser = _core.JsonlParser(errors="replace")
    assert parser.parse(b'{"text": "a \\ud800 b", "id": 1}', 1) == ("a \ufffd b", {}, {"id": "1"}, True)
    assert parser.parse(b'{"text": "a b", "title": "\\udc00"}', 1) == ("a b", {"title": "\ufffd"}, {}, False)
    assert _core.JsonlParser().parse(b'{"text": "a b"}', 1) == ("a b", {}, {}, False)


# ------------------------------------------------------------------ tokenize and render: --on-error


def _bad_tree(root: Path) -> List[str]:
    """Inputs in order: good, invalid UTF-8, missing, a directory without text files, over
    --max-bytes 500, good."""
    (root / "a_good.txt").write_text(TEXT, encoding="utf-8")
    (root / "b_bad.txt").write_bytes(b"Caf\xe9 society.")
    (root / "empty").mkdir()
    (root / "d_big.txt").write_bytes(b"word " * 200)
    (root / "e_good.txt").write_text("Angela Merkel spoke in Berlin.", encoding="utf-8")
    names = ["a_good.txt", "b_bad.txt", "c_missing.txt", "empty", "d_big.txt", "e_good.txt"]
    return [str(root / n) for n in names]


#: Part of the reason each input of _bad_tree fails with (None: it does not).
_BAD_REASONS = [
    None,
    "not valid UTF-8 at byte 3 (use --errors replace to substitute U+FFFD)",
    "no such file or directory",
    "no .txt, .jsonl, .html or .htm files in directory",
    "the file is 1,000 bytes, longer than the limit of 500 bytes per input",
    None,
]


def test_tokenize_json_writes_an_error_object_for_each_bad_input(tmp_path: Path) -> None:
    # bad inputs were reported on stderr and dropped from the output, whatever --on-error
    paths = _bad_tree(tmp_path)
    res = run("tokenize", "--json", *paths, "--max-bytes", "500", "--on-error", "skip")
    assert res.returncode == 1, res.stderr
    objs = records(res.stdout)
    assert len(objs) == len(paths)
    doc_keys = set(objs[0])
    fields = schema_fields("`byline.doc/1` error objects")
    nulls = {name for name, kind in fields.items() if kind == "null"}
    assert nulls | {"schema", "meta"} == doc_keys  # the null members are those of a document
    for path, obj, reason in zip(paths, objs, _BAD_REASONS):
        if reason is None:
            assert set(obj) == doc_keys and obj["meta"] == {"path": path} and obj["tokens"]
            continue
        assert set(obj) == set(fields), obj
        assert obj["schema"] == "byline.doc/1" and obj["input"] == path and reason in obj["error"]
        assert all(obj[name] is None for name in nulls)
        stem = None if path.endswith("empty") else Path(path).stem
        assert obj["id"] == stem and obj["meta"] == {"path": path, **({"id": stem} if stem else {})}
        assert list(obj) == sorted(obj)  # keys sorted, as analyze's error objects
    # stderr names each bad input, in order
    err = res.stderr.decode().splitlines()
    assert [line.split(": ")[2] for line in err] == [p for p, r in zip(paths, _BAD_REASONS) if r is not None]

    # --on-error fail (default): what came before, then the first bad input stops the run
    good_first = [p for p in paths if "missing" not in p]  # a missing path stops it before anything is read
    res = run("tokenize", "--json", *good_first, "--max-bytes", "500")
    assert res.returncode == 1
    assert [o["meta"]["path"] for o in records(res.stdout)] == [paths[0]]
    assert res.stderr.decode().splitlines() == [
        f"byline: error: {paths[1]}: {_BAD_REASONS[1]}",
        "byline: error: stopped at the first bad input (--on-error skip writes an error object and goes on)",
    ]
    res = run("tokenize", "--json", *paths)
    assert res.returncode == 1 and res.stdout == b""
    one_line_error(res.stderr, f"{paths[2]}: no such file or directory")

    # the table lists a failed input in its place, the totals count the others
    res = run("tokenize", *paths, "--max-bytes", "500", "--on-error", "skip")
    assert res.returncode == 1
    rows = res.stdout.decode().splitlines()
    for path, reason in zip(paths, _BAD_REASONS):
        (row,) = [r for r in rows if r.startswith(path + " ")]
        assert (reason is None) == ("(failed:" not in row), row
        if reason is not None:
            assert row.split()[1:5] == ["-"] * 4 and reason.split(" (")[0] in row
    assert any(r.startswith("total (2 files, 4 failed)") for r in rows), rows
    res = run("tokenize", *good_first, "--max-bytes", "500")
    assert res.returncode == 1 and res.stdout == b""  # a stopped run has no table
    assert res.stderr.decode().splitlines()[-1].endswith("(--on-error skip lists it in the table and goes on)")
    res = run("tokenize", paths[0], "--on-error", "ignore")
    assert res.returncode == 2 and b"invalid choice: 'ignore'" in res.stderr


@needs_model
def test_render_shows_each_bad_input_in_its_place_or_stops(tmp_path: Path) -> None:
    # bad inputs were reported on stderr and left out of the report, whatever --on-error
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "ok1", "title": "Good one", "text": "Vladimir Putin met Xi Jinping in Moscow."},
        {"id": "nums", "text": 5},
        {"id": "xss", "title": "<b>T</b>", "text": "Biden spoke.", "published": "<script>alert(1)</script>"},
        {"id": "ok2", "text": "Angela Merkel spoke in Berlin."},
    ]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines) + "not json\n", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    out = tmp_path / "report.html"
    res = run("render", str(feed), str(missing), "--out", str(out), "--on-error", "skip")
    assert res.returncode == 1, res.stderr
    err = res.stderr.decode().splitlines()
    assert [line.split(": ")[2] for line in err[:-1]] == [f"{feed}:2", f"{feed}:3", f"{feed}:5", str(missing)]
    assert err[-1].startswith(f"wrote {out} (2 articles, 4 failed, ")
    page = out.read_text(encoding="utf-8")
    sections = re.findall(r'<section class="byline-article( byline-error)?" id="doc-(\d+)"', page)
    assert [(bool(cls), int(n)) for cls, n in sections] == [
        (False, 1),
        (True, 2),
        (True, 3),
        (False, 4),
        (True, 5),
        (True, 6),
    ]
    errors = re.findall(
        r'data-input="([^"]*)"><h2>([^<]*)</h2>.*?byline-error-message" role="alert">'
        r"<strong>error:</strong> (.*?)</p>",
        page,
    )
    assert [(i, h) for i, h, _ in errors] == [
        (f"{feed}:2", "nums"),
        (f"{feed}:3", "&lt;b&gt;T&lt;/b&gt;"),
        (f"{feed}:5", f"{feed}:5"),
        (str(missing), "gone"),
    ]
    assert "must be a string, not number" in errors[0][2]
    assert "invalid date &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in errors[1][2]
    assert "not valid JSON" in errors[2][2] and errors[3][2] == "no such file or directory"
    assert "<script>alert" not in page and "<b>T" not in page  # escaped
    assert "6 documents (4 failed)" in page and page.count("(failed)</span>") == 4

    # --on-error fail (default): stops at the first bad input, no report written
    out.unlink()
    res = run("render", str(feed), "--out", str(out))
    assert res.returncode == 1 and not out.exists()
    assert res.stderr.decode().splitlines() == [
        f"byline: error: {feed}:2: text field 'text' must be a string, not number",
        "byline: error: stopped at the first bad input (--on-error skip shows it in the report); nothing written",
    ]
    res = run("render", str(missing), "--out", str(out), "--on-error", "skip")  # only failed inputs: still a report
    assert res.returncode == 1 and 'data-input="' + str(missing) in out.read_text(encoding="utf-8")


def test_render_keeps_an_article_with_invalid_utf8_under_errors_replace(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Angela Merkel met Emmanuel Macron in Paris.\xff\n")
    out = tmp_path / "report.html"
    res = run("render", str(bad), "--out", str(out))
    assert res.returncode == 1 and b"not valid UTF-8" in res.stderr and not out.exists()
    res = run("render", str(bad), "--out", str(out), "--errors", "replace")
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert "Angela Merkel" in page and "\ufffd" in page


@needs_model
def test_terminal_outputs_escape_control_characters(tmp_path: Path) -> None:
    """Control characters of a text, an entity or a file name reach no table as raw bytes:
    extract printed the entity summary of a binary blob with NUL, ^A, DEL and ESC in it;
    every human-readable output escapes them as analyze does (\\x01)."""

    def raw_controls(data: bytes) -> List[int]:
        return [b for b in data if (b < 32 and b != 10) or b == 127]

    text = "Vladimir\x07Putin met Angela\x01Merkel in New\x7fYork\x1b[2J. Vladimir\x07Putin left."
    res = run("extract", "-", stdin=text.encode())
    assert res.returncode == 0, res.stderr
    assert raw_controls(res.stdout) == [], res.stdout
    assert b"Vladimir\\x07Putin (2x in 1 of 1 articles)" in res.stdout, res.stdout
    # a random binary file read with --errors replace (C1 characters too)
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(random.Random(7).randrange(256) for _ in range(20000)) + b" Vladimir\x00Putin\x01 spoke.")
    res = run("extract", "--errors", "replace", str(blob))
    assert res.returncode == 0, res.stderr
    assert raw_controls(res.stdout) == [], res.stdout
    assert "\x85" not in res.stdout.decode() and "\\x00" in res.stdout.decode()
    # file names in the tables of extract and tokenize and in error lines; explain's tokens
    named = tmp_path / "a\x1b]0;pwned\x07b.txt"
    named.write_text("Putin spoke.")
    for args in (["extract", str(named)], ["tokenize", str(named)], ["analyze", str(named)]):
        res = run(*args)
        assert res.returncode == 0, (args, res.stderr)
        assert raw_controls(res.stdout) == [] and b"a\\x1b]0;pwned\\x07b.txt" in res.stdout, (args, res.stdout)
    res = run("tokenize", str(tmp_path / "gone\x1bx.txt"))
    assert res.returncode == 1 and raw_controls(res.stderr) == [] and b"gone\\x1bx.txt" in res.stderr, res.stderr
    res = run("explain", "a\x01b \x1b[31m")
    assert res.returncode == 0, res.stderr
    assert raw_controls(res.stdout) == [], res.stdout
