"""The catalogue of problem codes: one entry per kind of problem that any stage reports.

Every ``error()`` and ``warning()`` names its code (``RK301``); the code is stable, so a
pipeline or an editor can rely on it, and the README's table of codes is made from this
catalogue (``tests/test_codes.py`` keeps the two equal). Ranges:

- RK1xx  reading a file: encoding, YAML syntax, front matter
- RK2xx  the schema: unknown keys, wrong types, names and slugs of files
- RK3xx  the content of a card: fields, criteria, tables, contacts, fit on paper
- RK4xx  the handreiking: chapters, Markdown, links, images
- RK5xx  borging: status, dates, review
- RK6xx  the build and the built site: output folder, PDFs, search, links in the site
- RK7xx  `regiekaart import`: the files offered for import
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Code:
    code: str  # "RK301"
    titel: str  # a short Dutch name of the problem, for the README's table
    voorbeeld: str  # a short example of the mistake, as a person would write it
    oplossing: str  # how to fix it, in one Dutch sentence
    onvolledig: bool = False  # a gap that `build --draft` lets through
    # A card or PDF too long for its paper: `serve` and `build --draft` build it with the
    # overflow marked instead of stopping (build.OVERFLOW).
    overloop: bool = False
    # Warnings of one kind about many files are folded into one line, e.g.
    # "20 kaarten zijn nog een voorbeeldinvulling: Alphen-Chaam, Altena, …". The
    # template gets {n} and {namen} (from Problem.onderwerp); "" means never folded.
    samen: str = ""


CODES: dict[str, Code] = {}


def _code(code: str, titel: str, voorbeeld: str, oplossing: str, onvolledig: bool = False, samen: str = "", overloop: bool = False) -> str:
    assert code not in CODES, f"code {code} twice"
    CODES[code] = Code(code, titel, voorbeeld, oplossing, onvolledig, overloop, samen)
    return code


# --- the README's table (`make codes` writes it between these markers) ------------------

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- codes:begin -->"
END = "<!-- codes:end -->"


def _tekst(text: str) -> str:
    """Plain text in a cell of a Markdown table: nothing in it is read as markup."""
    for char in "\\`*_[]|":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _code_span(line: str) -> str:
    """One line as inline code, also when it holds backticks; a | still splits a table's
    cell (GFM), so it is escaped inside the code too."""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{ticks}{pad}{line.replace('|', chr(92) + '|')}{pad}{ticks}"


def markdown_table() -> str:
    """The catalogue as a Markdown table: code, titel, voorbeeld, oplossing."""
    rows = ["| Code | Wat er mis is | Voorbeeld | Zo lost u het op |", "| --- | --- | --- | --- |"]
    for entry in sorted(CODES.values(), key=lambda c: c.code):
        voorbeeld = "<br>".join(_code_span(line) for line in entry.voorbeeld.split("\n"))
        rows.append(f"| {entry.code} | {_tekst(entry.titel)} | {voorbeeld} | {_tekst(entry.oplossing)} |")
    return "\n".join(rows) + "\n"


def readme_block() -> str:
    """What stands between the markers in README.md: the table, and which codes
    `build --draft` lets through."""
    draft = [c.code for c in sorted(CODES.values(), key=lambda c: c.code) if c.onvolledig]
    overloop = [c.code for c in sorted(CODES.values(), key=lambda c: c.code) if c.overloop]
    tail = f"\nBij `regiekaart build --draft` houden alleen {_opsomming(draft + overloop)} de bouw niet tegen." if draft else ""
    if overloop:
        tail += f" Ook `regiekaart serve` bouwt bij {_opsomming(overloop)}: de kaart of PDF laat dan in rood zien wat er te veel is."
    tail += "\n" if tail else ""
    return f"{BEGIN}\n{markdown_table()}{tail}{END}"


def _opsomming(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def refresh_readme(path: Path = README) -> bool:
    """Write the current table into ``path`` between the markers; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{path}: de markeringen {BEGIN} en {END} ontbreken; zet ze waar de tabel moet komen.")
    new = text[:start] + readme_block() + text[end + len(END):]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


# --- RK1xx: reading a file (load.py) ---------------------------------------------------

BESTAND_ONLEESBAAR = _code(
    "RK101", "Bestand kan niet worden gelezen", "gemeenten/breda.yaml zonder leesrechten",
    "Controleer of het bestand bestaat en of u het mag lezen.",
)
BESTAND_TE_GROOT = _code(
    "RK102", "Bestand is te groot", "een gemeentebestand van 2 MB",
    "Splits het bestand op of haal weg wat er niet in hoort.",
)
GEEN_UTF8 = _code(
    "RK103", "Bestand is geen UTF-8", "toelichting: café (opgeslagen als ANSI)",
    "Sla het bestand op met codering UTF-8 (in Kladblok: 'Opslaan als', codering UTF-8).",
)
LEEG_BESTAND = _code(
    "RK104", "Bestand is leeg of bevat alleen commentaar", "# nog invullen",
    "Vul het bestand in of verwijder het.",
)
LINK_BUITEN_PROJECT = _code(
    "RK105", "Snelkoppeling naar een bestand buiten het project", "gemeenten/breda.yaml -> /home/jan/breda.yaml",
    "Zet een kopie van het bestand in de projectmap in plaats van de snelkoppeling.",
)
STUURTEKEN = _code(
    "RK106", "Onzichtbaar stuurteken", "naam: Breda␀",
    "Verwijder het teken; het is vaak meegekopieerd uit een ander programma.",
)
TAB = _code(
    "RK107", "Tab in het inspringen", "fasen:\n\t2:",
    "Spring in met spaties, net zoveel als de regels van hetzelfde niveau.",
)
AANHALINGSTEKEN_OPEN = _code(
    "RK108", "Aanhalingsteken wordt niet gesloten", 'casusregie: "Wijkteam Noord',
    "Sluit de tekst af met hetzelfde aanhalingsteken als waarmee hij begint.",
)
AANHALINGSTEKEN_BINNENIN = _code(
    "RK109", "Apostrof of aanhalingsteken binnen aanhalingstekens", "casusregie: 'Jan's team'",
    'Zet de tekst tussen het andere soort aanhalingstekens: "Jan\'s team".',
)
APOSTROF_BEGIN = _code(
    "RK110", "Tekst begint met een apostrof ('s, 't)", "casusregie: 's Avonds het crisisteam",
    "Zet de hele tekst tussen dubbele aanhalingstekens: \"'s Avonds het crisisteam\".",
)
TEKEN_AAN_BEGIN = _code(
    "RK111", "Tekst begint met een teken dat YAML anders leest", "casusregie: - Wijkteam",
    "Zet de tekst tussen dubbele aanhalingstekens; het gaat om - * & ! % @ ` | > ? [ { en , aan het begin.",
)
DUBBELE_PUNT = _code(
    "RK112", "Dubbele punt met een spatie in een tekst", "casusregie: Wijkteam: Noord",
    'Zet de hele tekst tussen dubbele aanhalingstekens: casusregie: "Wijkteam: Noord".',
)
INSPRINGEN = _code(
    "RK113", "Regel springt verkeerd in", "  2:\n    casusregie: Wijkteam\n     procesregie: MDO",
    "Zet sleutels van hetzelfde niveau precies onder elkaar, met evenveel spaties.",
)
SPATIE_NA_DUBBELE_PUNT = _code(
    "RK114", "Spatie na de dubbele punt ontbreekt", "casusregie:Wijkteam",
    "Zet een spatie na de dubbele punt: casusregie: Wijkteam.",
)
DUBBELE_PUNT_ONTBREEKT = _code(
    "RK115", "Sleutel of dubbele punt ontbreekt", "casusregie Wijkteam",
    "Zet een dubbele punt en een spatie na de sleutel: casusregie: Wijkteam. Een regel zonder sleutel hoort ingesprongen bij de tekst erboven, of is een notitie die met '# ' begint.",
)
SLEUTEL_DUBBEL = _code(
    "RK116", "Sleutel staat twee keer in hetzelfde blok", "naam: Breda\nnaam: Breda-Noord",
    "Voeg beide regels samen tot één; YAML zou de eerste stilletjes weggooien.",
)
GEKRULDE_AANHALINGSTEKENS = _code(
    "RK117", "Gekrulde aanhalingstekens (uit Word)", "casusregie: “Wijkteam”",
    'Gebruik rechte aanhalingstekens ("), of laat ze weg.',
)
HARDE_SPATIE = _code(
    "RK118", "Harde spatie in het inspringen of na een dubbele punt", "  casusregie:\u00a0Wijkteam (U+00A0)",
    "Vervang de harde spatie door een gewone spatie.",
)
COMMENTAAR_IN_TEKST = _code(
    "RK119", "Tekst na '#' valt weg", "casusregie: Wijkteam # Noord",
    'Zet de hele tekst tussen dubbele aanhalingstekens als het # erbij hoort: casusregie: "Wijkteam # Noord"; is het een notitie, zet die dan op een eigen regel.',
)
TE_DIEP = _code(
    "RK120", "Te diep genest", "a: [[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]",
    "Controleer de haakjes '[' en '{' en het inspringen.",
)
MEER_DOCUMENTEN = _code(
    "RK121", "Meer dan één YAML-document in een bestand", "naam: Breda\n---",
    "Haal de regel met '---' weg; zet elke gemeente in een eigen bestand.",
)
BACKSLASH = _code(
    "RK122", "Backslash in een tekst tussen dubbele aanhalingstekens", 'bereikbaar: "map G:\\wijkteam"',
    "Zet de tekst tussen enkele aanhalingstekens, of schrijf de backslash dubbel.",
)
ONGELDIGE_WAARDE = _code(
    "RK123", "Waarde die YAML niet kan lezen", "bijgewerkt: 2026-13-45",
    "Schrijf een datum als JJJJ-MM-DD, of zet tekst tussen aanhalingstekens.",
)
SLEUTEL_GEEN_TEKST = _code(
    "RK124", "Sleutel is een lijst of blok", "[a, b]: tekst",
    "Maak van de sleutel een gewone tekst of een getal.",
)
GEEN_SLEUTELS = _code(
    "RK125", "Bestand of front matter bestaat niet uit sleutels met waarden", "- Breda\n- Roosendaal",
    "Schrijf sleutels met waarden, zoals 'naam: Breda'.",
)
FRONT_MATTER_ONTBREEKT = _code(
    "RK126", "Front matter ontbreekt of is leeg", "# Borging (zonder '---' erboven)",
    "Begin het bestand met '---', dan 'titel: ...' en 'volgorde: ...', en sluit af met '---'.",
)
SYNTAXFOUT = _code(
    "RK127", "YAML kan een regel niet lezen", "casusregie: , Wijkteam",
    "Controleer de aanhalingstekens, de dubbele punten en het inspringen van de regel en de regel erboven.",
)

# --- RK2xx: the schema (schema.py, assemble.py) -----------------------------------------

ONBEKENDE_SLEUTEL = _code(
    "RK201", "Onbekende sleutel", "casusregi: Wijkteam Noord",
    "Verbeter de spelling van de sleutel (de melding noemt de bedoelde sleutel) of haal de regel weg.",
)
SLEUTEL_ONTBREEKT = _code(
    "RK202", "Verplichte sleutel ontbreekt", "wie_is_wie:\n  - rol: Wijkcoach",
    "Voeg de genoemde sleutel toe, bijvoorbeeld 'organisatie: Wijkteam Breda'.",
)
OUDE_EN_NIEUWE_NAAM = _code(
    "RK203", "Oude en nieuwe naam van een sleutel samen", "title: Borging\ntitel: Borging",
    "Houd alleen de nieuwe naam over en haal de regel met de oude naam weg.",
)
GEEN_TEKST = _code(
    "RK204", "Een lijst of blok waar een tekst hoort", "casusregie:\n  - Wijkteam",
    "Schrijf de tekst op één regel na de dubbele punt, of gebruik '>-' voor een lange tekst.",
)
GEEN_LIJST = _code(
    "RK205", "Een tekst waar een lijst hoort", "werkafspraken: Elke week overleg",
    "Zet elke regel van de lijst op een eigen regel die begint met '- '.",
)
GEEN_BLOK = _code(
    "RK206", "Een tekst waar een blok met sleutels hoort", "fasen: 2",
    "Zet de sleutels van het blok ingesprongen op de regels eronder.",
)
GEEN_GETAL = _code(
    "RK207", "Geen geldig getal", "volgorde: twee",
    "Schrijf een geheel getal binnen het genoemde bereik, zonder aanhalingstekens.",
)
GEEN_DATUM = _code(
    "RK208", "Geen geldige datum", "vastgesteld: 1-3-2026",
    "Schrijf de datum als JJJJ-MM-DD zonder aanhalingstekens, bijvoorbeeld 2026-03-01.",
)
GEEN_KEUZE = _code(
    "RK209", "Geen geldige keuze", "status: definitief",
    "Kies een van de waarden die de melding noemt.",
)
ONBEKENDE_FASE = _code(
    "RK210", "Fase die niet bestaat", "fasen:\n  fase 2:",
    "Noem de fase alleen met haar cijfer: 1, 2, 3 of 4.",
)
FASE_DUBBEL = _code(
    "RK211", "Fase twee keer in één bestand", "fasen:\n  2: ...\n  '2': ...",
    "Voeg de twee blokken van de fase samen tot één.",
)
ONGELDIGE_NAAM = _code(
    "RK212", "Ongeldige naam van een onderdeel", "opschaaltafels:\n  Zorg en Veiligheid:",
    "Gebruik kleine letters, cijfers en streepjes, bijvoorbeeld 'zorg-en-veiligheid'.",
)
BESTANDSNAAM = _code(
    "RK213", "Ongeschikte bestandsnaam", "gemeenten/Den Haag.yaml",
    "Hernoem het bestand naar kleine letters, cijfers en streepjes, bijvoorbeeld 'den-haag.yaml'.",
)
TWEE_BESTANDEN = _code(
    "RK214", "Twee bestanden voor één gemeente of regio", "gemeenten/breda.yaml\ngemeenten/Breda.yml",
    "Voeg de bestanden samen tot één en verwijder de rest.",
)
GEEN_UNIVERSELE_KAART = _code(
    "RK215", "De universele regiekaart ontbreekt", "regiekaart check --project Documenten",
    "Maak content/regiekaart.yaml aan, of wijs met --project de juiste projectmap aan.",
)
GEEN_GEMEENTEN = _code(
    "RK216", "Nog geen gemeenten", "regiekaart check   # de map gemeenten/ is leeg",
    "Maak per gemeente een bestand gemeenten/<naam>.yaml aan, bijvoorbeeld met 'regiekaart new'.",
)
ONBEKENDE_GEMEENTE = _code(
    "RK217", "Gemeente bestaat niet", "regiekaart check -g bredaa",
    "Gebruik de bestandsnaam van de gemeente zonder .yaml; de melding noemt de bedoelde gemeente.",
)
ONBEKENDE_REGIO = _code(
    "RK218", "Regio bestaat niet", "regio: west-brabnt",
    "Gebruik de naam van een bestand in content/regios/ zonder .yaml.",
)
GEEN_REGIO = _code(
    "RK219", "Gemeente zonder regio", "naam: Breda\nstatus: concept",
    "Voeg 'regio: <naam>' toe aan de gemeente, of 'standaardregio: <naam>' aan content/site.yaml.",
)

# --- RK3xx: the content of a card (check.py, drukwerk.py) -------------------------------

VELD_ONTBREEKT = _code(
    "RK301", "Veld van de kaart ontbreekt of is leeg", "  2:\n    casusregie:",
    "Vul in wie dit doet, of schrijf 'niet van toepassing'.",
    onvolledig=True,
)
PLAATSHOUDER = _code(
    "RK302", "Plaatshouder in plaats van een waarde", "behandelregie: TODO",
    "Vervang de plaatshouder door wie het echt doet, of schrijf 'niet van toepassing'.",
    onvolledig=True,
)
GELIJK_AAN_ONDER = _code(
    "RK303", "Waarde gelijk aan die van de regio of de universele kaart", "casusregie: Sociaal team",
    "Haal de regel weg; de kaart neemt de waarde van de regio of de universele kaart al over.",
)
FASE_ONTBREEKT = _code(
    "RK304", "Fase ontbreekt in de universele regiekaart", "fasen:\n  1: ...\n  2: ...\n  3: ...",
    "Voeg de ontbrekende fase toe onder 'fasen', met ten minste 'naam' en 'omschrijving'.",
)
FASE_ZONDER_NAAM = _code(
    "RK305", "Fase zonder naam of omschrijving", "  3:\n    naam: ''",
    "Vul de naam en de omschrijving van de fase in; elke kaart toont ze.",
)
NAAM_LEEG = _code(
    "RK306", "Naam van de gemeente is leeg", "naam: ''",
    "Schrijf de naam van de gemeente zoals die op de kaart moet staan.",
)
LEEG_CRITERIUM = _code(
    "RK307", "Leeg criterium", "opschalen:\n  - ''",
    "Schrijf het criterium uit, of haal de regel weg.",
)
CRITERIUM_KAN_NIET = _code(
    "RK308", "Opschalen vanuit fase 4 of afschalen vanuit fase 1", "  4:\n    opschalen:\n      - Onrust in de wijk",
    "Zet het criterium bij een andere fase, of maak er een toelichting van met '- nb: ...'.",
)
TAFEL_ZONDER_NAAM = _code(
    "RK309", "Opschaaltafel zonder naam", "opschaaltafels:\n  mdo:\n    fasen: [2, 3]",
    "Voeg 'naam:' toe met de naam zoals professionals de tafel kennen.",
)
TAFEL_ZONDER_FASEN = _code(
    "RK310", "Opschaaltafel zonder fasen", "  mdo:\n    naam: MDO",
    "Zet bij 'fasen' in welke fase(n) een casus aan deze tafel komt, bijvoorbeeld 'fasen: [2, 3]'.",
)
CONTACT_ONBEREIKBAAR = _code(
    "RK311", "Contact zonder bereikbaarheid", "  - rol: Wijkcoach\n    organisatie: Wijkteam",
    "Vul 'bereikbaar' in met de algemene route van de organisatie, geen persoonlijk nummer.",
)
CONTACT_BIJ_LEEG_VELD = _code(
    "RK312", "Contact bij een leeg veld van de kaart", "op_de_kaart:\n  3: [procesregie]",
    "Vul dat veld van de kaart in, of haal de fase weg bij 'op_de_kaart'.",
)
KAART_TE_LANG = _code(
    "RK313", "De geprinte kaart past niet op één pagina", "procesregie: >-\n  Eerst het casusoverleg in de wijk, dan het MDO, dan ...",
    "Maak de langste tekst korter en zet uitleg in 'toelichting' of 'werkafspraken', of kies 'papierformaat: A3'.",
    overloop=True,
)
PERSOONSGEGEVEN = _code(
    "RK314", "Een naam, telefoonnummer of ander persoonsgegeven in een openbare tekst", "operationeel_verantwoordelijk: Jan de Vries, tel. 06-12345678",
    "Zet er een rol of de algemene route van de organisatie; moet het intranet de persoon tonen, zet haar dan in 'wie_is_wie' (naam, telefoon, email).",
)
NAAM_ONGESCHIKT = _code(
    "RK315", "Naam van de gemeente met een onzichtbaar teken, een naam die Windows weigert of letters van twee schriften", "naam: CON",
    "Typ de naam opnieuw: op één regel, met letters van één schrift, en de volledige naam van de gemeente (niet con, nul of aux).",
)

# --- RK4xx: the handreiking (check.py, links.py, markdown) ------------------------------

VOLGORDE_DUBBEL = _code(
    "RK401", "Twee hoofdstukken met hetzelfde volgnummer", "volgorde: 3",
    "Geef elk hoofdstuk een eigen volgnummer.",
)
TITEL_LEEG = _code(
    "RK402", "Hoofdstuk zonder titel", "titel: ''",
    "Geef het hoofdstuk een titel in de front matter.",
)
AFBEELDING_EXTERN = _code(
    "RK403", "Afbeelding van een andere website", "![Schema](https://example.org/fasen.png)",
    "Zet het bestand in assets/afbeeldingen/ en verwijs daarnaar.",
)
AFBEELDING_BUITEN_ASSETS = _code(
    "RK404", "Afbeelding buiten de map assets", "![Schema](../plaatjes/fasen.png)",
    "Zet het bestand in assets/afbeeldingen/ en schrijf het pad vanaf de projectmap.",
)
AFBEELDING_ONTBREEKT = _code(
    "RK405", "Afbeelding bestaat niet", "![Schema](assets/afbeeldingen/fase.png)",
    "Zet het bestand op die plek, of verbeter de naam.",
)
AFBEELDING_ZONDER_OMSCHRIJVING = _code(
    "RK406", "Afbeelding zonder omschrijving", "![](assets/afbeeldingen/fasen.png)",
    "Schrijf tussen de [ ] wat erop staat, voor wie de afbeelding niet ziet.",
)
HTML_IN_MARKDOWN = _code(
    "RK407", "HTML in de tekst", "<b>Let op</b>",
    "Gebruik Markdown, bijvoorbeeld **Let op**.",
)
LINK_NAAR_ONBEKEND_HOOFDSTUK = _code(
    "RK408", "Link naar een hoofdstuk dat niet bestaat", "[borging](borgin.md)",
    "Verbeter de naam van het hoofdstuk in de link.",
)
LINK_NIET_TOEGESTAAN = _code(
    "RK409", "Link die niet is toegestaan", "[klik](javascript:alert(1))",
    "Gebruik alleen http(s)-, mailto-, tel- of relatieve links.",
)
HOOFDSTUK_VAN_REGIO_DUBBEL = _code(
    "RK410", "Hoofdstuk van een regio heeft de naam van een gemeenschappelijk hoofdstuk", "content/regios/groningen/handreiking/borging.md",
    "Geef het hoofdstuk van de regio een eigen bestandsnaam, bijvoorbeeld borging-groningen.md.",
)
LINK_NAAR_HOOFDSTUK_VAN_REGIO = _code(
    "RK411", "Link naar een hoofdstuk van een andere regio", "[het proces](het-proces-in-west-brabant.md)   # in content/handreiking/",
    "Link alleen naar de gemeenschappelijke hoofdstukken en die van de eigen regio, of haal de link weg.",
)
HOOFDSTUKKEN_ZONDER_REGIO = _code(
    "RK412", "Hoofdstukken in de map van een regio die niet bestaat", "content/regios/groningn/handreiking/team.md",
    "Geef de map de naam van een regio: een bestand in content/regios/ zonder .yaml.",
)
# the trainer's guide and the questions of the training (check.check_trainershandleiding)
BLOK_ONBEKEND = _code(
    "RK420", "De trainershandleiding verwijst naar een vraag of blok dat niet bestaat", "{vraag casus 13}",
    "Verbeter de naam van het deel of het nummer van de vraag (geteld van boven naar beneden), of kies een bestaand regioblok.",
)
VRAAG_ZONDER_BESPREKING = _code(
    "RK421", "Vraag van de training zonder bespreekpunten in de trainershandleiding", "- Wie beslist er over de veiligheid?",
    "Zet in de trainershandleiding een alinea {vraag <deel> <nummer>} met de bespreekpunten eronder.",
    samen="{n} vragen van de training hebben geen bespreekpunten in de trainershandleiding: {namen}",
)

# --- RK5xx: borging (check.py) ----------------------------------------------------------

HERZIENING_VERLOPEN = _code(
    "RK501", "Herzieningsdatum is voorbij", "herzien_voor: 2024-01-01",
    "Plan een terugkombijeenkomst, werk de kaart bij en zet een nieuwe datum bij 'herzien_voor'.",
    samen="{n} kaarten hadden al herzien moeten zijn: {namen} (`regiekaart status` toont ze)",
)
GEEN_HERZIENINGSDATUM = _code(
    "RK502", "Vastgestelde kaart zonder herzieningsdatum", "status: vastgesteld\nvastgesteld: 2026-03-01",
    "Voeg 'herzien_voor: JJJJ-MM-DD' toe.",
    samen="{n} vastgestelde kaarten hebben geen herzieningsdatum: {namen} (`regiekaart status` toont ze)",
)
VOORBEELDINVULLING = _code(
    "RK503", "Kaart is nog een voorbeeldinvulling", "status: voorbeeld",
    "Laat de gemeente de kaart bevestigen en zet dan 'status: concept' of 'status: vastgesteld'.",
    samen="{n} kaarten zijn nog een voorbeeldinvulling: {namen} (`regiekaart status` toont ze)",
)
VASTGESTELD_ZONDER_DATUM = _code(
    "RK504", "Vastgesteld zonder datum van het besluit", "status: vastgesteld\nherzien_voor: 2028-03-01",
    "Voeg 'vastgesteld: JJJJ-MM-DD' toe met de datum van het besluit.",
)
DATUM_ZONDER_STATUS = _code(
    "RK505", "Datum van vaststelling bij een kaart die niet vastgesteld is", "status: concept\nvastgesteld: 2026-03-01",
    "Zet 'status: vastgesteld', of haal de datum weg.",
)

# --- RK6xx: the build and the built site (build.py, write.py, pdf.py, search.py, links.py)

MAP_NIET_VAN_REGIEKAART = _code(
    "RK601", "De uitvoermap is geen regiekaart-site", "regiekaart build --out Documenten",
    "Kies met --out een lege of nieuwe map, zodat er niets verloren gaat.",
)
MAP_NAAST_DE_SITE = _code(
    "RK602", "Een vreemde map naast de site", "build/.site.nieuw",
    "Verplaats of hernoem die map; regiekaart gebruikt die naam tijdens het bouwen.",
)
SITE_NIET_TE_SCHRIJVEN = _code(
    "RK603", "De site kan niet worden geschreven", "regiekaart build   # de schijf is vol",
    "Zorg dat de map beschrijfbaar is en dat er schijfruimte is.",
)
PAGEFIND_ONTBREEKT = _code(
    "RK604", "Pagefind is niet geïnstalleerd", "regiekaart build   # zonder eerst make build",
    "Installeer regiekaart opnieuw met 'make build'.",
)
ZOEKINDEX_GEEN_RUIMTE = _code(
    "RK605", "Geen plek voor de zoekindex", "regiekaart build   # build/.cache is niet beschrijfbaar",
    "Zorg dat build/.cache beschrijfbaar is en dat er schijfruimte is.",
)
ZOEKINDEX_MISLUKT = _code(
    "RK606", "Pagefind kon de zoekindex niet maken", "regiekaart build   # Pagefind stopt met een fout",
    "Draai de bouw opnieuw; blijft het gebeuren, meld het dan bij de beheerder van regiekaart.",
)
NIET_IN_PDF = _code(
    "RK607", "Bestand kan niet in de PDF's", "![Logo](https://example.org/logo.png)",
    "Zet een werkend PNG-, JPEG- of SVG-bestand in assets/ en verwijs daarnaar.",
)
PDF_TE_LANG = _code(
    "RK608", "PDF heeft te veel pagina's", "opschalen:\n  - ...   # veertig criteria: de criteriakaart wordt drie pagina's",
    "Maak de langste teksten korter en zet uitleg in 'toelichting' of 'werkafspraken'.",
    overloop=True,
)
LINK_IN_SITE = _code(
    "RK609", "Link in de gebouwde site werkt niet", "[bijlage](../bijlage/index.html)",
    "Herstel de link zoals de melding zegt, of voeg het ontbrekende toe.",
)
GEEN_GEBOUWDE_SITE = _code(
    "RK610", "Geen gebouwde site om na te lopen", "regiekaart check --links   # vóór de eerste bouw",
    "Bouw eerst met 'regiekaart build', of wijs de site aan met --site.",
)
CACHE_BESCHADIGD = _code(
    "RK611", "Een cache in build/.cache was beschadigd", "build/.cache/gemeenten.pickle   # na een volle schijf",
    "Niets: regiekaart gooit wat beschadigd is weg en maakt het opnieuw. Gebeurt het vaker, controleer dan de schijf.",
)


# --- RK7xx: `regiekaart import` (importeren.py) ----------------------------------------

IMPORT_BESTAND_ONTBREEKT = _code(
    "RK701", "Het bestand om in te lezen is er niet", "regiekaart import Downloads/breda.yml",
    "Controleer de naam en de map van het bestand; geef bestanden, geen map.",
)
IMPORT_GEEN_KAARTBESTAND = _code(
    "RK702", "Geen kaartbestand", "regiekaart import invullen.html",
    "Neem het .yaml-bestand dat de knop 'Bestand downloaden' van het invulformulier geeft.",
)
IMPORT_ONBEKENDE_GEMEENTE = _code(
    "RK703", "Gemeente niet in het project", "regiekaart import nieuwegemeente.yaml",
    "Controleer de bestandsnaam; voeg --nieuw toe als het echt een nieuwe gemeente is.",
)
IMPORT_ZIP_ONBRUIKBAAR = _code(
    "RK704", "De zip is niet bruikbaar", "regiekaart import kaarten.zip   # beschadigd of met wachtwoord",
    "Pak de zip uit en geef de .yaml-bestanden zelf.",
)
IMPORT_DUBBEL = _code(
    "RK705", "Dezelfde gemeente twee keer", "regiekaart import breda.yaml 'breda (1).yaml'",
    "Geef van elke gemeente één bestand: het nieuwste.",
)
IMPORT_PERSOONSGEGEVENS_WEG = _code(
    "RK706", "Namen of contactgegevens zouden verloren gaan", "regiekaart import breda.yaml   # van het openbare invulformulier",
    "Vul de kaart in met het invulformulier van de interne site, of zet de gegevens er zelf weer bij.",
)

IMPORT_INTUSSEN_GEWIJZIGD = _code(
    "RK707", "Het bestand is intussen gewijzigd", "regiekaart import breda.yaml   # een collega slaat gemeenten/breda.yaml op vóór uw 'j'",
    "Draai 'regiekaart import' opnieuw; dan ziet u het verschil met de nieuwe versie.",
)


if __name__ == "__main__":  # `make codes`: refresh the table in README.md
    print("README.md bijgewerkt." if refresh_readme() else "README.md was al bij.", file=sys.stderr)
