"""Throughput of byline.dask.extract on a LocalCluster of 1, then 2 worker processes.

Builds N articles from the sample articles (examples/articles; each copy gets its own
id, a first line naming it, and its paragraphs rotated), runs ``byline.dask.extract``
on a LocalCluster with 1 worker process, then 2 (1 thread each), and prints articles/s
and the scaling ratio, with single-process ``byline.extract_frame`` as the reference::

    PYTHONPATH=<site with byline> .venv/bin/python bench/dask_scale.py --n 20000

The partitions are made on the workers (``dd.from_map``) and both tables are reduced
to row counts there, so the figures measure extraction, not moving articles or results
through the client. Cluster start-up and the first model load (a warm-up run on one
partition per worker) are not timed. The load average is printed with each figure:
other work on the machine lowers them; the workers' CPU time, as a share of
wall time x workers, shows how much of their cores they got, and articles per worker
CPU second give the scaling the workers would reach with a core each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"


def sample_texts() -> List[str]:
    paths = sorted(ARTICLES.glob("*.txt"))
    if not paths:
        sys.exit(f"no sample articles in {ARTICLES}")
    return [p.read_text(encoding="utf-8") for p in paths]


def make_rows(lo: int, hi: int, texts: List[str]) -> Any:
    """Articles lo..hi-1: sample lo % 5, paragraphs rotated by (lo // 5), a first line with the number."""
    import pandas as pd

    rows = []
    for i in range(lo, hi):
        paras = texts[i % len(texts)].split("\n\n")
        shift = (i // len(texts)) % len(paras)
        body = "\n\n".join(paras[shift:] + paras[:shift])
        rows.append(
            {"id": f"a{i}", "text": f"Report {i} from the wire.\n\n{body}", "published": f"2025-01-{1 + i % 28:02d}"}
        )
    return pd.DataFrame(rows, columns=["id", "text", "published"])


def make_partition(bounds: Any, texts: List[str]) -> Any:
    return make_rows(bounds[0], bounds[1], texts)


def run_cluster(workers: int, n: int, partitions: int, texts: List[str]) -> Dict[str, Any]:
    import dask
    import dask.dataframe as dd
    import distributed

    import byline.dask

    step = -(-n // partitions)
    bounds = [(lo, min(lo + step, n)) for lo in range(0, n, step)]
    with distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, worker_dashboard_address=None
    ) as cluster:
        with distributed.Client(cluster) as client:

            def counts(parts: List[Any]) -> Any:
                ddf = dd.from_map(
                    make_partition, parts, texts=texts, meta=make_rows(0, 0, texts), enforce_metadata=False
                )
                m, a = byline.dask.extract(ddf, id_column="id", date_column="published")
                return dask.compute(m.map_partitions(len).sum(), a.map_partitions(len).sum())

            counts([(k, k + 1) for k in range(workers * 2)])  # warm-up: imports and model load
            load = os.getloadavg()[0]
            cpu0 = client.run(time.process_time)
            t0 = time.perf_counter()
            mentions, articles = counts(bounds)
            seconds = time.perf_counter() - t0
            cpu = sum(client.run(time.process_time).values()) - sum(cpu0.values())
    assert articles == n, (articles, n)
    return {
        "workers": workers,
        "seconds": seconds,
        "articles_per_s": n / seconds,
        "mentions": int(mentions),
        "partitions": len(bounds),
        "worker_cpu_s": cpu,
        "cpu_share": cpu / (seconds * workers),
        "articles_per_cpu_s": n / cpu,
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


def run_single(n: int, texts: List[str], threads: int) -> Dict[str, Any]:
    import byline

    frame = make_rows(0, n, texts)
    nlp = byline.load()
    byline.extract_frame(frame.head(5), nlp)  # warm-up
    load = os.getloadavg()[0]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    mentions, articles = byline.extract_frame(frame, nlp, id_column="id", date_column="published", threads=threads)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    assert len(articles) == n
    return {
        "threads": threads,
        "seconds": seconds,
        "articles_per_s": n / seconds,
        "mentions": len(mentions),
        "cpu_s": cpu,
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


def main(argv: Any = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="number of articles (default 20000)")
    ap.add_argument("--partitions", type=int, default=40, help="input partitions (default 40)")
    ap.add_argument("--workers", default="1,2", help="worker process counts to run, comma-separated (default 1,2)")
    ap.add_argument(
        "--reference-threads",
        default="1",
        help="C++ threads of the single-process extract_frame runs, comma-separated; '' for none",
    )
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    texts = sample_texts()
    chars = sum(len(make_rows(i, i + 1, texts).text[0]) for i in range(len(texts))) / len(texts)
    print(
        f"{args.n} articles (~{chars:,.0f} chars each), {args.partitions} partitions, {os.cpu_count()} cores",
        flush=True,
    )
    out: Dict[str, Any] = {
        "n": args.n,
        "cores": os.cpu_count(),
        "command": " ".join(sys.argv),
        "single": [],
        "dask": [],
    }
    for t in [int(x) for x in args.reference_threads.split(",") if x.strip()]:
        r = run_single(args.n, texts, t)
        out["single"].append(r)
        print(
            f"extract_frame, 1 process, threads={t}: {r['articles_per_s']:8.1f} articles/s "
            f"({r['seconds']:.1f} s, {r['cpu_s']:.1f} CPU s; load {r['load_before']:.2f} -> "
            f"{r['load_after']:.2f})",
            flush=True,
        )
    for w in [int(x) for x in args.workers.split(",")]:
        r = run_cluster(w, args.n, args.partitions, texts)
        out["dask"].append(r)
        print(
            f"byline.dask, {w} worker(s) x 1 thread: {r['articles_per_s']:8.1f} articles/s "
            f"({r['seconds']:.1f} s, {r['worker_cpu_s']:.1f} worker CPU s = {r['cpu_share']:.0%} of "
            f"{w} core(s), {r['articles_per_cpu_s']:.1f} articles per worker CPU s; "
            f"load {r['load_before']:.2f} -> {r['load_after']:.2f})",
            flush=True,
        )
    by_workers = {r["workers"]: r["articles_per_s"] for r in out["dask"]}
    if 1 in by_workers and len(by_workers) > 1:
        for w, rate in sorted(by_workers.items()):
            if w != 1:
                out[f"scaling_{w}_vs_1"] = rate / by_workers[1]
                print(f"scaling {w} workers / 1 worker: {rate / by_workers[1]:.2f}x")
    by_cpu = {r["workers"]: r["articles_per_cpu_s"] for r in out["dask"]}
    if 1 in by_cpu and len(by_cpu) > 1:
        for w, rate in sorted(by_cpu.items()):
            if w != 1:  # what the scaling would be if each worker had a core of its own
                out[f"cpu_scaling_{w}_vs_1"] = w * rate / by_cpu[1]
                print(
                    f"CPU-bound scaling estimate {w} workers / 1 worker: {w * rate / by_cpu[1]:.2f}x "
                    f"({w} x articles per worker CPU s, {rate / by_cpu[1]:.0%} of 1 worker's)"
                )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
