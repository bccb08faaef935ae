"""Hypothesis property tests for the entity pipeline with rules and the article analysis: total on any text."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import byline
from byline.pipeline import default_model_path

pytestmark = pytest.mark.skipif(
    not default_model_path().is_file(), reason="default model not installed; run `make model` and reinstall"
)

# Words that wake up every recogniser, the gazetteers, the quote finder and the role patterns.
words = st.sampled_from(
    [
        "January",
        "1,",
        "2025",
        "Dec.",
        "30",
        "last",
        "month",
        "six",
        "to",
        "nine",
        "months",
        "$5bn",
        "€20",
        "million",
        "15",
        "per",
        "cent",
        "%",
        "1.4",
        "billion",
        "31st",
        "the",
        "21st",
        "century",
        "Russian",
        "President",
        "Vladimir",
        "Putin",
        "said",
        "he",
        "told",
        "Reuters",
        "“",
        "”",
        '"',
        "China",
        "Sino-Russian",
        "Hangzhou",
        "Sberbank’s",
        "CEO",
        "German",
        "Gref",
        ",",
        ".",
        "\n\n",
        "Share",
        "Story:",
        "Recent",
        "Stories",
        "Source:",
        "https://x.co",
        "GigaChat",
        "according",
        "to",
        "at",
        "3",
        "pm",
        "km",
        "New",
        "Year’s",
        "Eve",
        "’s",
        "",
    ]
)
texts = st.one_of(st.lists(words, max_size=60).map(" ".join), st.text(max_size=120))

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NLP = (
    byline.load(patterns=[{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])
    if default_model_path().is_file()
    else None
)


@PROFILE
@given(texts, st.sampled_from([None, "2025-01-02", "2000-02-29"]))
def test_entities_sorted_disjoint_with_json_values(text: str, date: str) -> None:
    assert NLP is not None
    doc = NLP(text, date=date)
    ents = doc.ents
    for a, b in zip(ents, ents[1:]):
        assert a.end <= b.start
    for e in ents:
        assert 0 <= e.start < e.end <= len(doc)
        assert e.text == text[e.start_char : e.end_char] and e.text
        assert e.source in ("model", "pattern", "gazetteer", "user")
        assert e.label_ in NLP.labels
        _ = e.value  # parses as JSON (or None)


@PROFILE
@given(texts)
def test_analysis_is_total_and_offsets_valid(text: str) -> None:
    assert NLP is not None
    a = NLP.analyze(text)
    n = len(text)
    for q in a.quotes:
        assert 0 <= q.start_char <= q.end_char <= n and text[q.start_char : q.end_char] == q.text
        assert q.speaker is None or q.speaker == a.clusters[q.speaker_cluster].canonical  # type: ignore[index]
    for m in a.mentions:
        assert 0 <= m.start_char <= m.end_char <= n
        assert m.cluster is None or 0 <= m.cluster < len(a.clusters)
    for r in a.roles + a.boilerplate:  # type: ignore[operator]
        assert 0 <= r.start_char <= r.end_char <= n
    assert json.loads(a.to_json()) == a.to_dict()
    json.loads(a.article_json())
