#!/usr/bin/env python
"""`make bench`: ioggraph's build against plain spaCy. See bench/README.md.

usage: python bench/run.py [--corpus DIR ...] [--sizes 1,4,16] [--n-process 1,2]
                           [--rebuild-docs 100] [--model NAME] [--out PATH] [--quick]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ioggraph.bench import DEFAULT_OUT, format_bench, run_bench  # noqa: E402
from ioggraph.errors import IoggraphError  # noqa: E402

DEV_ARTICLES = Path("/work/shared/eval/dev/articles")
QUICK = {"sizes": (1, 4), "rebuild_docs": 40}


def _ints(text: str) -> tuple[float, ...]:
    return tuple(float(x) if "." in x else int(x) for x in text.split(",") if x.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", type=Path, default=None,
                    help="extra article folder (repeatable); default: the dev articles when present")
    ap.add_argument("--sizes", type=_ints, default=(1, 4, 16), help="corpus multiples, e.g. 1,4,16")
    ap.add_argument("--n-process", type=_ints, default=(1, 2), help="n_process values, e.g. 1,2")
    ap.add_argument("--rebuild-docs", type=int, default=100)
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--quick", action="store_true", help="sizes 1,4 and a 40-file rebuild (~1-2 min)")
    args = ap.parse_args(argv)
    extra = args.corpus if args.corpus is not None else [p for p in (DEV_ARTICLES,) if p.is_dir()]
    opts = {"sizes": args.sizes, "rebuild_docs": args.rebuild_docs, **(QUICK if args.quick else {})}
    try:
        result = run_bench(extra, n_process=args.n_process, model=args.model, out_json=args.out,
                           progress=lambda msg: print(f"... {msg}", file=sys.stderr, flush=True), **opts)
    except IoggraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(format_bench(result))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
