#!/usr/bin/env bash
# Real-data benchmark (issue 12): train's default recipe on each shared ENCODE set (../shared/data/encode:
# *_AC trains, *_B is only reported), then evaluate on B beside the best HOCOMOCO v11 human and JASPAR 2024
# matrices for that factor, and scan dm3 chr2R with the trained model against the built-in one.
# Prints a Markdown table for docs/real-data.md. Usage: bench/real-data.sh [FACTORS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
factors=${1:-"CTCFL ELK1 GABPA REST SP1"}
seed=${2:-0}
encode=../shared/data/encode
collections=../shared/motifs/collections
work=${GENOMESCAN_BENCH_DIR:-$(mktemp -d)}
command -v /usr/bin/time >/dev/null || { echo "bench/real-data.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
gs="$work/bin/genomescan"
echo "$(date -u +%F) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "features: $(grep -o -w 'fma\|avx2\|avx512f\|avx512bw\|avx512vl' /proc/cpuinfo | sort -u | xargs)"
echo
echo "| factor | AUROC | AUPRC | best HOCOMOCO (AUROC / AUPRC) | best JASPAR (AUROC / AUPRC) | training | peak RSS | chosen: filters × width, dropout, rate | chr2R scan vs built-in |"
echo "|---|---:|---:|---|---|---:|---:|---|---:|"
zcat ../shared/data/dm3_chr2R.fa.gz > "$work/chr2R.fa"
builtin=$("$gs" scan "$work/chr2R.fa" --device cpu -o "$work/builtin.bed" 2>&1 | grep -o '[0-9.]* Mbp/s' | cut -d' ' -f1)
for f in $factors; do
  ac=$(ls $encode/${f}_*_AC.seq.gz); b=$(ls $encode/${f}_*_B.seq.gz)
  /usr/bin/time -f "%e %M" -o "$work/$f.time" "$gs" train --train "$ac" --test "$b" --out "$work/$f" --seed "$seed" 2> "$work/$f.log"
  read -r seconds rss < "$work/$f.time"
  "$gs" evaluate --model "$work/$f/model.onnx" --data "$b" --motif $collections/HOCOMOCO_2017-10-17_Human.tf --motif-name "$f" --json > "$work/$f.hoco.json"
  "$gs" evaluate --model "$work/$f/model.onnx" --data "$b" --motif $collections/JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt --motif-name "$f" --json > "$work/$f.jaspar.json"
  speed=$("$gs" scan "$work/chr2R.fa" --model "$work/$f/model.onnx" --device cpu -o "$work/$f.bed" 2>&1 | grep -o '[0-9.]* Mbp/s' | cut -d' ' -f1)
  python3 - "$f" "$work" "$seconds" "$rss" "$speed" "$builtin" <<'PY'
import json, sys
f, work, seconds, rss, speed, builtin = sys.argv[1:]
h = json.load(open(f"{work}/{f}.hoco.json")); j = json.load(open(f"{work}/{f}.jaspar.json"))
meta = json.load(open(f"{work}/{f}/model.json")); best = meta["search"][0]
def m(r): b = r["matrices"]["best"]; return f'{b["motif"]} {b["auroc"]:.3f} / {b["auprc"]:.3f}'
print(f'| {f} | **{h["auroc"]:.4f}** | {h["auprc"]:.4f} | {m(h)} | {m(j)} | {float(seconds):.0f} s | {int(rss)/1024:.0f} MB | '
      f'{best["filters"]} × {best["width"]}, {best["dropout"]}, {best["learning_rate"]} | {speed} vs {builtin} Mbp/s |')
PY
done
