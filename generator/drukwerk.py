"""Print geometry of the regiekaart, and whether a card fits on its one page.

The printed card must be exactly one landscape page, A4 or A3 (``papierformaat``).
The numbers that decide its layout live here, once: the PDF template turns them
into CSS custom properties, and ``meet_kaart`` uses the same numbers with the
metrics of the shipped font to estimate the height of the card without running
WeasyPrint. The words it measures (field labels, a cell's text, the labels after a
value) come from the model, where the card template reads them too. That keeps
``check`` fast, and lets it point at the value that is too long, say by how much,
and whether the card would fit on A3.
The estimate errs on the long side (no kerning, breaks only at spaces); the
build also counts the pages WeasyPrint really made.

A3 has the same letters as A4 and more room: a card too long for A4 may fit on A3.
A card that is too long stops `build`; `serve` and `build --draft` print it on a page
made taller by the overflow, with the part past the paper's edge marked in red
(``KaartMaat.css`` with ``overloop``; ``Meting.uitleg`` says why).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .model import KENMERK_RIJ, MERKEN, Kaart
from . import codes
from .meldingen import melding
from .problems import Pos, Problem, error

PAPIER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape: width, height
A4 = PAPIER_MM["A4"]
PT = 25.4 / 72  # mm per point


@dataclass(frozen=True)
class KaartMaat:
    """Everything in mm, font sizes in pt."""

    papier: str = "A4"  # a key of PAPIER_MM
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
    band: float = 20.0  # under a card that is too long (serve, --draft): the red band that says so

    @property
    def pagina(self) -> tuple[float, float]:
        return PAPIER_MM[self.papier]

    @property
    def breedte(self) -> float:
        return self.pagina[0] - 2 * self.marge_zij

    @property
    def hoogte(self) -> float:
        """From the top of the card to the bottom edge of what prints on the paper."""
        return self.pagina[1] - self.marge_boven - self.marge_onder

    @property
    def tabelhoogte(self) -> float:
        """Room for the table on the page."""
        return self.hoogte - self.kop

    @property
    def kolom_fase(self) -> float:
        return (self.breedte - self.kolom_rol) / 4

    @property
    def regelhoogte(self) -> float:
        """One line of a cell's text, in mm."""
        return self.tekst * self.regel * PT

    def css(self, overloop: float = 0.0) -> str:
        """The same numbers as CSS, for the PDF template. ``overloop``: the mm by which
        the card is too long (serve and --draft only); the page then grows by that much
        and the band under it, so that the whole card shows, and ``--kaart-grens`` and
        ``--kaart-overloop`` let the stylesheet mark what falls past the paper's edge."""
        pt = ("tekst", "omschrijving", "rij_kop", "fase_nummer", "fase_naam", "label")
        mm = ("kop", "kolom_rol", "pad_v", "pad_h", "rand", "fase_rand", "band")
        props = [f"--kaart-{n.replace('_', '-')}: {getattr(self, n)}pt;" for n in pt]
        props += [f"--kaart-{n.replace('_', '-')}: {getattr(self, n)}mm;" for n in mm]
        props.append(f"--kaart-regel: {self.regel};")
        props.append(f"--kaart-grens: {self.hoogte}mm;")
        props.append(f"--kaart-overloop: {overloop:.1f}mm;")
        width, height = self.pagina
        size = f"{self.papier} landscape" if overloop <= 0 else f"{width}mm {height + overloop + self.band:.1f}mm"
        return (
            f"@page kaart {{ size: {size}; margin: {self.marge_boven}mm {self.marge_zij}mm {self.marge_onder}mm; }}\n"
            f":root {{ {' '.join(props)} }}"
        )


MATEN = {papier: KaartMaat(papier) for papier in PAPIER_MM}
MAAT = MATEN["A4"]
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
    """The estimated height of a printed card, on its paper."""

    hoogte: float  # mm, the whole table
    ruimte: float  # mm available
    hoogste: str  # what the tallest text is ("casusregie in fase 3")
    hoogste_pos: Pos | None  # where that text was written
    hoogste_regels: int
    papier: str = "A4"
    regelhoogte: float = MAAT.regelhoogte  # mm, one line of a cell's text
    op_a3: bool | None = None  # too long for A4: whether it fits on A3 (None: A3 is no option, or not asked)

    @property
    def past(self) -> bool:
        return self.hoogte <= self.ruimte

    @property
    def te_veel(self) -> float:
        """How many mm the card is too long; 0 when it fits."""
        return max(0.0, round(self.hoogte - self.ruimte, 1))

    @property
    def te_lang(self) -> str:
        """By how much, in plain words: 'ongeveer 23 mm te lang (zo'n 5 regels tekst)'."""
        mm = max(1, round(self.te_veel))
        n = max(1, math.ceil(self.te_veel / self.regelhoogte))
        return melding("te_lang", mm=mm, n=n, regels=melding("regel" if n == 1 else "regels"))

    @property
    def a3_advies(self) -> str:
        """What A3 would do for a card too long for A4, or ''."""
        if self.op_a3 is True:
            return melding("a3_past")
        if self.op_a3 is False:
            return melding("a3_past_niet")
        return ""

    @property
    def uitleg(self) -> str:
        """What the page and the PDF of a card that is too long say (serve, --draft)."""
        if self.past:
            return ""
        return " ".join(
            part
            for part in (
                f"De geprinte kaart is {self.te_lang} voor één liggende {self.papier}.",
                f"De langste tekst is {self.hoogste}: maak die korter en zet uitleg in 'toelichting' of 'werkafspraken'." if self.hoogste else "",
                self.a3_advies,
            )
            if part
        )


def meet_kaart(kaart: Kaart, fonts: Path, maat: KaartMaat = MAAT, a3: bool = False) -> Meting:
    """The estimate for a card on the paper of ``maat``. ``a3``: A3 is an option for this
    card (a gemeente's, not the universal one); when it is too long for A4, it is measured
    on A3 too. The load stage measures each card once and keeps the result on the
    gemeente (``Gemeente.druk``), for the build: the place of its longest text, and for
    `serve` and --draft by how much it is too long."""
    meting = _meet(kaart, fonts, maat)
    if a3 and not meting.past and maat.papier == "A4":
        meting.op_a3 = _meet(kaart, fonts, replace(maat, papier="A3")).past
    return meting


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
            hoogste = (h, melding("hoogste_omschrijving", fase=fase.nummer), val.pos if val else None, n)
    totaal += rij(rij_hoogte)
    for veld, label_tekst in kaart.velden:
        rij_hoogte = hoogte(regels(label_tekst, inner_rol, bold, maat.rij_kop), maat.rij_kop)
        for fase in kaart.fasen:
            cel = fase.cel(veld)
            n = regels(cel.kaart_tekst, inner, regular, maat.tekst, label if cel.merk else 0.0)
            h = hoogte(n, maat.tekst)
            rij_hoogte = max(rij_hoogte, h)
            if h > hoogste[0]:
                hoogste = (h, melding("hoogste_cel", label=label_tekst.lower(), fase=fase.nummer), cel.waarde.pos if cel.waarde else None, n)
        totaal += rij(rij_hoogte)
    # rounded up, never down: the estimate stays on the safe side of the real height
    return Meting(math.ceil(totaal * 100) / 100, round(maat.tabelhoogte, 2), hoogste[1], hoogste[2], hoogste[3], maat.papier, maat.regelhoogte)


def check_kaart(meting: Meting, fallback: Pos, wie: str) -> list[Problem]:
    """An error when the measured card will not fit on its page, at the longest value:
    by how much, what to shorten, and whether A3 would do. `serve` and `build --draft`
    build the card all the same, with the overflow marked (BuildSettings.overflow)."""
    if meting.past:
        return []
    a3 = f" {meting.a3_advies}" if meting.a3_advies else ""
    return [
        error(
            meting.hoogste_pos or fallback,
            melding("kaart_te_lang", wie=wie, papier=meting.papier, te_lang=meting.te_lang, hoogste=meting.hoogste, hoogste_regels=meting.hoogste_regels, a3=a3),
            codes.KAART_TE_LANG,
            wie,
        )
    ]
