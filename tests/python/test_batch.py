"""tokenize_batch (C++ thread pool) and GIL release."""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List

import pytest
from conftest import SAMPLES

import byline


@pytest.mark.parametrize("threads", [1, 2, 0])
def test_batch_equals_single(threads: int, articles: List[str]) -> None:
    texts = articles + SAMPLES + [a.encode() for a in articles[:2]]
    docs = byline.tokenize_batch(texts, threads=threads)
    assert len(docs) == len(texts)
    for text, doc in zip(texts, docs):
        assert doc == byline.tokenize(text)


@pytest.mark.parametrize("threads", [1, 2, 0])
def test_batch_preserves_order(threads: int) -> None:
    texts = [f"Document number {i} says {'word ' * (i % 17)}end." for i in range(300)]
    docs = byline.tokenize_batch(texts, threads=threads)
    assert [d.text for d in docs] == texts
    assert [d[2].text for d in docs] == [str(i) for i in range(300)]


def test_batch_empty_and_iterables() -> None:
    assert byline.tokenize_batch([]) == []
    gen = (f"text {i}" for i in range(5))
    assert [d.text for d in byline.tokenize_batch(gen)] == [f"text {i}" for i in range(5)]
    assert [d.text for d in byline.tokenize_batch(("a", b"b"))] == ["a", "b"]
    tok = byline.Tokenizer(sentences=False)
    assert [len(d.sents) for d in tok.tokenize_batch(["A. B. C.", "D. E."], threads=2)] == [1, 1]


def test_batch_error_is_first_failing_text() -> None:
    texts = ["ok"] * 50 + [b"bad \xff"] + ["ok"] * 50 + [b"\xfe also bad"]
    with pytest.raises(byline.EncodingError) as info:
        byline.tokenize_batch(texts, threads=2)
    assert info.value.byte_offset == 4
    docs = byline.tokenize_batch(texts, threads=2, errors="replace")
    assert [d.utf8_replaced for d in docs].count(True) == 2


def test_batch_errors_name_the_text() -> None:
    with pytest.raises(TypeError, match="text 2: text must be str or bytes"):
        byline.tokenize_batch(["a", "b", None])
    with pytest.raises(byline.EncodingError, match="text 1: str contains a lone surrogate"):
        byline.tokenize_batch(["a", "b\ud800"])


@pytest.mark.parametrize("threads", [1, 2])
def test_pipe_names_the_first_bad_text_before_a_later_bad_date(threads: int) -> None:
    nlp = byline.load()
    texts: List[object] = [f"Text {i} from Berlin." for i in range(10)]
    dates = ["2025-01-02"] * 10
    dates[7] = "bad"
    with pytest.raises(ValueError, match="text 7: date"):
        list(nlp.pipe(texts, threads=threads, date=dates))
    for bad, error in ((b"\xff bad", byline.EncodingError), (None, TypeError), ("a\ud800", byline.EncodingError)):
        texts[5] = bad
        with pytest.raises(error, match="text 5: "):
            list(nlp.pipe(texts, threads=threads, date=dates))
    # in a later batch the texts are counted from the start of the stream
    texts[5] = None
    with pytest.raises(TypeError, match="text 5: "):
        list(nlp.pipe(texts, threads=threads, batch_size=4))


@pytest.mark.parametrize("bad", [None, "a\ud800", b"\xff bad"])
def test_pipe_names_a_bad_text_of_a_later_batch_by_its_place_in_the_stream(bad: object) -> None:
    # an error in the second batch of two texts is text 3 (not 1), whatever the input form
    nlp = byline.load()
    texts: List[object] = ["Putin met Xi.", "Rome is old.", "Paris is big.", bad, "Oslo is cold."]
    error = TypeError if bad is None else byline.EncodingError
    with pytest.raises(error, match="^text 3: "):
        list(nlp.pipe(texts, batch_size=2))
    with pytest.raises(error, match="^text 3: "):
        list(nlp.pipe(((t, k) for k, t in enumerate(texts)), batch_size=2, as_tuples=True))
    with pytest.raises(error, match="^text 3: "):
        list(nlp.analyze_pipe(iter(texts), batch_size=2))
    docs = []
    with pytest.raises(error):
        for doc in nlp.pipe(texts, batch_size=2):
            docs.append(doc)
    assert [d.text for d in docs] == texts[:3]  # every text before the bad one came before the error


def test_pipe_yields_the_docs_before_a_bad_text_of_its_batch() -> None:
    # one bad item in a generator loses no earlier Doc, also in its own batch
    nlp = byline.load()
    texts: List[object] = [f"Putin met Xi in Moscow on day {k}." for k in range(300)]
    texts[200] = None
    docs = []
    with pytest.raises(TypeError, match="^text 200: "):
        for doc in nlp.pipe(iter(texts), batch_size=256):
            docs.append(doc)
    assert [d.text for d in docs] == texts[:200]
    # a bad date in a batch: the texts before it, dated, then its error
    docs = []
    with pytest.raises(ValueError, match="^text 1: "):
        for doc in nlp.pipe(["a b", "c d", "e f"], date=["2025-01-02", "2025-13-01", None]):
            docs.append(doc)
    assert [(d.text, d.meta.get("date")) for d in docs] == [("a b", "2025-01-02")]


def test_a_doc_meta_date_that_is_none_is_an_error() -> None:
    nlp = byline.load()
    doc = byline.tokenize("Merkel visited Paris last month.")
    doc.set_meta("date", "garbage-date")
    with pytest.raises(ValueError, match="garbage-date"):
        nlp(doc)
    assert nlp(doc, date="2025-01-02").meta["date"] == "2025-01-02"  # a date given replaces it
    doc.set_meta("date", "")  # blank: as if absent
    assert nlp(doc).meta.get("date_source") != "meta"


def test_batch_parallelism_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_PARALLELISM", "0")
    assert byline._core.resolve_num_threads(0) == 1
    assert byline._core.resolve_num_threads(3) == 3
    docs = byline.tokenize_batch(["a b", "c"], threads=0)
    assert [len(d) for d in docs] == [2, 1]


def _progress_during(call) -> int:  # type: ignore[no-untyped-def]
    """How many iterations a Python thread makes while `call()` runs.

    The switch interval is raised so the interpreter never forces a GIL hand-over:
    the helper thread can only run while `call` itself has released the GIL.
    """
    counter = [0]
    stop = threading.Event()
    started = threading.Event()

    def spin() -> None:
        started.set()
        while not stop.is_set():
            counter[0] += 1
            time.sleep(1e-4)  # releases the GIL, so the main thread can get it back

    old = sys.getswitchinterval()
    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    started.wait()
    sys.setswitchinterval(1000.0)
    try:
        before = counter[0]
        call()
        after = counter[0]
    finally:
        sys.setswitchinterval(old)
        stop.set()
        worker.join()
    return after - before


def test_gil_released_during_batch(articles: List[str]) -> None:
    texts = articles * 400  # ~14 MB
    assert _progress_during(lambda: byline.tokenize_batch(texts, threads=1)) > 0


def test_gil_released_during_tokenize(articles: List[str]) -> None:
    big = "\n\n".join(articles * 300)
    assert _progress_during(lambda: byline.tokenize(big)) > 0


def test_python_threads_share_a_tokenizer(articles: List[str]) -> None:
    tok = byline.Tokenizer()
    expected = [tok.tokenize(a) for a in articles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(tok.tokenize, articles * 20))
    assert results == expected * 20
    with ThreadPoolExecutor(max_workers=3) as pool:
        batches = list(pool.map(lambda _: tok.tokenize_batch(articles, threads=2), range(6)))
    assert all(b == expected for b in batches)


@pytest.mark.slow
def test_large_batch(articles: List[str]) -> None:
    texts = articles * 2000
    docs = byline.tokenize_batch(texts)
    assert len(docs) == len(texts)
    assert sum(len(d) for d in docs) == 2000 * sum(len(byline.tokenize(a)) for a in articles)
