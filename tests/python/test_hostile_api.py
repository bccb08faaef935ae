"""Hostile input through the Python API: user regexes and token patterns that crash or
hang a backtracking engine, files that are no regular files, thread counts and thread
starts the system refuses, self-contradicting Doc JSON. Each case is scaled down to run
in seconds (docs/robustness.md lists them; tests/cpp/hostile_input_test.cpp has the C++ side).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import byline

# Each call that a regression could turn into a hang runs in a subprocess with this
# timeout, so a regression fails the test instead of stalling the suite.
TIMEOUT = 60


def run_python(code: str, *, limit_kb: int = 0) -> subprocess.CompletedProcess:
    script = textwrap.dedent(code)
    cmd = [sys.executable, "-c", script]
    if limit_kb:
        cmd = ["bash", "-c", f'ulimit -v {limit_kb}; exec "$0" "$@"', sys.executable, "-c", script]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)


def pattern_nlp(regex: str, op: str = "1") -> byline.Pipeline:
    spec = {"regex": regex}
    if op != "1":
        spec["op"] = op
    return byline.load(rules=False, patterns=[{"label": "X", "pattern": [spec]}])


def user_spans(doc: byline.Doc) -> list:
    return [e.text for e in doc.ents if e.source == "user"]


def test_regex_on_a_huge_token_neither_crashes_nor_hangs() -> None:
    proc = run_python(
        """
        import byline
        url = "https://example.com/" + "a" * 40000
        nlp = byline.load(rules=False, patterns=[{"label": "URL", "pattern": [{"regex": "https?://\\\\S+"}]}])
        doc = nlp("See " + url + " now.")
        print(sum(1 for e in doc.ents if e.label_ == "URL"))
        nlp = byline.load(rules=False, patterns=[{"label": "X", "pattern": [{"regex": "\\\\w+"}]}])
        print(sum(1 for e in nlp("a" * 30000).ents if e.label_ == "X"))
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "1"]


def test_catastrophic_backtracking_pattern_runs_in_linear_time() -> None:
    proc = run_python(
        """
        import byline
        nlp = byline.load(rules=False, patterns=[{"label": "X", "pattern": [{"regex": "(a+)+$"}]}])
        doc = nlp("a" * 41 + "b " + "a" * 5000)
        print(len([e for e in doc.ents if e.label_ == "X"]))
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1"]


def test_unusable_regexes_are_config_errors() -> None:
    with pytest.raises(byline.ConfigError, match=r"patterns\[0\].*at most 4096"):
        pattern_nlp("(" * 20000 + "a" + ")" * 20000)
    with pytest.raises(byline.ConfigError, match="bad regex"):
        pattern_nlp("(?<=a)b")  # lookbehind: not in RE2
    with pytest.raises(byline.ConfigError, match="bad regex"):
        pattern_nlp("((((a{100}){100}){100}){100})")  # over the memory budget


def test_regexes_match_code_points() -> None:
    assert user_spans(pattern_nlp(r"\w+")("Zürich")) == ["Zürich"]
    assert user_spans(pattern_nlp(r"^.{6}$")("Zürich")) == ["Zürich"]


def test_runs_stay_linear_and_inside_a_sentence() -> None:
    proc = run_python(
        """
        import byline, time
        nlp = byline.load(rules=False, patterns=[
            {"label": "CORP", "pattern": [{"is_title": True, "op": "+"}, {"lower": "inc"}]}])
        start = time.process_time()
        doc = nlp(" ".join(["Word"] * 20000))
        print(len([e for e in doc.ents if e.label_ == "CORP"]), time.process_time() - start < 20)
        doc = nlp("Alpha Beta. Gamma Inc")
        print([e.text for e in doc.ents if e.label_ == "CORP"])
        """
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "0 True"
    assert lines[1] == "['Gamma Inc']"


def test_pattern_size_limits() -> None:
    with pytest.raises(byline.ConfigError, match="at most 256"):
        byline.load(rules=False, patterns=[{"label": "X", "pattern": [{"op": "*"}] * 1000 + [{"lower": "a"}]}])
    with pytest.raises(byline.ConfigError, match="'value'"):
        byline.load(rules=False, patterns=[{"label": "X", "pattern": "a", "value": "v" * 10_000_000}])


def test_fifo_as_model_or_patterns_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = run_python(
        f"""
        import byline
        for call in (lambda: byline.load({str(fifo)!r}), lambda: byline.load(patterns={str(fifo)!r}),
                     lambda: byline.load().add_phrases({str(fifo)!r})):
            try:
                call()
                print("accepted")
            except (byline.ModelError, byline.ConfigError) as e:
                print(type(e).__name__, "regular file" in str(e) or "is not" in str(e))
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:3] == ["ModelError True", "ConfigError True", "ConfigError True"]


def test_oversized_model_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "model.bin"
    with open(big, "wb") as f:
        f.truncate(2 << 30)  # sparse: no disk used
    with pytest.raises(byline.ModelError, match="the limit is"):
        byline.load(big)
    with open(big, "r+b") as f:
        f.truncate(64 << 20)
    # 64 MB that is no model: refused on its header, with a small peak memory.
    proc = run_python(
        f"""
        import resource, byline
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            byline.load({str(big)!r})
        except byline.ModelError as e:
            print("bad magic" in str(e), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) < 32 * 1024)
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True"]


def test_thread_counts_are_capped_and_failed_thread_starts_do_not_abort() -> None:
    # 1,000 threads asked for (capped at 256) with room in the address space for about a
    # hundred thread stacks above what the interpreter maps: the later thread starts fail,
    # and the batch must still finish on the threads that started, not abort.
    baseline_kb = int(
        run_python(
            """
        import byline
        print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmPeak')][0])
        """
        ).stdout
    )
    stack_kb = int(subprocess.run(["bash", "-c", "ulimit -s"], capture_output=True, text=True).stdout.strip() or 8192)
    proc = run_python(
        """
        import byline
        docs = byline.tokenize_batch(["x y"] * 2000, threads=1000)
        print(len(docs), all(len(d) == 2 for d in docs))
        """,
        limit_kb=baseline_kb + 100 * stack_kb,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2000", "True"]
    assert "could start only" in proc.stderr
    docs = byline.tokenize_batch(["a b"] * 50, threads=20000)
    assert len(docs) == 50


def test_doc_from_json_refuses_contradictions() -> None:
    doc = byline.load()("Anna Berg met Bo Li. Then they left.")
    good = json.loads(doc.to_json())
    assert byline.Doc.from_json(json.dumps(good)).text == doc.text

    bad = dict(good, sentences=good["sentences"][:1])
    with pytest.raises(byline.FormatError, match="cover every token"):
        byline.Doc.from_json(json.dumps(bad))

    ent = dict(good["entities"][0])
    ent["text"] = ent["text"] + "x"
    with pytest.raises(byline.FormatError, match="not the text of its tokens"):
        byline.Doc.from_json(json.dumps(dict(good, entities=[ent])))

    ent = dict(good["entities"][0])
    ent["start"] += 1
    with pytest.raises(byline.FormatError):
        byline.Doc.from_json(json.dumps(dict(good, entities=[ent])))

    with pytest.raises(byline.FormatError, match="meta"):
        byline.Doc.from_json(json.dumps(dict(good, meta={"date": 20250101})))


def test_bad_bytes_in_lists_and_names_give_byline_errors(tmp_path: Path) -> None:
    nlp = byline.load(rules=False)
    binary = tmp_path / "p.txt"
    binary.write_bytes(b"PRODUCT GigaChat\xff\n")  # no tab, and not UTF-8: the message echoes the line
    with pytest.raises(byline.ConfigError, match="p.txt"):
        nlp.add_phrases(binary)
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfPRODUCT\tGigaChat\n")
    nlp.add_phrases(bom)
    assert nlp.phrases == [("PRODUCT", "GigaChat", "")]  # the byte-order mark is not part of the label
    with pytest.raises(byline.ConfigError):
        nlp.add_patterns([{"label": "X", "pattern": "Par\ud800is"}])
    with pytest.raises(byline.ConfigError, match="surrogate"):
        nlp.add_phrases({"X": ["a\ud800"]})
    with pytest.raises(TypeError):
        nlp.add_phrases(["GigaChat"], label="PRODUCT", fold_case="no")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        byline.load("")
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Paris is in France.", encoding="utf-8")
    with open(os.fsencode(str(d)) + b"/x\xff.txt", "wb") as f:
        f.write(b"Rome is in Italy.")
    docs = list(nlp.pipe(byline.read_articles(d)))
    assert len(docs) == 2 and all(doc.ents for doc in docs)


def test_model_damaged_behind_a_fixed_up_checksum_names_the_file(tmp_path: Path) -> None:
    """A package whose model.bin was altered and its sha256 in meta.json updated to match:
    the ModelError from the model's own checks names the file."""
    import hashlib
    import shutil

    source = byline.pipeline.default_model_path().parent
    if not (source / "meta.json").is_file():
        pytest.skip("default model not installed")
    pkg = tmp_path / "pkg"
    shutil.copytree(source, pkg)
    model = pkg / "model.bin"
    data = bytearray(model.read_bytes())
    for at in (30, len(data) // 2, len(data) - 5):
        damaged = bytearray(data)
        damaged[at] ^= 0xFF
        model.write_bytes(bytes(damaged))
        meta = json.loads((pkg / "meta.json").read_text(encoding="utf-8"))
        meta["files"]["model.bin"]["sha256"] = hashlib.sha256(bytes(damaged)).hexdigest()
        (pkg / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        with pytest.raises(byline.ModelError) as err:
            byline.load(pkg)
        assert str(model) in str(err.value), (at, str(err.value))


def test_document_dates_refuse_a_wrong_weekday() -> None:
    nlp = byline.load(rules=True, disable=["recognizer"])
    with pytest.raises(
        ValueError, match=r"'Mon, 02 Jan 2025' is not a valid date: 2025-01-02 is a Thursday, not a Monday"
    ):
        nlp("It rained yesterday.", date="Mon, 02 Jan 2025")
    assert nlp("It rained yesterday.", date="Thu, 02 Jan 2025").ents[0].value["timex"] == "2025-01-01"
    assert byline._core.parse_date_error("Mon, 02 Jan 2025") == "2025-01-02 is a Thursday, not a Monday"
    assert byline._core.parse_date_error("Thursday, 2 Jan 2025") == ""
    assert byline._core.parse_date_error("yesterday").startswith("expected ")
