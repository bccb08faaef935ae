"""Randomised invocations of the `byline` command line (hypothesis): random input trees
(text, JSON Lines, invalid UTF-8, formula-like cells, nested directories, empty files)
walked with random options and output places, the output often inside the input
directory or named as an input. Every run must end within its timeout with a status of 0,
1 or 2 and no traceback, never read its own output back, and write CSV without live
formula cells. A short run here (`make test`); more examples with BYLINE_FUZZ_EXAMPLES=N.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CLI = [sys.executable, "-m", "byline.cli"]
ENV = dict(os.environ, PYTHONIOENCODING="utf-8")
EXAMPLES = int(os.environ.get("BYLINE_FUZZ_EXAMPLES", "12"))

CONTENTS = [
    b"Vladimir Putin met Xi Jinping in Moscow on Monday.",
    b'=HYPERLINK("http://x")\n+1 and -2 and @SUM(A1)\n',
    b"\xff\xfe not UTF-8 \xc3",
    b"",
    b'{"id": "j1", "text": "Sberbank said revenue rose 15%."}\n{"id": "=cmd", "text": "Anna met Bo."}\n',
    b'{"id": 1, "text": 5}\nnot json\n',
    b"Line one.\r\nLine two in Paris.\r\n",
]
NAMES = ["a.txt", "b.jsonl", "sub/c.txt", "sub/deeper/d.jsonl", ".hidden.txt", "e.html", "f"]

tree = st.lists(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(CONTENTS)), min_size=1, max_size=4, unique_by=lambda x: x[0]
)
invocation = st.fixed_dictionaries(
    {
        "command": st.sampled_from(["extract", "tokenize"]),
        "format": st.sampled_from([None, "jsonl", "csv"]),
        "out": st.sampled_from(["none", "inside", "outside", "an-input"]),
        "on_error": st.sampled_from([None, "skip", "raise"]),
        "inputs": st.sampled_from(["dir", "file", "both", "dir-twice"]),
    }
)


def build(root: Path, files: List[Tuple[str, bytes]]) -> Path:
    d = root / "in"
    d.mkdir()
    for name, data in files:
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return d


def argv(inv: Dict[str, Any], d: Path, files: List[Tuple[str, bytes]], root: Path) -> Tuple[List[str], Optional[Path]]:
    first = d / files[0][0]
    inputs = {"dir": [str(d)], "file": [str(first)], "both": [str(d), str(first)], "dir-twice": [str(d), str(d)]}
    args = [inv["command"], *inputs[inv["inputs"]]]
    out: Optional[Path] = None
    ext = ".csv" if inv["format"] == "csv" else ".jsonl"
    if inv["out"] == "inside":
        out = d / f"zz_out{ext}"
    elif inv["out"] == "outside":
        out = root / f"out{ext}"
    elif inv["out"] == "an-input":
        out = first
    if inv["command"] == "extract":
        if inv["format"]:
            args += ["--format", inv["format"]]
        if inv["on_error"]:
            args += ["--on-error", inv["on_error"]]
        if out is not None:
            args += ["--out", str(out)]
    else:
        out = None  # tokenize writes to standard output only
    return args, out


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=tree, inv=invocation)
def test_random_invocations_end_cleanly(files: List[Tuple[str, bytes]], inv: Dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        d = build(root, files)
        args, out = argv(inv, d, files, root)
        before = {p: p.read_bytes() for p in d.rglob("*") if p.is_file()}
        res = subprocess.run([*CLI, *args], capture_output=True, env=ENV, timeout=120, check=False, cwd=root)
        err = res.stderr.decode("utf-8", "replace")
        assert res.returncode in (0, 1, 2), (args, err)
        assert "Traceback" not in err, (args, err)
        # Inputs are never overwritten (an output named as an input is refused).
        for p, data in before.items():
            assert p.read_bytes() == data, (args, p)
        produced = out.read_bytes() if out is not None and out.exists() and out not in before else res.stdout
        # The output is never read back: bounded, and no record comes from it.
        assert len(produced) < 2_000_000, args
        text = produced.decode("utf-8", "replace")
        assert "zz_out" not in text, (args, text[:500])
        if inv["command"] == "extract" and inv["format"] == "csv" and res.returncode == 0 and produced:
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    assert not cell or cell[0] not in "=+@\t\r" or cell.startswith("'"), (args, cell)
        if inv["command"] == "extract" and inv["format"] == "jsonl" and res.returncode == 0:
            for line in text.splitlines():
                json.loads(line)
