#!/usr/bin/env bash
# Issue 15's speed goal: N random SNVs spread over dm3 chr2R (../shared/data; bgzip), scored by the built-in
# model and by the FOXO1 matrix; wall time and peak RSS of each. Prints Markdown for docs/benchmarks.md.
# Usage: bench/variants.sh [N]    N: SNVs (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench/variants.sh: needs GNU time" >&2; exit 1; }
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
gs="$work/bin/genomescan"
zcat ../shared/data/dm3_chr2R.fa.gz | bgzip -c > "$work/chr2R.fa.gz"
samtools faidx "$work/chr2R.fa.gz"
# N sorted random positions with a known base, each to another base (seeded).
/usr/bin/python3 - "$work/chr2R.fa.gz" "$n" > "$work/snvs.vcf" <<'PY'
import gzip, random, sys
seq = "".join(l.strip() for l in gzip.open(sys.argv[1], "rt") if not l.startswith(">")).upper()
rng = random.Random(15)
print("##fileformat=VCFv4.2\n##contig=<ID=chr2R,length=%d>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO" % len(seq))
positions = sorted(p for p in rng.sample(range(len(seq)), int(sys.argv[2]) * 11 // 10) if seq[p] in "ACGT")[: int(sys.argv[2])]
for p in positions:
    print(f"chr2R\t{p + 1}\t.\t{seq[p]}\t{rng.choice([b for b in 'ACGT' if b != seq[p]])}\t.\t.\t.")
PY
snvs=$(grep -vc '^#' "$work/snvs.vcf")
echo "### variants, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "CPU features: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | xargs). $snvs SNVs spread over dm3 chr2R (bgzip), TSV out, 2 threads."
echo
echo "| scorer | seconds | SNVs/s | peak RSS |"
echo "|---|---:|---:|---:|"
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$gs" variants -q --vcf "$work/snvs.vcf" --genome "$work/chr2R.fa.gz" --format tsv -o "$work/out.tsv" "$@"
  read -r seconds kb < "$work/time"
  echo "| $name | $seconds | $(awk -v n="$snvs" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') | $((kb / 1024)) MB |"
}
run "built-in model"
run "FOXO1 matrix" --motif motifs/FOXO1_HUMAN.H11MO.0.A.pcm
