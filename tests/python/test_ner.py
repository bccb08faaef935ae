"""Named-entity recognition from Python: train, load/save, nlp(), pipe(), pickling, evaluate, errors.

Every test here runs on a tiny model trained in seconds from a synthetic CoNLL corpus
written to a temporary directory (see ``write_corpus``); the shipped default model
has its own tests in test_ner_shipped.py.
"""

from __future__ import annotations

import itertools
import os
import pickle
import random
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from conftest import SAMPLES

import byline
from byline import _core

PERSONS = [
    "Angela Merkel",
    "Vladimir Putin",
    "John Smith",
    "Maria Garcia",
    "Peter Blackburn",
    "Li Wei",
    "Ahmed Hassan",
    "Sarah Connor",
    "David Cameron",
    "Olga Petrova",
    "James Brown",
    "Emma Watson",
]
ORGS = [
    "Reuters",
    "European Commission",
    "Sberbank",
    "General Motors",
    "United Nations",
    "Gazprom",
    "Deutsche Bank",
    "World Bank",
    "Toyota",
    "NATO",
]
PLACES = ["Berlin", "Moscow", "Paris", "New York", "London", "Tokyo", "Brussels", "Cairo", "Madrid", "Rome"]
MISCS = ["German", "Russian", "French", "British", "Japanese", "European", "Egyptian"]
TEMPLATES = [
    "{PER} visited {LOC} on Monday .",
    "{ORG} said {PER} would lead the {MISC} delegation .",
    "Shares in {ORG} rose 3 percent in {LOC} on Tuesday .",
    "The {MISC} minister {PER} met officials of {ORG} in {LOC} .",
    "{PER} told {ORG} that prices in {LOC} had fallen .",
    "A spokesman for {ORG} declined to comment .",
    "Talks between {MISC} and {MISC} officials ended in {LOC} .",
    "{LOC} and {LOC} signed a trade deal , {PER} said .",
]
TYPES = {"PER": PERSONS, "ORG": ORGS, "LOC": PLACES, "MISC": MISCS}
#: Sentence the tiny model tags reliably; GPE because the test gazetteer lists Berlin as a city.
PROBE = "Vladimir Putin visited Berlin on Monday."


def conll_sentences(n: int, seed: int) -> List[List[Tuple[str, str]]]:
    """``n`` synthetic sentences as (word, type-or-O) pairs, deterministic for ``seed``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words: List[Tuple[str, str]] = []
        for slot in rng.choice(TEMPLATES).split():
            if slot.startswith("{"):
                typ = slot[1:-1]
                words += [(w, typ) for w in rng.choice(TYPES[typ]).split()]
            else:
                words.append((slot, "O"))
        out.append(words)
    return out


def to_conll(sentences: List[List[Tuple[str, str]]], scheme: str, doc_every: int = 5) -> str:
    """CoNLL-2003 layout (word POS chunk tag) in IOB1 or IOB2, a -DOCSTART- every ``doc_every`` sentences.

    Two entities of one type never touch in TEMPLATES, so IOB1 needs no B- tags.
    """
    lines: List[str] = []
    for k, sent in enumerate(sentences):
        if k % doc_every == 0:
            lines += ["-DOCSTART- -X- O O", ""]
        for i, (word, typ) in enumerate(sent):
            begins = i == 0 or sent[i - 1][1] != typ
            tag = "O" if typ == "O" else ("B-" if scheme == "iob2" and begins else "I-") + typ
            lines.append(f"{word} NN O {tag}")
        lines.append("")
    return "\n".join(lines) + "\n"


@dataclass
class Corpus:
    dir: Path
    train: Path
    dev: Path
    gazetteer: Path
    clusters: Path


def write_corpus(directory: Path) -> Corpus:
    """Train (IOB1) and dev (IOB2) CoNLL files, a gazetteer and a word-cluster file in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    train = directory / "train.conll"
    dev = directory / "dev.conll"
    gazetteer = directory / "gazetteer.tsv"
    clusters = directory / "clusters.tsv"
    train.write_text(to_conll(conll_sentences(240, seed=1), "iob1"), encoding="utf-8")
    dev.write_text(to_conll(conll_sentences(60, seed=2), "iob2"), encoding="utf-8")
    gazetteer.write_text("".join(f"city\t{p}\n" for p in PLACES) + "person\tAngela Merkel\n", encoding="utf-8")
    words = sorted({w for names in TYPES.values() for name in names for w in name.split()})
    clusters.write_text("".join(f"{w}\t{len(w) % 7}\t{len(w)}\n" for w in words), encoding="utf-8")
    return Corpus(directory, train, dev, gazetteer, clusters)


@dataclass
class Tiny:
    corpus: Corpus
    model_path: Path
    nlp: byline.Pipeline
    reports: List[Dict[str, Any]]


EPOCHS = 4
SEED = 7


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Tiny:
    corpus = write_corpus(tmp_path_factory.mktemp("ner"))
    reports: List[Dict[str, Any]] = []
    out = corpus.dir / "tiny.bin"
    nlp = byline.train(
        corpus.train,
        dev=corpus.dev,
        out=out,
        epochs=EPOCHS,
        seed=SEED,
        clusters=corpus.clusters,
        gazetteer=corpus.gazetteer,
        on_epoch=reports.append,
    )
    return Tiny(corpus, out, nlp, reports)


def ents(doc: byline.Doc) -> List[Tuple[int, int, int, int, str, str]]:
    return [(e.start, e.end, e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]


# ---------------------------------------------------------------------- training


def test_tiny_model_finds_entities(tiny: Tiny) -> None:
    doc = tiny.nlp(PROBE)
    assert [(e.text, e.label) for e in doc.ents] == [("Vladimir Putin", "PERSON"), ("Berlin", "GPE")]
    per = doc.ents[0]
    assert (per.start, per.end, per.start_char, per.end_char) == (0, 2, 0, 14)
    assert per.label == per.label_ == "PERSON" and per.source == "model"
    assert PROBE[per.start_char : per.end_char] == per.text
    assert [t.text for t in per] == ["Vladimir", "Putin"]


def test_on_epoch_reports(tiny: Tiny) -> None:
    assert [r["epoch"] for r in tiny.reports] == list(range(1, EPOCHS + 1))
    for r in tiny.reports:
        assert set(r) == {"epoch", "seconds", "train_error_rate", "dev"}
        assert r["seconds"] >= 0 and 0 <= r["train_error_rate"] <= 1
        assert set(r["dev"]) == {"precision", "recall", "f1", "gold", "predicted", "correct"}
        assert 0 <= r["dev"]["f1"] <= 100
    assert tiny.reports[-1]["dev"]["f1"] > 90


def test_training_is_deterministic_for_a_seed(tiny: Tiny) -> None:
    c = tiny.corpus
    again = byline.train(c.train, dev=c.dev, epochs=EPOCHS, seed=SEED, clusters=c.clusters, gazetteer=c.gazetteer)
    assert again.to_bytes() == tiny.nlp.to_bytes()
    assert again.recognizer.to_bytes() == tiny.model_path.read_bytes()


def test_default_feature_groups_and_ensemble(tiny: Tiny) -> None:
    c = tiny.corpus
    default = byline.train(c.train, epochs=2, seed=3)
    explicit = byline.train(c.train, epochs=2, seed=3, disable=["casevariant"])  # the trainer's default
    assert default.to_bytes() == explicit.to_bytes()
    reports: List[Dict[str, Any]] = []
    ens = byline.train(c.train, dev=c.dev, epochs=2, seed=3, ensemble=2, on_epoch=reports.append)
    assert ens.info["ensemble"] == 2
    # ensembles report every epoch too (figures of the averaged members)
    assert len(reports) == 2 and reports[-1]["dev"]["f1"] > 80
    assert [e.label_ for e in ens(PROBE).ents][:1] == ["PERSON"]
    with pytest.raises(ValueError, match="ensemble"):
        byline.train(c.train, ensemble=0)
    with pytest.raises(byline.ConfigError, match="ensemble"):
        byline.train(c.train, ensemble=99)


def test_train_without_dev_or_resources(tiny: Tiny) -> None:
    reports: List[Dict[str, Any]] = []
    nlp = byline.train(str(tiny.corpus.train), epochs=2, seed=3, on_epoch=reports.append)
    assert [r["dev"] for r in reports] == [None, None]
    assert [e.label_ for e in nlp(PROBE).ents] == ["PERSON", "LOC"]  # no gazetteer: no GPE
    assert nlp.path is None


def test_on_epoch_exception_stops_training(tiny: Tiny) -> None:
    calls: List[int] = []

    def stop(report: Dict[str, Any]) -> None:
        calls.append(report["epoch"])
        raise KeyError("stop here")

    with pytest.raises(KeyError, match="stop here"):
        byline.train(tiny.corpus.train, epochs=5, on_epoch=stop)
    assert calls == [1]


def test_training_releases_the_gil(tiny: Tiny) -> None:
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    worker = threading.Thread(target=count)
    worker.start()
    try:
        during: List[int] = []
        byline.train(tiny.corpus.train, dev=tiny.corpus.dev, epochs=6, on_epoch=lambda r: during.append(ticks))
    finally:
        done.set()
        worker.join()
    assert during[-1] > during[0]  # the thread kept running while C++ trained


def test_ctrl_c_stops_training_at_an_epoch_end(tiny: Tiny) -> None:
    class Interrupted(Exception):
        pass

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted()

    previous = signal.signal(signal.SIGINT, handler)
    timer = threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        start = time.perf_counter()
        with pytest.raises(Interrupted):
            byline.train(tiny.corpus.train, dev=tiny.corpus.dev, epochs=1000)  # no callback; minutes if not stopped
        assert time.perf_counter() - start < 30
    finally:
        timer.join()
        time.sleep(0.01)
        signal.signal(signal.SIGINT, previous)


def test_train_argument_errors(tiny: Tiny, tmp_path: Path) -> None:
    c = tiny.corpus
    with pytest.raises(ValueError, match="epochs"):
        byline.train(c.train, epochs=0)
    with pytest.raises(ValueError, match="no such file"):
        byline.train(tmp_path / "missing.conll")
    with pytest.raises(ValueError, match="dev"):
        byline.train(c.train, dev=tmp_path / "missing.conll")
    with pytest.raises(ValueError, match="seed"):
        byline.train(c.train, seed=-1)
    with pytest.raises(ValueError, match="min_count"):
        byline.train(c.train, min_count=0)
    with pytest.raises(TypeError):
        byline.train(c.train, on_epoch="print")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        byline.train(123)  # type: ignore[arg-type]
    with pytest.raises(byline.ConfigError):
        byline.train(c.train, epochs=1, disable=["no-such-group"])
    bad = tmp_path / "bad.conll"
    bad.write_text("Reuters\n", encoding="utf-8")  # a single column: not CoNLL
    with pytest.raises(byline.FormatError, match=f"^{re.escape(str(bad))}:1: "):  # the file and the line
        byline.train(bad, epochs=1)


# ---------------------------------------------------------------------- model files


def test_save_load_round_trip(tiny: Tiny, tmp_path: Path, articles: List[str]) -> None:
    loaded = byline.load(tiny.model_path, rules=False)  # the model alone, as tiny.nlp
    assert loaded.path == str(tiny.model_path)
    assert loaded.recognizer.to_bytes() == tiny.nlp.recognizer.to_bytes()
    copy = tmp_path / "copy" / "model.bin"
    copy.parent.mkdir()
    loaded.to_disk(copy)
    assert copy.read_bytes() == tiny.model_path.read_bytes()
    from_dir = byline.load(copy.parent, rules=False)  # a model directory holding model.bin
    from_bytes = byline.load_bytes(tiny.model_path.read_bytes())
    for text in articles + [PROBE]:
        expected = ents(tiny.nlp(text))
        assert ents(loaded(text)) == ents(from_dir(text)) == ents(from_bytes(text)) == expected


def test_corrupt_model_files_raise_model_error(tiny: Tiny, tmp_path: Path) -> None:
    data = tiny.model_path.read_bytes()
    cases = {
        "truncated": data[: len(data) // 2],
        "header only": data[:12],
        "empty": b"",
        "bit flipped": data[:-20] + bytes([data[-20] ^ 0x10]) + data[-19:],
        "bad magic": b"XXXX" + data[4:],
        "future version": data[:4] + (999).to_bytes(4, "little") + data[8:],
        "not a model": b"hello world, this is not a model file at all" * 10,
    }
    for name, blob in cases.items():
        path = tmp_path / f"{name.replace(' ', '_')}.bin"
        path.write_bytes(blob)
        with pytest.raises(byline.ModelError):
            byline.load(path)
        with pytest.raises(byline.ModelError):
            byline.load_bytes(blob)
    with pytest.raises(byline.ModelError, match="missing.bin"):
        byline.load(tmp_path / "missing.bin")
    with pytest.raises(TypeError):
        byline.load(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        byline.load_bytes("not bytes")  # type: ignore[arg-type]


def test_bit_flip_anywhere_is_detected(tiny: Tiny) -> None:
    data = tiny.model_path.read_bytes()
    rng = random.Random(5)
    for pos in [0, 4, 8, 16, 24, 25, len(data) // 2, len(data) - 1] + rng.sample(range(len(data)), 20):
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        with pytest.raises(byline.ModelError):
            byline.load_bytes(bytes(flipped))


def test_default_model_missing_explains_how_to_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BYLINE_MODEL", raising=False)
    monkeypatch.setattr(byline.pipeline, "_installed_package", lambda: tmp_path / "en_news")
    with pytest.raises(byline.ModelError, match="make model"):
        byline.load()
    with pytest.raises(byline.ModelError, match="make model"):
        byline.evaluate(__file__)
    # a path the user set is no missing build: the error names the variable and the path
    monkeypatch.setenv("BYLINE_MODEL", str(tmp_path / "mine"))
    with pytest.raises(byline.ModelError, match=r"^BYLINE_MODEL=.*mine: ") as err:
        byline.load()
    assert "make model" not in str(err.value)


def test_pickle_round_trip(tiny: Tiny, articles: List[str]) -> None:
    nlp = byline.load(tiny.model_path, errors="replace", sentences=False)
    clone = pickle.loads(pickle.dumps(nlp))
    assert isinstance(clone, byline.Pipeline)
    assert clone.to_bytes() == nlp.to_bytes()
    assert (clone.tokenizer.errors, clone.tokenizer.sentences) == ("replace", False)
    for text in articles + [PROBE, b"Vladimir Putin \xff visited Berlin."]:
        assert ents(clone(text)) == ents(nlp(text))
    core = pickle.loads(pickle.dumps(nlp.recognizer))
    assert core.to_bytes() == nlp.recognizer.to_bytes()


# ---------------------------------------------------------------------- processing


def test_pipeline_properties(tiny: Tiny) -> None:
    nlp = tiny.nlp
    assert nlp.labels == ("GPE", "LOC", "MISC", "ORG", "PERSON")
    assert nlp.entity_types == ("LOC", "MISC", "ORG", "PER")
    assert isinstance(nlp.tokenizer, byline.Tokenizer)
    info = nlp.info
    assert info["epochs"] == EPOCHS and info["seed"] == SEED
    assert len(info["history"]) == EPOCHS
    assert "self_test" not in info
    assert "Pipeline" in repr(nlp) and "PERSON" in repr(nlp)
    assert byline.load(tiny.model_path).info["path"] == str(tiny.model_path)


def test_call_accepts_str_bytes_and_doc(tiny: Tiny) -> None:
    nlp = tiny.nlp
    from_str = nlp(PROBE)
    from_bytes = nlp(PROBE.encode())
    assert ents(from_str) == ents(from_bytes)
    tokens_only = byline.tokenize(PROBE)
    annotated = nlp(tokens_only)
    assert ents(annotated) == ents(from_str)
    assert tokens_only.ents == []  # the input Doc is left unchanged
    assert nlp.predict_tags(PROBE) == ["B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"]
    assert nlp.predict_tags(tokens_only) == nlp.predict_tags(PROBE)


def test_call_on_awkward_texts(tiny: Tiny) -> None:
    for text in SAMPLES + ["x" * 100_000, "Berlin " * 20_000]:
        doc = tiny.nlp(text)
        assert doc.text == text
        for e in doc.ents:
            assert 0 <= e.start < e.end <= len(doc)
            assert doc.text[e.start_char : e.end_char] == e.text
    with pytest.raises(byline.EncodingError):
        tiny.nlp(b"Putin \xff")
    with pytest.raises(TypeError):
        tiny.nlp(42)  # type: ignore[arg-type]


def texts_for_pipe(articles: List[str]) -> List[Any]:
    probes = [f"{p} visited {c} on Monday with {o} staff." for p, c, o in zip(PERSONS, PLACES, ORGS)]
    return articles + probes + SAMPLES + [a.encode() for a in articles[:2]] + probes[::-1]


@pytest.mark.parametrize("threads", [1, 2, 0])
def test_pipe_equals_single_calls(tiny: Tiny, articles: List[str], threads: int) -> None:
    texts = texts_for_pipe(articles)
    expected = [ents(tiny.nlp(t)) for t in texts]
    for batch_size in (1, 3, 256):
        docs = list(tiny.nlp.pipe(texts, threads=threads, batch_size=batch_size))
        assert [d.text for d in docs] == [t.decode() if isinstance(t, bytes) else t for t in texts]
        assert [ents(d) for d in docs] == expected
        assert docs == [tiny.nlp(t) for t in texts]


@pytest.mark.parametrize("threads", [1, 2, 0])
def test_pipe_preserves_order(tiny: Tiny, threads: int) -> None:
    texts = [f"{PERSONS[i % len(PERSONS)]} visited {PLACES[i % len(PLACES)]} {i} times." for i in range(500)]
    docs = list(tiny.nlp.pipe(texts, threads=threads, batch_size=64))
    assert [d.text for d in docs] == texts
    assert [d.ents[0].text for d in docs] == [PERSONS[i % len(PERSONS)] for i in range(500)]


def test_pipe_is_lazy_on_an_endless_generator(tiny: Tiny) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield f"{PERSONS[i % len(PERSONS)]} visited {PLACES[i % len(PLACES)]}."

    stream = tiny.nlp.pipe(endless(), threads=2, batch_size=8)
    assert pulled == 0  # nothing is read before the first Doc is asked for
    first = list(itertools.islice(stream, 20))
    assert len(first) == 20 and pulled == 24  # three batches of 8
    assert [d.ents[0].text for d in first] == [PERSONS[i % len(PERSONS)] for i in range(20)]
    more = list(itertools.islice(stream, 5))
    assert [d.text for d in more][0].startswith(PERSONS[20 % len(PERSONS)])
    assert pulled == 32


def test_pipe_arguments_and_errors(tiny: Tiny) -> None:
    nlp = tiny.nlp
    assert list(nlp.pipe([])) == []
    assert [d.text for d in nlp.pipe(iter(("a", b"b")))] == ["a", "b"]
    with pytest.raises(ValueError, match="threads"):
        nlp.pipe(["a"], threads=-1)
    with pytest.raises(ValueError, match="batch_size"):
        nlp.pipe(["a"], batch_size=0)
    with pytest.raises(TypeError):
        nlp.pipe("a single string")
    with pytest.raises(TypeError):
        list(nlp.pipe(["ok", 42]))  # type: ignore[list-item]
    # the first failing text of a batch is reported (by its position in the stream)
    # after the Docs of the earlier batches were yielded
    stream = nlp.pipe(["ok"] * 4 + [b"bad \xff", "ok", b"\xfe"], threads=2, batch_size=4)
    assert len(list(itertools.islice(stream, 4))) == 4
    with pytest.raises(byline.EncodingError, match="text 4") as info:
        next(stream)
    assert info.value.byte_offset == 4
    lenient = byline.load(tiny.model_path, errors="replace")
    docs = list(lenient.pipe([b"Putin \xff", "fine"], threads=2))
    assert [d.utf8_replaced for d in docs] == [True, False]


def test_pipeline_is_thread_safe(tiny: Tiny, articles: List[str]) -> None:
    texts = texts_for_pipe(articles) * 3
    expected = [ents(tiny.nlp(t)) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: ents(tiny.nlp(t)), texts))
    assert got == expected


def test_pipe_releases_the_gil(tiny: Tiny) -> None:
    texts = [" ".join(PERSONS + PLACES) * 200] * 64
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    worker = threading.Thread(target=count)
    worker.start()
    try:
        start = time.perf_counter()
        for _ in tiny.nlp.pipe(texts, threads=1, batch_size=64):
            pass
        elapsed = time.perf_counter() - start
    finally:
        done.set()
        worker.join()
    assert elapsed > 0 and ticks > 100


# ---------------------------------------------------------------------- evaluation


def test_evaluate_returns_conlleval_figures(tiny: Tiny) -> None:
    result = byline.evaluate(tiny.corpus.dev, model=tiny.model_path)
    for key in ("precision", "recall", "f1", "per_type", "tokens", "tokens_per_second"):
        assert key in result, key
    assert set(result["per_type"]) == {"LOC", "MISC", "ORG", "PER"}
    for scores in result["per_type"].values():
        assert {"precision", "recall", "f1"} <= set(scores)
    assert result["f1"] > 90 and result["tokens"] > 500
    assert result["model"] == str(tiny.model_path)
    same = byline.evaluate(str(tiny.corpus.dev), model=tiny.nlp)
    assert (same["precision"], same["recall"], same["f1"]) == (result["precision"], result["recall"], result["f1"])
    assert tiny.reports[-1]["dev"]["f1"] == pytest.approx(result["f1"])  # keep_best: the best epoch's figure
    with pytest.raises(ValueError, match="no such file"):
        byline.evaluate(tiny.corpus.dir / "missing.conll", model=tiny.nlp)


# ---------------------------------------------------------------------- stubs and docs


def test_stub_lists_entity_recognizer_methods() -> None:
    import ast

    stub = Path(byline.__file__).with_name("_core.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "EntityRecognizer")
    names = {n.name for n in cls.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
    assert names == {n for n in dir(_core.EntityRecognizer) if not n.startswith("_")}


def test_ner_api_has_docstrings() -> None:
    objects: List[Any] = [
        byline.load,
        byline.load_bytes,
        byline.train,
        byline.evaluate,
        byline.Pipeline,
        byline.Span.label,
    ]
    objects += [getattr(byline.Pipeline, n) for n in dir(byline.Pipeline) if not n.startswith("_")]
    missing = [getattr(o, "__qualname__", repr(o)) for o in objects if not (o.__doc__ or "").strip()]
    assert missing == []
