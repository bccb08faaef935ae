"""Shared fixtures for the byline Python tests.

Slow tests are marked ``@pytest.mark.slow`` and run only with ``--slow``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_DIR = ROOT / "examples" / "articles"

# Short texts that exercise the awkward corners of the tokenizer.
SAMPLES: List[str] = [
    "",
    " ",
    "\n\n\t ",
    "Hello",
    "Putin’s directive, published on Dec. 30, said the U.S. would pay $5bn.",
    "Sberbank’s CEO, German Gref, said “no.” Then he left.\n\nA new paragraph.",
    "  leading and trailing spaces  ",
    "Mail press@example.com or visit https://www.kremlin.ru/events?id=1 #AI @Reuters",
    "Prices rose 3.5% to 1,000.50 roubles on 2025-01-01 at 10:30.",
    "café naïve coöperate résumé",
    "Привет, мир! Москва — столица России.",
    "中文测试。日本語のテキスト。한국어 문장.",
    "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇺🇦 end",
    "e\u0301 combining a\u0308 marks",
    "tab\tseparated\vvertical\fform\rreturn\u00a0nbsp\u2003emspace",
    "NUL\x00inside\x00text",
    "dashes—and–hyphens-here... ellipsis… «quotes» „low“",
    "\ufeffBOM at the start",
    "private use \ue000\U000f0000 and replacement \ufffd",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="also run slow tests")


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow; run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def article_paths() -> List[Path]:
    return sorted(ARTICLES_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def articles() -> List[str]:
    paths = article_paths()
    assert paths, f"no sample articles in {ARTICLES_DIR}"
    return [p.read_text(encoding="utf-8") for p in paths]


def require_file(path: Path, what: str) -> None:
    """Skip a test whose open data (../shared/data) or C++ build is missing, except under
    `make test` where the data exists and the builds run first (BYLINE_REQUIRE_DATA set):
    there the test fails instead."""
    if path.is_file():
        return
    if os.environ.get("BYLINE_REQUIRE_DATA"):
        pytest.fail(f"{what} not found at {path} (BYLINE_REQUIRE_DATA is set)")
    pytest.skip(f"{what} not found at {path}")


def schema_fields(section: str) -> Dict[str, str]:
    """{field: type column} of the table of docs/schema.md in the section whose heading
    starts with ``section`` (a field cell may name several fields)."""
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}", 1)[1].split("\n## ", 1)[0]
    fields: Dict[str, str] = {}
    for line in body.splitlines():
        if line.startswith("| `"):
            names, kind = line.split("|")[1:3]
            for name in re.findall(r"`([^`]+)`", names):
                fields[name] = kind.strip()
    return fields
