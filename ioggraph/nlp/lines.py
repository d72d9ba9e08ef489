"""The ``iog_lines`` component: a line break ends a sentence, unless the text is hard-wrapped.

Reads: token text (runs before the parser, which keeps boundaries already set).
Writes: ``token.is_sent_start`` True on the first word after a line break, False after a colon
within a line.

News text saved as plain text keeps one paragraph, headline, byline or caption per line; without
this the parser glues a headline to the next paragraph ("... in Western countries | Kremlin's
operation | Article by ...") and roles leak from one to the other. A document whose line breaks
mostly fall mid-sentence (the next line starts in lower case) is hard-wrapped and left alone.
A colon inside a line introduces what follows ("Balloons, paid influencers and trips: these are the
tactics Beijing is accused of ..."), so the sentence goes on after it.

:func:`title_lines` finds the headline, subhead, byline and dateline above the body (plain text, no
spaCy); :mod:`ioggraph.nlp.candidates` proposes no activity from them. A long document is parsed in
chunks cut at paragraphs (:mod:`ioggraph.chunking`), so a later chunk opens with a body paragraph.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

WRAPPED_SHARE = 0.3  # more line breaks than this followed by a lower-case word: hard-wrapped text


@Language.component("iog_lines", assigns=["token.is_sent_start"])
def split_lines(doc: Doc) -> Doc:
    starts = line_starts(doc)
    wrapped = hard_wrapped(doc, starts) if starts else True
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.text == ":" and not tok.is_space:
            tok.is_sent_start = False
    if not wrapped:
        for i in starts:
            doc[i].is_sent_start = True
    return doc


def line_starts(doc: Doc) -> list[int]:
    """Indices of the first non-space token after each whitespace token holding a line break."""
    out = []
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                out.append(nxt.i)
    return out


def hard_wrapped(doc: Doc, starts: list[int]) -> bool:
    lower = sum(1 for i in starts if doc[i].text[:1].islower())
    return lower > WRAPPED_SHARE * len(starts)


# a line ending like a sentence is body text; a title line ends without ("... Moldova warns", "By X")
SENTENCE_END = re.compile(r"[.!?…\"”’']\s*$")
TITLE_MAX_WORDS = 30
TITLE_MAX_LINES = 4


def title_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines above the body: the headline, a subhead, a byline or a dateline,
    each a short line that does not end like a sentence, before the first line that does.

    A headline compresses (and often overstates) what the body says with its source and hedges, so an
    activity is evidenced by the body, not by the headline: 1 of 484 gold quotes of the train articles
    lies in such a line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, stripped = pos, line.strip()
        pos += len(line)
        if not stripped:
            continue
        if SENTENCE_END.search(stripped) or len(stripped.split()) > TITLE_MAX_WORDS or len(out) >= TITLE_MAX_LINES:
            break
        first = start + line.index(stripped[0])
        out.append((first, first + len(stripped)))
    return out
