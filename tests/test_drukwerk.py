"""The print geometry of the card and the estimate of whether it fits on one page,
measured with the shipped font (no WeasyPrint)."""

from __future__ import annotations

import math
import re

import pytest

from generator.drukwerk import A4, FONT_BOLD, FONT_REGULAR, MAAT, MATEN, PAPIER_MM, KaartMaat, check_kaart, meet_kaart, metriek, regels
from generator.load import parse_yaml
from generator.model import LAAG_BASIS, maak_kaart
from generator.problems import Pos
from generator.schema import BASIS, PAPIER, validate

from .conftest import ROOT

FONTS = ROOT / "assets" / "fonts"
REGULAR = metriek(FONTS / FONT_REGULAR)
BOLD = metriek(FONTS / FONT_BOLD)

BASE = """\
titel: Proef
fasen:
  1:
    naam: Gewone leven
    omschrijving: Eigen kracht.
    casusregie: Betrokkenen zelf
  2:
    naam: Meervoudig
    casusregie: Sociaal team
  3:
    naam: Onveilig
    casusregie: CASUSREGIE
  4:
    naam: Onrust
    casusregie: Crisisteam
"""


def kaart(casusregie_3: str = "Wijkteam", base: str = BASE):
    text = base.replace("CASUSREGIE", casusregie_3)
    tree, problems = parse_yaml(text, "content/regiekaart.yaml")
    rec, more = validate(tree, BASIS, LAAG_BASIS)
    assert problems == more == []
    return maak_kaart(rec, rec, is_basis=True)


# --- the font's widths ------------------------------------------------------------------------


def test_widths_add_up_and_scale_with_the_size() -> None:
    assert REGULAR.breedte("ab", 10) == pytest.approx(REGULAR.breedte("a", 10) + REGULAR.breedte("b", 10))
    assert REGULAR.breedte("Casusregie", 20) == pytest.approx(2 * REGULAR.breedte("Casusregie", 10))
    assert REGULAR.breedte("", 10) == 0
    assert BOLD.breedte("Casusregie", 10) > REGULAR.breedte("Casusregie", 10)
    assert REGULAR.breedte("iiii", 10) < REGULAR.breedte("MMMM", 10)
    # letter spacing adds per character
    assert REGULAR.breedte("abc", 10, 0.1) == pytest.approx(REGULAR.breedte("abc", 10) + 3 * 0.1 * 10 * 25.4 / 72)


def test_a_character_the_font_lacks_still_has_a_width() -> None:
    assert REGULAR.breedte("\U0001F600", 10) > 0


def test_a_line_of_text_is_a_few_mm_per_word() -> None:
    """Sanity of the units: at 11.5 pt a word of ten letters is about 20 mm wide."""
    assert 15 < REGULAR.breedte("Casusregie", 11.5) < 25


# --- lines -----------------------------------------------------------------------------------------


def test_lines_grow_with_the_length_of_the_text() -> None:
    counts = [regels(" ".join(["Sociaal wijkteam"] * n), 50, REGULAR, 11.5) for n in range(0, 40)]
    assert counts[0] == counts[1] == 1
    assert counts == sorted(counts) and counts[-1] >= 10
    # and shrink with the width of the column
    text = " ".join(["Sociaal wijkteam"] * 10)
    assert regels(text, 30, REGULAR, 11.5) > regels(text, 60, REGULAR, 11.5) > regels(text, 500, REGULAR, 11.5) == 1


def test_lines_break_at_spaces() -> None:
    word = "Wijkteam"
    width = REGULAR.breedte(word, 10)
    space = REGULAR.breedte(" ", 10)
    assert regels(f"{word} {word}", 2 * width + space + 0.01, REGULAR, 10) == 1
    assert regels(f"{word} {word}", 2 * width + space - 0.01, REGULAR, 10) == 2
    assert regels(f"{word}\n\n  {word}", 2 * width + space + 0.01, REGULAR, 10) == 1  # any whitespace is one space


def test_a_word_longer_than_the_column_breaks_anywhere() -> None:
    word = "Zorgveiligheidscoördinatiecentrum"
    width = REGULAR.breedte(word, 10)
    assert regels(word, width / 3.5, REGULAR, 10) == 4
    assert regels(word, width + 0.01, REGULAR, 10) == 1


def test_the_label_after_a_value_is_an_unbreakable_box() -> None:
    word = "Wijkteam"
    width = REGULAR.breedte(word, 10)
    assert regels(word, width + 5, REGULAR, 10, extra=3) == 1
    assert regels(word, width + 5, REGULAR, 10, extra=6) == 2  # no room for the label on the line
    assert regels("", 20, REGULAR, 10, extra=6) == 1


# --- measuring a card ------------------------------------------------------------------------------


def test_the_longest_cell_is_named_with_its_position() -> None:
    long = "Het sociaal wijkteam van de gemeente, samen met de wijkagent en de woningcorporatie, en bij twijfel het Zorg- en Veiligheidshuis"
    k = kaart(long)
    meting = meet_kaart(k, FONTS)
    assert meting.hoogste == "casusregie in fase 3"
    cel = k.fase(3).cel("casusregie")
    assert meting.hoogste_pos == cel.waarde.pos and meting.hoogste_pos.line == BASE.splitlines().index("    casusregie: CASUSREGIE") + 1
    assert meting.hoogste_regels == regels(long, MAAT.kolom_fase - 2 * MAAT.pad_h - MAAT.rand, REGULAR, MAAT.tekst)
    assert meting.hoogste_regels > 2


def test_a_longer_value_makes_a_taller_card() -> None:
    heights = [meet_kaart(kaart(" ".join(["Sociaal wijkteam"] * n) or "x"), FONTS).hoogte for n in (1, 5, 10, 20, 40)]
    assert heights == sorted(heights) and heights[0] < heights[-1]
    assert meet_kaart(kaart(), FONTS).ruimte == round(MAAT.tabelhoogte, 2)


def test_a_long_description_is_the_longest_text() -> None:
    base = BASE.replace("omschrijving: Eigen kracht.", "omschrijving: " + " ".join(["Eigen kracht van het huishouden."] * 12))
    meting = meet_kaart(kaart(base=base), FONTS)
    assert meting.hoogste == "de omschrijving van fase 1"
    assert meting.hoogste_pos.line == 5


def test_a_card_that_does_not_fit_is_an_error_at_its_longest_value() -> None:
    fits = meet_kaart(kaart(), FONTS)
    assert fits.past and check_kaart(fits, Pos("content/regiekaart.yaml"), "de universele kaart") == []
    assert fits.te_veel == 0 and fits.uitleg == ""
    huge = kaart(" ".join(["Het sociaal wijkteam met alle partners in de wijk"] * 40))
    meting = meet_kaart(huge, FONTS)
    assert not meting.past and meting.hoogte > meting.ruimte
    problems = check_kaart(meting, Pos("content/regiekaart.yaml"), "de universele kaart")
    assert len(problems) == 1 and problems[0].is_error
    assert problems[0].pos == huge.fase(3).cel("casusregie").waarde.pos
    # by how much, in mm and in lines of a cell's text
    mm = round(meting.hoogte - meting.ruimte)
    lines = math.ceil((meting.hoogte - meting.ruimte) / (MAAT.tekst * MAAT.regel * 25.4 / 72))
    assert lines > 5
    assert f"past niet op één liggende A4: ze is ongeveer {mm} mm te lang (zo'n {lines} regels tekst)" in problems[0].message
    assert f"casusregie in fase 3 ({meting.hoogste_regels} regels op de kaart)" in problems[0].message
    assert "A3" not in problems[0].message.replace("A4", "")  # the universal card is always A4: no advice about A3


def test_by_how_much_in_plain_words() -> None:
    meting = meet_kaart(kaart(), FONTS)
    one_line = MAAT.regelhoogte
    for te_veel, expected in ((0.3, "ongeveer 1 mm te lang (zo'n 1 regel tekst)"), (one_line + 0.5, "ongeveer 6 mm te lang (zo'n 2 regels tekst)"), (23.4, "ongeveer 23 mm te lang (zo'n 5 regels tekst)")):
        meting.hoogte = meting.ruimte + te_veel
        assert meting.te_lang == expected, te_veel


def test_a3_is_named_when_the_card_would_fit_there() -> None:
    """A gemeente's card too long for A4 is measured on A3 too: the message says whether
    'papierformaat: A3' would do."""
    wat = " ".join(["Het sociaal wijkteam met alle partners in de wijk"] * 12)
    a_bit = kaart(wat)
    meting = meet_kaart(a_bit, FONTS, a3=True)
    assert not meting.past and meting.op_a3 is True
    assert meet_kaart(a_bit, FONTS, MATEN["A3"]).past
    message = check_kaart(meting, Pos("gemeenten/x.yaml"), "X")[0].message
    assert message.endswith("Op A3 past ze wel: zet 'papierformaat: A3' in het bestand, op een eigen regel zonder spaties ervoor.")
    assert "Op A3 past ze wel" in meting.uitleg and meting.uitleg.startswith("De geprinte kaart is ongeveer ")

    far_too_long = meet_kaart(kaart(" ".join([wat] * 6)), FONTS, a3=True)
    assert far_too_long.op_a3 is False and not meet_kaart(kaart(" ".join([wat] * 6)), FONTS, MATEN["A3"]).past
    assert check_kaart(far_too_long, Pos("gemeenten/x.yaml"), "X")[0].message.endswith("Ook op A3 past ze niet.")

    # already on A3 and still too long: said so, without advice about A3
    on_a3 = meet_kaart(kaart(" ".join([wat] * 6)), FONTS, MATEN["A3"], a3=True)
    assert on_a3.op_a3 is None
    message = check_kaart(on_a3, Pos("gemeenten/x.yaml"), "X")[0].message
    assert "past niet op één liggende A3: ze is ongeveer" in message and "papierformaat" not in message
    # without a3 (the universal card) nothing is measured on A3
    assert meet_kaart(a_bit, FONTS).op_a3 is None


def test_a_card_without_a_position_points_at_the_fallback() -> None:
    meting = meet_kaart(kaart(" ".join(["lang"] * 600)), FONTS)
    meting.hoogste_pos = None
    assert check_kaart(meting, Pos("gemeenten/x.yaml", 3), "X")[0].pos == Pos("gemeenten/x.yaml", 3)


def test_the_geometry_decides_the_room_and_the_height() -> None:
    k = kaart()
    normal = meet_kaart(k, FONTS)
    assert meet_kaart(k, FONTS, KaartMaat(kop=40)).ruimte == pytest.approx(normal.ruimte - 21)
    assert meet_kaart(k, FONTS, KaartMaat(tekst=16)).hoogte > normal.hoogte
    assert meet_kaart(k, FONTS, KaartMaat(pad_v=4)).hoogte > normal.hoogte


# --- the geometry and its CSS --------------------------------------------------------------------


def test_the_table_fills_the_page_between_the_margins() -> None:
    for papier, maat in MATEN.items():
        width, height = PAPIER_MM[papier]
        assert maat.breedte == width - 2 * maat.marge_zij
        assert maat.tabelhoogte == height - maat.marge_boven - maat.marge_onder - maat.kop
        assert maat.kolom_rol + 4 * maat.kolom_fase == pytest.approx(maat.breedte)
    assert MAAT is MATEN["A4"] and MAAT.pagina == A4


def test_css_carries_the_same_numbers() -> None:
    css = MAAT.css()
    assert f"@page kaart {{ size: A4 landscape; margin: {MAAT.marge_boven}mm {MAAT.marge_zij}mm {MAAT.marge_onder}mm; }}" in css
    assert f"--kaart-tekst: {MAAT.tekst}pt;" in css and f"--kaart-kolom-rol: {MAAT.kolom_rol}mm;" in css
    assert f"--kaart-regel: {MAAT.regel};" in css
    assert f"--kaart-grens: {MAAT.hoogte}mm;" in css and "--kaart-overloop: 0.0mm;" in css
    names = re.findall(r"--kaart-([a-z-]+):", css)
    assert len(names) == len(set(names)) == 16


def test_a3_has_the_same_letters_and_more_room() -> None:
    """A3 is a page of its own, not the A4 card enlarged: the same font sizes, more room."""
    a4, a3 = MAAT.css(), MATEN["A3"].css()
    assert "size: A4 landscape;" in a4 and "size: A3 landscape;" in a3
    letters = lambda css: re.findall(r"--kaart-[a-z-]+: [\d.]+pt;", css)  # noqa: E731
    assert letters(a4) == letters(a3) and len(letters(a4)) == 6
    assert MATEN["A3"].tabelhoogte > 1.4 * MAAT.tabelhoogte and MATEN["A3"].kolom_fase > 1.4 * MAAT.kolom_fase
    assert set(PAPIER_MM) == set(MATEN) == set(PAPIER)  # every paper a gemeente may choose has its geometry


def test_the_page_of_a_card_too_long_grows_by_the_overflow_and_the_band() -> None:
    """serve and --draft: the whole card on one page, the part past the paper's edge marked."""
    for papier, maat in MATEN.items():
        width, height = PAPIER_MM[papier]
        css = maat.css(23.4)
        assert f"size: {width}mm {height + 23.4 + maat.band:.1f}mm;" in css
        assert "--kaart-overloop: 23.4mm;" in css and f"--kaart-grens: {maat.hoogte}mm;" in css
        assert maat.hoogte == maat.kop + maat.tabelhoogte  # the line is where the table must end
