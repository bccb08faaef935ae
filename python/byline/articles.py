"""Article input: :class:`Article` and readers for plain text, JSON Lines and HTML.

An :class:`Article` is a text plus optional metadata. The pipeline and the corpus take
Articles wherever they take texts; the ``published`` date anchors relative dates and
the other fields go into the Doc's meta::

    >>> for art in byline.read_articles(["news/", "feed.jsonl", "page.html"]):
    ...     doc = nlp(art)                       # doc.meta["date"], ["id"], ["title"], ...
    >>> corpus.extend(byline.read_jsonl("feed.jsonl", text_field="body"))

Readers:

* :func:`read_text`: one Article per ``.txt`` file (UTF-8), ``id`` = the file stem.
* :func:`read_jsonl`: one Article per line, field names configurable; lazy. Lines are
  parsed by the C++ reader (``byline/jsonl.h``). A line that is not a JSON object, or
  lacks the text field, raises :class:`byline.FormatError` naming the file and line
  number; ``errors="skip"`` skips such lines and reports each one instead.
* :func:`read_html`: main text and metadata (title, date, site name, URL, language) of
  a web page via ``trafilatura`` (``pip install byline[html]``); the text is never
  cleaned by hand-written rules here.
* :func:`read_articles`: any mix of files and directories, by extension.
"""

from __future__ import annotations

import codecs
import datetime
import json
import os
import re
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Dict, Iterable, Iterator, Mapping, Optional, Tuple, Union

from byline import _core
from byline._dates import is_date, is_missing, iso_date, published_str

__all__ = ["FIELDS", "Article", "read_articles", "read_html", "read_jsonl", "read_text"]

PathLike = Union[str, "os.PathLike[str]"]

#: Default input field name of each Article attribute, for :meth:`Article.from_dict`.
FIELDS: Dict[str, str] = {
    "text": "text",
    "id": "id",
    "title": "title",
    "url": "url",
    "source": "source",
    "published": "published",
    "language": "language",
}

#: Doc meta keys set from an Article (besides ``"date"`` from ``published``).
META_FIELDS = ("id", "title", "url", "source", "language")


def _encodable(s: str) -> bool:
    """Whether ``s`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _utf8_safe(s: Optional[str]) -> Optional[str]:
    """``s`` encodable as UTF-8: a file name that is not UTF-8 reaches Python as lone
    surrogates (surrogateescape), which become backslash escapes (``a\\udcff.txt``)."""
    if s is None or _encodable(s):
        return s
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


#: Control characters (C0 with tab and newline, DEL, C1): escaped in every line byline
#: prints for a person to read (the tables of extract, analyze and tokenize, explain, error
#: messages), so that a text or a file name can neither break a table nor move the cursor
#: or retitle the terminal it is printed to.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _visible(s: Optional[str]) -> str:
    """``s`` for a terminal line: each control character as ``\\xNN`` (``"a\\x1b[2J"``); None is ""."""
    return "" if s is None else _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _prefixed(e: BaseException, prefix: str) -> BaseException:
    """``e`` with ``prefix`` before its message, of the same class (an EncodingError keeps
    its ``byte_offset``); ``e`` itself when its class cannot be made from a message."""
    try:
        err = type(e)(f"{prefix}{e}")
    except Exception:  # noqa: BLE001 - e.g. UnicodeDecodeError takes five arguments
        return e
    if hasattr(e, "byte_offset"):
        err.byte_offset = e.byte_offset  # type: ignore[attr-defined]
    return err


def _opt_str(value: Any) -> Optional[str]:
    """A metadata value as a str: None when missing (also an empty cell of a DataFrame: NaN,
    NA, NaT), a whole float as the integer it holds (pandas makes an int column with a
    missing value float: 101.0 is "101"), else ``str(value)``."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


#: The JSON type of Python values as json.loads makes them, for messages that name both.
_JSON_TYPES = ((bool, "boolean"), ((int, float), "number"), (Mapping, "object"), ((list, tuple), "array"))


def _type_name(value: Any) -> str:
    """``value``'s type for a message: its JSON type and the Python type (``boolean (Python
    bool)``), or the Python type alone when it has no JSON type."""
    python = type(value).__name__
    for kinds, name in _JSON_TYPES:
        if isinstance(value, kinds):  # type: ignore[arg-type]
            return f"{name} (Python {python})"
    return python


@dataclass
class Article:
    """A news article: its text and optional metadata.

    Attributes:
        text: the article text.
        id: an identifier (used as the article id by :class:`byline.Corpus`).
        title, url, source: headline, address and publisher or site name.
        published: the publication date, the document date when processed: an ISO 8601
            date or date-time (``"2025-01-02"``, ``"2025-01-02T10:00:00Z"``) or an RFC 2822
            date as in RSS (``"Thu, 02 Jan 2025 10:00:00 GMT"``), whose day is used (see
            :attr:`date`). A ``datetime.date``, ``datetime.datetime`` or ``pandas.Timestamp``
            is stored in ISO 8601 (a datetime with its time and zone), a NumPy
            ``datetime64`` of a day or a finer unit as its day; a missing value (pandas or
            NumPy ``NaT``, ``NA``, NaN) as None; a blank str counts as absent.
        language: language code, if known.
        date_source: where ``published`` came from, kept as the Doc's meta
            ``"date_source"``: ``"html"`` (page metadata, :func:`read_html`), ``"field"`` (a
            JSON Lines field), or None (given by the caller: ``"argument"``). Not part of
            :meth:`to_dict` or of equality.
    """

    text: str
    id: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[Union[str, datetime.date]] = None
    language: Optional[str] = None
    date_source: Optional[str] = field(default=None, compare=False, repr=False)
    #: Where the reader found it ("a.txt", "news.jsonl:12"); Doc meta "input".
    input: Optional[str] = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Article.text must be a str, not {type(self.text).__name__}")
        self.published = published_str(self.published)

    @property
    def date(self) -> Optional[str]:
        """The day of :attr:`published` as ``yyyy-mm-dd`` (None when it is absent or blank).
        ValueError naming the value when it is no date in an accepted form."""
        if not self.published or not str(self.published).strip():
            return None
        return iso_date(self.published, getattr(self, "_date_key", "published"))

    @property
    def meta(self) -> Dict[str, str]:
        """The metadata given to a Doc: id, title, url, source, language when set."""
        return {k: v for k in META_FIELDS + ("input",) if (v := getattr(self, k))}

    def to_dict(self) -> Dict[str, Any]:
        """The fields as a dict (the default field names of :meth:`from_dict`)."""
        d = asdict(self)
        del d["date_source"], d["input"]
        return d

    @classmethod
    def from_dict(cls, d: Any, fields: Optional[Mapping[str, str]] = None) -> "Article":
        """Make an Article from a mapping.

        ``d`` is a mapping (a dict, a row of ``DataFrame.to_dict("records")``) or a row
        object that gives one: a pandas Series (``df.iloc[k]``, a row of ``df.iterrows()``,
        read with its ``to_dict()``) or any object with ``keys()`` and ``d[key]`` (e.g. a
        ``sqlite3.Row``). ``fields`` maps Article attributes to keys of ``d`` where they
        differ from the defaults (:data:`FIELDS`), e.g. ``{"text": "body", "published":
        "when"}``. Without a ``published`` key (and ``fields`` naming no other one), the
        date is read from a ``date`` key, the name of the date in extract records and
        Doc meta, checked as ``published`` is (unless ``fields`` maps ``date`` to another
        attribute). :func:`read_jsonl` and the command lines read JSON Lines the same way
        with the default date field ``published``.
        Non-str metadata values (e.g. numeric ids) are converted with ``str`` (a whole
        float, as pandas makes the ints of a column with a missing value, as the integer:
        101.0 is ``"101"``). A missing value (None, NaN, ``NA``, pandas or NumPy ``NaT``) is
        None in every metadata field; any other ``published`` must be a str, a
        ``datetime.date`` (or ``datetime``, ``pandas.Timestamp``, stored in ISO 8601) or a
        NumPy ``datetime64`` (stored as its day). Raises
        :class:`byline.FormatError` when the text field is missing or not a str, or the
        date field holds another value (``True``, ``20250102``), as :func:`read_jsonl`
        does for a JSON date that is no string; the message names the field and the type.
        """
        d = _mapping_of(d)
        names = dict(FIELDS)
        if fields:
            unknown = set(fields) - set(FIELDS)
            if unknown:
                raise ValueError(f"unknown Article fields: {sorted(unknown)}; expected some of {sorted(FIELDS)}")
            names.update(fields)
        names["published"] = date_key(d, names)
        key = names["text"]
        if key not in d:
            raise _core.FormatError(f"missing text field {key!r}")
        text = d[key]
        if not isinstance(text, str):
            raise _core.FormatError(f"text field {key!r} must be a string, not {type(text).__name__}")
        published = d.get(names["published"])
        if is_missing(published):  # an empty date cell of a pandas DataFrame
            published = None
        if published is not None and not is_date(published):
            # no other value is a date: str() made True the date 'True', found only when used
            raise _core.FormatError(
                f"date field {names['published']!r} must be a string or a date, not {_type_name(published)}"
            )
        meta: Dict[str, Any] = {attr: _opt_str(d.get(name)) for attr, name in names.items() if attr != "text"}
        if published is None:
            meta["published"] = None
        if not isinstance(published, (str, type(None))):  # in ISO 8601, not str()'s form
            meta["published"] = published_str(published)
        article = cls(text=text, date_source="field" if meta.get("published") else None, **meta)
        if published is not None and names["published"] != "published":
            article._date_key = names["published"]  # type: ignore[attr-defined]  # named by errors about the date
        return article


def date_key(record: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The key of a record's date under the field mapping ``names`` (attribute -> key):
    ``names["published"]``, or ``"date"`` for a record without ``published`` when the
    mapping keeps the default date key and names no other field ``date`` (the rule of
    parse_article_line in cpp/src/jsonl.cpp)."""
    key = names["published"]
    if key == FIELDS["published"] and key not in record and "date" in record and "date" not in names.values():
        return "date"
    return key


def _mapping_of(row: Any) -> Mapping[str, Any]:
    """``row`` as a mapping for :meth:`Article.from_dict`: a Mapping as it is, a pandas
    Series by its ``to_dict()`` (without importing pandas), another object with ``keys()``
    and ``row[key]`` (``sqlite3.Row``) as a dict; TypeError for anything else (a DataFrame
    is many rows, not one)."""
    if isinstance(row, Mapping):
        return row
    ndim = getattr(row, "ndim", None)
    if ndim == 1 and callable(getattr(row, "to_dict", None)):
        as_dict = row.to_dict()
        if isinstance(as_dict, Mapping):
            return as_dict
    if ndim is None and callable(getattr(row, "keys", None)) and hasattr(row, "__getitem__"):
        return {key: row[key] for key in row.keys()}
    raise TypeError(f"from_dict() expects a mapping or a row (a pandas Series), not {type(row).__name__}")


def read_text(path: PathLike, *, encoding: str = "utf-8") -> Article:
    """One Article from a plain-text file; ``id`` is the file stem.

    The text is decoded from the file's bytes with line ends as they are (``"\\r\\n"``
    stays), so character offsets into it are offsets into the file's text.
    """
    p = Path(os.fspath(path))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise _core.InputError(f"cannot read {p}: {e.strerror or e}") from None
    return _text_article(data, p, encoding)


def _text_article(data: bytes, p: Path, encoding: str = "utf-8") -> Article:
    """The Article of a plain-text file ``p`` whose bytes are ``data``."""
    text, _ = decode_text(data, p, encoding)
    return Article(text=text, id=p.stem, input=str(p))


def decode_text(data: bytes, name: Any, encoding: str = "utf-8", errors: str = "strict") -> Tuple[str, bool]:
    """``data`` (the bytes of the input ``name``) as text, and whether anything was replaced.

    Decoded from the bytes, so that line ends stay as they are in the file (``"\r\n"``
    included) and character offsets into the text match the file. Bytes that are not valid
    raise :class:`byline.EncodingError` naming ``name`` and the byte (``errors="strict"``;
    its ``byte_offset`` is the first bad byte, its ``encoding`` the codec's name as the
    message spells it) or become U+FFFD (``"replace"``): one per maximal invalid
    subsequence, the policy of ``byline.load(errors="replace")`` for bytes (Python's UTF-8
    decoder follows the same Unicode practice), so offsets are those of the text
    ``nlp(data)`` would make."""
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError as e:
        if errors == "replace":
            return data.decode(encoding, "replace"), True
        label = "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding  # as in every other message
        err = _core.EncodingError(f"{name}: not valid {label}: {e.reason} at byte {e.start}")
        err.byte_offset, err.encoding = e.start, label  # type: ignore[attr-defined]
        raise err from None


def read_jsonl(
    path_or_file: Union[PathLike, IO[str]],
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "published",
    title_field: str = "title",
    url_field: str = "url",
    source_field: str = "source",
    language_field: str = "language",
    *,
    errors: str = "strict",
    on_error: Optional[Callable[[_core.BylineError], None]] = None,
) -> Iterator[Article]:
    """Articles from JSON Lines (one object per line; blank lines skipped), yielded lazily.

    ``path_or_file`` is a path or an open text (or binary) file. A line that is not
    valid UTF-8, not a JSON object, or has no string text field raises
    :class:`byline.FormatError` (:class:`byline.EncodingError` for bad UTF-8 and for a
    lone surrogate escape such as ``"\\ud800"``, named with its byte in the line) whose
    message starts with ``"<file>:<line>: "``; so does a date field that is present but
    not a string (``"published": true``: no other JSON value is a date). With the default
    ``date_field``, a record without ``published`` has its date in ``date`` (when no other
    field is named ``date``); naming another ``date_field`` turns that off. With
    ``errors="skip"`` such lines are skipped instead: each error is passed to
    ``on_error`` when given, else reported as a :class:`RuntimeWarning`. The other keys
    of a line are ignored; a non-str metadata value (e.g. a numeric id) is converted
    with ``str``.
    """
    if errors not in ("strict", "skip"):
        raise ValueError(f"errors must be 'strict' or 'skip', not {errors!r}")
    if on_error is not None and not callable(on_error):
        raise TypeError(f"on_error must be callable, not {type(on_error).__name__}")
    parser = jsonl_parser(
        {
            "text": text_field,
            "id": id_field,
            "published": date_field,
            "title": title_field,
            "url": url_field,
            "source": source_field,
            "language": language_field,
        }
    )
    skip = None
    if errors == "skip":
        skip = on_error or (lambda e: warnings.warn(f"skipped {e}", RuntimeWarning, stacklevel=2))
    if isinstance(path_or_file, (str, os.PathLike)):
        return _read_jsonl_path(Path(os.fspath(path_or_file)), parser, skip)
    if not hasattr(path_or_file, "read"):
        raise TypeError(f"read_jsonl() expects a path or a text file, not {type(path_or_file).__name__}")
    return _read_jsonl_lines(path_or_file, getattr(path_or_file, "name", "<stream>"), parser, skip)


def jsonl_parser(fields: Optional[Mapping[str, str]] = None, errors: str = "strict") -> Any:
    """The C++ JSON Lines line parser for a field mapping (Article attribute -> key);
    ``errors="replace"`` makes invalid UTF-8 and lone surrogate escapes U+FFFD."""
    names = dict(FIELDS)
    if fields:
        names.update(fields)
    return _core.JsonlParser(**names, errors=errors)


def parse_jsonl_line(parser: Any, line: Union[str, bytes], n: int) -> Optional[Article]:
    """One JSON Lines line -> Article (None for a blank line). Raises FormatError or
    EncodingError whose message starts with ``line N`` (FormatError also for a date
    field that is not a string). Other non-string metadata values (numeric ids) become
    their Python ``str``."""
    parsed = parse_jsonl_record(parser, line, n)
    return None if parsed is None else parsed[0]


def parse_jsonl_record(parser: Any, line: Union[str, bytes], n: int) -> Optional[Tuple[Article, bool]]:
    """:func:`parse_jsonl_line` and whether the parser's ``errors="replace"`` put U+FFFD
    into the text."""
    parsed = parser.parse(line, n)
    if parsed is None:
        return None
    text, meta, others, replaced = parsed
    date_key = meta.pop("_date_key", None)
    for key, raw in others.items():
        value = json.loads(raw)
        # numbers as Python writes them; objects and arrays as compact JSON, never a repr
        meta[key] = (
            json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if isinstance(value, (dict, list))
            else str(value)
        )
    article = Article(text=text, date_source="field" if meta.get("published") else None, **meta)
    if date_key is not None and date_key != "published":
        article._date_key = date_key  # type: ignore[attr-defined]  # named by errors about the date
    return article, replaced


def _read_jsonl_path(path: Path, parser: Any, skip: Optional[Callable[[Any], None]]) -> Iterator[Article]:
    try:
        # Undecodable bytes reach the parser as lone surrogates, which it rejects naming the line.
        f = path.open(encoding="utf-8", errors="surrogateescape")
    except OSError as e:
        raise _core.InputError(f"cannot read {path}: {e.strerror or e}") from None
    with f:
        yield from _read_jsonl_lines(f, str(path), parser, skip)


def _read_jsonl_lines(
    lines: Iterable[Union[str, bytes]], name: Any, parser: Any, skip: Optional[Callable[[Any], None]]
) -> Iterator[Article]:
    n = 0
    try:
        for n, line in enumerate(lines, 1):
            if isinstance(line, str) and not line.strip():
                continue
            try:
                article = parse_jsonl_line(parser, line, n)
            except (_core.FormatError, _core.EncodingError) as e:
                err = type(e)(f"{name}:{n}: {e}")
                if hasattr(e, "byte_offset"):
                    err.byte_offset = e.byte_offset  # type: ignore[attr-defined]
                if skip is None:
                    raise err from None
                skip(err)
                continue
            if article is not None:
                article.input = f"{name}:{n}"
                yield article
    except UnicodeDecodeError as e:
        raise _core.EncodingError(f"{name}:{n + 1}: not valid UTF-8: {e.reason}") from None


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError:
        raise ImportError(
            "read_html() needs trafilatura to extract the main text of web pages: "
            "pip install 'byline[html]' (or pip install trafilatura)"
        ) from None
    return trafilatura


#: The character set a page declares in its first bytes (<meta charset=...> or the
#: http-equiv Content-Type).
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def html_text(data: bytes, name: Any, errors: str = "strict") -> Tuple[str, bool]:
    """The page ``data`` (bytes of the input ``name``) as text, and whether anything was
    replaced: in the character set its first 4 KiB declare, else UTF-8 (a UTF-8 byte order
    mark wins). Bytes that are not valid in it raise :class:`byline.EncodingError` or
    become U+FFFD, as in :func:`decode_text`; an unknown declared character set is read as
    UTF-8."""
    encoding = "utf-8"
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith(codecs.BOM_UTF8):
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            pass
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return decode_text(data, name, encoding, errors)


def read_html(
    path_or_str: Union[PathLike, str, bytes], url: Optional[str] = None, *, errors: str = "strict"
) -> Article:
    """One Article from an HTML page (a path, or the HTML itself as str/bytes).

    The main text (navigation, footers and other page boilerplate left out) and the
    metadata (title, publication date, site name as ``source``, URL, language) come
    from ``trafilatura``; paragraphs are separated by blank lines. A str is taken as
    HTML when it contains ``<``, else as a path. ``url`` helps the extractor and is
    the Article's url when the page names none. ``id`` is the file stem for a file.
    Bytes are read in the character set the page declares, else UTF-8
    (:func:`html_text`): an invalid byte raises :class:`byline.EncodingError`
    (``errors="strict"``) or becomes U+FFFD (``"replace"``).
    Raises :class:`byline.InputError` when no main text is found, ImportError when
    trafilatura is not installed.
    """
    return _read_html(path_or_str, url, errors)[0]


def _read_html(path_or_str: Union[PathLike, str, bytes], url: Optional[str], errors: str) -> Tuple[Article, bool]:
    """read_html(), and whether the reader put U+FFFD into the page."""
    trafilatura = _trafilatura()
    ident: Optional[str] = None
    html: Union[str, bytes]
    if isinstance(path_or_str, bytes) or (isinstance(path_or_str, str) and "<" in path_or_str):
        html, where = path_or_str, "HTML"
    elif isinstance(path_or_str, (str, os.PathLike)):
        p = Path(os.fspath(path_or_str))
        try:
            html = p.read_bytes()
        except OSError as e:
            raise _core.InputError(f"cannot read {p}: {e.strerror or e}") from None
        ident, where = p.stem, str(p)
    else:
        raise TypeError(f"read_html() expects a path, str or bytes, not {type(path_or_str).__name__}")
    replaced = False
    if isinstance(html, bytes):  # not trafilatura's guess: a stray byte made it read UTF-8 as Latin-1
        html, replaced = html_text(html, where, errors)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise _core.InputError(f"{where}: no main text found in the page")
    if _only_link_text(html, text):
        raise _core.InputError(f"{where}: no main text found in the page (only the text of its links)")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]

    def meta(name: str) -> Optional[str]:
        value = getattr(doc, name, None)
        return str(value) if value else None

    article = Article(
        text="\n\n".join(paragraphs),
        id=ident,
        title=meta("title"),
        url=meta("url") or url,
        source=meta("sitename"),
        published=meta("date"),
        date_source="html" if meta("date") else None,
        language=meta("language"),
        input=where if ident is not None else None,
    )
    return article, replaced


def _only_link_text(html: str, text: str) -> bool:
    """Whether the extracted ``text`` is a page's navigation ("Home News", which
    trafilatura's fallback returns for a page without an article): every word of it is a
    word of the page's links (``<a href>``) and none ends a sentence. An article's sentence
    that is also the text of a link (a teaser) ends with its full stop and is kept."""
    from collections import Counter

    import lxml.html

    words = Counter(text.split())
    if not words or any(w.endswith((".", "!", "?", ".\u201d", '."')) for w in words):
        return False
    try:
        # an XML declaration is refused in a str ("<?xml version='1.0' encoding='UTF-8'?>")
        root = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    except (ValueError, lxml.etree.ParserError):
        return False
    links = Counter(w for a in root.iter("a") if a.get("href") is not None for w in a.text_content().split())
    return not (words - links)


_HTML = (".html", ".htm")


#: Why a broken symbolic link in an input directory is no article.
BROKEN_LINK = "a broken symbolic link (its target does not exist, or the links loop)"


def broken_link(p: Path) -> bool:
    """Whether ``p`` is a symbolic link that leads to no file or directory."""
    return p.is_symlink() and not p.exists()


def read_articles(paths: Union[PathLike, Iterable[PathLike]]) -> Iterator[Article]:
    """Articles from files and directories, by extension: ``.txt`` (:func:`read_text`),
    ``.jsonl`` (:func:`read_jsonl`), ``.html``/``.htm`` (:func:`read_html`).

    Directories are searched recursively (files in sorted order, other extensions
    skipped); a file named directly with another extension raises
    :class:`byline.InputError`, as does a path that does not exist or a broken symbolic
    link with such an extension in a directory. Lazy.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in paths:
        p = Path(os.fspath(path))
        if p.is_dir():
            kinds = (".txt", ".jsonl") + _HTML
            for f in sorted(q for q in p.rglob("*") if q.suffix.lower() in kinds and (q.is_file() or broken_link(q))):
                if broken_link(f):  # no article read: an error, as for a missing file named directly
                    raise _core.InputError(f"{f}: {BROKEN_LINK}")
                yield from _read_file(f)
        elif p.is_file():
            if p.suffix.lower() not in (".txt", ".jsonl") + _HTML:
                raise _core.InputError(
                    f"{p}: unknown article file type {p.suffix!r} (expected .txt, .jsonl, .html or .htm)"
                )
            yield from _read_file(p)
        else:
            raise _core.InputError(f"no such file or directory: {p}")


def _read_file(p: Path) -> Iterator[Article]:
    suffix = p.suffix.lower()
    if suffix == ".txt":
        yield read_text(p)
    elif suffix == ".jsonl":
        yield from read_jsonl(p)
    else:
        yield read_html(p)
