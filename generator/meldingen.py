"""The texts of the messages that `check` gives and the invulformulier shows while the
author types: written here once, as templates with ``{name}`` fields.

``check`` and ``drukwerk`` fill them in with ``str.format``; the build exports them to
the form's data file (formulier.gegevens), whose script fills in the same fields. A
template uses only plain ``{name}`` fields (no format specs), so that both can.

This module imports nothing of the generator, so that every stage may import it.
"""

from __future__ import annotations

MELDINGEN: dict[str, str] = {
    # a field of the card (check._check_cel); {hulp} is HULP filled in
    "hulp": "Vul in {uitleg}, of schrijf 'niet van toepassing'.",
    "veld_ontbreekt": "fase {fase}: '{veld}' ({label}) ontbreekt; de regio laat dit aan de gemeente over. {hulp}",
    "veld_leeg": "fase {fase}: '{veld}' ({label}) is leeg. {hulp}",
    "plaatshouder": "fase {fase}: '{veld}' bevat de plaatshouder '{tekst}'; vervang die door wie het echt doet, of schrijf 'niet van toepassing'.",
    "gelijk_aan_onder": "fase {fase}: '{veld}' is gelijk aan wat {bron} zegt; deze regel kan weg.",
    "bron_regio": "de regio",
    "bron_basis": "de universele regiekaart",
    "naam_leeg": "'naam' is leeg; schrijf de naam van de gemeente zoals die op de kaart moet staan.",
    "leeg_criterium": "fase {fase}: leeg criterium bij '{richting}'; schrijf het criterium uit of haal de regel weg.",
    "contact_onbereikbaar": "contact '{rol}' zegt niet hoe de rol bereikbaar is; vul 'bereikbaar' in met de algemene route van de organisatie (geen persoonlijk nummer).",
    # personal data in a text (persoonsgegevens.py); the form says the same on the field
    "persoonsgegeven": "hier staat {wat}: gegevens van een persoon, en die horen niet op de openbare site, in de PDF's of in de zoekindex (AVG). "
    "Zet er een rol of de algemene route van de organisatie, bijvoorbeeld 'Teamleider Sociaal team' of 'via het algemene nummer van het Sociaal team'.",
    "persoonsgegeven_stuk": "{soort} ('{tekst}')",
    "en": "en",
    "persoonsgegeven_intern": "Moet het intranet de persoon tonen, zet haar dan in 'wie_is_wie' (naam, telefoon, email).",
    "persoonsgegeven_uitzondering": "Is het geen persoon, of een algemeen nummer of adres? Zet dan '# geen persoonsgegevens' achter de waarde, of noem het onder 'persoonsgegevens' in content/site.yaml.",
    "persoonsgegeven_uitzondering_md": "Is het geen persoon, of een algemeen nummer of adres? Noem het dan onder 'persoonsgegevens' in content/site.yaml.",
    "persoonsgegeven_knop": "Het bestand is niet gedownload: er {zijn} nog {n} {gegevens} van personen in het formulier. Verbeter eerst de velden in de lijst bovenaan.",
    # only the form asks these while she types (the schema and `check` say them otherwise)
    "contact_verplicht": "rol {n}: vul '{sleutel}' in; elk contact in de wie-is-wie heeft een rol en een organisatie.",
    "tafel_zonder_naam": "opschaaltafel {n}: geef een eigen tafel een naam, zoals professionals haar kennen.",
    "wijziging_leeg": "schrijf kort wat u heeft veranderd; dat komt in het logboek van de kaart.",
    # the printed card (drukwerk)
    "te_lang": "ongeveer {mm} mm te lang (zo'n {n} {regels} tekst)",
    "regel": "regel",
    "regels": "regels",
    "a3_past": "Op A3 past ze wel: zet 'papierformaat: A3' in het bestand, op een eigen regel zonder spaties ervoor.",
    "a3_past_niet": "Ook op A3 past ze niet.",
    "kaart_te_lang": "de geprinte regiekaart van {wie} past niet op één liggende {papier}: ze is {te_lang}. "
    "De langste tekst is {hoogste} ({hoogste_regels} regels op de kaart); maak die korter en zet uitleg in 'toelichting' of 'werkafspraken'.{a3}",
    "hoogste_cel": "{label} in fase {fase}",
    "hoogste_omschrijving": "de omschrijving van fase {fase}",
}


def melding(naam: str, **velden: object) -> str:
    """One message, filled in."""
    return MELDINGEN[naam].format(**velden)
