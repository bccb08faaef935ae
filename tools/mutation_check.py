#!/usr/bin/env python3
"""Plants known bugs in a copy of the tree, one at a time, and checks that the C++ test
suite catches each of them.

    .venv/bin/python tools/mutation_check.py [--dir ../byline-mutation] [--only NAME,...] [--keep]

The tracked files of the working tree (with uncommitted changes) are copied to a new
directory made in --dir (default: beside the repository, so that ../shared/data resolves as
it does for the repository itself; only that new directory is removed afterwards), built once (Release, tests on), and then for each mutation: the one
line is replaced, the tests are rebuilt incrementally and run (`byline_tests`, the whole
Catch2 suite, data tests included), the file is restored. A mutation the suite passes is
a "survivor": a bug the tests would let through; a mutation that does not compile is
"broken" (it says nothing about the tests). The table goes into the closing note of
the work that changed the tests; the exit status is 1 when anything survives.

A mutation is a (file, exact text, replacement) triple: the text must occur exactly once
in the file, so an edit of the code that moves it makes the script fail loudly instead of
checking nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Mutation:
    name: str
    path: str
    old: str
    new: str


MUTATIONS = [
    Mutation(
        "decoder: a sentence may end inside an entity",
        "cpp/src/ner/features.cpp",
        "bool allowed_end(const std::string& label) { return label[0] == 'O' || label[0] == 'L' || label[0] == 'U'; }",
        "bool allowed_end(const std::string& label) { return label.size() > 0; }",
    ),
    Mutation(
        "decoder: I-/L- allowed after O (BILOU transitions)",
        "cpp/src/ner/features.cpp",
        "      bool inside = pp == 'B' || pp == 'I';",
        "      bool inside = pp == 'B';",
    ),
    Mutation(
        "decoder: Viterbi prefers the later label on ties",
        "cpp/src/ner/features.cpp",
        "    if (v > best) {",
        "    if (v >= best) {",
    ),
    Mutation(
        "evaluation: precision over gold instead of predictions",
        "cpp/src/ner/conll.cpp",
        "  s.precision = pct(s.correct, s.predicted);",
        "  s.precision = pct(s.correct, s.gold);",
    ),
    Mutation(
        "doc: character offsets count UTF-8 continuation bytes",
        "cpp/src/doc.cpp",
        "  for (std::uint32_t b = base_byte; b < byte_offset; ++b) n += !is_continuation(static_cast<unsigned char>(text_[b]));",
        "  for (std::uint32_t b = base_byte; b < byte_offset; ++b) n += 1;",
    ),
    Mutation(
        "ner: span confidence sigmoid with the wrong sign",
        "cpp/src/ner/model.cpp",
        "  return static_cast<float>(1.0 / (1.0 + std::exp(-z)));",
        "  return static_cast<float>(1.0 / (1.0 + std::exp(z)));",
    ),
    Mutation(
        "ner: a LOC in a country/city gazetteer stays LOC (CoNLL-typed models)",
        "cpp/src/ner/model.cpp",
        '    return (bits & impl_->res.gpe_mask) ? "GPE" : "LOC";',
        '    return (bits & impl_->res.gpe_mask) ? "LOC" : "LOC";',
    ),
    Mutation(
        "ner: word-vector rows never looked up",
        "cpp/src/ner/features.cpp",
        "    if (v) t.vrow = *v;",
        "    if (v) t.vrow = -1;",
    ),
]


def run(cmd: list, cwd: Path, log: Path, timeout: float) -> int:
    with open(log, "ab") as f:
        f.write(("\n$ " + " ".join(cmd) + "\n").encode())
        f.flush()
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            f.write(b"\n[timed out]\n")
            return 124


def copy_tree(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        rel = raw.decode()
        src = ROOT / rel
        if not src.is_file():
            continue
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_bytes() != src.read_bytes():
            shutil.copy2(src, out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--dir",
        default=str(ROOT.parent),
        help="the copy is built in a new directory made here (default: beside the repository, so ../shared resolves)",
    )
    ap.add_argument("--only", default="", help="comma-separated substrings of mutation names")
    ap.add_argument("--keep", action="store_true", help="keep the copy and its build afterwards")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per build or test run")
    a = ap.parse_args(argv)
    only = [s.strip() for s in a.only.split(",") if s.strip()]
    todo = [m for m in MUTATIONS if not only or any(s in m.name for s in only)]
    parent = Path(a.dir).resolve()
    if parent == ROOT or ROOT in parent.parents:
        ap.error("--dir must be outside the repository")
    dest = Path(tempfile.mkdtemp(prefix="byline-mutation-", dir=parent))  # only this directory is removed
    log = dest / "mutation_check.log"
    log.write_text("")
    copy_tree(dest)
    for m in todo:
        n = (dest / m.path).read_text(encoding="utf-8").count(m.old)
        if n != 1:
            print(
                f"mutation '{m.name}': the text occurs {n} times in {m.path}, not once; update MUTATIONS",
                file=sys.stderr,
            )
            return 2
    cmake = str(ROOT / ".venv" / "bin" / "cmake") if (ROOT / ".venv" / "bin" / "cmake").exists() else "cmake"
    build = dest / "build"
    env_jobs = str(os.cpu_count() or 2)
    print(f"building the unmutated copy in {build} (log: {log})", flush=True)
    t0 = time.time()
    if (
        run(
            [
                cmake,
                "-S",
                ".",
                "-B",
                "build",
                "-G",
                "Ninja",
                "-DCMAKE_BUILD_TYPE=Release",
                "-DBYLINE_BUILD_TESTS=ON",
                "-DBYLINE_BUILD_TOOLS=OFF",
            ],
            dest,
            log,
            a.timeout,
        )
        != 0
        or run([cmake, "--build", "build", "-j", env_jobs, "--target", "byline_tests"], dest, log, a.timeout) != 0
    ):
        print("the unmutated copy does not build; see the log", file=sys.stderr)
        return 2
    tests = build / "tests" / "cpp" / "byline_tests"
    if run([str(tests)], dest, log, a.timeout) != 0:
        print("the unmutated copy fails its own tests; see the log", file=sys.stderr)
        return 2
    print(f"  built and passed in {time.time() - t0:.0f} s", flush=True)
    rows = []
    for m in todo:
        f = dest / m.path
        original = f.read_text(encoding="utf-8")
        f.write_text(original.replace(m.old, m.new), encoding="utf-8")
        t1 = time.time()
        try:
            if run([cmake, "--build", "build", "-j", env_jobs, "--target", "byline_tests"], dest, log, a.timeout) != 0:
                verdict = "BROKEN (does not build)"  # a mutation must compile to say anything
            else:
                rc = run([str(tests)], dest, log, a.timeout)
                verdict = "caught" if rc != 0 else "SURVIVED"
        finally:
            f.write_text(original, encoding="utf-8")
            os.utime(f)  # rebuilt unmutated before the next mutation
        rows.append((m.name, verdict, time.time() - t1))
        print(f"  {verdict:<24} {m.name} ({time.time() - t1:.0f} s)", flush=True)
    print("\n| planted bug | file | C++ suite |\n|---|---|---|")
    for (name, verdict, _), m in zip(rows, todo):
        print(f"| {name} | {m.path} | {verdict} |")
    survived = [r for r in rows if r[1] != "caught"]
    print(f"\n{len(rows) - len(survived)} of {len(rows)} planted bugs caught")
    if a.keep:
        print(f"copy kept in {dest}")
    else:
        shutil.rmtree(dest, ignore_errors=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
