"""Group and audience actors from noun phrases, with one normalised name per audience.

Pure functions over a parsed Doc; the lexicon (head nouns, qualifying adjectives) is data in
``schemas/groups.yaml`` (:mod:`ioggraph.nlp.group_lexicon`), generic agent nouns come from
``schemas/agents.yaml`` and countries/demonyms from ``schemas/places.yaml``.

- "residents of Kinmen and Lienchiang counties" -> "Kinmen residents" + "Lienchiang residents";
  "citizens of Taiwan" / "Taiwan's citizens" -> "Taiwanese citizens" (country -> demonym);
- "local Taiwanese legislators", "pro-Russian residents", "young voters": qualifiers kept, text
  as written ("pro-Russian", not "pro - Russian"), common words lower-cased ("Lienchiang
  Residents" -> "Lienchiang residents"), determiners and counts dropped from the name (the mention
  "13 Russian nationals" stays an alias of "Russian nationals");
- "Taiwanese citizens residing in China", "people in Western countries", "critics of the Chinese
  government", "employees of the president", "organizations critical of President Erdogan",
  "influencers on TikTok": a short participle / "in" / "of" / adjective / platform phrase is kept when
  it is what qualifies the group;
- operations named by whom they are linked to ("influence operations linked to Vietnam", also
  "Vietnam-linked influence operations"; not by a stance: "a pro-Russian influence operation" is an
  activity or an operation named elsewhere), and organisations described by their base ("a
  Tehran-based IT company");
- collectives named by their members ("a network of social media personalities", "an army of
  trolls"), the members' own group becoming an alias;
- the mention with the describing adjectives the name leaves out ("mysterious political operatives")
  is an alias; a bare standalone noun is the document's one qualified group with that head.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ioggraph.nlp.group_lexicon import GroupLexicon
from ioggraph.nlp.places import Places
from ioggraph.nlp.text import slug
from ioggraph.nlp.token_index import positions

if TYPE_CHECKING:
    from ioggraph.nlp.actors import Candidate

NAME_ENTS = {"NORP", "GPE", "LOC", "ORG", "PERSON"}
MOD_DEPS = {"amod", "compound", "nmod"}
PRO_ANTI = re.compile(r"\b(?:pro|anti)\s?-\s?\w+|\w\s?-\s?(?:linked|backed|affiliated|aligned|funded|sponsored|run|controlled|based)\b", re.I)
LINKED = re.compile(r"\w\s?-\s?(?:linked|backed|affiliated|aligned|funded|sponsored|run|controlled|based)\b", re.I)
GENERIC_OWNERS = {"party", "government", "company", "state", "department", "ministry", "office", "agency"}
PLURAL_TAGS = {"NNS", "NNPS"}
ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
RUN_FROM = {"run", "operated", "managed", "controlled"}  # "accounts run from Iran"; not "run by X" (X's activity)
LINK_PARTICIPLES = {"linked", "tied", "connected", "affiliated", "based", "associated"}
DETERMINER_WORDS = {"other", "such", "many", "several", "numerous", "various", "more", "most", "all", "some"}
TAIL_PREPS = {"in", "from", "across", "inside", "outside", "within"}


def group_candidates(doc: Doc, lex: GroupLexicon, places: Places) -> list[Candidate]:
    """Every group phrase in the doc, as Candidates over the phrase's tokens."""
    out = []
    for i in _head_positions(doc, lex, places):
        tok = doc[i]
        if tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        demonym_head = places.demonym(tok.text) is not None and tok.dep_ not in MOD_DEPS and tok.tag_ in {"NNPS", "NNS", "NNP"}
        if demonym_head or lex.head_kind(tok) is not None:
            out.extend(phrase_groups(tok, lex, places))
    out = _bare_heads_named(_same_audience(doc, out), lex)
    return collective_of(doc, coordinated_heads(doc, out, lex, places), lex, places)


def _bare_heads_named(cands: list[Candidate], lex: GroupLexicon) -> list[Candidate]:
    """"Moldovan voters ... the voters": in one document, a standalone noun alone ("voters") is the one
    qualified group with that head noun, when there is exactly one."""
    qualified: dict[str, set[str]] = {}
    first: dict[str, Candidate] = {}
    for c in cands:
        words = c.label.split()
        if len(words) > 1 and c.type == "Group":
            qualified.setdefault(words[-1].lower(), set()).add(c.key)
            first.setdefault(words[-1].lower(), c)
    out = []
    for c in cands:
        if c.label in lex.standalone and len(qualified.get(c.label, ())) == 1:
            target = first[c.label]
            c = replace(c, key=target.key, label=target.label, aliases=set(c.aliases) | {c.label})
        out.append(c)
    return out


def collective_of(doc: Doc, cands: list[Candidate], lex: GroupLexicon, places: Places) -> list[Candidate]:
    """"a network of social media personalities", "a coordinated network of fake accounts", "a cadre of
    Westerners", "a network of WeChat’s news accounts": a collective noun (``collective_of``) whose "of"
    names its members is one group, named with them; the members' own group, when there is one, becomes
    its alias. Accounts (``members``) need a name among their words; and no collective that describes a
    name ("Spamouflage, a network of fake accounts" is Spamouflage)."""
    by_head = {(c.core_end or c.end) - 1: c for c in cands}
    drop: set[int] = set()
    out = []
    for i in positions(doc, "LOWER", lex.collective_of):
        noun = doc[i]
        obj = _of_object(noun)
        if noun.pos_ != "NOUN" or not noun.is_lower or i in by_head or obj is None or _describes_a_name(noun):
            continue
        inner = by_head.get(obj.i)
        if inner is not None and inner.start <= i:
            continue
        army = noun.lower_ in lex.modifier_only and obj.lower_ in lex.operation_modifiers  # "an army of trolls"
        if inner is None and not army and not (obj.ent_type_ == "NORP" and obj.tag_ in PLURAL_TAGS or obj.lower_ in lex.members
                                               and any(_named(t, places) for t in doc[obj.left_edge.i:obj.i])):
            continue  # "a network of fake accounts" alone describes the operation named before it (coreference)
        mods = left_modifiers(noun, lex)
        start = mods[0].i if mods else i
        members = inner.label if inner is not None else doc[obj.left_edge.i:obj.i + 1].text
        end = inner.end if inner is not None else obj.i + 1
        cand = _cand(start, end, _join([*(group_word(m, places) for m in mods), noun.lower_, "of", members]), noun,
                     core=(start, inner.core_end or inner.end) if inner is not None else None)
        if inner is not None:
            cand.aliases |= {inner.label, *inner.aliases}
            drop.add(id(inner))
        out.append(cand)
    return [c for c in cands if id(c) not in drop] + out if out else cands


def _of_object(noun: Token) -> Token | None:
    """The plural object of "of" right after ``noun`` ("network of accounts" -> accounts)."""
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == noun.i + 1:
            objs = [c for c in prep.children if c.dep_ == "pobj" and c.tag_ in PLURAL_TAGS]
            return objs[0] if objs else None
    return None


def _same_audience(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """"political parties in Nigeria ... the political parties": in one document, a group named
    without its place tail is the group named with it (the first such, when several share the name)."""
    placed: dict[str, Candidate] = {}
    for c in cands:
        if c.core_end is not None and c.end > c.core_end and doc[c.core_end].dep_ == "prep":
            for alias in c.aliases:  # the core name ("political parties"), its demonym form
                placed.setdefault(alias, c)
    if not placed:
        return cands
    out = []
    for c in cands:
        target = placed.get(c.label)
        if target is not None and target is not c and c.end <= (c.core_end or c.end):  # no tail of its own
            c = replace(c, key=target.key, label=target.label, aliases=set(c.aliases) | {doc[c.start:c.end].text})
        out.append(c)
    return out


def _head_positions(doc: Doc, lex: GroupLexicon, places: Places) -> list[int]:
    """Tokens that may head a group: listed nouns, collectives, plurals (agent nouns), demonyms."""
    words = lex.nouns | lex.operations | lex.campaigns | lex.linked_orgs | set(lex.collective) | places.single_word_demonyms()
    found = set(positions(doc, "LOWER", words)) | set(positions(doc, "TAG", PLURAL_TAGS))
    return sorted(found)


def coordinated_heads(doc: Doc, cands: list[Candidate], lex: GroupLexicon, places: Places) -> list[Candidate]:
    """"officials and local activists", "KMT party officials and ward chiefs", "pro-China groups and
    individuals in Taiwan": two group nouns joined by "and"/"or" where one side is no group on its own,
    or names nobody of its own (it borrows the other's qualifier), make one group, named as written
    ("Estonian politicians and Latvian journalists" stay two). A bare first noun may share the second
    one's qualifier, so "local officials and activists" is kept as an alias. Found by surface, as the
    parser often splits them."""
    by_head = {c.core_end - 1 if c.core_end else c.end - 1: c for c in cands}
    drop: set[int] = set()
    out = []
    for k in positions(doc, "LOWER", {"and", "or"}):
        i = k - 1
        if i < 0 or k + 1 >= len(doc) or not _group_noun(doc[i], lex):
            continue
        tok = doc[i]
        j = next((m for m in range(i + 2, min(i + 5, len(doc))) if _group_noun(doc[m], lex)), None)
        if j is None or not all(t.is_alpha and t.is_lower and t.lower_ not in lex.drop and not t.like_num
                                for t in doc[i + 2:j]):
            continue  # "13 Russian nationals and three organizations": a count starts a phrase of its own
        first, second = by_head.get(i), by_head.get(j)
        both = first is not None and second is not None and not any(_named(t, places) for t in doc[i + 2:j + 1])
        if (first is None) == (second is None) and not both or first is not None and first.end != i + 1 \
                or second is not None and (second.start != i + 2 or second.end < j + 1 or not both and second.end != j + 1):
            continue
        left = first.label if first is not None else tok.lower_
        right = second.label if second is not None else " ".join(t.lower_ for t in doc[i + 2:j + 1])
        start = first.start if first is not None else i
        end = second.end if second is not None else j + 1
        label = f"{left} {doc[k].lower_} {right}"
        place_end = _place_tail_end(doc, end) if end == j + 1 else None
        if place_end is not None:  # "pro-China groups and individuals in Taiwan": the place is both's
            label, end = f"{label} {doc[end:place_end].text}", place_end
        cand = _cand(start, end, label, doc[j], core=(first.core_start if first else i, j + 1))
        if place_end is not None:
            cand.aliases.add(f"{left} {doc[k].lower_} {right}")
        if first is None and j > i + 2:  # "officials and local activists" ~ "local officials and activists"
            cand.aliases.add(f"{' '.join(t.lower_ for t in doc[i + 2:j])} {tok.lower_} {doc[k].lower_} {doc[j].lower_}")
        if both:
            cand.aliases |= {first.label, second.label}
        relative = _relative_end(doc[j])
        if relative is not None:
            cand.aliases.add(doc[start:relative].text)  # "Israeli academics or researchers who study Iran"
        drop |= {id(c) for c in (first, second) if c is not None}
        out.append(cand)
    return [c for c in cands if id(c) not in drop] + out


def _place_tail_end(doc: Doc, i: int) -> int | None:
    """The end of "in Taiwan" / "in the United States" starting at token ``i`` (a preposition of
    place and a place NER found), else None."""
    if i >= len(doc) or doc[i].lower_ not in TAIL_PREPS:
        return None
    j = i + 2 if i + 1 < len(doc) and doc[i + 1].lower_ == "the" else i + 1
    end = j
    while end < len(doc) and end - j < 4 and doc[end].ent_type_ in {"GPE", "LOC"}:
        end += 1
    return end if end > j else None


def _group_noun(tok: Token, lex: GroupLexicon) -> bool:
    """A plural noun that names people: listed, or a generic agent noun."""
    return tok.tag_ == "NNS" and (tok.lower_ in lex.nouns or lex.head_kind(tok) == "Group" and tok.lower_ not in lex.operations)


def phrase_groups(head: Token, lex: GroupLexicon, places: Places) -> list[Candidate]:
    """The group(s) a head noun names, or [] when nothing ties it to somebody."""
    doc = head.doc
    mods = left_modifiers(head, lex)
    start = _count_start(head, mods[0].i if mods else head.i)
    names = of_places(head, lex, places)
    if names:
        return _place_groups(head, start, names, lex, places)
    origin = from_places(head, mods, lex, places)
    if origin is not None:
        label, end = origin
        return [_cand(start, end, f"{label} {head_word(head, places)}", head)]
    split = _coordinated(head, lex, places)
    if split:
        return split
    kind = lex.head_kind(head) or "Group"
    lower = head.lower_
    if lower in lex.no_compound_heads and any(m.lower_ in lex.platforms for m in mods):
        return []  # "WhatsApp groups", "Facebook pages": channels
    # an owner names listed groups ("Shor's allies") and collectives ("Kenya's judiciary"); "the Ministry of
    # State Security's officers" are that ministry's own people, not a group of their own
    listed = lower in lex.nouns or lower in lex.collective
    owner = _owner(head, places if lower in lex.collective or not listed else None, names=listed,
                   role_owner=lex if lower in lex.of_heads else None)
    mod_text = doc[mods[0].i:head.i].text if mods else ""
    if lower in lex.campaigns:  # "Vietnam-linked influence operation", "an influence operation linked to
        # Vietnam"; never "Chinese influence campaigns" or "a pro-Russian influence operation" (an activity,
        # or an operation named elsewhere: "a known pro-China influence operation ... dubbed Spamouflage")
        qualified = bool(LINKED.search(mod_text))  # with a tail only, "campaign" alone names nobody
        if not (qualified or _linked_tail(head, lex, places)):
            return []
    elif lower in lex.modifier_only:  # "bot army", never "the Chinese army"
        qualified = any(m.lower_ in lex.operation_modifiers for m in mods)
    elif lower in lex.operations:  # "Iranian network", "Tehran-based network"; "the Spamouflage network" is Spamouflage
        if _describes_a_name(head):
            return []  # "the Internet Research Agency, a St. Petersburg-based troll farm": that agency
        qualified = any(_place_word(m, places) for m in mods) or bool(PRO_ANTI.search(mod_text)) \
            or head.tag_ == "NNS" and any(m.lower_ in lex.operation_modifiers for m in mods)  # "troll farms": no one referent
    elif lower in lex.linked_orgs:  # "a Tehran-based IT company", "a Kremlin-linked firm": an organisation unnamed
        if _describes_a_name(head) or not LINKED.search(mod_text):
            return []
        qualified, kind = True, "Organization"
    elif lower in lex.collective:  # a name must say whose: "Chinese media", "Western public opinion"
        qualified = any(_named(m, places) or m.lower_ in lex.regions for m in mods) or bool(PRO_ANTI.search(mod_text))
    else:
        qualified = any(qualifies(m, lex, places) for m in mods) or _phrase_qualifies(mod_text, lex) \
            or lower not in lex.no_compound_heads and any(_role_compound(m) for m in mods)  # "party officials"
    country = _country_owner(head, places) if owner is None and _audience_noun(head, lex) else None
    qualified = qualified or country is not None  # "Taiwan's citizens" are "Taiwanese citizens"
    tail = _tail(head, lex, places, any(_named(m, places) for m in mods) or owner is not None)  # "political parties in Nigeria"
    if tail is None and not qualified and owner is None and lower in lex.collective:
        place_end = _place_tail_end(doc, head.i + 1)  # "public opinion in China", the parser hanging "in" on the verb
        tail = list(doc[head.i + 1:place_end]) if place_end is not None else None
    if not (qualified or owner is not None or tail or head.lower_ in lex.standalone):
        return []
    words = [*(group_word(t, places) for t in mods), head_word(head, places)]
    if owner is not None or country is not None:
        words.insert(0, owner or country)
    end = head.i + 1
    if tail:
        end = tail[-1].i + 1
        words.append(doc[tail[0].i:end].text)
    free = [m for m in mods if m.ent_type_ or m.pos_ == "PROPN" or m.is_upper or m.text == "-"]
    core_start = max((m.i + 1 for m in free), default=start)
    cand = _cand(start, end, _join(words), head, core=(core_start, head.i + 1), kind=kind)
    if tail:
        cand.aliases |= _tail_aliases(words[:-1], tail, qualified, places)
        cand.aliases |= _linked_aliases(mods, head, tail, places)
    cand.aliases |= _as_written(head, start, end, lex)
    relative = _relative_end(head)
    if relative is not None and end == head.i + 1:
        cand.aliases.add(doc[start:relative].text)  # "researchers who study Iran"
    return [cand]


def _relative_end(head: Token) -> int | None:
    """The end of a short relative clause on the head ("researchers who study Iran"), another name for
    the group as written; None when there is none or it runs on."""
    for child in head.rights:
        if child.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in {"who", "that"} for c in child.children):
            words = list(child.subtree)
            if len(words) <= 6 and not any(t.is_punct for t in words):
                return words[-1].i + 1
    return None


def _as_written(head: Token, start: int, end: int, lex: GroupLexicon) -> set[str]:
    """The mention with the describing adjectives the name leaves out ("mysterious political
    operatives", "secretive troll farms", "similar pro-China groups"), without determiners and
    counts: another surface form of the same group."""
    doc, i = head.doc, start
    while i > 0 and doc[i - 1].head == head and doc[i - 1].dep_ == "amod" and doc[i - 1].pos_ == "ADJ" \
            and doc[i - 1].is_alpha and doc[i - 1].is_lower and doc[i - 1].lower_ not in DETERMINER_WORDS:
        i -= 1
    return {doc[i:end].text} if i < start else set()


def _linked_tail(head: Token, lex: GroupLexicon, places: Places) -> bool:
    """"operations linked to Vietnam", "a network based in Egypt": a participle tail that names who."""
    tail = _tail(head, lex, places, True)
    return bool(tail) and tail[0].lower_ in LINK_PARTICIPLES


def _linked_aliases(mods: list[Token], head: Token, tail: list[Token], places: Places) -> set[str]:
    """"influence operations linked to Vietnam" is also "Vietnam-linked influence operations" (the
    noun compounds kept, describing adjectives left out)."""
    if tail[0].lower_ not in LINK_PARTICIPLES or len(tail) < 3:
        return set()
    named = [t for t in tail[2:] if t.lower_ != "the"]
    if not 1 <= len(named) <= 3 or not all(_named(t, places) or t.text == "-" for t in named):
        return set()
    compounds = [group_word(m, places) for m in mods if m.dep_ == "compound"]
    name = "".join(t.text_with_ws for t in named).strip()
    return {_join([f"{name}-{tail[0].lower_}", *compounds, head_word(head, places)])}


def _tail_aliases(core: list[str], tail: list[Token], qualified: bool, places: Places) -> set[str]:
    """Other names of "political parties in Nigeria": "political parties" (when that alone names a
    group) and "Nigerian political parties" (a country after "in"/"from" is its demonym before); a
    platform after "on" goes before ("TikTok influencers")."""
    out = {_join(core)} if qualified else set()
    rest = [t for t in tail[1:] if t.lower_ != "the"]
    country = places.country(" ".join(t.text for t in rest)) if rest and tail[0].lower_ in {"in", "from", "within"} else None
    if country is not None and country.demonym and not places.demonym(core[0]):
        out.add(_join([country.demonym, *core]))
    if tail[0].lower_ == "on" and len(rest) == 1:
        out.add(_join([rest[0].text, *core]))  # "influencers on TikTok" are "TikTok influencers"
    return out


def _named(tok: Token, places: Places) -> bool:
    """A modifier that names somebody: an entity, a proper noun, a place or demonym, an acronym."""
    return tok.ent_type_ in NAME_ENTS or tok.pos_ == "PROPN" or places.is_place_word(tok.text) \
        or tok.text.isupper() and len(tok.text) > 1


def _describes_a_name(head: Token) -> bool:
    """True when the phrase is an apposition of a name, or has one ("X, a Tehran-based network"), or the
    name follows right after it ("a London-based cybersecurity company Certfa")."""
    if head.dep_ == "appos" and head.head.pos_ == "PROPN":
        return True
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if nxt is not None and nxt.pos_ == "PROPN" and (nxt.is_title or nxt.is_upper):
        return True
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children)


def _place_word(tok: Token, places: Places) -> bool:
    """A country, place or demonym: where a network is from, not a name for it."""
    return places.is_place_word(tok.text) or tok.ent_type_ in {"NORP", "GPE", "LOC"}


def _role_compound(tok: Token) -> bool:
    """A common noun modifying a role noun says which people it means: "party officials",
    "security officials", "social media users" (a noun compound, not a verb the tagger slipped on)."""
    return tok.dep_ == "compound" and tok.tag_ in {"NN", "NNS"} and tok.is_alpha and tok.is_lower


def _place_groups(head: Token, start: int, names: list[Token], lex: GroupLexicon, places: Places) -> list[Candidate]:
    """"residents of Kinmen and Lienchiang counties" -> Kinmen residents (over "residents of Kinmen")
    and Lienchiang residents (over "Lienchiang counties"): one non-overlapping span each."""
    doc, out = head.doc, []
    for n, place in enumerate(names):
        end = place.i + 1
        while end < len(doc) and doc[end].lower_ in lex.place_words:
            end += 1
        label = f"{place_form(place.text, places)} {head.lower_}"
        cand = _cand(start if n == 0 else place.i, end, label, head)
        if n:  # "Lienchiang counties" is a mention of the group, not another name for it
            cand.aliases.clear()
        out.append(cand)
    return out


def _coordinated(head: Token, lex: GroupLexicon, places: Places) -> list[Candidate]:
    """"liberal and conservative voters" -> liberal voters + conservative voters (one span each)."""
    firsts = [c for c in head.lefts if c.dep_ in MOD_DEPS and any(x.dep_ == "conj" for x in c.children)]
    if not firsts:
        return []
    items = sorted({firsts[0], *[c for c in firsts[0].conjuncts if c.i < head.i]}, key=lambda t: t.i)
    if len(items) < 2 or not all(qualifies(t, lex, places) for t in items):
        return []
    out = [_cand(t.i, t.i + 1, f"{group_word(t, places)} {head.lower_}", head) for t in items[:-1]]
    last = items[-1]
    out.append(_cand(last.i, head.i + 1, _join([group_word(t, places) for t in head.doc[last.i:head.i + 1]]), head))
    return out


def _cand(start: int, end: int, label: str, head: Token, core: tuple[int, int] | None = None,
          kind: str = "Group") -> Candidate:
    """``core``: the tokens the group claims; names around it (modifiers, a tail) may be other actors.
    ``kind``: the actor type ("Group"; a collective's own type: "Chinese media" is Media)."""
    from ioggraph.nlp.actors import Candidate
    text = head.doc[start:end].text
    aliases = {text} if text != label else set()
    core_start, core_end = core or (None, None)
    return Candidate(start, end, slug(label), kind, label, "group", False, aliases, core_start=core_start, core_end=core_end)


def _join(words: list[str]) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(w for w in words if w)).strip()


def _count_start(head: Token, start: int) -> int:
    """Extend the mention over a count ("13 Russian nationals"); the name leaves it out."""
    prev = head.doc[start - 1] if start > 0 else None
    return start - 1 if prev is not None and prev.like_num and prev.head == head else start


def left_modifiers(head: Token, lex: GroupLexicon) -> list[Token]:
    """Contiguous qualifiers left of the head, without determiners and quantities; words of a name stay
    ("New York State officers") and so do abbreviations ("pro-U.S.")."""
    mods: list[Token] = []
    i = head.i - 1
    while i >= 0:
        tok = head.doc[i]
        participle = not mods and i == head.i - 1 and tok == head.head and tok.lower_ in lex.adjectives \
            and _list_participle(tok)  # "paid influencers"
        if tok.head != head and tok.head not in mods and not participle:
            break
        hyphen_part = tok.head in mods and (tok.text == "-" or tok.dep_ == "npadvmod")  # "IRGC-linked"
        dropped = tok.lower_ in lex.drop and not (tok.is_title and tok.ent_type_ in NAME_ENTS)  # not "New York"
        if not hyphen_part and not participle and (tok.dep_ not in MOD_DEPS or dropped or tok.like_num
                                or not tok.is_alpha and "-" not in tok.text and not ABBREVIATION.fullmatch(tok.text)
                                or tok.tag_ in {"VB", "VBP", "VBZ", "VBD"} and tok.lower_ not in lex.adjectives):
            break  # a verb the parser hung on the noun ("... and target Kashmiri journalists") is no qualifier
        mods.insert(0, tok)
        i -= 1
    while len(mods) > 1 and mods[0].is_lower and mods[0].pos_ == "NOUN" and _proper(mods[1]):
        mods.pop(0)  # "... as well as target Kashmiri journalists": no common noun comes before a name
    return mods


def _proper(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ in NAME_ENTS


def _list_participle(tok: Token) -> bool:
    """"paid" in "media, paid influencers, and elites" (parsed as a verb): no subject, and either a
    modifier or an item of a list."""
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children) or tok.dep_ == "ROOT":
        return False
    return tok.dep_ in MOD_DEPS or tok.i > 0 and tok.doc[tok.i - 1].text in {",", "—", "–", ";"}


def qualifies(tok: Token, lex: GroupLexicon, places: Places) -> bool:
    return (tok.ent_type_ in NAME_ENTS or tok.lower_ in lex.adjectives or tok.pos_ == "PROPN"
            or places.is_place_word(tok.text) or tok.text.isupper() and len(tok.text) > 1)


def _phrase_qualifies(text: str, lex: GroupLexicon) -> bool:
    """Multi-token qualifiers as written: "pro-Beijing", "co-opted"."""
    squashed = re.sub(r"\s*-\s*", "-", text.lower())
    return bool(PRO_ANTI.search(text)) or any(re.search(rf"\b{re.escape(a)}\b", squashed) for a in lex.adjectives if "-" in a)


def group_word(tok: Token, places: Places) -> str:
    """Names keep their case; common words are lower-cased ("Lienchiang Residents")."""
    name = tok.pos_ == "PROPN" and not tok.text.isupper() and tok.i > tok.sent.start and tok.dep_ != "ROOT"
    if tok.ent_type_ in NAME_ENTS or places.is_place_word(tok.text) or (tok.text.isupper() and len(tok) <= 6):
        return tok.text
    if name and tok.is_title and not tok.head.is_title:
        return tok.text  # "Facebook influencers": a name before a common head ("Lienchiang Residents" is a title)
    return tok.text if name and tok.head.pos_ == "PROPN" and tok.dep_ != "compound" else tok.text.lower()


def head_word(head: Token, places: Places) -> str:
    """The head noun in lower case, except acronyms ("MPs") and demonyms ("China-based Taiwanese")."""
    if places.demonym(head.text):
        return head.text
    return head.text if sum(ch.isupper() for ch in head.text) > 1 and not head.text.isupper() else head.lower_


def place_form(name: str, places: Places) -> str:
    """A country name as the demonym ("Taiwan" -> "Taiwanese"); other places as they are."""
    country = places.country(name)
    return country.demonym if country is not None and country.demonym else name


def _owner(head: Token, places: Places | None = None, *, names: bool = True,
           role_owner: GroupLexicon | None = None) -> str | None:
    """A named possessor, in full: "Shor's allies", "Vladimir Putin’s political opponents" (a person or
    organisation, or a word of a person's name seen in the document when the tagger missed it); with
    ``places``, also a country ("Kenya's judiciary"); without ``names``, only a country ("China’s
    state-affiliated reporters", not "the Ministry's officers"); with ``role_owner`` (for ``of_heads``),
    also "the <agent noun>’s" ("the president’s critics")."""
    for child in head.lefts:
        if child.dep_ == "poss" and role_owner and _role_owner(child, role_owner):
            return f"{child.lower_}’s"  # "the president’s critics": a definite agent noun owns them
        if child.dep_ != "poss" or child.lower_ in GENERIC_OWNERS or not child.is_title and not child.is_upper:
            continue
        named = names and (child.ent_type_ in {"PERSON", "ORG"} and child.tag_ == "NNP"
                           or child.text in _person_words(head.doc))
        if named or places is not None and places.country(child.text) is not None:
            first = child.i
            while first > child.left_edge.i and (head.doc[first - 1].is_title or head.doc[first - 1].is_upper) \
                    and head.doc[first - 1].pos_ == "PROPN":
                first -= 1  # "Vladimir Putin’s", not the verb the parser hung on the name ("discredit Vladimir")
            return f"{head.doc[first:child.i + 1].text}’s"
    return None


STATE_SECTORS = {"GOV", "MIL", "SPY", "COP", "JUD", "LEG"}


def _audience_noun(head: Token, lex: GroupLexicon) -> bool:
    """A population a country has ("Taiwan's citizens"), not the state's own people ("Iran's operatives",
    "China's officials": the state acts through them) or a collective ("Kenya's judiciary")."""
    lower = head.lower_
    return lower not in lex.collective and lower not in lex.of_heads \
        and lex.agents.sector(head.lemma_) not in STATE_SECTORS


def _country_owner(head: Token, places: Places) -> str | None:
    """"Taiwan's citizens" -> "Taiwanese", "Hong Kong's activists" -> "Hong Kong": a country as the
    possessor of a group noun, in its adjective form (the country itself stays its own actor)."""
    for child in head.lefts:
        if child.dep_ != "poss":
            continue
        first = min([child.i, *[c.i for c in child.lefts if c.dep_ == "compound"]])
        country = places.country(head.doc[first:child.i + 1].text)
        if country is not None:
            adjective = country.demonym and not country.demonym.endswith(("er", "ers", "s"))
            return country.demonym if adjective else country.name
    return None


def _role_owner(child: Token, lex: GroupLexicon) -> bool:
    """"the president’s": a singular common agent noun after "the" (PETRARCH/Phoenix agents)."""
    return child.is_lower and child.tag_ == "NN" and any(d.lower_ == "the" for d in child.children) \
        and lex.agents.sector(child.lemma_) is not None


def _person_words(doc: Doc) -> set[str]:
    return {t.text for ent in doc.ents if ent.label_ in {"PERSON", "ORG"} for t in ent if t.is_title}


def of_places(head: Token, lex: GroupLexicon, places: Places) -> list[Token]:
    """Proper-noun objects of 'of' after the head ('residents of Kinmen and Lienchiang')."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of" and head.lower_ not in lex.of_heads:
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if not objs:
                return []
            obj = objs[0]
            if obj.lower_ in lex.place_words:  # "of Kinmen and Lienchiang counties": names are modifiers
                names = [c for c in obj.lefts if c.pos_ == "PROPN" or c.ent_type_ in NAME_ENTS]
                names += [c for n in list(names) for c in n.conjuncts if c.pos_ == "PROPN"]
                return sorted(set(names), key=lambda t: t.i)
            if obj.ent_type_ in {"GPE", "LOC"} or places.country(obj.text) or obj.pos_ == "PROPN" and obj.ent_type_ not in {"ORG", "PERSON"}:
                return sorted({obj, *[c for c in obj.conjuncts if c.pos_ == "PROPN"]}, key=lambda t: t.i)
    return []


def from_places(head: Token, mods: list[Token], lex: GroupLexicon, places: Places) -> tuple[str, int] | None:
    """"Chinese officials from Fujian Province and its Xiamen City Government" -> ("Fujian and
    Xiamen", end of the phrase): named places of origin are more specific than a bare demonym."""
    if not mods or not all(places.demonym(m.text) for m in mods):
        return None
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ != "from":
            continue
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if not objs:
            return None
        names = []
        for item in sorted([objs[0], *objs[0].conjuncts], key=lambda t: t.i):
            span = head.doc[item.left_edge.i:item.i + 1]
            words = [t.text for t in span if t.pos_ == "PROPN" and t.lower_ not in lex.place_words and t.lower_ not in GENERIC_OWNERS]
            if not words or not any(t.ent_type_ in {"GPE", "LOC"} or t.lower_ in lex.place_words for t in span):
                return None
            names.append(place_form(" ".join(words), places))
        return " and ".join(names), max(t.i for t in prep.subtree) + 1
    return None


def _tail(head: Token, lex: GroupLexicon, places: Places, qualified: bool) -> list[Token] | None:
    """'citizens residing in China', 'organizations critical of President Erdogan'; when nothing else
    qualifies the head: 'people in Western
    countries', and for ``of_heads`` 'critics of the Chinese government'."""
    for child in head.rights:
        participle = child.dep_ == "acl" and (child.lower_ in lex.participles or child.lower_ in RUN_FROM and any(
            c.dep_ == "prep" and c.lower_ in {"from", "in", "out"} for c in child.children)) \
            or child.dep_ == "amod" and child.lower_ in lex.tail_adjectives  # "organizations critical of X"
        prep = child.dep_ == "prep" and not qualified and (child.lower_ in TAIL_PREPS or child.lower_ == "on" and any(
            c.dep_ == "pobj" and c.lower_ in lex.platforms for c in child.children)  # "influencers on TikTok"
            and not any(c.dep_ in MOD_DEPS for c in head.lefts))  # "young voters on TikTok": the platform is a channel
        of = child.dep_ == "prep" and child.lower_ == "of" and head.lower_ in lex.of_heads
        if participle or prep or of:
            sub = _tail_tokens(child, places)
            if sum(not t.is_punct for t in sub) <= 8 and any(qualifies(t, lex, places) or t.lower_ in lex.adjectives for t in sub[1:]) \
                    or of and _role_object(sub, lex):
                return sub
    return None


def _tail_tokens(prep: Token, places: Places) -> list[Token]:
    """The words of a tail: the preposition's subtree, cut before a list of names that are not all
    countries ("firms in Egypt, New Waves and Flexell": the names are the firms, not places), and
    to the object's own words when the subtree runs on ("critics of President Jacob Zuma and his
    clique and ...")."""
    sub = list(prep.subtree)
    commas = [t for t in sub if t.text == "," and t.i > prep.i]
    if commas:
        listed = [t for t in sub if t.i > commas[0].i and t.dep_ == "conj" and t.pos_ == "PROPN"]
        if listed and not all(places.country(_compound_name(t)) for t in listed):
            sub = [t for t in sub if t.i < commas[0].i]
    objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    if sum(not t.is_punct for t in sub) > 8 and objs and objs[0].ent_type_ in NAME_ENTS:
        sub = [prep, *prep.doc[objs[0].left_edge.i:objs[0].i + 1]]  # the name, without what follows it
    return sub


def _compound_name(tok: Token) -> str:
    """"Waves" in "New Waves" -> "New Waves": a proper noun with its compound words."""
    return tok.doc[min([tok.i, *[c.i for c in tok.lefts if c.dep_ == "compound"]]):tok.i + 1].text


def _role_object(sub: list[Token], lex: GroupLexicon) -> bool:
    """"employees of the president", "critics of the government": the object of "of" is one definite
    agent (a role noun of the PETRARCH/Phoenix agents dictionary)."""
    words = [t for t in sub[1:] if not t.is_punct]
    if len(words) != 2 or words[0].lower_ != "the" or words[1].tag_ != "NN":
        return False
    return lex.agents.sector(words[1].lemma_) is not None
