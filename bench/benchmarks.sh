#!/usr/bin/env bash
# BenchmarkDotNet micro-benchmarks (bench/Benchmarks): the kernels, the FASTA reader and the slicer, each
# as the CPU is and with AVX-512 off. Prints the machine and BenchmarkDotNet's tables (Markdown, for
# docs/benchmarks.md); full reports land in BenchmarkDotNet.Artifacts/ (ignored by git).
# Usage: bench/benchmarks.sh [FILTER]     default: '*'
set -euo pipefail
cd "$(dirname "$0")/.."
echo "### Micro-benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "CPU features: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | xargs)"
dotnet run -c Release --project bench/Benchmarks -- --filter "${1:-*}" --exporters github --artifacts BenchmarkDotNet.Artifacts >/dev/null
cat BenchmarkDotNet.Artifacts/results/*-report-github.md
