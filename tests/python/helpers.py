"""Assertions shared by several test modules."""

from __future__ import annotations

import threading
import unicodedata
from typing import Callable, List

import byline

#: Invisible characters the tokenizer also treats as separators (docs/tokenization.md, section 1).
INVISIBLE = "\u200b\u2060\ufeff"


def reconstruct(doc: byline.Doc) -> str:
    return doc.leading_whitespace_ + "".join(t.text + t.whitespace_ for t in doc)


def check_invariants(doc: byline.Doc) -> None:
    """Lossless, offsets valid (char and byte), views consistent with bulk arrays."""
    text = doc.text
    assert reconstruct(doc) == text
    raw = text.encode("utf-8")
    offsets = doc.token_offsets()
    byte_offsets = doc.token_offsets("byte")
    assert offsets.shape == (len(doc), 2)
    assert byte_offsets.shape == (len(doc), 2)
    prev_end = 0
    for t, (s, e), (bs, be) in zip(doc, offsets.tolist(), byte_offsets.tolist()):
        assert (t.start_char, t.end_char) == (s, e)
        assert (t.start_byte, t.end_byte) == (bs, be)
        assert prev_end <= t.start_char < t.end_char <= len(text)
        assert text[t.start_char : t.end_char] == t.text
        assert raw[t.start_byte : t.end_byte].decode("utf-8") == t.text
        # separators are whitespace, control characters or the invisible U+200B, U+2060 and U+FEFF
        # (docs/tokenization.md), never token material
        assert all(c.isspace() or unicodedata.category(c) == "Cc" or c in INVISIBLE for c in t.whitespace_), repr(
            t.whitespace_
        )
        assert t.space_after == (t.whitespace_ != "")
        assert t.kind in byline.TOKEN_KINDS
        prev_end = t.end_char
    if len(doc):
        # sentences and paragraphs partition the tokens
        for spans in (doc.sents, doc.paragraphs):
            assert spans[0].start == 0 and spans[-1].end == len(doc)
            for a, b in zip(spans, spans[1:]):
                assert a.end == b.start and len(a) > 0
        assert [t.is_sent_start for t in doc] == [any(t.i == s.start for s in doc.sents) for t in doc]
    else:
        assert doc.sents == [] and doc.paragraphs == []


def run_concurrently(work: Callable[[], None], threads: int = 4) -> List[BaseException]:
    """Run ``work`` on ``threads`` threads at once; returns what they raised."""
    errors: List[BaseException] = []

    def guarded() -> None:
        try:
            work()
        except BaseException as e:  # pragma: no cover - returned to the test
            errors.append(e)

    pool = [threading.Thread(target=guarded) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return errors
