"""The questions of the training handout, and the blocks of the trainer's guide.

The trainer's guide (content/trainershandleiding/) discusses every question of the
participants' material (content/training/). A question is found by its form, so that
the handout needs no markup of its own: a paragraph or list item that ends with a
question mark ("Welke criteria ...?"), or that is followed by room to write
(``{schrijfruimte}``), whatever its last sign ("Vul in wie ... verantwoordelijk is.").
Headings are no questions.

Questions are numbered per chapter of the handout, in reading order. The guide names
one by a paragraph that is only ``{vraag <deel> <nummer>}`` (the chapter's file name
without .md, and the number) and writes its discussion points under it; the PDF shows
the question there as the participants read it. A chapter of the guide with the file
name of a part of the handout (casus.md) goes with that part. A paragraph
``{regio <blok>}`` shows a part of the region's own data there (REGIO_BLOKKEN), so that
the guide of each region names its own Zorg- en Veiligheidshuis and tables without
naming them in the text.

Pure functions of the loaded chapters: no I/O, no rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .markdown import parser

if TYPE_CHECKING:
    from .model import Hoofdstuk

# A paragraph of the guide that is only "{vraag casus 3}" or "{regio opschaaltafels}".
BLOK = re.compile(r"^\{(vraag|regio) ([a-z0-9-]+)(?: (\d{1,3}))?\}$")
# What a "{regio ...}" paragraph may show (the guide's template has a macro for each).
REGIO_BLOKKEN = ("beheer", "veiligheidshuizen", "opschaaltafels")

_SCHRIJFRUIMTE = re.compile(r"^\{schrijfruimte(?: \d{1,2})?\}$")


@dataclass(frozen=True)
class Vraag:
    """A question of the handout."""

    deel: str  # the slug of the handout's chapter
    nummer: int  # 1, 2, ... within that chapter, in reading order
    tekst: str  # as the participants read it (Markdown)
    genummerd: int | None  # its number in print, as an item of a numbered list
    path: str  # the chapter's file
    regel: int  # its line there

    @property
    def sleutel(self) -> str:
        return f"{self.deel} {self.nummer}"

    @property
    def label(self) -> str:
        """Its caption in the guide: 'Vraag 3' when the handout prints the number."""
        return f"Vraag {self.genummerd}" if self.genummerd is not None else "Bespreekvraag"


@dataclass(frozen=True)
class Blok:
    """A "{vraag ...}" or "{regio ...}" paragraph of the guide."""

    soort: str  # "vraag" | "regio"
    naam: str  # the handout's chapter, or one of REGIO_BLOKKEN
    nummer: int | None  # the question's number
    path: str  # the guide's chapter
    regel: int  # its line there

    @property
    def sleutel(self) -> str:
        return f"{self.naam} {self.nummer}" if self.nummer is not None else self.naam


def vragen(h: Hoofdstuk) -> list[Vraag]:
    """The questions of a chapter of the handout, in reading order."""
    tokens = parser().parse(h.markdown)
    blokken: list[tuple[str, int, int | None]] = []  # (text, 0-based line, number in print) of each paragraph and item
    volgt_schrijfruimte: list[bool] = []
    lijsten: list[int | None] = []  # of each list we are in: the next item's number (None: bullets)
    item_start: list[int] = []  # index in blokken where the open items' texts begin
    for i, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            lijsten.append(None)
        elif token.type == "ordered_list_open":
            lijsten.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lijsten.pop()
        elif token.type == "list_item_open":
            item_start.append(len(blokken))
            blokken.append(("", token.map[0] if token.map else 0, lijsten[-1]))
            volgt_schrijfruimte.append(False)
            if lijsten[-1] is not None:
                lijsten[-1] += 1
        elif token.type == "list_item_close":
            item_start.pop()
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            tekst = token.content.strip()
            if _SCHRIJFRUIMTE.match(tekst):
                if blokken:
                    volgt_schrijfruimte[-1] = True
                continue
            if item_start:  # a paragraph of a list item: part of the item's text
                j = item_start[-1]
                eerder, regel, genummerd = blokken[j]
                blokken[j] = (f"{eerder}\n\n{tekst}".strip(), regel, genummerd)
            else:
                blokken.append((tekst, token.map[0] if token.map else 0, None))
                volgt_schrijfruimte.append(False)
    out: list[Vraag] = []
    for (tekst, regel, genummerd), schrijven in zip(blokken, volgt_schrijfruimte):
        if tekst and (tekst.endswith("?") or schrijven):
            out.append(Vraag(h.slug, len(out) + 1, tekst, genummerd, h.path, h.body_line + regel))
    return out


def blokken(h: Hoofdstuk) -> list[Blok]:
    """The "{vraag ...}" and "{regio ...}" paragraphs of a chapter of the guide."""
    out = []
    for i, token in enumerate(tokens := parser().parse(h.markdown)):
        if token.type == "inline" and tokens[i - 1].type == "paragraph_open" and (m := BLOK.match(token.content.strip())):
            nummer = int(m.group(3)) if m.group(3) else None
            out.append(Blok(m.group(1), m.group(2), nummer, h.path, h.body_line + (token.map[0] if token.map else 0)))
    return out


def per_sleutel(training: list[Hoofdstuk]) -> dict[str, Vraag]:
    """Every question of the handout by its key ('casus 3')."""
    return {v.sleutel: v for h in training for v in vragen(h)}


def delen(handleiding: list[Hoofdstuk], training: list[Hoofdstuk]) -> dict[str, tuple[int, str]]:
    """Per chapter of the guide that goes with a part of the handout (it has the same file
    name, e.g. casus.md in both folders): the number of that part in the handout
    ('Deel 3') and its title."""
    nummers = {h.slug: (i + 1, h.titel) for i, h in enumerate(training)}
    return {h.slug: nummers[h.slug] for h in handleiding if h.slug in nummers}
