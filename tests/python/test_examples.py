"""examples/python: the documented DuckDB query over `byline extract` Parquet output runs and finds the story."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_query_parquet_with_duckdb() -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    res = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / "query_parquet.py")],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    out = res.stdout.decode()
    sections = out.split("-- ")
    assert [s.splitlines()[0] for s in sections[1:]] == [
        "most mentioned people and organisations",
        "dates given by each article",
        "articles",
    ]
    top = sections[1]
    sber = next(line.split() for line in top.splitlines() if " Sberbank " in f" {line} ")
    assert sber[0] == "ORG" and sber[-1] == "5"  # named in all five articles
    assert "2025-01-01" in sections[2] and "P6M/P9M" in sections[2]
    assert len(sections[3].strip().splitlines()) == 2 + 5  # title, header, one row per article
