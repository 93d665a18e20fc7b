#!/usr/bin/env python3
"""Side-by-side ratio against the Python peer, in interleaved rounds.

On a shared machine the speed of both sides drifts by a factor of two within minutes, so
each round times baocao (best of N per file, in-process, `examples/best_of`) and right after
it the peer (best of N per file, in-process, same calls as ../shared/bench/peer_text.py) on
the same files, and the ratio is taken within the round. Prints each round and the median.
Usage: benches/compare_peer_rounds.py ROUNDS N EXT   (after `cargo build --release --example best_of`)"""
import glob, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(__file__))
from peer_min import read  # noqa: E402

rounds, n, ext = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
root = os.path.join(os.path.dirname(__file__), "..")
files = sorted(glob.glob(os.path.join(root, "../shared/samples/*." + ext)))
ours_bin = os.path.join(root, "target/release/examples/best_of")
ratios, ours_all, theirs_all = [], [], []
for r in range(rounds):
    out = subprocess.run([ours_bin, str(n), *files], capture_output=True, text=True, check=True).stdout
    ours = float(out.split()[1]) / len(files)
    theirs = 0.0
    for path in files:
        best = float("inf")
        for _ in range(n):
            start = time.perf_counter()
            read(path)
            best = min(best, time.perf_counter() - start)
        theirs += best * 1000
    theirs /= len(files)
    ratios.append(theirs / ours)
    ours_all.append(ours)
    theirs_all.append(theirs)
    print(f"round {r + 1}: baocao {ours:.3f} ms/file  peer {theirs:.2f} ms/file  ratio {theirs / ours:.1f}x")
# Each side's fastest round is its least disturbed one: their ratio is the steadiest figure.
best = min(theirs_all) / min(ours_all)
print(f"{ext}: fastest rounds {min(ours_all):.3f} vs {min(theirs_all):.2f} ms/file = {best:.1f}x")
print(f"{ext}: median ratio {statistics.median(ratios):.1f}x, lowest {min(ratios):.1f}x, highest {max(ratios):.1f}x over {rounds} rounds")
