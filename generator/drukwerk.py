"""Print geometry of the regiekaart, and whether a card fits on its one page.

The printed card must be exactly one landscape page. The numbers that decide
its layout live here, once: the PDF template turns them into CSS custom
properties, and ``past_op_kaart`` uses the same numbers with the metrics of the
shipped font to estimate the height of the card without running WeasyPrint.
The words it measures (field labels, a cell's text, the labels after a value)
come from the model, where the card template reads them too. That keeps
``check`` fast, and lets it point at the value that is too long.
The estimate errs on the long side (no kerning, breaks only at spaces); the
build also counts the pages WeasyPrint really made.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import KENMERK_RIJ, MERKEN, Kaart
from . import codes
from .problems import Pos, Problem, error

A4 = (297.0, 210.0)  # mm, landscape
A3_ZOOM = 2**0.5  # A3 is A4 scaled by the square root of two
PT = 25.4 / 72  # mm per point
PAGINA = {"A4": "A4 landscape", "A3": f"{420 / A3_ZOOM:.4f}mm {297 / A3_ZOOM:.4f}mm"}


@dataclass(frozen=True)
class KaartMaat:
    """Everything in mm, font sizes in pt."""

    marge_boven: float = 9.0
    marge_zij: float = 10.0
    marge_onder: float = 13.0
    kop: float = 19.0  # the title block above the table
    kolom_rol: float = 33.0
    pad_v: float = 2.0
    pad_h: float = 2.2
    rand: float = 0.3
    fase_rand: float = 2.2  # the colour band above each fase
    tekst: float = 11.5
    omschrijving: float = 9.5
    rij_kop: float = 10.5
    fase_nummer: float = 8.0
    fase_naam: float = 12.0
    label: float = 7.5
    regel: float = 1.25  # line height as a factor of the font size

    @property
    def breedte(self) -> float:
        return A4[0] - 2 * self.marge_zij

    @property
    def tabelhoogte(self) -> float:
        """Room for the table on the page."""
        return A4[1] - self.marge_boven - self.marge_onder - self.kop

    @property
    def kolom_fase(self) -> float:
        return (self.breedte - self.kolom_rol) / 4

    def css(self, papier: str = "A4") -> str:
        """The same numbers as CSS, for the PDF template. A3 is the A4 card zoomed by
        the square root of two; the page is sized so that it comes out as exactly A3."""
        pt = ("tekst", "omschrijving", "rij_kop", "fase_nummer", "fase_naam", "label")
        mm = ("kop", "kolom_rol", "pad_v", "pad_h", "rand", "fase_rand")
        props = [f"--kaart-{n.replace('_', '-')}: {getattr(self, n)}pt;" for n in pt]
        props += [f"--kaart-{n.replace('_', '-')}: {getattr(self, n)}mm;" for n in mm]
        props.append(f"--kaart-regel: {self.regel};")
        return (
            f"@page kaart {{ size: {PAGINA[papier]}; margin: {self.marge_boven}mm {self.marge_zij}mm {self.marge_onder}mm; }}\n"
            f":root {{ {' '.join(props)} }}"
        )


MAAT = KaartMaat()
FONT_REGULAR = "SourceSans3-Regular.ttf"
FONT_BOLD = "SourceSans3-Bold.ttf"


class Metriek:
    """Advance widths of one face of the shipped font."""

    def __init__(self, file: Path) -> None:
        from fontTools.ttLib import TTFont  # weasyprint depends on fonttools

        font = TTFont(str(file), lazy=True)
        self.upm = font["head"].unitsPerEm
        hmtx = font["hmtx"].metrics
        self.widths = {cp: hmtx[name][0] for cp, name in font.getBestCmap().items()}
        self.fallback = hmtx.get(".notdef", (self.upm // 2, 0))[0]
        self.units: dict[str, int] = {}  # per word: the same words come back on every card
        self.lines: dict[tuple[str, float, float, float], int] = {}  # per text, width and size: so do whole values

    def breedte(self, text: str, size_pt: float, spacing_em: float = 0.0) -> float:
        """Width in mm."""
        units = self.units.get(text)
        if units is None:
            units = self.units[text] = sum(self.widths.get(ord(ch), self.fallback) for ch in text)
        return (units / self.upm + spacing_em * len(text)) * size_pt * PT


@lru_cache(maxsize=8)
def metriek(file: Path) -> Metriek:
    return Metriek(file)


def regels(text: str, breedte: float, m: Metriek, size: float, extra: float = 0.0) -> int:
    """Lines a text takes when wrapped at spaces into ``breedte`` mm.

    ``extra`` is an unbreakable box (the 'Lokaal' label) after the text.
    """
    key = (text, breedte, size, extra)
    known = m.lines.get(key)
    if known is None:
        known = m.lines[key] = _regels(text, breedte, m, size, extra)
    return known


def _regels(text: str, breedte: float, m: Metriek, size: float, extra: float) -> int:
    space = m.breedte(" ", size)
    lines, used = 1, 0.0
    items = [m.breedte(w, size) for w in text.split()]
    if extra:
        items.append(extra)
    for w in items:
        if used and used + space + w > breedte:
            lines, used = lines + 1, 0.0
        if used:
            used += space
        while w > breedte:  # a word longer than the column breaks anywhere
            lines, w = lines + 1, w - breedte
        used += w
    return lines


@dataclass
class Meting:
    """The estimated height of a printed card."""

    hoogte: float  # mm, the whole table
    ruimte: float  # mm available
    hoogste: str  # what the tallest text is ("casusregie in fase 3")
    hoogste_pos: Pos | None  # where that text was written
    hoogste_regels: int

    @property
    def past(self) -> bool:
        return self.hoogte <= self.ruimte


def meet_kaart(kaart: Kaart, fonts: Path, maat: KaartMaat = MAAT) -> Meting:
    """The estimate for a card. The load stage measures each card once and keeps where
    its longest text is on the gemeente (``Gemeente.drukpos``), for the build."""
    return _meet(kaart, fonts, maat)


def _meet(kaart: Kaart, fonts: Path, maat: KaartMaat) -> Meting:
    regular = metriek(fonts / FONT_REGULAR)
    bold = metriek(fonts / FONT_BOLD)
    inner = maat.kolom_fase - 2 * maat.pad_h - maat.rand
    inner_rol = maat.kolom_rol - 2 * maat.pad_h - maat.rand
    # The widest label after a value ('◆ Lokaal'), for every labelled cell: errs on the long side.
    label = max(bold.breedte(merk.tekst, maat.label) for merk in MERKEN.values()) + 2 * 0.35 * maat.label * PT

    def hoogte(lines: int, size: float) -> float:
        return lines * size * maat.regel * PT

    def rij(extra: float) -> float:
        return extra + 2 * maat.pad_v + maat.rand

    kop = max(
        hoogte(1, maat.fase_nummer) + hoogte(regels(f.naam, inner, bold, maat.fase_naam), maat.fase_naam) for f in kaart.fasen
    )
    totaal = rij(kop) + maat.fase_rand
    hoogste: tuple[float, str, Pos | None, int] = (0.0, "", None, 0)
    rij_hoogte = hoogte(regels(KENMERK_RIJ, inner_rol, bold, maat.rij_kop), maat.rij_kop)
    for fase in kaart.fasen:
        n = regels(fase.omschrijving, inner, regular, maat.omschrijving)
        h = hoogte(n, maat.omschrijving)
        rij_hoogte = max(rij_hoogte, h)
        if h > hoogste[0]:
            val = fase.rec.get("omschrijving")
            hoogste = (h, f"de omschrijving van fase {fase.nummer}", val.pos if val else None, n)
    totaal += rij(rij_hoogte)
    for veld, label_tekst in kaart.velden:
        rij_hoogte = hoogte(regels(label_tekst, inner_rol, bold, maat.rij_kop), maat.rij_kop)
        for fase in kaart.fasen:
            cel = fase.cel(veld)
            n = regels(cel.kaart_tekst, inner, regular, maat.tekst, label if cel.merk else 0.0)
            h = hoogte(n, maat.tekst)
            rij_hoogte = max(rij_hoogte, h)
            if h > hoogste[0]:
                hoogste = (h, f"{label_tekst.lower()} in fase {fase.nummer}", cel.waarde.pos if cel.waarde else None, n)
        totaal += rij(rij_hoogte)
    return Meting(round(totaal, 2), round(maat.tabelhoogte, 2), hoogste[1], hoogste[2], hoogste[3])


def check_kaart(meting: Meting, fallback: Pos, wie: str) -> list[Problem]:
    """An error when the measured card will not fit on its page, at the longest value."""
    if meting.past:
        return []
    te_veel = meting.hoogte - meting.ruimte
    return [
        error(
            meting.hoogste_pos or fallback,
            f"de geprinte regiekaart van {wie} past niet op één pagina: ze is ongeveer {te_veel:.0f} mm te lang. "
            f"De langste tekst is {meting.hoogste} ({meting.hoogste_regels} regels op de kaart); maak die korter en zet uitleg in 'toelichting' of 'werkafspraken'.",
            codes.KAART_TE_LANG,
            wie,
        )
    ]
