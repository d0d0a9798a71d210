#!/usr/bin/env bash
# Memory in the number of calls: every window of the first MBP Mbp of dm3 chr2R (../shared/data) called
# (--threshold 0 --no-merge: two records per window, ~8 million for 4 Mbp) in each format; peak RSS and
# seconds. Prints a Markdown table for docs/benchmarks.md.
# Usage: bench/calls.sh [MBP]      default: 4
set -euo pipefail
cd "$(dirname "$0")/.."
mbp=${1:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench/calls.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
gs="$work/bin/genomescan"
zcat ../shared/data/dm3_chr2R.fa.gz | awk -v n="$mbp" 'NR == 1 { print; next } { seen += length($0); print; if (seen >= n * 1e6) exit }' > "$work/g.fa" || true

echo "### Calls and memory, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "Input: the first $mbp Mbp of dm3 chr2R; the built-in model, both strands, --threshold 0 --no-merge, -o FILE."
echo
echo "| format | records | seconds | peak RSS |"
echo "|---|---:|---:|---:|"
for format in bed narrowpeak bedgraph; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$gs" scan -q "$work/g.fa" --threshold 0 --no-merge --format "$format" -o "$work/out"
  read -r seconds rss < "$work/time"
  printf "| %s | %s | %.1f | %d MB |\n" "$format" "$(wc -l < "$work/out")" "$seconds" $((rss / 1024))
done
