"""Help for the people who write the cards: `new`, `diff` and `schema`.

Everything here is derived from the specs in ``schema`` and from the loaded base,
so that a new field or a changed regional value shows up without editing this file.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from typing import Any

from .model import LAAG_REGIO, Basis, Gemeente, Project, Regio, is_ingevuld
from .schema import (
    FASE,
    GEMEENTE,
    PAPIER,
    SLUG_KEY,
    Choice,
    CriteriumSpec,
    Date,
    FaseMap,
    Int,
    ListOf,
    ListOp,
    MapOf,
    OpDeKaart,
    Record,
    Spec,
    Text,
)
from .velden import VELDEN

SCHEMA_PATH = "schema/gemeente.schema.json"
MODELINE = f"# yaml-language-server: $schema=../{SCHEMA_PATH}"

# What belongs in each key of a gemeente file, for the schema and the new file.
UITLEG: dict[str, str] = {
    "naam": "De naam van de gemeente zoals die op de kaart staat.",
    "status": "Hoe ver de kaart is: voorbeeld (een voorbeeldinvulling), concept (in bespreking) of vastgesteld (besloten).",
    "vastgesteld": "De datum waarop de kaart is vastgesteld (JJJJ-MM-DD); alleen bij status vastgesteld.",
    "papierformaat": "Het formaat van de geprinte regiekaart: A4 (standaard) of A3.",
    "versie": "Het versienummer van deze kaart, tussen aanhalingstekens, bijvoorbeeld \"1.0\".",
    "bijgewerkt": "De datum van de laatste wijziging (JJJJ-MM-DD).",
    "toelichting": "Een korte uitleg bij de lokale kaart: met wie de gemeente samenwerkt, wat hier anders is.",
    "fasen": "De vier fasen (1 tot en met 4); per fase alleen wat de gemeente zelf invult.",
    "werkafspraken": "Lokale werkafspraken; een lijst vervangt die van de regio, 'toevoegen:' vult haar aan.",
    "fase.naam": "De naam van de fase; laat weg om die van de regio te houden.",
    "fase.omschrijving": "De omschrijving van de fase; laat weg om die van de regio te houden.",
    "fase.opschalen": "Criteria om naar de volgende fase op te schalen; 'toevoegen:' vult die van de regio aan, een lijst vervangt ze.",
    "fase.afschalen": "Criteria om naar de vorige fase af te schalen; 'toevoegen:' vult die van de regio aan, een lijst vervangt ze.",
    **{veld.sleutel: veld.hulp for veld in VELDEN.values()},
    "regio": "De regio van de gemeente: de naam van een bestand in content/regios/ zonder .yaml (bijvoorbeeld groningen). Zonder deze regel geldt de standaardregio uit content/site.yaml.",
    "herzien_voor": "De datum (JJJJ-MM-DD) waarvoor de kaart opnieuw moet worden bekeken; daarna waarschuwt 'regiekaart check'.",
    "wijzigingen": "Het logboek van de kaart, nieuwste eerst: per versie de datum en wat er veranderde.",
    "opschaaltafels": "Lokale opschaaltafels, of lokale aanvullingen op die van de regio; per tafel een eigen sleutel (bijvoorbeeld wijkoverleg).",
    "wie_is_wie": "Contacten per rol: functie, organisatie, expertise, de algemene route om hen te bereiken en wie waarneemt. Namen en directe nummers verschijnen alleen in een bouw met --intern.",
    "op_de_kaart": "Waar de kaart deze rol noemt: per fase een lijst van velden, bijvoorbeeld 2: [casusregie].",
}


# --- JSON Schema ------------------------------------------------------------------------

_TEXT = {"type": ["string", "number", "boolean", "null"]}  # YAML may read plain text as a number or yes/no


def json_schema_of(spec: Spec, prefix: str = "") -> dict[str, Any]:
    """The JSON Schema of a spec: the same rules as the validation, for editors."""
    if isinstance(spec, Record):
        properties = {}
        for key, sub in spec.fields.items():
            schema = json_schema_of(sub, "fase." if sub is FASE or isinstance(sub, FaseMap) else prefix)
            uitleg = UITLEG.get(f"{prefix}{key}") or UITLEG.get(key)
            properties[key] = {"description": uitleg, **schema} if uitleg else schema
        out: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if spec.required:
            out["required"] = list(spec.required)
        return out
    if isinstance(spec, MapOf):
        return {"type": "object", "patternProperties": {SLUG_KEY.pattern: json_schema_of(spec.item)}, "additionalProperties": False}
    if isinstance(spec, OpDeKaart):
        return {"type": "object", "patternProperties": {"^[1-4]$": {"type": "array", "items": {"enum": list(VELDEN)}}}, "additionalProperties": False}
    if isinstance(spec, FaseMap):
        fase = json_schema_of(spec.fase, "fase.")
        return {
            "type": "object",
            "patternProperties": {"^[1-4]$": {"anyOf": [fase, {"type": "null"}]}},
            "additionalProperties": False,
        }
    if isinstance(spec, ListOp):
        lijst = json_schema_of(spec.list)
        return {
            "anyOf": [
                lijst,
                {"type": "object", "properties": {mode: lijst for mode in ListOp.MODES}, "additionalProperties": False, "minProperties": 1, "maxProperties": 1},
                {"type": "null"},
            ]
        }
    if isinstance(spec, ListOf):
        return {"type": "array", "items": json_schema_of(spec.item)}
    if isinstance(spec, CriteriumSpec):
        return {"anyOf": [_TEXT, {"type": "object", "properties": {"nb": {"description": "Een toelichting bij de criteria (NB.), geen criterium.", **_TEXT}}, "required": ["nb"], "additionalProperties": False}]}
    if isinstance(spec, Choice):
        return {"enum": list(spec.options)}
    if isinstance(spec, Date):
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(spec, Int):
        return {"type": "integer", "minimum": spec.low, "maximum": spec.high}
    if isinstance(spec, Text):
        return dict(_TEXT)
    raise TypeError(f"no JSON Schema for {type(spec).__name__}")


def gemeente_schema() -> str:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://regiekaart.invalid/schema/gemeente.schema.json",
        "title": "Lokale regiekaart de-escaleren (gemeenten/<naam>.yaml)",
        "description": "Wat een gemeente op de universele regiekaart van de regio invult. Gemaakt door 'regiekaart schema'; niet met de hand wijzigen.",
        **json_schema_of(GEMEENTE),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# --- new -----------------------------------------------------------------------------------


def _comment(text: str, indent: str, width: int = 88) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ")


def _yaml_text(value: str) -> str:
    """A value on one line, quoted when YAML would read it otherwise."""
    return json.dumps(value, ensure_ascii=False)


def new_gemeente(naam: str, basis: Basis, today: dt.date, regio: Regio | None = None, standaard: bool = True) -> str:
    """The text of a new gemeente file: every field of every fase, with what belongs there.
    The values that the universal card or the region already has are written as comments,
    each labelled with where it comes from; ``standaard``: the region is the project's
    default, so the file need not name it. At the end, commented stubs of the optional
    lists (STUBS): removing their '# ' gives a valid file."""
    kaart = regio.kaart if regio is not None else basis.kaart
    lines = [
        MODELINE,
        f"# Lokale regiekaart de-escaleren — {_yaml_text(naam)}",
        "# Gemaakt met 'regiekaart new'. Vul elke lege waarde in; 'regiekaart check' noemt wat nog",
        "# ontbreekt, met de regel waar het hoort. Wat de universele regiekaart of de regio al",
        "# invult, staat als commentaar: laat het zo om die waarde te houden, of haal '# ' weg en",
        "# pas de waarde aan.",
        "",
        *_comment(UITLEG["naam"], ""),
        f"naam: {_yaml_text(naam)}",
        *([] if regio is None or standaard else [*_comment(UITLEG["regio"], ""), f"regio: {regio.slug}"]),
        *_comment(UITLEG["status"], ""),
        "status: concept",
        *_comment(UITLEG["versie"], ""),
        f'versie: "{EERSTE_VERSIE}"',
        *_comment(UITLEG["bijgewerkt"], ""),
        f"bijgewerkt: {today.isoformat()}",
        "",
        "# Naar keuze:",
        f"# vastgesteld: {today.isoformat()}     # {UITLEG['vastgesteld']}",
        f"# herzien_voor: {today.replace(year=today.year + 1).isoformat() if not (today.month == 2 and today.day == 29) else today.isoformat()}    # {UITLEG['herzien_voor']}",
        f"# papierformaat: A3            # {' of '.join(PAPIER)}; zonder deze regel geldt content/site.yaml",
        "# toelichting: >-",
        "#   " + UITLEG["toelichting"],
        "",
        *_comment(UITLEG["fasen"], ""),
        "# Eigen criteria bij een fase, aanvullend op die van de regio:",
        "#   opschalen:",
        "#     toevoegen:",
        "#       - Een criterium dat alleen in deze gemeente geldt",
        "fasen:",
    ]
    for fase in kaart.fasen:
        lines += ["", f"  {fase.nummer}:", f"    # Fase {fase.nummer}: {fase.naam}"]
        for veld in VELDEN:
            cel = fase.cel(veld)
            bestaand = cel.waarde.value.strip() if cel.waarde is not None and is_ingevuld(cel.waarde.value) else ""
            lines += _comment(UITLEG[veld], "    ")
            if bestaand:
                lines += [f"    # {_herkomst(cel.waarde.laag, regio)} {BLIJFT}", f"    # {veld}: {_yaml_text(bestaand)}"]
            else:
                lines.append(f"    {veld}:")
    lines += ["", "# Naar keuze: haal bij een blok hieronder '# ' weg om het te gebruiken, en pas de tekst aan."]
    for key, stub in _stubs(naam, today).items():
        lines += ["", *_comment(STUB_UITLEG[key], ""), *(f"# {line}" for line in stub)]
    return "\n".join(lines) + "\n"


EERSTE_VERSIE = "0.1"
BLIJFT = "(blijft gelden zolang deze regel commentaar is):"  # after a lower layer's value, written as a comment


def _herkomst(laag: str, regio: Regio | None) -> str:
    """Where a value that a new file offers as a comment comes from, for its label."""
    if laag == LAAG_REGIO and regio is not None:
        return f"Waarde van de regio {regio.naam}"
    return "Waarde van de universele regiekaart"


# The optional lists that `new` offers as commented stubs, with one line on each. The
# wie-is-wie is about roles: the stub has none of the keys with personal data
# (schema.PERSOONSGEGEVENS), only how the role is reached through its organisation.
STUB_UITLEG = {
    "werkafspraken": "Lokale werkafspraken; 'toevoegen:' zet ze onder die van de regio.",
    "wie_is_wie": "Wie-is-wie per rol, met de algemene route: geen namen of persoonlijke nummers.",
    "wijzigingen": "Het logboek van de kaart, nieuwste eerst: per versie de datum en de wijziging.",
}


def _stubs(naam: str, today: dt.date) -> dict[str, list[str]]:
    """The YAML of each optional list, one line per entry, as it reads uncommented."""
    return {
        "werkafspraken": [
            "werkafspraken:",
            "  toevoegen:",
            "    - Een werkafspraak die alleen in deze gemeente geldt",
        ],
        "wie_is_wie": [
            "wie_is_wie:",
            "  - rol: Casusregisseur sociaal wijkteam",
            f"    organisatie: {_yaml_text(f'Sociaal wijkteam {naam}')}",
            "    expertise: Integrale casusregie bij meervoudige problematiek",
            f"    bereikbaar: {_yaml_text(f'Via het algemene nummer van de gemeente {naam}')}",
            "    vervanging: De casusregisseur van dienst in hetzelfde team",
            "    op_de_kaart:",
            "      2: [casusregie]",
        ],
        "wijzigingen": [
            "wijzigingen:",
            f'  - versie: "{EERSTE_VERSIE}"',
            f"    datum: {today.isoformat()}",
            "    wijziging: Eerste invulling van de lokale regiekaart.",
        ],
    }


# --- diff ------------------------------------------------------------------------------------

SOORT = {"ingevuld": "ingevuld (de laag eronder laat dit open)", "vervangen": "vervangt", "toegevoegd": "toegevoegd"}


def _tekst(val: Any) -> str:  # noqa: ANN401
    return val.value.strip() if val is not None and is_ingevuld(val.value) else ""


def diff_text(gemeente: Gemeente, basis: Basis, alle: bool = False, width: int = 100) -> str:
    """Per fase and field: where the gemeente, or its region, deviates from the base,
    with the value of each layer and the file and line it comes from. With ``alle``
    also the fields that follow the layers below."""
    regio = gemeente.regio
    eigen = {(a.fase, a.veld): a for a in gemeente.afwijkingen if a.veld in VELDEN}
    overig = [a for a in gemeente.afwijkingen if a.veld not in VELDEN]
    regionaal = [a for a in (regio.afwijkingen if regio else []) if a.veld not in VELDEN]
    kop = f"{gemeente.naam} ({gemeente.path})"
    if regio is not None and regio.path:
        kop += f" tegenover de regio {regio.naam} ({regio.path}) en de universele regiekaart ({basis.path})"
    else:
        kop += f" tegenover de universele regiekaart ({basis.path})"
    out = [kop, ""]

    def value(label: str, text: str) -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=f"    {label:8}", subsequent_indent=" " * 12) or [f"    {label:8}"]

    for fase in gemeente.kaart.fasen:
        block = []
        for cel in fase.cellen:
            afwijking = eigen.get((fase.nummer, cel.veld))
            van_regio = cel.regio is not None and _tekst(cel.regio)
            if afwijking is not None:
                block.append(f"  {cel.label} — lokaal, {SOORT[afwijking.soort]}{' de regio' if afwijking.bron == 'regio' and afwijking.soort == 'vervangen' else ' de basis' if afwijking.soort == 'vervangen' else ''} — {afwijking.pos}")
            elif van_regio:
                block.append(f"  {cel.label} — van de regio — {cel.regio.pos}")
            elif alle:
                waar = str(cel.waarde.pos) if cel.waarde is not None else basis.path
                block.append(f"  {cel.label} — volgt de basis — {waar}")
            else:
                continue
            block += value("basis:", _tekst(cel.basis) or ("(leeg in de basis)" if van_regio else "(leeg in de basis: de regio laat dit aan de gemeente over)"))
            if van_regio:
                block += value("regio:", _tekst(cel.regio))
            if afwijking is not None:
                block += value("lokaal:", afwijking.lokaal.strip() or "(leeg)")
        for a in (a for a in regionaal if a.fase == fase.nummer):
            block.append(f"  {a.label} — van de regio, {SOORT[a.soort]} — {a.pos}")
            block += value("regio:", a.lokaal.strip())
        for a in (a for a in overig if a.fase == fase.nummer):
            block.append(f"  {a.label} — lokaal, {SOORT[a.soort]} — {a.pos}")
            if a.basis:
                block += value("basis:", a.basis)
            block += value("lokaal:", a.lokaal.strip())
        if block:
            out += [f"Fase {fase.nummer}: {fase.naam}", *block, ""]
    n = len(gemeente.afwijkingen)
    soorten = [f"{sum(a.soort == s for a in gemeente.afwijkingen)} {s}" for s in ("ingevuld", "vervangen", "toegevoegd") if any(a.soort == s for a in gemeente.afwijkingen)]
    out.append(f"{n} lokale {'afwijking' if n == 1 else 'afwijkingen'}" + (f" ({', '.join(soorten)})" if soorten else "") + (f"; de regio {regio.naam} wijkt op {len(regio.afwijkingen)} punten af van de universele regiekaart." if regio is not None and regio.afwijkingen else "."))
    return "\n".join(out) + "\n"


# --- status ------------------------------------------------------------------------------------


def status_text(project: Project, peildatum: dt.date, alleen: Regio | None = None) -> str:
    """The state of every card by region: status, version, adoption and review dates, and
    whether the review is due; what a Zorg- en Veiligheidshuis plans its meetings by."""
    from .render import datum

    regios = [alleen] if alleen is not None else project.regios
    out = [f"Stand van de kaarten op {datum(peildatum)}", ""]
    kop = ("gemeente", "status", "versie", "vastgesteld", "herzien vóór", "stand")
    telling: dict[str, int] = {}
    voorbeeld = totaal = 0
    for regio in regios:
        gemeenten = project.gemeenten_van(regio)
        eigen = f" ({regio.path})" if regio.path else ""
        extra = f" · herzien vóór {regio.herzien_voor.isoformat()}" if regio.herzien_voor else ""
        out.append(f"Regio {regio.naam}{eigen}: {len(gemeenten)} {'gemeente' if len(gemeenten) == 1 else 'gemeenten'}{extra}")
        rows = []
        for g in gemeenten:
            soort, woorden = g.borging(peildatum).stand
            telling[soort] = telling.get(soort, 0) + 1
            voorbeeld += g.is_voorbeeld
            totaal += 1
            rows.append((g.naam, g.status_label.lower(), g.versie or "–", g.vastgesteld.isoformat() if g.vastgesteld else "–", g.herzien_voor.isoformat() if g.herzien_voor else "–", woorden.lower()))
        widths = [max(len(str(r[i])) for r in [kop, *rows]) for i in range(len(kop))]
        for row in [kop, *rows]:
            out.append("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
        out.append("")
    delen = [f"{telling[k]} {w}" for k, w in (("verlopen", "over de herzieningsdatum"), ("binnenkort", "binnen 90 dagen te herzien"), ("actueel", "actueel"), ("onbekend", "zonder herzieningsdatum")) if telling.get(k)]
    out.append(f"{totaal} {'kaart' if totaal == 1 else 'kaarten'}: {', '.join(delen) or 'geen'}" + (f"; {voorbeeld} nog een voorbeeldinvulling." if voorbeeld else "."))
    return "\n".join(out) + "\n"
