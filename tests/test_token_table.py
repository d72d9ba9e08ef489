"""The token table: every list holds what the ``Token`` attribute it stands for returns, on the real
pipeline and on a blank one (no parse, no lemmas), and it is kept for the Doc being processed only."""
from __future__ import annotations

import pytest

from ioggraph.nlp import token_table

TEXTS = [
    "According to Meta, the Internet Research Agency didn't run 1,200 fake accounts; officials said so.",
    "RUSSIA's GRU posed as U.S. activists -- \"Black Lives Matter\" -- and bought ads in 2016!",
    "Beijing denied the allegations.\n\nThe pages, which were removed, targeted voters in Taiwan.",
    "",
]


def as_tokens(token):
    return (token.lower_, token.lemma_.lower(), token.dep_, token.pos_, token.head.i, token.is_alpha, token.is_stop,
            token.ent_type_, len(token), tuple(c.i for c in token.children))


def from_table(table, i):
    return (table.lower[i], table.lemma[i], table.dep[i], table.pos[i], table.head[i], table.alpha[i], table.stop[i],
            table.ent_type[i], table.length[i], table.children(i))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("pipeline", ["nlp", "blank_nlp"])
def test_table_holds_the_token_attributes(request, pipeline, text):
    doc = request.getfixturevalue(pipeline)(text)
    table = token_table.of(doc)
    assert [from_table(table, t.i) for t in doc] == [as_tokens(t) for t in doc]
    assert table.kids == [table.children(t.i) for t in doc]


def test_table_is_kept_for_the_current_doc_only(blank_nlp):
    first, second = blank_nlp("Ana met Bo ."), blank_nlp("Cy left .")
    table = token_table.of(first)
    assert token_table.of(first) is table
    assert token_table.of(second).lower == ["cy", "left", "."]
    assert token_table.of(first) is not table and token_table.of(first).lower == ["ana", "met", "bo", "."]
