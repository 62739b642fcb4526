#!/usr/bin/env bash
# Runs the fuzz properties of tests/fuzz.rs (front matter, Markdown with the site's
# extensions, each content kind's YAML, site.yaml, Hunspell dictionaries, search text,
# whole builds) for a while, in rounds with
# fresh random seeds, and prints how many cases ran. Usage: benches/fuzz.sh [SECONDS] (600).
# Needs nothing outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
cases_per_round="${FUZZ_CASES_PER_ROUND:-20000}"
cargo test --release --test fuzz --no-run --quiet
start=$(date +%s)
rounds=0
while [ $(( $(date +%s) - start )) -lt "$seconds" ]; do
  if ! PROPTEST_CASES="$cases_per_round" cargo test --release --quiet --test fuzz >/tmp/metodika-fuzz.log 2>&1; then
    cat /tmp/metodika-fuzz.log
    echo "fuzz: FAILED in round $((rounds + 1)) (the case is printed above)"
    exit 1
  fi
  rounds=$((rounds + 1))
done
elapsed=$(( $(date +%s) - start ))
# Nine properties run every case (front matter, Markdown, glossary, quiz, the structured
# kinds, site.yaml, any text, Hunspell dictionaries, search text); whole builds run one case
# in eight.
echo "fuzz: ${rounds} rounds in ${elapsed} s, $((rounds * cases_per_round * 9)) parser cases and $((rounds * (cases_per_round + 7) / 8)) whole builds, no panic"
