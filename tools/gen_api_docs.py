#!/usr/bin/env python3
"""Write the Python API reference (docs/api.md) from the installed package's docstrings.

    python tools/gen_api_docs.py            # rewrite docs/api.md
    python tools/gen_api_docs.py --check    # exit 1 when docs/api.md is out of date

Documents every name in ``byline.__all__`` (classes with their public methods and
properties) and the public functions of the optional modules ``byline.dask``,
``byline.frames`` and any others listed in MODULES. tests/python/test_api_docs.py runs
the check, so the reference cannot drift from the code.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any, List

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "api.md"
# Submodules documented in full (their __all__, else their public functions/classes).
MODULES = (
    "byline.frames",
    "byline.dask",
    "byline.render",
    "byline.spacy_interop",
    "byline.articles",
    "byline.datasets",
)


def _signature(obj: Any) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(...)"


def _doc(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.strip()


def _public_members(cls: type) -> List[str]:
    names = []
    for name, member in sorted(vars(cls).items()):
        if name.startswith("_") and name not in ("__call__", "__init__"):
            continue
        if isinstance(member, (staticmethod, classmethod)):
            member = member.__func__
        if callable(member) or isinstance(member, property):
            names.append(name)
    return names


def _render_class(qual: str, cls: type, out: List[str]) -> None:
    out.append(f"### class `{qual}{_signature(cls)}`\n")
    if _doc(cls):
        out.append(_doc(cls) + "\n")
    for name in _public_members(cls):
        member = inspect.getattr_static(cls, name)
        if isinstance(member, property):
            out.append(f"- **`{name}`** (property)" + (f": {_first_line(member)}" if _doc(member) else ""))
            continue
        func = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
        if name == "__init__":  # the class heading shows its signature
            continue
        out.append(f"- **`{name}{_signature(func)}`**" + (f": {_first_line(func)}" if _doc(func) else ""))
    out.append("")


def _first_line(obj: Any) -> str:
    doc = _doc(obj)
    para = doc.split("\n\n", 1)[0]
    return " ".join(para.split())


def _render(qual: str, obj: Any, out: List[str]) -> None:
    if inspect.isclass(obj):
        _render_class(qual, obj, out)
    elif callable(obj):
        out.append(f"### `{qual}{_signature(obj)}`\n")
        if _doc(obj):
            out.append(_doc(obj) + "\n")
    else:
        out.append(f"### `{qual}`\n")
        out.append(f"Constant: `{obj!r}`\n" if isinstance(obj, (str, int, float, tuple)) else "")


def generate() -> str:
    import byline

    out: List[str] = [
        "# Python API reference",
        "",
        "Generated from the docstrings by `python tools/gen_api_docs.py`; `make test` checks it is",
        "current (tests/python/test_api_docs.py). Errors derive from `byline.BylineError`.",
        "",
        "## `byline`",
        "",
    ]
    for name in sorted(byline.__all__, key=str.lower):
        obj = getattr(byline, name)
        if name == "__version__" or (inspect.isclass(obj) and issubclass(obj, BaseException)):
            continue
        _render(f"byline.{name}", obj, out)
    out.append("## Errors\n")
    for name in sorted(byline.__all__):
        obj = getattr(byline, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            bases = ", ".join(b.__name__ for b in obj.__bases__)
            out.append(f"- **`byline.{name}`** ({bases})" + (f": {_first_line(obj)}" if _doc(obj) else ""))
    out.append("")
    for modname in MODULES:
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        out.append(f"## `{modname}`\n")
        if _doc(mod):
            out.append(_doc(mod) + "\n")
        names = getattr(mod, "__all__", None)
        if names is None:
            names = [
                n
                for n, o in vars(mod).items()
                if not n.startswith("_")
                and (inspect.isfunction(o) or inspect.isclass(o))
                and getattr(o, "__module__", "") == modname
            ]
        for name in sorted(names, key=str.lower):
            obj = getattr(mod, name)
            if getattr(byline, name, None) is obj and modname != "byline.articles":
                out.append(f"- `{modname}.{name}`: see `byline.{name}` above\n")
                continue
            if modname == "byline.articles" and getattr(byline, name, None) is obj:
                continue
            _render(f"{modname}.{name}", obj, out)
    text = "\n".join(out).rstrip() + "\n"
    return text.replace(str(ROOT), "<repo>")


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/api.md differs from the generated text")
    args = ap.parse_args(argv)
    text = generate()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python tools/gen_api_docs.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
