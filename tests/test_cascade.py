"""The cascade: mappings merge, values replace, lists replace or extend; origins kept."""

from __future__ import annotations

from generator.cascade import cascade
from generator.load import parse_yaml
from generator.schema import BASIS, GEMEENTE, validate

BASE = """\
titel: Basis
fasen:
  2:
    naam: Meervoudig
    casusregie: ""
    behandelregie: Hoofdbehandelaar
    opschalen:
      - Regionaal criterium.
werkafspraken:
  - Meldcode
"""


def layer(text: str, spec, laag: str, path: str):
    tree, problems = parse_yaml(text, path)
    rec, more = validate(tree, spec, laag)
    assert problems == more == []
    return rec


def merged(gemeente: str):
    base = layer(BASE, BASIS, "basis", "content/regiekaart.yaml")
    local = layer(gemeente, GEMEENTE, "gemeente", "gemeenten/x.yaml")
    return cascade([base, local])


def test_mapping_merges_and_value_replaces() -> None:
    rec = merged("naam: X\nfasen:\n  2:\n    casusregie: Wijkteam\n")
    fase = rec.get("fasen").get(2)
    assert fase.get("casusregie").value == "Wijkteam"
    assert fase.get("casusregie").laag == "gemeente"
    assert fase.get("casusregie").pos.path == "gemeenten/x.yaml" and fase.get("casusregie").pos.line == 4
    # untouched values keep their origin in the base
    assert fase.get("behandelregie").laag == "basis" and fase.get("behandelregie").pos.line == 6
    assert fase.get("naam").value == "Meervoudig"


def test_plain_list_replaces() -> None:
    rec = merged("naam: X\nfasen:\n  2:\n    opschalen:\n      - Eigen criterium.\n")
    items = rec.get("fasen").get(2).get("opschalen").items
    assert [c.tekst for c in items] == ["Eigen criterium."]


def test_toevoegen_extends_without_repeating() -> None:
    rec = merged("naam: X\nfasen:\n  2:\n    opschalen:\n      toevoegen:\n        - Eigen criterium.\nwerkafspraken:\n  toevoegen:\n    - Lokaal overleg\n")
    items = rec.get("fasen").get(2).get("opschalen").items
    assert [(c.tekst, c.laag) for c in items] == [("Regionaal criterium.", "basis"), ("Eigen criterium.", "gemeente")]
    assert [w.value for w in rec.get("werkafspraken").items] == ["Meldcode", "Lokaal overleg"]


def test_chain_of_three_layers() -> None:
    """A regional layer can sit between base and gemeente."""
    base = layer(BASE, BASIS, "basis", "content/regiekaart.yaml")
    regio = layer("naam: R\nfasen:\n  2:\n    casusregie: Regionaal team\n    opschalen:\n      toevoegen:\n        - Regio.\n", GEMEENTE, "regio", "r.yaml")
    local = layer("naam: X\nfasen:\n  2:\n    opschalen:\n      toevoegen:\n        - Lokaal.\n", GEMEENTE, "gemeente", "x.yaml")
    rec = cascade([base, regio, local])
    fase = rec.get("fasen").get(2)
    assert fase.get("casusregie").laag == "regio"
    assert [c.laag for c in fase.get("opschalen").items] == ["basis", "regio", "gemeente"]
    assert set(fase.lagen) == {"basis", "regio", "gemeente"}


def test_layers_are_not_mutated() -> None:
    base = layer(BASE, BASIS, "basis", "content/regiekaart.yaml")
    local = layer("naam: X\nfasen:\n  2:\n    casusregie: Wijkteam\n", GEMEENTE, "gemeente", "x.yaml")
    cascade([base, local])
    assert base.get("fasen").get(2).get("casusregie").value == ""
