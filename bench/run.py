#!/usr/bin/env python
"""ioggraph's build against plain spaCy (the same as `ioggraph bench`). See bench/README.md.

usage: python bench/run.py [--corpus DIR ...] [--sizes 1,4,16] [--n-process 1,2]
                           [--rebuild-docs 100] [--repeat 1] [--model NAME] [--out PATH] [--quick]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ioggraph.bench import DEFAULT_OUT, bench_options, format_bench, run_bench  # noqa: E402
from ioggraph.errors import IoggraphError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", type=Path, default=[],
                    help="extra article folder (repeatable); default: ../shared/eval/dev/articles when present")
    ap.add_argument("--sizes", default="1,4,16", help="corpus sizes as multiples of the base corpus")
    ap.add_argument("--n-process", default="1,2", help="n_process values compared at the largest size")
    ap.add_argument("--rebuild-docs", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=1, help="measure each cell N times, keep the fastest")
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--quick", action="store_true", help="sizes 1,4 and a 40-file rebuild (about a minute)")
    args = ap.parse_args(argv)
    try:
        opts = bench_options(corpora=args.corpus, sizes=args.sizes, n_process=args.n_process,
                             rebuild_docs=args.rebuild_docs, repeat=args.repeat, quick=args.quick)
        result = run_bench(model=args.model, out_json=args.out,
                           progress=lambda msg: print(f"... {msg}", file=sys.stderr, flush=True), **opts)
    except IoggraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(format_bench(result))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
