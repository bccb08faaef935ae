"""Sample data shipped with the package: five news articles that cover one story.

The articles are installed inside the package (``byline/data/articles``), so they are
there after a plain ``pip install``, in any working directory::

    >>> articles = byline.datasets.sample_articles()   # five byline.Article
    >>> [a.id for a in articles][:2]
    ['000_11915f40bc56dedd', '001_7844f7efe070cbc1']
    >>> docs = list(nlp.pipe(articles))                  # doc.meta["id"] is the article id

Five outlets report, around the turn of 2024/2025, that Vladimir Putin instructed the
Russian government and Sberbank to work with China on artificial intelligence. They are
the same files as ``examples/articles/*.txt`` in the source tree, read as
:func:`byline.read_text` reads a text file: ``id`` is the file stem; the files carry no
title, URL or publication date, so those fields are None (set ``published`` to anchor
relative dates).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import List

from byline import _core
from byline.articles import Article, read_text

__all__ = ["sample_article_paths", "sample_articles"]


def sample_article_paths() -> List[Path]:
    """The paths of the five sample article files (UTF-8 text) inside the installed package,
    sorted by name. Raises :class:`byline.InputError` when the package was installed
    without them."""
    directory = Path(str(resources.files("byline"))) / "data" / "articles"
    paths = sorted(directory.glob("*.txt"))
    if not paths:
        raise _core.InputError(f"no sample articles in {directory}: the package was installed without its data")
    return paths


def sample_articles() -> List[Article]:
    """The five sample articles as :class:`byline.Article` objects, in file-name order.

    Each call returns new objects, so changing one (e.g. its ``published`` date) does not
    change the next call's. ``id`` is the file stem (``"000_11915f40bc56dedd"``, ...);
    ``text`` is the file's text, line ends as they are.
    """
    return [read_text(p) for p in sample_article_paths()]
