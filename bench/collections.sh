#!/usr/bin/env bash
# Issue 13's goals on dm3 chr2R (../shared/data), both strands, every position, p < 1e-4: one motif (FOXO1)
# and whole collections (771 HOCOMOCO v11 human, 879 JASPAR 2024 vertebrates) against Biopython's C PSSM
# scan (FOXO1, and a sample of the collection extrapolated), as the CPU is and with AVX-512 off; FOXO1 also
# from gzip and bgzip. Prints Markdown for docs/benchmarks.md.
# Usage: bench/collections.sh [SAMPLE]    SAMPLE: HOCOMOCO motifs Biopython scans (default 8)
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${1:-8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench/collections.sh: needs GNU time" >&2; exit 1; }
/usr/bin/python3 -c "import Bio" 2>/dev/null || { echo "bench/collections.sh: needs python3-biopython" >&2; exit 1; }
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
gs="$work/bin/genomescan"
genome="$work/chr2R.fa"
zcat ../shared/data/dm3_chr2R.fa.gz > "$genome"
gzip -c "$genome" > "$genome.gz"
bgzip -c "$genome" > "$work/chr2R.bgz.fa.gz"
bases=$(grep -v '>' "$genome" | tr -d '\n' | wc -c)
hocomoco=motifs/collections/HOCOMOCO_2017-10-17_Human.tf
jaspar=motifs/collections/JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt

echo "### PWM scans, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "CPU features: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | xargs). dm3 chr2R, $bases bases, both strands, every position, p < 1e-4, 2 threads."
echo
read -r _ bio_seconds < <(/usr/bin/python3 bench/pwm_scan.py motifs/FOXO1_HUMAN.H11MO.0.A.pcm "$genome")
read -r bio_all bio_sample bio_sample_seconds < <(/usr/bin/python3 bench/pwm_collection.py "$hocomoco" "$genome" "$sample")
bio_collection=$(awk -v s="$bio_sample_seconds" -v n="$bio_sample" -v a="$bio_all" 'BEGIN { printf "%.0f", s / n * a }')
echo "Biopython (C PSSM scan, scan time only): FOXO1 $bio_seconds s ($(awk -v b="$bases" -v t="$bio_seconds" 'BEGIN { printf "%.1f", b / 1e6 / t }') Mbp/s); $bio_sample HOCOMOCO motifs $bio_sample_seconds s, so all $bio_all ≈ $bio_collection s."
echo
echo "| scan | vectors | scan seconds (median of 5) | Mbp/s | vs Biopython FOXO1 | wall seconds | peak RSS | regions |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
# The scan's own time: bases / its Mbp/s (the summary line's last figure).
scan_seconds() { grep -o '[0-9.]* Mbp/s)$' "$1" | tail -1 | awk -v b="$bases" '{ printf "%.3f", b / 1e6 / $1 }'; }
for avx in as-is off; do
  env_args=()
  [ "$avx" = off ] && env_args=(DOTNET_EnableAVX512=0)
  vectors=$([ "$avx" = off ] && echo "AVX2 (AVX-512 off)" || echo "as the CPU is")
  for input in plain gzip bgzip; do
    file=$genome
    [ "$input" = gzip ] && file=$genome.gz
    [ "$input" = bgzip ] && file=$work/chr2R.bgz.fa.gz
    for i in 1 2 3 4 5; do
      env "${env_args[@]}" /usr/bin/time -f "%e %M" -o "$work/time.$i" "$gs" scan --motif motifs/FOXO1_HUMAN.H11MO.0.A.pcm "$file" -o "$work/foxo.bed" 2> "$work/log.$i"
      echo "$(scan_seconds "$work/log.$i") $(cat "$work/time.$i")"
    done | sort -n | sed -n 3p > "$work/median"
    read -r seconds wall kb < "$work/median"
    awk -v i="$input" -v v="$vectors" -v t="$seconds" -v w="$wall" -v kb="$kb" -v b="$bases" -v bio="$bio_seconds" -v r="$(wc -l < "$work/foxo.bed")" \
      'BEGIN { printf "| FOXO1, %s FASTA | %s | %.3f | %.0f | %.1f× | %.2f | %.0f MB | %d |\n", i, v, t, b / 1e6 / t, bio / t, w, kb / 1024, r }'
  done
  for collection in "$hocomoco" "$jaspar"; do
    env "${env_args[@]}" /usr/bin/time -f "%e %M" -o "$work/time" "$gs" scan --motif "$collection" "$genome" -o "$work/all.bed" 2> "$work/log"
    read -r wall kb < "$work/time"
    motifs=$(grep -o 'scan: [0-9,]* motifs scanned' "$work/log" | grep -o '[0-9,]*' | tr -d ,)
    awk -v c="$(basename "$collection" | cut -d_ -f1)" -v m="$motifs" -v v="$vectors" -v w="$wall" -v kb="$kb" -v bio="$bio_seconds" -v bc="$bio_collection" -v r="$(wc -l < "$work/all.bed")" -v b="$bases" \
      'BEGIN { printf "| all %d %s motifs | %s | — | %.0f (single scans) | %.1f× its time (Biopython all: %.0f×) | %.1f | %.0f MB | %d |\n", m, c, v, m * b / 1e6 / w, w / bio, bc / w, w, kb / 1024, r }'
  done
done
