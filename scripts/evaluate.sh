#!/bin/sh
# Measures star-check's STAR judgement on a labelled corpus (JSON lines, the shape of the shared
# development corpus: id, source, question, kind, text, sentences [{text, label}], parts_present,
# quality), cross-validated by source: every answer is scored by weights fitted without any answer
# from its source. Prints, for the corpus's behavioral answers and for the fixtures (5 folds):
# sentence accuracy, part accuracy, false alarms on complete answers, ablation recall (each part's
# sentences removed from a complete answer, reported missing), quality order, and Result sentences
# read as Action. Nothing is written.
#
#   scripts/evaluate.sh CORPUS [more corpora...]
#   STAR_MODEL_CONFUSION=1 scripts/evaluate.sh CORPUS   # also per answer (labels, score, quality), per part and a confusion table
set -eu
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  echo "usage: scripts/evaluate.sh CORPUS.jsonl [CORPUS.jsonl...]" >&2
  exit 2
fi
args=""
for corpus in "$@"; do
  args="$args --corpus $corpus"
done
cargo build --release --quiet --example star_model
# shellcheck disable=SC2086
exec "${CARGO_TARGET_DIR:-target}/release/examples/star_model" evaluate $args
