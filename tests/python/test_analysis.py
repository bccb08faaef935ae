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
    quotes = a.quotes
    assert len(quotes) >= 3
    assert all(q.speaker == "Alexander Vedyakhin" for q in quotes), quotes
    text = a.doc.text
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.text
        assert q.cue == "said" and text[q.cue_start : q.cue_end] == "said"
        assert q.cluster is not None and a.clusters[q.cluster].canonical == q.speaker
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


def test_putin_quote_with_he_said_and_its_continuation(nlp: byline.Pipeline) -> None:
    a = nlp.analyze(article("000"))
    assert [(q.speaker, q.cue) for q in a.quotes] == [("Vladimir Putin", "he said"), ("Vladimir Putin", "continuation")]


def test_roles_from_premodifiers_and_appositives(nlp: byline.Pipeline) -> None:
    a = nlp.analyze(article("003"))
    roles = {(r.person, r.role, r.org) for r in a.roles}
    assert ("Vladimir Putin", "President", "Russia") in roles
    assert ("German Gref", "CEO", "Sberbank") in roles
    assert ("Alexander Vedyakhin", "first deputy CEO", "Sberbank") in roles
    assert {r.pattern for r in a.roles} <= {"premodifier", "appositive"}
    text = a.doc.text
    for r in a.roles:
        assert r.person is not None and r.person.split()[-1] in text[r.start : r.end]


def test_boilerplate_is_marked_not_deleted(nlp: byline.Pipeline) -> None:
    text = article("000")
    a = nlp.analyze(text)
    kinds = [b.kind for b in a.boilerplate]
    assert kinds == ["share", "reading_list"]
    share, reading = a.boilerplate
    assert share.text.startswith("Share") and text[share.start : share.end] == share.text
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
        assert 0 <= q.start <= q.end <= len(text)
    assert isinstance(a.to_dict(), dict)


def test_threads_share_the_analyzer(nlp: byline.Pipeline, articles: List[str]) -> None:
    expected = [nlp.analyze(t).to_json() for t in articles]

    def work() -> None:
        for _ in range(3):
            assert [nlp.analyze(t).to_json() for t in articles] == expected

    assert run_concurrently(work) == []
