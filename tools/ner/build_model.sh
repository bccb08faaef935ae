#!/usr/bin/env bash
# Builds the shipped English news NER model, models/en_news/model.bin + card.json,
# from ../shared/data (CoNLL-2003 eng.train/eng.testa, Reuters-21578 text for word
# clusters, gazetteer lists). Deterministic for a given tree and data.
#
#   tools/ner/build_model.sh [BUILD_DIR]        (default build-ner; needs the `byline` CLI built)
#
# Environment: BYLINE_DATA (default ../shared/data), EPOCHS (15), SEED (1), ENSEMBLE (8).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build-ner}" && pwd)
DATA=$(cd "${BYLINE_DATA:-$ROOT/../shared/data}" && pwd)
EPOCHS=${EPOCHS:-15}
SEED=${SEED:-1}
ENSEMBLE=${ENSEMBLE:-8}
BYLINE=$BUILD/cpp/byline
WORK=$BUILD/ner-resources
OUT=$ROOT/models/en_news
mkdir -p "$WORK" "$OUT"

echo "[1/4] word clusters from Reuters-21578" >&2
zcat "$DATA/reuters21578/derived_reuters21578_title_body.txt.gz" > "$WORK/reuters.txt"
CLUSTER_ARGS=(--classes 64,256 --min-count 3 --max-vocab 60000 --iterations 8)
"$BYLINE" clusters --corpus "$WORK/reuters.txt" --out "$WORK/clusters.tsv" "${CLUSTER_ARGS[@]}"

echo "[2/4] gazetteer" >&2
python3 "$ROOT/tools/ner/build_gazetteer.py" --data "$DATA/gazetteers" "$WORK/gazetteer.tsv"

echo "[3/4] training" >&2
TRAIN_ARGS=(--epochs "$EPOCHS" --seed "$SEED" --ensemble "$ENSEMBLE" --no-keep-best --clusters "$WORK/clusters.tsv" --gazetteer "$WORK/gazetteer.tsv")
start=$(date +%s.%N)
"$BYLINE" train --train "$DATA/conll2003/eng.train" --dev "$DATA/conll2003/eng.testa" \
  --out "$OUT/model.bin" "${TRAIN_ARGS[@]}" > /dev/null 2> "$WORK/train.log"
end=$(date +%s.%N)

echo "[4/4] evaluation + card" >&2
"$BYLINE" evaluate --data "$DATA/conll2003/eng.testa" --model "$OUT/model.bin" > "$WORK/dev.json"
python3 - "$OUT" "$WORK" "$start" "$end" "${CLUSTER_ARGS[*]}" "${TRAIN_ARGS[*]}" <<'PY'
import hashlib, json, os, sys
out, work, start, end, cargs, targs = sys.argv[1:]
dev = json.load(open(os.path.join(work, "dev.json")))
def sha(p): return hashlib.sha256(open(p, "rb").read()).hexdigest()
card = {
    "name": "en_news",
    "description": "English news NER: averaged structured perceptron, BILOU tags, first-order Viterbi; "
                   "word/shape/affix/context features, exchange word clusters (Reuters-21578), gazetteers, "
                   "document-level memory features",
    "labels": {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE (known country/city/region) or LOC", "MISC": "MISC"},
    "model_file": "model.bin",
    "model_bytes": os.path.getsize(os.path.join(out, "model.bin")),
    "model_sha256": sha(os.path.join(out, "model.bin")),
    "dev": {
        "data": "CoNLL-2003 eng.testa (pre-tokenised, -DOCSTART- document breaks)",
        "precision": dev["precision"], "recall": dev["recall"], "f1": dev["f1"],
        "per_type": {k: {m: v[m] for m in ("precision", "recall", "f1", "gold", "predicted", "correct")}
                     for k, v in dev["per_type"].items()},
        "tokens": dev["tokens"],
    },
    "train_seconds": round(float(end) - float(start), 1),
    "built_by": "tools/ner/build_model.sh",
    "commands": [
        "byline clusters --corpus reuters.txt --out clusters.tsv " + cargs,
        "python3 tools/ner/build_gazetteer.py --data ../shared/data/gazetteers gazetteer.tsv",
        "byline train --train eng.train --dev eng.testa --out model.bin " + targs.replace(work + "/", ""),
        "byline evaluate --data eng.testa --model model.bin",
    ],
    "data_licences": "CoNLL-2003 annotations over Reuters RCV1 text (research use; see ../shared/data/conll2003/SOURCE.txt); "
                     "Reuters-21578 (research use) for clusters; GeoNames CC BY 4.0; US Census names (public domain); "
                     "GATE ANNIE lists LGPL v3; NLTK nationalities (public domain). Review before commercial redistribution.",
}
json.dump(card, open(os.path.join(out, "card.json"), "w"), indent=2)
open(os.path.join(out, "card.json"), "a").write("\n")
print(json.dumps({"f1": dev["f1"], "bytes": card["model_bytes"], "train_seconds": card["train_seconds"]}))
PY
