"""Derive schemas/agents.yaml (generic agent nouns -> sector code) from the PETRARCH/Phoenix agents
dictionary (MIT, (c) 2014 Open Event Data Alliance; notice kept in the output and in
schemas/LICENSE-phoenix.txt).

    python scripts/derive_agents.py ../shared/dictionaries/Phoenix.agents.txt > schemas/agents.yaml

Each dictionary line is ``WORD[_WORD...] [{PLURAL}] [~CODE]``; ``!PERSON!`` expands to man/woman/person.
The head noun of an entry is its last word (its first word before "of": "chamber of commerce" ->
"chamber"); a head's code is the sector (first three letters) most of its entries carry, ties by
name. The output lists singular heads with their sector; plurals are matched through spaCy's lemma
(:mod:`ioggraph.nlp.agent_nouns`).
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^([A-Z0-9!'_.&-]+(?:\s+[A-Z0-9!'_.&-]+)*?)\s*(?:\{([^}]*)\})?\s*\[~?([A-Z]{3})[A-Z]*\]")
PERSON = ("man", "woman", "person")


def heads(entry: str) -> list[str]:
    words = [w for w in re.split(r"[_\s]+", entry.lower()) if w]
    if "of" in words[1:]:
        words = words[:words.index("of")]
    last = words[-1] if words else ""
    if "!person!" in last:
        stem = last.replace("!person!", "")
        return [stem + p for p in PERSON] if stem else list(PERSON)
    return [last] if re.fullmatch(r"[a-z][a-z'-]+", last) and "!" not in last else []


def derive(text: str) -> tuple[dict[str, str], dict[str, str]]:
    codes: dict[str, Counter] = defaultdict(Counter)
    plurals: dict[str, str] = {}
    for raw in text.splitlines():
        m = LINE.match(raw.strip())
        if not m or raw.startswith("#"):
            continue
        entry, plural, code = m.groups()
        found = heads(entry)
        for head in found:
            codes[head][code] += 1
        if plural and plural.strip() and len(found) == 1:
            plural_heads = heads(plural.strip())
            if plural_heads:
                plurals[found[0]] = plural_heads[0]
    chosen = {h: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for h, c in codes.items()}
    return dict(sorted(chosen.items())), dict(sorted(plurals.items()))


def main(path: str) -> None:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    agents, plurals = derive(text)
    notice = [line for line in text.splitlines() if line.startswith("#")]
    start = next(i for i, line in enumerate(notice) if "MIT License" in line)
    end = next(i for i, line in enumerate(notice) if "THE SOFTWARE." in line and i > start)
    print("# Generic agent nouns (singular head noun -> PETRARCH/CAMEO sector code), derived by")
    print("# scripts/derive_agents.py from Phoenix.agents.txt of openeventdata/Dictionaries")
    print("# (commit aa75b79b36f6ef5266e916cc8daaebf30d2e2113). Codes: GOV government, MIL military,")
    print("# COP police, JUD judiciary, LEG legislature, SPY intelligence, MED media, BUS business,")
    print("# CVL civilians, EDU education, OPP opposition, CRM criminals, REB rebels, ... Regenerate, do not edit.")
    print("# The dictionary's notice, kept as its licence requires (full text: schemas/LICENSE-phoenix.txt):")
    for line in notice[start:end + 1]:
        print(line)
    print("agents:")
    for head, code in agents.items():
        print(f"  {head!r}: {code}" if not head.isalpha() else f"  {head}: {code}")


if __name__ == "__main__":
    main(sys.argv[1])
