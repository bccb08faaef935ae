#!/usr/bin/env bash
# The manylinux wheel (`make wheel`) installs and runs where the Debian shared libraries of
# byline's C++ dependencies are missing.
#
#   tests/packaging/wheel_test.sh        (run by `make wheel-test`, part of `make test`)
#
# In a private mount namespace (unshare -m, needs root) every system library the plain
# linux_x86_64 wheel links (spdlog, fmt, utf8proc, RE2, OpenSSL's libcrypto) is hidden by
# bind-mounting /dev/null over it. In a fresh virtual environment the plain wheel must then
# fail to import (the control: the libraries are really gone), and the repaired manylinux
# wheel must import, load its bundled model and extract the entities of the sample articles
# from a directory outside the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
shopt -s nullglob
wheels=("$ROOT"/build/wheel/byline-*-manylinux_*.whl)
raws=("$ROOT"/build/wheel/raw/byline-*-linux_x86_64.whl)
if [ ${#wheels[@]} -ne 1 ] || [ ${#raws[@]} -ne 1 ]; then
  echo "wheel_test: expected one manylinux wheel in build/wheel and one plain wheel in build/wheel/raw (run make wheel)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "wheel_test: SKIPPED: hiding the system libraries needs root (unshare -m)"
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
BASE=$("$PY" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')
"$BASE" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q numpy tqdm

# The system libraries the plain wheel's extension links.
mkdir "$WORK/raw"
(cd "$WORK/raw" && "$PY" -m zipfile -e "${raws[0]}" .)
mapfile -t LIBS < <(ldd "$WORK"/raw/byline/_core*.so | awk '/libspdlog|libfmt|libutf8proc|libre2|libcrypto/ {print $3}')
if [ ${#LIBS[@]} -lt 5 ]; then
  echo "wheel_test: expected the plain wheel to link 5 system libraries, found: ${LIBS[*]}" >&2
  exit 1
fi
mkdir "$WORK/run"
cp "$ROOT"/examples/articles/*.txt "$WORK/run/"

export WORK
unshare --mount --propagation private bash -euo pipefail -s "${LIBS[@]}" <<INNER
for lib in "\$@"; do mount --bind /dev/null "\$(readlink -f "\$lib")"; done
cd "\$WORK/run"
"\$WORK/venv/bin/pip" install -q --no-deps "${raws[0]}" < /dev/null
if out=\$("\$WORK/venv/bin/python" -c "import byline" 2>&1 < /dev/null); then
  echo "wheel_test: the plain wheel imports with the system libraries hidden: they are not hidden" >&2
  exit 1
fi
echo "control: the plain wheel fails without the system libraries: \$(echo "\$out" | tail -n 1)"
"\$WORK/venv/bin/pip" install -q --no-deps --force-reinstall "${wheels[0]}" < /dev/null
"\$WORK/venv/bin/byline" extract . --format jsonl > "\$WORK/out.jsonl" < /dev/null
"\$WORK/venv/bin/python" - "\$WORK/out.jsonl" <<'CHECK'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 5, len(rows)
ents = [e for r in rows for e in r["entities"]]
labels = {e["label"] for e in ents}
assert {"PERSON", "ORG", "GPE", "DATE"} <= labels, labels
assert any(e["source"] == "model" for e in ents)
print(f"manylinux wheel: {len(rows)} articles, {len(ents)} entities, labels {sorted(labels)}")
CHECK
INNER
echo "wheel_test: passed ($(basename "${wheels[0]}"))"
