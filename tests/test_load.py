"""The load stage: positions kept, bad files turned into problems."""

from __future__ import annotations

import time
from pathlib import Path

from generator.load import Mapping, Scalar, Sequence, load_markdown, load_yaml, parse_yaml

from .conftest import write


def only(problems):
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_positions_are_kept() -> None:
    tree, problems = parse_yaml("naam: Breda\nfasen:\n  2:\n    casusregie: Wijkteam\n", "g.yaml")
    assert problems == []
    assert isinstance(tree, Mapping)
    fase = tree.entries["fasen"].value.entries[2]
    assert fase.key_pos.line == 3 and fase.key_pos.column == 3
    value = fase.value.entries["casusregie"].value
    assert isinstance(value, Scalar) and value.raw == "Wijkteam"
    assert (value.pos.line, value.pos.column) == (4, 17)


def test_plain_scalars_keep_their_text() -> None:
    tree, _ = parse_yaml("a: no\nb: 1.0\nc: 'ja'\n", "g.yaml")
    assert tree.entries["a"].value.value is False and tree.entries["a"].value.raw == "no"
    assert tree.entries["b"].value.raw == "1.0"
    assert tree.entries["c"].value.plain is False


def test_duplicate_key_reported_with_both_lines() -> None:
    _, problems = parse_yaml("naam: A\nstatus: concept\nnaam: B\n", "g.yaml")
    p = only(problems)
    assert (p.pos.line, p.pos.column) == (3, 1)
    assert "tweede keer" in p.message and "regel 1" in p.message


def test_tab_in_indentation() -> None:
    tree, problems = parse_yaml("fasen:\n\t2:\n    casusregie: x\n", "g.yaml")
    p = only(problems)
    assert (p.pos.line, p.pos.column) == (2, 1) and "tab" in p.message and p.is_error
    # repaired (the tab as the indentation its siblings would have): the rest is still read
    assert tree.entries["fasen"].value.entries[2].value.entries["casusregie"].value.raw == "x"


def test_alias_bomb_fails_fast_in_little_memory() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    start = time.perf_counter()
    tree, problems = parse_yaml(bomb, "g.yaml")
    assert time.perf_counter() - start < 1.0  # sanity bound, not a benchmark
    # every line with an anchor or alias is reported, and read as text: nothing is expanded
    assert [p.pos.line for p in problems] == list(range(1, 11))
    assert all("aliassen" in p.message and p.code == "RK111" for p in problems)
    assert tree.entries["j"].value.raw.startswith("&j [*i")


def test_syntax_errors_get_dutch_message_and_line() -> None:
    _, problems = parse_yaml("naam: Breda\nfasen:\n  2:\n    casusregie: Wijkteam\n   procesregie: X\n", "g.yaml")
    p = only(problems)
    assert p.pos.line == 5 and "springt verkeerd in" in p.message
    _, problems = parse_yaml("naam: Breda\ntoelichting: dit: klopt niet\n", "g.yaml")
    p = only(problems)
    assert p.pos.line == 2 and "aanhalingstekens" in p.message


def test_unclosed_quote() -> None:
    _, problems = parse_yaml('naam: "Breda\nstatus: concept\n', "g.yaml")
    assert "aanhalingsteken" in only(problems).message


def test_not_utf8(tmp_path: Path) -> None:
    file = write(tmp_path / "g.yaml", "naam: Breda\ntoelichting: café\n".encode("latin-1"))
    doc = load_yaml(file, "g.yaml")
    p = only(doc.problems)
    assert doc.root is None and (p.pos.line, p.pos.column) == (2, 17) and "UTF-8" in p.message


def test_empty_and_comment_only_files(tmp_path: Path) -> None:
    assert "leeg" in only(load_yaml(write(tmp_path / "a.yaml", "  \n"), "a.yaml").problems).message
    assert "commentaar" in only(load_yaml(write(tmp_path / "b.yaml", "# niets\n"), "b.yaml").problems).message


def test_top_level_must_be_mapping(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path / "g.yaml", "- Breda\n- Roosendaal\n"), "g.yaml")
    assert doc.root is None and "een lijst" in only(doc.problems).message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path / "g.yaml", "\ufeffnaam: Breda\n".encode("utf-8")), "g.yaml")
    assert doc.problems == [] and isinstance(doc.root, Mapping)


def test_markdown_front_matter_lines(tmp_path: Path) -> None:
    file = write(tmp_path / "h.md", "---\ntitle: Titel\norder: 1\ntitel: fout\n---\n\n## Kop\n")
    doc = load_markdown(file, "h.md")
    assert doc.problems == [] and doc.body_line == 6
    assert doc.front.entries["titel"].key_pos.line == 4
    missing = load_markdown(write(tmp_path / "x.md", "# Geen front matter\n"), "x.md")
    assert "front matter ontbreekt" in only(missing.problems).message


def test_sequence_positions() -> None:
    tree, _ = parse_yaml("lijst:\n  - een\n  - twee\n", "g.yaml")
    seq = tree.entries["lijst"].value
    assert isinstance(seq, Sequence) and [i.pos.line for i in seq.items] == [2, 3]


def test_control_character() -> None:
    tree, problems = parse_yaml("naam: Breda\ntoelichting: a\x00b\n", "g.yaml")
    p = only(problems)
    assert (p.pos.line, p.pos.column) == (2, 15) and "U+0000" in p.message and p.code == "RK106"
    assert tree.entries["naam"].value.value == "Breda"  # the rest of the file is still read
