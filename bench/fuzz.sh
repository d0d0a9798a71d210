#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader (tests/Support/ReaderTargets.cs) with SharpFuzz + AFL++ (issue 14):
# GenomeScan.Formats.dll instrumented, AFL++ in persistent mode, each reader from its valid sample, for a
# number of executions or seconds each. Crashing inputs (any exception but InputException) are copied to
# bench/fuzz-findings/READER/. Prints a Markdown table for docs/reliability.md. Not part of the tests.
# Usage: bench/fuzz.sh [-e EXECS | -t SECONDS] [-j JOBS] [-p PARALLEL] [READER ...]
#   EXECS: executions per reader, all its instances together (default 10000000); JOBS: readers fuzzed at
#   once (default 1); PARALLEL: AFL++ instances per reader sharing one corpus (-M and -S; default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
execs=10000000 seconds="" jobs=1 parallel=1
while getopts "e:t:j:p:" opt; do
  case $opt in
    e) execs=$OPTARG ;;
    t) seconds=$OPTARG ;;
    j) jobs=$OPTARG ;;
    p) parallel=$OPTARG ;;
    *) sed -n 2,8p "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

# AFL++ (Debian's afl++) and SharpFuzz's instrumenter (a .NET tool, served on NuGet), installed when missing.
if ! command -v afl-fuzz >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish bench/Fuzz -c Release -o "$work/bin" --nologo -v q >/dev/null
sharpfuzz "$work/bin/GenomeScan.Formats.dll" >/dev/null
harness="$work/bin/GenomeScan.Fuzz.dll"
if [ $# -gt 0 ]; then readers=("$@"); else
  mapfile -t readers < <(dotnet "$harness" 2>&1 | sed -n 's/.*(readers: \(.*\))/\1/p' | tr ' ' '\n'); fi

# Each instance runs its share of the executions; with -p, instance 0 is AFL++'s main (-M), the rest
# secondaries (-S) that trade inputs with it through the shared output folder.
limit=(-E "$(( (execs + parallel - 1) / parallel ))"); [ -n "$seconds" ] && limit=(-V "$seconds")
instance() {
  local reader=$1 i=$2 role=(-M main)
  [ "$i" -gt 0 ] && role=(-S "s$i")
  # The target is `dotnet`, not an instrumented binary (AFL_SKIP_BIN_CHECK); SharpFuzz reports coverage itself.
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    afl-fuzz -i "$work/in-$reader" -o "$work/out-$reader" "${role[@]}" "${limit[@]}" -t 10000 -m none \
    -- dotnet "$harness" "$reader" > "$work/log-$reader-$i" 2>&1 || {
      echo "bench/fuzz.sh: afl-fuzz failed for $reader:" >&2; tail -5 "$work/log-$reader-$i" >&2
      # The input the target was running when it died (it took the fork server with it): kept to reproduce.
      local current="$work/out-$reader/${role[1]}/.cur_input"
      if [ -f "$current" ]; then
        mkdir -p "bench/fuzz-findings/$reader"
        cp "$current" "bench/fuzz-findings/$reader/abort-$(date +%s)"
      fi
    }
}
fuzz() {
  local reader=$1 i
  dotnet "$harness" --seed "$reader" "$work/in-$reader"
  for ((i = 0; i < parallel; i++)); do instance "$reader" "$i" & done
  wait
}
running=0
for reader in "${readers[@]}"; do
  fuzz "$reader" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

echo "### Fuzzing, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "AFL++ $(afl-fuzz -h 2>&1 | grep -o 'afl-fuzz++[0-9.a-z]*' | head -1 | sed 's/afl-fuzz++//'), SharpFuzz 2.3.0, persistent mode, $jobs reader(s) at a time, $parallel instance(s) per reader (executions and findings summed; per second, corpus and edges of the main instance); CPU features: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | xargs)."
echo
echo "| reader | executions | per second | run time | corpus | edges covered | crashes | hangs |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for reader in "${readers[@]}"; do
  out="$work/out-$reader"
  if [ ! -f "$out/main/fuzzer_stats" ]; then echo "| $reader | (no run) | | | | | | |"; continue; fi
  get() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1/fuzzer_stats"; }
  sum() { local d total=0; for d in "$out"/*/; do [ -f "$d/fuzzer_stats" ] && total=$((total + $(get "$d" "$1"))); done; echo "$total"; }
  start=$(get "$out/main" start_time) last=$(get "$out/main" last_update)
  echo "| $reader | $(sum execs_done) | $(get "$out/main" execs_per_sec) | $((last - start)) s | $(get "$out/main" corpus_count) | $(get "$out/main" bitmap_cvg) | $(sum saved_crashes) | $(sum saved_hangs) |"
  if [ "$(sum saved_crashes)" != "0" ]; then
    mkdir -p "bench/fuzz-findings/$reader"
    for d in "$out"/*/; do
      for f in "$d"crashes/id*; do [ -f "$f" ] && cp "$f" "bench/fuzz-findings/$reader/$(basename "$d")-$(basename "$f")"; done
    done
  fi
done
