#!/usr/bin/env bash
# Training benchmark: 10-epoch validation accuracy of v1–v5 over several seeds (data simulated with the
# same seed), mean and spread beside the seed exercise's numbers, and the wall time of `train --arch all`.
# Also the tuned recipe on v6 and v7 (ours; v7 is the built-in model's architecture). Prints a Markdown section for docs/benchmarks.md.
# Usage: bench/train.sh [SEEDS...]   (default: 0 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(0 1 2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
gs="$work/bin/genomescan"

for s in "${seeds[@]}"; do
  "$gs" simulate --out "$work/data$s" --seed "$s" 2>/dev/null
  start=$(date +%s.%N)
  "$gs" train --arch all --seed "$s" --train "$work/data$s/FOXO1_train.csv" --test "$work/data$s/FOXO1_test.csv" --out "$work/all$s" 2>/dev/null
  end=$(date +%s.%N)
  echo "$s $(echo "$end - $start" | bc)" >> "$work/walltimes"
  tail -n +2 "$work/all$s/comparison.csv" | awk -F, -v s="$s" '{print $1, s, $4}' >> "$work/acc"
  for arch in v6 v7; do
    "$gs" train --arch $arch --recipe tuned --seed "$s" --train "$work/data$s/FOXO1_train.csv" --test "$work/data$s/FOXO1_test.csv" --out "$work/${arch}_$s" 2>/dev/null
    python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(sys.argv[3] + '-tuned', sys.argv[2], m['metrics']['accuracy'], m['best_epoch'], m['epochs'])" "$work/${arch}_$s/$arch.json" "$s" "$arch" >> "$work/$arch" 2>/dev/null \
      || awk -v s="$s" -v a="$arch" -F: '/"accuracy"/ {gsub(/[ ,]/, "", $2); print a "-tuned", s, $2}' "$work/${arch}_$s/$arch.json" >> "$work/$arch"
  done
done

echo "### Training: 10-epoch validation accuracy (seeds ${seeds[*]}), $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| arch | mean | sd | min | max | the seed's | mean − seed's |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk 'BEGIN { seed["v1"]=0.789; seed["v2"]=0.833; seed["v3"]=0.874; seed["v4"]=0.911; seed["v5"]=0.927 }
     { n[$1]++; s[$1]+=$3; ss[$1]+=$3*$3; if (!($1 in mn) || $3<mn[$1]) mn[$1]=$3; if (!($1 in mx) || $3>mx[$1]) mx[$1]=$3 }
     END { for (a in n) { m=s[a]/n[a]; sd=(n[a]>1)?sqrt((ss[a]-n[a]*m*m)/(n[a]-1)):0;
             printf "| %s | %.4f | %.4f | %.4f | %.4f | %.3f | %+.4f |\n", a, m, sd, mn[a], mx[a], seed[a], m-seed[a] } }' "$work/acc" | sort
echo
echo "Wall time of \`train --arch all\` (five models × 10 epochs, 10,000 + 10,000 sequences):"
awk '{ printf "seed %s: %.1f s; ", $1, $2; t+=$2; n++ } END { printf "mean %.1f s\n", t/n }' "$work/walltimes"
echo
for arch in v6 v7; do
  echo
  echo "$arch, \`--recipe tuned\` (up to 80 epochs, early stopping on 10% of the training file, cosine decay), test accuracy per seed:"
  awk '{ printf "seed %s: %s (best epoch %s of %s); ", $2, $3, $4, $5; t+=$3; n++ } END { printf "mean %.4f\n", t/n }' "$work/$arch"
done
