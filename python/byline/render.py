"""HTML display of documents: entity highlighting for Jupyter and self-contained corpus reports.

:func:`doc_html` highlights the entities of one :class:`byline.Doc` inline, each with its
label (like spaCy's displaCy "ent" style), after a legend of the labels present. It is
what a Doc shows in Jupyter (``Doc._repr_html_``) and what each article of a report is
made of::

    >>> doc = nlp("Vladimir Putin met Xi Jinping in Moscow.")
    >>> doc                                  # in Jupyter: highlighted text with a legend
    >>> byline.render(nlp.pipe(byline.read_articles("examples/articles")), "report.html")
    PosixPath('report.html')

:func:`render` writes one HTML file for a corpus: a table of its entities (text, label,
number of documents, mentions; click a column header to sort), then every document
highlighted under its title, id and date from ``doc.meta``.

The HTML loads nothing from elsewhere. Text, labels and metadata are HTML-escaped. Each
label has explicit foreground and background colours set inline (pastel background,
dark text; labels without a preset colour get one from a fixed palette by a hash of the
name), so highlights read the same in light and dark Jupyter themes, and inline styles
survive notebook viewers that strip ``<style>`` elements. The text around the
highlights inherits the page colours. The report's table sorting is a few lines of
inline JavaScript; everything else works without it.

THREAD SAFETY: the functions keep no state; they only read the Docs.
"""

from __future__ import annotations

import html
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from byline.doc import Doc

__all__ = ["LABEL_COLORS", "doc_html", "label_colors", "legend_html", "render"]

PathLike = Union[str, "os.PathLike[str]"]

#: (background, foreground) of the labels byline produces; the backgrounds follow displaCy's.
LABEL_COLORS: Dict[str, Tuple[str, str]] = {
    "PERSON": ("#aa9cfc", "#14113a"),
    "ORG": ("#7aecec", "#0b3333"),
    "GPE": ("#feca74", "#3d2800"),
    "LOC": ("#ff9561", "#3d1400"),
    "NORP": ("#c887fb", "#26073d"),
    "MISC": ("#d9d9d9", "#1f1f1f"),
    "FAC": ("#9cc9cc", "#102a2c"),
    "PRODUCT": ("#bfeeb7", "#113a0b"),
    "EVENT": ("#ffeb80", "#3a3000"),
    "WORK_OF_ART": ("#f0d0ff", "#33093f"),
    "LAW": ("#ff8197", "#3d0010"),
    "LANGUAGE": ("#ff8197", "#3d0010"),
    "DATE": ("#bfe1d9", "#0f2e27"),
    "TIME": ("#bfe1d9", "#0f2e27"),
    "MONEY": ("#e4e7d2", "#2b2e16"),
    "PERCENT": ("#e4e7d2", "#2b2e16"),
    "QUANTITY": ("#e4e7d2", "#2b2e16"),
    "CARDINAL": ("#e4e7d2", "#2b2e16"),
    "ORDINAL": ("#e4e7d2", "#2b2e16"),
}

# Colours for other labels (user patterns, custom models), picked by a stable hash of the name.
_PALETTE: Tuple[Tuple[str, str], ...] = (
    ("#ffd6a5", "#3d2300"),
    ("#caffbf", "#0f3a05"),
    ("#9bf6ff", "#00343a"),
    ("#a0c4ff", "#001a3d"),
    ("#bdb2ff", "#150a3d"),
    ("#ffc6ff", "#3d003d"),
    ("#fdffb6", "#33350a"),
    ("#ffadad", "#3d0000"),
)

_MARK_STYLE = (
    "background:{bg};color:{fg};padding:0.1em 0.35em;margin:0 0.1em;border-radius:0.35em;"
    "line-height:1;-webkit-box-decoration-break:clone;box-decoration-break:clone"
)
_LABEL_STYLE = (
    "font-size:0.68em;font-weight:bold;letter-spacing:0.02em;margin-left:0.4em;"
    "vertical-align:middle;text-transform:uppercase"
)
_TEXT_STYLE = "white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.3;font-family:inherit"
_CHIP_STYLE = (
    "display:inline-block;background:{bg};color:{fg};padding:0.1em 0.45em;margin:0 0.35em 0.3em 0;"
    "border-radius:0.35em;font-size:0.8em;font-weight:bold;line-height:1.5"
)


def label_colors(label: str) -> Tuple[str, str]:
    """The ``(background, foreground)`` CSS colours of a label.

    Preset for the labels byline produces (:data:`LABEL_COLORS`); any other label gets
    a pair from a fixed palette chosen by a CRC-32 of its name, so it is the same in
    every document and every run.
    """
    if label in LABEL_COLORS:
        return LABEL_COLORS[label]
    return _PALETTE[zlib.crc32(label.encode("utf-8")) % len(_PALETTE)]


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _ent_title(label: str, source: str, score: float, value_json: Optional[str]) -> str:
    parts = [label, source, f"score {score:.2f}"]
    if value_json is not None:
        value = json.loads(value_json)
        parts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True))
    return " · ".join(parts)


def legend_html(counts: Mapping[str, int]) -> str:
    """A legend: one coloured chip per label with its number of mentions, labels sorted by name.

    ``counts`` maps labels to mention counts. With no labels the legend says so.
    """
    if not counts:
        return '<div class="byline-legend" style="margin-bottom:0.6em;font-size:0.85em;opacity:0.75">no entities</div>'
    chips = []
    for label in sorted(counts):
        bg, fg = label_colors(label)
        chips.append(
            f'<span class="byline-legend-label" data-label="{_esc(label)}" '
            f'style="{_CHIP_STYLE.format(bg=bg, fg=fg)}">{_esc(label)} {counts[label]}</span>'
        )
    return f'<div class="byline-legend" style="margin-bottom:0.6em">{"".join(chips)}</div>'


def _text_html(doc: Doc) -> Tuple[str, Dict[str, int]]:
    """The highlighted text and the mention count per label."""
    text = doc.text
    starts, ends = doc._columns()[:2]
    out: List[str] = []
    counts: Dict[str, int] = {}
    pos = 0
    for b, e, label, score, source, value in doc._c.entities():
        start, end = starts[b], ends[e - 1]
        if start < pos:  # overlapping entities cannot be nested in HTML; the first one wins
            continue
        counts[label] = counts.get(label, 0) + 1
        bg, fg = label_colors(label)
        out.append(_esc(text[pos:start]))
        out.append(
            f'<mark class="byline-ent" data-label="{_esc(label)}" '
            f'title="{_esc(_ent_title(label, source, score, value))}" '
            f'style="{_MARK_STYLE.format(bg=bg, fg=fg)}">{_esc(text[start:end])}'
            f'<span class="byline-label" style="{_LABEL_STYLE}">{_esc(label)}</span></mark>'
        )
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out), counts


def doc_html(doc: Doc, *, legend: bool = True) -> str:
    """An HTML fragment showing ``doc`` with its entities highlighted inline.

    Each entity is a ``<mark class="byline-ent" data-label="LABEL">`` holding the
    escaped entity text and a ``<span class="byline-label">`` with the label; its
    ``title`` (tooltip) gives label, source, score and normalised value. Line breaks
    and spacing of the text are kept. With ``legend=True`` a
    ``<div class="byline-legend">`` with the labels present and their counts comes
    first. The fragment uses inline styles only (no ``<style>``, no scripts).
    Raises TypeError when ``doc`` is not a :class:`byline.Doc`.
    """
    if not isinstance(doc, Doc):
        raise TypeError(f"doc_html() expects a byline.Doc, not {type(doc).__name__}")
    body, counts = _text_html(doc)
    head = legend_html(counts) if legend else ""
    return f'<div class="byline-doc">{head}<div class="byline-text" style="{_TEXT_STYLE}">{body}</div></div>'


# ---------------------------------------------------------------------------- report

_REPORT_CSS = """
:root { color-scheme: light dark; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; background: #ffffff; color: #1d1d1f; }
@media (prefers-color-scheme: dark) { body { background: #16171a; color: #e6e6e6; }
  a { color: #8ab4f8; } th, td { border-color: #3a3b40 !important; } }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-bottom: 0.2rem; }
.byline-summary, .byline-meta { font-size: 0.9rem; opacity: 0.8; }
table.byline-entities { border-collapse: collapse; font-size: 0.9rem; margin: 1rem 0 2rem; }
table.byline-entities th, table.byline-entities td { border-bottom: 1px solid #d8d8dc; padding: 0.25rem 0.7rem;
       text-align: left; }
table.byline-entities td.num, table.byline-entities th.num { text-align: right; }
table.byline-entities th { cursor: pointer; user-select: none; }
table.byline-entities th[aria-sort=ascending]::after { content: " \\25B2"; }
table.byline-entities th[aria-sort=descending]::after { content: " \\25BC"; }
section.byline-article { margin: 2.5rem 0; }
.byline-error-message { border-left: 4px solid #d93025; background: rgba(217, 48, 37, 0.1); padding: 0.5rem 0.8rem;
       white-space: pre-wrap; overflow-wrap: anywhere; }
.byline-toc .byline-failed { color: #d93025; font-weight: bold; }
.byline-toc { font-size: 0.9rem; }
"""

# Sort the entity table when a header is clicked (numbers numerically, text by locale).
_REPORT_JS = """
(function () {
  var table = document.querySelector("table.byline-entities");
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var numeric = th.classList.contains("num");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent;
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
"""


def _docs_list(docs: Iterable[Doc]) -> List[Doc]:
    if isinstance(docs, Doc):
        return [docs]
    if isinstance(docs, (str, bytes)):
        raise TypeError(
            f"render() expects an iterable of byline.Doc, not a {type(docs).__name__}; "
            "process texts with nlp.pipe(texts) first"
        )
    try:
        items = list(docs)
    except TypeError:
        raise TypeError(f"render() expects an iterable of byline.Doc, not {type(docs).__name__}") from None
    for i, d in enumerate(items):
        if not isinstance(d, Doc):
            raise TypeError(
                f"render(): item {i} is a {type(d).__name__}, not a byline.Doc; "
                "process texts with nlp(text) or nlp.pipe(texts) first"
            )
    return items


def _heading(doc: Doc, n: int) -> str:
    meta = doc.meta
    return meta.get("title") or meta.get("id") or meta.get("path") or f"Document {n}"


def _meta_line(doc: Doc) -> str:
    meta = doc.meta
    parts = []
    for key in ("id", "date", "source", "path"):
        if meta.get(key):
            parts.append(f"{key}: {_esc(meta[key])}")
    url = meta.get("url")
    if url:
        # Only web addresses become links (no javascript: or data: URLs).
        link = url.lower().startswith(("http://", "https://"))
        parts.append(f'<a href="{_esc(url)}">{_esc(url)}</a>' if link else f"url: {_esc(url)}")
    parts.append(f"{len(doc):,} tokens")
    parts.append(f"{len(doc._c.entities()):,} entities")
    return " · ".join(parts)


@dataclass(frozen=True)
class FailedInput:
    """An input that could not be read or processed, shown in its place in a report
    (``byline render --on-error skip``): the fields of the error objects of ``byline
    analyze --json`` (docs/schema.md): ``input`` (where it came from), ``error`` (why it
    failed), ``id`` (None when unknown) and ``meta`` (``path`` and the metadata known)."""

    input: str
    error: str
    id: Optional[str] = None
    meta: Mapping[str, str] = field(default_factory=dict)


def _failed_html(item: FailedInput, n: int) -> Tuple[str, str]:
    """The section and the table-of-contents entry of a failed input ``n``."""
    heading = _esc(item.meta.get("title") or item.id or item.input)
    meta = {"path": item.input, **item.meta}
    # as in the line of a document (_meta_line), but no link: the URL of a failed input is only text
    parts = [f"{key}: {_esc(meta[key])}" for key in ("id", "date", "source", "path", "url") if meta.get(key)]
    section = (
        f'<section class="byline-article byline-error" id="doc-{n}" data-input="{_esc(item.input)}">'
        f'<h2>{heading}</h2><p class="byline-meta">{" · ".join(parts)}</p>'
        f'<p class="byline-error-message" role="alert"><strong>error:</strong> {_esc(item.error)}</p></section>'
    )
    toc = f'<li><a href="#doc-{n}">{heading}</a> <span class="byline-failed">(failed)</span></li>'
    return section, toc


def render(docs: Iterable[Doc], path: PathLike, *, title: Optional[str] = None) -> Path:
    """Write a self-contained HTML report of ``docs`` to ``path``; returns ``Path(path)``.

    ``docs`` is any iterable of :class:`byline.Doc` (e.g. ``nlp.pipe(...)``, consumed
    once) or a single Doc. The report has ``title`` (default ``"byline report"``), a
    table of the entities (one row per label and text, with the number of documents
    naming it and of mentions; most widespread first; the text links to the first
    document naming it), a list of the documents, then each document with its
    entities highlighted (:func:`doc_html`) under its meta ``title`` (else ``id``,
    ``path``, or "Document N") and its id, date, source, URL and path. The file is
    UTF-8 and needs nothing else (no network, no external CSS/JS).

    Raises TypeError when ``docs`` is a str/bytes or not iterable, when an item is
    not a Doc (naming its position), when ``path`` is not a str or path, or ``title``
    not a str; OSError when the file cannot be written. Nothing is written on error.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"render(): path must be a str or os.PathLike, not {type(path).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"render(): title must be a str or None, not {type(title).__name__}")
    items = _docs_list(docs)
    return write_report(items, path, title=title)


def write_report(items: Sequence[Union[Doc, FailedInput]], path: PathLike, *, title: Optional[str] = None) -> Path:
    """:func:`render` of checked items, in order, among them inputs that failed
    (:class:`FailedInput`): each of those is a section in its place, its error shown and
    marked in the list of documents, and counted in the summary line; its entities are
    none."""
    title = "byline report" if title is None else title

    # (label, text) -> [documents naming it, mentions, first document]
    table: Dict[Tuple[str, str], List[int]] = {}
    label_counts: Dict[str, int] = {}
    articles: List[str] = []
    toc: List[str] = []
    failed = 0
    for n, doc in enumerate(items, 1):
        if isinstance(doc, FailedInput):
            failed += 1
            section, entry = _failed_html(doc, n)
            articles.append(section)
            toc.append(entry)
            continue
        body, counts = _text_html(doc)
        for label, k in counts.items():
            label_counts[label] = label_counts.get(label, 0) + k
        seen = set()
        for ent in doc.ents:
            key = (ent.label_, " ".join(ent.text.split()))
            row = table.setdefault(key, [0, 0, n])
            row[1] += 1
            if key not in seen:
                seen.add(key)
                row[0] += 1
        heading = _esc(_heading(doc, n))
        toc.append(f'<li><a href="#doc-{n}">{heading}</a></li>')
        articles.append(
            f'<section class="byline-article" id="doc-{n}"><h2>{heading}</h2>'
            f'<p class="byline-meta">{_meta_line(doc)}</p>'
            f'<div class="byline-doc"><div class="byline-text" style="{_TEXT_STYLE}">{body}</div></div>'
            "</section>"
        )

    rows = []
    for (label, text), (ndocs, mentions, first) in sorted(
        table.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0][0], kv[0][1])
    ):
        bg, fg = label_colors(label)
        rows.append(
            f'<tr data-label="{_esc(label)}"><td><a href="#doc-{first}">{_esc(text)}</a></td>'
            f'<td><span style="{_CHIP_STYLE.format(bg=bg, fg=fg)}">{_esc(label)}</span></td>'
            f'<td class="num">{ndocs}</td><td class="num">{mentions}</td></tr>'
        )
    entity_table = (
        '<table class="byline-entities"><thead><tr><th>Entity</th><th>Label</th>'
        '<th class="num" title="documents naming it">Docs</th><th class="num">Mentions</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    total = sum(label_counts.values())
    summary = (
        f"{len(items):,} document{'s' if len(items) != 1 else ''}{f' ({failed:,} failed)' if failed else ''}, "
        f"{total:,} entity mention{'s' if total != 1 else ''}, "
        f"{len(table):,} distinct entit{'ies' if len(table) != 1 else 'y'}"
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_REPORT_CSS}</style></head><body>"
        f'<h1>{_esc(title)}</h1><p class="byline-summary">{summary}</p>'
        f"{legend_html(label_counts)}"
        f"<h2>Entities</h2>{entity_table}"
        f'<h2>Documents</h2><ol class="byline-toc">{"".join(toc)}</ol>'
        f"{''.join(articles)}"
        f"<script>{_REPORT_JS}</script></body></html>\n"
    )
    out = Path(os.fspath(path))
    out.write_text(page, encoding="utf-8")
    return out
