"""The fields of the card: the one definition that every stage reads.

Each fase of the card has the same five fields. Their keys, labels and texts are
written here once; the schema validates them, the model and the templates show
them, ``check`` names them in its messages, ``new`` and the JSON schema explain
them, and the invulformulier will ask for them. Adding or renaming a field is an
edit to this table alone.

This module imports nothing of the generator, so that every stage may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

REGIE = "regie"  # who steers: casusregie, behandelregie, procesregie
VERANTWOORDELIJKHEID = "verantwoordelijkheid"  # who answers for it: operationeel, bestuurlijk


@dataclass(frozen=True)
class Veld:
    """One field of a fase on the card."""

    sleutel: str  # the YAML key
    label: str  # the row heading of the card
    kort: str  # two letters, for the region's overview of all cards
    groep: str  # REGIE or VERANTWOORDELIJKHEID
    hulp: str  # for the author: the comment in `new`, the JSON schema, the form's hint
    uitleg: str  # what to fill in, completing "Vul in ..." in the messages of `check`


VELDEN: dict[str, Veld] = {
    veld.sleutel: veld
    for veld in (
        Veld(
            "casusregie", "Casusregie", "Cr", REGIE,
            "Wie de casusregie heeft: het eerste aanspreekpunt voor het huishouden, dat het plan bewaakt (bijvoorbeeld het sociaal wijkteam).",
            "wie het eerste aanspreekpunt voor het huishouden is (bijvoorbeeld het sociaal wijkteam)",
        ),
        Veld(
            "behandelregie", "Behandelregie", "Br", REGIE,
            "Wie de behandelregie heeft: wie de behandeling coördineert (bijvoorbeeld de hoofdbehandelaar in de ggz).",
            "wie de behandeling coördineert (bijvoorbeeld de hoofdbehandelaar in de ggz)",
        ),
        Veld(
            "procesregie", "Procesregie", "Pr", REGIE,
            "Wie de procesregie heeft: wie de samenwerking tussen de organisaties stuurt (bijvoorbeeld een opschaaltafel of het Zorg- en Veiligheidshuis).",
            "wie de samenwerking tussen organisaties stuurt (bijvoorbeeld een opschaaltafel of het Zorg- en Veiligheidshuis)",
        ),
        Veld(
            "operationeel_verantwoordelijk", "Operationeel verantwoordelijk", "Ov", VERANTWOORDELIJKHEID,
            "Wie operationeel verantwoordelijk is: wie in de uitvoering zorgt dat het gebeurt (bijvoorbeeld de teamleider van het wijkteam).",
            "wie in de uitvoering verantwoordelijk is (bijvoorbeeld de teamleider van het wijkteam)",
        ),
        Veld(
            "bestuurlijk_verantwoordelijk", "Bestuurlijk verantwoordelijk", "Bv", VERANTWOORDELIJKHEID,
            "Wie bestuurlijk verantwoordelijk is: de bestuurder die erop wordt aangesproken (bijvoorbeeld de wethouder of de burgemeester).",
            "wie bestuurlijk verantwoordelijk is (bijvoorbeeld de wethouder of de burgemeester)",
        ),
    )
}


@dataclass(frozen=True)
class Vraag:
    """A question of the invulformulier about a key of a block she adds to (a role of the
    wie-is-wie, an opschaaltafel): the key in the file, the question, a hint."""

    sleutel: str
    label: str
    hulp: str = ""
    verplicht: bool = False  # the schema requires it (schema.CONTACT.required)


# A role of the wie-is-wie (schema.CONTACT), in the order of the form and the file.
CONTACT_VRAGEN = (
    Vraag("rol", "Rol of functie", "Bijvoorbeeld: Casusregisseur sociaal wijkteam. Geen naam van een persoon.", True),
    Vraag("organisatie", "Organisatie", "", True),
    Vraag("wijk", "Wijk"),
    Vraag("expertise", "Expertise"),
    Vraag("bereikbaar", "Hoe bereikt u deze rol?", "De algemene route van de organisatie, geen persoonlijk nummer."),
    Vraag("vervanging", "Wie neemt waar?"),
)
# Personal data (schema.PERSOONSGEGEVENS): only in the form of a build for the intranet.
PERSOON_VRAGEN = (
    Vraag("naam", "Naam (alleen intranet)"),
    Vraag("telefoon", "Telefoon (alleen intranet)"),
    Vraag("email", "E-mail (alleen intranet)"),
)
# An opschaaltafel (schema.OPSCHAALTAFEL), besides its criteria and fasen.
TAFEL_VRAGEN = (
    Vraag("naam", "Naam van de tafel", "Voor een eigen tafel: de naam zoals professionals haar kennen."),
    Vraag("organisatie", "Organisatie"),
    Vraag("omschrijving", "Omschrijving"),
    Vraag("aanmelden", "Hoe meldt u een casus aan?"),
)


def in_groep(groep: str) -> list[Veld]:
    return [v for v in VELDEN.values() if v.groep == groep]


def opsomming(namen: list[str]) -> str:
    """A Dutch enumeration; a last word that all share is said once:
    ['operationeel verantwoordelijk', 'bestuurlijk verantwoordelijk'] -> 'operationeel en bestuurlijk verantwoordelijk'."""
    delen = [n.rsplit(" ", 1) for n in namen]
    staart = ""
    if len(namen) > 1 and all(len(d) == 2 for d in delen) and len({d[1] for d in delen}) == 1:
        namen, staart = [d[0] for d in delen], " " + delen[0][1]
    if len(namen) == 1:
        return namen[0] + staart
    return ", ".join(namen[:-1]) + " en " + namen[-1] + staart


def legenda() -> list[tuple[str, str]]:
    """Per group, its short labels and what they stand for: ('Ov, Bv', 'operationeel en
    bestuurlijk verantwoordelijk'); the legend of the region's overview."""
    groepen = dict.fromkeys(v.groep for v in VELDEN.values())
    return [
        (", ".join(v.kort for v in in_groep(g)), opsomming([v.label.lower() for v in in_groep(g)]))
        for g in groepen
    ]
