"""The notebooks run on the installed package in any working directory, and their saved outputs
are what running them gives now.

Every notebook runs in a new kernel in a temporary directory outside the repository
(build_notebooks.execute). 01 and 02 need the installed package only. 03 (CoNLL-2003) and 04
(the C++ example) are told where the optional data is, must find it and are compared with
their saved outputs; they are also run without it, where they must say what they skip and
still run to the end. Where the optional data is missing they skip, except under
BYLINE_REQUIRE_DATA (``make test`` where ../shared/data exists), where they fail.

    .venv/bin/python -m pytest notebooks          # what `make notebooks` runs
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_notebooks as bn  # noqa: E402

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

#: Saved PNG plots stay small, so that the notebooks stay reviewable in a diff.
MAX_PNG_BYTES = 60_000


def saved(name: str):  # -> nbformat.NotebookNode
    return nbformat.read(bn.HERE / name, as_version=4)


def test_generated_notebooks_match_their_cells() -> None:
    assert bn.stale() == [], "run notebooks/build_notebooks.py"


@pytest.mark.parametrize("name", bn.ALL)
def test_saved_outputs_are_reproducible_and_small(name: str) -> None:
    nb = saved(name)
    text = json.dumps(bn.text_outputs(nb), ensure_ascii=False)
    assert all(c.execution_count is not None for c in nb.cells if c.cell_type == "code"), "not executed"
    for where in (str(bn.REPO), str(bn.DATA_DIR), str(Path.home()), sys.prefix, "/tmp/"):
        assert where not in text, f"an output names {where}"
    assert not re.search(r"\b0x[0-9a-f]{6,}\b", text), "an output shows a memory address"
    assert not re.search(r"\b\d+\.\d+ ?(?:s|ms|seconds)\b|/s\b", text), "an output shows a timing"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png", "")
            assert len(png) * 3 // 4 <= MAX_PNG_BYTES, f"a {len(png) * 3 // 4} byte plot"
    assert set(nb.metadata) == {"kernelspec"}


@pytest.mark.parametrize("name", bn.ALL)
def test_saved_outputs_are_what_the_notebook_gives_now(name: str, tmp_path: Path) -> None:
    why = bn.missing(name)
    if why:
        if os.environ.get("BYLINE_REQUIRE_DATA"):
            pytest.fail(f"{name} needs {why} (BYLINE_REQUIRE_DATA is set)")
        pytest.skip(f"{name} needs {why}")
    nb = saved(name)
    ran = bn.execute(saved(name), tmp_path, name)
    diffs = bn.output_diff(nb, ran)
    assert not diffs, f"{name}: the saved outputs are stale (run notebooks/build_notebooks.py {name}):\n" + "\n".join(
        diffs
    )


@pytest.mark.parametrize("name", sorted(bn.NEEDS))
def test_runs_without_optional_data(name: str, tmp_path: Path) -> None:
    ran = bn.execute(saved(name), tmp_path, name, data=False)
    streams = "".join(out[2] for _, outs in bn.text_outputs(ran) for out in outs if out[0] == "stream")
    assert "SKIPPED" in streams, streams[:2000]
    pngs = sum("image/png" in out.get("data", {}) for c in ran.cells for out in c.get("outputs", []))
    assert pngs >= 1  # still shows its plots from what ships with the package
