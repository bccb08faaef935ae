"""byline.tokenize / Tokenizer: losslessness, offsets, kinds, sentences, options."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SAMPLES
from helpers import check_invariants, reconstruct

import byline


def test_version() -> None:
    assert byline.__version__ == "0.1.0"
    assert byline._core.__version__ == byline.__version__


@pytest.mark.parametrize("text", SAMPLES)
def test_lossless_samples(text: str) -> None:
    doc = byline.tokenize(text)
    assert doc.text == text
    check_invariants(doc)


def test_lossless_articles(articles: list) -> None:
    for text in articles:
        doc = byline.tokenize(text)
        assert doc.text == text
        assert len(doc) > 100
        assert len(doc.sents) > 1
        check_invariants(doc)


def test_empty_string_has_no_tokens() -> None:
    for text in ("", b""):
        doc = byline.tokenize(text)
        assert len(doc) == 0
        assert list(doc) == [] and doc.tokens == []
        assert doc.sents == [] and doc.paragraphs == [] and doc.ents == []
        assert doc.text == ""
        assert doc.token_offsets().shape == (0, 2)
        assert doc.token_kinds().shape == (0,)
        assert doc.space_after().shape == (0,)
        assert doc.sentence_offsets().shape == (0, 2)


def test_whitespace_only() -> None:
    doc = byline.tokenize(" \n\t ")
    assert len(doc) == 0
    assert doc.leading_whitespace_ == " \n\t "
    assert reconstruct(doc) == " \n\t "


def test_basic_tokens() -> None:
    doc = byline.tokenize("Putin’s directive, published on Dec. 30, said the U.S. would pay $5bn.")
    words = [t.text for t in doc]
    assert words[:4] == ["Putin", "’s", "directive", ","]
    assert "Dec." in words and "U.S." in words
    assert doc[0].kind == "word"
    assert doc[3].kind == "punct"
    assert doc[-1].text == "." and doc[-1].kind == "punct"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("café au lait", ["café", "au", "lait"]),
        ("Привет, мир!", ["Привет", ",", "мир", "!"]),
        ("I ❤ 😀 emoji", None),
        ("中文测试", None),
        ("e\u0301te\u0301", ["e\u0301te\u0301"]),
        ("👨‍👩‍👧 family", ["👨‍👩‍👧", "family"]),
    ],
)
def test_char_offsets_are_str_indices(text: str, expected: list) -> None:
    doc = byline.tokenize(text)
    for t in doc:
        assert doc.text[t.start_char : t.end_char] == t.text
        assert text.encode("utf-8")[t.start_byte : t.end_byte].decode("utf-8") == t.text
    if expected is not None:
        assert [t.text for t in doc] == expected
    check_invariants(doc)


def test_offsets_non_ascii_values() -> None:
    text = "é 😀 中 Ж"
    doc = byline.tokenize(text)
    assert [(t.text, t.start_char, t.end_char) for t in doc] == [("é", 0, 1), ("😀", 2, 3), ("中", 4, 5), ("Ж", 6, 7)]
    assert [(t.start_byte, t.end_byte) for t in doc] == [(0, 2), (3, 7), (8, 11), (12, 14)]
    assert doc[1].kind == "emoji"
    np.testing.assert_array_equal(doc.token_offsets(), [[0, 1], [2, 3], [4, 5], [6, 7]])
    np.testing.assert_array_equal(doc.token_offsets("byte"), [[0, 2], [3, 7], [8, 11], [12, 14]])


def test_token_kinds() -> None:
    doc = byline.tokenize("Visit https://example.com/a?b=c or mail press@example.com, @Reuters #AI 1,000.50 $ + 😀")
    kinds = {t.text: t.kind for t in doc}
    assert kinds["https://example.com/a?b=c"] == "url"
    assert kinds["press@example.com"] == "email"
    assert kinds["@Reuters"] == "handle"
    assert kinds["#AI"] == "hashtag"
    assert kinds["1,000.50"] == "number"
    assert kinds["$"] == "symbol"
    assert kinds["+"] == "symbol"
    assert kinds["😀"] == "emoji"
    ids = doc.token_kinds()
    assert ids.dtype == np.uint8
    assert [byline.TOKEN_KINDS[k] for k in ids.tolist()] == [t.kind for t in doc]


def test_kinds_follow_unicode_categories() -> None:
    # '%' and '&' are Unicode punctuation (Po); '$', '€' and '+' are symbols (Sc, Sm).
    doc = byline.tokenize("3% & $5 €2 + more")
    assert [t.kind for t in doc] == [
        "number",
        "punct",
        "punct",
        "symbol",
        "number",
        "symbol",
        "number",
        "symbol",
        "word",
    ]


def test_token_kinds_names() -> None:
    assert byline.TOKEN_KINDS[:3] == ("word", "number", "punct")
    assert len(byline.TOKEN_KINDS) == 10
    assert "emoji" in byline.TOKEN_KINDS


def test_whitespace_and_space_after() -> None:
    doc = byline.tokenize("Hello,  world!\n\nBye")
    assert [t.text for t in doc] == ["Hello", ",", "world", "!", "Bye"]
    assert [t.whitespace_ for t in doc] == ["", "  ", "", "\n\n", ""]
    assert [t.space_after for t in doc] == [False, True, False, True, False]
    arr = doc.space_after()
    assert arr.dtype == np.bool_
    assert arr.tolist() == [False, True, False, True, False]
    assert doc[1].text_with_ws == ",  "


def test_sentences_and_paragraphs() -> None:
    text = "The bank said so. The minister disagreed.\n\nA second paragraph follows. It ends here."
    doc = byline.tokenize(text)
    assert [s.text for s in doc.sents] == [
        "The bank said so.",
        "The minister disagreed.",
        "A second paragraph follows.",
        "It ends here.",
    ]
    assert [p.text for p in doc.paragraphs] == [
        "The bank said so. The minister disagreed.",
        "A second paragraph follows. It ends here.",
    ]
    offs = doc.sentence_offsets()
    assert offs.dtype == np.int64 and offs.shape == (4, 2)
    assert [text[a:b] for a, b in offs.tolist()] == [s.text for s in doc.sents]
    boffs = doc.sentence_offsets(unit="byte")
    raw = text.encode()
    assert [raw[a:b].decode() for a, b in boffs.tolist()] == [s.text for s in doc.sents]
    assert [p.text for p in doc.paragraphs] == [text[a:b] for a, b in doc.paragraph_offsets().tolist()]
    assert [t.is_sent_start for t in doc].count(True) == 4
    assert [t.is_para_start for t in doc].count(True) == 2
    assert doc[5].sent.text == "The minister disagreed."


def test_sentences_off() -> None:
    text = "One sentence. Another one.\n\nThird."
    doc = byline.tokenize(text, sentences=False)
    assert len(doc.sents) == 1 and len(doc.paragraphs) == 1
    assert doc.sents[0].text == text
    assert byline.Tokenizer(sentences=False).tokenize(text) == doc


def test_offsets_unit_validation() -> None:
    doc = byline.tokenize("a b")
    with pytest.raises(ValueError, match="unit"):
        doc.token_offsets("codepoint")
    with pytest.raises(ValueError, match="unit"):
        doc.sentence_offsets("bytes")


def test_tokenizer_object() -> None:
    tok = byline.Tokenizer(errors="replace", sentences=True)
    assert tok.errors == "replace" and tok.sentences is True
    assert "replace" in repr(tok)
    doc = tok.tokenize("Mr. Smith went to Washington.")
    assert doc == byline.tokenize("Mr. Smith went to Washington.")
    assert [t.text for t in doc][:2] == ["Mr.", "Smith"]


def test_explain() -> None:
    tok = byline.Tokenizer()
    steps = tok.explain("don't stop $5bn")
    assert all(isinstance(s, tuple) and len(s) == 2 for s in steps)
    assert [text for text, _ in steps] == [t.text for t in tok.tokenize("don't stop $5bn")]
    assert all(isinstance(rule, str) and rule for _, rule in steps)
    assert tok.explain("") == []


def test_bytes_and_str_agree() -> None:
    text = "Zürich’s “naïve” 😀 test."
    assert byline.tokenize(text) == byline.tokenize(text.encode("utf-8"))


def test_nul_bytes_are_handled() -> None:
    text = "before\x00after \x00\x00 end\x00"
    doc = byline.tokenize(text)
    assert doc.text == text
    check_invariants(doc)
    assert "\x00" not in "".join(t.text for t in doc)
    assert byline.tokenize(text.encode()) == doc


def test_str_subclass_input() -> None:
    class MyStr(str):
        pass

    doc = byline.tokenize(MyStr("a b"))
    assert type(doc.text) is str
    assert [t.text for t in doc] == ["a", "b"]
