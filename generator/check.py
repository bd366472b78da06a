"""Check stage: pure functions from the cascaded model to a list of problems.

Nothing is raised; every check returns all it finds. Each problem carries its code of
the catalogue (codes.py); the codes marked ``onvolledig`` are the gaps that
``build --draft`` tolerates.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from collections import Counter
from typing import Callable, Sequence

from .markdown import IMAGE_SUFFIXES, link_allowed, parser, raw_html_lines
from .model import LAAG_BASIS, LAAG_GEMEENTE, LAAG_REGIO, Basis, Borging, Fase, Gemeente, Hoofdstuk, Opschaaltafel, Regio, is_placeholder, slugify
from . import codes
from .meldingen import melding
from .problems import Pos, Problem, error, warning
from .schema import Rec, Val, suggest
from .velden import VELDEN
from .vragen import REGIO_BLOKKEN, blokken, per_sleutel


# --- the base -------------------------------------------------------------------------


def check_basis(basis: Basis) -> list[Problem]:
    problems: list[Problem] = []
    fasen = basis.rec.get("fasen")
    for fase in basis.kaart.fasen:
        where = fasen.get(fase.nummer).pos if fasen and fasen.get(fase.nummer) else (fasen.pos if fasen else Pos(basis.path))
        if not fasen or fasen.get(fase.nummer) is None:
            problems.append(error(where, f"fase {fase.nummer} ontbreekt in de universele regiekaart; voeg '{fase.nummer}:' toe onder 'fasen' met ten minste 'naam' en 'omschrijving'.", codes.FASE_ONTBREEKT))
            continue
        for key in ("naam", "omschrijving"):
            if not getattr(fase, key):
                problems.append(error(where, f"fase {fase.nummer} heeft geen '{key}'; vul die in, want elke kaart toont hem.", codes.FASE_ZONDER_NAAM))
        for cel in fase.cellen:
            if cel.waarde is not None and cel.waarde.value.strip() and is_placeholder(cel.waarde.value):
                problems.append(_placeholder(cel.waarde, fase.nummer, cel.veld))
        problems += _check_criteria(fase)
    return problems


# --- a gemeente -------------------------------------------------------------------------

MAX_NAAM = 80
# Names that Windows refuses for a file or folder, in any case and also with an extension
# ("nul.txt"): a gemeente's file, her folder of the site and her folder in the zip of
# `publish --alleen-pdf` would have them, and could not be unpacked there.
WINDOWS_GERESERVEERD = frozenset({"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in [*"123456789", "¹", "²", "³"])})
# What the scripts of a name are called in a message; a script not here by its English name.
SCHRIFTEN = {"LATIN": "Latijns", "CYRILLIC": "Cyrillisch", "GREEK": "Grieks", "ARMENIAN": "Armeens", "HEBREW": "Hebreeuws", "ARABIC": "Arabisch", "FULLWIDTH": "breed (Oost-Aziatisch)", "MATHEMATICAL": "wiskundig"}
# Invisible in a name: control and format characters (tabs, newlines, the bidi controls
# U+202A-202E, U+2066-2069 and U+200E/F, zero-width characters), line and paragraph
# separators, and what is no character at all (unassigned, private use, surrogates).
ONZICHTBAAR_IN_NAAM = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"})


def windows_gereserveerd(name: str) -> bool:
    """Whether Windows refuses ``name`` as the name of a file or folder (con, prn, aux,
    nul, com1-com9, lpt1-lpt9; in any case, with or without an extension)."""
    return name.strip().rstrip(" .").split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_GERESERVEERD


def _schrift(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, CYRILLIC, ...);
    the letters of Latin-1 and Latin Extended are all Latin (ª, µ)."""
    return "LATIN" if ord(char) < 0x250 else unicodedata.name(char, "?").split(" ", 1)[0]


def naam_probleem(naam: str) -> str:
    """What is wrong with the name of a gemeente, or '': the one rule for `new`, `import`
    and `check`. A name stands on one line without invisible characters, has at most
    MAX_NAAM characters and letters to make a file name of, is no name that Windows
    refuses (also as her file name), and has letters of one script only: a Cyrillic 'а'
    looks like a Latin 'a', and makes a second gemeente of one."""
    naam = naam.strip()
    onzichtbaar = sorted({c for c in naam if unicodedata.category(c) in ONZICHTBAAR_IN_NAAM})
    if onzichtbaar:
        tekens = ", ".join(f"U+{ord(c):04X}" for c in onzichtbaar)
        return f"de naam moet op één regel staan, zonder tabs, regeleinden of andere onzichtbare tekens (zoals tekens die de leesrichting omdraaien); deze naam heeft {tekens}. Typ de naam van de gemeente opnieuw, zoals die op de kaart moet staan."
    if len(naam) > MAX_NAAM:
        return f"de naam is {len(naam)} tekens lang; een naam heeft hoogstens {MAX_NAAM} tekens. Geef de naam van de gemeente zoals die op de kaart moet staan."
    slug = slugify(naam)
    if not slug:
        return f"'{naam}' is geen bruikbare naam: er staan geen letters of cijfers in waarvan een bestandsnaam te maken is. Geef de naam van de gemeente zoals die op de kaart moet staan, bijvoorbeeld \"Den Haag\"."
    if windows_gereserveerd(naam) or windows_gereserveerd(slug):
        return f"'{naam}' kan Windows niet gebruiken als naam van een bestand of map (zoals con, nul, aux, prn, com1 en lpt1), en het bestand van de gemeente en haar map met PDF's zouden zo heten. Geef de volledige naam van de gemeente."
    letters = [c for c in naam if unicodedata.category(c).startswith("L")]
    schriften = [_schrift(c) for c in letters]
    if len(set(schriften)) > 1:
        meeste = max(dict.fromkeys(schriften), key=schriften.count)
        vreemd = next(c for c, s in zip(letters, schriften) if s != meeste)
        return (
            f"'{naam}' mengt letters van verschillende schriften: '{vreemd}' (U+{ord(vreemd):04X}) is {SCHRIFTEN.get(_schrift(vreemd), _schrift(vreemd).lower())}, de rest {SCHRIFTEN.get(meeste, meeste.lower())}. "
            "Zo'n letter lijkt op een gewone maar is een ander teken, en zo lijkt de naam op die van een andere gemeente. Typ de naam opnieuw, met letters van één schrift."
        )
    return ""


def check_gemeente(gemeente: Gemeente) -> list[Problem]:
    problems: list[Problem] = []
    toelichting = gemeente.rec.get("toelichting")
    if toelichting is not None:
        problems += _check_disabled_links(gemeente.path, toelichting.value, toelichting.pos)
    if not gemeente.rec.get("naam") or not gemeente.naam.strip():
        where = gemeente.rec.get("naam").pos if gemeente.rec.get("naam") else Pos(gemeente.path)
        problems.append(error(where, melding("naam_leeg"), codes.NAAM_LEEG, gemeente.naam))
    elif wrong := naam_probleem(gemeente.naam):
        problems.append(error(gemeente.rec.get("naam").pos, wrong, codes.NAAM_ONGESCHIKT, gemeente.naam))
    for fase in gemeente.kaart.fasen:
        for cel in fase.cellen:
            problems += _check_cel(gemeente, fase, cel.veld)
        problems += _check_criteria(fase)
    problems += _check_status(gemeente)
    problems += _check_tafels(gemeente.opschaaltafels, LAAG_GEMEENTE)
    problems += _check_contacten(gemeente)
    return problems


# --- a region ---------------------------------------------------------------------------


def check_regio(regio: Regio) -> list[Problem]:
    """What a region file adds: no placeholders, sound criteria, tables with a name."""
    if regio.rec is None:
        return []
    problems: list[Problem] = []
    for fase in regio.kaart.fasen:
        for cel in fase.cellen:
            if cel.regio is not None and cel.regio.value.strip() and is_placeholder(cel.regio.value):
                problems.append(_placeholder(cel.regio, fase.nummer, cel.veld))
        problems += [p for p in _check_criteria(fase) if any(c.pos == p.pos and c.laag == LAAG_REGIO for c in fase.opschalen + fase.afschalen)]
    problems += _check_tafels(regio.opschaaltafels, LAAG_REGIO)
    return problems


def _check_tafels(tafels: list[Opschaaltafel], laag: str) -> list[Problem]:
    """Tables introduced by this layer: a name, and at least one fase to come in."""
    problems = []
    for tafel in tafels:
        if tafel.laag != laag:
            continue
        if tafel.naamloos:
            problems.append(error(tafel.pos, f"opschaaltafel '{tafel.sleutel}' heeft geen 'naam'; schrijf de naam zoals professionals de tafel kennen.", codes.TAFEL_ZONDER_NAAM))
        if not tafel.fasen:
            problems.append(warning(tafel.pos, f"opschaaltafel '{tafel.naam}' noemt geen fasen; zet bij 'fasen' in welke fase(n) een casus hier terechtkomt, anders verschijnt de tafel bij geen enkele fase.", codes.TAFEL_ZONDER_FASEN))
    return problems


def _check_contacten(gemeente: Gemeente) -> list[Problem]:
    problems = []
    for contact in gemeente.wie_is_wie:
        if not contact.bereikbaar:
            problems.append(warning(contact.pos, melding("contact_onbereikbaar", rol=contact.rol), codes.CONTACT_ONBEREIKBAAR, gemeente.naam))
        for nummer, velden in contact.op_de_kaart.items():
            for veld in velden:
                if gemeente.kaart.fase(nummer).cel(veld).status in ("ontbreekt", "open"):
                    problems.append(warning(contact.pos, f"contact '{contact.rol}' hoort volgens 'op_de_kaart' bij {veld} in fase {nummer}, maar dat veld is nog leeg.", codes.CONTACT_BIJ_LEEG_VELD, gemeente.naam))
    return problems


# --- borging ----------------------------------------------------------------------------


def check_borging(rec: Rec | None, path: str, wie: str, peildatum: dt.date, status: str = "") -> list[Problem]:
    """Warnings that keep the cards current: a review date that has passed, an adopted
    card without one, a card that is still an example fill. Depends on the date."""
    if rec is None:
        return []
    problems = []
    herzien = rec.get("herzien_voor")
    if herzien is not None and Borging("", None, herzien.value, peildatum).verlopen:
        problems.append(warning(herzien.pos, f"de kaart van {wie} had herzien moeten zijn vóór {herzien.value.isoformat()}; plan een terugkombijeenkomst, werk de kaart bij en zet een nieuwe datum bij 'herzien_voor'.", codes.HERZIENING_VERLOPEN, wie))
    if status == "vastgesteld" and herzien is None:
        where = rec.get("vastgesteld").pos if rec.get("vastgesteld") else Pos(path)
        problems.append(warning(where, f"de kaart van {wie} is vastgesteld, maar heeft geen herzieningsdatum; voeg 'herzien_voor: JJJJ-MM-DD' toe.", codes.GEEN_HERZIENINGSDATUM, wie))
    if status == "voorbeeld":
        val = rec.get("status")
        problems.append(warning(val.pos if val else Pos(path), f"de kaart van {wie} is nog een voorbeeldinvulling; laat de gemeente haar bevestigen en zet dan 'status: concept' of 'status: vastgesteld'.", codes.VOORBEELDINVULLING, wie))
    return problems


def _check_cel(gemeente: Gemeente, fase: Fase, veld: str) -> list[Problem]:
    cel = fase.cel(veld)
    label = VELDEN[veld].label
    hulp = melding("hulp", uitleg=VELDEN[veld].uitleg)
    waarde = cel.waarde
    if waarde is None:
        where = gemeente.pos_in_eigen_bestand(fase.nummer)
        return [error(where, melding("veld_ontbreekt", fase=fase.nummer, veld=veld, label=label, hulp=hulp), codes.VELD_ONTBREEKT, gemeente.naam)]
    if not waarde.value.strip():
        if waarde.laag in (LAAG_BASIS, LAAG_REGIO):
            where = gemeente.pos_in_eigen_bestand(fase.nummer)
            return [error(where, melding("veld_ontbreekt", fase=fase.nummer, veld=veld, label=label, hulp=hulp), codes.VELD_ONTBREEKT, gemeente.naam)]
        return [error(waarde.pos, melding("veld_leeg", fase=fase.nummer, veld=veld, label=label, hulp=hulp), codes.VELD_ONTBREEKT, gemeente.naam)]
    if is_placeholder(waarde.value):
        return [_placeholder(waarde, fase.nummer, veld)]
    onder = cel.onder  # a region's value is the region's to check, not every gemeente's
    if waarde.laag == LAAG_GEMEENTE and onder is not None and onder.value.strip() == waarde.value.strip():
        bron = melding("bron_regio" if onder.laag == LAAG_REGIO else "bron_basis")
        return [warning(waarde.pos, melding("gelijk_aan_onder", fase=fase.nummer, veld=veld, bron=bron), codes.GELIJK_AAN_ONDER, gemeente.naam)]
    return []


def _placeholder(waarde: Val, fase: int, veld: str) -> Problem:
    return error(
        waarde.pos,
        melding("plaatshouder", fase=fase, veld=veld, tekst=waarde.value.strip()),
        codes.PLAATSHOUDER,
    )


def _check_criteria(fase: Fase) -> list[Problem]:
    problems = []
    for richting, criteria, naar in (("opschalen", fase.opschalen, fase.opschalen_naar), ("afschalen", fase.afschalen, fase.afschalen_naar)):
        for crit in criteria:
            if not crit.tekst.strip():
                problems.append(error(crit.pos, melding("leeg_criterium", fase=fase.nummer, richting=richting), codes.LEEG_CRITERIUM))
            elif naar is None and not crit.nb:
                reden = "de hoogste fase" if richting == "opschalen" else "het gewone leven, de laagste fase"
                problems.append(error(crit.pos, f"fase {fase.nummer} is {reden}: '{richting}' kan daar niet. Schrijf een toelichting als '- nb: ...', of zet het criterium bij een andere fase.", codes.CRITERIUM_KAN_NIET))
    return problems


def _check_status(gemeente: Gemeente) -> list[Problem]:
    status = gemeente.rec.get("status")
    vastgesteld = gemeente.rec.get("vastgesteld")
    if gemeente.status == "vastgesteld" and vastgesteld is None:
        return [error(status.pos, "status is 'vastgesteld', maar de datum ontbreekt; voeg 'vastgesteld: JJJJ-MM-DD' toe met de datum van het besluit.", codes.VASTGESTELD_ZONDER_DATUM, gemeente.naam)]
    if vastgesteld is not None and gemeente.status != "vastgesteld":
        where = status.pos if status else vastgesteld.pos
        return [warning(where, f"er staat een datum bij 'vastgesteld', maar de status is '{gemeente.status}'; zet 'status: vastgesteld' of haal de datum weg.", codes.DATUM_ZONDER_STATUS, gemeente.naam)]
    return []


# --- the handreiking ---------------------------------------------------------------------


def check_hoofdstukken(hoofdstukken: list[Hoofdstuk], afbeeldingen: frozenset[str] | None = None, regios: Sequence[Regio] = ()) -> list[Problem]:
    """The common chapters, and each region's own (``regios``): each is checked within
    the booklet it is part of, the common chapters with the region's. ``afbeeldingen``:
    the files in the project's assets (paths within it), which images may show; None
    leaves out the check of images."""
    van_regio: dict[str, list[Regio]] = {}  # the slug of a region's own chapter -> the regions that have one
    for regio in regios:
        for h in regio.hoofdstukken:
            van_regio.setdefault(h.slug, []).append(regio)
    problems = _check_boekje(hoofdstukken, hoofdstukken, afbeeldingen, van_regio)
    gemeenschappelijk = {h.slug: h for h in hoofdstukken}
    for regio in regios:
        for h in regio.hoofdstukken:
            if h.slug in gemeenschappelijk:
                problems.append(error(
                    Pos(h.path),
                    f"het hoofdstuk '{h.slug}' van regio {regio.naam} heeft dezelfde bestandsnaam als het gemeenschappelijke hoofdstuk {gemeenschappelijk[h.slug].path}; "
                    f"dan hebben ze in het boekje van de regio hetzelfde adres. Hernoem het bestand, bijvoorbeeld naar '{h.slug}-{regio.slug}.md'.",
                    codes.HOOFDSTUK_VAN_REGIO_DUBBEL,
                ))
        problems += _check_boekje(regio.hoofdstukken, [*hoofdstukken, *regio.hoofdstukken], afbeeldingen, van_regio, regio)
    return problems


def _check_boekje(eigen: list[Hoofdstuk], boekje: list[Hoofdstuk], afbeeldingen: frozenset[str] | None, van_regio: dict[str, list[Regio]], regio: Regio | None = None) -> list[Problem]:
    """The chapters ``eigen`` of one booklet (``boekje``: all its chapters): an own number,
    a title, links to chapters of the same booklet, images of the project's assets."""
    problems: list[Problem] = []
    volgordes = Counter(h.volgorde for h in boekje)
    slugs = {h.slug for h in boekje}
    waar = f" in het boekje van regio {regio.naam}" if regio is not None else ""
    for h in eigen:
        if volgordes[h.volgorde] > 1:
            others = ", ".join(o.path for o in boekje if o.volgorde == h.volgorde and o is not h)
            problems.append(error(h.front.get("volgorde", Pos(h.path, 2)), f"'volgorde: {h.volgorde}' komt ook voor in {others}; geef elk hoofdstuk{waar} een eigen volgnummer.", codes.VOLGORDE_DUBBEL))
        if not h.titel.strip():
            problems.append(error(h.front.get("titel", Pos(h.path, 2)), "'titel' is leeg; geef het hoofdstuk een titel.", codes.TITEL_LEEG))
        problems += _check_markdown(h, slugs, van_regio, regio)
        if afbeeldingen is not None:
            problems += check_afbeeldingen(h.markdown, afbeeldingen, lambda offset, h=h: Pos(h.path, h.body_line + offset))
    return problems


AFBEELDINGEN = "assets/afbeeldingen/"  # where the README tells authors to put images


def check_afbeeldingen(text: str, afbeeldingen: frozenset[str], where: Callable[[int], Pos]) -> list[Problem]:
    """Every image in Markdown ``text`` is a file of the project's own assets, written as
    'assets/...': the site never fetches anything from another host, and the PDFs read
    only the assets. ``where`` turns a 0-based line of the text into a position."""
    problems: list[Problem] = []
    if "![" not in text:  # no image: nothing to parse (most texts)
        return problems
    for block in parser().parse(text):
        for child in block.children or []:
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            pos = where(block.map[0] if block.map else 0)
            naam = posixpath.basename(src.split("?", 1)[0].split("#", 1)[0].rstrip("/")) or "naam.png"
            voorbeeld = f"![omschrijving]({AFBEELDINGEN}{naam})"
            if "://" in src or src.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src):
                problems.append(error(pos, f"afbeelding '{src}' staat op een andere website; afbeeldingen van andere websites worden niet opgehaald. Zet het bestand in {AFBEELDINGEN} en schrijf {voorbeeld}.", codes.AFBEELDING_EXTERN))
                continue
            pad = posixpath.normpath(src.split("?", 1)[0].split("#", 1)[0]) if src else ""
            if not pad.startswith("assets/") or ".." in pad.split("/"):
                problems.append(error(pos, f"afbeelding '{src}' staat niet in de map assets; zet het bestand in {AFBEELDINGEN} en schrijf {voorbeeld}.", codes.AFBEELDING_BUITEN_ASSETS))
            elif pad.removeprefix("assets/") not in afbeeldingen:
                bestaand = sorted("assets/" + a for a in afbeeldingen if a.lower().endswith(IMAGE_SUFFIXES))
                problems.append(error(pos, f"afbeelding '{src}' bestaat niet; zet het bestand daar neer of verbeter de naam.{suggest(pad, bestaand, 'Bestaande afbeeldingen')}", codes.AFBEELDING_ONTBREEKT))
            elif not child.content.strip():
                problems.append(warning(pos, f"afbeelding '{src}' heeft geen omschrijving; schrijf tussen de [ ] wat erop staat, voor wie de afbeelding niet ziet.", codes.AFBEELDING_ZONDER_OMSCHRIJVING))
    return problems


def _check_markdown(h: Hoofdstuk, slugs: set[str], van_regio: dict[str, list[Regio]] | None = None, regio: Regio | None = None) -> list[Problem]:
    problems = []
    tokens = parser().parse(h.markdown)
    for offset in raw_html_lines(h.markdown):
        problems.append(warning(Pos(h.path, h.body_line + offset), "HTML wordt niet uitgevoerd en verschijnt als gewone tekst; gebruik Markdown.", codes.HTML_IN_MARKDOWN))
    for block in tokens:
        line = h.body_line + (block.map[0] if block.map else 0)
        for child in block.children or []:
            if child.type != "link_open" and child.type != "image":
                continue
            href = str(child.attrs.get("href") or child.attrs.get("src") or "")
            problems += _check_link(h, href, line, slugs, van_regio or {}, regio)
        if block.type == "inline":
            problems += _check_disabled_links(h.path, block.content, Pos(h.path, line))
    return problems


def _check_link(h: Hoofdstuk, href: str, line: int, slugs: set[str], van_regio: dict[str, list[Regio]] | None = None, regio: Regio | None = None) -> list[Problem]:
    """A link to a chapter (``x.md``) must reach one of the booklet's ``slugs``: the common
    chapters and, in a region's own chapter, those of that region."""
    target = href.split("#", 1)[0]
    if target.endswith(".md") and "://" not in target:
        slug = posixpath.basename(target)[:-3]
        elders = [r for r in (van_regio or {}).get(slug, []) if r is not regio]
        if slug not in slugs and elders:
            namen = " en ".join(f"regio {r.naam}" for r in elders)
            if regio is None:
                waarom = "een gemeenschappelijk hoofdstuk staat in het boekje van elke regio en kan alleen naar andere gemeenschappelijke hoofdstukken linken"
                oplossing = "Haal de link weg, of zet de tekst in een hoofdstuk van die regio"
            else:
                waarom = f"dit hoofdstuk staat in het boekje van regio {regio.naam} en kan alleen naar de gemeenschappelijke hoofdstukken en die van de eigen regio linken"
                oplossing = "Haal de link weg, of verwijs in gewone tekst naar de handreiking van die regio"
            return [error(Pos(h.path, line), f"link naar '{target}', een hoofdstuk van alleen {namen}; {waarom}. {oplossing}.", codes.LINK_NAAR_HOOFDSTUK_VAN_REGIO)]
        if slug not in slugs:
            return [error(Pos(h.path, line), f"link naar '{target}', maar dat hoofdstuk bestaat niet.{suggest(slug + '.md', sorted(s + '.md' for s in slugs), 'Bestaande hoofdstukken')}", codes.LINK_NAAR_ONBEKEND_HOOFDSTUK)]
    return []


def _check_disabled_links(path: str, content: str, pos: Pos) -> list[Problem]:
    """Links with a forbidden scheme are dropped by the parser: find them in the source."""
    problems = []
    for match in re.finditer(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)", content):
        url = match.group(1)
        if not link_allowed(url):
            problems.append(error(pos, f"link '{url}' is niet toegestaan; gebruik alleen http(s)-, mailto-, tel- of relatieve links.", codes.LINK_NIET_TOEGESTAAN))
    return problems


# --- the trainer's guide ------------------------------------------------------------------


def check_trainershandleiding(handleiding: list[Hoofdstuk], training: list[Hoofdstuk]) -> list[Problem]:
    """Every question of the training handout has its discussion points in the trainer's
    guide, and every "{vraag ...}" and "{regio ...}" paragraph of the guide shows something
    that exists (see vragen.py). A project without a guide is asked nothing."""
    if not handleiding:
        return []
    problems: list[Problem] = []
    alle = per_sleutel(training)
    per_deel = Counter(v.deel for v in alle.values())
    delen = sorted(h.slug for h in training)
    besproken: set[str] = set()
    for h in handleiding:
        for blok in blokken(h):
            pos = Pos(blok.path, blok.regel)
            alinea = f"'{{{blok.soort} {blok.sleutel}}}'"
            if blok.soort == "regio":
                if blok.naam not in REGIO_BLOKKEN or blok.nummer is not None:
                    problems.append(error(pos, f"{alinea} bestaat niet; een regioblok heeft alleen een naam.{suggest(blok.naam, list(REGIO_BLOKKEN), 'Mogelijk')}", codes.BLOK_ONBEKEND))
            elif blok.nummer is None:
                problems.append(error(pos, f"{alinea} noemt geen nummer; schrijf bijvoorbeeld '{{vraag {blok.naam} 1}}' voor de eerste vraag van {blok.naam}.md.", codes.BLOK_ONBEKEND))
            elif blok.naam not in per_deel:
                problems.append(error(pos, f"{alinea}: de training heeft geen deel '{blok.naam}' met vragen (een bestand content/training/{blok.naam}.md).{suggest(blok.naam, delen, 'Delen')}", codes.BLOK_ONBEKEND))
            elif blok.sleutel not in alle:
                n = per_deel[blok.naam]
                problems.append(error(pos, f"{alinea}: {blok.naam}.md heeft {n} {'vraag' if n == 1 else 'vragen'}; verbeter het nummer (de vragen zijn geteld van boven naar beneden).", codes.BLOK_ONBEKEND))
            else:
                besproken.add(blok.sleutel)
    for vraag in alle.values():
        if vraag.sleutel not in besproken:
            kort = vraag.tekst if len(vraag.tekst) <= 60 else vraag.tekst[:57].rstrip() + "…"
            problems.append(warning(
                Pos(vraag.path, vraag.regel),
                f"de trainershandleiding bespreekt deze vraag niet ('{kort}'). Zet in een hoofdstuk van content/trainershandleiding/ een alinea '{{vraag {vraag.sleutel}}}' met de bespreekpunten eronder.",
                codes.VRAAG_ZONDER_BESPREKING,
                vraag.sleutel,
            ))
    return problems
