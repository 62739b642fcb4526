#!/usr/bin/env bash
# Benchmark: full build of the generated Latvian corpus, Metodika against Hugo on the same machine.
#
#   benches/build.sh [PAGES]        (default 10000)
#
# Needs ../shared/bench/gen_corpus.py (the team's corpus generator); installs Hugo from Debian's
# packages when it is missing. Prints the median wall time, CPU time and peak memory of five
# interleaved runs of each tool. BASELINE_BIN=path/to/an/older/metodika adds that binary to
# the rounds, to compare a change with what came before it.
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

# One run of a tool: appends "wall-seconds cpu-seconds peak-kB" to its results file.
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
  read -r wall user sys kb < "$work/time.txt"
  echo "$wall $(awk "BEGIN{print $user + $sys}") $kb" >> "$work/$name.runs"
}
# median_of NAME: the median wall and CPU time and the median peak memory (MiB) of its runs.
median_of() {
  local f=$work/$1.runs n
  n=$(wc -l < "$f")
  local mid=$(( (n + 1) / 2 ))
  echo "$(cut -d' ' -f1 "$f" | sort -g | sed -n "${mid}p") $(cut -d' ' -f2 "$f" | sort -g | sed -n "${mid}p") $(( $(cut -d' ' -f3 "$f" | sort -g | sed -n "${mid}p") / 1024 ))"
}

tools=(metodika hugo)
[ -n "${BASELINE_BIN:-}" ] && tools+=(baseline)
for t in "${tools[@]}"; do rm -f "$work/$t.runs"; done
# Five rounds, the tools in turn within each, so that the machine's drift hits all alike.
for _ in 1 2 3 4 5; do
  run metodika "$bin" build --root "$work/neutral-$pages" --output "$work/neutral-$pages/public"
  run hugo hugo --quiet --source "$work/hugo-$pages" --destination "$work/hugo-$pages/public"
  if [ -n "${BASELINE_BIN:-}" ]; then
    run baseline "$BASELINE_BIN" build --root "$work/neutral-$pages" --output "$work/neutral-$pages/public"
  fi
done
read -r m_secs m_cpu m_mb < <(median_of metodika)
read -r h_secs h_cpu h_mb < <(median_of hugo)

page=$(find "$work/neutral-$pages/public" -name '*-0001.html' -print -quit)
largest=$(find "$work/neutral-$pages/public" -name '*.html' -path '*/*/*' -printf '%s\n' | sort -n | tail -n 1)
echo "corpus: $pages pages ($(nproc) cores)"
echo "median of 5 interleaved runs: wall time, CPU time (user + system), peak memory"
printf "metodika: %6.2f s  CPU %6.2f s  peak %5d MiB\n" "$m_secs" "$m_cpu" "$m_mb"
printf "hugo:     %6.2f s  CPU %6.2f s  peak %5d MiB\n" "$h_secs" "$h_cpu" "$h_mb"
if [ -n "${BASELINE_BIN:-}" ]; then
  read -r b_secs b_cpu b_mb < <(median_of baseline)
  printf "baseline: %6.2f s  CPU %6.2f s  peak %5d MiB  (%s)\n" "$b_secs" "$b_cpu" "$b_mb" "$BASELINE_BIN"
fi
awk "BEGIN{printf \"ratio metodika/hugo: %.2f\n\", $m_secs / $h_secs}"
echo "ordinary page size: $(stat -c %s "$page") bytes; largest page: $largest bytes"
