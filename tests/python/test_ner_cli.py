"""`byline train` and `byline evaluate`, run in a subprocess on a tiny synthetic CoNLL corpus."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require_file
from test_ner import Corpus, write_corpus

import byline


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "byline.cli", *args], capture_output=True, env=env, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return write_corpus(tmp_path_factory.mktemp("ner_cli"))


def test_train_logs_epochs_and_prints_dev_json(corpus: Corpus) -> None:
    out = corpus.dir / "cli.bin"
    res = run(
        "train",
        "--train",
        str(corpus.train),
        "--dev",
        str(corpus.dev),
        "--out",
        str(out),
        "--epochs",
        "3",
        "--seed",
        "5",
        "--gazetteer",
        str(corpus.gazetteer),
        "--clusters",
        str(corpus.clusters),
    )
    assert res.returncode == 0, res.stderr.decode()
    log = res.stderr.decode().splitlines()
    epochs = [line for line in log if line.startswith("epoch ")]
    assert len(epochs) == 3
    assert all(re.search(r"dev P [\d.]+ R [\d.]+ F1 [\d.]+", line) for line in epochs), epochs
    assert epochs[0].startswith("epoch 1/3")
    assert any(line.startswith(f"saved {out}") for line in log)
    lines = res.stdout.decode().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["f1"] > 90
    # the same model as the Python API trains for that seed
    nlp = byline.train(
        corpus.train, dev=corpus.dev, epochs=3, seed=5, gazetteer=corpus.gazetteer, clusters=corpus.clusters
    )
    assert out.read_bytes() == nlp.recognizer.to_bytes()


def test_train_without_dev_prints_nothing(corpus: Corpus) -> None:
    out = corpus.dir / "nodev.bin"
    res = run(
        "train",
        "--train",
        str(corpus.train),
        "--out",
        str(out),
        "--epochs",
        "1",
        "--no-keep-best",
        "--disable",
        "affixes,bigrams",
        "--min-count",
        "2",
        "--prune",
        "0.001",
    )
    assert res.returncode == 0, res.stderr.decode()
    assert res.stdout == b""
    assert re.search(r"^epoch 1/1 .* train-err [\d.]+$", res.stderr.decode(), re.M)
    assert byline.load(out).info["min_feature_count"] == 2


def test_evaluate_prints_one_json_object(corpus: Corpus) -> None:
    model = corpus.dir / "eval.bin"
    byline.train(corpus.train, epochs=2, out=model)
    res = run("evaluate", "--data", str(corpus.dev), "--model", str(model))
    assert res.returncode == 0, res.stderr.decode()
    lines = res.stdout.decode().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    for key in ("precision", "recall", "f1", "per_type", "tokens", "tokens_per_second"):
        assert key in result, key
    expected = byline.evaluate(corpus.dev, model=model)
    for key in ("precision", "recall", "f1", "per_type", "tokens", "model"):
        assert result[key] == expected[key], key


def test_cli_errors(corpus: Corpus, tmp_path: Path) -> None:
    res = run("train", "--train", str(corpus.train))  # --out missing
    assert res.returncode == 2 and b"--out" in res.stderr
    res = run("train", "--train", str(corpus.train), "--out", str(tmp_path / "m.bin"), "--epochs", "0")
    assert res.returncode == 2 and b"--epochs" in res.stderr
    res = run("train", "--train", str(tmp_path / "missing.conll"), "--out", str(tmp_path / "m.bin"))
    assert res.returncode == 1 and b"no such file" in res.stderr
    # the options' own names and the choices, not byline.train's keywords
    out = str(tmp_path / "m.bin")
    res = run("train", "--train", str(corpus.train), "--out", out, "--min-weight", "99999")
    assert res.returncode == 1 and b"error: --min-weight must be in [0, 32766], not 99999" in res.stderr
    # a path is no keyword: "min_count.conll" stays as it is
    res = run("train", "--train", str(tmp_path / "min_count.conll"), "--out", out)
    assert res.returncode == 1 and b"min_count.conll" in res.stderr and b"--min-count" not in res.stderr
    res = run("train", "--train", str(corpus.train), "--out", out, "--ensemble", "100")
    assert res.returncode == 1 and b"error: --ensemble must be in 1..16" in res.stderr
    res = run("train", "--train", str(corpus.train), "--out", out, "--types", "FOO")
    assert res.returncode == 1 and b"not among the model's types (--types)" in res.stderr
    res = run("train", "--train", str(corpus.train), "--out", out, "--disable", "foo")
    assert res.returncode == 1 and b"unknown feature group 'foo' (the groups: clusters, gazetteer," in res.stderr
    res = run("evaluate")
    assert res.returncode == 2 and b"--data" in res.stderr
    broken = tmp_path / "broken.bin"
    broken.write_bytes(b"BLNR" + b"\0" * 10)
    res = run("evaluate", "--data", str(corpus.dev), "--model", str(broken))
    assert res.returncode == 1 and res.stdout == b""
    assert res.stderr.decode().startswith("byline: error: ")


def test_train_takes_the_recipe_options_of_the_shipped_model(corpus: Corpus) -> None:
    """`byline train` has the options build_model.sh gives byline-dev train: word dropout,
    Unicode shapes, the type order and source adaptation, saved in the model."""
    out = corpus.dir / "recipe.bin"
    sourced = corpus.dir / "sourced.conll"
    sourced.write_text("-DOCSTART- source=wire\n\n" + corpus.train.read_text(encoding="utf-8"), encoding="utf-8")
    res = run(
        "train",
        *("--train", str(sourced), "--out", str(out), "--epochs", "2"),
        *("--word-dropout", "0.2", "--unicode-shapes", "--types", "MISC,PER,ORG,LOC", "--target-source", "wire"),
    )
    assert res.returncode == 0, res.stderr.decode()
    info = byline.load(out).info
    assert info["unicode_shapes"] is True and info["types"] == ["MISC", "PER", "ORG", "LOC"]
    res = run("train", "--train", str(sourced), "--out", str(out), "--target-source", "cable")
    assert res.returncode == 1 and b"target source 'cable' has no training documents" in res.stderr
    plain = corpus.dir / "plain.bin"
    assert run("train", "--train", str(corpus.train), "--out", str(plain), "--epochs", "2").returncode == 0
    assert "unicode_shapes" not in byline.load(plain).info
    # a bad value is a usage error, checked as byline-dev train checks it (byline::set_train_option)
    res = run("train", "--train", str(corpus.train), "--out", str(out), "--word-dropout", "1.5")
    assert res.returncode == 2 and b"--word-dropout: needs a number in [0, 1), not '1.5'" in res.stderr
    with pytest.raises(TypeError, match="types"):
        byline.train(corpus.train, epochs=1, types=[1, 2])


def test_train_margin_is_an_option_of_both_commands_and_of_train(corpus: Corpus) -> None:
    """--margin (loss-augmented training) reaches the trainer, is recorded in the model info
    and is checked alike by `byline train`, `byline-dev train` and byline.train."""
    out = corpus.dir / "margin.bin"
    res = run("train", "--train", str(corpus.train), "--out", str(out), "--epochs", "2", "--margin", "20")
    assert res.returncode == 0, res.stderr.decode()
    assert byline.load(out).info["margin"] == 20
    res = run("train", "--train", str(corpus.train), "--out", str(out), "--margin", "-1")
    assert res.returncode == 2 and b"--margin: needs a number in [0, 1000), not '-1'" in res.stderr
    with pytest.raises(byline.ConfigError, match="margin"):
        byline.train(corpus.train, epochs=1, margin=float("nan"))
    with pytest.raises(TypeError, match="margin"):
        byline.train(corpus.train, epochs=1, margin="20")


CPP_CLI = Path(__file__).resolve().parents[2] / "build" / "cpp" / "cpp" / "byline-dev"


def test_train_vectors_like_byline_dev(corpus: Corpus, tmp_path: Path) -> None:
    """`byline train --vectors` and `byline.train(vectors=...)` read word-vector rows as
    `byline-dev train --vectors` does: the same model bytes and the same checks."""
    words = [line.split("\t")[0] for line in corpus.clusters.read_text(encoding="utf-8").splitlines()]
    vectors = tmp_path / "vectors.tsv"
    vectors.write_text("# word<TAB>row\n" + "".join(f"{w}\t{i % 5}\n" for i, w in enumerate(words)), encoding="utf-8")
    out = tmp_path / "vec.bin"
    common = ("--train", str(corpus.train), "--epochs", "2", "--seed", "3")
    res = run("train", *common, "--out", str(out), "--vectors", str(vectors))
    assert res.returncode == 0, res.stderr.decode()
    assert byline.load(out).info["vector_rows"] == 5
    api = byline.train(corpus.train, epochs=2, seed=3, vectors=vectors)
    assert out.read_bytes() == api.recognizer.to_bytes()
    assert out.read_bytes() != byline.train(corpus.train, epochs=2, seed=3).recognizer.to_bytes()
    # the "vectors" group switched off: the file is not read into the model
    off = byline.train(corpus.train, epochs=2, seed=3, vectors=vectors, disable=["casevariant", "vectors"])
    assert "vector_rows" not in off.info
    if CPP_CLI.is_file():  # the C++ tool (make cpp) trains the same model
        cpp_out = tmp_path / "cpp.bin"
        cpp = subprocess.run(
            [str(CPP_CLI), "train", *common, "--out", str(cpp_out), "--vectors", str(vectors)],
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert cpp.returncode == 0, cpp.stderr.decode()
        assert cpp_out.read_bytes() == out.read_bytes()
    # errors: a bad row, a missing file, an input named as the output
    bad = tmp_path / "bad.tsv"
    bad.write_text("Merkel\t0\nBerlin\t65536\n", encoding="utf-8")
    res = run("train", *common, "--out", str(tmp_path / "x.bin"), "--vectors", str(bad))
    assert res.returncode == 1
    assert b"line 2: expected word<TAB>row with a row in 0..65534" in res.stderr, res.stderr
    with pytest.raises(byline.ConfigError, match="line 2: expected word<TAB>row"):
        byline.train(corpus.train, epochs=1, vectors=bad)
    res = run("train", *common, "--out", str(tmp_path / "x.bin"), "--vectors", str(tmp_path / "missing.tsv"))
    assert res.returncode == 1 and b"vectors: no such file" in res.stderr
    # clusters and gazetteer files of another format are errors naming the line, not ignored
    prose = tmp_path / "prose.txt"
    prose.write_text("# a comment\nThe minister said on Monday.\n", encoding="utf-8")
    res = run("train", *common, "--out", str(tmp_path / "x.bin"), "--gazetteer", str(prose))
    assert res.returncode == 1 and b"line 2: expected TYPE<TAB>phrase" in res.stderr, res.stderr
    noise = tmp_path / "noise.tsv"
    noise.write_bytes(b"Paris\t3\t7\nhello\nworld 12\n")
    res = run("train", *common, "--out", str(tmp_path / "x.bin"), "--clusters", str(noise))
    assert res.returncode == 1 and b"line 2: expected word<TAB>class..." in res.stderr, res.stderr
    noise.write_bytes(b"Paris\tseven\n")
    with pytest.raises(byline.ConfigError, match="line 1: expected word<TAB>class"):
        byline.train(corpus.train, epochs=1, clusters=noise)
    res = run("train", *common, "--out", str(vectors), "--vectors", str(vectors))
    assert res.returncode == 2
    with pytest.raises(TypeError, match="vectors must be the path of a vector-row file"):
        byline.train(corpus.train, epochs=1, vectors=5)  # type: ignore[arg-type]
    # the error names the kind of file (it called every data file a CoNLL file)
    with pytest.raises(ValueError, match="vectors: is a directory, not a vector-row file"):
        byline.train(corpus.train, epochs=1, vectors=tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="clusters: is not a regular file"):
        byline.train(corpus.train, epochs=1, clusters=fifo)


def test_byline_train_takes_every_training_option_with_its_default() -> None:
    """The keywords of byline.train are the C++ training options (one definition,
    byline::train_option_specs) with '_' for '-', with the same defaults."""
    import inspect

    from byline import _core

    params = inspect.signature(byline.train).parameters
    for spec in _core.train_option_specs():
        key = spec["name"].replace("-", "_")
        if spec["kind"] == "flag":
            key = key[3:] if key.startswith("no_") else key
            assert params[key].default is (key == "keep_best"), key
        elif spec["kind"] in ("count", "number"):
            assert params[key].default == float(spec["default"]), key
        else:
            assert params[key].default is None, key


def test_train_has_the_options_of_byline_dev_train() -> None:
    """Every option of `byline-dev train` is an option of `byline train` (and the reverse):
    the recipe a model is built with can be given to either."""
    from byline.cli import _parser

    sub = next(a for a in _parser()._actions if a.dest == "command")
    py_options = {s for a in sub.choices["train"]._actions for s in a.option_strings} - {"-h", "--help"}
    require_file(CPP_CLI, "the C++ tool (make cpp)")
    usage = subprocess.run([str(CPP_CLI), "--help"], capture_output=True, timeout=60, check=True).stdout.decode()
    train_usage = usage[usage.index("byline-dev train") : usage.index("byline-dev evaluate")]
    cpp_options = set(re.findall(r"--[a-z][a-z0-9-]*", train_usage))
    assert cpp_options == py_options
