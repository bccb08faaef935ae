"""Bad input through the whole pipeline: each case is a typed error or a documented recovery (docs/robustness.md).

Covered elsewhere (not repeated here): invalid bytes and lone surrogates at the tokenizer
(test_errors.py), NUL bytes in the tokenizer (test_tokenize.py), truncated and bit-flipped
model files (test_ner.py), JSONL errors naming the line (test_articles.py), bad pattern
keys and operators (test_rules.py), threads=-1 / batch_size=0 for nlp.pipe (test_ner.py).
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import List

import pytest

import byline


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


@pytest.fixture(scope="module")
def lenient() -> byline.Pipeline:
    return byline.load(errors="replace")


# ---------------------------------------------------------------- encodings


def test_invalid_utf8_strict_names_the_offset(nlp: byline.Pipeline) -> None:
    with pytest.raises(byline.EncodingError, match="byte 7") as info:
        nlp(b"Berlin \xff\xfe Paris")
    assert info.value.byte_offset == 7
    with pytest.raises(byline.EncodingError):
        list(nlp.pipe(["fine", b"\xc3("]))


def test_invalid_utf8_replaced(lenient: byline.Pipeline) -> None:
    doc = lenient(b"Angela Merkel \xff visited Paris.")
    assert doc.text == "Angela Merkel \ufffd visited Paris."
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Paris"]
    assert [d.text for d in lenient.pipe([b"\xe2\x82", "ok"])] == ["\ufffd", "ok"]


def test_lone_surrogates(nlp: byline.Pipeline, lenient: byline.Pipeline) -> None:
    with pytest.raises(byline.EncodingError, match="surrogate U\\+D800 at index 6"):
        nlp("Paris \ud800 Berlin")
    doc = lenient("Paris \udcff Berlin")
    assert doc.text == "Paris \ufffd Berlin"
    assert [t.text for t in doc] == ["Paris", "\ufffd", "Berlin"]


def test_nul_bytes_through_the_pipeline(nlp: byline.Pipeline) -> None:
    text = "Vladimir Putin\x00 met\x00\x00 Angela Merkel in Berlin.\x00"
    doc = nlp(text)
    assert doc.text == text
    assert all("\x00" not in t.text for t in doc)
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Vladimir Putin", "Angela Merkel"]
    assert doc == nlp(text.encode("utf-8"))


# ---------------------------------------------------------------- empty and huge


def test_empty_strings(nlp: byline.Pipeline) -> None:
    doc = nlp("")
    assert doc.text == "" and len(doc) == 0 and list(doc.ents) == []
    assert [len(d) for d in nlp.pipe(["", " ", ""])] == [0, 0, 0]
    assert list(nlp.pipe([])) == []
    assert byline.tokenize_batch([""] * 3) == [byline.tokenize("")] * 3


@pytest.mark.slow
def test_100mb_single_line(lenient: byline.Pipeline) -> None:
    line = ("Angela Merkel met Putin in Berlin on Monday, " * 2_300_000)[: 100 * 2**20]
    doc = lenient(line)
    assert len(doc.text) == len(line)
    assert len(doc) > 10_000_000
    assert doc[0].text == "Angela" and doc[-1].end_char == len(line.rstrip())
    # About 27 s and 1.0 GB peak memory on 2 cores (bench/results/huge_line.json).


def test_10mb_single_line_tokenized() -> None:
    line = "word, " * (10 * 2**20 // 6)
    doc = byline.tokenize(line)
    assert len(doc) == 2 * (10 * 2**20 // 6)
    assert doc[-1].text == ","


def test_a_million_tiny_docs_tokenize_batch() -> None:
    texts = [f"d{i % 10}" for i in range(10**6)]
    docs = byline.tokenize_batch(texts, threads=2)
    assert len(docs) == 10**6
    assert all(len(d) == 1 for d in docs[:1000])
    assert [docs[i].text for i in (0, 7, 999_999)] == ["d0", "d7", "d9"]


def test_many_tiny_docs_pipe(nlp: byline.Pipeline) -> None:
    n = 10**5
    texts = ["Paris." if i % 2 else "" for i in range(n)]
    count = 0
    for i, doc in enumerate(nlp.pipe(texts, threads=2, batch_size=1024)):
        assert len(doc) == (2 if i % 2 else 0)
        count += 1
    assert count == n


# ---------------------------------------------------------------- models


def test_truncated_and_flipped_models_raise_model_error(nlp: byline.Pipeline) -> None:
    data = nlp.to_bytes()
    for blob in (b"", data[:3], data[:24], data[:-1], data + b"\0", data[:100] + b"\xff" + data[101:]):
        with pytest.raises(byline.ModelError):
            byline.load_bytes(blob)


# ---------------------------------------------------------------- JSON Lines


def _bad_feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"text": "one", "id": 1, "flag": true}\n'
        b'{"text": broken\n'
        b"\n"
        b'{"text": "caf\xc3\xa9 \xff"}\n'
        b'{"text": 5}\n'
        b'{"text": "two", "id": true, "title": null}\n'
    )
    return path


def test_jsonl_strict_names_the_line(tmp_path: Path) -> None:
    path = _bad_feed(tmp_path)
    it = byline.read_jsonl(path)
    assert next(it) == byline.Article("one", id="1")
    with pytest.raises(byline.FormatError, match=r"feed\.jsonl:2: line 2 is not valid JSON"):
        next(it)
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xc3\xa9 \xff"}\n')
    message = r"feed\.jsonl:2: line 2: not valid UTF-8 \(byte 16 of the line\)"
    with pytest.raises(byline.EncodingError, match=message) as info:
        list(byline.read_jsonl(path))
    assert info.value.byte_offset == 16
    path.write_bytes(b'{"text": 5}\n')
    with pytest.raises(byline.FormatError, match=r"line 1: text field 'text' must be a string, not number"):
        list(byline.read_jsonl(path))


def test_jsonl_skip_mode_reports_each_bad_line(tmp_path: Path) -> None:
    path = _bad_feed(tmp_path)
    errors: List[byline.BylineError] = []
    arts = list(byline.read_jsonl(path, errors="skip", on_error=errors.append))
    assert arts == [byline.Article("one", id="1"), byline.Article("two", id="True")]
    assert [type(e) for e in errors] == [byline.FormatError, byline.EncodingError, byline.FormatError]
    assert [str(e).split(": ")[0] for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    with pytest.warns(RuntimeWarning) as record:
        assert len(list(byline.read_jsonl(path, errors="skip"))) == 2
    assert [str(w.message) for w in record] == [f"skipped {e}" for e in errors]
    stream = io.StringIO('{"text": "a"}\n[1]\n')
    assert [a.text for a in byline.read_jsonl(stream, errors="skip", on_error=errors.append)] == ["a"]
    assert str(errors[-1]) == "<stream>:2: line 2 is not a JSON object"
    with pytest.raises(ValueError, match="errors"):
        byline.read_jsonl(path, errors="ignore")
    with pytest.raises(TypeError, match="on_error"):
        byline.read_jsonl(path, errors="skip", on_error="print")  # type: ignore[arg-type]


def test_jsonl_values_match_json_semantics(tmp_path: Path) -> None:
    rows = [
        {
            "text": "x\u0000y \U0001f600",
            "id": 12345678901234567890,
            "title": 1.5,
            "source": [1, "a"],
            "url": {"k": None},
            "language": False,
        }
    ]
    path = tmp_path / "values.jsonl"
    path.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    (art,) = byline.read_jsonl(path)
    assert art == byline.Article(
        "x\u0000y \U0001f600",
        id="12345678901234567890",
        title="1.5",
        source='[1,"a"]',  # objects and arrays as compact JSON, not a Python repr
        url='{"k":null}',
        language="False",
    )


# ---------------------------------------------------------------- patterns and arguments


def test_unknown_pattern_keys_name_the_key() -> None:
    with pytest.raises(byline.ConfigError, match=r"patterns\[0\]: unknown key 'lable'"):
        byline.load(patterns=[{"lable": "X", "pattern": "x"}])
    with pytest.raises(byline.ConfigError, match=r"patterns\[1\]: token 0: unknown key 'colour'"):
        byline.load(patterns=[{"label": "X", "pattern": "x"}, {"label": "Y", "pattern": [{"colour": "red"}]}])


def test_pattern_number_overflow_is_a_config_error() -> None:
    # Found by fuzz_patterns: in C++, 1e999 escaped as a json out_of_range instead of a ConfigError.
    nlp = byline.load(rules=True)
    with pytest.raises(byline.ConfigError, match="invalid JSON"):
        nlp.add_patterns('[{"label": "X", "pattern": "x", "value": 1e999}]')


def test_wrong_argument_types(nlp: byline.Pipeline) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        nlp(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str or bytes"):
        list(nlp.pipe(["ok", None]))  # type: ignore[list-item]
    with pytest.raises(TypeError):
        list(nlp.pipe("not a list"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threads"):
        list(nlp.pipe(["a"], threads=-1))
    with pytest.raises(ValueError, match="batch_size"):
        list(nlp.pipe(["a"], batch_size=0))
    with pytest.raises(ValueError, match=r"threads must be <= 2147483647"):
        list(nlp.pipe(["a"], threads=10**20))  # not a raw pybind11 signature error
    with pytest.raises(ValueError, match=r"threads must be <= 2147483647"):
        byline.tokenize_batch(["a"], threads=10**20)
    with pytest.raises(TypeError):
        byline.tokenize_batch(["a"], threads=1.5)  # type: ignore[arg-type]


def test_a_bad_batch_does_not_hang(nlp: byline.Pipeline) -> None:
    start = time.perf_counter()
    with pytest.raises(byline.EncodingError):
        list(nlp.pipe(["ok"] * 3000 + [b"\xff"] + ["ok"] * 3000, threads=2, batch_size=64))
    assert time.perf_counter() - start < 20
