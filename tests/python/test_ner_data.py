"""The training-data preparation of the news model (tools/ner/prepare_data.py): hyphen
compounds re-tokenised as the tokenizer splits them, and the names inside them."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "ner"))
prepare_data = pytest.importorskip("prepare_data")

MISC = prepare_data.SOURCE_MAPS["conll2003"]["labels"]["MISC"]
ANY_NAME = prepare_data.NAME_PART


def spans(words, gold, name_parts):
    new, out, _ = prepare_data.split_hyphens(words, gold, name_parts=name_parts)
    return [(" ".join(new[b:e]), t) for b, e, t in out]


def test_hyphen_parts_follow_the_tokenizer() -> None:
    assert prepare_data.hyphen_parts("UK-based") == ["UK", "-", "based"]
    assert prepare_data.hyphen_parts("Russia-China") == ["Russia", "-", "China"]
    assert prepare_data.hyphen_parts("Sino-Russian") == ["Sino-Russian"]
    assert prepare_data.hyphen_parts("ex-England") == ["ex", "-", "England"]
    assert prepare_data.hyphen_parts("well-known") == ["well-known"]


def test_dev_data_keeps_the_sources_labels() -> None:
    words = ["a", "Richmond-based", "retailer"]
    assert spans(words, [(1, 2, MISC)], name_parts=False) == [("Richmond", MISC)]
    assert spans(["a", "Washington-based", "group"], [], name_parts=False) == []


def test_training_data_gives_the_name_in_a_compound_any_name_type() -> None:
    # CoNLL-2003 labels the compound MISC: the name inside may be a place or anything else.
    assert spans(["a", "Richmond-based", "retailer"], [(1, 2, MISC)], True) == [("Richmond", ANY_NAME)]
    assert spans(["the", "ex-England", "captain"], [(1, 2, MISC)], True) == [("England", ANY_NAME)]
    assert spans(["the", "New", "York-based", "bank"], [(1, 3, MISC)], True) == [("New York", ANY_NAME)]
    # A name that is whole stays as the source labels it.
    assert spans(["Sino-Russian", "ties"], [(0, 1, MISC)], True) == [("Sino-Russian", MISC)]
    # GMB leaves the compound O: the name inside is still a name, not O ...
    assert spans(["a", "Washington-based", "group"], [], True) == [("Washington", ANY_NAME)]
    # ... but a capitalised first word is no evidence of a name.
    assert spans(["Broadly-based", "gains"], [], True) == []
    assert spans(["a", "well-known", "firm"], [], True) == []


def test_a_span_through_a_compound_is_cut_at_it() -> None:
    words = ["the", "London-based", "Amnesty", "International", "said"]
    assert spans(words, [(1, 4, "ORG")], True) == [("London", ANY_NAME), ("Amnesty International", "ORG")]
    assert spans(words, [(1, 4, "ORG")], False) == [("London - based Amnesty International", "ORG")]


def test_read_btc_strips_tokens_and_joins_handles(tmp_path: Path) -> None:
    # The corpus export has tokens with a trailing space, empty tokens and "@" apart from
    # the handle; byline's tokenizer keeps "@name" whole.
    f = tmp_path / "x.conll"
    f.write_text(
        "RT\tO\n@\tO\nbbcnews\tB-ORG\n:\tO\nObama \tB-PER\n\tO\nvisits\tO\n\tB-LOC\nNew\tI-LOC\nYork\tI-LOC\n\n"
        "Hi\tO\n@\tB-PER\njane_doe\tI-PER\n\n"
        "Hi\tO\n\tB-LOC\nthere\tO\nParis\tB-LOC\n\n",
        encoding="utf-8",
    )
    docs = prepare_data.read_btc(f)
    assert [w for d in docs for w, _ in d] == [
        ["RT", "@bbcnews", ":", "Obama", "visits", "New", "York"],
        ["Hi", "@jane_doe"],
        ["Hi", "there", "Paris"],
    ]
    (_, t1), (w2, t2) = docs[0][0], docs[1][0]
    assert prepare_data.iob_to_spans(t1) == [(1, 2, "ORG"), (3, 4, "PER"), (5, 7, "LOC")]
    assert prepare_data.iob_to_spans(t2) == [(1, 2, "PER")]
    # an empty token that began a span, then a word outside it: the span is dropped
    assert prepare_data.iob_to_spans(docs[2][0][1]) == [(2, 3, "LOC")]
    # a span through a handle may be no name (WNUT-17 leaves handles O)
    labels = prepare_data.SOURCE_MAPS["btc"]["labels"]
    assert prepare_data.map_sentence(w2, t2, labels, set()) == [(1, 2, "PERSON|O")]


def test_hyphenated_names_stay_whole_in_dev_gold_and_with_the_option() -> None:
    def cut(words: list, gold: list, whole: bool) -> list:
        new, out, _ = prepare_data.split_hyphens(words, gold, whole_names=whole)
        return [(" ".join(new[b:e]), t) for b, e, t in out]

    place = "GPE|LOC|FAC"
    cases = [
        (["Ban", "Ki-moon", "said"], [(0, 2, "PERSON")], "Ban Ki - moon", "Ban Ki"),
        (["Moon", "Jae-in"], [(0, 2, "PERSON")], "Moon Jae - in", "Moon Jae"),
        (["Port-au-Prince"], [(0, 1, place)], "Port - au-Prince", "Port"),
        (["Inzamam-ul-Haq"], [(0, 1, "PERSON")], "Inzamam - ul-Haq", "Inzamam"),
        # the compound's word and a prefix stay outside either way
        (["a", "Donald", "Trump-backed", "man"], [(1, 3, "PERSON")], "Donald Trump", "Donald Trump"),
        (["the", "ex-Obama", "aide"], [(1, 2, "PERSON")], "Obama", "Obama"),
        (["New", "York-to-Chicago"], [(0, 2, place)], "New York", "New York"),
        (["Richmond-based"], [(0, 1, place)], "Richmond", "Richmond"),
    ]
    for words, gold, whole, cut_ in cases:
        assert cut(words, gold, True) == [(whole, gold[0][2])], words
        assert cut(words, gold, False) == [(cut_, gold[0][2])], words
    assert prepare_data.syllable("yeol") and prepare_data.syllable("ching") and not prepare_data.syllable("esque")


def test_silver_doubt_widens_a_one_type_span_the_teacher_types_otherwise() -> None:
    words = ["Senator", "Biden", "said", "the", "U.S.", "and", "Paris", "agree"]
    gold = [(1, 2, "ORG"), (4, 5, "ORG"), (6, 7, "GPE|LOC|FAC")]
    teacher = [(1, 2, "PERSON"), (4, 5, "ORG"), (6, 7, "GPE")]
    stats: Counter = Counter()
    plain = prepare_data.combine(words, gold, teacher, set(), stats)
    assert plain == [(1, 2, "ORG"), (4, 5, "ORG"), (6, 7, "GPE")]  # only alternatives are narrowed
    doubted = prepare_data.combine(words, gold, teacher, set(), stats, doubt=True)
    assert doubted == [(1, 2, "ORG|PERSON"), (4, 5, "ORG"), (6, 7, "GPE")]
    assert stats["doubted"] == 1
    assert prepare_data.SOURCE_MAPS["gmb"]["silver"] and not prepare_data.SOURCE_MAPS["conll2003"].get("silver")


def test_silver_majority_relabels_only_where_the_source_and_the_teacher_agree() -> None:
    docs = [[(["Bush", "said"], [(0, 1, "PERSON")])]] * 3 + [[(["Bush", "said"], [(0, 1, "ORG")])]]
    majority = prepare_data.majority_types(docs)
    assert majority == {"Bush": "PERSON"}
    stats: Counter = Counter()
    words = ["Bush", "met", "Fatah"]
    gold = [(0, 1, "ORG"), (2, 3, "PERSON")]
    teacher = [(0, 1, "PERSON"), (2, 3, "ORG")]
    out = prepare_data.combine(words, gold, teacher, set(), stats, majority=majority)
    assert out == [(0, 1, "PERSON"), (2, 3, "PERSON")]  # "Fatah" has no majority: GMB's label stays
    assert stats["majority_relabelled"] == 1
