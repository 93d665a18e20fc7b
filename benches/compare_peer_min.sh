#!/usr/bin/env bash
# Side-by-side speed against the Python peer, robust to a noisy machine: each file is read N
# times in-process on both sides and its best time kept (noise only ever adds time), then the
# per-format sums are compared. Usage: benches/compare_peer_min.sh [N]
# (needs: pip install python-docx openpyxl pdfplumber)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
samples=(../shared/samples/*.docx ../shared/samples/*.xlsx ../shared/samples/*.pdf)
cargo build --release --quiet --example best_of
ours=$(target/release/examples/best_of "$n" "${samples[@]}")
theirs=$(python3 benches/peer_min.py "$n" "${samples[@]}")
join <(echo "$ours" | sort) <(echo "$theirs" | sort) | while read -r ext o count t _; do
    printf '%-5s baocao %7.3f ms/file   python peer %7.2f ms/file   ratio %5.1fx  (best of %s, %s files)\n' \
        "$ext" "$(echo "$o / $count" | bc -l)" "$(echo "$t / $count" | bc -l)" "$(echo "$t / $o" | bc -l)" "$n" "$count"
done
