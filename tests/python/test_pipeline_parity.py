"""One pipeline everywhere: the C++ CLI (`byline ner`, byline::Pipeline), the C++ example
built against the installed package (examples/cpp/extract_entities), Python's
byline.load(), byline.load_bytes() of its bytes, a pickled copy and the Dask workers
give the same entities for the same article and date.

The C++ programs are built by `make cpp` and `make example-cpp` (both run by `make test`
before pytest); run alone without them, these tests are skipped and say so.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import List, Tuple

import pytest
from conftest import require_file

import byline

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))
CLI = ROOT / "build" / "cpp" / "cpp" / "byline-dev"
EXAMPLE_TSV = ROOT / "build" / "example" / "entities.tsv"  # written by `make example-cpp`
DATE = "2025-01-02"

Ent = Tuple[int, int, str, str, str]


def python_entities(text: str) -> List[Ent]:
    doc = byline.load()(text, date=DATE)
    return [(e.start_char, e.end_char, e.label_, e.source, json.dumps(e.value, sort_keys=True)) for e in doc.ents]


def value_text(raw: str) -> str:
    return json.dumps(json.loads(raw) if raw else None, sort_keys=True)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_cpp_cli_and_python_find_the_same_entities(path: Path) -> None:
    require_file(CLI, "the C++ tool (make cpp)")
    res = subprocess.run(
        [str(CLI), "ner", "--model", str(byline.load().path), "--date", DATE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    cpp = [
        (e["start"], e["end"], e["label"], e["source"], json.dumps(e["value"], sort_keys=True)) for e in doc["entities"]
    ]
    text = path.read_bytes().decode("utf-8")
    assert cpp == python_entities(text)


def test_cpp_example_and_python_find_the_same_entities() -> None:
    require_file(EXAMPLE_TSV, "the output of the C++ example (make example-cpp)")
    lines = EXAMPLE_TSV.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# byline")
    cpp = []
    for line in lines[1:]:
        start, end, label, source, _text, value = line.split("\t")
        cpp.append((int(start), int(end), label, source, value_text(value)))
    text = (ROOT / "examples" / "articles" / "003_45d770aeda870f5f.txt").read_bytes().decode("utf-8")
    assert cpp == python_entities(text)


def test_load_bytes_pickle_and_a_copied_package_find_the_same_entities(tmp_path: Path) -> None:
    import pickle
    import shutil

    nlp = byline.load()
    nlp.add_patterns([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])
    nlp.add_phrases({"ORG": ["Tortoise Media"]})
    copied = tmp_path / "en_news"
    shutil.copytree(nlp.path, copied)
    others = {
        "load_bytes": byline.load_bytes(nlp.to_bytes()),
        "pickle": pickle.loads(pickle.dumps(nlp)),
        "package copy": byline.load(copied, patterns=nlp.patterns),
    }
    others["package copy"].add_phrases(nlp.phrases)
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8") + " Tortoise Media tested GigaChat."
        want = [(e.start_char, e.end_char, e.label_, e.source) for e in nlp(text, date=DATE).ents]
        assert ("PRODUCT", "user") in {(e[2], e[3]) for e in want}
        for name, other in others.items():
            got = [(e.start_char, e.end_char, e.label_, e.source) for e in other(text, date=DATE).ents]
            assert got == want, name


def test_dask_workers_find_the_same_entities() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("dask.dataframe")
    import dask
    import dask.dataframe as dd

    import byline.dask as bdask

    nlp = byline.load()
    nlp.add_patterns([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])
    texts = [p.read_text(encoding="utf-8") + " Sber launched GigaChat." for p in ARTICLES]
    frame = pd.DataFrame({"text": texts, "id": [p.stem for p in ARTICLES], "day": [DATE] * len(texts)})
    mentions, _articles = bdask.extract(
        dd.from_pandas(frame, npartitions=2), id_column="id", date_column="day", model=nlp
    )
    with dask.config.set(scheduler="processes", num_workers=2):
        got = dask.compute(mentions)[0]
    for path, text in zip(ARTICLES, texts):
        rows = got[got["article_id"] == path.stem].sort_values("start")
        want = [(e.start_char, e.end_char, e.label_) for e in nlp(text, date=DATE).ents]
        assert list(zip(rows["start"], rows["end"], rows["label"])) == want
