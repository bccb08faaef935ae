"""Doc, Token, Span and Entity views; JSON, dict and pickle round trips."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
import pytest
from helpers import check_invariants

import byline

TEXT = "Sberbank’s CEO, German Gref, said “no.” Then he left.\n\nMoscow is cold."


@pytest.fixture()
def doc() -> byline.Doc:
    return byline.tokenize(TEXT)


def test_len_iter_getitem(doc: byline.Doc) -> None:
    tokens = list(doc)
    assert len(tokens) == len(doc) == len(doc.tokens)
    assert [t.i for t in tokens] == list(range(len(doc)))
    assert doc[0].text == "Sberbank"
    assert doc[-1].text == "." and doc[-1].i == len(doc) - 1
    assert doc[-len(doc)] == doc[0]
    assert doc[np.int64(1)].text == "’s"
    with pytest.raises(IndexError):
        doc[len(doc)]
    with pytest.raises(IndexError):
        doc[-len(doc) - 1]
    with pytest.raises(TypeError):
        doc["0"]  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        doc[1.0]  # type: ignore[call-overload]


def test_token_attributes(doc: byline.Doc) -> None:
    t = doc[4]
    assert t.text == "German" and str(t) == "German" and len(t) == 6
    assert (t.start_char, t.end_char) == (16, 22)
    assert TEXT[t.start_char : t.end_char] == "German"
    assert TEXT.encode()[t.start_byte : t.end_byte] == b"German"
    assert t.start_byte == len(TEXT[:16].encode())
    assert t.whitespace_ == " " and t.space_after
    assert t.doc is doc and t.i == 4
    assert t.kind == "word"
    assert not t.is_sent_start and doc[0].is_sent_start and doc[0].is_para_start
    assert "German" in repr(t)
    assert t == doc[4] and t != doc[5] and hash(t) == hash(doc[4])


def test_slices_are_spans(doc: byline.Doc) -> None:
    span = doc[4:6]
    assert isinstance(span, byline.Span)
    assert (span.start, span.end) == (4, 6)
    assert span.text == "German Gref"
    assert TEXT[span.start_char : span.end_char] == "German Gref"
    assert len(span) == 2 and [t.text for t in span] == ["German", "Gref"]
    assert span[0].text == "German" and span[-1].text == "Gref"
    assert span[0:1].text == "German"
    assert span.label_ == ""
    assert doc[-3:].text == "is cold."
    assert doc[:].text == TEXT.strip()
    assert len(doc[5:2]) == 0 and doc[5:2].text == ""
    assert len(doc[100:200]) == 0
    with pytest.raises(ValueError, match="step"):
        doc[::2]
    with pytest.raises(ValueError, match="step"):
        doc[4:1:-1]
    with pytest.raises(IndexError):
        span[2]
    assert "German Gref" in repr(span)
    assert span == doc[4:6] and hash(span) == hash(doc[4:6])


def test_sents_and_paragraphs_are_spans(doc: byline.Doc) -> None:
    sents = doc.sents
    assert all(isinstance(s, byline.Span) for s in sents)
    assert [s.text for s in sents] == ["Sberbank’s CEO, German Gref, said “no.”", "Then he left.", "Moscow is cold."]
    assert [p.text for p in doc.paragraphs] == [
        "Sberbank’s CEO, German Gref, said “no.” Then he left.",
        "Moscow is cold.",
    ]
    np.testing.assert_array_equal(doc.sentence_ranges(), [[s.start, s.end] for s in sents])
    np.testing.assert_array_equal(doc.paragraph_ranges(), [[p.start, p.end] for p in doc.paragraphs])


def test_meta(doc: byline.Doc) -> None:
    assert doc.meta == {}
    doc.set_meta("path", "a/b.txt")
    doc.set_meta("id", "Ж42")
    assert doc.meta == {"path": "a/b.txt", "id": "Ж42"}
    m = doc.meta
    m["x"] = "y"  # a copy: does not change the doc
    assert "x" not in doc.meta
    assert json.loads(doc.to_json())["meta"] == {"path": "a/b.txt", "id": "Ж42"}


def test_json_round_trip(doc: byline.Doc) -> None:
    doc.set_meta("path", "x.txt")
    s = doc.to_json()
    assert "\n" not in s
    d = json.loads(s)
    assert d["schema"] == "byline.doc/1"
    assert d["text"] == TEXT
    assert d["tokens"] == doc.token_offsets().tolist()
    assert d["token_kinds"] == [t.kind for t in doc]
    back = byline.Doc.from_json(s)
    assert back == doc
    assert back.text == doc.text and back.meta == {"path": "x.txt"}
    assert [t.whitespace_ for t in back] == [t.whitespace_ for t in doc]
    assert [t.is_sent_start for t in back] == [t.is_sent_start for t in doc]
    assert byline.Doc.from_json(s.encode()) == doc
    pretty = doc.to_json(indent=2)
    assert "\n" in pretty and byline.Doc.from_json(pretty) == doc
    assert doc.to_dict() == d
    check_invariants(back)


def test_pickle_and_copy(doc: byline.Doc) -> None:
    doc.set_meta("k", "v")
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(doc, protocol=proto))
        assert isinstance(back, byline.Doc)
        assert back == doc and back.meta == {"k": "v"}
    assert copy.deepcopy(doc) == doc
    assert copy.copy(doc) == doc
    replaced = byline.tokenize(b"a\xffb", errors="replace")
    back = pickle.loads(pickle.dumps(replaced))
    assert back.utf8_replaced and back.text == "a\ufffdb"


def test_equality(doc: byline.Doc) -> None:
    assert doc == byline.tokenize(TEXT)
    assert doc != byline.tokenize(TEXT + " ")
    assert doc != TEXT
    with pytest.raises(TypeError):
        hash(doc)


def test_repr(doc: byline.Doc) -> None:
    r = repr(doc)
    assert r.startswith("<byline.Doc") and f"{len(doc)} tokens" in r


def test_entities_from_json() -> None:
    text = "Sberbank’s CEO, German Gref, visited Moscow on Monday."
    base = byline.tokenize(text)
    d = base.to_dict()
    d["entities"] = [
        {"start": 16, "end": 27, "label": "PERSON", "score": 0.5, "source": "model"},
        {"tokens": [8, 9], "label": "GPE", "source": "gazetteer", "value": {"id": "Q649"}},
    ]
    doc = byline.Doc.from_json(json.dumps(d))
    ents = doc.ents
    assert [(e.text, e.label_) for e in ents] == [("German Gref", "PERSON"), ("Moscow", "GPE")]
    assert all(isinstance(e, byline.Span) and isinstance(e, byline.Entity) for e in ents)
    assert ents[0].score == pytest.approx(0.5) and ents[0].source == "model" and ents[0].value is None
    assert ents[1].source == "gazetteer" and ents[1].value == {"id": "Q649"}
    assert (ents[0].start, ents[0].end) == (4, 6)
    assert (ents[0].start_char, ents[0].end_char) == (16, 27)
    assert "PERSON" in repr(ents[0])
    assert byline.Doc.from_json(doc.to_json()).ents[1].value == {"id": "Q649"}
    assert pickle.loads(pickle.dumps(doc)).ents[0].label_ == "PERSON"
    assert base.ents == []


def test_bulk_arrays_do_not_alias(doc: byline.Doc) -> None:
    a = doc.token_offsets()
    a[:] = -1
    assert doc.token_offsets().min() >= 0
    assert doc[0].start_char == 0


def test_doc_constructor_rejects_non_core() -> None:
    with pytest.raises(TypeError, match="tokenize"):
        byline.Doc("text")  # type: ignore[arg-type]
