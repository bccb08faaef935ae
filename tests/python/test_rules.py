"""The entity ruler in the Python pipeline: normalised values, document dates, gazetteers, user patterns.

Uses the shipped default model (skipped when it is not installed) and the gazetteers
installed as package data (byline/data/gazetteers).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any, List, Optional, Tuple

import pytest
from conftest import ARTICLES_DIR
from helpers import run_concurrently

import byline
from byline import _core
from byline.pipeline import default_model_path, gazetteer_dir

pytestmark = pytest.mark.skipif(
    not default_model_path().is_file(), reason="default model not installed; run `make model` and reinstall"
)

GIGACHAT = {"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


def article(prefix: str) -> str:
    (path,) = ARTICLES_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def find(doc: byline.Doc, text: str, label: Optional[str] = None) -> byline.Entity:
    hits = [e for e in doc.ents if e.text == text and (label is None or e.label_ == label)]
    assert hits, (text, [(e.text, e.label_) for e in doc.ents])
    return hits[0]


def triples(doc: byline.Doc) -> List[Tuple[str, str, Any]]:
    return [(e.text, e.label_, e.value) for e in doc.ents]


def test_gazetteers_are_installed_with_their_notice() -> None:
    d = gazetteer_dir()
    for name in ("gpe.txt", "loc.txt", "norp.txt", "titles.txt", "NOTICE.md"):
        assert (d / name).is_file(), d / name
    notice = (d / "NOTICE.md").read_text(encoding="utf-8")
    assert "ODbL" in notice and "GeoNames" in notice and "LGPL" in notice


def test_article_sentences_get_typed_normalised_entities(nlp: byline.Pipeline) -> None:
    doc = nlp("On January 1, 2025, Russian President Vladimir Putin made a striking move")
    assert find(doc, "January 1, 2025").label_ == "DATE"
    assert find(doc, "January 1, 2025").timex == "2025-01-01"
    assert find(doc, "January 1, 2025").source == "pattern"
    assert find(doc, "Russian").label_ == "NORP"
    assert find(doc, "Vladimir Putin").label_ == "PERSON"  # the title is not part of the PERSON

    doc = nlp("And with 1.4 billion people generating untold streams of information daily, China has")
    assert ("1.4 billion", "CARDINAL", 1400000000) in triples(doc)
    assert ("China", "GPE", {"country": "CN"}) in triples(doc)
    assert find(doc, "China").source == "gazetteer"

    doc = nlp("Russia currently ranks 31st out of 83 countries in AI implementation")
    assert ("31st", "ORDINAL", 31) in triples(doc) and ("83", "CARDINAL", 83) in triples(doc)

    doc = nlp("The fund will invest $5bn, up 15%, over six to nine months.")
    assert ("$5bn", "MONEY", {"amount": 5e9, "currency": "USD"}) in triples(doc)
    assert find(doc, "six to nine months").timex == "P6M/P9M"
    assert find(doc, "six to nine months").kind == "duration"
    assert find(doc, "15%").label_ == "PERCENT"

    doc = nlp("a new era of Sino-Russian and Western cooperation in Hangzhou")
    assert ("Hangzhou", "GPE", {"country": "CN"}) in triples(doc)
    assert find(doc, "Sino-Russian").label_ == "NORP"


def test_document_date_anchors_relative_dates(nlp: byline.Pipeline) -> None:
    text = article("003")
    doc = nlp(text, date="2025-01-02")
    assert doc.meta["date"] == "2025-01-02"
    assert find(doc, "December 30", "DATE").timex == "2024-12-30"
    assert find(doc, "April 2025", "DATE").value == {
        "timex": "2025-04",
        "kind": "point",
        "start": "2025-04-01",
        "end": "2025-04-30",
        "anchor": "text",
    }
    undated = nlp(text)
    assert "date" not in undated.meta
    assert find(undated, "December 30", "DATE").value == {"timex": "XXXX-12-30", "kind": "point", "anchor": "none"}
    # the meta "date" of a Doc passed back in anchors it too
    tokenized = byline.tokenize(text)
    tokenized.set_meta("date", "2025-01-02")
    assert find(nlp(tokenized), "December 30", "DATE").timex == "2024-12-30"
    # ... and the same in pipe, for one date or one per text
    piped = list(nlp.pipe([text, text], date=["2025-01-02", None], batch_size=1))
    assert find(piped[0], "December 30", "DATE").timex == "2024-12-30"
    assert find(piped[1], "December 30", "DATE").timex == "XXXX-12-30"
    (one,) = nlp.pipe([text], date="2025-01-02")
    assert one == doc


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-01", "02/01/2025"])
def test_bad_dates_raise_value_error(nlp: byline.Pipeline, bad: str) -> None:
    with pytest.raises(ValueError, match="ISO date"):
        nlp("text", date=bad)
    with pytest.raises(ValueError, match="ISO date"):
        list(nlp.pipe(["text"], date=bad))
    with pytest.raises(TypeError):
        nlp("text", date=20250102)  # type: ignore[arg-type]
    assert "date" not in nlp("text", date="").meta  # blank: no date, as a blank published date


def test_merge_policy_prefers_longer_spans_and_user_patterns(nlp: byline.Pipeline) -> None:
    doc = nlp("Russian President Vladimir Putin met officials of the People’s Republic of China.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Russian", "NORP"),
        ("Vladimir Putin", "PERSON"),
        ("People’s Republic of China", "GPE"),
    ]
    for a, b in zip(doc.ents, doc.ents[1:]):
        assert a.end <= b.start  # sorted, no overlaps
    user = byline.load(patterns=[{"label": "ORG", "pattern": "Republic of China"}])
    ents = [(e.text, e.label_, e.source) for e in user("the People’s Republic of China").ents]
    assert ents == [("Republic of China", "ORG", "user")]  # user wins even against a longer span


def test_user_pattern_on_the_gigachat_article(nlp: byline.Pipeline) -> None:
    text = article("002")
    assert not [e for e in nlp(text).ents if e.label_ == "PRODUCT" and e.text.startswith("GigaChat")]
    custom = byline.load()
    custom.add_patterns([GIGACHAT])
    doc = custom(text)
    products = [e for e in doc.ents if e.label_ == "PRODUCT" and e.source == "user"]
    assert [e.text for e in products] == ["GigaChat", "GigaChat", "GigaChat"]
    assert all(e.source == "user" for e in doc.ents if e.text.startswith("GigaChat"))
    assert "PRODUCT" in custom.labels and custom.patterns == [GIGACHAT]
    # pipe gives the same, and the shared `nlp` is unchanged
    assert list(custom.pipe([text, text], threads=2)) == [doc, doc]
    assert nlp.patterns == [] and not [e for e in nlp(text).ents if e.source == "user"]


def test_patterns_from_json_strings_files_and_objects(tmp_path: Path) -> None:
    text = "It launched GigaChat MAX with Kandinsky."
    as_list = byline.load(patterns=[GIGACHAT])
    as_json = byline.load(patterns=json.dumps([GIGACHAT]))
    as_object = byline.load(patterns=json.dumps({"patterns": [GIGACHAT]}))
    path = tmp_path / "patterns.json"
    path.write_text(json.dumps([GIGACHAT, {"label": "PRODUCT", "pattern": [{"text": "Kandinsky"}]}]), encoding="utf-8")
    from_file = byline.load(patterns=path)
    from_str_path = byline.load(patterns=str(path))
    expected = [("GigaChat", "PRODUCT")]
    for nlp in (as_list, as_json, as_object):
        assert [(e.text, e.label_) for e in nlp(text).ents if e.label_ == "PRODUCT"] == expected
    for nlp in (from_file, from_str_path):
        assert [e.text for e in nlp(text).ents if e.label_ == "PRODUCT"] == ["GigaChat", "Kandinsky"]
    # operators: a product name plus an optional upper-case edition
    ops = byline.load(
        patterns=[{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}, {"is_upper": True, "op": "?"}]}]
    )
    assert [e.text for e in ops(text).ents if e.label_ == "PRODUCT"] == ["GigaChat MAX"]


@pytest.mark.parametrize(
    "bad, message",
    [
        ([{"label": "PRODUCT", "pattern": [{"lowr": "gigachat"}]}], "lowr"),
        ([{"label": "PRODUCT", "pattern": [{"lower": "x", "op": "%"}]}], "%"),
        ([{"pattern": [{"lower": "x"}]}], "label"),
        ("[{not json", "JSON"),
        ('{"no_patterns": []}', "patterns"),
    ],
)
def test_bad_patterns_raise_config_error_and_change_nothing(bad: Any, message: str) -> None:
    nlp = byline.load(patterns=[GIGACHAT])
    before = nlp("GigaChat")
    with pytest.raises(byline.ConfigError, match=message) as info:
        nlp.add_patterns(bad)
    assert isinstance(info.value, ValueError)
    assert nlp.patterns == [GIGACHAT] and nlp("GigaChat") == before


def test_missing_pattern_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(byline.ConfigError, match="cannot open pattern file"):
        byline.load(patterns=tmp_path / "missing.json")


def test_rules_off_and_rules_only_user_patterns() -> None:
    text = "On January 1, 2025, Sberbank paid $5bn for GigaChat in Moscow."
    model_only = byline.load(rules=False)
    assert model_only.ruler is None and not model_only.rules
    assert {e.label_ for e in model_only(text).ents} <= {"PERSON", "ORG", "GPE", "LOC", "MISC"}
    model_only.add_patterns([GIGACHAT])  # user patterns work without the built-in rules
    labels = {e.label_ for e in model_only(text).ents}
    assert "PRODUCT" in labels and not labels & {"DATE", "MONEY"}


def test_pipe_matches_single_calls_and_pickles(nlp: byline.Pipeline, articles: List[str]) -> None:
    single = [nlp(t, date="2025-01-02") for t in articles]
    assert list(nlp.pipe(articles, threads=2, batch_size=2, date="2025-01-02")) == single
    custom = byline.load(patterns=[GIGACHAT])
    clone = pickle.loads(pickle.dumps(custom))
    assert clone.rules and clone.patterns == [GIGACHAT]
    assert [clone(t) for t in articles] == [custom(t) for t in articles]


def test_pipe_is_lazy_and_names_the_failing_text(nlp: byline.Pipeline) -> None:
    def texts() -> Any:
        yield "On January 1, 2025, Putin spoke."
        yield b"bad \xff bytes"

    it = nlp.pipe(texts(), batch_size=1)
    assert find(next(it), "January 1, 2025").timex == "2025-01-01"
    with pytest.raises(byline.EncodingError, match="text 1"):
        next(it)
    with pytest.raises(ValueError, match="ran out of dates"):
        list(nlp.pipe(["a", "b"], date=iter(["2025-01-02"])))


def test_threads_share_one_pipeline(nlp: byline.Pipeline, articles: List[str]) -> None:
    expected = [nlp(t) for t in articles]

    def work() -> None:
        for _ in range(3):
            assert [nlp(t) for t in articles] == expected

    assert run_concurrently(work) == []


def test_compiled_ruler_finds_candidates_without_merging() -> None:
    ruler = _core.EntityRuler(resource_dir=str(gazetteer_dir()))
    doc = byline.tokenize("Chinese President Xi Jinping visited Moscow on December 30.")
    found = {(b, e, label, source) for b, e, label, _score, source, _value in ruler.find(doc._c)}
    assert (0, 1, "NORP", "gazetteer") in found and (5, 6, "GPE", "gazetteer") in found
    assert any(label == "DATE" for _b, _e, label, _s in found)
    assert {"DATE", "MONEY", "GPE", "NORP"} <= set(ruler.labels)
    assert _core.parse_date("2025-01-02") == (2025, 1, 2) and _core.parse_date("nope") is None
    with pytest.raises(byline.ModelError):
        _core.EntityRuler(resource_dir="/nonexistent/gazetteers")


def test_user_phrase_lists(tmp_path: Path) -> None:
    text = "Sberbank launched GigaChat and gigachat Lite with Kandinsky."
    nlp = byline.load()
    nlp.add_phrases({"PRODUCT": ["GigaChat", "GigaChat Lite"]})
    nlp.add_phrases(["Kandinsky"], label="MODEL")
    got = [(e.text, e.label_, e.source) for e in nlp(text).ents if e.source == "user"]
    assert got == [("GigaChat", "PRODUCT", "user"), ("Kandinsky", "MODEL", "user")]
    assert {"PRODUCT", "MODEL"} <= set(nlp.labels)
    nlp.add_phrases([], fold_case=True)  # case-insensitive from now on
    got = [e.text for e in nlp(text).ents if e.label_ == "PRODUCT"]
    assert got == ["GigaChat", "gigachat Lite"]
    clone = pickle.loads(pickle.dumps(nlp))
    assert clone.phrases == nlp.phrases and clone(text) == nlp(text)

    lists = tmp_path / "products.tsv"
    lists.write_text('# products\nPRODUCT\tGigaChat\t{"vendor": "Sberbank"}\n\nORG\tSberbank\n', encoding="utf-8")
    from_file = byline.load(rules=False)
    from_file.add_phrases(lists)
    values = {e.text: (e.label_, e.value) for e in from_file(text).ents if e.source == "user"}
    assert values == {"GigaChat": ("PRODUCT", {"vendor": "Sberbank"}), "Sberbank": ("ORG", None)}

    lists.write_text("PRODUCT GigaChat\n", encoding="utf-8")
    with pytest.raises(byline.ConfigError, match="products.tsv: line 1"):
        from_file.add_phrases(lists)
    with pytest.raises(byline.ConfigError, match="label="):
        from_file.add_phrases(["GigaChat"])
    with pytest.raises(byline.ConfigError, match="not JSON"):
        from_file.add_phrases([("PRODUCT", "GigaChat", "{bad")])
    assert len(from_file.phrases) == 2  # unchanged by the failures


def test_document_date_found_in_the_text_and_its_source(nlp: byline.Pipeline) -> None:
    text = "MOSCOW, Jan. 2, 2025 (Reuters) - Putin spoke on December 30 about last month."
    doc = nlp(text)
    assert (doc.meta["date"], doc.meta["date_source"]) == ("2025-01-02", "text")
    assert find(doc, "December 30", "DATE").timex == "2024-12-30"
    assert find(doc, "December 30", "DATE").value["anchor"] == "document"
    given = nlp(text, date="2023-06-01")  # an explicit date always wins
    assert (given.meta["date"], given.meta["date_source"]) == ("2023-06-01", "argument")
    art = byline.Article.from_dict({"text": "Putin spoke on December 30.", "published": "2025-01-02"})
    assert art.date_source == "field"
    assert nlp(art).meta["date_source"] == "field"
    assert "date_source" not in art.to_dict() and byline.Article.from_dict(art.to_dict()) == art
    undated = nlp("Putin spoke on December 30.")
    assert "date" not in undated.meta and find(undated, "December 30", "DATE").value["anchor"] == "none"
