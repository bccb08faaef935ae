"""byline.Corpus on the five sample articles: global entities, mentions, near-duplicates."""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
import pytest
from conftest import article_paths

import byline
from byline.pipeline import default_model_path

pytestmark = pytest.mark.skipif(
    not default_model_path().is_file(), reason="default model not installed; run `make model` and reinstall"
)


@pytest.fixture(scope="module")
def corpus() -> byline.Corpus:
    c = byline.Corpus(byline.load())
    paths = article_paths()
    c.extend([p.read_text(encoding="utf-8") for p in paths], ids=[p.stem for p in paths], threads=2)
    return c


def rows(table: Any) -> List[Dict[str, Any]]:
    """DataFrame or list of dicts -> list of dicts."""
    if isinstance(table, list):
        return table
    return table.to_dict("records")  # type: ignore[no-any-return]


def test_one_global_putin_present_in_all_five_articles(corpus: byline.Corpus) -> None:
    assert len(corpus) == 5
    entities = rows(corpus.entities())
    # (PERSON only: the model tags one headline "Putin Orders Russia-China AI Partnership" as an ORG)
    putin = [e for e in entities if e["label"] == "PERSON" and "Putin" in e["canonical"]]
    assert len(putin) == 1, putin
    (p,) = putin
    assert p["canonical"] == "Vladimir Putin" and p["label"] == "PERSON"
    assert p["n_articles"] == 5 and p["articles"] == corpus.ids
    assert "Putin" in p["aliases"] and p["mentions"] == sum(p["counts"])
    us = [e for e in entities if e["canonical"] == "United States"]
    assert len(us) == 1 and {"US", "U.S."} & set(us[0]["aliases"])


def test_mentions_table_points_into_the_texts(corpus: byline.Corpus) -> None:
    texts = [p.read_text(encoding="utf-8") for p in article_paths()]
    table = rows(corpus.mentions())
    assert table
    for m in table:
        assert texts[m["article"]][m["start"] : m["end"]] == m["text"]
    putin = [m for m in table if m["canonical"] == "Vladimir Putin"]
    assert {m["article_id"] for m in putin} == set(corpus.ids)
    entities = rows(corpus.entities())
    (p,) = [e for e in entities if e["canonical"] == "Vladimir Putin"]
    assert len(putin) == p["mentions"]


def test_pandas_tables_when_pandas_is_installed(corpus: byline.Corpus) -> None:
    pd = pytest.importorskip("pandas")
    entities = corpus.entities()
    assert isinstance(entities, pd.DataFrame)
    assert list(entities.columns) == [
        "id",
        "label",
        "canonical",
        "aliases",
        "articles",
        "n_articles",
        "mentions",
        "counts",
    ]
    mentions = corpus.mentions()
    assert str(mentions["entity"].dtype) == "Int64"  # None for boilerplate mentions, ints otherwise
    assert isinstance(corpus.near_duplicates(), pd.DataFrame)


def test_near_duplicates_of_a_rewrite() -> None:
    paths = article_paths()
    base = paths[3].read_text(encoding="utf-8")
    rewrite = base.replace("Putin", "Vladimir Putin", 1).replace("directive", "order", 1)
    c = byline.Corpus(byline.load())
    c.extend([p.read_text(encoding="utf-8") for p in paths] + [rewrite], ids=[p.stem for p in paths] + ["rewrite"])
    pairs = rows(c.near_duplicates(0.5))
    assert [(r["id_a"], r["id_b"]) for r in pairs] == [(paths[3].stem, "rewrite")]
    assert pairs[0]["similarity"] > 0.8
    assert c.duplicate_clusters(0.5) == [[paths[3].stem, "rewrite"]]
    m = c.similarity_matrix()
    assert m.shape == (6, 6) and np.allclose(np.diag(m), 1.0) and np.allclose(m, m.T)
    assert c.similarity(3, 5) == pytest.approx(pairs[0]["similarity"])
    with pytest.raises(IndexError):
        c.similarity(0, 6)


def test_add_accepts_texts_docs_and_analyses() -> None:
    nlp = byline.load()
    text = article_paths()[2].read_text(encoding="utf-8")
    c = byline.Corpus(nlp)
    assert c.add(text) == 0
    assert c.add(nlp(text), id="doc") == 1
    assert c.add(nlp.analyze(text), id="analysis") == 2
    assert c.ids == ["0", "doc", "analysis"]
    assert c.duplicate_clusters(0.9) == [["0", "doc", "analysis"]]
    (vedyakhin,) = [e for e in rows(c.entities()) if e["canonical"] == "Alexander Vedyakhin"]
    assert vedyakhin["n_articles"] == 3
    with pytest.raises(TypeError):
        c.add(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        byline.Corpus(nlp, num_hashes=0)
    with pytest.raises(ValueError, match="ids"):
        c.extend(["a", "b"], ids=["x"])


def test_quote_role_date_tables_and_matrix(corpus: byline.Corpus) -> None:
    quotes = rows(corpus.quotes())
    vedyakhin = [q for q in quotes if q["speaker"] == "Alexander Vedyakhin"]
    assert len(vedyakhin) >= 3 and all(q["entity"] is not None for q in vedyakhin)
    roles = rows(corpus.roles())
    assert any(r["person"] == "German Gref" and r["role"] == "CEO" and r["org"] == "Sberbank" for r in roles)
    assert any(r["person"] == "Vladimir Putin" and r["role"] == "President" for r in roles)
    dates = rows(corpus.dates())
    assert any(d["text"] == "January 1, 2025" and d["value"] == "2025-01-01" for d in dates)
    m = corpus.matrix()
    values = np.asarray(m)
    assert values.shape[0] == 5 and values.sum() == sum(e["mentions"] for e in rows(corpus.entities()))
    pd = pytest.importorskip("pandas")
    assert isinstance(m, pd.DataFrame)
    assert (m[("PERSON", "Vladimir Putin")] > 0).all()


def test_cooccurrence_sentence_and_article(corpus: byline.Corpus) -> None:
    entities = {e["id"]: e for e in rows(corpus.entities())}
    per_article = rows(corpus.cooccurrence("article"))
    per_sentence = rows(corpus.cooccurrence("sentence"))
    assert per_article and per_sentence
    for table in (per_article, per_sentence):
        counts = [r["count"] for r in table]
        assert counts == sorted(counts, reverse=True)
        for r in table:
            assert r["entity_a"] < r["entity_b"]
            assert r["canonical_a"] == entities[r["entity_a"]]["canonical"]
            assert set(r["articles"]) <= set(corpus.ids)

    # Putin and Russia are named together in every article, and in at least one sentence of each.
    def pair(table: List[Dict[str, Any]], a: str, b: str) -> Dict[str, Any]:
        (r,) = [
            r
            for r in table
            if {r["canonical_a"], r["canonical_b"]} == {a, b} and {r["label_a"], r["label_b"]} == {"PERSON", "GPE"}
        ]
        return r

    assert pair(per_article, "Vladimir Putin", "Russia")["count"] == 5
    # "Russian President Vladimir Putin has instructed ... Sberbank, to collaborate with China ..."
    first = article_paths()[0].stem
    (putin_china,) = [
        r
        for r in per_sentence
        if {r["canonical_a"], r["canonical_b"]} == {"Vladimir Putin", "China"}
        and {r["label_a"], r["label_b"]} == {"PERSON", "GPE"}
    ]
    assert first in putin_china["articles"]
    # Every sentence-level pair is an article-level pair, seen in at least as many articles;
    # an article-level count is the number of articles naming both.
    by_pair = {(r["entity_a"], r["entity_b"]): r for r in per_article}
    for r in per_sentence:
        art = by_pair[(r["entity_a"], r["entity_b"])]
        assert set(r["articles"]) <= set(art["articles"]) and r["count"] >= len(r["articles"])
    assert all(r["count"] == len(r["articles"]) for r in per_article)
    # An article-level count never exceeds the number of articles; min_count filters.
    assert all(r["count"] <= 5 for r in per_article)
    assert all(r["count"] >= 3 for r in rows(corpus.cooccurrence("sentence", min_count=3)))
    with pytest.raises(ValueError):
        corpus.cooccurrence("paragraph")
    with pytest.raises(ValueError):
        corpus.cooccurrence(min_count=0)


def test_claims_and_disagreements_on_written_articles() -> None:
    nlp = byline.load()
    corpus = byline.Corpus(nlp)
    corpus.add(nlp("The mayor, Anna Berg, signed the decree on March 3, 2025. It cost $40 million."), id="a")
    corpus.add(nlp("Anna Berg signed the decree on March 5, 2025, officials said."), id="b")
    corpus.add(nlp("Anna Berg signed the decree in March 2025. The plan cost about $41 million."), id="c")
    claims = rows(corpus.claims())
    # "signed the decree on March 3": the nearest predicate word before the date, "decree", is an order
    signed = {
        (c["article_id"], c["value"]["timex"]) for c in claims if c["predicate"] == "order" and c["label"] == "DATE"
    }
    assert signed == {("a", "2025-03-03"), ("b", "2025-03-05"), ("c", "2025-03")}
    assert all(c["subject"] == "Anna Berg" for c in claims if c["predicate"] == "order")
    assert not any(c["predicate"] == "agree" for c in claims)  # one predicate per value
    # "It cost $40 million": no name in the sentence, the subject of the one before
    assert any(c["article_id"] == "a" and c["label"] == "MONEY" and c["subject"] == "Anna Berg" for c in claims)
    dis = rows(corpus.disagreements())
    dates = {
        (d["article_id"], tuple(d["conflicts_with"])) for d in dis if d["label"] == "DATE" and d["predicate"] == "order"
    }
    # March 3 and March 5 contradict each other; "March 2025" contradicts neither
    assert dates == {("a", ("b",)), ("b", ("a",)), ("c", ())}
    # $40 million and about $41 million (10 % margin) do not disagree
    assert not any(d["label"] == "MONEY" and d["conflicts_with"] for d in dis)


@pytest.mark.parametrize("nlp", ["en_news", 3, object()])
def test_corpus_rejects_an_nlp_that_is_not_a_pipeline(nlp: Any) -> None:
    # was accepted, then add()/extend() failed with AttributeError: 'str' object has no attribute 'analyze'
    with pytest.raises(TypeError, match=r"nlp must be a byline\.Pipeline or None"):
        byline.Corpus(nlp)


@pytest.mark.parametrize("i, j", [(-1, 0), (0, -1), (5, 0), (0, 5)])
def test_similarity_out_of_range_is_a_clear_index_error(i: int, j: int) -> None:
    # was a pybind11 "incompatible function arguments" TypeError for negatives and
    # "vector::_M_range_check: __n (which is 5) >= this->size()" for too large indices
    c = byline.Corpus(byline.load())
    c.extend(["Barack Obama visited Paris on Monday.", "Angela Merkel met Emmanuel Macron."])
    with pytest.raises(IndexError, match=r"^article index (-1|5) out of range for a Corpus of 2 articles$"):
        c.similarity(i, j)
    with pytest.raises(TypeError, match="article indices must be ints"):
        c.similarity("0", 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"seed": -1}, ValueError, r"seed must be an int in \[0, 2\*\*64\), not -1"),
        ({"seed": 2**64}, ValueError, r"seed must be an int in \[0, 2\*\*64\)"),
        ({"seed": 1.5}, TypeError, "seed must be an int, not float"),
        ({"num_hashes": 2**40}, ValueError, r"num_hashes must be <= 2147483647"),
        (
            {"num_hashes": 5, "lsh_rows": 4},
            byline.ConfigError,
            r"num_hashes \(5\) must be a multiple of lsh_rows \(4\)",
        ),
        ({"fuzzy_threshold": float("nan")}, ValueError, "fuzzy_threshold must be a number, not nan"),
        ({"fuzzy_threshold": "0.9"}, TypeError, "fuzzy_threshold must be a float, not str"),
        ({"fuzzy_threshold": float("inf")}, ValueError, r"fuzzy_threshold must be in \[0, 1\], not inf"),
        ({"fuzzy_threshold": -0.1}, ValueError, r"fuzzy_threshold must be in \[0, 1\]"),
    ],
)
def test_corpus_options_are_checked(kwargs: Dict[str, Any], error: type, match: str) -> None:
    # seed=-1 and num_hashes=2**40 gave pybind11's "incompatible constructor arguments" dump;
    # fuzzy_threshold=nan was accepted (no fuzzy match can ever pass it)
    with pytest.raises(error, match=match):
        byline.Corpus(byline.load(), **kwargs)


@pytest.mark.parametrize(
    "threshold, error", [(float("nan"), ValueError), (float("inf"), ValueError), (None, TypeError), ("0.5", TypeError)]
)
def test_near_duplicate_threshold_is_checked(threshold: Any, error: type) -> None:
    # nan silently returned no pairs; "0.5" was accepted as a number
    c = byline.Corpus(byline.load())
    c.extend(["The quick brown fox jumps over the lazy dog near the river bank today."] * 2)
    with pytest.raises(error, match="threshold must be"):
        c.near_duplicates(threshold)
    with pytest.raises(error, match="threshold must be"):
        c.duplicate_clusters(threshold)


def test_add_a_processed_doc_with_a_date_is_an_error_as_in_extend() -> None:
    # add(doc, date=...) silently ignored the date (even an invalid one); extend() refuses it
    nlp = byline.load()
    c = byline.Corpus(nlp)
    doc = nlp("He left yesterday.")
    for article in (doc, nlp.analyze(doc)):
        with pytest.raises(ValueError, match="date applies to texts only"):
            c.add(article, date="2024-01-01")
    assert len(c) == 0
    assert c.add(doc) == 0


def test_extend_adds_nothing_when_an_item_is_bad() -> None:
    # a bad item in the middle left the items before it added
    nlp = byline.load()
    c = byline.Corpus(nlp)
    with pytest.raises(TypeError, match="article 1 is a NoneType"):
        c.extend(["Paris is big.", None, "Rome is old."])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="id 1 must be a str"):
        c.extend(["Paris is big.", nlp("Rome is old.")], ids=["a", 7])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="text 1: date"):
        c.extend(["Paris is big.", "Rome is old."], date=["2025-01-02", "bad"])
    # a mixed list (Docs and texts) is analysed whole before anything is added
    with pytest.raises(byline.EncodingError):
        c.extend(["Paris is big.", nlp("Rome is old."), b"\xff bad"])
    assert len(c) == 0
    assert c.extend(["Paris is big.", "Rome is old."]) == [0, 1]
    assert c.extend([byline.Article(text="Oslo is cold.", id="oslo"), nlp("Rome is old.")]) == [2, 3]
    assert c.ids[2:] == ["oslo", "3"]


def test_extend_names_the_bad_item_of_a_mixed_list() -> None:
    # a list with Docs in it is analysed item by item: the error did not say which item failed
    nlp = byline.load()
    c = byline.Corpus(nlp)
    doc = nlp("Rome is old.")
    with pytest.raises(byline.EncodingError, match=r"^extend\(\): article 2: invalid UTF-8 at byte 3") as info:
        c.extend(["Paris is big.", doc, b"ok \xff bad", "Oslo is cold."])
    assert info.value.byte_offset == 3
    with pytest.raises(byline.EncodingError, match=r"^extend\(\): article 1: str contains a lone surrogate"):
        c.extend([doc, "a\ud800"])
    with pytest.raises(ValueError, match=r"^extend\(\): article 3: published must be an ISO date"):
        c.extend([doc, doc, "Paris is big.", byline.Article(text="Oslo is cold.", published="soon")])
    # texts alone go through analyze_pipe, whose errors name the text by its place in the list
    with pytest.raises(byline.EncodingError, match="^text 3: "):
        c.extend(["Paris is big.", "Rome is old.", "Oslo is cold.", b"\xff"], batch_size=2)
    assert len(c) == 0


def test_ids_and_meta_that_are_not_utf8_are_escaped() -> None:
    # a file name that is not UTF-8 reaches Python with lone surrogates (surrogateescape);
    # Corpus.add(id=...) and Doc.set_meta() failed with pybind11's "incompatible function arguments"
    nlp = byline.load()
    doc = nlp("Vladimir Putin met Xi Jinping in Moscow.")
    doc.set_meta("path", "in/a\udcff.txt")
    assert doc.meta["path"] == "in/a\\udcff.txt"
    c = byline.Corpus(nlp)
    c.add(doc, id="a\udcff")
    assert c.ids == ["a\\udcff"]
    with pytest.raises(TypeError, match="meta values must be str, not int"):
        doc.set_meta("n", 5)  # type: ignore[arg-type]


def test_corpus_counts_may_be_numpy_integers() -> None:
    import numpy as np

    c = byline.Corpus(num_hashes=np.int64(8), lsh_rows=np.int32(4), shingle_size=np.int64(3), seed=np.uint64(5))
    c.add(byline.load()("Vladimir Putin met Xi Jinping in Moscow."))
    assert len(c) == 1
