"""Domain model: the cascaded data as objects the checks and templates read.

Everything a template shows is decided here (cell status, labels, what
deviates from the base), so templates only display.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .problems import Pos
from .schema import FASE_NUMMERS, VELDEN, Criterium, Lijst, Rec, Val

AFKORTINGEN = {
    "casusregie": "Cr",
    "behandelregie": "Br",
    "procesregie": "Pr",
    "operationeel_verantwoordelijk": "Ov",
    "bestuurlijk_verantwoordelijk": "Bv",
}

CEL_STATUS_TEKST = {
    "lokaal": "lokaal ingevuld",
    "basis": "uit de universele regiekaart",
    "ontbreekt": "ontbreekt",
    "open": "in te vullen door de gemeente",
}

LAAG_BASIS = "basis"
LAAG_GEMEENTE = "gemeente"

STATUS_LABELS = {
    "voorbeeld": "Voorbeeldinvulling",
    "concept": "Concept",
    "vastgesteld": "Vastgesteld",
}

_PLACEHOLDER = re.compile(
    r"""^(
        todo|tbd|tbc|fixme|xxx+|x|\?+|\.{2,}|…+|-+|_+|
        n\.?t\.?b\.?|n\.?n\.?b\.?|p\.?m\.?|
        (nog\ )?in\ te\ vullen|(nog\ )?invullen|nader\ in\ te\ vullen|nader\ te\ bepalen|
        onbekend|leeg|vul\ in|wie\?*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PLACEHOLDER_WORD = re.compile(r"\b(TODO|FIXME|TBD|XXX)\b|\?\?")


def is_placeholder(text: str) -> bool:
    """A stand-in that an author meant to replace (TODO, ?, ..., n.t.b.)."""
    stripped = text.strip()
    return bool(_PLACEHOLDER.match(stripped) or _PLACEHOLDER_WORD.search(stripped))


def is_ingevuld(text: str | None) -> bool:
    """Filled: not empty, not blank, not a placeholder. 'niet van toepassing' counts."""
    return bool(text and text.strip()) and not is_placeholder(text or "")


def slugify(text: str) -> str:
    """'Bergen op Zoom' -> 'bergen-op-zoom'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- the card ----------------------------------------------------------------------


@dataclass
class Cel:
    """One cell of the card: a responsibility field in a fase."""

    veld: str
    waarde: Val | None  # after the cascade
    basis: Val | None  # what the base says
    status: str  # "lokaal" | "basis" | "ontbreekt" | "open"

    @property
    def label(self) -> str:
        return VELDEN[self.veld]

    @property
    def tekst(self) -> str:
        return self.waarde.value.strip() if self.waarde and is_ingevuld(self.waarde.value) else ""

    @property
    def status_tekst(self) -> str:
        return CEL_STATUS_TEKST[self.status]

    @property
    def afkorting(self) -> str:
        return AFKORTINGEN[self.veld]


@dataclass
class Fase:
    nummer: int
    naam: str
    omschrijving: str
    cellen: list[Cel]
    opschalen: list[Criterium]
    afschalen: list[Criterium]
    rec: Rec  # merged record, for positions

    def cel(self, veld: str) -> Cel:
        return next(c for c in self.cellen if c.veld == veld)

    @property
    def opschalen_naar(self) -> int | None:
        return self.nummer + 1 if self.nummer < 4 else None

    @property
    def afschalen_naar(self) -> int | None:
        return self.nummer - 1 if self.nummer > 1 else None

    @property
    def ontbrekend(self) -> list[Cel]:
        return [c for c in self.cellen if c.status == "ontbreekt"]


@dataclass
class Kaart:
    fasen: list[Fase]
    werkafspraken: list[Val]

    def fase(self, nummer: int) -> Fase:
        return next(f for f in self.fasen if f.nummer == nummer)

    @property
    def velden(self) -> list[tuple[str, str]]:
        return list(VELDEN.items())


def _text(rec: Rec | None, key: str) -> str:
    val = rec.get(key) if rec else None
    return val.value.strip() if isinstance(val, Val) and isinstance(val.value, str) else ""


def _items(rec: Rec | None, key: str) -> list[Any]:
    lijst = rec.get(key) if rec else None
    return list(lijst.items) if isinstance(lijst, Lijst) else []


def maak_kaart(merged: Rec, basis: Rec | None, is_basis: bool) -> Kaart:
    """Build the card from a cascaded record; ``basis`` is the base layer alone."""
    fasen_rec: Rec = merged.get("fasen") or Rec({}, merged.pos, merged.laag)
    basis_fasen: Rec | None = basis.get("fasen") if basis else None
    fasen = []
    for nummer in FASE_NUMMERS:
        rec = fasen_rec.get(nummer) or Rec({}, fasen_rec.pos, fasen_rec.laag)
        basis_rec = basis_fasen.get(nummer) if basis_fasen else None
        cellen = []
        for veld in VELDEN:
            waarde = rec.get(veld)
            if waarde is not None and is_ingevuld(waarde.value):
                status = "basis" if waarde.laag == LAAG_BASIS else "lokaal"
            else:
                status = "open" if is_basis else "ontbreekt"
            cellen.append(Cel(veld, waarde, basis_rec.get(veld) if basis_rec else None, status))
        fasen.append(
            Fase(
                nummer=nummer,
                naam=_text(rec, "naam"),
                omschrijving=_text(rec, "omschrijving"),
                cellen=cellen,
                opschalen=_items(rec, "opschalen"),
                afschalen=_items(rec, "afschalen"),
                rec=rec,
            )
        )
    return Kaart(fasen, _items(merged, "werkafspraken"))


# --- what deviates -----------------------------------------------------------------------


@dataclass
class Afwijking:
    fase: int
    veld: str  # a responsibility field, "opschalen"/"afschalen", "naam", "omschrijving"
    label: str
    basis: str  # what the base says ("" when the base leaves it open)
    lokaal: str
    pos: Pos
    soort: str  # "ingevuld" (base left it open) | "vervangen" | "toegevoegd"


def afwijkingen(kaart: Kaart, laag: str) -> list[Afwijking]:
    """Every place where ``laag`` puts its own value over the base."""
    out: list[Afwijking] = []
    for fase in kaart.fasen:
        for key, label in (("naam", "Naam van de fase"), ("omschrijving", "Omschrijving")):
            val = fase.rec.get(key)
            if isinstance(val, Val) and val.laag == laag:
                out.append(Afwijking(fase.nummer, key, label, "", val.value, val.pos, "vervangen"))
        for cel in fase.cellen:
            if cel.waarde is not None and cel.waarde.laag == laag:
                basis = cel.basis.value.strip() if cel.basis and is_ingevuld(cel.basis.value) else ""
                out.append(Afwijking(fase.nummer, cel.veld, cel.label, basis, cel.waarde.value, cel.waarde.pos, "vervangen" if basis else "ingevuld"))
        for key in ("opschalen", "afschalen"):
            lijst = fase.rec.get(key)
            if isinstance(lijst, Lijst) and lijst.laag == laag:
                out.append(Afwijking(fase.nummer, key, f"Criteria {key}", "(alle regionale criteria)", "vervangen door een eigen lijst", lijst.pos, "vervangen"))
            for crit in getattr(fase, key):
                if crit.laag == laag and not (isinstance(lijst, Lijst) and lijst.laag == laag):
                    out.append(Afwijking(fase.nummer, key, f"Criterium {key}", "", crit.tekst, crit.pos, "toegevoegd"))
    return out


# --- the documents ---------------------------------------------------------------------------


@dataclass
class Regiesoort:
    sleutel: str
    naam: str
    omschrijving: str
    kenmerken: list[str]


@dataclass
class Verantwoordelijkheid:
    sleutel: str
    naam: str
    omschrijving: str


@dataclass
class Opschaaltafel:
    naam: str
    omschrijving: str
    fasen: list[int]


@dataclass
class Basis:
    """The universal regiekaart of the region."""

    path: str
    rec: Rec
    titel: str
    ondertitel: str
    versie: str
    bijgewerkt: dt.date | None
    toelichting: str
    kaart: Kaart
    regiesoorten: list[Regiesoort]
    verantwoordelijkheden: list[Verantwoordelijkheid]
    opschaaltafels: list[Opschaaltafel]


@dataclass
class Gemeente:
    slug: str
    path: str
    rec: Rec  # the gemeente's own layer
    naam: str
    status: str
    versie: str
    bijgewerkt: dt.date | None
    vastgesteld: dt.date | None
    toelichting: str
    kaart: Kaart
    afwijkingen: list[Afwijking] = field(default_factory=list)
    papierformaat: str = ""  # "" follows the site's setting

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_voorbeeld(self) -> bool:
        return self.status == "voorbeeld"

    @property
    def ontbrekend(self) -> int:
        return sum(len(f.ontbrekend) for f in self.kaart.fasen)

    @property
    def datum(self) -> dt.date | None:
        return self.vastgesteld or self.bijgewerkt

    def pos_in_eigen_bestand(self, fase: int | None = None) -> Pos:
        """Where to point an author at: the fase in their file, else `fasen`, else the top."""
        fasen = self.rec.get("fasen")
        if fase is not None and fasen is not None and fasen.get(fase) is not None:
            return fasen.get(fase).pos
        if fasen is not None:
            return fasen.pos
        naam = self.rec.get("naam")
        return naam.pos if naam else Pos(self.path)


@dataclass
class Hoofdstuk:
    slug: str
    path: str
    titel: str
    order: int
    markdown: str
    body_line: int
    invoegen: list[str] = field(default_factory=list)  # training: generated blocks after the text


@dataclass
class Site:
    titel: str
    regio: str
    omschrijving: str
    beheer: str
    papierformaat: str = "A4"


@dataclass
class Project:
    site: Site
    basis: Basis
    gemeenten: list[Gemeente]
    hoofdstukken: list[Hoofdstuk]
    training: list[Hoofdstuk] = field(default_factory=list)


def _date(rec: Rec, key: str) -> dt.date | None:
    val = rec.get(key)
    return val.value if isinstance(val, Val) and isinstance(val.value, dt.date) else None


def maak_basis(path: str, rec: Rec) -> Basis:
    def rec_items(key: str) -> list[tuple[str, Rec]]:
        sub = rec.get(key)
        return list(sub.fields.items()) if isinstance(sub, Rec) else []

    return Basis(
        path=path,
        rec=rec,
        titel=_text(rec, "titel"),
        ondertitel=_text(rec, "ondertitel"),
        versie=_text(rec, "versie"),
        bijgewerkt=_date(rec, "bijgewerkt"),
        toelichting=_text(rec, "toelichting"),
        kaart=maak_kaart(rec, rec, is_basis=True),
        regiesoorten=[
            Regiesoort(k, _text(r, "naam"), _text(r, "omschrijving"), [v.value for v in r.get("kenmerken") or []])
            for k, r in rec_items("regiesoorten")
        ],
        verantwoordelijkheden=[Verantwoordelijkheid(k, _text(r, "naam"), _text(r, "omschrijving")) for k, r in rec_items("verantwoordelijkheden")],
        opschaaltafels=[
            Opschaaltafel(_text(r, "naam"), _text(r, "omschrijving"), sorted(v.value for v in r.get("fasen") or []))
            for r in rec.get("opschaaltafels") or []
        ],
    )


def maak_gemeente(slug: str, path: str, eigen: Rec, merged: Rec, basis: Rec) -> Gemeente:
    kaart = maak_kaart(merged, basis, is_basis=False)
    status = eigen.get("status")
    gemeente = Gemeente(
        slug=slug,
        path=path,
        rec=eigen,
        naam=_text(eigen, "naam") or slug,
        status=status.value if status else "concept",
        versie=_text(eigen, "versie"),
        bijgewerkt=_date(eigen, "bijgewerkt"),
        vastgesteld=_date(eigen, "vastgesteld"),
        toelichting=_text(eigen, "toelichting"),
        kaart=kaart,
        papierformaat=_text(eigen, "papierformaat"),
    )
    gemeente.afwijkingen = afwijkingen(kaart, LAAG_GEMEENTE)
    return gemeente
