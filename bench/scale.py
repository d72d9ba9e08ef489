#!/usr/bin/env python
"""`make bench-scale`: the build at N generated articles (see ioggraph/bench_scale.py).

usage: python bench/scale.py [--sizes 1000,5000] [--n-process 2] [--model NAME] [--out bench/results]
                             [--skip spacy,export] [--table]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ioggraph.bench_scale import DEFAULT_OUT, SKIPPABLE, run_scale, table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000", help="numbers of generated articles, comma-separated")
    ap.add_argument("--n-process", type=int, default=2, help="worker processes for the parallel build (1: skip)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--skip", default="", help=f"measurements to leave out, comma-separated ({', '.join(sorted(SKIPPABLE))}): "
                    "a 50,000-article run without them takes about half the time")
    ap.add_argument("--table", action="store_true", help="only print the table of the results already in --out")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = frozenset(s.strip() for s in args.skip.split(",") if s.strip())
    if skip - SKIPPABLE:
        ap.error(f"--skip: unknown {', '.join(sorted(skip - SKIPPABLE))}; expected some of {', '.join(sorted(SKIPPABLE))}")
    if args.table:
        print(table([json.loads((args.out / f"scale-{n}.json").read_text(encoding="utf-8")) for n in sizes]))
        return 0
    rows = run_scale(sizes, out_dir=args.out, n_process=args.n_process, model=args.model, skip=skip,
                     say=lambda msg: print(f"... {msg}", file=sys.stderr, flush=True))
    print(table(rows))
    print(f"\nwrote {', '.join(str(args.out / f'scale-{n}.json') for n in sizes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
