"""The schema stage: unknown keys, wrong types, fase keys."""

from __future__ import annotations

from generator.load import parse_yaml
from generator.schema import BASIS, GEMEENTE, Lijst, validate


def check(text: str, spec=GEMEENTE):
    tree, problems = parse_yaml(text, "gemeenten/x.yaml")
    assert problems == []
    return validate(tree, spec, "gemeente")


def test_unknown_key_with_suggestion() -> None:
    _, problems = check("naam: X\nfasen:\n  2:\n    casusregi: Wijkteam\n")
    (p,) = problems
    assert (p.pos.line, p.pos.column) == (4, 5)
    assert "onbekende sleutel 'casusregi'" in p.message and "Bedoelde u 'casusregie'?" in p.message


def test_unknown_top_level_key() -> None:
    _, problems = check("naam: X\nstatuss: concept\n")
    (p,) = problems
    assert p.pos.line == 2 and "Bedoelde u 'status'?" in p.message


def test_list_where_text_belongs() -> None:
    _, problems = check("naam: X\nfasen:\n  2:\n    casusregie:\n      - Wijkteam\n      - GGD\n")
    (p,) = problems
    assert p.pos.line == 5 and "hoort een tekst" in p.message and "een lijst" in p.message


def test_fase_keys_other_than_1_to_4() -> None:
    _, problems = check("naam: X\nfasen:\n  5:\n    casusregie: A\n  fase2:\n    casusregie: B\n")
    assert [p.pos.line for p in problems] == [3, 5]
    assert all("de fasen heten 1, 2, 3 en 4" in p.message for p in problems)


def test_quoted_fase_key_is_accepted() -> None:
    rec, problems = check("naam: X\nfasen:\n  '2':\n    casusregie: A\n")
    assert problems == [] and 2 in rec.get("fasen").fields


def test_status_choice_and_dates() -> None:
    _, problems = check("naam: X\nstatus: vastgesteldd\nvastgesteld: '12-3-2026'\n")
    assert [p.pos.line for p in problems] == [2, 3]
    assert "Bedoelde u 'vastgesteld'?" in problems[0].message
    assert "JJJJ-MM-DD" in problems[1].message


def test_impossible_date() -> None:
    tree, problems = parse_yaml("naam: X\nbijgewerkt: 2026-13-45\n", "g.yaml")
    assert problems and problems[0].pos.line == 2


def test_missing_required_key() -> None:
    _, problems = check("status: concept\n")
    (p,) = problems
    assert "'naam' ontbreekt" in p.message


def test_list_operations() -> None:
    rec, problems = check("naam: X\nfasen:\n  2:\n    opschalen:\n      toevoegen:\n        - Nieuw criterium.\n        - nb: Een toelichting.\n")
    assert problems == []
    lijst = rec.get("fasen").get(2).get("opschalen")
    assert isinstance(lijst, Lijst) and lijst.mode == "toevoegen"
    assert [(c.tekst, c.nb) for c in lijst.items] == [("Nieuw criterium.", False), ("Een toelichting.", True)]


def test_bad_list_operation() -> None:
    _, problems = check("naam: X\nfasen:\n  2:\n    opschalen:\n      toevoegn:\n        - Nieuw.\n")
    (p,) = problems
    assert p.pos.line == 5 and "Bedoelde u 'toevoegen'?" in p.message


def test_criterium_block_other_than_nb() -> None:
    _, problems = check("naam: X\nfasen:\n  2:\n    opschalen:\n      - nota: Iets.\n")
    (p,) = problems
    assert p.pos.line == 5 and "'- nb: tekst'" in p.message


def test_base_requires_title_and_fasen() -> None:
    _, problems = check("ondertitel: X\n", BASIS)
    assert sorted(p.message.split("'")[1] for p in problems) == ["fasen", "titel"]
