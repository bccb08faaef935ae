"""byline.claims: the Python functions over the C++ rules (byline/claims.h), on hand-made input."""

from __future__ import annotations

import math

import pytest

import byline
from byline import _core
from byline.claims import PREDICATES, article_claims, conflicts, predicates_of
from byline.pipeline import default_model_path


def test_predicates_table_and_words() -> None:
    assert list(PREDICATES)[:2] == ["announce", "order"]
    assert "directive" in PREDICATES["order"]
    assert all(isinstance(stems, tuple) for stems in PREDICATES.values())
    assert predicates_of("The ministry published a directive.") == ["announce", "order"]
    assert predicates_of("Müpay") == ["cost"]  # words are runs of ASCII letters: "M", "pay"
    assert predicates_of("") == []


def test_article_claims_over_code_point_spans() -> None:
    # non-ASCII text before the values: offsets are code points, given back as they came
    text = "Zürich’s mayor Anna Berg signed it on 3 März. “It cost €40 million,” she said."
    sentences = [(0, 45), (46, len(text))]
    paragraphs = [(0, len(text))]
    start = text.index("Anna Berg")
    money = text.index("€40 million")
    date = text.index("3 März")
    value = {"amount": 40000000, "currency": "EUR"}
    values = [
        (money, money + 11, "MONEY", "€40 million", value),
        (date, date + 6, "DATE", "3 März", {"timex": "XXXX-03-03"}),
        (0, 6, "GPE", "Zürich", None),  # not a value label
        (text.index("It"), text.index("It") + 2, "CARDINAL", "It", None),  # no value
    ]
    mentions = [(0, 6, "GPE", 1, False), (start, start + 9, "PERSON", 0, False)]
    claims = article_claims(text, sentences, paragraphs, values, mentions)
    assert [(c["subject"], c["predicate"], c["text"], c["start"], c["end"]) for c in claims] == [
        ("Anna Berg", "agree", "3 März", date, date + 6),
        ("Anna Berg", "cost", "€40 million", money, money + 11),  # carried over from the sentence before
    ]
    assert claims[1]["value"] is value
    assert claims[1]["subject_cluster"] == 0
    assert claims[1]["sentence"] == text[46:]
    # a mention without a cluster, or in boilerplate, is no subject
    assert article_claims(text, sentences, paragraphs, values, [(start, start + 9, "PERSON", None, False)]) == []
    assert article_claims(text, sentences, paragraphs, values, [(start, start + 9, "PERSON", 0, True)]) == []


def test_conflicts_take_python_values() -> None:
    jan1 = {"timex": "2025-01-01", "start": "2025-01-01", "end": "2025-01-01"}
    assert conflicts(("DATE", jan1), ("DATE", {"timex": "XXXX-12-30"}))
    assert not conflicts(("DATE", {"timex": "XXXX-01-01"}), ("DATE", jan1))
    assert not conflicts(("CARDINAL", {"value": 7000, "approx": True}), ("CARDINAL", 7700))
    assert conflicts(("CARDINAL", {"value": 7000, "approx": True}), ("CARDINAL", 7701))
    assert conflicts(("MONEY", {"amount": 5, "currency": "USD"}), ("MONEY", {"amount": 5, "currency": "EUR"}))
    assert not conflicts(("MONEY", {"amount": 5, "currency": "USD"}), ("CARDINAL", 6))
    # values JSON cannot hold are never compared
    assert not conflicts(("CARDINAL", math.nan), ("CARDINAL", 5))
    assert not conflicts(("CARDINAL", {1, 2}), ("CARDINAL", 5))
    assert not conflicts(("CARDINAL", None), ("CARDINAL", 5))


@pytest.mark.skipif(not default_model_path().is_file(), reason="default model not installed")
def test_doc_claims_equal_span_claims() -> None:
    nlp = byline.load()
    analysis = nlp.analyze("Anna Berg signed the decree on March 3, 2025. It cost $40 million.\n\nShe met 12 mayors.")
    doc = analysis.doc
    spans = article_claims(
        doc.text,
        [tuple(r) for r in doc.sentence_offsets().tolist()],
        [tuple(r) for r in doc.paragraph_offsets().tolist()],
        [
            (e.start_char, e.end_char, e.label_, e.text, e.value)
            for e in doc.ents
            if not analysis.is_boilerplate(e.start)
        ],
        [(m.start_char, m.end_char, m.label, m.cluster, m.in_boilerplate) for m in analysis.mentions],
    )
    assert spans
    assert _core.article_claims(doc._c, analysis._c) == spans
