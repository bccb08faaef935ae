"""Streaming machinery of ``byline extract``: inputs, batches, output writers, resume.

Every input record becomes one :class:`Entry` (a file, a JSON Lines line, stdin),
either holding an :class:`byline.Article` or the reason it could not be read. Entries
flow in batches through three threads (:func:`run_batches`): one reads, one runs the C++
pipeline, which also makes the output (:func:`extract_batch`: JSON Lines records, CSV
rows, Parquet columns; GIL released), and the caller writes (a Parquet row group is
written on a fourth thread, :class:`ParquetTableWriter`). A one-thread run
(:func:`one_thread`: ``--threads 1``) does all of it on the calling thread. Each batch
comes back in input order, every entry with its output or its error. Memory is bounded
by a few batches, whatever the input size.

THREAD SAFETY: :func:`run_batches` runs one reader and one worker thread per call;
writers are used by the calling thread only (a ParquetTableWriter writes one row group at
a time on its own thread, which it waits for before the next and in close()).
"""

from __future__ import annotations

import errno
import functools
import json
import os
import queue
import re
import stat
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, TextIO, Tuple, Union

from byline import _core
from byline._dates import FORMS, weekday_problem
from byline.articles import (
    BROKEN_LINK,
    Article,
    _encodable,
    _read_html,
    _utf8_safe,
    _visible,
    broken_link,
    date_key,
    decode_text,
    jsonl_parser,
    parse_jsonl_record,
)
from byline.doc import Doc
from byline.frames import ARTICLE_COLUMNS, MENTION_COLUMNS, _opt, process_each

#: Suffixes picked up in directories; any file named directly is read by its suffix
#: (.jsonl, .html/.htm) or else as plain text.
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

#: The largest input record read (a file, a JSON Lines line, standard input as one text),
#: in bytes; a larger one is an error record, read no further (``--max-bytes``).
DEFAULT_MAX_BYTES = 64_000_000
#: The largest --max-bytes: one document holds at most 4 GiB - 2 bytes (docs/robustness.md).
MAX_BYTES_LIMIT = 4_294_967_294

#: Exceptions that make one input fail (recorded as its error) rather than the run.
INPUT_ERRORS = (_core.BylineError, ValueError, TypeError, UnicodeError, ImportError, OSError)


Record = Union[str, Iterable[str]]


def write_record(out: TextIO, record: Record) -> None:
    """Write ``record`` (a str, or the parts of a long record, which are made as they are
    written: the record is never in memory whole)."""
    if isinstance(record, str):
        out.write(record)
        return
    for part in record:
        out.write(part)


@dataclass
class Entry:
    """One input record: where it comes from, its Article (or None) and its error (or None)."""

    ref: str
    article: Optional[Article] = None
    error: Optional[str] = None
    meta: Optional[Dict[str, Any]] = None
    doc: Optional[Doc] = None
    skipped: bool = False  # a placeholder for an input already in the output (--resume)
    # The output made in C++ (extract_batch): a JSON line, or CSV mention rows; for a text of
    # many entities a _core.RecordParts that makes it a part at a time (write_record).
    record: Record = ""
    article_row: str = ""  # CSV: the article table row
    entities: int = 0
    tables: Optional["BatchTables"] = None  # Parquet: the batch's tables (shared by its entries)
    day: Optional[str] = None  # the article's date as yyyy-mm-dd, once _dated has checked it
    utf8_replaced: bool = False  # the reader put U+FFFD into the text (Fields.errors "replace")

    def source(
        self,
    ) -> Tuple[str, Optional[str], Optional[str], Optional[str], Optional[str], Optional[str], Optional[str]]:
        """(input, id, title, date, url, source, date_source) as byline::ExtractSource takes them."""
        a = self.article
        if a is not None:
            date = self.day if self.day is not None else a.date  # parsed once
            return (
                _utf8_safe(self.ref),
                _utf8_safe(a.id),
                _utf8_safe(a.title),
                _utf8_safe(date),
                _utf8_safe(a.url),
                _utf8_safe(a.source),
                (a.date_source or "argument") if date else None,
            )
        m = self.meta or {}
        return (
            _utf8_safe(self.ref),
            _utf8_safe(_opt(m.get("id"))),
            _utf8_safe(_opt(m.get("title"))),
            _utf8_safe(_opt(m.get("date"))),
            _utf8_safe(_opt(m.get("url"))),
            _utf8_safe(_opt(m.get("source"))),
            None,
        )

    @property
    def article_id(self) -> Optional[str]:
        if self.article is not None:
            return self.article.id
        return None if not self.meta else _opt(self.meta.get("id"))


#: A field name no record uses (JSON Lines keys are text): the date field when dates are not read.
_NO_FIELD = "\x00"


@dataclass
class Fields:
    """Input field names of JSON Lines records, the fallback date, the size limit of one
    input record (bytes) and what invalid UTF-8 becomes (``errors``: ``"strict"``, an error
    of the input; ``"replace"``, U+FFFD, as ``byline.load(errors=...)`` means it; in JSON
    Lines also a lone surrogate escape such as ``"\\ud800"``)."""

    text: str = "text"
    id: str = "id"
    date: str = "published"
    title: str = "title"
    url: str = "url"
    source: str = "source"
    language: str = "language"
    default_date: Optional[str] = None
    max_bytes: int = DEFAULT_MAX_BYTES
    errors: str = "strict"
    #: False: the date is not read at all (``byline tokenize``, which has no use for it):
    #: an invalid one is no error.
    dates: bool = True

    def mapping(self) -> Dict[str, str]:
        return {
            "text": self.text,
            "id": self.id,
            "published": self.date if self.dates else _NO_FIELD,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "language": self.language,
        }


# ----------------------------------------------------------------------------- outputs
def check_output(path: str, what: Optional[str] = None) -> None:
    """Raise OSError with one line, ``cannot write WHAT: REASON`` (``what`` defaults to
    ``path``), when the output file ``path`` cannot be created or replaced: it is a
    directory, a symlink loop, a path through a file, or its directory does not exist (for
    a symlink: the directory of the file it points to, which is what would be written)."""
    label = what or path
    try:
        st: Optional[os.stat_result] = os.stat(path)
    except FileNotFoundError:
        st = None  # a new file, or a symlink to one
    except OSError as e:
        raise cannot_write(label, e) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(f"cannot write {label}: it is a directory")
        return
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    if os.path.isdir(folder):
        return
    if os.path.islink(path):
        raise FileNotFoundError(f"cannot write {label}: no such directory '{folder}' (it is a symlink to {target})")
    raise FileNotFoundError(f"cannot write {label}: no such directory '{os.path.dirname(path) or '.'}'")


def cannot_write(label: str, e: OSError) -> OSError:
    """``e``, raised opening the output ``label``, as one line without the errno: ``cannot
    write LABEL: REASON``, of the same OSError subclass."""
    if e.errno == errno.ELOOP:
        reason = "it is a symlink loop (too many levels of symbolic links)"
    elif e.errno == errno.EISDIR:
        reason = "it is a directory"
    else:
        reason = e.strerror or str(e) or type(e).__name__
        reason = reason[:1].lower() + reason[1:]
    return type(e)(f"cannot write {label}: {reason}")


class PartialFile:
    """Where a table is written until it is complete: a new file beside the target (a
    unique name ``FILE.XXXXXXXX.partial``, created exclusively, with the target's mode or
    the umask's), renamed over the target by :meth:`commit`. A target that is not a
    regular file (``/dev/null``, a FIFO) or sits in a directory that cannot take a new
    file is written in place; a symlink is followed, so its target gets the table. A path
    that cannot be written (:func:`check_output`: a directory, a symlink loop, a missing
    directory) is an OSError naming ``what`` (default ``path``)."""

    def __init__(self, path: str, what: Optional[str] = None) -> None:
        check_output(path, what)
        self.final = path
        self.target = os.path.realpath(path)
        self.temp: Optional[str] = None
        exists = os.path.exists(self.target)
        if exists and not os.path.isfile(self.target):
            return
        if exists and not os.access(self.target, os.W_OK):
            raise PermissionError(f"cannot write {what or path}: permission denied")
        folder = os.path.dirname(self.target)
        if not os.access(folder, os.W_OK | os.X_OK):
            return
        fd, self.temp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(self.target) + ".", suffix=".partial")
        os.close(fd)
        if exists:
            mode = stat.S_IMODE(os.stat(self.target).st_mode)
        else:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(self.temp, mode)

    @property
    def path(self) -> str:
        """The file to write now."""
        return self.temp if self.temp is not None else self.final

    def commit(self) -> None:
        if self.temp is not None:
            os.replace(self.temp, self.target)
            self.temp = None

    def discard(self) -> None:
        if self.temp is not None and os.path.exists(self.temp):
            os.remove(self.temp)
        self.temp = None


def _file_id(st: os.stat_result) -> Tuple[int, int]:
    return st.st_dev, st.st_ino


def _regular_file_id(stream: Any) -> Optional[Tuple[int, int]]:
    """(device, inode) of the regular file behind ``stream`` (None for a pipe, a
    terminal, /dev/null, a closed or in-memory stream)."""
    try:
        st = os.fstat(stream.fileno())
    except (AttributeError, ValueError, OSError):  # io.UnsupportedOperation is both
        return None
    return _file_id(st) if stat.S_ISREG(st.st_mode) else None


class Outputs:
    """The files a command writes, to be kept out of its inputs: files named by path
    (``--out``), and standard output when it is redirected to a regular file.

    A named output is compared by device and inode once it exists and by resolved
    path before (a run may list its inputs before or after creating its output), so
    symlinks, hard links and relative spellings all match.
    """

    def __init__(self, paths: Sequence[Optional[str]] = (), stdout: bool = True) -> None:
        self.paths = [p for p in paths if p not in (None, "-")]
        self.stdout = _regular_file_id(sys.stdout) if stdout else None

    def which(self, path: Any) -> Optional[str]:
        """The output ``path`` is (its name as given, or ``"standard output"``), or None."""
        try:
            st: Optional[os.stat_result] = os.stat(path)
        except (OSError, ValueError):
            st = None
        return self._match(st, path)

    def which_stdin(self) -> Optional[str]:
        """The output standard input is read from (a redirected regular file), or None."""
        try:
            st = os.fstat(sys.stdin.fileno())
        except (AttributeError, ValueError, OSError):
            return None
        return self._match(st, None) if stat.S_ISREG(st.st_mode) else None

    def _match(self, st: Optional[os.stat_result], path: Any) -> Optional[str]:
        for out in self.paths:
            try:
                ost = os.stat(out)
            except (OSError, ValueError):  # not created yet
                if path is not None and os.path.realpath(out) == os.path.realpath(path):
                    return out
                continue
            if st is not None and _file_id(st) == _file_id(ost):
                return out
        if st is not None and self.stdout is not None and _file_id(st) == self.stdout:
            return "standard output"
        return None


# ----------------------------------------------------------------------------- inputs
def iter_entries(
    paths: Sequence[str],
    fields: Fields,
    skip: int = 0,
    stdin_format: str = "auto",
    stdin: Optional[IO[bytes]] = None,
    outputs: Optional[Outputs] = None,
) -> Iterator[Entry]:
    """One Entry per input record of ``paths``, in order (lazy).

    The first ``skip`` records are yielded as placeholders (``skipped=True``, only
    ``ref`` set) without being parsed, so that a resumed run skips them cheaply but
    still counts exactly the records a full run would. Files of ``outputs`` found in
    directories are left out (a run must not read what it writes); one named directly
    is an error entry.
    """
    left = [skip]

    def counted(entries: Iterator[Entry]) -> Iterator[Entry]:
        for e in entries:
            left[0] -= 1
            yield e

    for raw in paths:
        if raw == "-":
            yield from counted(
                _stdin_entries(stdin if stdin is not None else sys.stdin.buffer, fields, left, stdin_format)
            )
            continue
        p = Path(raw)
        if p.is_dir():
            # a broken symbolic link is listed too, as an error (it is no article read)
            found = sorted(q for q in p.rglob("*") if q.suffix.lower() in SUFFIXES and (q.is_file() or broken_link(q)))
            files = [q for q in found if outputs is None or outputs.which(q) is None]
            if not found:  # only the output of an earlier run is not an error
                yield from counted(
                    iter([_fail_or_skip(left, raw, "no .txt, .jsonl, .html or .htm files in directory")])
                )
            for f in files:
                if broken_link(f):
                    yield from counted(iter([_fail_or_skip(left, str(f), BROKEN_LINK, f.stem)]))
                else:
                    yield from counted(_file_entries(f, fields, left))
        elif outputs is not None and (out := outputs.which(p)) is not None:
            yield from counted(iter([_fail_or_skip(left, raw, f"is also the output ({out})", p.stem)]))
        elif p.exists():
            yield from counted(_file_entries(p, fields, left))
        else:
            # the id a file of that name gets (its stem), as for a file that cannot be read
            yield from counted(iter([_fail_or_skip(left, raw, "no such file or directory", p.stem)]))


def _fail_or_skip(left: List[int], ref: str, reason: str, id_: Optional[str] = None) -> Entry:
    """The entry of an input that failed before it was read (a placeholder when skipped);
    ``id_`` is the id it has all the same (a file's stem), None when it names no article."""
    if left[0] > 0:
        return Entry(ref, skipped=True)
    return Entry(ref, error=reason, meta=None if id_ is None else {"id": id_})


def _file_entries(p: Path, fields: Fields, left: List[int]) -> Iterator[Entry]:
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        try:
            f = p.open("rb")
        except OSError as e:
            yield _fail_or_skip(left, str(p), f"cannot read: {e.strerror or e}", p.stem)
            return
        with f:
            yield from _jsonl_entries(f, str(p), fields, left)
        return
    ref = str(p)
    if left[0] > 0:
        yield Entry(ref, skipped=True)
        return
    replaced = False
    try:
        data = read_bounded(p, fields.max_bytes)
        if suffix in (".html", ".htm"):
            art, replaced = _read_html(data, None, fields.errors)
            art.id, art.input = p.stem, ref
        else:
            text, replaced = decode_text(data, p, errors=fields.errors)
            art = Article(text=text, id=p.stem, input=ref)
    except INPUT_ERRORS as e:
        yield Entry(ref, error=_reason(e, ref), meta={"id": p.stem})
        return
    yield _dated(Entry(ref, art, utf8_replaced=replaced), fields)


def read_bounded(source: Union[Path, IO[bytes]], limit: int) -> bytes:
    """The bytes of the file ``source`` (or of an open binary stream such as standard
    input), refusing an input over ``limit`` bytes without reading it into memory: a
    regular file by its size, a device, pipe or stream once ``limit`` + 1 bytes have been
    read, a MiB at a time (so that a signal is handled between reads even of /dev/zero).
    Raises :class:`byline.InputError` naming the limit, or ``cannot read: REASON``."""
    try:
        if isinstance(source, Path):
            st = source.stat()
            if stat.S_ISREG(st.st_mode) and st.st_size > limit:
                raise _core.InputError(_too_large(f"the file is {st.st_size:,} bytes,", limit))
            with source.open("rb") as f:
                data = _read_at_most(f, limit + 1)
        else:
            data = _read_at_most(source, limit + 1)
    except OSError as e:
        raise _core.InputError(f"cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise _core.InputError(_too_large("the input is", limit))
    return data


def invalid_text(byte: Optional[int], of: str = "", what: str = "not valid UTF-8") -> str:
    """Why an input whose text is not valid fails under ``--errors strict``: the one message
    of every command that reads inputs (extract, analyze, render, tokenize, explain), ``WHAT
    at byte N[ OF] (use --errors replace to substitute U+FFFD)``, after the input's name."""
    at = "" if byte is None else f" at byte {byte}{of}"
    return f"{what}{at} (use --errors replace to substitute U+FFFD)"


def encoding_reason(e: BaseException, line: Optional[bytes] = None) -> str:
    """:func:`invalid_text` for an :class:`byline.EncodingError` of a reader or the tokenizer
    (its ``byte_offset``; the codec a reader decoded with, when it is not UTF-8); ``line``:
    the JSON Lines line the offset is in, where the error may be a lone surrogate escape."""
    byte = getattr(e, "byte_offset", None)
    if line is None:
        return invalid_text(byte, what=f"not valid {getattr(e, 'encoding', 'UTF-8')}")
    if byte is not None and line[byte : byte + 2] == b"\\u":  # an escape, not an invalid byte
        escape = line[byte : byte + 6].decode("ascii", "backslashreplace")
        return invalid_text(byte, " of the line", f"not valid Unicode: lone surrogate escape {escape}")
    return invalid_text(byte, " of the line")


def _reason(e: BaseException, ref: str) -> str:
    """The reader's message without the file name (the record names it in ``input``)."""
    if isinstance(e, _core.EncodingError):
        return encoding_reason(e)
    msg = str(e) or type(e).__name__
    if msg.startswith(f"{ref}: "):
        return msg[len(ref) + 2 :]
    if msg.startswith(f"cannot read {ref}: "):
        return "cannot read: " + msg[len(ref) + 14 :]
    if msg.startswith("HTML: "):  # read_html of the file's bytes
        return msg[6:]
    return msg


def _too_large(what: str, limit: int) -> str:
    return f"{what} longer than the limit of {limit:,} bytes per input; split it or raise --max-bytes"


#: A JSON Lines line longer than the limit (its bytes are skipped, never held).
_LONG_LINE = b"\0too long"
#: A line so long that the rest of the input is not read.
_ENDLESS_LINE = b"\0endless"


#: How far past the limit a long line is skipped (in multiples of the limit) to find the
#: next line; beyond that the rest of the input is not read (an endless line, /dev/zero).
_SKIP_LIMITS = 16


def _bounded_lines(f: IO[bytes], limit: int) -> Iterator[bytes]:
    """The lines of ``f``, each read with at most ``limit`` + 2 bytes in memory (the line
    end, LF or CRLF, does not count). A longer line comes out as ``_LONG_LINE`` after the
    rest of it has been read and dropped; one longer than ``_SKIP_LIMITS`` limits ends the
    input with ``_ENDLESS_LINE``."""
    while True:
        line = f.readline(limit + 2)
        if not line:
            return
        body = line[:-1] if line.endswith(b"\n") else line
        if len(body) - body.endswith(b"\r") <= limit:
            yield line
            continue
        if not line.endswith(b"\n"):
            skipped = len(line)
            while True:  # skip to the end of the line, a chunk at a time
                rest = f.readline(1 << 20)
                skipped += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
                if skipped > _SKIP_LIMITS * limit:
                    yield _ENDLESS_LINE
                    return
        yield _LONG_LINE


def _jsonl_entries(
    f: IO[bytes],
    name: str,
    fields: Fields,
    left: List[int],
    first_line: int = 1,
    lines: Optional[Iterator[bytes]] = None,
) -> Iterator[Entry]:
    parser = jsonl_parser(fields.mapping(), fields.errors)
    source = lines if lines is not None else _bounded_lines(f, fields.max_bytes)
    for n, line in enumerate(source, first_line):
        if not line.strip():
            continue
        ref = f"{name}:{n}"
        if left[0] > 0:
            yield Entry(ref, skipped=True)
            continue
        if line is _LONG_LINE:
            yield Entry(ref, error=_too_large("the line is", fields.max_bytes))
            continue
        if line is _ENDLESS_LINE:
            yield Entry(
                ref,
                error=_too_large(f"the line is over {_SKIP_LIMITS} times", fields.max_bytes)
                + " (the rest of the input is not read)",
            )
            return
        yield _dated(_parse_line(parser, line, n, ref, fields), fields)


_LINE_PREFIX = re.compile(r"^line \d+(?:: | is )")


def _parse_line(parser: Any, line: bytes, n: int, ref: str, fields: Fields) -> Entry:
    """One JSON Lines line through the reader of :func:`byline.read_jsonl` (the C++
    parser). A bad line becomes the entry's error; its id and metadata are kept when the
    line is still a JSON object (e.g. one without a text field)."""
    try:
        parsed = parse_jsonl_record(parser, line, n)
    except (_core.FormatError, _core.EncodingError) as e:
        reason = encoding_reason(e, line) if isinstance(e, _core.EncodingError) else _LINE_PREFIX.sub("", str(e))
        return Entry(ref, error=reason, meta=_salvage_meta(line, fields))
    assert parsed is not None  # blank lines are skipped by the caller
    art, replaced = parsed
    if art.id is None:
        art.id = ref
    return Entry(ref, art, utf8_replaced=replaced)


def _salvage_meta(line: bytes, fields: Fields) -> Optional[Dict[str, Any]]:
    try:
        obj = json.loads(line.decode("utf-8", "replace" if fields.errors == "replace" else "strict"))
    except (ValueError, RecursionError):  # also UnicodeDecodeError; nesting too deep for Python
        return None
    if not isinstance(obj, dict):
        return None
    mapping = fields.mapping()
    mapping["published"] = date_key(obj, mapping)  # a record without "published" has its date in "date"
    meta = {attr: obj.get(key) for attr, key in mapping.items() if attr != "text"}
    date = meta.pop("published")
    # a date that is no string (the line's error) as it was written: true, not Python's True
    meta["date"] = (
        date if date is None or isinstance(date, str) else json.dumps(date, ensure_ascii=False, separators=(",", ":"))
    )
    return {k: v for k, v in meta.items() if not isinstance(v, str) or _encodable(v)}


def _dated(entry: Entry, fields: Fields) -> Entry:
    """Give an Article without a date the fallback date; turn an invalid date into the entry's error."""
    art = entry.article
    if art is None or not fields.dates:
        return entry
    if not art.published and fields.default_date:
        art.published = fields.default_date
        art.date_source = "argument"
    try:
        entry.day = art.date  # checks the date
    except ValueError:
        meta = {"id": art.id, "title": art.title, "url": art.url, "source": art.source, "date": art.published}
        problem = weekday_problem(art.published) if isinstance(art.published, str) else None
        return Entry(
            entry.ref,
            error=f"invalid date {art.published!r} in field {getattr(art, '_date_key', fields.date)!r} "
            f"({problem or 'expected ' + FORMS})",
            meta=meta,
        )
    return entry


def _read_at_most(stream: IO[bytes], n: int) -> bytes:
    """Up to ``n`` bytes of ``stream``, read a MiB at a time (no ``n``-byte buffer up front)."""
    parts: List[bytes] = []
    size = 0
    while size < n:
        piece = stream.read(min(n - size, 1 << 20))
        if not piece:
            break
        parts.append(piece)
        size += len(piece)
    return b"".join(parts)


def _stdin_entries(stream: IO[bytes], fields: Fields, left: List[int], fmt: str) -> Iterator[Entry]:
    """Standard input as JSON Lines or as one text. ``auto``: JSON Lines when the first
    non-blank line is a JSON object, else the whole input is one text. Nothing longer
    than ``fields.max_bytes`` is held: a line in JSON Lines, the text otherwise."""
    name = "<stdin>"
    limit = fields.max_bytes
    if fmt == "jsonl":
        yield from _jsonl_entries(stream, name, fields, left)
        return
    head: List[bytes] = []  # blank lines, then the first non-blank one (auto), within the limit
    size = 0
    if fmt == "auto":
        while size <= limit:
            line = stream.readline(limit + 1 - size)
            if not line:
                break
            head.append(line)
            size += len(line)
            if line.strip():
                break
        first = head[-1] if head else b""
        if size <= limit and first.strip():
            try:
                is_jsonl = isinstance(json.loads(first.decode("utf-8")), dict)
            except ValueError:  # also UnicodeDecodeError
                is_jsonl = False
            except RecursionError:  # nested too deep for Python's json: the JSON Lines reader reports it
                is_jsonl = first.lstrip().startswith(b"{")
            if is_jsonl:
                lines = chain([first], _bounded_lines(stream, limit))
                yield from _jsonl_entries(stream, name, fields, left, first_line=len(head), lines=lines)
                return
    if left[0] > 0:
        yield Entry(name, skipped=True)
        return
    data = b"".join(head) + _read_at_most(stream, max(0, limit + 1 - size))
    if len(data) > limit:
        yield Entry(name, error=_too_large("standard input (as one text) is", limit), meta={"id": "stdin"})
        return
    try:
        text, replaced = decode_text(data, name, errors=fields.errors)
    except _core.EncodingError as e:
        yield Entry(name, error=_reason(e, name), meta={"id": "stdin"})
        return
    yield _dated(Entry(name, Article(text=text, id="stdin"), utf8_replaced=replaced), fields)


# ----------------------------------------------------------------------------- processing
def process_batch(nlp: Any, entries: List[Entry], threads: int) -> None:
    """Set ``doc`` (or ``error``) of every readable entry of one batch, in order."""
    good = [e for e in entries if e.article is not None and e.error is None]
    results = process_each(nlp, [e.article for e in good], threads, max(len(good), 1), INPUT_ERRORS)
    for e, (doc, err) in zip(good, results):
        e.doc = doc
        if err is not None:
            e.error = str(err) or type(err).__name__
        elif e.utf8_replaced and doc is not None:  # repaired when read, as the pipeline would have
            doc._c.set_utf8_replaced(True)


def extract_batch(nlp: Any, entries: List[Entry], threads: int, fmt: str, csv_raw: bool = False) -> None:
    """Make the output of every entry of one batch in C++ on ``threads`` threads
    (``byline::extract_batch``) and set its ``error``: ``record`` (the JSON Lines record,
    or the CSV mention rows) and ``article_row`` (CSV), or for ``fmt="columns"`` the
    batch's Parquet tables (``tables``). Inputs that could not be read get their error
    record or row in their place, and so does a text the C++ batch cannot take (a lone
    surrogate): its ``error``, reported with the entry's ``ref``, never fails the batch."""
    live = [e for e in entries if not e.skipped]
    if not live:
        return
    ok = [e.article is not None and e.error is None for e in live]
    texts = [e.article.text if k else "" for e, k in zip(live, ok)]  # type: ignore[union-attr]
    errors = [None if k else _utf8_safe(e.error or "failed") for e, k in zip(live, ok)]
    replaced = [e.utf8_replaced for e in live]  # repaired when read: the records say so
    out = nlp._c.extract_batch(texts, [e.source() for e in live], threads, fmt, csv_raw, errors, replaced)
    tables = None
    if fmt == "columns":  # turned into pyarrow tables by the writer, on its own thread
        out, mentions, articles = out
        tables = BatchTables(mentions, articles)
    for e, (record, row, error, _tokens, n_ents) in zip(live, out):
        e.record, e.article_row, e.error, e.entities, e.tables = record, row, error, n_ents, tables


class BatchTables:
    """The mention and article tables of one batch as pyarrow tables (Parquet output),
    built from the columns made in C++ (no Python object per row) when first used."""

    def __init__(self, mentions: Dict[str, Any], articles: Dict[str, Any]) -> None:
        self._columns: Optional[Tuple[Dict[str, Any], Dict[str, Any]]] = (mentions, articles)
        self._tables: Optional[Tuple[Any, Any]] = None

    @property
    def mentions(self) -> Any:
        return self._build()[0]

    @property
    def articles(self) -> Any:
        return self._build()[1]

    def _build(self) -> Tuple[Any, Any]:
        if self._tables is None:
            assert self._columns is not None
            self._tables = self._make(*self._columns)
            self._columns = None
        return self._tables

    @staticmethod
    def _make(mentions: Dict[str, Any], articles: Dict[str, Any]) -> Tuple[Any, Any]:
        return mention_table(mentions), article_table(articles)


def _column(cols: Dict[str, Any], name: str, dtype: str) -> Any:
    """The pyarrow array of column ``name`` made in C++ (``dtype`` as in the COLUMNS dicts)."""
    return {"string": _arrow_strings, "bool": _arrow_bools}.get(dtype, _arrow_numbers)(cols[name])


def mention_table(mentions: Dict[str, Any]) -> Any:
    """The pyarrow mention table of columns made in C++ (``value`` a struct of VALUE_FIELDS)."""
    pa = _pyarrow()
    value = pa.StructArray.from_buffers(
        parquet_schema(articles=False).field("value").type,
        mentions["label"]["length"],
        [_buffer(mentions["value_validity"])],
        null_count=mentions["value_nulls"],
        children=[_VALUE_ARRAYS[t](mentions["value_" + f]) for f, t in VALUE_FIELDS.items()],
    )
    return pa.table(
        {c: value if c == "value" else _column(mentions, c, t) for c, t in MENTION_COLUMNS.items()},
        schema=parquet_schema(articles=False),
    )


def article_table(articles: Dict[str, Any]) -> Any:
    """The pyarrow article table of columns made in C++."""
    pa = _pyarrow()
    return pa.table({c: _column(articles, c, t) for c, t in ARTICLE_COLUMNS.items()}, schema=parquet_schema(True))


#: The fields of the Parquet ``value`` struct (byline::MentionColumns) and their types, in order.
VALUE_FIELDS: Dict[str, str] = {
    "string": "string",
    "number": "float64",
    "min": "float64",
    "max": "float64",
    "approx": "bool",
    "open": "string",
    "inclusive": "bool",
    "currency": "string",
    "unit": "string",
    "country": "string",
    "kind": "string",
    "start": "string",
    "end": "string",
    "anchor": "string",
    "zone": "string",
    "fiscal": "bool",
    "other": "string",
}


@functools.lru_cache(maxsize=None)
def parquet_schema(articles: bool) -> Any:
    """The schema of the Parquet mention table (``value`` a struct of VALUE_FIELDS) or article
    table (made once: every batch's tables are built with it)."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    value = pa.struct([(f, types[t]) for f, t in VALUE_FIELDS.items()])
    columns = ARTICLE_COLUMNS if articles else MENTION_COLUMNS
    return pa.schema([(c, value if c == "value" else types[t]) for c, t in columns.items()])


def require_pyarrow() -> None:
    """ImportError with the install hint when pyarrow, needed for Parquet output, is missing."""
    _pyarrow()


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise ImportError("Parquet output needs pyarrow: pip install pyarrow") from None
    return pa


def _buffer(data: Any) -> Any:
    return None if data is None else _pyarrow().py_buffer(data)


def _arrow_strings(col: Dict[str, Any]) -> Any:
    """A pyarrow string array over the Arrow buffers made in C++ (no copy; int64 offsets,
    for more than 2 GiB of text, give a large_string array cast to string)."""
    pa = _pyarrow()
    offsets = col["offsets"]
    kind = pa.string() if offsets.dtype.itemsize == 4 else pa.large_string()
    arr = pa.Array.from_buffers(
        kind,
        col["length"],
        [_buffer(col["validity"]), pa.py_buffer(offsets), pa.py_buffer(col["data"])],
        null_count=col["nulls"],
    )
    return arr if kind == pa.string() else arr.cast(pa.string())


def _arrow_numbers(col: Dict[str, Any]) -> Any:
    """A pyarrow int64 or float64 array over the buffers made in C++ (no copy)."""
    pa = _pyarrow()
    values = col["values"]
    kind = pa.float64() if values.dtype.kind == "f" else pa.int64()
    return pa.Array.from_buffers(
        kind, col["length"], [_buffer(col["validity"]), pa.py_buffer(values)], null_count=col["nulls"]
    )


def _arrow_bools(col: Dict[str, Any]) -> Any:
    """A pyarrow bool array over the packed bits made in C++."""
    pa = _pyarrow()
    return pa.Array.from_buffers(
        pa.bool_(), col["length"], [_buffer(col["validity"]), pa.py_buffer(col["bits"])], null_count=col["nulls"]
    )


_VALUE_ARRAYS = {"string": _arrow_strings, "float64": _arrow_numbers, "bool": _arrow_bools}


def one_thread(threads: int) -> bool:
    """Whether a run with ``threads`` (0 = all cores) has one thread only: then reading,
    the pipeline and writing all run on the calling thread, one after the other, so that
    ``--threads 1`` uses one core (a one-core job slot, or one process per core)."""
    return threads == 1 or (threads == 0 and _usable_cpus() == 1)


def _usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. under taskset or a
    one-CPU container), else the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


#: Articles per batch of ``byline extract`` (``--batch-size``): a batch costs a hand-over
#: between the reading, pipeline and writing threads and a start of the pipeline's threads,
#: which at 256 cost ~5 % of the throughput of short news articles.
BATCH_SIZE = 1024
#: Characters of text after which a batch ends before ``BATCH_SIZE`` articles, so that the
#: few batches in flight (``run_batches``) hold a bounded amount of text however long the
#: articles are.
BATCH_CHARS = 8 << 20


def _next_batch(
    entries: Iterator[Entry], batch_size: int, batch_chars: int, stop: Optional[threading.Event]
) -> List[Entry]:
    """Up to ``batch_size`` entries of ``entries``, fewer once they hold ``batch_chars``
    characters of text or ``stop`` is set (checked per entry)."""
    batch: List[Entry] = []
    chars = 0
    for entry in entries:
        batch.append(entry)
        article = getattr(entry, "article", None)  # run_batches takes any item; an Entry has text
        if article is not None:
            chars += len(article.text)
        if len(batch) >= batch_size or chars >= batch_chars or (stop is not None and stop.is_set()):
            break
    return batch


def run_batches(
    entries: Iterator[Entry],
    work: Callable[[List[Entry]], None],
    batch_size: int,
    depth: int = 2,
    threaded: bool = True,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[List[Entry]]:
    """Batches of ``entries`` (``batch_size`` entries, fewer when they reach ``batch_chars``
    characters of text) after ``work(batch)``, in order. Reading runs on one thread
    and ``work`` on another, each up to ``depth`` batches ahead of the next stage, so
    that reading the next batch (Python) overlaps the C++ work on this one (GIL released)
    and the caller's writing overlaps both. With ``threaded=False`` everything runs on
    the calling thread, a batch at a time."""
    entries = iter(entries)
    if not threaded:
        while True:
            batch = _next_batch(entries, batch_size, batch_chars, None)
            if not batch:
                return
            work(batch)
            yield batch
    stop = threading.Event()
    read_q: "queue.Queue[Tuple[str, Any]]" = queue.Queue(depth)
    done_q: "queue.Queue[Tuple[str, Any]]" = queue.Queue(depth)

    def put(q: "queue.Queue[Tuple[str, Any]]", item: Tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def get(q: "queue.Queue[Tuple[str, Any]]") -> Optional[Tuple[str, Any]]:
        while not stop.is_set():
            try:
                return q.get(timeout=0.1)
            except queue.Empty:
                continue
        return None

    def read() -> None:
        try:
            while not stop.is_set():
                # stop is checked per entry (see the finally below)
                batch = _next_batch(entries, batch_size, batch_chars, stop)
                if not batch:
                    break
                if not put(read_q, ("batch", batch)):
                    return
            put(read_q, ("end", None))
        except BaseException as e:  # noqa: BLE001 - handed to the consumer, in order
            put(read_q, ("error", e))

    def process() -> None:
        try:
            while True:
                item = get(read_q)
                if item is None:
                    return
                if item[0] == "batch":
                    work(item[1])
                if not put(done_q, item) or item[0] != "batch":
                    return
        except BaseException as e:  # noqa: BLE001 - handed to the consumer
            put(done_q, ("error", e))

    reader = threading.Thread(target=read, name="byline-extract-read", daemon=True)
    worker = threading.Thread(target=process, name="byline-extract-work", daemon=True)
    reader.start()
    worker.start()
    try:
        while True:
            kind, value = done_q.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        # Wait for the batch in progress: the worker may be inside the C++ pipeline, which
        # must not still run while the caller closes its writers or the interpreter exits
        # (a thread that re-enters Python during interpreter shutdown is unwound through
        # C++ frames, which aborts the process). The reader parses JSON Lines in C++ too and
        # stops after its current line; it is waited for a bounded time only, because it may be
        # blocked reading a stream (stdin) that has not ended.
        worker.join()
        reader.join(timeout=2.0)


# ----------------------------------------------------------------------------- writers
class JsonlWriter:
    """One ``byline.extract/1`` record per line, as made in C++ (:func:`extract_batch`)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, e: Entry) -> None:
        write_record(self.out, e.record)
        e.record = ""  # a long record's Doc goes as soon as it is written

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.flush()


class CsvTextWriter:
    """A CSV table whose header and rows are made in C++ (:func:`extract_batch`): the
    mention rows of each entry (``articles=False``) or its article row."""

    def __init__(self, out: TextIO, articles: bool) -> None:
        self.out = out
        self.articles = articles
        out.write(_core.article_csv_header() if articles else _core.mention_csv_header())

    def write(self, e: Entry) -> None:
        if self.articles:
            self.out.write(e.article_row)
            return
        write_record(self.out, e.record)
        e.record = ""  # a long record's Doc goes as soon as it is written

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.flush()


class ParquetTableWriter:
    """A Parquet file of the mention or article table, written a row group at a time
    (``rows`` rows or more per group) from the batch tables made in C++. A full row group
    is encoded, compressed and written on a thread of its own (pyarrow releases the GIL)
    while the next batches come in; one at a time, in order, so memory holds at most two.
    With ``threaded=False`` it is written on the calling thread (a one-thread run)."""

    def __init__(self, path: str, articles: bool, rows: int = 65536, threaded: bool = True) -> None:
        _pyarrow()
        import pyarrow.parquet as pq

        self.path = path
        self.articles = articles
        self.pq = pq
        self.writer: Any = None
        self.pending: List[Any] = []
        self.count = 0
        self.group = rows
        self.threaded = threaded
        self._writing: Optional[threading.Thread] = None
        self._failed: Optional[BaseException] = None

    def write_entries(self, done: List[Entry]) -> None:
        """Write the rows of ``done``, a prefix of one batch's entries, in order."""
        live = [e for e in done if e.tables is not None]
        if not live:
            return
        tables = live[0].tables
        assert tables is not None
        if self.articles:
            self._add(tables.articles.slice(0, len(live)))
            return
        # The batch's mention rows, but those of a text of many entities, which come from
        # its record a row group's worth at a time instead (extract_batch).
        start = end = 0
        for e in live:
            if isinstance(e.record, str):
                end += e.entities
                continue
            self._add(tables.mentions.slice(start, end - start))
            for columns in e.record:
                self._add(mention_table(columns))
            e.record = ""
            start = end
        self._add(tables.mentions.slice(start, end - start))

    def _add(self, part: Any) -> None:
        if self.writer is None:
            self.writer = self.pq.ParquetWriter(self.path, part.schema)
        self.pending.append(part)
        self.count += part.num_rows
        if self.count >= self.group:
            self.flush()

    def flush(self) -> None:
        """Start writing the pending rows as one row group, once the one before is written."""
        if self.pending:
            import pyarrow as pa

            table = pa.concat_tables(self.pending)
            self.pending, self.count = [], 0
            self._wait()
            if not self.threaded:
                self.writer.write_table(table)
                return
            self._writing = threading.Thread(
                target=self._write, args=(table,), name="byline-parquet-write", daemon=False
            )
            self._writing.start()

    def _write(self, table: Any) -> None:
        try:
            self.writer.write_table(table)
        except BaseException as e:  # noqa: BLE001 - raised by _wait, on the caller's thread
            self._failed = e

    def _wait(self) -> None:
        """Wait for the row group being written; raise its error."""
        if self._writing is not None:
            self._writing.join()
            self._writing = None
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise failed

    def close(self) -> None:
        if self.writer is None:  # no input: an empty file with the table's schema
            table = parquet_schema(self.articles).empty_table()
            self.writer = self.pq.ParquetWriter(self.path, table.schema)
            self.writer.write_table(table)
        # The file is closed whatever happens; the first error (a failed row group, then the
        # footer's) is the one raised.
        error: Optional[BaseException] = None
        try:
            self.flush()
            self._wait()
        except BaseException as e:  # noqa: BLE001 - raised below, after the file is closed
            error = e
        self._wait_quietly()
        try:
            self.writer.close()
        except BaseException as e:  # noqa: BLE001
            error = error or e
        if error is not None:
            raise error

    def _wait_quietly(self) -> None:
        """Let a write still running (close after an error) finish before the file is closed."""
        if self._writing is not None:
            self._writing.join()
            self._writing = None


class TableWriter:
    """A human-readable table, one row per article as it comes, then a summary with the
    most mentioned entities per label (per-label counters only)."""

    def __init__(self, out: TextIO, top: int) -> None:
        self.out = out
        self.top = top
        self.mentions: Dict[str, Counter] = {}
        self.articles: Dict[str, Counter] = {}
        self.count = self.failed = self.tokens = 0
        self.headed = False

    def _head(self) -> None:
        """The column heads, before the first row (a run that stops before any has none)."""
        if not self.headed:
            self.out.write(f"{'tokens':>10}  {'sentences':>9}  {'entities':>8}  input\n")
            self.out.write(f"{'-' * 10}  {'-' * 9}  {'-' * 8}  {'-' * 5}\n")
            self.headed = True

    def write(self, e: Entry) -> None:
        self._head()
        self.count += 1
        if e.doc is None or e.error is not None:
            self.failed += 1
            self.out.write(f"{'-':>10}  {'-':>9}  {'-':>8}  {_visible(e.ref)}  (failed: {_visible(e.error)})\n")
            return
        doc = e.doc
        ents = doc.ents
        self.tokens += len(doc)
        self.out.write(f"{len(doc):>10,}  {len(doc.sentence_ranges()):>9,}  {len(ents):>8,}  {_visible(e.ref)}\n")
        seen = set()
        for ent in ents:
            key = (ent.label_, ent.text)
            self.mentions.setdefault(key[0], Counter())[key[1]] += 1
            seen.add(key)
        for label, text in seen:
            self.articles.setdefault(label, Counter())[text] += 1

    def flush(self) -> None:
        self.out.flush()

    def summary(self, seconds: float) -> None:
        self._head()
        n = self.count
        failed = f" ({self.failed} failed)" if self.failed else ""
        self.out.write(
            f"processed {n} article{'s' if n != 1 else ''}{failed}, {self.tokens:,} tokens in "
            f"{seconds * 1000:.1f} ms ({self.tokens / max(seconds, 1e-9):,.0f} tokens/s)\n"
        )
        ok = n - self.failed
        for label in sorted(self.mentions):
            top = sorted(self.mentions[label].items(), key=lambda kv: (-kv[1], kv[0]))[: self.top]
            listed = ", ".join(
                f"{_visible(text)} ({k}x in {self.articles[label][text]} of {ok} articles)" for text, k in top
            )
            self.out.write(f"\n{_visible(label)}: {listed}\n")

    def close(self) -> None:
        self.flush()


# ----------------------------------------------------------------------------- resume
def prepare_resume(path: str) -> Tuple[int, Optional[str], int]:
    """Where a JSON Lines output can be resumed: the number of complete records, the
    ``input`` of the last one (None when there is none) and the length of the file up to
    its last complete line, to which :func:`finish_resume` cuts it (the file is not
    changed here, so that a resume refused later leaves it as it was).

    Raises :class:`byline.FormatError` when the last complete line is not a record of
    ``byline extract`` (so that an unrelated file is never appended to).
    """
    if not os.path.exists(path):
        return 0, None, -1
    count = 0
    last_nl = -1
    pos = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 22)
            if not chunk:
                break
            k = chunk.count(b"\n")
            if k:
                count += k
                last_nl = pos + chunk.rindex(b"\n")
            pos += len(chunk)
    keep = last_nl + 1

    def refuse(what: str) -> _core.FormatError:
        return _core.FormatError(f"{path}: cannot resume: {what} is not a 'byline extract' JSON Lines record")

    with open(path, "rb") as f:
        # a torn last line (the run was killed while writing it) must look like one of our records
        f.seek(keep)
        torn = f.read(32)
        head = ('{"schema":"' + _core.EXTRACT_SCHEMA + '"').encode()
        if torn and not (torn.startswith(head) or head.startswith(torn)):
            raise refuse(f"the unfinished line {count + 1}")
        if count == 0:
            return 0, None, keep if keep != pos else -1
        start = max(0, keep - (1 << 16))
        while True:
            f.seek(start)
            tail = f.read(keep - start)
            cut = tail.rfind(b"\n", 0, len(tail) - 1)
            if cut >= 0 or start == 0:
                break
            start = max(0, start - (1 << 20))
        last = tail[cut + 1 :]
    try:
        rec = json.loads(last.decode("utf-8", "surrogateescape"))
        ref = rec["input"]
    except (ValueError, KeyError, TypeError):
        raise refuse(f"line {count}") from None
    return count, str(ref), keep if keep != pos else -1


def finish_resume(path: str, keep: int) -> None:
    """Cut an unfinished last line off ``path`` (``keep`` from :func:`prepare_resume`; -1: nothing to cut)."""
    if keep >= 0:
        with open(path, "r+b") as f:
            f.truncate(keep)


def open_text(path: Optional[str], append: bool = False, what: Optional[str] = None) -> TextIO:
    """``path`` (or stdout for None/'-') as UTF-8 text; lone surrogates become \\uXXXX escapes.
    A path that cannot be opened is an OSError of one line naming ``what`` (default
    ``path``): ``cannot write WHAT: REASON`` (:func:`check_output`, :func:`cannot_write`)."""
    if path is None or path == "-":
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
        return sys.stdout
    check_output(path, what)
    try:
        return open(path, "a" if append else "w", encoding="utf-8", errors="backslashreplace", newline="\n")
    except OSError as e:
        raise cannot_write(what or path, e) from None
