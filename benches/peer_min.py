#!/usr/bin/env python3
"""Per-file best-of-N time of the Python peer (../shared/bench/peer_text.py), in-process.

The peer's reading code, called N times per file; the minimum is kept because noise on a
shared machine only ever adds time. Prints `ext total_ms files` per extension.
Usage: benches/peer_min.py N FILE..."""
import sys, time
import docx, openpyxl, pdfplumber


def read(path):
    # Same calls as peer_text.py.
    ext = path.rsplit(".", 1)[-1]
    if ext == "docx":
        d = docx.Document(path)
        t = [p.text for p in d.paragraphs]
        for tb in d.tables:
            for row in tb.rows:
                t.extend(c.text for c in row.cells)
    elif ext == "xlsx":
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        t = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row]
    elif ext == "pdf":
        with pdfplumber.open(path) as pdf:
            t = [p.extract_text() for p in pdf.pages]
    else:
        t = None
    return t


def main():
    n = int(sys.argv[1])
    totals = {}
    for path in sys.argv[2:]:
        best = float("inf")
        for _ in range(n):
            start = time.perf_counter()
            read(path)
            best = min(best, time.perf_counter() - start)
        ext = path.rsplit(".", 1)[-1]
        total, count = totals.get(ext, (0.0, 0))
        totals[ext] = (total + best * 1000, count + 1)
    for ext, (total, count) in sorted(totals.items()):
        print(ext, f"{total:.3f}", count)


if __name__ == "__main__":
    main()
