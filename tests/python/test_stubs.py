"""python/byline/_core.pyi stays in step with the compiled module."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Set

import byline
from byline import _core

STUB = Path(byline.__file__).with_name("_core.pyi")


def _stub_names() -> Dict[str, Set[str]]:
    """Names the stub defines: module level, and per class (methods and annotated attributes)."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names: Dict[str, Set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
            }
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = set()
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            names.update({t.id: set() for t in node.targets if not t.id.startswith("_")})  # type aliases
    return names


def _public(obj: object) -> Set[str]:
    return {n for n in dir(obj) if not n.startswith("_")}


def test_stub_lists_every_module_attribute() -> None:
    stub = _stub_names()
    module = _public(_core) | {"__version__"}
    assert set(stub) == module


def test_stub_lists_every_method() -> None:
    stub = _stub_names()
    for cls in (
        _core.Doc,
        _core.Tokenizer,
        _core.EntityRecognizer,
        _core.EntityRuler,
        _core.Pipeline,
        _core.Analyzer,
        _core.ArticleAnalysis,
        _core.Corpus,
        _core.Quote,
        _core.Mention,
        _core.Cluster,
        _core.Role,
        _core.Boilerplate,
    ):
        assert {n for n in stub[cls.__name__] if not n.startswith("_")} == _public(cls), cls.__name__


def test_public_api_has_docstrings() -> None:
    objects = [
        byline.tokenize,
        byline.tokenize_batch,
        byline.set_log_level,
        byline.get_log_level,
        byline.Doc,
        byline.Token,
        byline.Span,
        byline.Entity,
        byline.Tokenizer,
        byline,
        byline.load,
        byline.analyze,
        byline.Analysis,
        byline.Corpus,
        byline.Quote,
        byline.Cluster,
        byline.Mention,
        byline.Role,
        byline.Boilerplate,
        byline.Pipeline,
    ]
    for cls in (
        byline.Doc,
        byline.Token,
        byline.Span,
        byline.Tokenizer,
        byline.Pipeline,
        byline.Analysis,
        byline.Corpus,
    ):
        objects += [getattr(cls, n) for n in _public(cls) if n not in ("doc", "i", "start", "end", "label_")]
    missing = [getattr(o, "__qualname__", repr(o)) for o in objects if not (o.__doc__ or "").strip()]
    assert missing == []
