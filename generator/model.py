"""Domain model: the cascaded data as objects the checks and templates read.

Everything a template shows is decided here (cell status, labels, what
deviates from the base), so templates only display.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .problems import Pos
from .cascade import merge
from .persoonsgegevens import Uitzonderingen
from .schema import FASE_NUMMERS, PERSOONSGEGEVENS, Criterium, Lijst, Rec, Val
from .velden import VELDEN

if TYPE_CHECKING:  # drukwerk measures the model's cards: it imports this module
    from .drukwerk import Meting

CEL_STATUS_TEKST = {
    "lokaal": "lokaal ingevuld",
    "basis": "uit de universele regiekaart",
    "regio": "uit de afspraken van de regio",
    "suggestie": "suggestie van de universele regiekaart, geen afspraak",
    "ontbreekt": "ontbreekt",
    "open": "in te vullen door de regio of de gemeente",
}

# The words of the card itself. The card template shows them and the card-fit estimate
# (drukwerk) measures them: change them here, and both follow.
CEL_TEKST = {"ontbreekt": "ONTBREEKT", "open": "In te vullen door regio of gemeente"}  # a cell without a value: a region may agree it, else each gemeente fills it in
KENMERK_RIJ = "Kenmerk van de fase"  # the row heading above the fields


@dataclass(frozen=True)
class Merk:
    """The label after a value that a layer above the base wrote: '◆ Lokaal', '▲ Regio'."""

    teken: str  # decoration, hidden from screen readers
    woord: str

    @property
    def tekst(self) -> str:
        return f"{self.teken} {self.woord}"


MERKEN = {"lokaal": Merk("◆", "Lokaal"), "regio": Merk("▲", "Regio"), "suggestie": Merk("○", "Suggestie")}  # by cell status

LAAG_BASIS = "basis"
LAAG_REGIO = "regio"
LAAG_GEMEENTE = "gemeente"

STATUS_LABELS = {
    "voorbeeld": "Voorbeeldinvulling",
    "concept": "Concept",
    "vastgesteld": "Vastgesteld",
}

# The word that every page and PDF of a card that is not vastgesteld shows in large letters
# (a band and a diagonal mark), so that a printed example or concept is never taken for an
# agreed card; its picture is assets/img/markering-<word>.svg.
MARKERINGEN = {"voorbeeld": "Voorbeeld", "concept": "Concept"}

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


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is not yet in ``used``; taken."""
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


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
    status: str  # "lokaal" | "regio" | "basis" | "suggestie" | "ontbreekt" | "open"
    regio: Val | None = None  # what the region says, if it says anything

    @property
    def onder(self) -> Val | None:
        """What the layers below the gemeente say: the region's value, else the base's."""
        return self.regio if self.regio is not None else self.basis

    @property
    def label(self) -> str:
        return VELDEN[self.veld].label

    @property
    def tekst(self) -> str:
        return self.waarde.value.strip() if self.waarde and is_ingevuld(self.waarde.value) else ""

    @property
    def kaart_tekst(self) -> str:
        """What the card shows in the cell: the value, or the words for a cell without one."""
        return CEL_TEKST.get(self.status, self.tekst)

    @property
    def merk(self) -> Merk | None:
        return MERKEN.get(self.status)

    @property
    def status_tekst(self) -> str:
        return CEL_STATUS_TEKST[self.status]


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
        return [(v.sleutel, v.label) for v in VELDEN.values()]

    def lokaal_ingevuld(self, veld: str) -> bool:
        """Whether the gemeente filled in this field itself in some fase."""
        return any(f.cel(veld).status == "lokaal" for f in self.fasen)

    @property
    def heeft_suggesties(self) -> bool:
        """Whether a cell shows a suggestion of the universal card (the legend explains it)."""
        return any(c.status == "suggestie" for f in self.fasen for c in f.cellen)


def statussen(kaarten: list[Kaart]) -> list[str]:
    """The kinds of cell (Cel.status) that these cards show, in the order of CEL_STATUS_TEKST:
    what the legend of an overview of them explains."""
    gezien = {c.status for k in kaarten for f in k.fasen for c in f.cellen}
    return [s for s in CEL_STATUS_TEKST if s in gezien]


def _text(rec: Rec | None, key: str) -> str:
    val = rec.get(key) if rec else None
    return val.value.strip() if isinstance(val, Val) and isinstance(val.value, str) else ""


def _items(rec: Rec | None, key: str) -> list[Any]:
    lijst = rec.get(key) if rec else None
    return list(lijst.items) if isinstance(lijst, Lijst) else []


def _fase_rec(rec: Rec | None, nummer: int) -> Rec | None:
    fasen = rec.get("fasen") if rec else None
    return fasen.get(nummer) if fasen else None


def suggesties(rec: Rec | None) -> set[str]:
    """The keys of a block of the universal card that it marks as a suggestion."""
    return {v.value for v in (rec.get("suggesties") or [])} if rec is not None else set()


def maak_kaart(merged: Rec, basis: Rec | None, is_basis: bool, regio: Rec | None = None) -> Kaart:
    """Build the card from a cascaded record; ``basis`` and ``regio`` are those layers
    alone. ``is_basis``: a card of the base or a region, whose empty fields are left open
    for the gemeenten (on a gemeente's card an empty field is missing)."""
    fasen_rec: Rec = merged.get("fasen") or Rec({}, merged.pos, merged.laag)
    fasen = []
    for nummer in FASE_NUMMERS:
        rec = fasen_rec.get(nummer) or Rec({}, fasen_rec.pos, fasen_rec.laag)
        basis_rec, regio_rec = _fase_rec(basis, nummer), _fase_rec(regio, nummer)
        cellen = []
        for veld in VELDEN:
            waarde = rec.get(veld)
            if waarde is not None and is_ingevuld(waarde.value):
                status = {LAAG_BASIS: "basis", LAAG_REGIO: "regio"}.get(waarde.laag, "lokaal")
                if status == "basis" and veld in suggesties(basis_rec):
                    status = "suggestie"
            else:
                status = "open" if is_basis else "ontbreekt"
            cellen.append(Cel(veld, waarde, basis_rec.get(veld) if basis_rec else None, status, regio_rec.get(veld) if regio_rec else None))
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
    basis: str  # what the layers below say ("" when they leave it open)
    lokaal: str
    pos: Pos
    soort: str  # "ingevuld" (the layers below left it open, or only suggested a value) | "vervangen" | "toegevoegd"
    bron: str = LAAG_BASIS  # the layer ``basis`` comes from: the base or the region

    @property
    def bron_naam(self) -> str:
        return "regio" if self.bron == LAAG_REGIO else "universele kaart"

    @property
    def wijkt_af(self) -> bool:
        """A real deviation: a value put over a different, non-empty value of a lower layer
        (filling in what a lower layer left open, or adding a criterion, is not one)."""
        return self.soort == "vervangen" and (not self.basis or " ".join(self.basis.split()) != " ".join(self.lokaal.split()))


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
                onder = cel.onder if laag == LAAG_GEMEENTE else cel.basis
                basis = onder.value.strip() if onder and is_ingevuld(onder.value) else ""
                bron = onder.laag if onder is not None and basis else LAAG_BASIS
                # a suggestion of the universal card is no agreement: to put another value there is to fill it in
                voorstel = bron == LAAG_BASIS and cel.veld in suggesties(fase.rec)
                out.append(Afwijking(fase.nummer, cel.veld, cel.label, basis, cel.waarde.value, cel.waarde.pos, "vervangen" if basis and not voorstel else "ingevuld", bron))
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
    """An escalation table (MDO, Zorg- en Veiligheidsteam ...), after the cascade."""

    sleutel: str  # its key in the files, and its anchor on the pages
    naam: str
    organisatie: str
    omschrijving: str
    criteria: list[str]
    aanmelden: str
    fasen: list[int]
    laag: str  # the lowest layer that has it: where it was agreed (base, region or gemeente)
    pos: Pos

    naamloos: bool = False  # no layer gave it a 'naam' (its key stands in): an error in check
    fasen_suggestie: bool = False  # its fasen are the universal card's suggestion, not an agreement
    # The layer that says who organises it and how to bring a case, when that is not the
    # table's own (a region fills in the aanmeld route of a universal table).
    route_laag: str = ""

    @property
    def anker(self) -> str:
        return f"tafel-{self.sleutel}"


def maak_opschaaltafels(merged: Rec | None, *lagen: Rec | None) -> list[Opschaaltafel]:
    """The tables of a cascaded record, in the order of the layers that introduce them.
    ``lagen`` are the layers alone, lowest first: the first that has a table is its origin."""
    tafels = merged.get("opschaaltafels") if merged else None
    if not isinstance(tafels, Rec):
        return []
    out = []
    for sleutel, rec in tafels.fields.items():
        laag = next((r.laag for r in lagen if r is not None and isinstance(r.get("opschaaltafels"), Rec) and sleutel in r.get("opschaaltafels").fields), rec.laag)
        criteria = [v.value for v in _items(rec, "criteria")]
        fasen = sorted(v.value for v in rec.get("fasen") or [])
        naam = _text(rec, "naam")
        fasen_val = rec.get("fasen") or []
        suggestie = bool(fasen_val) and fasen_val[0].laag == LAAG_BASIS and "fasen" in suggesties(rec)
        route = [v.laag for k in ("aanmelden", "organisatie") if isinstance(v := rec.get(k), Val) and is_ingevuld(v.value)]
        route_laag = route[0] if route and route[0] != laag else ""
        out.append(Opschaaltafel(sleutel, naam or sleutel, _text(rec, "organisatie"), _text(rec, "omschrijving"), criteria, _text(rec, "aanmelden"), fasen, laag, rec.pos, not naam, suggestie, route_laag))
    return out


@dataclass
class Veiligheidshuis:
    naam: str
    omschrijving: str
    werkgebied: str
    bereikbaar: str


@dataclass
class Contact:
    """Who is who: a role in the gemeente. ``persoon`` (name, phone, e-mail) is personal
    data: it is only read into the model for a build for the closed intranet."""

    rol: str
    organisatie: str
    wijk: str
    expertise: str
    bereikbaar: str
    vervanging: str
    op_de_kaart: dict[int, list[str]]
    anker: str
    pos: Pos
    persoon: dict[str, str] = field(default_factory=dict)


@dataclass
class Wijziging:
    versie: str
    datum: dt.date | None
    wijziging: str


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
    druk: Meting | None = None  # the printed card's estimate (drukwerk), measured while loading


@dataclass
class Borging:
    """What keeps a card current: its version, when it was adopted and when it must be reviewed."""

    versie: str
    vastgesteld: dt.date | None
    herzien_voor: dt.date | None
    peildatum: dt.date  # the date the build looks from

    @property
    def verlopen(self) -> bool:
        return self.herzien_voor is not None and self.herzien_voor < self.peildatum

    @property
    def dagen_tot_herziening(self) -> int | None:
        return (self.herzien_voor - self.peildatum).days if self.herzien_voor else None

    BINNENKORT = 90  # days before the review date that a card is shown as due

    @property
    def stand(self) -> tuple[str, str]:
        """(kind, words): verlopen, binnenkort, actueel or onbekend, for the overviews."""
        dagen = self.dagen_tot_herziening
        if dagen is None:
            return "onbekend", "Geen herzieningsdatum"
        if self.verlopen:
            return "verlopen", "Herziening verlopen"
        if dagen <= self.BINNENKORT:
            return "binnenkort", f"Herzien binnen {dagen} {'dag' if dagen == 1 else 'dagen'}"
        return "actueel", "Actueel"


@dataclass
class Regio:
    """A region: what its gemeenten share on top of the universal card."""

    slug: str
    path: str  # "" for the region a project without region files has
    rec: Rec | None  # the region's own layer
    naam: str
    omschrijving: str
    beheer: str
    versie: str
    bijgewerkt: dt.date | None
    vastgesteld: dt.date | None
    herzien_voor: dt.date | None
    toelichting: str
    veiligheidshuizen: list[Veiligheidshuis]
    opschaaltafels: list[Opschaaltafel]  # the base's and the region's
    kaart: Kaart  # the universal card with the region's values
    afwijkingen: list[Afwijking] = field(default_factory=list)
    # Its own chapters of the handreiking (content/regios/<regio>/handreiking/), after the
    # common ones in its booklet: attached by the loader.
    hoofdstukken: list[Hoofdstuk] = field(default_factory=list)
    druk: Meting | None = None  # its card's estimate on A4, for the appendix of its booklet (measured while loading)


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
    regio: Regio | None = None  # attached by the loader (see __getstate__)
    regio_slug: str = ""
    herzien_voor: dt.date | None = None
    wijzigingen: list[Wijziging] = field(default_factory=list)
    opschaaltafels: list[Opschaaltafel] = field(default_factory=list)  # base, region and own
    wie_is_wie: list[Contact] = field(default_factory=list)
    druk: Meting | None = None  # the printed card's estimate (drukwerk): its longest text, whether and by how much it is too long

    def __getstate__(self) -> dict[str, Any]:
        # The region is shared by all its gemeenten: it is attached after loading, not
        # pickled with each of them (pages that show it have it in their own inputs).
        return {**self.__dict__, "regio": None}

    def tafels_in_fase(self, nummer: int) -> list[Opschaaltafel]:
        return [t for t in self.opschaaltafels if nummer in t.fasen]

    @property
    def echte_afwijkingen(self) -> list[Afwijking]:
        """Where the gemeente overrides what its region or the universal card says."""
        return [a for a in self.afwijkingen if a.wijkt_af]

    @property
    def aanvullingen(self) -> list[Afwijking]:
        """What the gemeente filled in where the layers below left it open, or added."""
        return [a for a in self.afwijkingen if not a.wijkt_af]

    def contacten(self, nummer: int, veld: str) -> list[Contact]:
        """The contacts whose role the card names in this fase and field."""
        return [c for c in self.wie_is_wie if veld in c.op_de_kaart.get(nummer, [])]

    def borging(self, peildatum: dt.date) -> Borging:
        return Borging(self.versie, self.vastgesteld, self.herzien_voor, peildatum)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_voorbeeld(self) -> bool:
        return self.status == "voorbeeld"

    @property
    def markering(self) -> str:
        """'Voorbeeld' or 'Concept' while the card is not vastgesteld (MARKERINGEN); '' once it is."""
        return MARKERINGEN.get(self.status, "")

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
    volgorde: int
    markdown: str
    body_line: int
    invoegen: list[str] = field(default_factory=list)  # training: generated blocks after the text
    regio: str = ""  # the slug of the region whose own chapter it is; "" for a common chapter
    front: dict[str, Pos] = field(default_factory=dict)  # where its front matter gives 'titel' and 'volgorde', for messages


@dataclass
class Site:
    titel: str
    regionaam: str  # the site setting 'regio': the region the handreiking is written for
    omschrijving: str
    beheer: str
    papierformaat: str = "A4"
    standaardregio: str = ""
    uitzonderingen: Uitzonderingen = field(default_factory=Uitzonderingen)  # what looks like personal data but is not


@dataclass
class Project:
    site: Site
    basis: Basis
    gemeenten: list[Gemeente]
    hoofdstukken: list[Hoofdstuk]
    training: list[Hoofdstuk] = field(default_factory=list)
    regios: list[Regio] = field(default_factory=list)
    peildatum: dt.date = field(default_factory=dt.date.today)  # what "past its review date" is measured from
    standaard: Regio | None = None  # the region of gemeenten that name none
    intern: bool = False  # a build for the closed intranet: the wie-is-wie with names
    trainershandleiding: list[Hoofdstuk] = field(default_factory=list)  # the trainer's guide: one for every region
    fonts: Path | None = None  # the shipped font that the card-fit estimate measures (drukwerk), for the invulformulier

    def regio(self, slug: str) -> Regio | None:
        return next((r for r in self.regios if r.slug == slug), None)

    def gemeenten_van(self, regio: Regio) -> list[Gemeente]:
        return [g for g in self.gemeenten if g.regio_slug == regio.slug]

    def boekje(self, regio: Regio | None) -> list[Hoofdstuk]:
        """The chapters of a region's handreiking, in its order: the common chapters, then
        the region's own (None: the common chapters alone)."""
        return [*self.hoofdstukken, *(regio.hoofdstukken if regio is not None else [])]

    @property
    def regio_hoofdstukken(self) -> list[Hoofdstuk]:
        """The chapters of every region's own, region by region."""
        return [h for r in self.regios for h in r.hoofdstukken]

    def kaartregels(self, regio: Regio) -> list[KaartRegel]:
        """The state of the region's cards, one line per gemeente (the booklet's appendix)."""
        return [KaartRegel(g.naam, g.status, g.status_label, g.vastgesteld, g.herzien_voor) for g in self.gemeenten_van(regio)]


@dataclass(frozen=True)
class KaartRegel:
    """One gemeente's card in an overview of a region's cards: only what the overview
    shows, so that the booklet holding it changes only when these do. Not its version: a
    card's version changes with every edit, and the region's booklet would be made again
    for each (the card and the region's page show it)."""

    naam: str
    status: str
    status_label: str
    vastgesteld: dt.date | None
    herzien_voor: dt.date | None


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
        opschaaltafels=maak_opschaaltafels(rec, rec),
    )


def maak_regio(slug: str, path: str, eigen: Rec | None, basis: Rec, naam: str = "") -> Regio:
    """A region from its own layer over the base (``eigen`` None: the implicit region
    of a project without region files, which adds nothing to the base)."""
    merged = merge(basis, eigen) if eigen is not None else basis
    kaart = maak_kaart(merged, basis, is_basis=True, regio=eigen)
    regio = Regio(
        slug=slug,
        path=path,
        rec=eigen,
        naam=_text(eigen, "naam") or naam or slug,
        omschrijving=_text(eigen, "omschrijving"),
        beheer=_text(eigen, "beheer"),
        versie=_text(eigen, "versie"),
        bijgewerkt=_date(eigen, "bijgewerkt") if eigen else None,
        vastgesteld=_date(eigen, "vastgesteld") if eigen else None,
        herzien_voor=_date(eigen, "herzien_voor") if eigen else None,
        toelichting=_text(eigen, "toelichting"),
        veiligheidshuizen=[Veiligheidshuis(_text(r, "naam"), _text(r, "omschrijving"), _text(r, "werkgebied"), _text(r, "bereikbaar")) for r in _list(eigen, "veiligheidshuizen")],
        opschaaltafels=maak_opschaaltafels(merged, basis, eigen),
        kaart=kaart,
    )
    regio.afwijkingen = afwijkingen(kaart, LAAG_REGIO)
    return regio


def _list(rec: Rec | None, key: str) -> list[Any]:
    value = rec.get(key) if rec else None
    return list(value) if isinstance(value, list) else []


def maak_contacten(eigen: Rec, intern: bool) -> list[Contact]:
    out, used = [], set()
    for rec in _list(eigen, "wie_is_wie"):
        rol = _text(rec, "rol")
        base = slugify(f"{rol} {_text(rec, 'wijk')}") or "contact"
        anker = unique_id(f"wie-{base}", used)
        kaart = rec.get("op_de_kaart")
        op_de_kaart = {nummer: [v.value for v in velden] for nummer, velden in kaart.value.items()} if isinstance(kaart, Val) else {}
        # Personal data is read only for the closed intranet: a default build never holds it.
        persoon = {key: _text(rec, key) for key in PERSOONSGEGEVENS if _text(rec, key)} if intern else {}
        out.append(Contact(rol, _text(rec, "organisatie"), _text(rec, "wijk"), _text(rec, "expertise"), _text(rec, "bereikbaar"), _text(rec, "vervanging"), op_de_kaart, anker, rec.pos, persoon))
    return out


def maak_gemeente(slug: str, path: str, eigen: Rec, merged: Rec, basis: Rec, regio: Regio | None = None, intern: bool = False) -> Gemeente:
    kaart = maak_kaart(merged, basis, is_basis=False, regio=regio.rec if regio else None)
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
        regio=regio,
        regio_slug=regio.slug if regio else "",
        herzien_voor=_date(eigen, "herzien_voor"),
        wijzigingen=[Wijziging(_text(r, "versie"), _date(r, "datum"), _text(r, "wijziging")) for r in _list(eigen, "wijzigingen")],
        opschaaltafels=maak_opschaaltafels(merged, basis, regio.rec if regio else None, eigen),
        wie_is_wie=maak_contacten(eigen, intern),
    )
    gemeente.afwijkingen = afwijkingen(kaart, LAAG_GEMEENTE)
    return gemeente
