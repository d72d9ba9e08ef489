"""Extraction does not depend on Python's hash seed: every run of a build proposes the same candidates,
with their agent options in the same order (ties between equally likely agents break by that order)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "dev" / "articles"
# a train article whose rules name many agents outside the sentence (their options' order once followed
# the hash seed)
MANY_AGENTS = REPO.parent / "shared" / "eval" / "train" / "articles" / \
    "004_taipeitimes_changsha_tao_vote_buying_han_kuo_yu.txt"

_SCRIPT = """
import json, sys
from pathlib import Path
from ioggraph.nlp import load_pipeline
from ioggraph.nlp.tactics import candidates_of
nlp = load_pipeline(None, scorer=False)
out = []
for path in map(Path, sys.argv[1:]):
    cands, _ = candidates_of(nlp(path.read_text(encoding="utf-8")))
    out.append([path.name, [[c.sent.start_char, [o.key for o in c.options],
                             sorted((k, sorted(v)) for k, v in c.parse_agents.items())] for c in cands]])
print(json.dumps(out))
"""


@pytest.mark.model
def test_candidates_do_not_depend_on_the_hash_seed():
    files = sorted((REPO / "corpus").glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else []) + \
        ([MANY_AGENTS] if MANY_AGENTS.is_file() else [])
    outputs = []
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", _SCRIPT, *map(str, files)], capture_output=True, text=True,
                              env=env, check=True, cwd=REPO)
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
