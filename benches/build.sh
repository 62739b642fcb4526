#!/usr/bin/env bash
# Benchmark: full build of the generated Latvian corpus, Metodika against Hugo on the same machine.
#
#   benches/build.sh [PAGES]        (default 10000)
#
# Needs ../shared/bench/gen_corpus.py (the team's corpus generator); installs Hugo from Debian's
# packages when it is missing. Prints wall time (best of 3) and peak memory of each tool.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
gen=../shared/bench/gen_corpus.py
if [ ! -f "$gen" ]; then
  echo "benches/build.sh: $gen is missing; this benchmark needs the shared corpus generator beside the project." >&2
  exit 2
fi
if ! command -v hugo >/dev/null 2>&1; then
  echo "Installing Hugo to compare against..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
work=${BENCH_DIR:-/tmp/metodika-bench}
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/metodika

python3 "$gen" --pages "$pages" --flavor neutral --out "$work/neutral-$pages" >/dev/null
python3 "$gen" --pages "$pages" --flavor hugo --out "$work/hugo-$pages" >/dev/null

# best_of CMD...: runs 3 times, prints the best wall time in seconds and the peak RSS in MB.
best_of() {
  local best="" peak=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
    read -r secs kb < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$best $((peak / 1024))"
}

read -r m_secs m_mb < <(best_of "$bin" build --root "$work/neutral-$pages" --output "$work/neutral-$pages/public")
read -r h_secs h_mb < <(best_of hugo --quiet --source "$work/hugo-$pages" --destination "$work/hugo-$pages/public")

page=$(find "$work/neutral-$pages/public" -name '*-0001.html' -print -quit)
largest=$(find "$work/neutral-$pages/public" -name '*.html' -path '*/*/*' -printf '%s\n' | sort -n | tail -n 1)
echo "corpus: $pages pages ($(nproc) cores)"
printf "metodika: %6.2f s  peak %5d MB\n" "$m_secs" "$m_mb"
printf "hugo:     %6.2f s  peak %5d MB\n" "$h_secs" "$h_mb"
awk "BEGIN{printf \"ratio metodika/hugo: %.2f\n\", $m_secs / $h_secs}"
echo "ordinary page size: $(stat -c %s "$page") bytes; largest page: $largest bytes"
