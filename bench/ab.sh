#!/usr/bin/env bash
# End-to-end A/B benchmark: two revisions of genomescan, each published as README says (ReadyToRun), run in
# turn on dm3 chr2R (../shared/data) with the built-in model, as the CPU is and with AVX-512 off; Biopython's
# FOXO1 scan before and after as the yardstick. Alternating the binaries in one run is what tells a change
# from this machine's ±15% drift. Prints a Markdown table for docs/benchmarks.md.
# Usage: bench/ab.sh REV_A REV_B [ROUNDS] [SCAN OPTION ...]
#   ROUNDS: passes over both binaries and both vector paths (default 2)
#   SCAN OPTIONS: replace the default --threshold 0.99 (the scan alone, no null distribution)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,8p "$0" >&2; exit 2; }
revs=("$1" "$2"); rounds=${3:-2}; shift $(($# < 3 ? $# : 3))
options=("$@"); [ ${#options[@]} -gt 0 ] || options=(--threshold 0.99)
command -v /usr/bin/time >/dev/null || { echo "bench/ab.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
  for i in 0 1; do git worktree remove --force "$work/tree-$i" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for i in 0 1; do
  git worktree add -q --detach "$work/tree-$i" "${revs[$i]}"
  dotnet publish "$work/tree-$i/src/Cli" -c Release --use-current-runtime -o "$work/bin-$i" --nologo -v q > "$work/publish-$i.log" 2>&1 || {
    echo "bench/ab.sh: publishing ${revs[$i]} failed:" >&2; grep -m3 -E 'error|No space' "$work/publish-$i.log" >&2; exit 1; }
done
genome="$work/chr2R.fa"
zcat ../shared/data/dm3_chr2R.fa.gz > "$genome"
bases=$(grep -v '>' "$genome" | tr -d '\n' | wc -c)
biopython() { /usr/bin/python3 bench/pwm_scan.py motifs/FOXO1_HUMAN.H11MO.0.A.pcm "$genome" | awk '{ print $2 }'; }

echo "### A/B, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "CPU features: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | xargs). A = ${revs[0]} ($(git rev-parse --short "${revs[0]}")), B = ${revs[1]} ($(git rev-parse --short "${revs[1]}")); dm3 chr2R, $bases bases, both strands, every position, the built-in model, \`scan ${options[*]}\`, $(nproc) threads; wall seconds with start-up."
echo
before=$(biopython)
echo "| round | vectors | binary | wall s | user s | peak RSS | Mbp/s | vs Biopython FOXO1 |"
echo "|---:|---|---|---:|---:|---:|---:|---:|"
for ((round = 1; round <= rounds; round++)); do
  for avx in 0 1; do
    for i in 0 1; do
      /usr/bin/time -f "%e %U %M" -o "$work/time" env DOTNET_EnableAVX512=$avx \
        "$work/bin-$i/genomescan" scan -q --device cpu "${options[@]}" "$genome" > "$work/out-$i-$avx.bed"
      read -r wall user kb < "$work/time"
      awk -v r="$round" -v v="$([ $avx = 0 ] && echo 'AVX2 only' || echo 'as the CPU is')" -v n="$([ $i = 0 ] && echo A || echo B)" \
        -v w="$wall" -v u="$user" -v kb="$kb" -v b="$bases" -v p="$before" \
        'BEGIN { printf "| %d | %s | %s | %.2f | %.1f | %.0f MB | %.2f | %.2f× |\n", r, v, n, w, u, kb / 1024, b / 1e6 / w, p / w }'
    done
  done
done
after=$(biopython)
echo
echo "Biopython FOXO1 (scan time only): $before s before, $after s after; the ratios use the first."
for avx in 0 1; do
  cmp -s "$work/out-0-$avx.bed" "$work/out-1-$avx.bed" && same="the same bytes" || same="**different output**"
  echo "Output of A and B ($([ $avx = 0 ] && echo 'AVX2 only' || echo 'as the CPU is')): $same."
done
