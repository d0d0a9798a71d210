#!/usr/bin/env bash
# Scan throughput benchmark: Mbp/s (both strands) and peak memory for v2, v5 and the built-in model on
# UCSC dm3 chr2R (../shared/data), CPU provider. Prints a Markdown table for docs/benchmarks.md.
# Usage: bench/scan.sh [MBP] [STRIDES] [ENGINES]
#   MBP      how much of chr2R to scan, in Mbp, or "all" (21.1 Mbp), or synthetic:N (N Mbp of random
#            bases in one record: the memory check)                       default: all
#   STRIDES  space-separated strides                                       default: "1 10"
#   ENGINES  space-separated --engine values (when scan has the option)    default: the scan default
set -euo pipefail
cd "$(dirname "$0")/.."
mbp=${1:-all}
strides=${2:-"1 10"}
engines=${3:-default}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench/scan.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
gs="$work/bin/genomescan"

genome="$work/chr2R.fa"
if [ "$mbp" = all ]; then
  zcat ../shared/data/dm3_chr2R.fa.gz > "$genome"
elif [[ "$mbp" == synthetic* ]]; then
  # synthetic:N — one record of N Mbp of uniform random bases in 60-bp lines (the memory check).
  genome="$work/synthetic.fa"
  /usr/bin/python3 -c "
import random, sys
rng, n, out = random.Random(1), int(float(sys.argv[1]) * 1e6), open(sys.argv[2], 'w')
out.write('>synthetic\n')
for i in range(0, n, 600_000):
    s = ''.join(rng.choices('ACGT', k=min(600_000, n - i)))
    out.write('\n'.join(s[j:j + 60] for j in range(0, len(s), 60)) + '\n')
" "${mbp#synthetic:}" "$genome"
else
  zcat ../shared/data/dm3_chr2R.fa.gz | awk -v n="$mbp" 'NR == 1 { print; next } { seen += length($0); print; if (seen >= n * 1e6) exit }' > "$genome" || true
fi
bases=$(grep -v '>' "$genome" | tr -d '\n' | wc -c)

"$gs" simulate --out "$work/data" --seed 0 2>/dev/null
for arch in v2 v5; do
  "$gs" train --arch "$arch" --train "$work/data/FOXO1_train.csv" --test "$work/data/FOXO1_test.csv" --out "$work/models" 2>/dev/null
done

echo "### Scan throughput, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), CPU provider"
echo
echo "CPU features: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | xargs)$( [ "${DOTNET_EnableAVX512:-1}" = 0 ] && echo '; AVX-512 off (DOTNET_EnableAVX512=0): the AVX2 path')"
echo
echo "Input: $( [[ "$mbp" == synthetic* ]] && echo "synthetic chromosome" || echo "dm3 chr2R"), $bases bases, both strands, 2 threads, default batch; --threshold 0.99 (the scan alone: a p-value cut-off adds building the null once per model and composition, then reads it from the cache)."
echo
echo "| model | engine | stride | seconds | Mbp/s | windows/s (both strands) | peak RSS |"
echo "|---|---|---:|---:|---:|---:|---:|"
if /usr/bin/python3 -c "import Bio" 2>/dev/null; then
  read -r pwm_bases pwm_seconds < <(/usr/bin/python3 bench/pwm_scan.py motifs/FOXO1_HUMAN.H11MO.0.A.pcm "$genome")
  awk -v t="$pwm_seconds" -v b="$pwm_bases" 'BEGIN { printf "| FOXO1 PWM (Biopython, scan time only) | — | 1 | %.1f | %.3f | %.0f | — |\n", t, b / 1e6 / t, 2 * b / t }'
fi
for model in v2 v5 builtin; do
  model_args=()
  [ "$model" = builtin ] || model_args=(--model "$work/models/$model.onnx")
  for engine in $engines; do
    engine_args=()
    [ "$engine" = default ] || engine_args=(--engine "$engine")
    for stride in $strides; do
      /usr/bin/time -f "%e %M" -o "$work/time" "$gs" scan -q --device cpu --threshold 0.99 --stride "$stride" "${model_args[@]}" "${engine_args[@]}" "$genome" > /dev/null
      read -r seconds kb < "$work/time"
      awk -v m="$model" -v e="$engine" -v s="$stride" -v t="$seconds" -v kb="$kb" -v b="$bases" \
        'BEGIN { w = 2 * (int((b - 100) / s) + 1); printf "| %s | %s | %d | %.1f | %.3f | %.0f | %.0f MB |\n", m, e, s, t, b / 1e6 / t, w / t, kb / 1024 }'
    done
  done
done
