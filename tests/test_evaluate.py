"""ioggraph.evaluate / ioggraph.gold: tiny hand-made gold and node-link graphs, no spaCy model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioggraph.errors import SchemaError
from ioggraph.evaluate import format_report, score
from ioggraph.gold import Gold, GoldActor, GoldTactic, load_gold, norm_name

TEXT = ("Beijing funded trips for Taiwanese lawmakers. "
        "The United Front Work Department paid influencers to post videos. "
        "Reuters reported the scheme.")
S1 = (0, TEXT.index(".") + 1)                                   # first sentence
S2 = (S1[1] + 1, TEXT.index("videos.") + len("videos."))        # second sentence


def span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def node(nid: str, label: str, *aliases: str, doc: str = "a.txt", kind: str = "actor") -> dict:
    mention = {"doc": f"corpus/{doc}", "start": 0, "end": len(label), "text": label}
    return {"id": nid, "label": label, "kind": kind, "type": "Technique" if kind == "technique" else "Group",
            "aliases": sorted(aliases), "mentions": [mention], "docs": [f"corpus/{doc}"]}


def edge(source: str, target: str, at: tuple[int, int] = S1, *, doc: str = "a.txt", kind: str = "tactic",
         techniques: list[str] | None = None, technique: str | None = None, quote: str | None = None) -> dict:
    e = {"source": source, "target": target, "relation": "influence_campaign", "kind": kind,
         "technique": technique or (techniques[0] if techniques else None), "confidence": 0.9,
         "evidence": [{"doc": f"corpus/{doc}", "start": at[0], "end": at[1],
                       "quote": TEXT[at[0]:at[1]] if quote is None else quote}]}
    if techniques is not None:
        e["techniques"] = techniques
    return e


def graph(nodes: list[dict], edges: list[dict]) -> dict:
    return {"directed": True, "multigraph": True, "graph": {"documents": {}}, "nodes": nodes, "edges": edges}


CHINA = GoldActor("China", "government", "perpetrator", ("Beijing",))
UFWD = GoldActor("United Front Work Department", "organization", "perpetrator", ("UFWD",))
LAWMAKERS = GoldActor("Taiwanese lawmakers", "group", "target")
REUTERS = GoldActor("Reuters", "media", "reporter")
ACTORS = (CHINA, UFWD, LAWMAKERS, REUTERS)
T_TRIPS = GoldTactic("China", "Beijing funded trips for Taiwanese lawmakers", ("T0126", "T0126.002"),
                     "Taiwanese lawmakers")
T_PAID = GoldTactic("United Front Work Department", "paid influencers to post videos", ("T0100.003",))
T_EMPTY = GoldTactic("China", "funded trips", ())


def gold(*tactics: GoldTactic, file: str = "a.txt", relevant: bool = True,
         actors: tuple[GoldActor, ...] = ACTORS) -> dict[str, Gold]:
    return {file: Gold(file=file, relevant=relevant, actors=actors if relevant else (),
                       tactics=tactics if relevant else ())}


@pytest.mark.parametrize("a, b, same", [
    ("The Chinese Communist Party", "chinese communist party", True),
    ("People\u2019s Liberation Army", "People's Liberation Army", True),
    ("Beijing's", "Beijing", True),
    ("Beijing\u2019s", "beijing", True),
    ("\u201cBase 311\u201d", "Base 311", True),
    ("'Base 311'", "Base 311", True),
    ("Lai Ching\u2013te", "Lai Ching-te", True),
    ("Lai Ching \u2014 te", "lai ching-te", True),
    ("  Taiwan   Affairs Office ", "taiwan affairs office", True),
    ("the members'", "members", True),
    ("Theodore", "odore", False),
    ("Taiwan", "Taiwanese", False),
    ("DPP", "Democratic Progressive Party", False),
])
def test_norm_name(a: str, b: str, same: bool) -> None:
    assert (norm_name(a) == norm_name(b)) is same


@pytest.mark.parametrize("nodes, hit, total, missed", [
    ([], 0, 3, ["China", "United Front Work Department", "Taiwanese lawmakers"]),
    ([node("cn", "Beijing")], 1, 3, ["United Front Work Department", "Taiwanese lawmakers"]),
    ([node("cn", "PRC", "China"), node("ufwd", "UFWD")], 2, 3, ["Taiwanese lawmakers"]),
    ([node("ufwd", "the United Front Work Department\u2019s"), node("tl", "Taiwanese Lawmakers")],
     2, 3, ["China"]),
    ([node("cn", "China", doc="b.txt")], 0, 3, ["China", "United Front Work Department",
                                               "Taiwanese lawmakers"]),             # other doc
    ([node("reuters", "Reuters")], 0, 3, ["China", "United Front Work Department",
                                          "Taiwanese lawmakers"]),                  # reporter: no key
])
def test_key_actor_recall(nodes: list[dict], hit: int, total: int, missed: list[str]) -> None:
    report = score(graph(nodes, []), gold())
    assert (report.key_actor_recall.hit, report.key_actor_recall.total) == (hit, total)
    assert report.docs[0].missed_key_actors == missed


NODES = [node("cn", "Beijing"), node("ufwd", "UFWD"), node("tl", "Taiwanese lawmakers"),
         node("x", "Xinhua"), node("T0126", "Fund trips", kind="technique")]


@pytest.mark.parametrize("edges, hit, total, spurious", [
    ([], 0, 0, []),
    ([edge("cn", "tl")], 2, 2, []),
    ([edge("cn", "T0126")], 1, 1, []),                                  # technique node ignored
    ([edge("x", "tl", kind="relation")], 1, 2, ["Xinhua"]),
    ([edge("x", "tl", doc="b.txt")], 0, 0, []),                         # evidenced elsewhere
    ([edge("cn", "tl"), edge("ufwd", "tl", S2), edge("x", "cn")], 3, 4, ["Xinhua"]),
])
def test_actor_precision(edges: list[dict], hit: int, total: int, spurious: list[str]) -> None:
    report = score(graph(NODES, edges), gold())
    assert (report.actor_precision.hit, report.actor_precision.total) == (hit, total)
    assert report.docs[0].spurious_actors == spurious


@pytest.mark.parametrize("edges, texts, hit", [
    ([edge("cn", "tl", S1)], True, 1),                                   # sentence contains quote
    ([edge("cn", "tl", span("Beijing funded trips for"))], True, 1),     # overlaps >= 50%
    ([edge("cn", "tl", span("Beijing funded"))], True, 0),               # overlaps < 50%
    ([edge("ufwd", "tl", S1)], True, 0),                                 # wrong actor
    ([edge("cn", "tl", S1, kind="relation")], True, 0),                  # not a tactic edge
    ([edge("cn", "tl", S1, doc="b.txt")], True, 0),                      # other document
    ([edge("cn", "tl", S2)], True, 0),                                   # other sentence
    ([edge("cn", "tl", (None, None), quote="Beijing \u201cfunded\u201d trips for Taiwanese lawmakers.")],
     False, 1),                                                          # no text: normalised substring
    ([edge("cn", "tl", (0, 0), quote="Beijing funded trips for Taiwanese")], False, 1),  # >= 50% of it
    ([edge("cn", "tl", (0, 0), quote="Beijing funded trips")], False, 0),               # < 50% of it
])
def test_activity_recall(edges: list[dict], texts: bool, hit: int) -> None:
    report = score(graph(NODES, edges), gold(T_TRIPS), {"corpus/a.txt": TEXT} if texts else None)
    assert (report.activity_recall.hit, report.activity_recall.total) == (hit, 1)
    assert len(report.docs[0].missed_activities) == 1 - hit


@pytest.mark.parametrize("techniques, technique, exact, lenient", [
    (["T0126.002", "T0126"], None, (2, 0, 0), (1, 0, 0)),
    (["T0126.002"], None, (1, 0, 1), (1, 0, 0)),
    (["T0126.001"], None, (0, 1, 2), (1, 0, 0)),
    (None, "T0126.002", (1, 0, 1), (1, 0, 0)),                           # `techniques` absent
    (["IOG-ID-DOCS", "T0126"], None, (1, 0, 1), (1, 0, 0)),              # project code ignored
    (["T0057"], None, (0, 1, 2), (0, 1, 1)),
    ([], None, (0, 0, 2), (0, 0, 1)),
])
def test_technique_pairs(techniques: list[str] | None, technique: str | None,
                         exact: tuple[int, int, int], lenient: tuple[int, int, int]) -> None:
    e = edge("cn", "tl", techniques=techniques, technique=technique)
    report = score(graph(NODES, [e]), gold(T_TRIPS, T_EMPTY))
    assert (report.techniques.tp, report.techniques.fp, report.techniques.fn) == exact
    assert (report.techniques_lenient.tp, report.techniques_lenient.fp,
            report.techniques_lenient.fn) == lenient


def test_technique_pair_uses_label_of_unmatched_actor_and_lists_details() -> None:
    report = score(graph(NODES, [edge("x", "tl", techniques=["T0126"])]), gold(T_TRIPS))
    doc = report.docs[0]
    assert doc.wrong_technique_pairs == ["Xinhua T0126"]
    assert doc.missed_technique_pairs == ["China T0126", "China T0126.002"]
    assert report.techniques.f1 == 0.0


def test_empty_gold_techniques_still_count_for_activity_recall() -> None:
    report = score(graph(NODES, [edge("cn", "tl", S1)]), gold(T_EMPTY), {"a.txt": TEXT})
    assert (report.activity_recall.hit, report.activity_recall.total) == (1, 1)
    assert (report.techniques.tp, report.techniques.fp, report.techniques.fn) == (0, 0, 0)
    assert report.techniques.f1 is None


@pytest.mark.parametrize("edges, count", [
    ([], 0),
    ([edge("cn", "tl", doc="n.txt")], 1),
    ([edge("cn", "tl", doc="n.txt", kind="relation")], 0),
    ([edge("cn", "tl", doc="n.txt"), edge("x", "T0126", doc="n.txt"), edge("ufwd", "tl")], 2),
])
def test_relevant_false(edges: list[dict], count: int) -> None:
    gold_docs = {**gold(T_TRIPS), **gold(file="n.txt", relevant=False)}
    report = score(graph(NODES, edges), gold_docs)
    assert report.irrelevant_tactic_edges == count
    negative = next(d for d in report.docs if not d.relevant)
    assert negative.actor_precision.total == 0 and negative.key_actors.total == 0


def test_micro_average_over_documents_and_unscored() -> None:
    nodes = NODES + [node("cn2", "China", doc="b.txt")]
    gold_docs = {**gold(T_TRIPS), **gold(T_TRIPS, file="b.txt", actors=(CHINA, LAWMAKERS))}
    report = score(graph(nodes, [edge("cn", "tl")]), gold_docs, {"a.txt": TEXT, "b.txt": TEXT})
    assert (report.key_actor_recall.hit, report.key_actor_recall.total) == (3 + 1, 3 + 2)
    assert (report.activity_recall.hit, report.activity_recall.total) == (1, 2)
    report = score(graph(nodes, []), gold_docs, {"a.txt": TEXT})
    assert report.not_in_corpus == ["b.txt"] and len(report.docs) == 1
    report = score(graph(NODES + [node("z", "Zed", doc="z.txt")], []), gold())
    assert report.not_in_gold == ["z.txt"]


def test_format_and_to_dict() -> None:
    report = score(graph(NODES, [edge("x", "tl", techniques=["T0126"])]), gold(T_TRIPS), {"a.txt": TEXT})
    table = format_report(report, docs=True)
    for needle in ("key-actor recall", "technique, lenient F1", "missed activities: China",
                   "spurious actors: Xinhua", "wrong technique pairs: Xinhua T0126"):
        assert needle in table
    assert "missed key actors" not in format_report(report, docs=False)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["activity_recall"] == {"value": 0.0, "hit": 0, "total": 1}
    assert data["per_document"][0]["spurious_actors"] == ["Xinhua"]


GOOD_YAML = """\
file: a.txt
relevant: true
actors:
  - {name: China, type: government, aliases: [Beijing], role: perpetrator}
  - {name: Taiwanese lawmakers, type: group, role: target}
tactics:
  - actor: China
    techniques: [T0126.002]
    target: Taiwanese lawmakers
    quote: "Beijing funded trips"
"""


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_load_gold(tmp_path: Path) -> None:
    write(tmp_path, "file: n.txt\nrelevant: false\n", "n.yaml")
    docs = load_gold(write(tmp_path, GOOD_YAML))
    assert sorted(docs) == ["a.txt", "n.txt"]
    a = docs["a.txt"]
    assert a.actors[0] == GoldActor("China", "government", "perpetrator", ("Beijing",))
    assert a.tactics[0] == GoldTactic("China", "Beijing funded trips", ("T0126.002",), "Taiwanese lawmakers")
    assert docs["n.txt"].relevant is False and docs["n.txt"].actors == ()


@pytest.mark.parametrize("old, new, needles", [
    ("relevant: true", "relevant: yes please", ["a.yaml", "line 1", "'relevant'", "true or false"]),
    ("role: target", "role: victim", ["a.yaml", "line 5", "'role'", "victim"]),
    ("type: group", "type: crowd", ["line 5", "'type'", "crowd"]),
    ("  - actor: China", "  - actor: PRC", ["line 7", "'actor'", "PRC"]),
    ("target: Taiwanese lawmakers", "target: Kinmen", ["line 7", "'target'", "Kinmen"]),
    ('quote: "Beijing funded trips"', "quote:", ["line 7", "'quote'", "non-empty"]),
    ("techniques: [T0126.002]", "techniques: T0126.002", ["line 7", "'techniques'", "list"]),
    ("file: a.txt", "file: [a.txt", ["a.yaml", "line", "not valid YAML"]),
    ("file: a.txt", "", ["a.yaml", "'file'"]),
    ("actors:", "actors: 3\nx:", ["a.yaml", "'actors'"]),
])
def test_load_gold_schema_errors(tmp_path: Path, old: str, new: str, needles: list[str]) -> None:
    assert old in GOOD_YAML
    write(tmp_path, GOOD_YAML.replace(old, new))
    with pytest.raises(SchemaError) as info:
        load_gold(tmp_path)
    for needle in needles:
        assert needle in str(info.value)


@pytest.mark.parametrize("files, needle", [
    ({}, "no *.yaml"),
    ({"a.yaml": GOOD_YAML, "b.yaml": GOOD_YAML}, "also annotated"),
    ({"a.yaml": "- just\n- a list\n"}, "expected a mapping"),
])
def test_load_gold_folder_errors(tmp_path: Path, files: dict[str, str], needle: str) -> None:
    for name, text in files.items():
        write(tmp_path, text, name)
    with pytest.raises(SchemaError, match=r"\S") as info:
        load_gold(tmp_path)
    assert needle in str(info.value)


def test_load_gold_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="gold folder not found"):
        load_gold(tmp_path / "nope")


def test_run_eval_reads_a_store_and_the_corpus_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ioggraph.export.json_export as json_export
    import ioggraph.graph as graph_module
    from ioggraph.evaluate import run_eval

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT, encoding="utf-8")
    store = tmp_path / "g.db"
    store.write_bytes(b"")
    data = graph(NODES, [edge("cn", "tl", span("Beijing funded trips for"), quote="")])
    monkeypatch.setattr(graph_module, "load_graph", lambda path: ("graph of", path))
    monkeypatch.setattr(json_export, "node_link", lambda g: data if g == ("graph of", store) else {})
    report = run_eval(write(tmp_path / "gold", GOOD_YAML.replace('"Beijing funded trips"',
                                                                  '"Beijing funded trips for Taiwanese lawmakers"')),
                      corpus_dir=tmp_path / "corpus", store=store)
    assert (report.activity_recall.hit, report.key_actor_recall.hit) == (1, 2)


def test_run_eval_needs_corpus_or_store(tmp_path: Path) -> None:
    from ioggraph.errors import IoggraphError
    from ioggraph.evaluate import run_eval

    with pytest.raises(IoggraphError, match="--corpus DIR"):
        run_eval(write(tmp_path, GOOD_YAML))
