#!/usr/bin/env bash
# Side-by-side per-file time of `baocao extract --json` (full field extraction) and the Python
# peer that only reads text, on the same sample files in the same run. Start-up time is removed
# by timing a run over the samples once and over the samples repeated REPEAT times.
# Usage: benches/compare_peer.sh [REPEAT]   (needs: pip install python-docx openpyxl pdfplumber)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-40}
samples=../shared/samples
peer=../shared/bench/peer_text.py
bin=target/release/baocao
[ -x "$bin" ] || cargo build --release --quiet
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc -l; }
for ext in docx xlsx pdf; do
    files=("$samples"/*."$ext")
    many=()
    for _ in $(seq "$repeat"); do many+=("${files[@]}"); done
    extra=$(( ${#many[@]} - ${#files[@]} ))
    ours=$(echo "($(seconds "$bin" extract --json "${many[@]}") - $(seconds "$bin" extract --json "${files[@]}")) / $extra * 1000" | bc -l)
    theirs=$(echo "($(seconds python3 "$peer" "${many[@]}") - $(seconds python3 "$peer" "${files[@]}")) / $extra * 1000" | bc -l)
    printf '%-5s baocao %7.3f ms/file   python peer %7.2f ms/file   ratio %6.0fx\n' "$ext" "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)"
done
