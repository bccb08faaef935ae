"""Exceptions: hierarchy, encoding errors, the replace policy, bad arguments, bad JSON."""

from __future__ import annotations

import pickle

import pytest

import byline


def test_hierarchy() -> None:
    for cls in (byline.InputError, byline.EncodingError, byline.ModelError, byline.ConfigError, byline.FormatError):
        assert issubclass(cls, byline.BylineError)
        assert cls.__module__ == "byline"
        assert getattr(byline, cls.__name__) is cls
    assert issubclass(byline.BylineError, Exception)
    assert issubclass(byline.EncodingError, byline.InputError)
    assert issubclass(byline.EncodingError, ValueError)
    assert issubclass(byline.FormatError, ValueError)
    assert issubclass(byline.ConfigError, ValueError)
    assert byline.EncodingError.__doc__


@pytest.mark.parametrize(
    "data, offset",
    [
        (b"\xff", 0),
        (b"abc\xffdef", 3),
        (b"caf\xe9 au lait", 3),  # Latin-1, not UTF-8
        (b"ok \xe2\x82", 3),  # truncated 3-byte sequence
        (b"\xed\xa0\x80 surrogate", 0),  # UTF-8-encoded surrogate
        (b"\xc0\xaf overlong", 0),
        ("Zürich ".encode() + b"\x80", 8),
    ],
)
def test_invalid_bytes_raise_encoding_error(data: bytes, offset: int) -> None:
    with pytest.raises(byline.EncodingError, match=rf"\bbyte {offset}\b") as info:
        byline.tokenize(data)
    assert info.value.byte_offset == offset
    with pytest.raises(ValueError):
        byline.tokenize(data)


def test_replace_policy_on_bytes() -> None:
    data = b"abc\xffdef \xe2\x82 ok"
    doc = byline.tokenize(data, errors="replace")
    assert doc.utf8_replaced is True
    assert "\ufffd" in doc.text
    assert doc.text == data.decode("utf-8", "replace")
    assert "".join(t.text + t.whitespace_ for t in doc) == doc.text
    assert byline.tokenize(b"fine", errors="replace").utf8_replaced is False


def test_lone_surrogate_str_raises_encoding_error() -> None:
    with pytest.raises(byline.EncodingError, match=r"surrogate U\+D800 at index 4") as info:
        byline.tokenize("abc \ud800 def")
    assert info.value.byte_offset == 4
    with pytest.raises(byline.EncodingError, match="surrogate"):
        byline.tokenize("é \udfff")
    with pytest.raises(byline.EncodingError):
        byline.Tokenizer().explain("x\udc80")
    with pytest.raises(byline.EncodingError):
        byline.tokenize_batch(["ok", "bad \ud83d"])


def test_lone_surrogate_str_replaced() -> None:
    doc = byline.tokenize("ab\ud83dcd 😀", errors="replace")
    assert doc.utf8_replaced is True
    assert doc.text == "ab\ufffdcd 😀"
    docs = byline.tokenize_batch(["ok", "x\udc00y"], errors="replace")
    assert [d.utf8_replaced for d in docs] == [False, True]
    assert docs[1].text == "x\ufffdy"


def test_bad_errors_value() -> None:
    for bad in ("ignore", "", "STRICT"):
        with pytest.raises(ValueError, match="errors"):
            byline.tokenize("x", errors=bad)
        with pytest.raises(ValueError, match="errors"):
            byline.Tokenizer(errors=bad)
    with pytest.raises(TypeError):
        byline.Tokenizer(errors=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["a"], bytearray(b"a"), object()])
def test_wrong_text_type(bad: object) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        byline.tokenize(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        byline.Tokenizer().explain(bad)  # type: ignore[arg-type]


def test_wrong_batch_types() -> None:
    with pytest.raises(TypeError):
        byline.tokenize_batch("not a list")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        byline.tokenize_batch(b"not a list")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        byline.tokenize_batch(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str or bytes"):
        byline.tokenize_batch(["ok", 5])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="threads must be an int, not str"):
        byline.tokenize_batch(["ok"], threads="2")  # type: ignore[arg-type]


def test_negative_threads() -> None:
    with pytest.raises(ValueError, match="threads"):
        byline.tokenize_batch(["a"], threads=-1)
    with pytest.raises(ValueError):
        byline.Tokenizer().tokenize_batch([], threads=-3)


def test_from_json_errors() -> None:
    for bad in (
        "{",
        "[]",
        "null",
        '{"schema": "byline.doc/1"}',
        '{"schema": "other/9", "text": "", "tokens": []}',
        '{"schema": "byline.doc/1", "text": "ab", "tokens": [[0, 5]]}',
        '{"schema": "byline.doc/1", "text": "ab", "tokens": [[1, 0]]}',
        '{"schema": "byline.doc/1", "text": "ab", "tokens": [[0, 2]], "token_kinds": ["bogus"]}',
        "",
    ):
        with pytest.raises(byline.FormatError, match="byline.doc|token kind"):
            byline.Doc.from_json(bad)
    with pytest.raises(byline.FormatError):
        byline.Doc.from_json(b"\xff\xfe")
    with pytest.raises(TypeError):
        byline.Doc.from_json(42)  # type: ignore[arg-type]


def test_set_log_level() -> None:
    old = byline.get_log_level()
    try:
        for name in ("trace", "debug", "info", "warn", "error", "off", "INFO"):
            byline.set_log_level(name)
            assert byline.get_log_level() == name.lower()
    finally:
        byline.set_log_level(old)
    with pytest.raises(byline.ConfigError, match="unknown log level"):
        byline.set_log_level("verbose")
    with pytest.raises(TypeError):
        byline.set_log_level(3)  # type: ignore[arg-type]


def test_exceptions_pickle() -> None:
    try:
        byline.tokenize(b"\xff")
    except byline.EncodingError as e:
        again = pickle.loads(pickle.dumps(e))
        assert type(again) is byline.EncodingError
        assert str(again) == str(e)
