"""ActorIndex.spans_starting_in: the actor spans of one sentence, the same as filtering every actor
span of the document (the way find_links read them before)."""
from __future__ import annotations

import pytest
from spacy.tokens import Span

from ioggraph.nlp.roles import ActorIndex


def filtered(index, start, end):
    """The straightforward way: every actor token's span, one per start, in order."""
    return sorted({s.start: s for s in index.by_token.values() if start <= s.start < end}.values(),
                  key=lambda s: s.start)


@pytest.mark.parametrize("spans", [
    [],
    [(0, 1)],
    [(0, 2), (3, 4), (6, 9)],
    [(0, 2), (1, 3)],              # overlapping: a later span takes the tokens it shares
    [(2, 4), (2, 3), (8, 10)],     # two spans starting at the same token: the later wins, as before
    [(9, 10)],
])
def test_spans_starting_in_equals_filtering_every_span(blank_nlp, spans):
    doc = blank_nlp("a b c d e f g h i j")
    actors = [Span(doc, s, e, label="Organization", kb_id=f"k{s}-{e}") for s, e in spans]
    index = ActorIndex({i: span for span in actors for i in range(span.start, span.end)})
    for start in range(0, 11):
        for end in range(start, 11):
            got = index.spans_starting_in(start, end)
            want = filtered(index, start, end)
            assert [(s.start, s.end, s.kb_id_) for s in got] == [(s.start, s.end, s.kb_id_) for s in want]
