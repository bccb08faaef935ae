"""Hypothesis property tests: any input yields a lossless Doc with valid offsets."""

from __future__ import annotations

import pickle

from helpers import check_invariants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import byline

# Bias towards characters that matter to a news tokenizer, plus arbitrary Unicode.
news_chars = st.sampled_from(
    list(" \n\t.,;:!?'\"’“”«»()[]-–—/@#$%&*+=_…0123456789aAeé.U.S.Mr") + ["😀", "🇺", "🇦", "\u200d", "\u0301", "\x00"]
)
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(news_chars, st.characters(exclude_categories=("Cs",))), max_size=200),
    st.lists(
        st.sampled_from(
            [
                "Dr.",
                "U.S.",
                "don't",
                "’s",
                "https://x.co/a?b",
                "a@b.com",
                "@AP",
                "#AI",
                "1,000.5",
                "3%",
                "...",
                "\n\n",
                " ",
                "😀",
                "—",
                "Word",
                "\u00a0",
            ]
        ),
        max_size=40,
    ).map("".join),
)

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(texts)
def test_any_text_is_lossless(text: str) -> None:
    doc = byline.tokenize(text)
    assert doc.text == text
    check_invariants(doc)


@PROFILE
@given(texts)
def test_json_and_pickle_round_trip(text: str) -> None:
    doc = byline.tokenize(text)
    assert byline.Doc.from_json(doc.to_json()) == doc
    assert pickle.loads(pickle.dumps(doc)) == doc


@PROFILE
@given(st.binary(max_size=300))
def test_any_bytes_with_replace(data: bytes) -> None:
    doc = byline.tokenize(data, errors="replace")
    try:
        expected = data.decode("utf-8")
        assert not doc.utf8_replaced
    except UnicodeDecodeError:
        expected = data.decode("utf-8", "replace")  # maximal subparts, as in the C++ core
        assert doc.utf8_replaced
    assert doc.text == expected
    check_invariants(doc)


@PROFILE
@given(st.binary(max_size=300))
def test_any_bytes_strict(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        try:
            byline.tokenize(data)
        except byline.EncodingError as err:
            assert err.byte_offset == e.start
        else:
            raise AssertionError("invalid UTF-8 was accepted")
    else:
        check_invariants(byline.tokenize(data))


@PROFILE
@given(st.text(alphabet=st.one_of(news_chars, st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010)), max_size=50))
def test_str_with_lone_surrogates(text: str) -> None:
    has_surrogate = any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    try:
        doc = byline.tokenize(text)
        assert not has_surrogate
        assert doc.text == text
    except byline.EncodingError as err:
        assert has_surrogate
        first = next(i for i, c in enumerate(text) if 0xD800 <= ord(c) <= 0xDFFF)
        assert err.byte_offset == len(text[:first].encode("utf-8"))
    doc = byline.tokenize(text, errors="replace")
    assert doc.utf8_replaced == has_surrogate
    assert doc.text == "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    check_invariants(doc)


@settings(max_examples=50, deadline=None)
@given(st.lists(texts, max_size=12), st.sampled_from([1, 2, 0]))
def test_batch_matches_single(items: list, threads: int) -> None:
    assert byline.tokenize_batch(items, threads=threads) == [byline.tokenize(t) for t in items]


@PROFILE
@given(texts)
def test_sentences_off_is_one_span(text: str) -> None:
    doc = byline.tokenize(text, sentences=False)
    assert [(s.start, s.end) for s in doc.sents] == ([(0, len(doc))] if len(doc) else [])
    check_invariants(doc)
