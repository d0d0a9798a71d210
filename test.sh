#!/usr/bin/env bash
# Runs every genomescan test. Installs what the tests need first (Debian packages, only when missing),
# so it works on a fresh machine that has only the .NET SDK. CI (.ci/run) calls this same script.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the integration tests call for real.
packages=(samtools bedtools tabix bcftools gzip snakemake chromium libdeflate0)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test GenomeScan.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The kernels again on their 256-bit path (what CPUs without AVX-512 run), when this CPU has AVX-512.
if [ "$status" -eq 0 ] && grep -qw avx512f /proc/cpuinfo; then
  echo "test.sh: the kernel tests again with DOTNET_EnableAVX512=0" >&2
  DOTNET_EnableAVX512=0 dotnet test tests/Scanner.Tests -c Release --nologo --no-build --filter "Category=Kernels" "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
fi
set -e

# One plain closing line summed over the test projects.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
