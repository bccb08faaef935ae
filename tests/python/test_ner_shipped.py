"""The shipped default model (models/en_news, installed as byline/models/en_news).

Skipped when the installed package has no default model (a tree where `make model`
has not been run). The regression test also needs CoNLL-2003 dev at
../shared/data/conll2003/eng.testa beside the repository (or $BYLINE_CONLL_DEV).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any, Dict

import pytest
from conftest import ARTICLES_DIR, ROOT, require_file

import byline
from byline.pipeline import default_model_path

INSTALLED = default_model_path()
CONLL_DEV = Path(os.environ.get("BYLINE_CONLL_DEV", ROOT.parent / "shared" / "data" / "conll2003" / "eng.testa"))
#: F1 may differ from the card by at most this many points (run-to-run the figure is exact;
#: the slack covers evaluation changes that do not warrant a new model).
F1_TOLERANCE = 0.3

pytestmark = pytest.mark.skipif(
    not INSTALLED.is_file(), reason=f"default model not installed ({INSTALLED}); run `make model` and reinstall"
)


def card() -> Dict[str, Any]:
    """The meta.json of the installed model package (its model card and file list)."""
    path = INSTALLED.with_name("meta.json")
    if not path.is_file():
        pytest.fail(f"no meta.json beside the default model ({path})")
    data: Dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


def test_default_model_finds_people_places_and_organisations(nlp: byline.Pipeline) -> None:
    text = (ARTICLES_DIR / "000_11915f40bc56dedd.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    ents = doc.ents
    assert any(e.label == "PERSON" and "Putin" in e.text for e in ents), [(e.text, e.label) for e in ents]
    assert {"PERSON", "ORG"} <= {e.label for e in ents}
    assert {"GPE", "LOC"} & {e.label for e in ents}
    for e in ents:
        assert e.text == text[e.start_char : e.end_char] and e.text.strip() == e.text
        assert e.label in nlp.labels
    model_only = byline.load(rules=False)
    doc = model_only("Angela Merkel met Reuters staff in Berlin on Monday.")
    berlin = "GPE" if nlp.info.get("gazetteer_keys") else "LOC"  # GPE needs the gazetteer's city list
    assert [(e.text, e.label) for e in doc.ents] == [
        ("Angela Merkel", "PERSON"),
        ("Reuters", "ORG"),
        ("Berlin", berlin),
    ]
    # with the rules (default): the gazetteer makes Berlin a GPE and "Monday" is a DATE
    doc = nlp("Angela Merkel met Reuters staff in Berlin on Monday.")
    assert [(e.text, e.label) for e in doc.ents] == [
        ("Angela Merkel", "PERSON"),
        ("Reuters", "ORG"),
        ("Berlin", "GPE"),
        ("Monday", "DATE"),
    ]


def test_default_model_is_the_one_in_the_card() -> None:
    c = card()
    digest = hashlib.sha256(INSTALLED.read_bytes()).hexdigest()
    assert digest == c["files"]["model.bin"]["sha256"], "the installed model differs from its meta.json"
    source = ROOT / "models" / "en_news" / "meta.json"
    if source.is_file():  # installed from this tree: the same package
        assert json.loads(source.read_text(encoding="utf-8")) == c, "installed package differs: reinstall"
    assert INSTALLED.stat().st_size < 40_000_000  # the size limit for the default model


def test_default_model_pickles_and_pipes(nlp: byline.Pipeline) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES_DIR.glob("*.txt"))]
    clone = pickle.loads(pickle.dumps(nlp))
    single = [[(e.start, e.end, e.label) for e in nlp(t).ents] for t in texts]
    piped = [[(e.start, e.end, e.label) for e in d.ents] for d in clone.pipe(texts, threads=2, batch_size=2)]
    assert piped == single


def test_conll_dev_f1_matches_the_card(nlp: byline.Pipeline) -> None:
    require_file(CONLL_DEV, "CoNLL-2003 dev")
    expected = card()["dev"]["f1"]
    result = byline.evaluate(CONLL_DEV, model=nlp)
    assert abs(result["f1"] - expected) <= F1_TOLERANCE, (result["f1"], expected)


# ---------------------------------------------------------------------- behaviour on news
# Sentences written for these tests (not corpus text). Each assertion is a property the
# OntoNotes news model must keep (docs/entities.md: labels and span rules).


def names(nlp: byline.Pipeline, text: str) -> list:
    return [(e.text, e.label) for e in nlp(text).ents]


def test_default_model_labels_are_ontonotes(nlp: byline.Pipeline) -> None:
    types = set(nlp.entity_types)
    assert types == {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
    assert "MISC" not in nlp.labels
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES_DIR.glob("*.txt"))]
    ents = [e for d in nlp.pipe(texts) for e in d.ents]
    assert all(e.label != "MISC" for e in ents)
    assert all(any(c.isalnum() for c in e.text) for e in ents)  # no punctuation-only names ("&")


KNOWN_GAP = "known gap of the shipped model (issue notes): a sentence-initial name in a three-to-five word sentence"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Putin met Xi.", [("Putin", "PERSON"), ("Xi", "PERSON")]),
        pytest.param(
            "Biden met Macron in Paris.",
            [("Biden", "PERSON"), ("Macron", "PERSON"), ("Paris", "GPE")],
            marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAP + " ('Biden' is read as ORG)"),
        ),
        ("Zelensky visited Washington.", [("Zelensky", "PERSON"), ("Washington", "GPE")]),
        ("Merkel resigned.", [("Merkel", "PERSON")]),
    ],
)
def test_sentence_initial_names_in_short_sentences(nlp: byline.Pipeline, text: str, expected: list) -> None:
    assert names(nlp, text) == expected


@pytest.mark.parametrize(
    "heading",
    [
        "Putin Orders Russia-China AI Partnership",  # the model's ORG 'China AI Partnership' is dropped by the ruler
        "US-China Trade War Escalates",
        "PUTIN ORDERS RUSSIA-CHINA AI PARTNERSHIP",
        "Kremlin Unveils New Rules For Foreign Tech Firms",
    ],
)
def test_headings_are_not_swallowed_into_one_entity(nlp: byline.Pipeline, heading: str) -> None:
    doc = nlp(heading)
    assert all(len(e.text.split()) <= 2 for e in doc.ents), [(e.text, e.label) for e in doc.ents]
    if "RUSSIA" in heading.upper():
        found = {(e.text.lower(), e.label) for e in doc.ents}
        assert ("russia", "GPE") in found and ("china", "GPE") in found, found


def test_acronyms_that_are_not_names(nlp: byline.Pipeline) -> None:
    text = "NATO, BRICS and IBM said AI and GenAI budgets for R&D rose, the CEO said."
    got = names(nlp, text)
    for word in ("AI", "GenAI", "R&D", "CEO"):
        assert all(word != t for t, _ in got), got
    for org in ("NATO", "BRICS", "IBM"):
        assert (org, "ORG") in got, got
    # chat acronyms the model reads as organisations are dropped by the not-names list
    got = names(nlp, "OMG the new phone is here LOL")
    assert all(t not in ("OMG", "LOL") for t, _ in got), got
    assert byline.load(rules=False)("OMG the new phone is here LOL").ents, "the model alone tags one of them"
    # chat words next to a name are trimmed off it
    assert "LOL" not in " ".join(t for t, _ in names(nlp, "LOL Trump is crazy"))
    assert ("AI Act", "LAW") in names(nlp, "The EU AI Act passed.")  # "AI" is no chat word
    # diseases are no OntoNotes name (the model alone reads "COVID-19" as a law)
    got = names(nlp, "COVID-19 cases rose in Shanghai as SARS-CoV-2 spread.")
    assert all(t not in ("COVID-19", "SARS-CoV-2") for t, _ in got) and ("Shanghai", "GPE") in got, got
    # "RT" before an @handle is the retweet marker; the broadcaster RT stays a name
    assert "RT" in [e.text for e in byline.load(rules=False)("RT @bbcnews: the vote is today").ents]
    assert "RT" not in [t for t, _ in names(nlp, "RT @bbcnews: the vote is today")]
    assert ("RT", "ORG") in names(nlp, "RT reported that the vote is today.")


def test_names_inside_hyphen_compounds(nlp: byline.Pipeline) -> None:
    text = "A UK-based group studied Russia-China ties, Soviet-era plants and the Sino-Russian treaty."
    doc = nlp(text)
    got = [(e.text, e.label) for e in doc.ents]
    for want in [("UK", "GPE"), ("Russia", "GPE"), ("China", "GPE"), ("Soviet", "NORP"), ("Sino-Russian", "NORP")]:
        assert want in got, got
    for e in doc.ents:
        assert text[e.start_char : e.end_char] == e.text
    uk = next(e for e in doc.ents if e.text == "UK")
    assert (uk.start_char, uk.end_char) == (2, 4)


def test_hyphenated_names_stay_whole(nlp: byline.Pipeline) -> None:
    # The end of an East Asian given name is a lower-case word after a hyphen, as is the
    # "based" of "UK-based": the name keeps it, the compound does not.
    got = names(nlp, "North Korean leader Kim Jong-un met Yoon Suk-yeol and Lai Ching-te in Port-au-Prince.")
    for want in [("Kim Jong-un", "PERSON"), ("Yoon Suk-yeol", "PERSON"), ("Lai Ching-te", "PERSON")]:
        assert want in got, got
    assert ("Port-au-Prince", "GPE") in got, got
    got = names(nlp, "Pakistan captain Inzamam-ul-Haq scored 50 at Chester-le-Street.")
    assert ("Inzamam-ul-Haq", "PERSON") in got and ("Chester-le-Street", "GPE") in got, got
    assert ("UK", "GPE") in names(nlp, "The UK-based lender cut rates.")
    # an abbreviation with dots too ("U.S.-led" was one PRODUCT)
    assert names(nlp, "U.S.-led strikes hit U.N.-backed forces.") == [("U.S.", "GPE"), ("U.N.", "ORG")]
    # a compound after a name is no part of it
    for text, name in [
        ("New York-to-Chicago flights resumed.", "New York"),
        ("He made a Wes Anderson-esque film.", "Wes Anderson"),
        ("A Donald Trump-backed candidate won.", "Donald Trump"),
    ]:
        assert name in [t for t, _ in names(nlp, text)], names(nlp, text)


def test_an_emoji_is_no_part_of_a_name(nlp: byline.Pipeline) -> None:
    doc = nlp("ok \U0001f600 Modi is here")
    assert [(e.text, e.label) for e in doc.ents] == [("Modi", "PERSON")]


def test_surname_alone_is_the_person_but_not_a_place_after_a_preposition(nlp: byline.Pipeline) -> None:
    got = names(nlp, "Denzel Washington flew to Washington on Monday.")
    assert got[:2] == [("Denzel Washington", "PERSON"), ("Washington", "GPE")], got
    got = names(nlp, "Bill Ford, executive chairman of Ford, said sales at Ford fell.")
    assert got == [("Bill Ford", "PERSON"), ("Ford", "ORG"), ("Ford", "ORG")], got
    got = names(nlp, "Jack London wrote about London. He missed London.")
    assert got == [("Jack London", "PERSON"), ("London", "GPE"), ("London", "GPE")], got
    got = names(nlp, "Denzel Washington arrived. From Washington, critics came.")  # any case of the preposition
    assert got == [("Denzel Washington", "PERSON"), ("Washington", "GPE")], got
    got = names(nlp, "Tennis player MaliVai Washington beat Todd Martin. Washington served well, Martin said.")
    assert ("Washington", "PERSON") in got and ("Washington", "GPE") not in got, got


def test_company_named_alone_is_the_company_its_full_name_is(nlp: byline.Pipeline) -> None:
    text = (
        "Poland will sell a stake in the distribution company Kolporter SA this year. Investors want control"
        " over Kolporter and say Kolporter is worth more than the state thinks. Kolporter says it will list its shares."
    )
    got = names(nlp, text)
    assert got.count(("Kolporter", "ORG")) == 3 and ("Kolporter", "PERSON") not in got, got
    # not when the word is also in a person's full name in the article
    # nor when the company's name has no designator (SA, Inc, Corp, plc ...)
    got = names(nlp, "Shares of Trump Media fell on Tuesday after Trump sold a stake.")
    assert ("Trump", "PERSON") in got, got
    got = names(nlp, "Michael Dell founded Dell Computer Corp in 1984. Dell said on Monday that sales rose.")
    assert ("Dell", "PERSON") in got and ("Dell", "ORG") not in got, got


def test_titles_stay_outside_person(nlp: byline.Pipeline) -> None:
    got = names(nlp, "Russian President Vladimir Putin called the bank on Monday.")
    assert ("Russian", "NORP") in got and ("Vladimir Putin", "PERSON") in got, got
    got = names(nlp, "Sberbank CEO German Gref said the bank would spend more.")
    assert ("Sberbank", "ORG") in got and ("German Gref", "PERSON") in got, got
    got = names(nlp, "Google CEO Sundar Pichai spoke in London.")
    assert ("Google", "ORG") in got and ("Sundar Pichai", "PERSON") in got, got


def test_first_name_that_is_a_nationality_after_a_title(nlp: byline.Pipeline) -> None:
    # after another name in the sentence the model reads 'German' as a nationality and misses
    # 'Gref'; the ruler makes the two one PERSON (a nationality does not follow a bare title)
    got = names(nlp, "Russian President Vladimir Putin called Sberbank CEO German Gref on Monday.")
    assert ("German Gref", "PERSON") in got and ("Russian", "NORP") in got, got


def test_model_scores_are_calibrated_probabilities(nlp: byline.Pipeline) -> None:
    text = (ARTICLES_DIR / "000_11915f40bc56dedd.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    model = [e.score for e in doc.ents if e.source == "model"]
    assert model and all(0.0 < s < 1.0 for s in model)
    assert len({round(s, 3) for s in model}) > 3  # a confidence per span, not a constant
    assert all(e.score == 1.0 for e in doc.ents if e.source == "pattern")
    calib = nlp.info["score_calibration"]
    assert calib["a"] > 0 and calib["spans"] > 1000
