"""The ``byline`` command line.

::

    byline extract PATH... [--format table|jsonl|csv|parquet] [--json] [--out FILE]
                   [--articles FILE] [--threads N] [--batch-size N] [--on-error fail|skip]
                   [--resume] [--progress|--no-progress] [--stdin-format auto|text|jsonl]
                   [--text-field F] [--id-field F] [--date-field F] [--model MODEL]
                   [--top K] [--date DATE] [--patterns FILE] [--phrases FILE] [--no-rules]
                   [--csv-raw] [--errors strict|replace]
    byline analyze PATH... [--json] [--on-error fail|skip] [--threads N] [--model MODEL]
                   [--date DATE] [--patterns FILE] [--phrases FILE] [--top K] [--max-bytes N]
                   [--text-field F] [--id-field F] [--date-field F] [--errors strict|replace]
    byline tokenize PATH... [--json] [--threads N] [--errors strict|replace] [--max-bytes N]
                    [--stdin-format auto|text|jsonl] [--text-field F] [--id-field F]
                    [--on-error fail|skip]
    byline explain TEXT [--errors strict|replace]
    byline train --train FILE [--dev FILE] --out MODEL [--epochs N] [--seed S]
                 [--clusters FILE] [--gazetteer FILE] [--disable GROUP,...]
                 [--min-count N] [--prune X] [--min-weight N] [--no-keep-best] [--ensemble K]
                 [--word-dropout P] [--margin M] [--unicode-shapes] [--types T,...] [--target-source NAME]
    byline evaluate --data FILE [--model MODEL]
    byline render PATH... --out REPORT.html [--threads N] [--model MODEL] [--date DATE]
                  [--title TITLE] [--on-error fail|skip] [--text-field F] [--id-field F]
                  [--date-field F]
    byline --version

``extract`` runs the entity pipeline (model + rules: dates, money, numbers with normalised
values, GPE/LOC/NORP gazetteers, user ``--patterns`` and ``--phrases`` lists) over articles
and streams the results: inputs are ``.txt``, ``.html``/``.htm`` and ``.jsonl`` files (other
files named directly are read as text), directories (searched recursively for those) and
``-`` (stdin: JSON Lines when its first line is a JSON object, else one text; or set
``--stdin-format``). Articles flow ``--batch-size`` at a time through three threads: one
reads, one runs the C++ pipeline, which also makes the output records (JSON Lines, CSV
rows, Parquet columns: ``byline::extract_batch``), and the caller writes (a full Parquet
row group on a thread of its own); with ``--threads 1`` all of it runs on one thread, so
the command uses one core. The output is flushed after each batch, so memory stays bounded whatever the input size. ``analyze``
and ``render`` read their inputs the same way. Every input
record (a file, a JSON Lines line) yields exactly one output record, in input order:

* ``table`` (default): one row per article as it comes, then the most mentioned entities
  of each label with the number of articles naming them;
* ``jsonl`` (``--json``, or ``--out *.jsonl``): one ``byline.extract/1`` record per article
  (docs/schema.md): ``schema``, ``article_id``, ``input`` (``file`` or ``file:line``),
  ``title``, ``date``, ``url``, ``source``, ``chars``, ``tokens``, ``sentences``,
  ``utf8_replaced`` (``--errors replace`` put U+FFFD into the text), ``error`` (null) and
  ``entities`` (offsets, text, label, source, score, the value as nested JSON, sentence); a
  failed input gives the same object with ``error`` set, zero counts, ``utf8_replaced``
  false and no entities;
* ``csv``/``parquet`` (``--out *.csv|*.parquet``): the mentions table, one row per entity
  (:data:`byline.frames.MENTION_COLUMNS`; in Parquet the value is a struct of typed fields,
  docs/schema.md; row groups of 65536 rows or more);
  ``--articles FILE`` adds the articles table (one row per input, failed ones with
  ``error`` set; ``utf8_replaced`` as in the JSON Lines record). A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading ``'`` so that spreadsheets show it as text instead of
  running it as a formula (OWASP's advice against CSV injection); numbers are written
  as they are. ``--csv-raw`` writes every cell verbatim.

A failed input (unreadable file, line that is not a JSON object or lacks the text field,
invalid date, text the pipeline rejects, invalid UTF-8 or, in JSON Lines, a lone surrogate
escape such as ``"\\ud800"``) is always reported on stderr as ``PATH[:LINE]: reason``; invalid
UTF-8 in the words of every command (``extract``, ``analyze``, ``render``, ``tokenize``,
``explain``): ``PATH[:LINE]: not valid UTF-8 at byte N[ of the line] (use --errors replace
to substitute U+FFFD)``. ``--errors replace`` keeps the articles with invalid UTF-8
instead: each maximal invalid subsequence, and each lone surrogate escape of a JSON Lines
line, becomes U+FFFD (as ``byline.load(errors="replace")`` treats bytes), and offsets are
offsets into that text. An HTML page is read in the character set it declares, else UTF-8,
under the same policy. ``--on-error fail`` (default) stops there, without the table's
summary; a PATH that does not exist stops it before anything is read. ``--on-error skip`` writes its error
record and goes on; the exit status is 1 in both cases. ``--resume`` (jsonl with
``--out``) skips as many inputs as FILE holds complete records (checking that the last one
came from the same input), then cuts a truncated last line off FILE and appends the rest,
so a killed run completes without duplicates (a refused resume leaves FILE as it was). JSON Lines fields are set with ``--text-field``,
``--id-field`` (missing ids become ``file:line``) and ``--date-field``, the same options in
``analyze`` and ``render`` (``tokenize``: ``--text-field`` and ``--id-field``); ``--date`` dates the
articles that have no date (dates anchor relative dates). Dates, in ``--date`` and in the
date field, are ISO 8601 dates or date-times (``2025-01-02``, ``2025-01-02T10:00:00Z``)
or RFC 2822 dates as in RSS (``Thu, 02 Jan 2025 10:00:00 GMT``; a weekday that is not the
date's is an error); the day counts as written. A tqdm progress bar with
articles/s goes to stderr when it is a terminal (``--progress``/``--no-progress`` force it).
``analyze`` runs the pipeline plus article analysis and prints, per file, its quotes with
speakers, roles and boilerplate regions, then the entities linked across the files (or,
with ``--json``, one ``byline.article/1`` object per line), one output per input record in
input order. A bad input is reported on stderr as in ``extract``: ``--on-error fail``
(default) stops there, without the summary; ``--on-error skip`` puts its error object
(``--json``: ``schema``, ``input``, ``id``, ``error``, ``meta`` and null for the members of
an article, docs/schema.md) or an ``error`` line under its name in its place and goes on;
the exit status is 1 in both cases. ``tokenize`` reads its inputs as ``extract`` reads
them (the same code): files, directories searched recursively for ``.txt``, ``.jsonl``,
``.html`` and ``.htm`` files, and ``-`` (stdin: JSON Lines when its first line is a JSON
object, else one text; or set ``--stdin-format``), each input record up to ``--max-bytes``
(a larger one is an error, not read into memory); a JSON Lines file or stdin gives one
input per line (its ``text`` field; ``--max-bytes`` and ``--errors`` per line, a bad line
an error of that input), an HTML page the article text read out of it. It prints a summary table (chars, tokens, sentences,
paragraphs per input, totals and throughput) or, with ``--json``, one ``byline.doc/1`` JSON
document per line with ``meta.path`` set (``FILE:LINE`` and ``meta.id`` for a JSON Lines
article); ``render`` writes one HTML
report of the articles. Both take ``--on-error`` as ``analyze`` does: a bad input is
reported on stderr and stops the run (``fail``, default; ``render`` then writes no report),
or takes its place (``skip``): an error object shaped as analyze's (``tokenize --json``,
docs/schema.md), a failed row of the table, a section showing its error in the report; the
exit status is 1 in both cases. ``train`` trains an entity
recognizer on CoNLL files, logging per-epoch dev figures to stderr, writes the model and
prints the final dev scores as one JSON object; ``evaluate`` prints one JSON object with
overall and per-type precision/recall/F1, token count and tokens per second (default model
unless ``--model``; a file without sentences is an error). Problems go to stderr, one line
each (``byline: error: ...``; the Python traceback too when ``BYLINE_LOG_LEVEL`` is
``debug`` or ``trace``); the exit status is 0 on success, 1 when any input failed or the
command could not run (a missing or unreadable file, an output that cannot be written:
``cannot write --out FILE: no such directory 'DIR'``, ``... it is a directory``, a damaged
model, an optional package the output needs, such as pyarrow for Parquet, not installed)
and 2 for usage errors (argparse conventions). Inputs that hold no article (an empty
``.jsonl`` file, directories holding only the command's own output) are no failure: every
command says ``byline: warning: PATH holds no articles: nothing to COMMAND`` on stderr,
writes an output without records (``render`` a report of 0 documents) and exits with 0.

No command reads what it writes: files a command writes (``--out``, ``--articles``,
and standard output when it is redirected to a file) are left out of the directories
it reads, and naming one as an input (or as ``-`` through standard input) is a usage
error. ``train`` checks that its ``--out`` can be written before training. A standard
stream that is closed gives a one-line error (exit status 1); when standard output is
a pipe closed by its reader (``| head``), the command stops quietly with the status
of a process killed by SIGPIPE (141).

Run it as ``byline ...`` (console script) or ``python -m byline.cli ...``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
from itertools import islice
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from byline import BylineError, Doc, EncodingError, FormatError, Tokenizer, __version__, _core, pipeline
from byline.analysis import Analysis
from byline.articles import _utf8_safe, _visible

PROG = "byline"


def _threads(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid thread count {value!r} (expected an integer >= 0)") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"thread count must be >= 0 (0 = all cores), not {n}")
    return n


def _add_max_bytes(
    parser: argparse.ArgumentParser, records: str = "a file, a JSON Lines line, '-' as one text"
) -> None:
    from byline._extract import DEFAULT_MAX_BYTES, MAX_BYTES_LIMIT

    parser.add_argument(
        "--max-bytes",
        type=_count(1, MAX_BYTES_LIMIT),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest input record read ({records}), in bytes; a larger one "
        f"is an error and is not read into memory (default {DEFAULT_MAX_BYTES}, at most {MAX_BYTES_LIMIT})",
    )


def _fields(args: argparse.Namespace):  # -> byline._extract.Fields (imported when a command runs)
    """How extract, analyze and render read their inputs, from their shared options."""
    from byline import _extract as ex

    return ex.Fields(
        text=args.text_field,
        id=args.id_field,
        date=args.date_field,
        default_date=args.date,
        max_bytes=args.max_bytes,
        errors=args.errors,
    )


def _add_stdin_format(parser: argparse.ArgumentParser) -> None:
    """--stdin-format of the commands that read '-' as JSON Lines or one text (extract, tokenize)."""
    parser.add_argument(
        "--stdin-format",
        choices=("auto", "text", "jsonl"),
        default="auto",
        help="'-' is JSON Lines or one text; auto: JSON Lines when its first line is a JSON object",
    )


def _add_fields(parser: argparse.ArgumentParser, date: bool = True) -> None:
    """The JSON Lines field options of the commands that read articles as ``extract`` does
    (extract, analyze, render; tokenize without --date-field: it reads no dates)."""
    parser.add_argument("--text-field", default="text", metavar="F", help="JSON Lines text field (default text)")
    parser.add_argument(
        "--id-field", default="id", metavar="F", help="JSON Lines id field (default id; missing ids become FILE:LINE)"
    )
    if date:
        parser.add_argument(
            "--date-field",
            default="published",
            metavar="F",
            help="JSON Lines publication date field, anchoring relative dates (default published; a record "
            "without it has its date in 'date')",
        )


def _fields_usage(args: argparse.Namespace) -> Optional[str]:
    """Why the JSON Lines field options do not fit together (the text field is also the id
    or date field), or None."""
    for option, name, what, default in (
        ("--id-field", args.id_field, "id", "id"),
        ("--date-field", getattr(args, "date_field", None), "date", "published"),
    ):
        if name == args.text_field:
            given = (
                f"{option} and --text-field both name" if name != default else f"--text-field names {option}'s default,"
            )
            return f"{given} the field {name!r}; the text cannot also be the {what} (give {option} another field)"
    return None


def _add_errors(parser: argparse.ArgumentParser) -> None:
    """--errors of the commands that read articles as ``extract`` does (extract, analyze, render, tokenize)."""
    parser.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="invalid UTF-8 in an input (in JSON Lines also a lone surrogate escape such as \\ud800): "
        "an error of that input (strict, default) or U+FFFD, the article processed (replace)",
    )


def _count(minimum: int, maximum: Optional[int] = None) -> Any:
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid integer {value!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, not {n}")
        if maximum is not None and n > maximum:
            raise argparse.ArgumentTypeError(f"must be <= {maximum}, not {n}")
        return n

    return parse


def _iso_date(value: str) -> str:
    from byline._dates import FORMS, iso_date, weekday_problem

    try:
        return iso_date(value) or ""
    except ValueError:
        problem = weekday_problem(value)
        raise argparse.ArgumentTypeError(f"invalid date {value!r} ({problem or 'expected ' + FORMS})") from None


def _non_negative_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {value!r}") from None
    if not x >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {value}")
    return x


def _pipeline_args(p: argparse.ArgumentParser, user_lists: bool) -> None:
    """The options of the commands that run the entity pipeline (extract, analyze, render)."""
    p.add_argument("--threads", type=_threads, default=0, metavar="N", help="worker threads (default 0 = all cores)")
    p.add_argument("--model", metavar="MODEL", help="model file or directory (default: the shipped model)")
    p.add_argument(
        "--date",
        type=_iso_date,
        metavar="DATE",
        help="date anchoring relative dates ('last month', 'December 30') of articles without one: "
        "2025-01-02, 2025-01-02T10:00:00Z or 'Thu, 02 Jan 2025 10:00:00 GMT'",
    )
    if user_lists:
        p.add_argument(
            "--patterns",
            metavar="FILE",
            help="user entity patterns (JSON, spaCy EntityRuler style); they win every overlap",
        )
        p.add_argument(
            "--phrases",
            action="append",
            default=[],
            metavar="FILE",
            help="user phrase list (LABEL<TAB>phrase lines); repeatable",
        )


class _Parser(argparse.ArgumentParser):
    """argparse's parser, except that the text of --help and --version (on stdout) that
    cannot be written (a full disk) is an error, not lost behind exit status 0. Messages
    to stderr (usage errors, exit status 2) keep argparse's handling."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message and file is not None and file is sys.stdout:
            file.write(message)
            file.flush()
            return
        super()._print_message(message, file)


def _parser() -> argparse.ArgumentParser:
    from byline import _extract as ex

    parser = _Parser(
        prog=PROG,
        description="Fast, lossless tokenizer and entity recognizer for news articles.",
        epilog="Run 'byline COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ext = sub.add_parser(
        "extract",
        help="find the entities of articles, streaming (table, JSON Lines, CSV or Parquet)",
        description="Run the entity pipeline over articles: .txt, .html/.htm and .jsonl files, directories "
        "(searched recursively for those) and '-' (stdin). Articles stream through the pipeline in batches "
        "and records are written as they come, one per input article in input order (a file, a JSON Lines "
        "line): a table with a summary of the most mentioned entities per label (default), one JSON object "
        "per article with its entities (jsonl), or the mentions table, one row per entity (csv, parquet). "
        "An input that cannot be read or processed yields an error record naming it (jsonl), is reported on "
        "stderr and in the --articles table, and makes the exit status 1.",
    )
    ext.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .txt/.html/.htm/.jsonl file (other files are read as text), a directory, or '-'",
    )
    ext.add_argument(
        "--format",
        choices=("table", "jsonl", "csv", "parquet"),
        default=None,
        help="output format (default: by the --out suffix .jsonl/.csv/.parquet, else table; parquet needs --out)",
    )
    ext.add_argument("--json", action="store_true", help="same as --format jsonl")
    ext.add_argument("--out", metavar="FILE", help="write the output to FILE instead of stdout")
    ext.add_argument(
        "--articles",
        metavar="FILE",
        help="csv/parquet: also write the articles table (one row per input, errors included)",
    )
    ext.add_argument(
        "--batch-size",
        type=_count(1),
        default=ex.BATCH_SIZE,
        metavar="N",
        help=f"articles per batch, fewer once a batch holds {ex.BATCH_CHARS >> 20} Mi characters of text; "
        f"output is flushed after every batch (default {ex.BATCH_SIZE})",
    )
    ext.add_argument(
        "--on-error",
        choices=("fail", "skip"),
        default="fail",
        help="a bad input stops the run (fail, default) or yields an error record (skip); "
        "either way the exit status is 1",
    )
    ext.add_argument(
        "--resume",
        action="store_true",
        help="jsonl with --out: keep the complete records already in FILE, skip as many inputs and append the rest",
    )
    ext.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    _add_stdin_format(ext)
    _add_fields(ext)
    _add_max_bytes(ext)
    _add_errors(ext)
    ext.add_argument(
        "--top",
        type=_count(1),
        default=8,
        metavar="K",
        help="entities listed per label in the table summary (default 8)",
    )
    _pipeline_args(ext, user_lists=True)
    ext.add_argument(
        "--no-rules", action="store_true", help="statistical model only: no date/number recognisers, no gazetteers"
    )
    ext.add_argument(
        "--csv-raw",
        action="store_true",
        help="csv: write text cells verbatim; by default a cell starting with =, +, -, @, tab or "
        "carriage return gets a leading ' so that spreadsheets do not run it as a formula",
    )

    ana = sub.add_parser(
        "analyze",
        help="quotes with speakers, roles, boilerplate and entities linked across files (or JSON)",
        description="Run the entity pipeline and the article analysis over articles read as `extract` "
        "reads them (text, JSON Lines and HTML files; directories: their .txt, .jsonl, .html and .htm "
        "files; '-': stdin). Prints per article the quotes with their speakers, the roles and the "
        "boilerplate regions, then the entities linked across the articles; or, with --json, one "
        "byline.article/1 JSON object per line, one per input record (a file, a JSON Lines line) in input "
        "order. An input that cannot be read or processed is reported on stderr, stops the run (--on-error "
        "fail) or takes its place as an error object naming it (--on-error skip; without --json an error "
        "line), and makes the exit status 1.",
    )
    ana.add_argument("paths", nargs="+", metavar="PATH", help="a text, JSON Lines or HTML file, a directory, or '-'")
    ana.add_argument("--json", action="store_true", help="print one byline.article/1 object per line")
    ana.add_argument(
        "--on-error",
        choices=("fail", "skip"),
        default="fail",
        help="a bad input stops the run (fail, default) or yields an error object, an error line "
        "without --json (skip); either way the exit status is 1",
    )
    _pipeline_args(ana, user_lists=True)
    ana.add_argument(
        "--top", type=_count(1), default=10, metavar="K", help="entities listed in the cross-file summary (default 10)"
    )
    _add_fields(ana)
    _add_max_bytes(ana)
    _add_errors(ana)

    tok = sub.add_parser(
        "tokenize",
        help="tokenize files and print a summary (or JSON)",
        description="Tokenize articles read as `extract` reads them (text files; JSON Lines files, one input "
        "per line, its 'text' field; HTML pages, their article text; directories: their .txt, .jsonl, .html "
        "and .htm files, searched recursively; '-': stdin, JSON Lines or one text, see --stdin-format) and "
        "print a per-input summary with totals and throughput, or one byline.doc/1 JSON document per line. "
        "An input "
        "that cannot be read or tokenized is reported on stderr and stops the run (--on-error fail), or takes "
        "its place as an error object (--json) or a failed row of the table (--on-error skip); either way the "
        "exit status is 1.",
    )
    tok.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .txt/.html/.htm/.jsonl file (other files are read as text), a directory, or '-'",
    )
    tok.add_argument("--json", action="store_true", help="print one JSON document per line instead of a table")
    tok.add_argument(
        "--on-error",
        choices=("fail", "skip"),
        default="fail",
        help="a bad input stops the run (fail, default) or yields an error object, a failed row of the table "
        "without --json (skip); either way the exit status is 1",
    )
    tok.add_argument("--threads", type=_threads, default=0, metavar="N", help="worker threads (default 0 = all cores)")
    _add_stdin_format(tok)
    _add_fields(tok, date=False)
    _add_errors(tok)
    _add_max_bytes(tok)

    exp = sub.add_parser(
        "explain",
        help="show which rule produced each token of TEXT",
        description="Print each token of TEXT with the tokenizer rule that produced it.",
    )
    exp.add_argument("text", metavar="TEXT")
    exp.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="invalid UTF-8 in TEXT: an error (strict, default) or U+FFFD (replace)",
    )

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
    _add_train_options(tr)

    ev = sub.add_parser(
        "evaluate",
        help="score a model on a CoNLL file (one JSON object)",
        description="Tag a CoNLL file and print one JSON object: overall and per-type precision, recall and "
        "F1 (exact span match, as conlleval), token count and tokens per second.",
    )
    ev.add_argument("--data", required=True, metavar="FILE", help="CoNLL file with gold tags")
    ev.add_argument("--model", metavar="MODEL", help="model file or directory (default: the shipped model)")

    ren = sub.add_parser(
        "render",
        help="write one HTML report with the entities of the articles highlighted",
        description="Run the entity pipeline over articles (the inputs of 'extract': .txt, .jsonl, .html files, "
        "directories, '-') and write one self-contained HTML file: a table of the entities (documents naming "
        "them, mentions), then every article with its entities highlighted under its title, id and date. "
        "An input that cannot be read or processed is reported on stderr and stops the run before anything "
        "is written (--on-error fail), or is shown in its place in the report with its error (--on-error "
        "skip); either way the exit status is 1.",
    )
    ren.add_argument("paths", nargs="+", metavar="PATH", help="an article file, a directory, or '-'")
    ren.add_argument("--out", required=True, metavar="REPORT.html", help="where to write the report")
    ren.add_argument(
        "--on-error",
        choices=("fail", "skip"),
        default="fail",
        help="a bad input stops the run, nothing written (fail, default), or is an error entry in the report "
        "(skip); either way the exit status is 1",
    )
    _pipeline_args(ren, user_lists=False)
    ren.add_argument("--title", metavar="TITLE", help="report title (default: 'byline report')")
    _add_fields(ren)
    _add_errors(ren)
    _add_max_bytes(ren)
    for p in (ext, ana, tok, exp, tr, ev, ren):
        p.set_defaults(usage=p.format_usage())
    return parser


def _error(message: str) -> None:
    print(f"{PROG}: error: {_visible(message)}", file=sys.stderr)


def _no_articles(paths: Sequence[str], verb: str) -> None:
    """The warning of a run whose inputs hold no article (an empty JSON Lines file, one of
    blank lines, a directory holding only this command's output): no input failed, so it is
    no error (exit status 0), and the output holds no record."""
    if len(paths) != 1:
        where = f"the {len(paths)} inputs hold"
    else:
        where = "standard input holds" if paths[0] == "-" else f"{_visible(paths[0])} holds"
    print(f"{PROG}: warning: {where} no articles: nothing to {verb}", file=sys.stderr)


def _usage_error(args: argparse.Namespace, problem: str) -> int:
    sys.stderr.write(args.usage)
    _error(problem)
    return 2


def _output_is_input(outputs: Any, inputs: Sequence[Optional[str]]) -> Optional[str]:
    """Why a command would read what it writes, or None: one of ``inputs`` (paths, or
    '-' for standard input) is one of ``outputs`` (a :class:`byline._extract.Outputs`)."""
    for raw in inputs:
        if raw is None:
            continue
        out = outputs.which_stdin() if raw == "-" else outputs.which(raw)
        if out is None:
            continue
        if raw == "-":
            return f"standard input is read from the output file {out}"
        if out == "standard output":
            return f"standard output is redirected to the input file {raw}"
        return f"output file {out} is also an input"
    return None


def _own_output(path: Path) -> bool:
    """Whether the existing file ``path`` looks like what byline writes (so that a rerun
    may replace it): a JSON Lines extract record, the CSV tables' header, a Parquet file or
    a byline HTML report."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if head.startswith(b"PAR1"):
        return True
    first = head.split(b"\n", 1)[0].strip()  # an empty file is no output of ours: it may be an input
    if first.startswith(b"{") and b'"article_id"' in first and b'"input"' in first:
        return True
    if first.startswith(b"article_id,"):  # the mentions or the articles table
        return True
    return b"byline-summary" in head  # the report's stylesheet, in its first kilobytes


def _overwrites_an_input(out: Optional[str], paths: Sequence[str], suffixes: Sequence[str]) -> Optional[str]:
    """Why writing ``out`` would destroy a file of an input tree, or None: it exists, lies in
    the tree of an input directory, and is not an earlier byline output (a rerun into the
    same directory may replace its own output, never an article or another file there)."""
    if out in (None, "-"):
        return None
    target = Path(out)
    try:
        if not target.is_file():
            return None
        resolved = target.resolve()
    except OSError:
        return None
    del suffixes  # any existing file in an input tree: a walk may not read it, but it is the user's
    for raw in paths:
        if raw == "-":
            continue
        d = Path(raw)
        try:
            if d.is_dir() and resolved.is_relative_to(d.resolve()) and not _own_output(resolved):
                return f"--out {out} is an input file of directory {raw} and would be overwritten"
        except OSError:
            continue
    return None


def _first_missing(paths: Sequence[str]) -> Optional[str]:
    """The first of ``paths`` (not '-') that does not exist, or None: with ``--on-error
    fail`` such a path stops a run before anything is read."""
    return next((raw for raw in paths if raw != "-" and not os.path.exists(raw)), None)


class _Input:
    """One input of ``byline tokenize``: a file, an article of a JSON Lines file, a
    directory without text files, or standard input; its bytes, then its Doc, or its error.
    ``meta``: what the Doc's meta gets besides ``path`` (a JSON Lines article's ``id``);
    ``replaced``: the reader put U+FFFD for invalid UTF-8 into the text (``--errors replace``)."""

    __slots__ = ("name", "id", "data", "size", "doc", "error", "meta", "replaced")

    def __init__(self, name: str, id_: Optional[str], data: Optional[bytes] = None, error: Optional[str] = None):
        self.name = _utf8_safe(name) or ""  # a file name that is not UTF-8: backslash escapes
        self.id = _utf8_safe(id_)
        self.data = data
        self.size = 0 if data is None else len(data)
        self.doc: Optional[Doc] = None
        self.error = error
        self.meta: Dict[str, str] = {}
        self.replaced = False


def _collect(paths: Sequence[str], outputs: Any, fields: Any, stdin_format: str, stop_at_error: bool) -> List[_Input]:
    """Read every input in order as ``byline extract`` reads it (:func:`byline._extract.iter_entries`:
    .txt, .jsonl and .html/.htm files, directories searched recursively for those, leaving
    ``outputs`` out, and ``-`` as JSON Lines or one text by ``stdin_format``): the texts
    read and the inputs that failed, in their places (up to the first that failed when
    ``stop_at_error``). ``fields`` (a :class:`byline._extract.Fields`): the JSON Lines text
    and id fields, ``errors`` as extract's ``--errors``, and ``max_bytes`` per input record
    (a larger one is an error and is not read into memory). An HTML page gives the
    article text read out of it, a JSON Lines line its text field."""
    from byline import _extract as ex

    inputs: List[_Input] = []
    for e in ex.iter_entries(paths, fields, stdin_format=stdin_format, outputs=outputs):
        if e.error is not None or e.article is None:
            inputs.append(_Input(e.ref, e.article_id, error=e.error or "not read"))
            if stop_at_error:
                return inputs
            continue
        art = e.article
        x = _Input(e.ref, art.id, art.text.encode("utf-8"))
        if art.input is None and e.ref != "<stdin>":  # a JSON Lines line (of a file or of stdin): its id
            x.meta = {"id": x.id} if x.id is not None else {}
        x.replaced = e.utf8_replaced
        inputs.append(x)
    return inputs


def _tokenize_all(tokenizer: Tokenizer, inputs: List[_Input], threads: int) -> None:
    """Set the Doc (or the error) of every input read, in one parallel batch; if that
    fails, file by file to name each failure."""
    from byline import _extract as ex

    read = [x for x in inputs if x.error is None]
    try:
        docs = tokenizer.tokenize_batch([x.data for x in read], threads)
    except BylineError:
        for x in read:
            try:
                x.doc = tokenizer.tokenize(x.data)
            except EncodingError as e:  # the library's hint names its policy; here it is an option
                x.error = ex.encoding_reason(e)
            except BylineError as e:
                x.error = str(e)
    else:
        for x, doc in zip(read, docs):
            x.doc = doc
    for x in read:
        x.data = None  # the Doc holds the text now
        if x.replaced and x.doc is not None:  # repaired when read, as the tokenizer would have
            x.doc._c.set_utf8_replaced(True)


def _table(rows: List[_Input], seconds: float, threads: int) -> str:
    """The summary table: one row per input (a failed one with dashes and its error), totals
    and throughput of the inputs tokenized."""
    header = ("file", "chars", "tokens", "sentences", "paragraphs")
    good = [x.doc for x in rows if x.doc is not None]
    counts = [(len(d.text), len(d), len(d.sentence_ranges()), len(d.paragraph_ranges())) for d in good]
    totals = tuple(sum(c[k] for c in counts) for k in range(4))
    lines: List[Tuple[str, ...]] = [header]
    docs = iter(counts)
    for x in rows:
        name = _visible(x.name)
        lines.append((name, "-", "-", "-", "-") if x.doc is None else (name, *(f"{v:,}" for v in next(docs))))
    failed = len(rows) - len(good)
    label = f"total ({len(good)} file{'s' if len(good) != 1 else ''}{f', {failed} failed' if failed else ''})"
    lines.append((label,) + tuple(f"{v:,}" for v in totals))
    width = [max(len(line[k]) for line in lines) for k in range(5)]

    def fmt(line: Sequence[str]) -> str:
        return "  ".join([line[0].ljust(width[0])] + [line[k].rjust(width[k]) for k in range(1, 5)])

    out = [fmt(lines[0]), "  ".join("-" * w for w in width)]
    for x, line in zip(rows, lines[1:-1]):
        out.append(fmt(line) + (f"  (failed: {_visible(x.error or '')})" if x.doc is None else ""))
    out += ["  ".join("-" * w for w in width), fmt(lines[-1])]
    secs = max(seconds, 1e-9)
    nbytes = sum(x.size for x in rows if x.doc is not None)
    out.append(
        f"tokenized {nbytes:,} bytes in {seconds * 1000:.2f} ms on {threads or 'all'} "
        f"thread{'s' if threads != 1 else ''}: {nbytes / secs / 1e6:.1f} MB/s, "
        f"{totals[1] / secs:,.0f} tokens/s"
    )
    return "\n".join(out)


#: The members of a ``byline.doc/1`` object that a failed input has none of: null in its
#: error object (docs/schema.md).
_DOC_MEMBERS = ("text", "tokens", "token_kinds", "sentences", "paragraphs", "entities", "utf8_replaced")


def _doc_error_json(x: _Input) -> str:
    """The ``byline.doc/1`` error object of a bad input of ``byline tokenize --json``
    (docs/schema.md), shaped as analyze's ``byline.article/1`` error objects: ``schema``,
    ``input``, ``id``, ``error``, ``meta`` (``path`` and ``id``) and null for every member
    of a document; keys sorted."""
    meta = {"path": x.name}
    if x.id is not None:
        meta["id"] = x.id
    obj: Dict[str, Any] = dict.fromkeys(_DOC_MEMBERS)
    obj.update(schema="byline.doc/1", input=x.name, id=x.id, error=_utf8_safe(x.error), meta=meta)
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _cmd_tokenize(args: argparse.Namespace) -> int:
    from byline import _extract as ex

    outputs = ex.Outputs()
    problem = _fields_usage(args) or _output_is_input(outputs, args.paths)
    if problem is not None:
        return _usage_error(args, problem)
    fail = args.on_error == "fail"
    missing = _first_missing(args.paths) if fail else None
    if missing is not None:  # stops the run before anything is read, as in extract
        _error(f"{missing}: no such file or directory")
        return 1
    fields = ex.Fields(
        text=args.text_field, id=args.id_field, max_bytes=args.max_bytes, errors=args.errors, dates=False
    )
    inputs = _collect(args.paths, outputs, fields, args.stdin_format, stop_at_error=fail)
    if not inputs:  # an empty JSON Lines file, directories holding only this command's output
        _no_articles(args.paths, "tokenize")
        return 0
    tokenizer = Tokenizer(errors=args.errors)
    start = time.perf_counter()
    _tokenize_all(tokenizer, inputs, args.threads)
    seconds = time.perf_counter() - start
    failed = stopped = False
    rows: List[_Input] = []
    for x in inputs:  # in input order: each document, or (a bad input) its error
        if x.doc is None:
            failed = True
            _error(f"{x.name}: {x.error}")
            if fail:
                instead = "writes an error object" if args.json else "lists it in the table"
                _error(f"stopped at the first bad input (--on-error skip {instead} and goes on)")
                stopped = True
                break
            if args.json:
                sys.stdout.write(_doc_error_json(x) + "\n")
        elif args.json:
            x.doc.set_meta("path", x.name)
            for key, value in x.meta.items():
                x.doc.set_meta(key, value)
            sys.stdout.write(x.doc.to_json() + "\n")
        rows.append(x)
    if not args.json and rows and not stopped:  # a run stopped by a bad input has no table
        print(_table(rows, seconds, args.threads))
    sys.stdout.flush()
    return 1 if failed else 0


def _extract_format(args: argparse.Namespace) -> str:
    """--format; else jsonl for --json; else by the --out suffix (.jsonl, .csv, .parquet); else table."""
    if args.format is not None:
        return str(args.format)
    if args.json:
        return "jsonl"
    suffix = Path(args.out).suffix.lower() if args.out not in (None, "-") else ""
    return {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}.get(suffix, "table")


def _extract_usage(args: argparse.Namespace) -> Optional[str]:
    """The reason the extract options do not fit together, or None."""
    fmt = _extract_format(args)
    if args.json and fmt != "jsonl":
        return f"--json means --format jsonl; it conflicts with --format {fmt}"
    if fmt == "parquet" and args.out in (None, "-"):
        return "--format parquet needs --out FILE"
    if args.resume and (fmt != "jsonl" or args.out in (None, "-")):
        return "--resume needs --format jsonl (or --json) and --out FILE"
    problem = _fields_usage(args)
    if problem is not None:
        return problem
    if args.articles is not None and fmt not in ("csv", "parquet"):
        return "--articles needs --format csv or parquet"
    other = {"csv": ".parquet", "parquet": ".csv"}.get(fmt)
    if args.articles is not None and other and args.articles.lower().endswith(other):
        return f"--articles {args.articles} has the suffix of the other table format; it is written as {fmt}"
    outs = [p for p in (args.out, args.articles) if p not in (None, "-")]
    if len(outs) == 2 and _extract_outputs(args.out, None).which(args.articles) is not None:
        return "--out and --articles name the same file"
    from byline import _extract as ex

    for out in (args.out, args.articles):
        problem = _overwrites_an_input(out, args.paths, ex.SUFFIXES)
        if problem is not None:
            return problem
    return _output_is_input(
        _extract_outputs(args.out, args.articles), [*args.paths, args.patterns, *args.phrases, args.model]
    )


def _extract_outputs(out: Optional[str], articles: Optional[str]) -> Any:
    """The files extract writes: --out (else standard output) and --articles."""
    from byline import _extract as ex

    return ex.Outputs([out, articles], stdout=out in (None, "-"))


def _cmd_extract(args: argparse.Namespace) -> int:
    try:
        return _extract(args)
    finally:
        gc.unfreeze()  # (frozen once the pipeline is loaded) for callers of main() in a process


def _extract(args: argparse.Namespace) -> int:
    from byline import _extract as ex

    problem = _extract_usage(args)
    if problem is not None:
        return _usage_error(args, problem)
    fmt = _extract_format(args)
    if fmt == "parquet":
        ex.require_pyarrow()  # before the model is loaded or any output written
    missing = _first_missing(args.paths) if args.on_error == "fail" else None
    if missing is not None:  # a PATH that does not exist stops the run before it starts
        _error(f"{missing}: no such file or directory")
        return 1
    for option, p in (("--out", args.out), ("--articles", args.articles)):
        if p not in (None, "-"):  # before the model is loaded; opening it may still fail (below)
            ex.check_output(p, f"{option} {p}")
    nlp = pipeline.load(args.model, rules=not args.no_rules, patterns=args.patterns, errors=args.errors)
    for path in args.phrases:
        nlp.add_phrases(path)
    # What is loaded by now (modules, the pipeline) lives until the end: the garbage
    # collector stops rescanning it with every full collection the stream of articles causes.
    gc.freeze()
    skip, last_ref, keep = ex.prepare_resume(args.out) if args.resume else (0, None, -1)
    fields = _fields(args)
    entries = ex.iter_entries(
        args.paths, fields, skip, args.stdin_format, outputs=_extract_outputs(args.out, args.articles)
    )
    if skip:
        seen = list(islice(entries, skip))
        if len(seen) < skip or seen[-1].ref != last_ref:
            found = f"input {len(seen)} is {seen[-1].ref}" if seen else "there are no inputs"
            raise FormatError(
                f"{args.out}: cannot resume: it holds {skip} records, the last from {last_ref}, but {found}"
            )
    if args.resume:  # only now, once the file is known to be ours and to match the inputs
        ex.finish_resume(args.out, keep)
    start = time.perf_counter()
    # A CSV or Parquet table is written to FILE.XXXXXXXX.partial and becomes FILE only when
    # the run finishes, so that a stopped run never leaves a table that looks complete.
    # (JSON Lines records are written in place: --resume completes a stopped run.)
    partial: Dict[str, Any] = {}
    writers: List[Any] = []
    threaded = not ex.one_thread(args.threads)  # --threads 1: read, process and write on this thread
    out = None
    started = finished = body_done = False
    try:
        for option, p in (("--out", args.out), ("--articles", args.articles)):
            if fmt in ("csv", "parquet") and p not in (None, "-"):
                partial[p] = ex.PartialFile(p, f"{option} {p}")

        def where(p: Optional[str]) -> Optional[str]:
            return partial[p].path if p in partial else p

        out = None if fmt == "parquet" else ex.open_text(where(args.out), args.resume, f"--out {args.out}")
        if fmt == "table":
            writers.append(ex.TableWriter(out, args.top))
        elif fmt == "jsonl":
            writers.append(ex.JsonlWriter(out))
        elif fmt == "csv":
            writers.append(ex.CsvTextWriter(out, articles=False))
        else:
            writers.append(ex.ParquetTableWriter(where(args.out), articles=False, threaded=threaded))
        if args.articles is not None:
            writers.append(
                ex.CsvTextWriter(ex.open_text(where(args.articles), what=f"--articles {args.articles}"), articles=True)
                if fmt == "csv"
                else ex.ParquetTableWriter(where(args.articles), articles=True, threaded=threaded)
            )
        started = True
        failed, seen = _extract_stream(args, nlp, entries, writers, skip)
        if not seen and not skip:
            _no_articles(args.paths, "extract")
        finished = not (failed and args.on_error == "fail")
        # before the output is closed (it may be --out FILE); none for a run stopped by an error
        if fmt == "table" and finished:
            writers[0].summary(time.perf_counter() - start)
        body_done = True
    finally:
        # Every writer is closed even when one fails (a Parquet writer raises a failed
        # background write here); the first failure is raised after the outputs are settled,
        # unless an exception from the run is already on its way.
        close_error: Optional[BaseException] = None
        for w in writers:
            try:
                w.close()
            except BaseException as e:  # noqa: BLE001 - kept and raised below
                close_error = close_error or e
            if isinstance(w, ex.CsvTextWriter) and w.out is not out:
                w.out.close()
        if close_error is not None:
            finished = False
        if out is not None and out is not sys.stdout:
            out.close()
        for final, part in partial.items():
            if finished:
                part.commit()
            elif not started:  # an output could not be opened: nothing was written
                part.discard()
            elif part.temp is not None:
                _error(f"the run did not finish: the rows written so far are in {part.temp}, not in {final}")
        if close_error is not None and body_done:
            raise close_error
    sys.stdout.flush()
    return 1 if failed else 0


def _extract_stream(args: argparse.Namespace, nlp: Any, entries: Any, writers: List[Any], skip: int) -> Tuple[int, int]:
    """Process and write every entry, a batch at a time; returns the number that failed and
    the number of entries (those --resume skipped are not among them)."""
    from byline import _extract as ex

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(desc="extract", unit=" articles", initial=skip, file=sys.stderr, dynamic_ncols=True, smoothing=0.05)
    main, tables = writers[0], writers[1:]
    fmt = _extract_format(args)
    if fmt in ("jsonl", "csv", "parquet"):  # records, rows or columns made in C++ on the pipeline's threads
        kind = "columns" if fmt == "parquet" else fmt

        def work(b: List[Any]) -> None:
            ex.extract_batch(nlp, b, args.threads, kind, args.csv_raw)
    else:  # Docs for the summary table

        def work(b: List[Any]) -> None:
            ex.process_batch(nlp, b, args.threads)

    failed = chars = seen = 0
    batches = ex.run_batches(entries, work, args.batch_size, threaded=not ex.one_thread(args.threads))
    try:
        for batch in batches:
            seen += len(batch)
            stop = False
            done: List[Any] = []
            for e in batch:
                if e.error is not None:
                    failed += 1
                    _error(f"{e.ref}: {e.error}")
                    if args.on_error == "fail":
                        _error("stopped at the first bad input (--on-error skip writes an error record and goes on)")
                        stop = True
                        break
                done.append(e)
                if isinstance(main, (ex.JsonlWriter, ex.TableWriter, ex.CsvTextWriter)):
                    main.write(e)
            for w in writers:
                if isinstance(w, ex.ParquetTableWriter):
                    w.write_entries(done)
            for t in tables:
                if isinstance(t, ex.CsvTextWriter):
                    for e in done:
                        t.write(e)
            for w in writers:
                if not isinstance(w, ex.ParquetTableWriter):  # row groups are written when full
                    w.flush()
            if bar is not None:
                chars += sum(len(e.article.text) for e in done if e.article is not None)
                bar.set_postfix_str(
                    f"{chars / 1e6 / max(bar.format_dict['elapsed'], 1e-9):.2f} Mchars/s", refresh=False
                )
                bar.update(len(done))
            if stop:
                break
    finally:
        # Stops and joins the threads of run_batches now, also on an error such as a closed
        # pipe: the interpreter must not exit while one of them is inside the C++ pipeline.
        batches.close()
        if bar is not None:
            bar.close()
    return failed, seen


def _cmd_analyze(args: argparse.Namespace) -> int:
    from byline import _extract as ex
    from byline.analysis import default_analyzer

    outputs = ex.Outputs()
    problem = _fields_usage(args) or _output_is_input(outputs, [*args.paths, args.patterns, *args.phrases, args.model])
    if problem is not None:
        return _usage_error(args, problem)
    missing = _first_missing(args.paths) if args.on_error == "fail" else None
    if missing is not None:  # a PATH that does not exist stops the run before it starts
        _error(f"{missing}: no such file or directory")
        return 1
    nlp = pipeline.load(args.model, patterns=args.patterns, errors=args.errors)
    for path in args.phrases:
        nlp.add_phrases(path)
    # The inputs are read as `byline extract` reads them: text, JSON Lines, HTML, stdin;
    # 256 at a time, each batch written and dropped before the next is read, so memory is
    # bounded by a batch (and by the largest article), not by the input.
    fields = _fields(args)
    entries = ex.iter_entries(args.paths, fields, outputs=outputs)
    analyzer = default_analyzer()
    # Cross-article linking needs each article's clusters only: the C++ corpus, without the
    # per-mention tables of byline.Corpus and without claims.
    linker = _core.Corpus(claims=False)
    failed = stop = False
    seen = analyzed = 0
    while not stop:
        batch = list(islice(entries, 256))
        if not batch:
            break
        seen += len(batch)
        ex.process_batch(nlp, batch, args.threads)
        bad = [k for k, e in enumerate(batch) if e.doc is None or e.error is not None]
        if bad and args.on_error == "fail":  # nothing after the first bad input is analysed
            del batch[bad[0] + 1 :]
        good = [e for e in batch if e.doc is not None and e.error is None]
        for e in good:
            e.article = None  # its text is in the Doc now
            # The Doc kept the input str too (a second copy of the text, 100 MB for a
            # 100 MB ASCII line); nothing below reads it, and Doc.text would decode it
            # again from the C++ Doc.
            e.doc._text = None
        cores = iter(analyzer.analyze_batch([e.doc._c for e in good], args.threads))
        # Every input in its place: its analysis, or (a bad one) its error.
        for e in batch:
            ref = _utf8_safe(e.ref)  # a file name that is not UTF-8: backslash escapes
            if e.doc is None or e.error is not None:
                failed = True
                reason = e.error or "not processed"
                _error(f"{e.ref}: {reason}")
                if args.on_error == "fail":
                    instead = "writes an error object" if args.json else "names it in its place"
                    _error(f"stopped at the first bad input (--on-error skip {instead} and goes on)")
                    stop = True
                    break
                if args.json:
                    sys.stdout.write(_article_error_json(e, _utf8_safe(reason)) + "\n")
                else:
                    print(f"== {_visible(ref)}\n  error  {_visible(reason)}")
                continue
            core = next(cores)
            if args.json:
                e.doc.set_meta("path", ref)
                # written a piece at a time: the object of a long article is many times its text
                _core.write_article_json(e.doc._c, core, sys.stdout.write)
                sys.stdout.write("\n")
            else:
                _print_analysis(ref, Analysis(e.doc, core))
                linker.add(ref, e.doc._c, core)  # --json writes each article alone: nothing is linked
            analyzed += 1
            del core
        del e, batch, good, cores  # the Docs and analyses of this batch
        sys.stdout.flush()
    if not seen:  # no input failed: an empty run
        _no_articles(args.paths, "analyze")
        return 0
    if stop or not analyzed:  # a run stopped by a bad input has no summary
        return 1
    if args.json:
        return 1 if failed else 0
    entities = linker.link()["entities"]
    top = sorted(entities, key=lambda e: (-len(e["articles"]), -e["mentions"], e["canonical"]))[: args.top]
    print(f"\nentities across {analyzed} article{'s' if analyzed != 1 else ''}:")
    for e in top:
        aliases = [x for x in e["aliases"] if x != e["canonical"]]
        extra = f" (also {', '.join(_visible(x) for x in aliases)})" if aliases else ""
        print(
            f"  {e['label']:<7} {_visible(e['canonical'])}{extra}: {e['mentions']} mention{'s' if e['mentions'] != 1 else ''} in {len(e['articles'])} article{'s' if len(e['articles']) != 1 else ''}"
        )
    sys.stdout.flush()
    return 1 if failed else 0


#: The members of a ``byline.article/1`` object that a failed input has none of: null in
#: its error object (docs/schema.md).
_ARTICLE_MEMBERS = (
    "text",
    "tokens",
    "token_kinds",
    "sentences",
    "paragraphs",
    "entities",
    "utf8_replaced",
    "boilerplate",
    "mentions",
    "clusters",
    "roles",
    "quotes",
)


def _error_fields(e: Any) -> Tuple[str, Optional[str], Dict[str, str]]:
    """``input``, ``id`` and ``meta`` (``path`` and the metadata known) of the error object of
    a bad input (a ``byline._extract.Entry``), all made UTF-8 safe (docs/schema.md)."""
    ref, id_, title, date, url, source, _ = e.source()  # strings made UTF-8 safe
    meta = {"path": ref}
    meta.update(
        (k, v)
        for k, v in (("id", id_), ("title", title), ("date", date), ("url", url), ("source", source))
        if v is not None
    )
    return ref, id_, meta


def _article_error_json(e: Any, reason: str) -> str:
    """The ``byline.article/1`` error object of a bad input of ``byline analyze --json``
    (docs/schema.md): ``schema``, ``input``, ``id``, ``error``, ``meta`` (``path`` and the
    metadata known) and null for every member of an article. One line, keys sorted as in
    the article objects."""
    ref, id_, meta = _error_fields(e)
    obj: Dict[str, Any] = dict.fromkeys(_ARTICLE_MEMBERS)
    obj.update(schema="byline.article/1", input=ref, id=id_, error=reason, meta=meta)
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _short(text: str, width: int = 90) -> str:
    text = _visible(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 3] + "..."


def _print_analysis(name: str, a: Analysis) -> None:
    """The text form of one article's analysis: its quotes, roles and boilerplate."""
    print(f"== {_visible(name)}")
    for q in a.quotes:
        who = _visible(q.speaker) if q.speaker is not None else "(unattributed)"
        cue = _visible(q.cue or "-")
        if q.direct:
            print(f"  quote  {who} [{cue}]: “{_short(q.text)}”")
        else:  # reported speech: the reported clause, no quotation marks
            print(f"  said   {who} [{cue}]: {_short(q.text)}")
    for r in a.roles:
        times = f" ×{r.count}" if r.count > 1 else ""
        org = f" ({_visible(r.org)})" if r.org else ""
        print(f"  role   {_visible(r.person)}: {_visible(r.role)}" + org + times)
    for b in a.boilerplate:
        print(f"  boilerplate  {b.kind}: “{_short(b.text, 60)}”")


def _cmd_explain(args: argparse.Namespace) -> int:
    # The argument's bytes as given (Python decoded invalid UTF-8 to lone surrogates).
    text = os.fsencode(args.text)
    try:
        steps = Tokenizer(errors=args.errors).explain(text)
    except EncodingError as e:  # the library's hint names its policy; here it is an option
        from byline import _extract as ex

        _error(f"TEXT: {ex.encoding_reason(e)}")
        return 1
    shown = [(_visible(text), rule) for text, rule in steps]
    width = max((len(text) for text, _ in shown), default=0)
    for text, rule in shown:
        print(f"{text.ljust(width)}  {rule}")
    return 0


def _log_epoch(epochs: int) -> Any:
    def log(report: Dict[str, Any]) -> None:
        line = (
            f"epoch {report['epoch']}/{epochs}  {report['seconds']:.1f} s  train-err {report['train_error_rate']:.4f}"
        )
        dev = report["dev"]
        if dev is not None:
            line += f"  dev P {dev['precision']:.2f} R {dev['recall']:.2f} F1 {dev['f1']:.2f}"
        print(line, file=sys.stderr, flush=True)

    return log


def _add_train_options(tr: argparse.ArgumentParser) -> None:
    """The training options of ``byline-dev train`` (C++ ``byline::train_option_specs``:
    names, meanings, defaults and help are defined there once)."""
    for spec in _core.train_option_specs():
        flag = "--" + spec["name"]
        if spec["kind"] == "flag":
            tr.add_argument(flag, action="store_true", help=spec["help"])
            continue
        kind = _train_value(spec["name"], {"count": int, "number": float}.get(spec["kind"], str))
        default = kind(spec["default"]) if spec["default"] and spec["kind"] in ("count", "number") else None
        tr.add_argument(flag, type=kind, default=default, metavar=spec["metavar"], help=spec["help"])


def _train_value(name: str, convert: Any) -> Any:
    """The argparse type of training option ``name``: the value checked as ``byline-dev
    train`` checks it (``byline::set_train_option``), then converted; a bad one is a usage error."""

    def parse(text: str) -> Any:
        try:
            _core.check_train_option(name, text)
        except _core.ConfigError as e:
            raise argparse.ArgumentTypeError(str(e).replace(f"--{name} ", "", 1)) from None
        return convert(text)

    parse.__name__ = name  # argparse names the type in some messages
    return parse


def _train_keywords(args: argparse.Namespace) -> Dict[str, Any]:
    """The keywords of :func:`byline.train` for the training options given on the command
    line: the option's name with '_' for '-', keep_best=False for --no-keep-best, a list
    of the comma-separated names; options not given are left to its defaults."""
    out: Dict[str, Any] = {}
    for spec in _core.train_option_specs():
        key = spec["name"].replace("-", "_")
        value = getattr(args, key)
        if spec["kind"] == "flag":
            if value:
                out.update({key[3:]: False} if key.startswith("no_") else {key: True})
        elif value is not None:
            out[key] = [g.strip() for g in value.split(",") if g.strip()] if spec["kind"] == "list" else value
    return out


def _cmd_train(args: argparse.Namespace) -> int:
    from byline import _extract as ex

    # pipeline.train also checks that --out can be written, before training
    problem = _output_is_input(
        ex.Outputs([args.out], stdout=args.dev is not None),
        [args.train, args.dev, args.clusters, args.gazetteer, args.vectors],
    )
    if problem is not None:
        return _usage_error(args, problem)
    start = time.perf_counter()
    keywords = _train_keywords(args)
    try:
        nlp = pipeline.train(args.train, dev=args.dev, out=args.out, on_epoch=_log_epoch(args.epochs), **keywords)
    except (BylineError, ValueError) as e:
        # the checks of byline.train name its keywords: say the command line's options
        message = str(e)
        for key in keywords:
            # a keyword at the start of the check's "KEY must ..." (not in a path or a value)
            message = re.sub(rf"^{key}(?= must\b)", "--" + key.replace("_", "-"), message)
        if message == str(e):
            raise
        try:
            renamed = type(e)(message)
        except Exception:  # an error type that takes other arguments keeps its message
            raise e from None
        raise renamed from e
    size = os.path.getsize(args.out)
    print(f"saved {args.out} ({size:,} bytes) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if args.dev is not None:
        print(json.dumps(pipeline.evaluate(args.dev, model=nlp)))
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    print(json.dumps(pipeline.evaluate(args.data, model=args.model)))
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    from byline import _extract as ex
    from byline.render import FailedInput, write_report

    out = Path(args.out)
    outputs = ex.Outputs([args.out], stdout=False)
    problem = (
        _fields_usage(args)
        or _overwrites_an_input(args.out, args.paths, ex.SUFFIXES)
        or _output_is_input(outputs, [*args.paths, args.model])
    )
    if problem is not None:
        return _usage_error(args, problem)
    fail = args.on_error == "fail"
    missing = _first_missing(args.paths) if fail else None
    if missing is not None:  # stops the run before anything is read, as in extract
        _error(f"{missing}: no such file or directory; nothing written")
        return 1
    ex.check_output(args.out, f"--out {args.out}")  # before the work; writing may still fail (below)
    nlp = pipeline.load(args.model, errors=args.errors)
    fields = _fields(args)
    # an earlier report in an input directory is left out (outputs)
    entries = ex.iter_entries(args.paths, fields, outputs=outputs)
    items: List[Any] = []  # every input in its place: its Doc, or (a bad one) its error
    failed = 0
    while True:
        batch = list(islice(entries, 256))
        if not batch:
            break
        ex.process_batch(nlp, batch, args.threads)
        for e in batch:
            if e.doc is None or e.error is not None:
                failed += 1
                reason = e.error or "not processed"
                _error(f"{e.ref}: {reason}")
                if fail:
                    _error("stopped at the first bad input (--on-error skip shows it in the report); nothing written")
                    return 1
                ref, id_, meta = _error_fields(e)
                items.append(FailedInput(ref, _utf8_safe(reason) or "", id_, meta))
                continue
            e.doc.set_meta("path", e.ref)
            items.append(e.doc)
        del batch
    if not items:  # the report of no article: the summary says 0 documents
        _no_articles(args.paths, "render")
    try:
        write_report(items, out, title=args.title)
    except OSError as e:
        raise ex.cannot_write(f"--out {args.out}", e) from None
    docs = [d for d in items if isinstance(d, Doc)]
    n = sum(len(d.ents) for d in docs)
    also = f", {failed} failed" if failed else ""
    print(
        f"wrote {out} ({len(docs)} article{'s' if len(docs) != 1 else ''}{also}, {n:,} entity mentions)",
        file=sys.stderr,
    )
    return 1 if failed else 0


class _ClosedStream:
    """Stands in for sys.stdin or sys.stdout when its file descriptor was closed before
    the command started: reading or writing raises OSError, reported in one line."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _closed(self, *args: Any, **kwargs: Any) -> Any:
        raise OSError(f"standard {self.name} is closed")

    read = readline = write = writelines = reconfigure = fileno = __iter__ = _closed
    buffer = property(_closed)

    def flush(self) -> None:  # nothing was written
        pass

    def isatty(self) -> bool:
        return False


def _guard_std_streams() -> None:
    """Open /dev/null on the standard file descriptors that are closed, so that no file
    the command opens takes their number (the C++ core logs to descriptor 2), and make
    sys.stdin/sys.stdout :class:`_ClosedStream` (messages to a closed stderr are lost)."""
    for fd, name in ((0, "input"), (1, "output"), (2, "error")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if fd == 2:
            sys.stderr = open(fd, "w", encoding="utf-8", closefd=False)  # open as long as the process runs
        else:
            setattr(sys, "stdin" if fd == 0 else "stdout", _ClosedStream(name))


def _writes_stdout(args: argparse.Namespace) -> bool:
    if args.command == "extract":
        return args.out in (None, "-")
    if args.command == "train":
        return args.dev is not None
    return args.command != "render"


#: Exit status of a process killed by SIGPIPE (128 + 13), as a shell reports it.
EXIT_BROKEN_PIPE = 141


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that outputs are closed as for Ctrl-C."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the ``byline`` console script; returns the exit status."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
    try:
        return _main(argv)
    except _Terminated:
        _error("terminated")
        return 128 + signal.SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: Optional[Sequence[str]]) -> int:
    _guard_std_streams()
    commands = {
        "extract": _cmd_extract,
        "analyze": _cmd_analyze,
        "tokenize": _cmd_tokenize,
        "explain": _cmd_explain,
        "train": _cmd_train,
        "evaluate": _cmd_evaluate,
        "render": _cmd_render,
    }
    try:
        parser = _parser()
        # Options no command knows are reported here, under the command's own usage
        # (argparse's parse_args would print the top-level usage for them).
        args, unknown = parser.parse_known_args(argv)
        if unknown:
            sys.stderr.write(getattr(args, "usage", None) or parser.format_usage())
            _error(f"unrecognized arguments: {' '.join(unknown)}")
            return 2
        if args.command is None:
            parser.print_usage(sys.stderr)
            _error("a command is required (extract, analyze, tokenize, explain, train, evaluate, render)")
            return 2
        if list(getattr(args, "paths", None) or ()).count("-") > 1:
            sys.stderr.write(getattr(args, "usage", None) or parser.format_usage())
            _error("'-' (standard input) is given more than once: it can be read once")
            return 2
        if "-" in (getattr(args, "paths", None) or ()) and isinstance(sys.stdin, _ClosedStream):
            _error("standard input is closed")
            return 1
        if _writes_stdout(args) and isinstance(sys.stdout, _ClosedStream):
            _error("standard output is closed")
            return 1
        return commands[args.command](args)
    except BrokenPipeError:
        # Output closed early (e.g. piped into `head`): stop quietly like other Unix tools;
        # later writes (the final flush) go to /dev/null.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE
    except (BylineError, ValueError, OSError, ImportError) as e:
        _report(e)
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as e:  # a bug: one line too, the traceback with BYLINE_LOG_LEVEL=debug
        _report(e, internal=True)
        return 1


def _report(e: BaseException, internal: bool = False) -> None:
    """One line on stderr for an error that stops a command; before it the traceback when
    byline's log level is debug or trace (``BYLINE_LOG_LEVEL``)."""
    debug = _core.get_log_level() in ("debug", "trace")
    if debug:
        traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
    message = str(e) or type(e).__name__
    if internal:
        hint = "" if debug else " (BYLINE_LOG_LEVEL=debug shows the traceback)"
        message = f"internal error: {type(e).__name__}: {message}{hint}"
    _error(message)


if __name__ == "__main__":
    sys.exit(main())
