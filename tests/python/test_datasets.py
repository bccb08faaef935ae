"""byline.datasets: the sample articles installed with the package."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from conftest import ROOT, article_paths

import byline
from byline.pipeline import default_model_path


def test_sample_articles_are_the_repository_articles() -> None:
    articles = byline.datasets.sample_articles()
    source = article_paths()
    assert len(articles) == len(source) == 5
    for article, path in zip(articles, source):
        assert isinstance(article, byline.Article)
        assert article == byline.read_text(path)  # same text, id = file stem, no other metadata
        assert article.id == path.stem
        assert (article.title, article.url, article.source, article.published, article.language) == (None,) * 5
    assert [a.id[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert "Vladimir Putin" in articles[0].text


def test_sample_article_paths_are_inside_the_installed_package() -> None:
    paths = byline.datasets.sample_article_paths()
    package = Path(str(resources.files("byline"))).resolve()
    assert [p.name for p in paths] == [p.name for p in article_paths()]
    for p in paths:
        assert p.resolve().parent == package / "data" / "articles"
        assert ROOT / "examples" not in p.resolve().parents  # installed, not read from the source tree
        assert p.read_bytes() == (ROOT / "examples" / "articles" / p.name).read_bytes()


def test_each_call_returns_new_articles() -> None:
    first = byline.datasets.sample_articles()
    first[0].published = "2025-01-02"
    first[0].text += "changed"
    second = byline.datasets.sample_articles()
    assert second[0].published is None and not second[0].text.endswith("changed")


@pytest.mark.skipif(not default_model_path().is_file(), reason="default model not installed")
def test_sample_articles_go_through_the_pipeline_and_corpus() -> None:
    nlp = byline.load()
    articles = byline.datasets.sample_articles()
    docs = list(nlp.pipe(articles))
    assert [d.meta["id"] for d in docs] == [a.id for a in articles]
    assert all(len(d.ents) > 20 for d in docs)
    corpus = byline.Corpus(nlp)
    corpus.extend(articles)
    assert corpus.ids == [a.id for a in articles]


def test_sample_articles_from_any_working_directory(tmp_path: Path) -> None:
    code = "import byline; a = byline.datasets.sample_articles(); print(len(a), a[3].id, len(a[4].text))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == [
        "5",
        "003_45d770aeda870f5f",
        str(len(article_paths()[4].read_bytes().decode("utf-8"))),
    ]
