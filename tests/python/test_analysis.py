"""Article analysis (byline.Analysis) on the sample articles: quotes, clusters, roles, boilerplate."""

from __future__ import annotations

import json
from typing import List

import pytest
from conftest import ARTICLES_DIR
from helpers import run_concurrently

import byline
from byline.pipeline import default_model_path

pytestmark = pytest.mark.skipif(
    not default_model_path().is_file(), reason="default model not installed; run `make model` and reinstall"
)


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


def article(prefix: str) -> str:
    (path,) = ARTICLES_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_vedyakhin_quotes_are_attributed_to_him(nlp: byline.Pipeline) -> None:
    a = nlp.analyze(article("002"))
    quotes = [q for q in a.quotes if q.direct]
    assert len(quotes) >= 3
    assert all(q.speaker == "Alexander Vedyakhin" for q in quotes), quotes
    text = a.doc.text
    for q in quotes:
        assert text[q.start_char : q.end_char] == q.text and q.text
        assert q.cue == "said" and text[q.cue_start_char : q.cue_end_char] == "said"
        assert q.speaker_cluster is not None and a.clusters[q.speaker_cluster].canonical == q.speaker
        assert not q.in_boilerplate
    assert quotes[0].text.startswith("China is a partner of Russia")


def test_one_putin_cluster_with_the_full_name(nlp: byline.Pipeline) -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        a = nlp.analyze(article(prefix))
        # (PERSON only: the model tags the headline "Putin Orders Russia-China AI Partnership" as one ORG)
        putin = [c for c in a.clusters if c.label == "PERSON" and "Putin" in c.canonical]
        assert [c.canonical for c in putin] == ["Vladimir Putin"], (prefix, putin)
        assert putin[0].label == "PERSON"
        mentions = [a.mentions[i] for i in putin[0].mentions]
        assert all("Putin" in m.text for m in mentions) and all(m.cluster == putin[0].id for m in mentions)
        # every PERSON entity mentioning Putin maps to the cluster and its canonical name
        for ent in a.doc.ents:
            if ent.label_ == "PERSON" and "Putin" in ent.text:
                assert a.canonical(ent) == "Vladimir Putin"


def test_a_company_and_its_name_without_the_legal_form_are_one_cluster(nlp: byline.Pipeline) -> None:
    text = (
        "Apple Inc. reported results on Monday. Apple said sales rose. Siemens AG also reported, and"
        " Siemens said it would hire. Apple Daily, a newspaper, closed."
    )
    clusters = {c.canonical: c.aliases for c in nlp.analyze(nlp(text)).clusters}
    assert clusters["Apple Inc."] == ["Apple Inc.", "Apple"], clusters
    assert clusters["Siemens AG"] == ["Siemens AG", "Siemens"], clusters
    assert "Apple Daily" in clusters, clusters  # a longer name is another entity


def test_putin_quote_with_he_said_and_its_continuation(nlp: byline.Pipeline) -> None:
    a = nlp.analyze(article("000"))
    direct = [(q.speaker, q.cue) for q in a.quotes if q.direct]
    assert direct == [("Vladimir Putin", "he said"), ("Vladimir Putin", "continuation")]


def test_roles_from_premodifiers_and_appositives(nlp: byline.Pipeline) -> None:
    a = nlp.analyze(article("003"))
    roles = {(r.person, r.role, r.org) for r in a.roles}
    assert ("Vladimir Putin", "President", "Russia") in roles
    assert ("German Gref", "CEO", "Sberbank") in roles
    assert ("Alexander Vedyakhin", "first deputy CEO", "Sberbank") in roles
    assert {r.pattern for r in a.roles} <= {"premodifier", "appositive"}
    text = a.doc.text
    for r in a.roles:
        assert r.person is not None and r.person.split()[-1] in text[r.start_char : r.end_char]


def test_boilerplate_is_marked_not_deleted(nlp: byline.Pipeline) -> None:
    text = article("000")
    a = nlp.analyze(text)
    kinds = [b.kind for b in a.boilerplate]
    assert kinds == ["share", "reading_list"]
    share, reading = a.boilerplate
    assert share.text.startswith("Share") and text[share.start_char : share.end_char] == share.text
    assert "Recent Stories" in reading.text
    assert a.doc.text == text  # nothing removed
    assert a.is_boilerplate(share.start_token) and not a.is_boilerplate(0)
    # mentions inside boilerplate are not linked
    inside = [m for m in a.mentions if m.in_boilerplate]
    assert inside and all(m.cluster is None for m in inside)
    # 003 ends with a Source line; its "Here are some excellent resources" paragraph is not
    # caught (the promo cues are generic, not phrases of these development texts)
    assert [b.kind for b in nlp.analyze(article("003")).boilerplate] == ["source"]
    promo = nlp.analyze("Putin spoke in Moscow.\n\nSubscribe to our newsletter for more news.").boilerplate
    assert [b.kind for b in promo] == ["promo"]


def test_analysis_of_a_doc_json_and_repr(nlp: byline.Pipeline) -> None:
    doc = nlp(article("002"))
    a = byline.analyze(doc)
    assert a.doc is doc
    data = json.loads(a.to_json())
    assert data == a.to_dict()
    assert len(data["quotes"]) == len(a.quotes)
    assert "clusters" in repr(a)
    assert a.quotes[0].to_dict()["speaker"] == "Alexander Vedyakhin"
    with pytest.raises(AttributeError):
        a.quotes[0].speaker = "someone"  # type: ignore[misc]
    with pytest.raises(TypeError):
        byline.analyze("not a doc")  # type: ignore[arg-type]
    other = nlp(article("002"))
    with pytest.raises(ValueError, match="another Doc"):
        a.canonical(other.ents[0])
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    assert dates and a.canonical(dates[0]) is None
    data = json.loads(a.article_json())
    assert data["schema"] == "byline.article/1" and data["text"] == doc.text
    assert len(data["quotes"]) == len(a.quotes)
    assert "\n" in a.article_json(indent=2)


def test_analyze_pipe_matches_analyze(nlp: byline.Pipeline, articles: List[str]) -> None:
    single = [nlp.analyze(t) for t in articles]
    piped = list(nlp.analyze_pipe(articles, threads=2, batch_size=2))
    assert [p.to_json() for p in piped] == [s.to_json() for s in single]


@pytest.mark.parametrize("text", ["", " ", "“unbalanced quote", "He said “yes.”", "\n\n“\n\n”"])
def test_analysis_is_total(nlp: byline.Pipeline, text: str) -> None:
    a = nlp.analyze(text)
    for q in a.quotes:
        assert 0 <= q.start_char <= q.end_char <= len(text)
    assert isinstance(a.to_dict(), dict)


def test_threads_share_the_analyzer(nlp: byline.Pipeline, articles: List[str]) -> None:
    expected = [nlp.analyze(t).to_json() for t in articles]

    def work() -> None:
        for _ in range(3):
            assert [nlp.analyze(t).to_json() for t in articles] == expected

    assert run_concurrently(work) == []


def test_analyze_batch_reads_the_docs_in_place(nlp: byline.Pipeline, articles: List[str]) -> None:
    """analyze_batch analyses the Docs without copying them (a copy was the largest transient
    of `byline analyze` on a long text); set_meta from other threads meanwhile changes nothing."""
    docs = [nlp(t) for t in articles]
    expected = [byline.analyze(d).to_json() for d in docs]
    analyzer = byline.analysis.default_analyzer()
    cores = [d._c for d in docs]

    def work() -> None:
        for i in range(3):
            for c in cores:
                c.set_meta("round", str(i))
            assert [a.to_json() for a in analyzer.analyze_batch(cores, 2)] == expected

    assert run_concurrently(work) == []
    assert analyzer.analyze_batch([], 2) == []
    with pytest.raises(TypeError, match="expected _core.Doc items, not str"):
        analyzer.analyze_batch([cores[0], "text"])


def test_write_article_json_gives_the_article_json_in_pieces(nlp: byline.Pipeline, articles: List[str]) -> None:
    """`byline analyze --json` writes each article through _core.write_article_json: pieces
    of about 1 MiB whose concatenation is Analysis.article_json(), for any indent."""
    from byline import _core

    doc = nlp("\n\n".join(articles * 30))  # over 2 MiB of JSON
    doc.set_meta("path", "Zürich “x”")
    a = byline.analyze(doc)
    for indent in (None, 0, 2):
        pieces: List[str] = []
        _core.write_article_json(doc._c, a._c, pieces.append, indent)
        assert len(pieces) > 1
        assert "".join(pieces) == a.article_json(indent=indent)

    def fail(piece: str) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        _core.write_article_json(doc._c, a._c, fail)


# Each record attribute and the JSON key (or pair element) that holds the same field.
RECORD_FIELDS = {
    "quotes": {
        "text": "text",
        "start_char": "start",
        "end_char": "end",
        "start_token": ("tokens", 0),
        "end_token": ("tokens", 1),
        "start_byte": ("bytes", 0),
        "end_byte": ("bytes", 1),
        "speaker": "speaker",
        "speaker_cluster": "speaker_cluster",
        "speaker_mention": "speaker_mention",
        "cue": "cue",
        "cue_start_char": "cue_start",
        "cue_end_char": "cue_end",
        "paragraphs": "paragraphs",
        "in_boilerplate": "boilerplate",
        "direct": "direct",
        "kind": "kind",
    },
    "mentions": {
        "text": "text",
        "label": "label",
        "start_char": "start",
        "end_char": "end",
        "start_token": ("tokens", 0),
        "end_token": ("tokens", 1),
        "entity": "entity",
        "cluster": "cluster",
        "in_boilerplate": "boilerplate",
    },
    "clusters": {"id": "id", "label": "label", "canonical": "canonical", "mentions": "mentions", "aliases": "aliases"},
    "roles": {
        "person": "person",
        "role": "role",
        "org": "org",
        "person_cluster": "person_cluster",
        "person_mention": "person_mention",
        "org_cluster": "org_cluster",
        "org_mention": "org_mention",
        "pattern": "pattern",
        "start_char": "start",
        "end_char": "end",
        "start_token": ("tokens", 0),
        "end_token": ("tokens", 1),
        "count": "count",
    },
    "boilerplate": {
        "kind": "kind",
        "start_char": "start",
        "end_char": "end",
        "start_token": ("tokens", 0),
        "end_token": ("tokens", 1),
        "start_byte": ("bytes", 0),
        "end_byte": ("bytes", 1),
        "start_paragraph": ("paragraphs", 0),
        "end_paragraph": ("paragraphs", 1),
    },
}


def test_records_are_the_json_of_the_cpp_structs(nlp: byline.Pipeline, articles: List[str]) -> None:
    """Every public field of every record equals its JSON field, and to_dict() is the JSON record."""
    seen = {name: 0 for name in RECORD_FIELDS}
    for text in articles:
        a = nlp.analyze(text)
        data = json.loads(a.article_json())
        for name, fields in RECORD_FIELDS.items():
            records = getattr(a, name)
            assert len(records) == len(data[name])
            for record, expected in zip(records, data[name]):
                seen[name] += 1
                assert record.to_dict() == expected
                public = {n for n in dir(record) if not n.startswith("_") and n != "to_dict"}
                assert public == set(fields) | ({"text"} if name == "boilerplate" else set()), name
                for attr, key in fields.items():
                    want = expected[key[0]][key[1]] if isinstance(key, tuple) else expected[key]
                    assert getattr(record, attr) == want, (name, attr)
                if name == "boilerplate":
                    assert record.text == text[record.start_char : record.end_char]
                assert record == getattr(a, name)[records.index(record)]
                with pytest.raises(AttributeError):
                    setattr(record, next(iter(fields)), None)
                with pytest.raises(TypeError):
                    hash(record)
    assert all(seen.values()), seen  # the sample articles have every kind of record


def test_records_outlive_their_analysis(nlp: byline.Pipeline) -> None:
    quotes = nlp.analyze("“We will win,” Putin said.").quotes
    import gc

    gc.collect()
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [("We will win,", "Putin", "said")]
    assert repr(quotes[0]) == "Quote(text='We will win,', speaker='Putin', cue='said')"


def test_reported_speech_and_quote_kinds(nlp: byline.Pipeline) -> None:
    a = nlp.analyze("Sberbank CEO German Gref acknowledged that graphics cards were the hardest to obtain.")
    (q,) = a.quotes
    assert (q.direct, q.kind, q.speaker, q.cue) == (False, "speech", "German Gref", "acknowledged")
    assert q.text == "graphics cards were the hardest to obtain"
    assert a.doc.text[q.start_char : q.end_char] == q.text
    scare = "Analysts call it the new \u201cGreat Game.\u201d"
    assert nlp.analyze(scare).quotes == []
    every = nlp.analyze(scare, speech_only=False).quotes
    assert [(x.kind, x.direct, x.speaker) for x in every] == [("scare", True, None)]


def test_reported_speech_review_cases(nlp: byline.Pipeline) -> None:
    text = "Putin said the economy would grow by 5 percent this year, according to state media."
    (q,) = nlp.analyze(text).quotes
    assert (q.speaker, q.cue, q.text) == ("Putin", "said", "the economy would grow by 5 percent this year")
    assert text[q.cue_start_char : q.cue_end_char] == "said"
    # "he" does not go to a woman's name
    assert nlp.analyze("Angela Merkel arrived. He said the bank will grow fast.").quotes == []
