"""What spaCy users reach for: nlp.pipe(as_tuples=True), byline.load(disable=[...]) and the
token attributes idx, is_punct, is_space, like_num, is_title, ent_type_, ent_iob_."""

from __future__ import annotations

import pickle
from typing import Any, Iterator, List

import pytest
from conftest import article_paths

import byline
from byline.pipeline import STAGES, default_model_path

pytestmark = pytest.mark.skipif(not default_model_path().is_file(), reason="default model not installed")

TEXT = "Angela Merkel visited Paris on 3 May 2024, her first visit; 1,500 people and ten ministers came."


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


def ents(doc: byline.Doc) -> List[Any]:
    return [(e.text, e.label_, e.source) for e in doc.ents]


# ---------------------------------------------------------------- pipe(as_tuples=True)
def test_pipe_as_tuples_passes_contexts_through(nlp: byline.Pipeline) -> None:
    contexts = [{"id": k} for k in range(7)]
    texts = [f"Putin met Xi in Moscow, report {k}." for k in range(7)]

    def pairs() -> Iterator[Any]:  # a generator: consumed lazily, batch by batch
        yield from zip(texts, contexts)

    out = list(nlp.pipe(pairs(), batch_size=3, threads=2, as_tuples=True))
    assert [ctx for _, ctx in out] == contexts
    assert all(ctx is given for (_, ctx), given in zip(out, contexts))
    assert [doc for doc, _ in out] == list(nlp.pipe(texts))
    # Articles and per-item dates work as without contexts
    art = byline.Article("On December 30 Putin spoke.", id="a1", published="2025-01-02")
    ((doc, ctx),) = nlp.pipe([(art, "x")], as_tuples=True)
    assert ctx == "x" and doc.meta["id"] == "a1" and doc.meta["date"] == "2025-01-02"
    ((doc, _),) = nlp.pipe([("On December 30 Putin spoke.", None)], as_tuples=True, date=["2025-01-02"])
    assert [e.timex for e in doc.ents if e.label_ == "DATE"] == ["2024-12-30"]


def test_pipe_as_tuples_errors(nlp: byline.Pipeline) -> None:
    with pytest.raises(TypeError, match=r"item 1 must be a \(text, context\) tuple, not str"):
        list(nlp.pipe([("a", 1), "b"], as_tuples=True))
    with pytest.raises(TypeError, match="item 0"):
        list(nlp.pipe([("a", 1, 2)], as_tuples=True))
    with pytest.raises(TypeError, match="as_tuples must be a bool"):
        nlp.pipe([("a", 1)], as_tuples=1)  # type: ignore[arg-type]
    assert list(nlp.pipe([], as_tuples=True)) == []


# ---------------------------------------------------------------- load(disable=...)
def test_disable_recognizer(nlp: byline.Pipeline) -> None:
    rules_only = byline.load(disable=["recognizer"])
    assert rules_only.disabled == ("recognizer",) and rules_only.pipe_names == ("rules",)
    assert nlp.disabled == () and nlp.pipe_names == STAGES == ("recognizer", "rules")
    doc = rules_only(TEXT)
    assert {source for _, _, source in ents(doc)} <= {"pattern", "gazetteer"}
    assert ("Paris", "GPE", "gazetteer") in ents(doc) and ("3 May 2024", "DATE", "pattern") in ents(doc)
    assert "PERSON" not in rules_only.labels and "PERSON" in nlp.labels
    assert "disabled=['recognizer']" in repr(rules_only)
    # the same in batches, after pickling and through the bytes
    assert list(rules_only.pipe([TEXT, TEXT], threads=2)) == [doc, doc]
    assert pickle.loads(pickle.dumps(rules_only))(TEXT) == doc
    again = byline.load_bytes(rules_only.to_bytes())
    assert again.disabled == ("recognizer",) and again(TEXT) == doc
    # user patterns still run
    with_patterns = byline.load(disable="recognizer", patterns=[{"label": "PERSON", "pattern": "Angela Merkel"}])
    assert ("Angela Merkel", "PERSON", "user") in ents(with_patterns(TEXT))


def test_disable_rules(nlp: byline.Pipeline) -> None:
    model_only = byline.load(disable=["rules"])
    assert model_only.disabled == ("rules",) and model_only.pipe_names == ("recognizer",)
    assert not model_only.rules
    assert ents(model_only(TEXT)) == ents(byline.load(rules=False)(TEXT))
    assert {source for _, _, source in ents(model_only(TEXT))} == {"model"}
    nothing = byline.load(disable=["recognizer", "rules"])
    assert nothing.pipe_names == () and nothing(TEXT).ents == []


@pytest.mark.parametrize("name", ["analyzer", "tokenizer", "ner", "Rules", ""])
def test_disable_unknown_stage(name: str) -> None:
    with pytest.raises(
        ValueError,
        match=rf"disable: unknown stage '{name}'; the stages that can be switched off are 'recognizer', 'rules'",
    ):
        byline.load(disable=[name])
    with pytest.raises(TypeError, match="stage names must be str"):
        byline.load(disable=[1])  # type: ignore[list-item]


# ---------------------------------------------------------------- token attributes
def test_token_attributes(nlp: byline.Pipeline) -> None:
    doc = nlp(TEXT)
    got = {t.text: (t.ent_type_, t.ent_iob_) for t in doc}
    assert got["Angela"] == ("PERSON", "B") and got["Merkel"] == ("PERSON", "I")
    assert got["visited"] == ("", "O") and got["Paris"] == ("GPE", "B")
    assert [(t.text, t.ent_iob_) for t in doc if t.ent_type_ == "DATE"] == [("3", "B"), ("May", "I"), ("2024", "I")]
    assert [t.text for t in doc if t.like_num] == ["3", "2024", "first", "1,500", "ten"]
    assert [t.text for t in doc if t.is_punct] == [",", ";", "."]
    assert [t.text for t in doc if t.is_title] == ["Angela", "Merkel", "Paris", "May"]
    assert not any(t.is_space for t in doc)
    assert [t.idx for t in doc] == [t.start_char for t in doc]
    # a tokenized Doc has no entities: every token is outside
    assert {(t.ent_type_, t.ent_iob_) for t in byline.tokenize(TEXT)} == {("", "O")}
    # two adjacent entities of one label: the second starts with B
    tokenized = byline.tokenize("Xi Jinping Putin")
    adjacent = byline.load(
        disable=["recognizer", "rules"],
        patterns=[{"label": "PERSON", "pattern": "Xi Jinping"}, {"label": "PERSON", "pattern": "Putin"}],
    )(tokenized)
    assert [t.ent_iob_ for t in adjacent] == ["B", "I", "B"]


@pytest.mark.parametrize(
    "text, like_num",
    [
        ("10", True),
        ("1,000.5", True),
        ("+3", True),
        ("1/2", True),
        ("31st", True),
        ("Million", True),
        ("twentieth", True),
        ("5bn", False),
        ("10:30", False),
        ("2025-01-02", False),
        ("one-third", False),
        ("dozen", False),
    ],
)
def test_like_num_is_spacys_english(text: str, like_num: bool) -> None:
    doc = byline.load(disable=["recognizer", "rules"])(f"x {text} x")
    (token,) = [t for t in doc if t.text == text]
    assert token.like_num is like_num


def test_token_attributes_match_spacy(nlp: byline.Pipeline) -> None:
    spacy = pytest.importorskip("spacy")
    vocab = spacy.blank("en").vocab
    for path in article_paths():
        doc = nlp(path.read_text(encoding="utf-8"))
        sdoc = doc.to_spacy(vocab)
        stokens = [t for t in sdoc if not t.is_space]  # byline keeps whitespace between tokens
        assert len(stokens) == len(doc)
        for t, s in zip(doc, stokens):
            assert (t.text, t.idx, t.is_punct, t.is_space, t.like_num, t.is_title) == (
                s.text,
                s.idx,
                s.is_punct,
                s.is_space,
                s.like_num,
                s.is_title,
            ), path.name
            assert (t.ent_type_, t.ent_iob_) == (s.ent_type_, s.ent_iob_), (path.name, t.text)
