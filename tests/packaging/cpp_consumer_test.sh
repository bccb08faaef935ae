#!/usr/bin/env bash
# The installed C++ package works for a consumer outside the source tree that has none of
# the dependencies' -dev packages, and finds its model without being told where.
#
#   tests/packaging/cpp_consumer_test.sh BUILD_DIR     (run by `make example-cpp`, part of `make test`)
#
# `cmake --install` of BUILD_DIR into a temporary prefix; examples/cpp copied next to it.
# In a private mount namespace (unshare -m, as root) every regular file of the -dev packages
# of byline's dependencies (headers, CMake configs, static libraries) is hidden by
# bind-mounting /dev/null over it; the runtime libraries stay. There the consumer is
# configured with find_package(byline), built, and run from the temporary directory with
# BYLINE_MODEL unset, as is the installed byline-dev tool. Without root the same runs with
# the -dev packages in place (said in the output).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/cpp}" && pwd)
CMAKE=${CMAKE:-$ROOT/.venv/bin/cmake}
DEV_PACKAGES="nlohmann-json3-dev libspdlog-dev libfmt-dev libutf8proc-dev libre2-dev libssl-dev"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$CMAKE" --install "$BUILD" --prefix "$WORK/prefix" > /dev/null
cp -r "$ROOT/examples/cpp" "$WORK/consumer"
cp "$ROOT/examples/articles/003_45d770aeda870f5f.txt" "$WORK/article.txt"

hide=()
if [ "$(id -u)" = 0 ]; then
  # shellcheck disable=SC2086
  while IFS= read -r f; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then hide+=("$f"); fi
  done < <(dpkg -L $DEV_PACKAGES 2>/dev/null)
  echo "cpp_consumer_test: hiding ${#hide[@]} files of $DEV_PACKAGES"
else
  echo "cpp_consumer_test: not root: the -dev packages stay visible (unshare -m needs root)"
fi

export WORK CMAKE
run() {
  if [ "$(id -u)" = 0 ]; then unshare --mount --propagation private bash -euo pipefail -s "${hide[@]}"; else bash -euo pipefail -s; fi
}
trap 'echo "cpp_consumer_test: FAILED (line $LINENO)" >&2; rm -rf "$WORK"' ERR
run <<'INNER'
for f in "$@"; do mount --bind /dev/null "$f"; done
if [ $# -gt 0 ] && [ -s /usr/include/spdlog/spdlog.h ]; then echo "the -dev files are not hidden" >&2; exit 1; fi
unset BYLINE_MODEL
cd "$WORK"
"$CMAKE" -S consumer -B consumer-build -G Ninja -DCMAKE_PREFIX_PATH="$WORK/prefix" > consumer-configure.log < /dev/null
"$CMAKE" --build consumer-build > consumer-build.log < /dev/null
consumer-build/tokenize_file article.txt < /dev/null > tokens.txt
head -n 2 tokens.txt
consumer-build/extract_entities article.txt 2025-01-02 < /dev/null > entities.tsv
head -n 4 entities.tsv
grep -q 'DATE	pattern	December 30	{"timex":"2024-12-30"' entities.tsv
grep -q '	PERSON	model	' entities.tsv
# A damaged model package is an error message and exit status 1, not std::terminate.
status=0
BYLINE_MODEL="$WORK/nowhere" consumer-build/extract_entities article.txt 2> err.txt < /dev/null || status=$?
if [ "$status" != 1 ]; then echo "extract_entities without a model: exit status $status, not 1" >&2; exit 1; fi
grep -q "extract_entities: " err.txt || { echo "no error message: $(cat err.txt)" >&2; exit 1; }
if grep -q terminate err.txt; then echo "std::terminate: $(cat err.txt)" >&2; exit 1; fi
echo "missing model: $(cat err.txt)"
# A directory is not an article: an error, not an empty result.
status=0
consumer-build/extract_entities consumer 2> err.txt < /dev/null || status=$?
if [ "$status" != 1 ] || ! grep -q "is a directory" err.txt; then
  echo "extract_entities on a directory: exit status $status, $(cat err.txt)" >&2; exit 1
fi
# The installed C++ tool, from outside the tree, without a model path.
if [ -x "$WORK/prefix/bin/byline-dev" ]; then
  "$WORK/prefix/bin/byline-dev" ner article.txt < /dev/null > ner.jsonl
  grep -q '"label":"PERSON"' ner.jsonl
  echo "installed byline-dev: $(wc -c < ner.jsonl) bytes of entities"
fi
INNER
echo "cpp_consumer_test: passed"
