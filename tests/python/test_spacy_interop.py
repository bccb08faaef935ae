"""Doc.to_spacy and byline.from_spacy (spaCy's blank English vocab; no spaCy model needed)."""

from __future__ import annotations

import sys
from typing import Any, List, Set, Tuple

import pytest
from conftest import ARTICLES_DIR
from helpers import check_invariants

import byline

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def blank() -> Any:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def docs() -> List[byline.Doc]:
    nlp = byline.load()
    return list(nlp.pipe(byline.read_articles(ARTICLES_DIR), date="2025-01-02"))


def ent_set(doc: Any) -> Set[Tuple[int, int, str]]:
    return {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def test_round_trip_on_the_sample_articles(blank: Any, docs: List[byline.Doc]) -> None:
    assert len(docs) == 5
    for doc in docs:
        sdoc = doc.to_spacy(blank)
        assert sdoc.vocab is blank.vocab
        assert sdoc.text == doc.text
        assert ent_set(sdoc) == ent_set(doc) and len(sdoc.ents) == len(doc.ents) > 0
        assert [t.text for t in sdoc if not t.is_space] == [t.text for t in doc]
        assert [s.text.strip() for s in sdoc.sents] == [s.text for s in doc.sents]
        back = byline.from_spacy(sdoc)
        assert back.text == doc.text
        assert ent_set(back) == ent_set(doc)
        assert back == doc  # tokens, kinds, sentences, paragraphs, entity scores/sources/values, meta
        check_invariants(back)


def test_spacy_whitespace_convention(blank: Any) -> None:
    text = "  Putin  met\tXi \n in Moscow.\n\n\nEnd "
    doc = byline.tokenize(text)
    sdoc = doc.to_spacy(blank)
    assert sdoc.text == text
    assert [(t.text, t.whitespace_) for t in sdoc] == [
        ("  ", ""),
        ("Putin", " "),
        (" ", ""),
        ("met", ""),
        ("\t", ""),
        ("Xi", " "),
        ("\n ", ""),
        ("in", " "),
        ("Moscow", ""),
        (".", ""),
        ("\n\n\n", ""),
        ("End", " "),
    ]
    # the same split as spaCy's own tokenizer gives for these separators
    assert [t.text for t in blank(text) if t.is_space] == [t.text for t in sdoc if t.is_space]
    assert byline.from_spacy(sdoc) == doc


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Hello", "a\u00a0b\u2003c"])
def test_round_trip_edge_texts(blank: Any, text: str) -> None:
    doc = byline.tokenize(text)
    sdoc = doc.to_spacy(blank)
    assert sdoc.text == text
    back = byline.from_spacy(sdoc)
    assert back == doc
    check_invariants(back)


@pytest.mark.parametrize("text", ["a\u200bb c", "x\x00 y", "\ufeffHello Putin"])
def test_round_trip_keeps_separators_that_are_not_whitespace(blank: Any, text: str) -> None:
    # byline skips these characters between tokens; spaCy holds them as (non-space) tokens
    doc = byline.tokenize(text)
    sdoc = doc.to_spacy(blank)
    assert sdoc.text == text and len(sdoc) > len(doc)
    assert byline.from_spacy(sdoc) == doc


def test_kb_id_and_stored_attributes(blank: Any) -> None:
    nlp = byline.load()
    doc = nlp("On December 30 Sberbank said it would invest $5bn in China.", date="2025-01-02")
    doc.set_meta("id", "a1")
    sdoc = doc.to_spacy()  # a new Vocab
    kb = {e.text: e.kb_id_ for e in sdoc.ents}
    assert kb["December 30"] == "2024-12-30"
    assert kb["China"] == '{"country":"CN"}'
    assert kb["Sberbank"] == ""
    assert sdoc.user_data["byline"]["meta"] == {"date": "2025-01-02", "date_source": "argument", "id": "a1"}
    back = byline.from_spacy(sdoc)
    assert [(e.text, e.label_, e.source, e.value) for e in back.ents] == [
        (e.text, e.label_, e.source, e.value) for e in doc.ents
    ]
    assert back.meta == doc.meta
    # spaCy's own serialisation keeps what from_spacy needs
    again = spacy.tokens.Doc(blank.vocab).from_bytes(sdoc.to_bytes())
    assert byline.from_spacy(again) == doc


def test_from_a_spacy_tokenized_doc(blank: Any) -> None:
    text = "Apple bought a U.K. startup for $1 billion.\n\n Yesterday, Tim Cook said so."
    sdoc = blank(text)
    uk, tim = text.index("U.K."), text.index("Tim Cook")
    ents = [
        sdoc.char_span(0, 5, label="ORG", kb_id="Q312"),
        sdoc.char_span(uk, uk + 4, label="GPE"),
        sdoc.char_span(tim, tim + 8, label="PERSON"),
    ]
    assert all(e is not None for e in ents)
    sdoc.ents = ents
    doc = byline.from_spacy(sdoc)
    check_invariants(doc)
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in sdoc if not t.is_space]
    assert [(e.text, e.label_, e.source, e.score, e.value) for e in doc.ents] == [
        ("Apple", "ORG", "user", 1.0, {"kb_id": "Q312"}),
        ("U.K.", "GPE", "user", 1.0, None),
        ("Tim Cook", "PERSON", "user", 1.0, None),
    ]
    # no sentences in a blank pipeline: byline's splitter and paragraphs are used
    assert [s.text for s in doc.sents] == [
        "Apple bought a U.K. startup for $1 billion.",
        "Yesterday, Tim Cook said so.",
    ]
    assert len(doc.paragraphs) == 2
    assert doc[0].kind == "word" and doc[7].text == "1" and doc[7].kind == "number"


def test_from_spacy_uses_spacy_sentences_and_trims_whitespace(blank: Any) -> None:
    words = ["Putin", "\n", "spoke", "\n\n", "today", "and", "left", "."]
    spaces = [False, False, False, False, True, True, False, False]
    sent_starts = [True, False, False, False, True, False, False, False]
    sdoc = spacy.tokens.Doc(blank.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    sdoc.ents = [
        spacy.tokens.Span(sdoc, 0, 2, label="PERSON"),  # trailing whitespace token
        spacy.tokens.Span(sdoc, 3, 4, label="MISC"),  # whitespace only: dropped
        spacy.tokens.Span(sdoc, 4, 5, label="DATE"),
    ]
    doc = byline.from_spacy(sdoc)
    check_invariants(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Putin", "PERSON"), ("today", "DATE")]
    assert [s.text for s in doc.sents] == ["Putin\nspoke", "today and left."]


def test_bad_arguments(blank: Any) -> None:
    doc = byline.tokenize("Hello")
    with pytest.raises(TypeError, match="spaCy Vocab or Language"):
        doc.to_spacy(42)
    with pytest.raises(TypeError, match="expects a spacy.tokens.Doc, not str"):
        byline.from_spacy("Hello")
    from byline.spacy_interop import to_spacy

    with pytest.raises(TypeError, match="expects a byline.Doc, not str"):
        to_spacy("Hello")  # type: ignore[arg-type]


def test_without_spacy_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes `import spacy` raise ImportError
    doc = byline.tokenize("Hello")
    with pytest.raises(ImportError, match="pip install spacy"):
        doc.to_spacy()
    with pytest.raises(ImportError, match="pip install spacy"):
        byline.from_spacy(object())
