"""Throughput of ``byline extract`` against the pipeline it runs, on the same news texts.

Builds a JSON Lines file in a temporary directory from Reuters-21578 (../shared/data/
reuters21578; news wire text, research use; never copied into the repository): every
article (title + body) once, then again in reverse order with other ids, about 34 MB.
Then, in one run:

(a) ``Pipeline.process_batch`` in this process (``nlp.pipe(texts, threads=T)``, batches
    of 256, texts already in memory as str, model loaded and warmed before timing): the
    reference, with all cores (T = 0) and with one thread (T = 1);
(b) ``byline extract FILE --format jsonl --out OUT`` and ``--format parquet`` in a
    subprocess with ``--threads 0`` and ``--threads 1``: wall time, CPU time of the child.
    The start-up of the command (interpreter, import, model load: timed apart on a
    one-article file, best of 3) is subtracted and printed, so the figure is the
    throughput once running; the raw figure is printed beside it.

Every measurement is the best of ``--repeats`` runs (default 3); MB are of article text
(UTF-8 bytes of the ``text`` field). Targets (issue 13): extract with all cores reaches
≥ 85 % of process_batch with all cores, and ≥ 1.8 × its own one-thread throughput on 2
cores.

    .venv/bin/python bench/extract_speed.py [--repeats 3] [--formats jsonl,parquet]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578" / "derived_reuters21578_title_body.txt.gz"
BYLINE = Path(sys.executable).parent / "byline"


def corpus(path: Path) -> List[Tuple[str, str]]:
    """(title, body) of every Reuters-21578 article with a body."""
    raw = gzip.open(path, "rt", encoding="utf-8").read()
    out = []
    for block in raw.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if len(lines) < 2:
            continue
        title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
        if len(body) > 40:
            out.append((title, body))
    return out


def write_jsonl(articles: List[Tuple[str, str]], path: Path) -> List[str]:
    texts = []
    with path.open("w", encoding="utf-8") as f:
        for copy, items in enumerate((articles, articles[::-1])):
            for k, (title, body) in enumerate(items):
                f.write(json.dumps({"id": f"r{copy}-{k}", "title": title, "published": "1987-03-02",
                                    "text": body}, ensure_ascii=False) + "\n")
                texts.append(body)
    return texts


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cli(args: List[str]) -> Tuple[float, float]:
    """(wall seconds, CPU seconds) of one `byline ...` run."""
    c0, t0 = child_cpu(), time.perf_counter()
    res = subprocess.run([str(BYLINE), *args], capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - t0, child_cpu() - c0
    if res.returncode != 0:
        raise SystemExit(f"byline {' '.join(args)} failed ({res.returncode}): {res.stderr[-2000:]}")
    return wall, cpu


def best(runs: List[Tuple[float, float]]) -> Tuple[float, float]:
    return min(runs, key=lambda r: r[0])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--formats", default="jsonl,parquet")
    a = ap.parse_args()
    if not REUTERS.is_file():
        print(f"Reuters-21578 not found at {REUTERS}", file=sys.stderr)
        return 2
    import byline

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="byline-extract-bench-") as tmp:
        tmpd = Path(tmp)
        data = tmpd / "news.jsonl"
        texts = write_jsonl(corpus(REUTERS), data)
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        one = tmpd / "one.jsonl"
        with data.open(encoding="utf-8") as f:
            one.write_text(f.readline(), encoding="utf-8")
        print(f"corpus: {len(texts):,} articles, {mb:.1f} MB of text ({data.stat().st_size / 1e6:.1f} MB JSON Lines), "
              f"{cores} cores, best of {a.repeats}")

        nlp = byline.load()
        list(nlp.pipe(texts[:200], threads=0))  # warm-up
        ref: Dict[int, float] = {}
        for threads in (0, 1):
            runs = []
            for _ in range(a.repeats):
                t0, c0 = time.perf_counter(), time.process_time()
                n = sum(1 for _ in nlp.pipe(texts, threads=threads, batch_size=256))
                runs.append((time.perf_counter() - t0, time.process_time() - c0))
            assert n == len(texts)
            wall, cpu = best(runs)
            ref[threads] = mb / wall
            label = "all cores" if threads == 0 else "1 thread "
            print(f"process_batch {label}: {mb / wall:6.2f} MB/s  ({wall:.2f} s wall, {cpu:.2f} CPU-s)")

        verdicts = []
        for fmt in [f for f in a.formats.split(",") if f]:
            suffix = ".parquet" if fmt == "parquet" else ".jsonl"
            start = best([run_cli(["extract", str(one), "--format", fmt, "--out", str(tmpd / f"one{suffix}")])
                          for _ in range(3)])[0]
            got: Dict[int, float] = {}
            for threads in (0, 1):
                out = tmpd / f"out{suffix}"
                wall, cpu = best([run_cli(["extract", str(data), "--format", fmt, "--out", str(out),
                                           "--threads", str(threads)]) for _ in range(a.repeats)])
                got[threads] = mb / max(wall - start, 1e-9)
                label = "all cores" if threads == 0 else "1 thread "
                print(f"extract --format {fmt:<7} {label}: {got[threads]:6.2f} MB/s after start-up "
                      f"({mb / wall:.2f} MB/s raw; {wall:.2f} s wall, {cpu:.2f} CPU-s, start-up {start:.2f} s)")
            ratio = got[0] / ref[0]
            scale = got[0] / got[1]
            verdicts.append((f"{fmt}: all cores / process_batch all cores", ratio, 0.85))
            verdicts.append((f"{fmt}: all cores / its own 1 thread", scale, 1.8 if cores >= 2 else 1.0))
        print()
        for name, value, target in verdicts:
            print(f"{name:<48} {value:5.2f}  (target >= {target:.2f}: {'PASS' if value >= target else 'FAIL'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
