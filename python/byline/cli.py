"""The ``byline`` command line.

::

    byline extract PATH... [--json] [--threads N] [--model MODEL] [--top K]
                   [--date YYYY-MM-DD] [--patterns FILE] [--phrases FILE] [--no-rules]
    byline analyze PATH... [--json] [--threads N] [--model MODEL] [--date YYYY-MM-DD]
                   [--patterns FILE] [--phrases FILE] [--top K]
    byline tokenize PATH... [--json] [--threads N] [--errors strict|replace]
    byline explain TEXT
    byline train --train FILE [--dev FILE] --out MODEL [--epochs N] [--seed S]
                 [--clusters FILE] [--gazetteer FILE] [--disable GROUP,...]
                 [--min-count N] [--prune X] [--no-keep-best] [--ensemble K]
    byline evaluate --data FILE [--model MODEL]
    byline --version

``extract`` runs the entity pipeline (model + rules: dates, money, numbers with normalised
values, GPE/LOC/NORP gazetteers, user ``--patterns`` and ``--phrases`` lists) over files or directories of
``*.txt`` and prints, per file, its tokens, sentences and entities, then the most
mentioned entities of each label across all files with the number of files naming them
(or, with ``--json``, one ``byline.doc/1`` document per line with its entities and
values). ``--date`` anchors relative dates (the publication date of the inputs).
``analyze`` runs the pipeline plus article analysis and prints, per file, its quotes with
speakers, roles and boilerplate regions, then the entities linked across the files (or,
with ``--json``, one ``byline.article/1`` object per line). ``tokenize`` reads files, or the ``*.txt`` files of directories (``-`` is stdin), and
prints a summary table (chars, tokens, sentences, paragraphs per file, totals and
throughput) or, with ``--json``, one ``byline.doc/1`` JSON document per line with
``meta.path`` set. ``train`` trains an entity recognizer on CoNLL files, logging
per-epoch dev figures to stderr, writes the model and prints the final dev scores as
one JSON object; ``evaluate`` prints one JSON object with overall and per-type
precision/recall/F1, token count and tokens per second (default model unless
``--model``). Problems go to stderr; the exit status is 0 on success, 1 when
any input failed and 2 for usage errors (argparse conventions).

Run it as ``byline ...`` (console script) or ``python -m byline.cli ...``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from byline import BylineError, Doc, Tokenizer, __version__, _core
from byline import pipeline
from byline.analysis import Analysis
from byline.corpus import Corpus

PROG = "byline"


def _threads(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid thread count {value!r} (expected an integer >= 0)") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"thread count must be >= 0 (0 = all cores), not {n}")
    return n


def _count(minimum: int) -> Any:
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid integer {value!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, not {n}")
        return n

    return parse


def _iso_date(value: str) -> str:
    if _core.parse_date(value) is None:
        raise argparse.ArgumentTypeError(f"invalid date {value!r} (expected YYYY-MM-DD)")
    return value


def _non_negative_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {value!r}") from None
    if not x >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {value}")
    return x


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Fast, lossless tokenizer and entity recognizer for news articles.",
        epilog="Run 'byline COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ext = sub.add_parser(
        "extract",
        help="find the entities of files and summarise them (or print JSON)",
        description="Run the entity pipeline (tokenizer + the shipped or given model) over text files "
        "(directories: their *.txt files; '-': stdin). Prints a per-file table and the most mentioned "
        "entities per label across the files, or one byline.doc/1 JSON document per line.",
    )
    ext.add_argument("paths", nargs="+", metavar="PATH", help="a UTF-8 text file, a directory, or '-'")
    ext.add_argument("--json", action="store_true", help="print one JSON document per line instead of tables")
    ext.add_argument("--threads", type=_threads, default=0, metavar="N",
                     help="worker threads (default 0 = all cores)")
    ext.add_argument("--model", metavar="MODEL", help="model file or directory (default: the shipped model)")
    ext.add_argument("--top", type=_count(1), default=8, metavar="K",
                     help="entities listed per label in the summary (default 8)")
    ext.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                     help="document date anchoring relative dates ('last month', 'December 30')")
    ext.add_argument("--patterns", metavar="FILE",
                     help="user entity patterns (JSON, spaCy EntityRuler style); they win every overlap")
    ext.add_argument("--phrases", action="append", default=[], metavar="FILE",
                     help="user phrase list (LABEL<TAB>phrase lines); repeatable")
    ext.add_argument("--no-rules", action="store_true",
                     help="statistical model only: no date/number recognisers, no gazetteers")

    ana = sub.add_parser(
        "analyze",
        help="quotes with speakers, roles, boilerplate and entities linked across files (or JSON)",
        description="Run the entity pipeline and the article analysis over text files (directories: their "
        "*.txt files; '-': stdin). Prints per file the quotes with their speakers, the roles and the "
        "boilerplate regions, then the entities linked across the files; or, with --json, one "
        "byline.article/1 JSON object per line.",
    )
    ana.add_argument("paths", nargs="+", metavar="PATH", help="a UTF-8 text file, a directory, or '-'")
    ana.add_argument("--json", action="store_true", help="print one byline.article/1 object per line")
    ana.add_argument("--threads", type=_threads, default=0, metavar="N",
                     help="worker threads (default 0 = all cores)")
    ana.add_argument("--model", metavar="MODEL", help="model file or directory (default: the shipped model)")
    ana.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                     help="document date anchoring relative dates")
    ana.add_argument("--patterns", metavar="FILE", help="user entity patterns (JSON)")
    ana.add_argument("--phrases", action="append", default=[], metavar="FILE",
                     help="user phrase list (LABEL<TAB>phrase lines); repeatable")
    ana.add_argument("--top", type=_count(1), default=10, metavar="K",
                     help="entities listed in the cross-file summary (default 10)")

    tok = sub.add_parser(
        "tokenize",
        help="tokenize files and print a summary (or JSON)",
        description="Tokenize text files (directories: their *.txt files; '-': stdin) and print a "
        "per-file summary with totals and throughput, or one byline.doc/1 JSON document per line.",
    )
    tok.add_argument("paths", nargs="+", metavar="PATH", help="a UTF-8 text file, a directory, or '-'")
    tok.add_argument("--json", action="store_true", help="print one JSON document per line instead of a table")
    tok.add_argument("--threads", type=_threads, default=0, metavar="N",
                     help="worker threads (default 0 = all cores)")
    tok.add_argument("--errors", choices=("strict", "replace"), default="strict",
                     help="invalid UTF-8: fail the file (strict, default) or substitute U+FFFD (replace)")

    exp = sub.add_parser("explain", help="show which rule produced each token of TEXT",
                         description="Print each token of TEXT with the tokenizer rule that produced it.")
    exp.add_argument("text", metavar="TEXT")

    tr = sub.add_parser(
        "train",
        help="train an entity recognizer on CoNLL files",
        description="Train a named-entity recognizer (averaged perceptron, BILOU, Viterbi) on a CoNLL file "
        "(IOB1 or IOB2, -DOCSTART- document breaks). Per-epoch figures go to stderr; with --dev the final "
        "dev scores are printed as one JSON object. Deterministic for a seed.",
    )
    tr.add_argument("--train", required=True, metavar="FILE", help="CoNLL training file")
    tr.add_argument("--dev", metavar="FILE", help="CoNLL dev file, scored after every epoch")
    tr.add_argument("--out", required=True, metavar="MODEL", help="where to write the model file")
    tr.add_argument("--epochs", type=_count(1), default=10, metavar="N", help="passes over the data (default 10)")
    tr.add_argument("--seed", type=_count(0), default=1, metavar="S", help="shuffling seed (default 1)")
    tr.add_argument("--clusters", metavar="FILE", help="word clusters (word<TAB>class... lines)")
    tr.add_argument("--gazetteer", metavar="FILE", help="gazetteer (TYPE<TAB>phrase lines)")
    tr.add_argument("--disable", metavar="GROUP,...",
                    help="feature groups to switch off: clusters, gazetteer, doc, context2, affixes, bigrams, "
                    "memory, memoryvotes, runs, casevariant (default: casevariant)")
    tr.add_argument("--min-count", type=_count(1), default=1, metavar="N",
                    help="drop features seen fewer than N times (default 1)")
    tr.add_argument("--prune", type=_non_negative_float, default=0.0, metavar="X",
                    help="drop averaged weights with |w| < X (default 0)")
    tr.add_argument("--no-keep-best", action="store_true",
                    help="keep the last epoch's weights instead of the best dev epoch's")
    tr.add_argument("--ensemble", type=_count(1), default=1, metavar="K",
                    help="average K perceptrons trained with seeds S, S+1, ... (default 1)")

    ev = sub.add_parser(
        "evaluate",
        help="score a model on a CoNLL file (one JSON object)",
        description="Tag a CoNLL file and print one JSON object: overall and per-type precision, recall and "
        "F1 (exact span match, as conlleval), token count and tokens per second.",
    )
    ev.add_argument("--data", required=True, metavar="FILE", help="CoNLL file with gold tags")
    ev.add_argument("--model", metavar="MODEL", help="model file or directory (default: the shipped model)")
    return parser


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _collect(paths: Sequence[str]) -> Tuple[List[Tuple[str, bytes]], bool]:
    """Read every input; returns [(display name, bytes)] and whether anything failed."""
    inputs: List[Tuple[str, bytes]] = []
    failed = False
    for raw in paths:
        if raw == "-":
            inputs.append(("<stdin>", sys.stdin.buffer.read()))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not files:
                _error(f"{raw}: no *.txt files in directory")
                failed = True
            candidates = files
        elif path.exists():
            candidates = [path]
        else:
            _error(f"{raw}: no such file or directory")
            failed = True
            continue
        for p in candidates:
            try:
                inputs.append((str(p), p.read_bytes()))
            except OSError as e:
                _error(f"{p}: {e.strerror or e}")
                failed = True
    return inputs, failed


def _tokenize_all(tokenizer: Tokenizer, inputs: List[Tuple[str, bytes]],
                  threads: int) -> Tuple[List[Tuple[str, int, Optional[Doc]]], bool]:
    """Tokenize in one parallel batch; if that fails, redo file by file to name each failure."""
    try:
        docs: List[Optional[Doc]] = list(tokenizer.tokenize_batch([data for _, data in inputs], threads))
        failed = False
    except BylineError:
        docs, failed = [], True
        for name, data in inputs:
            try:
                docs.append(tokenizer.tokenize(data))
            except BylineError as e:
                _error(f"{name}: {e}")
                docs.append(None)
    return [(name, len(data), doc) for (name, data), doc in zip(inputs, docs)], failed


def _table(rows: List[Tuple[str, int, Doc]], nbytes: int, seconds: float, threads: int) -> str:
    header = ("file", "chars", "tokens", "sentences", "paragraphs")
    body = [(name, len(d.text), len(d), len(d.sentence_ranges()), len(d.paragraph_ranges()))
            for name, _, d in rows]
    totals = tuple(sum(r[k] for r in body) for k in range(1, 5))
    lines = [header] + [tuple(str(v) if i == 0 else f"{v:,}" for i, v in enumerate(r)) for r in body]
    lines.append((f"total ({len(body)} file{'s' if len(body) != 1 else ''})",) + tuple(f"{v:,}" for v in totals))
    width = [max(len(line[k]) for line in lines) for k in range(5)]

    def fmt(line: Sequence[str]) -> str:
        return "  ".join([line[0].ljust(width[0])] + [line[k].rjust(width[k]) for k in range(1, 5)])

    out = [fmt(lines[0]), "  ".join("-" * w for w in width)]
    out += [fmt(line) for line in lines[1:-1]]
    out += ["  ".join("-" * w for w in width), fmt(lines[-1])]
    secs = max(seconds, 1e-9)
    out.append(
        f"tokenized {nbytes:,} bytes in {seconds * 1000:.2f} ms on {threads or 'all'} "
        f"thread{'s' if threads != 1 else ''}: {nbytes / secs / 1e6:.1f} MB/s, "
        f"{totals[1] / secs:,.0f} tokens/s"
    )
    return "\n".join(out)


def _cmd_tokenize(args: argparse.Namespace) -> int:
    inputs, failed = _collect(args.paths)
    if not inputs:
        return 1
    tokenizer = Tokenizer(errors=args.errors)
    start = time.perf_counter()
    results, batch_failed = _tokenize_all(tokenizer, inputs, args.threads)
    seconds = time.perf_counter() - start
    failed = failed or batch_failed
    ok = [(name, n, doc) for name, n, doc in results if doc is not None]
    if args.json:
        for name, _, doc in ok:
            doc.set_meta("path", name)
            sys.stdout.write(doc.to_json() + "\n")
    elif ok:
        print(_table(ok, sum(n for _, n, _ in ok), seconds, args.threads))
    sys.stdout.flush()
    return 1 if failed else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    inputs, failed = _collect(args.paths)
    if not inputs:
        return 1
    nlp = pipeline.load(args.model, rules=not args.no_rules, patterns=args.patterns)
    for path in args.phrases:
        nlp.add_phrases(path)
    start = time.perf_counter()
    docs: List[Tuple[str, Doc]] = []
    try:
        docs = [(name, doc) for (name, _), doc in
                zip(inputs, nlp.pipe([d for _, d in inputs], threads=args.threads, date=args.date))]
    except BylineError:
        failed = True
        for name, data in inputs:
            try:
                docs.append((name, nlp(data, date=args.date)))
            except BylineError as e:
                _error(f"{name}: {e}")
    seconds = time.perf_counter() - start
    if args.json:
        for name, doc in docs:
            doc.set_meta("path", name)
            sys.stdout.write(doc.to_json() + "\n")
        sys.stdout.flush()
        return 1 if failed else 0

    header = ("file", "tokens", "sentences", "entities")
    rows = [(name, f"{len(d):,}", f"{len(d.sentence_ranges()):,}", f"{len(d.ents):,}") for name, d in docs]
    width = [max(len(r[k]) for r in [header] + rows) for k in range(4)]
    fmt = lambda r: "  ".join([r[0].ljust(width[0])] + [r[k].rjust(width[k]) for k in range(1, 4)])  # noqa: E731
    print(fmt(header))
    print("  ".join("-" * w for w in width))
    for r in rows:
        print(fmt(r))
    ntok = sum(len(d) for _, d in docs)
    print(f"processed {len(docs)} file{'s' if len(docs) != 1 else ''}, {ntok:,} tokens in {seconds * 1000:.1f} ms "
          f"({ntok / max(seconds, 1e-9):,.0f} tokens/s)")

    # Most mentioned entities per label: mentions and the number of files naming them.
    mentions: Dict[str, Dict[str, int]] = {}
    files: Dict[str, Dict[str, set]] = {}
    for name, doc in docs:
        for ent in doc.ents:
            mentions.setdefault(ent.label_, {}).setdefault(ent.text, 0)
            mentions[ent.label_][ent.text] += 1
            files.setdefault(ent.label_, {}).setdefault(ent.text, set()).add(name)
    for label in sorted(mentions):
        top = sorted(mentions[label].items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]
        listed = ", ".join(f"{text} ({n}x in {len(files[label][text])} of {len(docs)} files)" for text, n in top)
        print(f"\n{label}: {listed}")
    sys.stdout.flush()
    return 1 if failed else 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    inputs, failed = _collect(args.paths)
    if not inputs:
        return 1
    nlp = pipeline.load(args.model, patterns=args.patterns)
    for path in args.phrases:
        nlp.add_phrases(path)
    analyses: List[Tuple[str, Analysis]] = []
    try:
        analyses = list(zip([name for name, _ in inputs],
                            nlp.analyze_pipe([d for _, d in inputs], threads=args.threads, date=args.date)))
    except BylineError:
        failed = True
        for name, data in inputs:
            try:
                analyses.append((name, nlp.analyze(data, date=args.date)))
            except BylineError as e:
                _error(f"{name}: {e}")
    if args.json:
        for name, a in analyses:
            a.doc.set_meta("path", name)
            sys.stdout.write(a.article_json() + "\n")
        sys.stdout.flush()
        return 1 if failed else 0

    def short(text: str, width: int = 90) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 3] + "..."

    for name, a in analyses:
        print(f"== {name}")
        for q in a.quotes:
            who = q.speaker if q.speaker is not None else "(unattributed)"
            print(f"  quote  {who} [{q.cue or '-'}]: “{short(q.text)}”")
        for r in a.roles:
            print(f"  role   {r.person}: {r.role}" + (f" ({r.org})" if r.org else ""))
        for b in a.boilerplate:
            print(f"  boilerplate  {b.kind}: {short(b.text, 60)!r}")
    corpus = Corpus(nlp)
    for name, a in analyses:
        corpus.add(a, id=name)
    entities = corpus.link()["entities"]
    top = sorted(entities, key=lambda e: (-len(e["articles"]), -e["mentions"], e["canonical"]))[: args.top]
    print(f"\nentities across {len(analyses)} file{'s' if len(analyses) != 1 else ''}:")
    for e in top:
        aliases = [x for x in e["aliases"] if x != e["canonical"]]
        extra = f" (also {', '.join(aliases)})" if aliases else ""
        print(f"  {e['label']:<7} {e['canonical']}{extra}: {e['mentions']} mentions in {len(e['articles'])} files")
    sys.stdout.flush()
    return 1 if failed else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    steps = Tokenizer().explain(args.text)
    width = max((len(text) for text, _ in steps), default=0)
    for text, rule in steps:
        print(f"{text.ljust(width)}  {rule}")
    return 0


def _log_epoch(epochs: int) -> Any:
    def log(report: Dict[str, Any]) -> None:
        line = (f"epoch {report['epoch']}/{epochs}  {report['seconds']:.1f} s  "
                f"train-err {report['train_error_rate']:.4f}")
        dev = report["dev"]
        if dev is not None:
            line += f"  dev P {dev['precision']:.2f} R {dev['recall']:.2f} F1 {dev['f1']:.2f}"
        print(line, file=sys.stderr, flush=True)

    return log


def _cmd_train(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    nlp = pipeline.train(args.train, dev=args.dev, out=args.out, epochs=args.epochs, seed=args.seed,
                         clusters=args.clusters, gazetteer=args.gazetteer, on_epoch=_log_epoch(args.epochs),
                         disable=None if args.disable is None else [g.strip() for g in args.disable.split(",")
                                                                    if g.strip()],
                         min_count=args.min_count, prune=args.prune, keep_best=not args.no_keep_best,
                         ensemble=args.ensemble)
    size = os.path.getsize(args.out)
    print(f"saved {args.out} ({size:,} bytes) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if args.dev is not None:
        print(json.dumps(pipeline.evaluate(args.dev, model=nlp)))
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    print(json.dumps(pipeline.evaluate(args.data, model=args.model)))
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the ``byline`` console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        _error("a command is required (extract, analyze, tokenize, explain, train, evaluate)")
        return 2
    commands = {"extract": _cmd_extract, "analyze": _cmd_analyze, "tokenize": _cmd_tokenize, "explain": _cmd_explain, "train": _cmd_train,
                "evaluate": _cmd_evaluate}
    try:
        return commands[args.command](args)
    except BrokenPipeError:
        # Output closed early (e.g. piped into `head`): stop quietly like other Unix tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (BylineError, ValueError, OSError) as e:
        _error(str(e))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
