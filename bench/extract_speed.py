"""Throughput of ``byline extract`` against the pipeline it runs, on the same news texts.

Builds a JSON Lines file in a temporary directory from Reuters-21578 (../shared/data/
reuters21578; news wire text, research use; never copied into the repository): every
article (title + body) once, then again in reverse order with other ids, about 34 MB.
Then, in one run:

(a) ``Pipeline.process_batch`` in this process (``nlp.pipe(texts, threads=T)``, in batches
    of as many texts as ``byline extract``'s (``--batch-size``, default 1024), texts already
    in memory as str, model loaded and warmed before timing): the reference, with all cores
    (T = 0) and with one thread (T = 1);
(b) ``byline extract FILE --format jsonl --out OUT`` and ``--format parquet`` in a
    subprocess with ``--threads 0`` and ``--threads 1``: wall time, CPU time of the child.
    ``--threads 1`` runs reading, the pipeline and writing on one thread (one core), so
    "its own one-thread throughput" is that of one core doing all the work.
    The start-up of the command (interpreter, import, model load: timed apart on a
    one-article file, best of 3) is subtracted and printed, so the figure is the
    throughput once running; the raw figure is printed beside it.

Every configuration runs once per round, in interleaved rounds (``--repeats``, default
3), and its best round counts, so that drifts of the machine's speed hit every system
alike; MB are of article text
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
from typing import Any, Dict, List, Optional, Tuple

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
                f.write(
                    json.dumps(
                        {"id": f"r{copy}-{k}", "title": title, "published": "1987-03-02", "text": body},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
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
    ap.add_argument("--json", metavar="OUT", help="write the figures to OUT (bench/results/ keeps the recorded runs)")
    a = ap.parse_args()
    if not REUTERS.is_file():
        print(f"Reuters-21578 not found at {REUTERS}", file=sys.stderr)
        return 2
    import byline
    from byline._extract import BATCH_SIZE

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="byline-extract-bench-") as tmp:
        tmpd = Path(tmp)
        data = tmpd / "news.jsonl"
        texts = write_jsonl(corpus(REUTERS), data)
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        one = tmpd / "one.jsonl"
        with data.open(encoding="utf-8") as f:
            one.write_text(f.readline(), encoding="utf-8")
        print(
            f"corpus: {len(texts):,} articles, {mb:.1f} MB of text ({data.stat().st_size / 1e6:.1f} MB JSON Lines), "
            f"{cores} cores, batches of {BATCH_SIZE}, best of {a.repeats}"
        )

        nlp = byline.load()
        list(nlp.pipe(texts[:200], threads=0))  # warm-up
        formats = [f for f in a.formats.split(",") if f]
        start: Dict[str, float] = {}
        for fmt in formats:
            suffix = ".parquet" if fmt == "parquet" else ".jsonl"
            start[fmt] = best(
                [
                    run_cli(["extract", str(one), "--format", fmt, "--out", str(tmpd / f"startup{suffix}")])
                    for _ in range(3)
                ]
            )[0]

        def pipe(threads: int) -> Tuple[float, float]:
            t0, c0 = time.perf_counter(), time.process_time()
            n = sum(1 for _ in nlp.pipe(texts, threads=threads, batch_size=BATCH_SIZE))
            assert n == len(texts)
            return time.perf_counter() - t0, time.process_time() - c0

        def cli(fmt: str, threads: int) -> Tuple[float, float]:
            out = tmpd / ("out.parquet" if fmt == "parquet" else "out.jsonl")
            return run_cli(["extract", str(data), "--format", fmt, "--out", str(out), "--threads", str(threads)])

        # Interleaved rounds (every configuration once per round), best of the rounds each:
        # the machine's speed drifts, and each system sees the same drift.
        configs = [("process_batch", None, 0), ("process_batch", None, 1)] + [
            ("extract", f, t) for f in formats for t in (0, 1)
        ]
        runs: Dict[Tuple[str, Optional[str], int], List[Tuple[float, float]]] = {c: [] for c in configs}
        for _ in range(a.repeats):
            for c in configs:
                runs[c].append(pipe(c[2]) if c[0] == "process_batch" else cli(c[1], c[2]))  # type: ignore[arg-type]
        ref: Dict[int, float] = {}
        ref_cpu: Dict[int, float] = {}
        for threads in (0, 1):
            wall, cpu = best(runs[("process_batch", None, threads)])
            ref[threads] = mb / wall
            ref_cpu[threads] = cpu
            label = "all cores" if threads == 0 else "1 thread "
            print(f"process_batch {label}: {mb / wall:6.2f} MB/s  ({wall:.2f} s wall, {cpu:.2f} CPU-s)")
        verdicts = []
        figures: Dict[str, Any] = {}
        for fmt in formats:
            got: Dict[int, float] = {}
            got_cpu: Dict[int, float] = {}
            for threads in (0, 1):
                wall, cpu = best(runs[("extract", fmt, threads)])
                got[threads] = mb / max(wall - start[fmt], 1e-9)
                got_cpu[threads] = cpu
                label = "all cores" if threads == 0 else "1 thread "
                print(
                    f"extract --format {fmt:<7} {label}: {got[threads]:6.2f} MB/s after start-up "
                    f"({mb / wall:.2f} MB/s raw; {wall:.2f} s wall, {cpu:.2f} CPU-s, start-up {start[fmt]:.2f} s)"
                )
            verdicts.append((f"{fmt}: all cores / process_batch all cores", got[0] / ref[0], 0.85))
            verdicts.append((f"{fmt}: all cores / its own 1 thread", got[0] / got[1], 1.8 if cores >= 2 else 1.0))
            figures[fmt] = {
                "all_cores_mb_s": got[0],
                "one_thread_mb_s": got[1],
                "startup_s": start[fmt],
                "all_cores_cpu_s": got_cpu[0],
                "one_thread_cpu_s": got_cpu[1],
            }
        print()
        for name, value, target in verdicts:
            print(f"{name:<48} {value:5.2f}  (target >= {target:.2f}: {'PASS' if value >= target else 'FAIL'})")
        if a.json:
            figures["process_batch"] = {
                "all_cores_mb_s": ref[0],
                "one_thread_mb_s": ref[1],
                "all_cores_cpu_s": ref_cpu[0],
                "one_thread_cpu_s": ref_cpu[1],
            }
            figures["ratios"] = {name: {"value": value, "target": target} for name, value, target in verdicts}
            record = {
                "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
                "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "cores": cores,
                "articles": len(texts),
                "mb": mb,
                "repeats": a.repeats,
                "batch_size": BATCH_SIZE,
                "figures": figures,
            }
            Path(a.json).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
