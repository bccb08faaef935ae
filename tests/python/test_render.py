"""HTML display: Doc._repr_html_, byline.render reports, `byline render`, and a headless Chromium load."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
from conftest import ARTICLES_DIR, article_paths

import byline
from byline.render import LABEL_COLORS, doc_html, label_colors

NASTY = "<script>alert('x')</script> & \"quoted\" text: Vladimir Putin met Xi Jinping in Moscow.\n\nA new paragraph."


@pytest.fixture(scope="module")
def nlp() -> byline.Pipeline:
    return byline.load()


@pytest.fixture(scope="module")
def docs(nlp: byline.Pipeline) -> List[byline.Doc]:
    return list(nlp.pipe(byline.read_articles(ARTICLES_DIR), date="2025-01-02"))


def make_doc(text: str, ents: List[Tuple[int, int, str]], meta: Optional[Dict[str, str]] = None) -> byline.Doc:
    """A Doc with whitespace tokens and the given (start, end, label) entities, via byline.doc/1 JSON."""
    toks = [[m.start(), m.end()] for m in re.finditer(r"\S+", text)]
    data = {
        "schema": "byline.doc/1",
        "text": text,
        "tokens": toks,
        "sentences": [[toks[0][0], toks[-1][1]]] if toks else [],
        "paragraphs": [[toks[0][0], toks[-1][1]]] if toks else [],
        "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in ents],
        "meta": meta or {},
    }
    return byline.Doc.from_json(json.dumps(data))


class TextOf(HTMLParser):
    """The text a reader sees in the .byline-text element, without the label badges; plus the marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 inside .byline-text
        self.skip = 0  # >0 inside a .byline-label badge
        self.text: List[str] = []
        self.marks: List[Tuple[str, str]] = []
        self._mark: List[str] = []
        self._label = ""
        self.elements: Counter = Counter()

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements[tag] += 1
        cls = a.get("class") or ""
        if self.depth:
            self.depth += 1
            if cls == "byline-label":
                self.skip = self.depth
            if tag == "mark":
                assert cls == "byline-ent"
                self._label = a["data-label"] or ""
                self._mark = []
        elif cls == "byline-text":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            if self.skip == self.depth:
                self.skip = 0
            if tag == "mark":
                self.marks.append((self._label, "".join(self._mark)))
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.text.append(data)
            self._mark.append(data)


def parse(html: str) -> TextOf:
    p = TextOf()
    p.feed(html)
    p.close()
    return p


# ---------------------------------------------------------------------------- _repr_html_ and doc_html


def test_repr_html_is_the_text_with_its_entities(nlp: byline.Pipeline, docs: List[byline.Doc]) -> None:
    for doc in docs[:2] + [nlp(NASTY)]:
        html = doc._repr_html_()
        assert html == doc_html(doc)
        p = parse(html)
        assert "".join(p.text) == doc.text  # every character once, in order, unescaped
        assert p.marks == [(e.label_, e.text) for e in doc.ents]
        assert "<style" not in html and "<script" not in html and "http" not in html


def test_escaping(nlp: byline.Pipeline) -> None:
    doc = nlp(NASTY)
    html = doc._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp; &quot;quoted&quot;" in html
    assert parse(html).elements["script"] == 0
    # labels and entity texts made of markup stay text, in content and in attributes
    text = "AT&T <Corp> said"
    evil = 'X"><img src=x onerror=alert(1)>'
    doc = make_doc(text, [(0, 11, evil)])
    html = doc._repr_html_()
    assert "<img" not in html and "AT&amp;T &lt;Corp&gt;" in html
    p = parse(html)
    assert p.marks == [(evil, "AT&T <Corp>")] and p.elements["img"] == 0
    assert "".join(p.text) == text


def test_legend_lists_the_labels_present_with_counts(nlp: byline.Pipeline) -> None:
    doc = make_doc(
        "Putin met Xi in Moscow and Putin left",
        [(0, 5, "PERSON"), (10, 12, "PERSON"), (16, 22, "GPE"), (27, 32, "PERSON")],
    )
    html = doc._repr_html_()
    legend = re.findall(r'class="byline-legend-label" data-label="([^"]+)"[^>]*>([^<]*)<', html)
    assert legend == [("GPE", "GPE 1"), ("PERSON", "PERSON 3")]
    bg, fg = LABEL_COLORS["PERSON"]
    assert f"background:{bg};color:{fg}" in html
    assert "ORG" not in html
    assert 'class="byline-legend"' not in doc_html(doc, legend=False)


def test_repr_html_without_entities() -> None:
    for text in ("Hello, world.\n\nSecond paragraph.", "", "   \n"):
        doc = byline.tokenize(text)
        html = doc._repr_html_()
        assert "no entities" in html and "<mark" not in html
        assert "".join(parse(html).text) == text


def test_label_colours_explicit_and_stable() -> None:
    for label, (bg, fg) in LABEL_COLORS.items():
        assert re.fullmatch(r"#[0-9a-f]{6}", bg) and re.fullmatch(r"#[0-9a-f]{6}", fg), label

        def lum(c: str) -> float:
            return sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) / 3

        assert lum(bg) - lum(fg) > 120, label  # light background, dark text in any theme
    assert label_colors("MY_LABEL") == label_colors("MY_LABEL")
    assert len({label_colors(f"L{i}") for i in range(40)}) > 3


def test_doc_html_rejects_non_docs() -> None:
    with pytest.raises(TypeError, match="expects a byline.Doc, not str"):
        doc_html("text")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- render()


def test_render_report(tmp_path: Path, docs: List[byline.Doc]) -> None:
    out = byline.render(iter(docs), tmp_path / "r.html", title="Sberbank & <AI>")
    assert out == tmp_path / "r.html"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Sberbank &amp; &lt;AI&gt;</title>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loaded from elsewhere
    assert html.count('<section class="byline-article"') == len(docs)
    for i, d in enumerate(docs, 1):
        assert f'id="doc-{i}"><h2>{d.meta["id"]}</h2>' in html
        assert "date: 2025-01-02" in html
    # table rows: entity, label, documents naming it, mentions
    rows = re.findall(
        r'<tr data-label="([^"]+)"><td><a href="#doc-\d+">([^<]*)</a></td><td>.*?</td>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td></tr>',
        html,
    )
    want_docs: Counter = Counter()
    want_mentions: Counter = Counter()
    for d in docs:
        keys = [(e.label_, " ".join(e.text.split())) for e in d.ents]
        want_mentions.update(keys)
        want_docs.update(set(keys))
    got = {(lab, unescape(text)): (int(n), int(m)) for lab, text, n, m in rows}
    assert got == {k: (want_docs[k], want_mentions[k]) for k in want_mentions}
    assert got[("PERSON", "Putin")][0] >= 3
    order = [(-n, -m) for _, _, n, m in ((lab, t, int(n), int(m)) for lab, t, n, m in rows)]
    assert order == sorted(order)  # most widespread first


def test_render_accepts_one_doc_and_no_docs(tmp_path: Path, nlp: byline.Pipeline) -> None:
    doc = nlp(NASTY)
    doc.set_meta("title", "<b>Bold</b> title")
    doc.set_meta("url", "javascript:alert(1)")
    html = byline.render(doc, str(tmp_path / "one.html")).read_text(encoding="utf-8")
    assert "<h2>&lt;b&gt;Bold&lt;/b&gt; title</h2>" in html
    assert 'href="javascript' not in html and "url: javascript:alert(1)" in html
    assert html.count("<script>") == 1  # only the table sorter
    empty = byline.render([], tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "0 documents" in empty and "no entities" in empty


@pytest.mark.parametrize(
    "docs_arg, path, title, message",
    [
        (["Putin met Xi."], "r.html", None, r"render\(\): item 0 is a str, not a byline.Doc"),
        ("Putin met Xi.", "r.html", None, r"iterable of byline.Doc, not a str"),
        (42, "r.html", None, r"iterable of byline.Doc, not int"),
        ([], 42, None, r"path must be a str or os.PathLike, not int"),
        ([], "r.html", 3, r"title must be a str or None, not int"),
    ],
)
def test_render_rejects_bad_arguments(
    tmp_path: Path, docs_arg: object, path: object, title: object, message: str
) -> None:
    target = tmp_path / path if isinstance(path, str) else path
    with pytest.raises(TypeError, match=message):
        byline.render(docs_arg, target, title=title)  # type: ignore[arg-type]
    assert not (tmp_path / "r.html").exists()


def test_render_names_the_bad_item(tmp_path: Path, docs: List[byline.Doc]) -> None:
    with pytest.raises(TypeError, match="item 2 is a Analysis"):
        byline.render([docs[0], docs[1], byline.analyze(docs[2])], tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------------------- CLI


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "byline.cli", *args], capture_output=True, env=env, timeout=120, check=False
    )


def test_cli_render(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = run(
        "render", str(ARTICLES_DIR), "--out", str(out), "--threads", "2", "--date", "2025-01-02", "--title", "One story"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout == b""
    assert f"wrote {out} (5 articles".encode() in res.stderr
    html = out.read_text(encoding="utf-8")
    assert "<title>One story</title>" in html
    assert html.count('<section class="byline-article"') == len(article_paths())
    for p in article_paths():
        assert f"path: {p}" in html
    # a second run does not read the report back as an article
    again = run("render", str(tmp_path), str(ARTICLES_DIR), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert f"wrote {out} (5 articles".encode() in again.stderr


def test_cli_render_errors(tmp_path: Path) -> None:
    res = run("render", "--help")
    assert res.returncode == 0 and b"--out REPORT.html" in res.stdout
    out = tmp_path / "r.html"
    res = run("render", str(tmp_path / "missing.txt"), "--out", str(out))
    assert res.returncode == 1 and not out.exists()
    assert b"missing.txt: no such file or directory; nothing written" in res.stderr
    # one bad input with --on-error skip: the others are rendered, exit status 1
    res = run("render", str(article_paths()[0]), str(tmp_path / "missing.txt"), "--out", str(out), "--on-error", "skip")
    assert res.returncode == 1 and out.exists() and b"missing.txt" in res.stderr
    res = run("render", str(ARTICLES_DIR), "--out", str(tmp_path / "no" / "dir" / "r.html"))
    assert res.returncode == 1 and res.stderr.startswith(b"byline: error: ")
    res = run("render", str(ARTICLES_DIR))
    assert res.returncode == 2 and b"--out" in res.stderr


# ---------------------------------------------------------------------------- headless Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def load_in_chromium(page: Path, profile: Path) -> Tuple[str, List[str]]:
    """(DOM after load, console lines) of a page opened by headless Chromium."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make deps installs it)")
    res = subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=False,
    )
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    console = [line for line in res.stderr.decode(errors="replace").splitlines() if ":CONSOLE" in line]
    return res.stdout.decode("utf-8"), console


def test_chromium_detects_console_errors(tmp_path: Path) -> None:
    """The check below can fail: a page with a script error does log CONSOLE lines."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction();</script>", encoding="utf-8")
    dom, console = load_in_chromium(bad, tmp_path / "profile")
    assert "<p>x</p>" in dom
    assert any("Uncaught ReferenceError" in line for line in console), console


def test_report_in_chromium(tmp_path: Path, docs: List[byline.Doc], nlp: byline.Pipeline) -> None:
    nasty = nlp(NASTY)
    nasty.set_meta("title", "<script>alert(2)</script>")
    report = byline.render(docs + [nasty], tmp_path / "report.html", title="Sample articles")
    dom, console = load_in_chromium(report, tmp_path / "profile")
    assert console == [], console
    marks = re.findall(r'<mark class="byline-ent" data-label="([^"]+)"[^>]*>([^<]*)<span class="byline-label"', dom)
    want = [(e.label_, e.text) for d in docs + [nasty] for e in d.ents]
    marks = [(unescape(lab), unescape(t)) for lab, t in marks]
    assert marks == want
    assert ("PERSON", "Putin") in marks and ("PERSON", "Vladimir Putin") in marks
    assert ("ORG", "Sberbank") in marks and ("GPE", "Moscow") in marks
    assert dom.count("<script") == 1  # the escaped article text and title add no script elements
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom
    assert '<table class="byline-entities">' in dom and 'class="byline-legend-label" data-label="PERSON"' in dom
