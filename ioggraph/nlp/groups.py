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
  government": a short participle / "in" / "of" phrase is kept when it is what qualifies the group.
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
TAIL_PREPS = {"in", "from", "across", "inside", "outside", "within"}
KIND_TAGS = {"NN", "NNS", "NNP", "NNPS", "VBG"}   # modifiers that say what kind of thing: "influence", "hacking"


def group_candidates(doc: Doc, lex: GroupLexicon, places: Places) -> list[Candidate]:
    """Every group phrase in the doc, as Candidates over the phrase's tokens."""
    out = []
    for i in _head_positions(doc, lex, places):
        tok = doc[i]
        if tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        demonym_head = places.demonym(tok.text) is not None and tok.dep_ not in MOD_DEPS and tok.tag_ in {"NNPS", "NNS", "NNP"}
        if demonym_head or lex.head_kind(tok) is not None:
            out.extend(_as_members(c, tok, lex) for c in phrase_groups(tok, lex, places))
    return coordinated_heads(doc, _same_audience(doc, out), lex, places)


def _as_members(cand: Candidate, head: Token, lex: GroupLexicon) -> Candidate:
    """A group named as the members of a unit (``lex.units``: "a network of accounts based in Egypt") is also
    called by the unit's name: "network of accounts based in Egypt" becomes an alias of "accounts based in Egypt"."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "of" or prep.dep_ != "prep" or prep.head.lemma_.lower() not in lex.units \
            or prep.head.i + 2 != cand.start:
        return cand
    unit = prep.head
    return replace(cand, aliases=cand.aliases | {f"{unit.text} of {cand.label}"})


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
    words = lex.nouns | lex.operations | lex.campaigns | set(lex.collective) | places.single_word_demonyms()
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
        if j is None or not all(t.is_alpha and t.is_lower and t.lower_ not in lex.drop for t in doc[i + 2:j]):
            continue
        first, second = by_head.get(i), by_head.get(j)
        both = first is not None and second is not None and not any(_named(t, places) for t in doc[i + 2:j + 1])
        if (first is None) == (second is None) and not both or first is not None and first.end != i + 1 \
                or second is not None and (second.start != i + 2 or second.end < j + 1 or not both and second.end != j + 1):
            continue
        left = first.label if first is not None else tok.lower_
        right = second.label if second is not None else " ".join(t.lower_ for t in doc[i + 2:j + 1])
        start = first.start if first is not None else i
        end = second.end if second is not None else j + 1
        cand = _cand(start, end, f"{left} {doc[k].lower_} {right}", doc[j], core=(first.core_start if first else i, j + 1))
        if first is None and j > i + 2:  # "officials and local activists" ~ "local officials and activists"
            cand.aliases.add(f"{' '.join(t.lower_ for t in doc[i + 2:j])} {tok.lower_} {doc[k].lower_} {doc[j].lower_}")
        if both:
            cand.aliases |= {first.label, second.label}
        drop |= {id(c) for c in (first, second) if c is not None}
        out.append(cand)
    return [c for c in cands if id(c) not in drop] + out


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
    if head.lower_ in lex.operations or head.lower_ in lex.campaigns:
        linked = linked_to(head, lex, places)
        if linked is not None:
            return [linked_group(head, start, mods, *linked, places)]
    kind = lex.head_kind(head) or "Group"
    lower = head.lower_
    if lower in lex.no_compound_heads and any(m.lower_ in lex.platforms for m in mods):
        return []  # "WhatsApp groups", "Facebook pages": channels
    # an owner names listed groups ("Shor's allies") and collectives ("Kenya's judiciary"); "the Ministry of
    # State Security's officers" are that ministry's own people, not a group of their own
    listed = lower in lex.nouns or lower in lex.collective
    owner = _owner(head, places if lower in lex.collective or not listed else None, names=listed)
    mod_text = doc[mods[0].i:head.i].text if mods else ""
    if lower in lex.campaigns:  # "Vietnam-linked influence operation", never "Chinese influence campaigns"
        if not LINKED.search(mod_text):
            return []
        qualified = True
    elif lower in lex.modifier_only:  # "bot army", never "the Chinese army"
        qualified = any(m.lower_ in lex.operation_modifiers for m in mods)
    elif lower in lex.operations:  # "Iranian network", "Tehran-based network"; "the Spamouflage network" is Spamouflage
        if _describes_a_name(head):
            return []  # "the Internet Research Agency, a St. Petersburg-based troll farm": that agency
        qualified = any(_place_word(m, places) for m in mods) or bool(PRO_ANTI.search(mod_text))
    elif lower in lex.collective:  # a name must say whose: "Chinese media"
        qualified = any(_named(m, places) for m in mods) or bool(PRO_ANTI.search(mod_text))
    else:
        qualified = any(qualifies(m, lex, places) for m in mods) or _phrase_qualifies(mod_text, lex) \
            or lower not in lex.no_compound_heads and any(_role_compound(m) for m in mods)  # "party officials"
    tail = _tail(head, lex, places, any(_named(m, places) for m in mods) or owner is not None)  # "political parties in Nigeria"
    if not (qualified or owner is not None or tail or head.lower_ in lex.standalone):
        return []
    words = [*(group_word(t, places) for t in mods), head_word(head, places)]
    if owner is not None:
        words.insert(0, owner)
    end = head.i + 1
    if tail:
        end = tail[-1].i + 1
        words.append(doc[tail[0].i:end].text)
    free = [m for m in mods if m.ent_type_ or m.pos_ == "PROPN" or m.is_upper or m.text == "-"]
    core_start = max((m.i + 1 for m in free), default=start)
    cand = _cand(start, end, _join(words), head, core=(core_start, head.i + 1), kind=kind)
    if tail:
        cand.aliases |= _tail_aliases(words[:-1], tail, qualified, places)
    return [cand]


def linked_to(head: Token, lex: GroupLexicon, places: Places) -> tuple[str, int] | None:
    """(the name, end of the phrase) of "operations linked to Vietnam" / "a group linked with Iran's
    Revolutionary Guard": a participle in ``lex.links`` whose "to"/"with" object is a name; None otherwise."""
    for child in head.rights:
        if child.dep_ != "acl" or child.lower_ not in lex.links:
            continue
        for prep in child.rights:
            if prep.dep_ != "prep" or prep.lower_ not in {"to", "with"}:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None or not (_proper(obj) or places.is_place_word(obj.text)):
                return None
            owner = {t.i for c in obj.lefts if c.dep_ == "poss" for t in c.subtree}   # "Iran's" in "Iran's IRGC"
            words = [t for t in obj.doc[obj.left_edge.i:obj.i + 1] if t.i not in owner and t.dep_ != "det"]
            return " ".join(t.text for t in words), obj.i + 1
    return None


def linked_group(head: Token, start: int, mods: list[Token], name: str, end: int, places: Places) -> Candidate:
    """The group "operations linked to Vietnam" names: "Vietnam-linked influence operations". Noun modifiers
    ("influence", "hacking") say what kind of operation it is and stay; adjectives ("coordinated", "fake")
    describe it and go (``KIND_TAGS``). A plural head also gives the singular name ("Vietnam-linked influence operation")."""
    kinds = [group_word(t, places) for t in mods if t.tag_ in KIND_TAGS]
    label = _join([f"{name}-linked", *kinds, head_word(head, places)])
    cand = _cand(start, end, label, head, core=(start, head.i + 1))   # the name behind it stays an actor
    if head.tag_ in PLURAL_TAGS and head.lemma_.lower() != head.lower_:
        cand.aliases.add(_join([f"{name}-linked", *kinds, head.lemma_.lower()]))
    return cand


def _tail_aliases(core: list[str], tail: list[Token], qualified: bool, places: Places) -> set[str]:
    """Other names of "political parties in Nigeria": "political parties" (when that alone names a
    group) and "Nigerian political parties" (a country after "in"/"from" is its demonym before)."""
    out = {_join(core)} if qualified else set()
    rest = [t for t in tail[1:] if t.lower_ != "the"]
    country = places.country(" ".join(t.text for t in rest)) if rest and tail[0].lower_ in {"in", "from", "within"} else None
    if country is not None and country.demonym and not places.demonym(core[0]):
        out.add(_join([country.demonym, *core]))
    return out


def _named(tok: Token, places: Places) -> bool:
    """A modifier that names somebody: an entity, a proper noun, a place or demonym, an acronym."""
    return tok.ent_type_ in NAME_ENTS or tok.pos_ == "PROPN" or places.is_place_word(tok.text) \
        or tok.text.isupper() and len(tok.text) > 1


def _describes_a_name(head: Token) -> bool:
    """True when the phrase is an apposition of a name, or has one ("X, a Tehran-based network")."""
    if head.dep_ == "appos" and head.head.pos_ == "PROPN":
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
    """Contiguous qualifiers left of the head, without determiners and quantities."""
    mods: list[Token] = []
    i = head.i - 1
    while i >= 0:
        tok = head.doc[i]
        participle = not mods and i == head.i - 1 and tok == head.head and tok.lower_ in lex.adjectives \
            and _list_participle(tok)  # "paid influencers"
        if tok.head != head and tok.head not in mods and not participle:
            break
        hyphen_part = tok.head in mods and (tok.text == "-" or tok.dep_ == "npadvmod")  # "IRGC-linked"
        if not hyphen_part and not participle and (tok.dep_ not in MOD_DEPS or tok.lower_ in lex.drop or tok.like_num
                                or not tok.is_alpha and "-" not in tok.text
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


def _owner(head: Token, places: Places | None = None, *, names: bool = True) -> str | None:
    """A named possessor, in full: "Shor's allies", "Vladimir Putin’s political opponents" (a person or
    organisation, or a word of a person's name seen in the document when the tagger missed it); with
    ``places``, also a country ("Kenya's judiciary"); without ``names``, only a country ("China’s
    state-affiliated reporters", not "the Ministry's officers")."""
    for child in head.lefts:
        if child.dep_ != "poss" or child.lower_ in GENERIC_OWNERS or not child.is_title and not child.is_upper:
            continue
        named = names and (child.ent_type_ in {"PERSON", "ORG"} and child.tag_ == "NNP"
                           or child.text in _person_words(head.doc))
        if named or places is not None and places.country(child.text) is not None:
            first = child.left_edge.i if all(t.is_title or t.is_upper for t in head.doc[child.left_edge.i:child.i]) else child.i
            return f"{head.doc[first:child.i + 1].text}’s"
    return None


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
    """'citizens residing in China'; when nothing else qualifies the head: 'people in Western
    countries', and for ``of_heads`` 'critics of the Chinese government'."""
    for child in head.rights:
        participle = child.dep_ == "acl" and child.lower_ in lex.participles
        prep = child.dep_ == "prep" and not qualified and child.lower_ in TAIL_PREPS
        of = child.dep_ == "prep" and child.lower_ == "of" and head.lower_ in lex.of_heads
        if participle or prep or of:
            sub = list(child.subtree)
            while sub[-1].is_punct:   # "members of the Unionist Party, who ...": the parser hangs the comma on "Party"
                sub.pop()
            if len(sub) <= 8 and any(qualifies(t, lex, places) or t.lower_ in lex.adjectives for t in sub[1:]):
                return sub
    return None
