#!/usr/bin/env python3
"""Tokenizer speed: byline (C++ and Python) against spaCy, NLTK and HF tokenizers.

    .venv/bin/python bench/tokenize_speed.py                 # 50 MB, every tokenizer
    .venv/bin/python bench/tokenize_speed.py --mb 2          # quick smoke run
    .venv/bin/python bench/tokenize_speed.py --skip spacy,nltk --json out.json

The corpus is built in memory at run time: the sample articles in
examples/articles/*.txt plus the CoNLL-2003 English text (eng.train, eng.testa;
each sentence rebuilt by joining its tokens with spaces, -DOCSTART- lines
skipped, each CoNLL document one paragraph of its sentences), repeated in that
order until it holds --mb MB (MB = 10^6 bytes of UTF-8). Every article and every
CoNLL document is one input text. The corpus is written to a temporary
directory (NUL-separated documents) and each tokenizer runs in its own
subprocess, so memory figures do not contaminate each other.

Figures per tokenizer: MB/s and tokens/s (median of --repeat passes; each
tokenizer counts its own tokens, so tokens/s differ in meaning between them;
MB/s is the comparable figure), and the peak RSS growth during the first pass
divided by the MB of text. Targets are reported as PASS/FAIL lines; a missed
target never makes this script exit non-zero. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = REPO / "examples" / "articles"
DEFAULT_CONLL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "conll2003"
DEFAULT_BINARY = REPO / "build-bench" / "bench" / "tokenize_speed"

MB = 1_000_000

# name -> (description, measured on the subset by default?)
TOKENIZERS = {
    "byline-cpp": "byline C++ Tokenizer::tokenize, one core (bench/tokenize_speed.cpp)",
    "byline-cpp-all": "byline C++ tokenize_batch, all cores",
    "byline-py-1": "byline.tokenize_batch(texts, threads=1)",
    "byline-py-all": "byline.tokenize_batch(texts, threads=0)  (all cores)",
    "spacy": 'spacy.blank("en").tokenizer.pipe(texts)',
    "nltk": "nltk word_tokenize(text, preserve_line=True)",
    "hf-bert": "tokenizers BertPreTokenizer().pre_tokenize_str(text)",
}
# Slow peers are measured on the first --subset-mb MB of the same corpus.
SUBSET_DEFAULT = ("spacy", "nltk")
# --skip accepts these group names too.
SKIP_ALIASES = {
    "byline": ["byline-cpp", "byline-cpp-all", "byline-py-1", "byline-py-all"],
    "cpp": ["byline-cpp", "byline-cpp-all"],
    "byline-py": ["byline-py-1", "byline-py-all"],
    "python": ["byline-py-1", "byline-py-all"],
    "hf": ["hf-bert"],
    "tokenizers": ["hf-bert"],
    "bert": ["hf-bert"],
    "all-cores": ["byline-cpp-all", "byline-py-all"],
}

NLTK_NOTE = (
    "NLTK runs word_tokenize(text, preserve_line=True): it skips the punkt sentence "
    "splitter, whose model download cannot work offline, and treats each document as one line."
)


# ---------------------------------------------------------------- corpus ----


def conll_documents(path: Path) -> list[str]:
    """CoNLL-2003 file -> one text per document (sentences joined by a space)."""
    docs: list[str] = []
    sents: list[str] = []
    toks: list[str] = []

    def end_sentence() -> None:
        if toks:
            sents.append(" ".join(toks))
            toks.clear()

    def end_document() -> None:
        end_sentence()
        if sents:
            docs.append(" ".join(sents))
            sents.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                end_sentence()
                continue
            word = line.split(" ", 1)[0]
            if word == "-DOCSTART-":
                end_document()
                continue
            toks.append(word)
    end_document()
    return docs


def build_corpus(mb: float, articles_dir: Path, conll_dir: Path) -> tuple[list[str], dict]:
    """Repeats articles + CoNLL docs until the corpus holds >= mb * 10^6 UTF-8 bytes."""
    articles = [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(str(articles_dir / "*.txt")))]
    conll: list[str] = []
    conll_files = []
    for name in ("eng.train", "eng.testa"):
        p = conll_dir / name
        if p.exists():
            conll += conll_documents(p)
            conll_files.append(str(p))
    unit = articles + conll
    if not unit:
        raise SystemExit(f"no input text found in {articles_dir} or {conll_dir}")
    unit_bytes = [len(t.encode("utf-8")) for t in unit]
    target = int(mb * MB)
    docs: list[str] = []
    total = 0
    rounds = 0
    while total < target:
        rounds += 1
        for t, n in zip(unit, unit_bytes):
            docs.append(t)
            total += n
            if total >= target:
                break
    info = {
        "articles": len(articles),
        "articles_dir": str(articles_dir),
        "conll_files": conll_files,
        "conll_documents": len(conll),
        "unique_bytes": sum(unit_bytes),
        "rounds": rounds,
        "documents": len(docs),
        "bytes": total,
        "mb": total / MB,
    }
    return docs, info


def write_corpus(docs: list[str], path: Path) -> None:
    with open(path, "wb") as f:
        f.write(b"\0".join(t.encode("utf-8") for t in docs))


def read_corpus(path: Path, max_bytes: int) -> tuple[list[str], int]:
    """First documents of the corpus file until >= max_bytes (0 = all); same rule as the C++ binary."""
    raw = Path(path).read_bytes()
    docs: list[str] = []
    total = 0
    for part in raw.split(b"\0"):
        if not part:
            continue
        docs.append(part.decode("utf-8"))
        total += len(part)
        if max_bytes and total >= max_bytes:
            break
    return docs, total


# ---------------------------------------------------------------- memory ----


def _status_bytes(key: str) -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# ---------------------------------------------------------------- workers ----
# Each returns (run, count): run(texts) tokenizes and returns what the API returns
# (kept until the pass ends when `retain`), count(result) gives the number of tokens.


def _make_byline(threads: int):
    import byline

    def run(texts):
        return byline.tokenize_batch(texts, threads=threads)

    def count(docs):
        return sum(len(d) for d in docs)

    version = getattr(byline, "__version__", "?")
    return run, count, f"byline {version}", True


def _make_spacy():
    import spacy

    nlp = spacy.blank("en")
    tok = nlp.tokenizer

    def run(texts):
        n = 0
        for doc in tok.pipe(texts, batch_size=1000):
            n += len(doc)
        return n

    return run, int, f"spacy {spacy.__version__}", False


def _make_nltk():
    import nltk
    from nltk.tokenize import word_tokenize

    def run(texts):
        n = 0
        for t in texts:
            n += len(word_tokenize(t, preserve_line=True))
        return n

    return run, int, f"nltk {nltk.__version__}", False


def _make_hf():
    import tokenizers
    from tokenizers.pre_tokenizers import BertPreTokenizer

    pre = BertPreTokenizer()

    def run(texts):
        n = 0
        for t in texts:
            n += len(pre.pre_tokenize_str(t))
        return n

    return run, int, f"tokenizers {tokenizers.__version__}", False


WORKERS = {
    "byline-py-1": lambda: _make_byline(1),
    "byline-py-all": lambda: _make_byline(0),
    "spacy": _make_spacy,
    "nltk": _make_nltk,
    "hf-bert": _make_hf,
}


def worker_main(name: str, corpus: Path, max_bytes: int, repeat: int) -> dict:
    run, count, version, retains = WORKERS[name]()
    texts, nbytes = read_corpus(corpus, max_bytes)
    text_mb = nbytes / MB
    count(run(texts[:1]))  # warm-up: imports, lazy tables
    gc.collect()
    gc.disable()  # like timeit: no cyclic-GC pauses inside the timed region
    baseline = _status_bytes("VmRSS")
    peak_ok = _reset_peak()
    secs = []
    tokens = 0
    peak = 0
    cpu_secs = []
    for i in range(repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        out = run(texts)
        t1 = time.perf_counter()
        cpu_secs.append(time.process_time() - c0)
        secs.append(t1 - t0)
        if i == 0:
            peak = _status_bytes("VmHWM") if peak_ok else 0
            tokens = count(out)
        del out
        gc.collect()
    gc.enable()
    med = statistics.median(secs)
    res = {
        "tool": name,
        "version": version,
        "docs": len(texts),
        "bytes": nbytes,
        "tokens": tokens,
        "passes": repeat,
        "seconds": [round(s, 6) for s in secs],
        "mb_per_s": text_mb / med,
        "mb_per_s_best": text_mb / min(secs),
        "cpu_seconds": [round(s, 6) for s in cpu_secs],
        "cpu_mb_per_s": text_mb / statistics.median(cpu_secs),
        "tokens_per_s": tokens / med,
        "rss_baseline_mb": baseline / MB,
        "outputs_retained": retains,
    }
    if peak_ok and peak:
        delta = max(peak - baseline, 0) / MB
        res.update(peak_rss_mb=peak / MB, peak_rss_delta_mb=delta, peak_rss_delta_per_text_mb=delta / text_mb)
    return res


# ---------------------------------------------------------------- driver ----


def run_cpp(binary: Path, corpus: Path, threads: int, repeat: int, timeout: float) -> dict:
    cmd = [str(binary), "--passes", str(repeat), "--threads", str(threads), str(corpus)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip() or f"exit code {p.returncode}")
    res = json.loads(p.stdout)
    res["tool"] = "byline-cpp" if threads == 1 else "byline-cpp-all"
    res["version"] = f"byline {res.get('byline_version', '?')} (C++)"
    res["outputs_retained"] = True
    return res


def run_worker(name: str, corpus: Path, max_bytes: int, repeat: int, timeout: float) -> dict:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        name,
        "--corpus",
        str(corpus),
        "--max-bytes",
        str(max_bytes),
        "--repeat",
        str(repeat),
    ]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        lines = [ln for ln in p.stderr.strip().splitlines() if ln.strip()]
        raise RuntimeError(lines[-1] if lines else f"exit code {p.returncode}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def find_binary(explicit: str | None) -> Path | None:
    if explicit:
        return Path(explicit)
    for cand in (
        DEFAULT_BINARY,
        REPO / "build" / "bench" / "bench" / "tokenize_speed",
        REPO / "build" / "bench" / "tokenize_speed",
    ):
        if cand.exists():
            return cand
    return None


def parse_skip(values: list[str]) -> set[str]:
    out: set[str] = set()
    for v in values:
        for item in v.split(","):
            item = item.strip().lower()
            if not item:
                continue
            if item in TOKENIZERS:
                out.add(item)
            elif item in SKIP_ALIASES:
                out.update(SKIP_ALIASES[item])
            else:
                raise SystemExit(
                    f"--skip: unknown tokenizer {item!r}; choose from "
                    f"{', '.join(list(TOKENIZERS) + list(SKIP_ALIASES))}"
                )
    return out


def git_revision() -> str:
    """Short commit of the repo, with "+dirty" when cpp/ or python/ has uncommitted changes."""
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "cpp", "python"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return (rev or "unknown") + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def fmt(x: float | None, spec: str = ".1f") -> str:
    return "n/a" if x is None else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (10^6 bytes), default 50")
    ap.add_argument(
        "--subset-mb",
        type=float,
        default=5.0,
        help="spaCy and NLTK run on the first this many MB of the corpus (default 5; 0 or >= --mb = the whole corpus)",
    )
    ap.add_argument("--full", action="store_true", help="run every tokenizer on the whole corpus")
    ap.add_argument(
        "--skip",
        action="append",
        default=[],
        help="comma-separated tokenizers to skip: "
        + ", ".join(TOKENIZERS)
        + " (or groups: byline, cpp, python, hf, all-cores)",
    )
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per tokenizer; the median is reported")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the whole set of tokenizers this many times, interleaved, and keep each "
        "tokenizer's best round (for machines shared with other work); default 1",
    )
    ap.add_argument("--json", metavar="OUT", help="also write all figures to this JSON file")
    ap.add_argument("--binary", help=f"bench/tokenize_speed.cpp binary (default {DEFAULT_BINARY})")
    ap.add_argument("--articles", default=str(DEFAULT_ARTICLES), help="directory of *.txt articles")
    ap.add_argument("--conll", default=str(DEFAULT_CONLL), help="directory with eng.train and eng.testa")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per tokenizer subprocess")
    ap.add_argument(
        "--write-corpus",
        metavar="FILE",
        help="only write the corpus (NUL-separated documents) to FILE and exit, e.g. for perf",
    )
    # internal: one tokenizer in a subprocess
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--max-bytes", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        print(json.dumps(worker_main(args.worker, Path(args.corpus), args.max_bytes, args.repeat)))
        return 0

    if args.mb <= 0 or args.repeat < 1 or args.rounds < 1:
        ap.error("--mb must be > 0, --repeat and --rounds >= 1")
    skip = parse_skip(args.skip)
    command = "python " + " ".join([os.path.relpath(__file__, REPO)] + (argv if argv is not None else sys.argv[1:]))

    docs, corpus = build_corpus(args.mb, Path(args.articles), Path(args.conll))
    if args.write_corpus:
        write_corpus(docs, Path(args.write_corpus))
        print(f"wrote {args.write_corpus}: {corpus['mb']:.2f} MB, {corpus['documents']} documents")
        return 0
    subset_bytes = 0 if (args.full or args.subset_mb <= 0 or args.subset_mb >= args.mb) else int(args.subset_mb * MB)

    revision = git_revision()
    print(
        f"byline tokenizer benchmark  {datetime.date.today().isoformat()}  repo {revision}  "
        f"{os.cpu_count()} cores  {platform.processor() or platform.machine()}  Python {platform.python_version()}"
    )
    print(
        f"corpus: {corpus['mb']:.2f} MB (10^6 bytes UTF-8), {corpus['documents']} documents = "
        f"{corpus['rounds']} round(s) of {corpus['articles']} articles + {corpus['conll_documents']} CoNLL-2003 "
        f"documents ({corpus['unique_bytes'] / MB:.2f} MB unique text)"
    )
    if subset_bytes:
        print(
            f"subset: {', '.join(SUBSET_DEFAULT)} are measured on the first {subset_bytes / MB:g} MB of the same "
            f"corpus (same document order and mix); MB/s is a rate, so the figures compare directly"
        )
    print(
        f"timing: median of {args.repeat} pass(es) per tokenizer, each in its own subprocess, cyclic GC off "
        f"while timing" + (f"; best of {args.rounds} interleaved rounds" if args.rounds > 1 else "")
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(
            f"warning: 1-minute load average is {load:.2f} before the run; other processes share the cores "
            f"and the figures will be low"
        )
    print()

    results: dict[str, dict] = {}
    errors: dict[str, str] = {}
    binary = find_binary(args.binary)
    if binary is not None:
        print(f"C++ binary: {binary}")
    tmp = Path(tempfile.mkdtemp(prefix="byline-bench-"))
    try:
        corpus_path = tmp / "corpus.txt"
        write_corpus(docs, corpus_path)
        del docs
        for rnd in range(args.rounds):
            if args.rounds > 1:
                print(f"round {rnd + 1} of {args.rounds}")
            for name, desc in TOKENIZERS.items():
                if name in skip or name in errors:
                    continue
                print(f"  running {name:15s} {desc} ...", end="", flush=True)
                t0 = time.perf_counter()
                try:
                    if name.startswith("byline-cpp"):
                        if binary is None or not binary.exists():
                            raise RuntimeError(
                                "binary not built: cmake -S . -B build-bench -G Ninja "
                                "-DBYLINE_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release && "
                                "cmake --build build-bench"
                            )
                        res = run_cpp(binary, corpus_path, 1 if name == "byline-cpp" else 0, args.repeat, args.timeout)
                    else:
                        limit = subset_bytes if name in SUBSET_DEFAULT else 0
                        res = run_worker(name, corpus_path, limit, args.repeat, args.timeout)
                    res["subset"] = res["bytes"] < corpus["bytes"]
                    # With --rounds, keep the round with the highest median MB/s (least disturbed).
                    prev = results.get(name)
                    history = (prev or {}).get("rounds_mb_per_s", []) + [res["mb_per_s"]]
                    if prev is None or res["mb_per_s"] > prev["mb_per_s"]:
                        results[name] = res
                    results[name]["rounds_mb_per_s"] = history
                    print(f" {time.perf_counter() - t0:.1f} s  ({res['mb_per_s']:.2f} MB/s)")
                except Exception as e:  # noqa: BLE001 - report and go on with the other tokenizers
                    errors[name] = str(e)
                    print(f" unavailable: {e}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # ---- table ----
    print()
    hdr = (
        f"{'tokenizer':15s} {'MB/s':>8s} {'best':>8s} {'MB/cpu-s':>9s} {'Mtok/s':>8s} {'tok/KB':>7s} {'text MB':>8s} "
        f"{'peak RSS/MB':>12s}  version"
    )
    print(hdr)
    print("-" * len(hdr))
    for name, r in results.items():
        mem = r.get("peak_rss_delta_per_text_mb")
        mem_s = fmt(mem, ".2f") + ("" if r.get("outputs_retained") else "*")
        print(
            f"{name:15s} {r['mb_per_s']:8.2f} {r['mb_per_s_best']:8.2f} {r.get('cpu_mb_per_s', 0):9.2f} {r['tokens_per_s'] / 1e6:8.3f} {r['tokens'] / r['bytes'] * 1000:7.1f} "
            f"{r['bytes'] / MB:8.2f} {mem_s:>12s}  {r['version']}{'  [subset]' if r['subset'] else ''}"
        )
    print()
    print(
        "MB/s and Mtok/s: wall clock, median pass; best: fastest pass. MB/cpu-s: MB per CPU-second of the process (user+system, "
        "all threads), which other load on the machine disturbs less."
    )
    print("tok/KB: tokens per 1000 bytes in that tokenizer's own segmentation.")
    print(
        "peak RSS/MB: peak RSS growth during the first pass / MB of text, with every output kept until the "
        "pass ends (byline: the Docs the batch API returns)."
    )
    print("  * = outputs counted and dropped per document (streaming), so this is working memory only.")
    if "nltk" in results or "nltk" in errors:
        print(NLTK_NOTE)
    for name, e in errors.items():
        print(f"{name}: unavailable ({e})")

    # ---- ratios and targets ----
    def rate(name: str) -> float | None:
        r = results.get(name)
        return r["mb_per_s"] if r else None

    def ratio(a: str, b: str) -> float | None:
        ra, rb = rate(a), rate(b)
        return ra / rb if ra and rb else None

    def cpu_rate(name: str) -> float | None:
        r = results.get(name)
        return r.get("cpu_mb_per_s") if r else None

    def cpu_ratio(a: str, b: str) -> float | None:
        ra, rb = cpu_rate(a), cpu_rate(b)
        return ra / rb if ra and rb else None

    ratios = {
        "byline-py-1/spacy": ratio("byline-py-1", "spacy"),
        "byline-py-all/spacy": ratio("byline-py-all", "spacy"),
        "byline-py-1/hf-bert": ratio("byline-py-1", "hf-bert"),
        "byline-py-all/hf-bert": ratio("byline-py-all", "hf-bert"),
        "byline-py-1/nltk": ratio("byline-py-1", "nltk"),
        "byline-py-1/byline-cpp": ratio("byline-py-1", "byline-cpp"),
        "byline-py-all/byline-py-1": ratio("byline-py-all", "byline-py-1"),
        "byline-cpp-all/byline-cpp": ratio("byline-cpp-all", "byline-cpp"),
        "byline-cpp/100MB/s": (rate("byline-cpp") / 100.0) if rate("byline-cpp") else None,
    }
    cpu_ratios = {
        "byline-py-1/spacy": cpu_ratio("byline-py-1", "spacy"),
        "byline-py-1/hf-bert": cpu_ratio("byline-py-1", "hf-bert"),
        "byline-py-1/nltk": cpu_ratio("byline-py-1", "nltk"),
        "byline-py-1/byline-cpp": cpu_ratio("byline-py-1", "byline-cpp"),
        "byline-cpp/100MB/s": (cpu_rate("byline-cpp") / 100.0) if cpu_rate("byline-cpp") else None,
    }
    print()
    print(f"ratios (MB/s over MB/s)        {'wall':>7s} {'cpu-time':>9s}")
    for k, v in ratios.items():
        cpu = fmt(cpu_ratios.get(k), ".2f") if k in cpu_ratios else ""
        print(f"  {k:28s} {fmt(v, '.2f'):>7s} {cpu:>9s}")

    def target(label: str, value: float | None, cpu_value: float | None, goal: float, unit: str) -> dict:
        def status(v: float | None) -> str:
            return "SKIP" if v is None else ("PASS" if v >= goal else "FAIL")

        return {
            "target": label,
            "value": value,
            "status": status(value),
            "goal": goal,
            "unit": unit,
            "cpu_time_value": cpu_value,
            "cpu_time_status": status(cpu_value),
        }

    targets = [
        target("byline C++ >= 100 MB/s on one core", rate("byline-cpp"), cpu_rate("byline-cpp"), 100.0, "MB/s"),
        target(
            "byline Python (threads=1) >= 20x spaCy tokenizer",
            ratios["byline-py-1/spacy"],
            cpu_ratios["byline-py-1/spacy"],
            20.0,
            "x",
        ),
        target(
            "byline Python (threads=1) faster than HF BertPreTokenizer",
            ratios["byline-py-1/hf-bert"],
            cpu_ratios["byline-py-1/hf-bert"],
            1.0 + 1e-9,
            "x",
        ),
    ]
    print()
    print("targets, judged on wall-clock MB/s (reported only; a FAIL does not change the exit status):")
    for t in targets:
        goal = f"{t['goal']:g}" if t["unit"] == "MB/s" else f"{t['goal']:.0f}x"
        print(
            f"  {t['status']:4s}  {t['target']}: {fmt(t['value'], '.2f')} {t['unit']} (goal {goal}; "
            f"by CPU time {fmt(t['cpu_time_value'], '.2f')} {t['unit']}: {t['cpu_time_status']})"
        )
    if "byline-py-all" in results and "byline-py-1" in results:
        print(
            f"  info  byline Python all cores (threads=0): {rate('byline-py-all'):.2f} MB/s = "
            f"{fmt(ratios['byline-py-all/spacy'], '.1f')}x spaCy, {fmt(ratios['byline-py-all/hf-bert'], '.2f')}x HF"
        )
    for name in ("byline-cpp", "byline-py-1"):
        r = results.get(name)
        if r and r.get("peak_rss_delta_per_text_mb") is not None:
            print(
                f"  info  {name} peak memory: {r['peak_rss_delta_per_text_mb']:.2f} MB per MB of text "
                f"({r['peak_rss_delta_mb']:.1f} MB over a {r['rss_baseline_mb']:.1f} MB baseline for "
                f"{r['bytes'] / MB:.1f} MB)"
            )

    if args.json:
        report = {
            "date": datetime.date.today().isoformat(),
            "command": command,
            "revision": revision,
            "binary": str(binary) if binary else None,
            "machine": {
                "cpus": os.cpu_count(),
                "loadavg_at_start": load,
                "processor": platform.processor() or platform.machine(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "corpus": corpus,
            "subset_bytes": subset_bytes,
            "subset_tokenizers": list(SUBSET_DEFAULT) if subset_bytes else [],
            "repeat": args.repeat,
            "rounds": args.rounds,
            "results": results,
            "errors": errors,
            "ratios": ratios,
            "cpu_time_ratios": cpu_ratios,
            "targets": targets,
            "notes": [NLTK_NOTE, "MB = 10^6 bytes of UTF-8 input; rates are medians over passes."],
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
