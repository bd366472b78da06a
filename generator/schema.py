"""Schema stage: declarative descriptions of every file, validated into located values.

Like MkDocs' config options, each spec validates one node and collects
problems instead of stopping at the first. The output keeps, for every leaf,
where it came from (``Val.pos``) and from which layer (``Val.laag``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import codes
from .load import Mapping, Node, Scalar, Sequence
from .persoonsgegevens import Detector, in_waarde
from .problems import Pos, Problem, error
from .velden import REGIE, VELDEN, in_groep

FASE_NUMMERS = (1, 2, 3, 4)
STATUSSEN = ("voorbeeld", "concept", "vastgesteld")
PAPIER = ("A4", "A3")  # paper size of the printed regiekaart


# --- located values -----------------------------------------------------------


@dataclass(frozen=True)
class Val:
    """A leaf value with its origin."""

    value: Any
    pos: Pos
    laag: str


@dataclass(frozen=True)
class Criterium:
    tekst: str
    nb: bool  # a note (NB.) rather than a criterion
    pos: Pos
    laag: str


@dataclass
class Rec:
    """A validated mapping; ``lagen`` holds its position in each layer that has it."""

    fields: dict[Any, Any]
    pos: Pos
    laag: str
    lagen: dict[str, Pos] = field(default_factory=dict)

    def get(self, key: Any, default: Any = None) -> Any:
        return self.fields.get(key, default)


@dataclass
class Lijst:
    """A list that a layer either replaces or extends (``toevoegen``)."""

    items: list[Any]
    mode: str  # "vervangen" | "toevoegen"
    pos: Pos
    laag: str


class _Ctx:
    def __init__(self, laag: str, persoonsgegevens: bool = True, detector: Detector | None = None, lines: list[str] | None = None) -> None:
        self.laag = laag
        self.persoonsgegevens = persoonsgegevens  # False: personal data is skipped unread
        self.detector = detector  # looks for personal data in every text (None: not at all)
        self.lines = lines or []  # the file's text, to point at a piece of a value
        self.problems: list[Problem] = []

    @contextlib.contextmanager
    def met(self, **values: Any) -> Iterator[None]:  # noqa: ANN401
        """These settings for the values validated inside (a block that reads personal
        data, or that is not searched for it), the previous ones again after."""
        old = {key: getattr(self, key) for key in values}
        for key, value in values.items():
            setattr(self, key, value)
        try:
            yield
        finally:
            for key, value in old.items():
                setattr(self, key, value)

    def checked(self, node: Node, val: Val) -> Val:
        """A text, after looking for personal data in it (RK314 at the piece's place)."""
        if self.detector is not None and val.value:
            self.problems += in_waarde(self.detector, node, val.value, self.lines)
        return val

    def error(self, pos: Pos, message: str, code: str) -> None:
        self.problems.append(error(pos, message, code))


def _kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return "een blok met sleutels"
    if isinstance(node, Sequence):
        return "een lijst"
    if isinstance(node.value, bool):
        return f"de ja/nee-waarde '{node.raw}'"
    if isinstance(node.value, dt.date):
        return f"de datum '{node.raw}'"
    if isinstance(node.value, (int, float)):
        return f"het getal '{node.raw}'"
    return f"de tekst '{node.raw}'"


def _as_list(node: Node) -> str:
    """The hint for a text where a list belongs: how that text is written as a list."""
    if not isinstance(node, Scalar) or not isinstance(node.value, str) or not node.value:
        return ""
    return f" Begin elke regel van de lijst met '- ', op een eigen regel onder de sleutel en verder ingesprongen: - {node.raw}"


def suggest(word: str, options: list[str], label: str = "Toegestaan") -> str:
    """A did-you-mean tail for a message, else the list of what is possible."""
    close = difflib.get_close_matches(str(word).lower(), options, n=1, cutoff=0.6)
    if close:
        return f" Bedoelde u '{close[0]}'?"
    if not options:
        return ""
    return f" {label}: {', '.join(options)}."


# --- specs ----------------------------------------------------------------------


class Spec:
    what = "waarde"

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        raise NotImplementedError


class Text(Spec):
    what = "een tekst"

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not isinstance(node, Scalar):
            if isinstance(node, Sequence) and node.items and all(isinstance(i, Scalar) for i in node.items):
                # '- Wijkteam' under the key: said once, and the text is kept, so nothing reports the field missing too
                ctx.error(node.pos, f"hier hoort {self.what}, maar er staat een lijst (een regel die met '- ' begint). Haal de '- ' weg en zet de tekst na de dubbele punt van de sleutel erboven, op dezelfde regel.", codes.GEEN_TEKST)
                return ctx.checked(node, Val(" ".join(str(i.raw) for i in node.items), node.pos, ctx.laag))
            ctx.error(node.pos, f"hier hoort {self.what}, maar er staat {_kind(node)}. Schrijf de tekst op één regel na de dubbele punt, of gebruik '>-' voor een lange tekst.", codes.GEEN_TEKST)
            return None
        if node.value is None:
            return Val("", node.pos, ctx.laag)
        if isinstance(node.value, dt.date) and not isinstance(node.value, dt.datetime):
            return Val(node.raw, node.pos, ctx.laag)
        # A plain scalar such as `nee` or `1.0` stays the text the author wrote.
        text = node.raw if node.plain or not isinstance(node.value, str) else node.value
        return ctx.checked(node, Val(str(text), node.pos, ctx.laag))


class Int(Spec):
    what = "een geheel getal"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            if self.low <= node.value <= self.high:
                return Val(node.value, node.pos, ctx.laag)
            ctx.error(node.pos, f"{node.value} ligt buiten het bereik; kies een getal van {self.low} tot en met {self.high}.", codes.GEEN_GETAL)
            return None
        ctx.error(node.pos, f"hier hoort {self.what} ({self.low} tot en met {self.high}), maar er staat {_kind(node)}.", codes.GEEN_GETAL)
        return None


class Date(Spec):
    what = "een datum"

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if isinstance(node, Scalar) and isinstance(node.value, dt.date) and not isinstance(node.value, dt.datetime):
            return Val(node.value, node.pos, ctx.laag)
        ctx.error(node.pos, f"hier hoort een datum, maar er staat {_kind(node)}. Schrijf de datum als JJJJ-MM-DD, zonder aanhalingstekens (bijvoorbeeld 2026-03-01).", codes.GEEN_DATUM)
        return None


class Choice(Spec):
    def __init__(self, options: tuple[str, ...]) -> None:
        self.options = options

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if isinstance(node, Scalar) and node.raw in self.options:
            return Val(node.raw, node.pos, ctx.laag)
        shown = node.raw if isinstance(node, Scalar) else _kind(node)
        ctx.error(node.pos, f"'{shown}' is geen geldige keuze.{suggest(shown, list(self.options))}", codes.GEEN_KEUZE)
        return None


class ListOf(Spec):
    def __init__(self, item: Spec) -> None:
        self.item = item

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not isinstance(node, Sequence):
            ctx.error(node.pos, f"hier hoort een lijst (regels die met '- ' beginnen), maar er staat {_kind(node)}.{_as_list(node)}", codes.GEEN_LIJST)
            return None
        values = [self.item.validate(n, ctx) for n in node.items]
        return [v for v in values if v is not None]


class CriteriumSpec(Spec):
    """A criterion is a text; a note is a block with the single key `nb`."""

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if isinstance(node, Mapping):
            keys = list(node.entries)
            if keys == ["nb"]:
                val = Text().validate(node.entries["nb"].value, ctx)
                return Criterium(val.value, True, node.pos, ctx.laag) if val else None
            bad = next((k for k in keys if k != "nb"), "nb")
            ctx.error(node.entries[bad].key_pos if bad in node.entries else node.pos,
                      f"een criterium is een tekst; een toelichting schrijft u als '- nb: tekst'. Sleutel '{bad}' is hier onbekend.{suggest(str(bad), ['nb'])}", codes.ONBEKENDE_SLEUTEL)
            return None
        val = Text().validate(node, ctx)
        return Criterium(val.value, False, node.pos, ctx.laag) if val else None


class ListOp(Spec):
    """A list replaces the layer below; ``{toevoegen: [...]}`` extends it."""

    MODES = ("toevoegen", "vervangen")

    def __init__(self, item: Spec) -> None:
        self.list = ListOf(item)

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if isinstance(node, Sequence):
            return Lijst(self.list.validate(node, ctx) or [], "vervangen", node.pos, ctx.laag)
        if isinstance(node, Mapping) and len(node.entries) == 1:
            (key, entry), = node.entries.items()
            if key in self.MODES:
                items = self.list.validate(entry.value, ctx)
                return Lijst(items or [], str(key), node.pos, ctx.laag)
            ctx.error(entry.key_pos, f"onbekende sleutel '{key}' bij een lijst.{suggest(str(key), list(self.MODES))} Gebruik 'toevoegen:' om regels toe te voegen aan die van de regio, of een gewone lijst om ze te vervangen.", codes.ONBEKENDE_SLEUTEL)
            return None
        if isinstance(node, Scalar) and node.value is None:
            return Lijst([], "vervangen", node.pos, ctx.laag)
        ctx.error(node.pos, f"hier hoort een lijst (regels die met '- ' beginnen) of 'toevoegen:' met een lijst, maar er staat {_kind(node)}.{_as_list(node)}", codes.GEEN_LIJST)
        return None


class Record(Spec):
    """A block with known keys. ``old_names`` maps a key's former name, which is still
    read, to its current name; a block may use either, not both."""

    def __init__(self, fields: dict[str, Spec], required: tuple[str, ...] = (), what: str = "dit blok", old_names: dict[str, str] | None = None) -> None:
        self.fields, self.required, self.what = fields, required, what
        self.old_names = old_names or {}

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not isinstance(node, Mapping):
            ctx.error(node.pos, f"hier hoort een blok met sleutels ({', '.join(self.fields)}), maar er staat {_kind(node)}.", codes.GEEN_BLOK)
            return None
        out: dict[Any, Any] = {}
        written: dict[str, Any] = {}  # current name -> the key as the file writes it
        for key, entry in node.entries.items():
            name = self.old_names.get(key, key) if isinstance(key, str) else key
            spec = self.fields.get(name) if isinstance(name, str) else None
            if spec is None:
                ctx.error(entry.key_pos, f"onbekende sleutel '{key}' in {self.what}.{self._suggest(str(key))}", codes.ONBEKENDE_SLEUTEL)
                continue
            if name in written:
                old = key if key != name else written[name]
                ctx.error(entry.key_pos, f"'{written[name]}' en '{key}' staan allebei in {self.what}, maar '{old}' is de oude naam van '{name}'; houd alleen '{name}' over.", codes.OUDE_EN_NIEUWE_NAAM)
                continue
            written[name] = key
            value = spec.validate(entry.value, ctx)
            if isinstance(value, Rec):  # point at the key line, where an author looks
                value.pos = entry.key_pos
                value.lagen = {ctx.laag: entry.key_pos}
            if value is not None:
                out[name] = value
        for key in self.required:
            if key not in written:
                ctx.error(node.pos, f"sleutel '{key}' ontbreekt in {self.what}; voeg '{key}: ...' toe.", codes.SLEUTEL_ONTBREEKT)
        return Rec(out, node.pos, ctx.laag, {ctx.laag: node.pos})

    def _suggest(self, key: str) -> str:
        """Did-you-mean for an unknown key: a misspelt old name points to the current one."""
        names = {**{k: k for k in self.fields}, **self.old_names}
        close = difflib.get_close_matches(key.lower(), list(names), n=1, cutoff=0.6)
        return f" Bedoelde u '{names[close[0]]}'?" if close else suggest(key, list(self.fields))


class FaseMap(Spec):
    """The `fasen` block: keys 1 to 4, each a fase record."""

    def __init__(self, fase: Record) -> None:
        self.fase = fase

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not isinstance(node, Mapping):
            ctx.error(node.pos, f"'fasen' is een blok met de fasen 1 tot en met 4 als sleutels, maar er staat {_kind(node)}.", codes.GEEN_BLOK)
            return None
        out: dict[int, Rec] = {}
        for key, entry in node.entries.items():
            nummer = key if isinstance(key, int) else int(key) if isinstance(key, str) and key.strip().isdigit() else None
            if nummer not in FASE_NUMMERS:
                ctx.error(entry.key_pos, f"fase '{key}' bestaat niet; de fasen heten 1, 2, 3 en 4 (schrijf alleen het cijfer, bijvoorbeeld '2:').", codes.ONBEKENDE_FASE)
                continue
            if nummer in out:
                ctx.error(entry.key_pos, f"fase {nummer} staat twee keer in dit bestand; voeg beide blokken samen.", codes.FASE_DUBBEL)
                continue
            value = self.fase.validate(entry.value, ctx) if not (isinstance(entry.value, Scalar) and entry.value.value is None) else Rec({}, entry.value.pos, ctx.laag, {ctx.laag: entry.value.pos})
            if value is not None:
                value.pos = entry.key_pos
                value.lagen = {ctx.laag: entry.key_pos}
                out[nummer] = value
        return Rec(out, node.pos, ctx.laag, {ctx.laag: node.pos})


SLUG_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class MapOf(Spec):
    """A block whose keys the author names (slugs: 'zorg-en-veiligheidsteam'), each a record.
    A layer above merges into the entry with the same key."""

    def __init__(self, item: Record, what: str, example: str) -> None:
        self.item, self.what, self.example = item, what, example

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not isinstance(node, Mapping):
            ctx.error(node.pos, f"'{self.what}' is een blok met per onderdeel een eigen sleutel (bijvoorbeeld '{self.example}:'), maar er staat {_kind(node)}.", codes.GEEN_BLOK)
            return None
        out: dict[str, Rec] = {}
        for key, entry in node.entries.items():
            if not isinstance(key, str) or not SLUG_KEY.match(key):
                ctx.error(entry.key_pos, f"sleutel '{key}' is geen geldige naam voor een onderdeel van '{self.what}'; gebruik kleine letters, cijfers en streepjes (bijvoorbeeld '{self.example}').", codes.ONGELDIGE_NAAM)
                continue
            value = self.item.validate(entry.value, ctx)
            if value is not None:
                value.pos = entry.key_pos
                value.lagen = {ctx.laag: entry.key_pos}
                out[key] = value
        return Rec(out, node.pos, ctx.laag, {ctx.laag: node.pos})


class Persoonsgegeven(Text):
    """A name or direct contact detail of a person: read only for a build for the closed
    intranet (--intern); otherwise left out unread, so no model, cache or page holds it.
    The one place where personal data belongs, so not searched for it."""

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not ctx.persoonsgegevens:
            return None
        with ctx.met(detector=None):
            return super().validate(node, ctx)


class Uitzondering(Persoonsgegeven):
    """What the site settings allow (a general address, a text that is no person): read
    always, and not searched for personal data (it is there because it looks like it)."""

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        with ctx.met(persoonsgegevens=True):
            return super().validate(node, ctx)


class OpDeKaart(Spec):
    """Where on the card a contact's role is named: fase -> list of responsibility fields."""

    def validate(self, node: Node, ctx: _Ctx) -> Any:
        if not isinstance(node, Mapping):
            ctx.error(node.pos, f"'op_de_kaart' is een blok met fasen als sleutels en per fase een lijst van velden (bijvoorbeeld '2: [casusregie]'), maar er staat {_kind(node)}.", codes.GEEN_BLOK)
            return None
        out: dict[int, list[Val]] = {}
        velden = ListOf(Choice(tuple(VELDEN)))
        for key, entry in node.entries.items():
            nummer = key if isinstance(key, int) and not isinstance(key, bool) else None
            if nummer not in FASE_NUMMERS:
                ctx.error(entry.key_pos, f"fase '{key}' bestaat niet; de fasen heten 1, 2, 3 en 4.", codes.ONBEKENDE_FASE)
                continue
            value = velden.validate(entry.value, ctx)
            if value:
                out[nummer] = value
        return Val(out, node.pos, ctx.laag)


# --- the files --------------------------------------------------------------------

FASE = Record(
    {
        "naam": Text(),
        "omschrijving": Text(),
        **{veld: Text() for veld in VELDEN},
        "opschalen": ListOp(CriteriumSpec()),
        "afschalen": ListOp(CriteriumSpec()),
    },
    what="deze fase",
)
_COMMON = {
    "versie": Text(),
    "bijgewerkt": Date(),
    "vastgesteld": Date(),
    "herzien_voor": Date(),
    "toelichting": Text(),
    "fasen": FaseMap(FASE),
    "werkafspraken": ListOp(Text()),
}
OPSCHAALTAFEL = Record(
    {"naam": Text(), "organisatie": Text(), "omschrijving": Text(), "criteria": ListOp(Text()), "aanmelden": Text(), "fasen": ListOf(Int(1, 4))},
    what="deze opschaaltafel",
)
OPSCHAALTAFELS = MapOf(OPSCHAALTAFEL, "opschaaltafels", "zorg-en-veiligheidsteam")
_REGIESOORT = Record({"naam": Text(), "omschrijving": Text(), "kenmerken": ListOf(Text())}, ("naam",), "deze regiesoort")
_VERANTWOORDELIJKHEID = Record({"naam": Text(), "omschrijving": Text()}, ("naam", "omschrijving"), "deze verantwoordelijkheid")

# Only the universal card says which of its values are a suggestion, not something that
# follows from the model: 'suggesties' lists those keys of the same block (a fase's fields,
# a table's 'fasen'). A region or gemeente that writes its own value replaces the suggestion.
FASE_BASIS = Record({**FASE.fields, "suggesties": ListOf(Choice(tuple(VELDEN)))}, what="deze fase")
OPSCHAALTAFEL_BASIS = Record({**OPSCHAALTAFEL.fields, "suggesties": ListOf(Choice(("fasen",)))}, what="deze opschaaltafel")

BASIS = Record(
    {
        "titel": Text(),
        "ondertitel": Text(),
        **_COMMON,
        "fasen": FaseMap(FASE_BASIS),
        "regiesoorten": Record({v.sleutel: _REGIESOORT for v in in_groep(REGIE)}, what="regiesoorten"),
        "verantwoordelijkheden": Record({k: _VERANTWOORDELIJKHEID for k in ("operationeel", "bestuurlijk")}, what="verantwoordelijkheden"),
        "opschaaltafels": MapOf(OPSCHAALTAFEL_BASIS, "opschaaltafels", "zorg-en-veiligheidsteam"),
    },
    required=("titel", "fasen"),
    what="de universele regiekaart",
)
VEILIGHEIDSHUIS = Record({"naam": Text(), "omschrijving": Text(), "werkgebied": Text(), "bereikbaar": Text()}, ("naam",), "dit Zorg- en Veiligheidshuis")
REGIO = Record(
    {
        "naam": Text(),
        "omschrijving": Text(),
        "beheer": Text(),
        **_COMMON,
        "veiligheidshuizen": ListOf(VEILIGHEIDSHUIS),
        "opschaaltafels": OPSCHAALTAFELS,
    },
    required=("naam",),
    what="dit regiobestand",
)
# Names and direct contact details of persons: personal data (AVG), only in a build for
# the closed intranet (--intern). Everything else of a contact is about a role.
PERSOONSGEGEVENS = ("naam", "telefoon", "email")
CONTACT = Record(
    {
        "rol": Text(),
        "organisatie": Text(),
        "wijk": Text(),
        "expertise": Text(),
        "bereikbaar": Text(),
        "vervanging": Text(),
        "op_de_kaart": OpDeKaart(),
        **{key: Persoonsgegeven() for key in PERSOONSGEGEVENS},
    },
    required=("rol", "organisatie"),
    what="dit contact",
)
WIJZIGING = Record({"versie": Text(), "datum": Date(), "wijziging": Text()}, ("versie", "wijziging"), "deze wijziging")
GEMEENTE = Record(
    {
        "naam": Text(),
        "regio": Text(),
        "status": Choice(STATUSSEN),
        "papierformaat": Choice(PAPIER),
        **_COMMON,
        "wijzigingen": ListOf(WIJZIGING),
        "opschaaltafels": OPSCHAALTAFELS,
        "wie_is_wie": ListOf(CONTACT),
    },
    required=("naam",),
    what="dit gemeentebestand",
)
# What looks like personal data but is not (persoonsgegevens.Uitzonderingen).
UITZONDERINGEN = Record(
    {"algemene_adressen": ListOf(Uitzondering()), "algemene_nummers": ListOf(Uitzondering()), "geen_persoon": ListOf(Uitzondering())},
    what="'persoonsgegevens' (wat op persoonsgegevens lijkt maar het niet is)",
)
SITE = Record(
    {"titel": Text(), "regio": Text(), "standaardregio": Text(), "omschrijving": Text(), "beheer": Text(), "papierformaat": Choice(PAPIER), "persoonsgegevens": UITZONDERINGEN},
    required=("titel",),
    what="de site-instellingen",
)
# Front matter keys were English before; the old names are still read.
OLD_FRONT_MATTER_KEYS = {"title": "titel", "order": "volgorde"}
HOOFDSTUK = Record({"titel": Text(), "volgorde": Int(1, 999)}, required=("titel", "volgorde"), what="de front matter", old_names=OLD_FRONT_MATTER_KEYS)
# What the training handout inserts after a chapter's own text.
INVOEGEN = ("regiekaart", "regiesoorten", "verantwoordelijkheden", "criteria")
TRAINING = Record(
    {"titel": Text(), "volgorde": Int(1, 999), "invoegen": ListOf(Choice(INVOEGEN))},
    required=("titel", "volgorde"),
    what="de front matter",
    old_names=OLD_FRONT_MATTER_KEYS,
)


def validate(node: Node | None, spec: Spec, laag: str, persoonsgegevens: bool = True, detector: Detector | None = None, lines: list[str] | None = None) -> tuple[Any, list[Problem]]:
    """Validate a loaded tree against a spec; (value or None, problems). Without
    ``persoonsgegevens`` the names and contact details of persons are left out; with a
    ``detector`` every other text is searched for personal data (``lines``: the file's
    text, to point at the piece)."""
    if node is None:
        return None, []
    ctx = _Ctx(laag, persoonsgegevens, detector, lines)
    value = spec.validate(node, ctx)
    return value, ctx.problems
