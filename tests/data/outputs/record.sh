#!/usr/bin/env bash
# Records tests/data/outputs/ (the bytes tests/cli_outputs.sh compares with) from a build:
#   tests/data/outputs/record.sh build/parley
# Re-record only for a deliberate change of results or formats, and say why in the commit.
set -eu
parley="${1:?usage: record.sh PATH-TO-PARLEY}"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$parley" run "$here/../run/small.cfg" --trials 300 --seed 2024 --threads 2 --per-trial --quiet \
  --set protocol.noise=0.3 --set protocol.breakdown=0.1 --out "$tmp/run"
for f in summary.json rounds.tsv outcomes.tsv agreement_point.tsv per_trial.tsv; do
  cp "$tmp/run/$f" "$here/$f"
done
