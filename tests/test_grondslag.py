"""Issue 16: every value the universal card (content/regiekaart.yaml) fills in either
follows from the model, with the source document it comes from, or is marked there as a
suggestion ('suggesties') and shown as one. A value that is changed or added without
either fails here, so that somebody looks at the source again.

Sources are the documents the project was made from (the seeds): 001 is the presentation
of the model, with the title of the slide; 000 is West-Brabant's application and final
report.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

CRITERIA = "001, dia 'Criteria voor opschalen en afschalen'"

# (fase, key, the value's first words) -> where the model says it
GEGROND: dict[tuple[int, str, str], str] = {
    (1, "naam", "Gewone leven"): "001, dia 'Vier fases': gewone leven, eigen kracht",
    (1, "omschrijving", "Eigen kracht. De betrokkenen voeren zelf de regie"): "001, dia 'Vier fases': betrokkenen voeren zelf regie met steun van naasten en omgeving",
    (1, "casusregie", "Betrokkenen zelf"): "001, dia 'Vier fases' en 'Hoe werkt de-escaleren': volledig eigen regie bij het gezin in fase 1",
    (1, "behandelregie", "De behandelcoördinator, als er een behandeling loopt"): "001, dia 'Kenmerken behandelregie': één behandelaar heeft de regie over de behandeling",
    (1, "procesregie", "Niet van toepassing"): "001, dia 'Kenmerken procesregie': procesregie komt pas in beeld bij problematiek die organisaties overstijgt",
    (1, "opschalen", "Betrokkene vraagt om hulp"): f"{CRITERIA}, naar fase 2",
    (2, "naam", "Meervoudige problematiek"): "001, dia 'Vier fases'",
    (2, "omschrijving", "Integrale, afgestemde regievoering bij meervoudige problematiek. Er"): "001, dia 'Vier fases' en 'Kenmerken casusregie'",
    (2, "behandelregie", "De behandelcoördinator, als er een behandeling loopt"): "001, dia 'Kenmerken behandelregie'",
    (2, "opschalen", "De hulpvraag neemt toe"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "De hulp stagneert"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "Professionals werken slecht samen"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "Er is (herhaalde) overlast"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "Er is een vermoeden van onveiligheid"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "Er zijn gevaarlijke omstandigheden"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "Er zijn huurachterstanden"): f"{CRITERIA}, naar fase 3",
    (2, "opschalen", "Opschalen gebeurt door de casusregisseur"): f"{CRITERIA}, NB bij naar fase 3: Meldcode met Kindcheck",
    (2, "afschalen", "Draagkracht en draaglast zijn weer in balans"): f"{CRITERIA}, afschalen naar fase 1",
    (2, "afschalen", "Betrokkene en de omgeving leven en wonen veilig"): f"{CRITERIA}, afschalen naar fase 1",
    (2, "afschalen", "De omgeving ondervindt geen last meer"): f"{CRITERIA}, afschalen naar fase 1",
    (2, "afschalen", "Betrokkene heeft veilige en passende huisvesting"): f"{CRITERIA}, afschalen naar fase 1",
    (2, "afschalen", "Een groep mensen heeft chronische problemen"): f"{CRITERIA}, de 'waakvlam'",
    (3, "naam", "Er is (ook) onveiligheid"): "001, dia 'Vier fases'",
    (3, "omschrijving", "Integrale, afgestemde regievoering bij meervoudige problematiek, met veiligheid voorop"): "001, dia 'Vier fases': veiligheid voorop",
    (3, "behandelregie", "De behandelcoördinator, als er een behandeling loopt"): "001, dia 'Kenmerken behandelregie'",
    (3, "opschalen", "Er dreigt onveiligheid"): f"{CRITERIA}, naar fase 4",
    (3, "opschalen", "Er dreigt maatschappelijke onrust"): f"{CRITERIA}, naar fase 4",
    (3, "opschalen", "Is er media-aandacht?"): f"{CRITERIA}, naar fase 4: met media-aandacht naar het Veiligheidshuis, anders naar Veilig Thuis",
    (3, "opschalen", "Ga bij de coördinator PSHi"): f"{CRITERIA}, naar fase 4: check bij de coördinator PSHi (GGD)",
    (3, "afschalen", "Het risico op maatschappelijke onrust is weg"): f"{CRITERIA}, afschalen naar fase 2",
    (3, "afschalen", "De hulp werkt"): f"{CRITERIA}, afschalen naar fase 2",
    (3, "afschalen", "De stagnatie in de samenwerking is opgeheven"): f"{CRITERIA}, afschalen naar fase 2",
    (3, "afschalen", "De veiligheid van betrokkene en de omgeving is hersteld"): f"{CRITERIA}, afschalen naar fase 2",
    (3, "afschalen", "Een dreigende uithuiszetting is van de baan"): f"{CRITERIA}, afschalen naar fase 2",
    (4, "naam", "Er is of dreigt maatschappelijke onrust"): "001, dia 'Vier fases'",
    (4, "omschrijving", "Crisiscoördinatie."): "001, dia 'Vier fases' (crisiscoördinatie) en 'Hoe werkt de-escaleren' (regie tijdelijk overgenomen door een andere partij)",
    (4, "opschalen", "Het Zorg- en Veiligheidshuis, andere organisaties en de gemeente kunnen PSHi"): f"{CRITERIA}, fase 4: PSHi",
    (4, "opschalen", "Groeiende onrust kan reden zijn voor opschaling volgens de GRIP"): f"{CRITERIA}, fase 4: GRIP",
    (4, "afschalen", "Het gevaar is onder controle"): f"{CRITERIA}, afschalen naar fase 3",
    (4, "afschalen", "De maatschappelijke onrust is gestabiliseerd"): f"{CRITERIA}, afschalen naar fase 3",
    (4, "afschalen", "De juiste maatregelen en hulp zijn ingezet"): f"{CRITERIA}, afschalen naar fase 3",
    (4, "afschalen", "Betrokkene heeft weer onderdak"): f"{CRITERIA}, afschalen naar fase 3",
    (0, "werkafspraken", "Meldcode huiselijk geweld en kindermishandeling"): f"{CRITERIA}, NB bij naar fase 3",
    (0, "werkafspraken", "Sociaal calamiteitenprotocol van de gemeente"): "001, dia 'Twee betekenissen de-escalatie': gemeenten hebben een sociaal calamiteitenprotocol nodig",
    (0, "werkafspraken", "Opschaling volgens de GRIP"): f"{CRITERIA}, fase 4",
}


def _values(basis) -> list[tuple[int, str, str, bool]]:  # noqa: ANN001
    """(fase, key, text, marked as a suggestion) of every value the universal card fills in."""
    out = []
    for fase in basis.kaart.fasen:
        out += [(fase.nummer, "naam", fase.naam, False), (fase.nummer, "omschrijving", fase.omschrijving, False)]
        out += [(fase.nummer, cel.veld, cel.tekst, cel.status == "suggestie") for cel in fase.cellen if cel.tekst]
        out += [(fase.nummer, richting, c.tekst, False) for richting in ("opschalen", "afschalen") for c in getattr(fase, richting)]
    out += [(0, "werkafspraken", w.value, False) for w in basis.kaart.werkafspraken]
    out += [(0, f"opschaaltafel {t.sleutel}: fasen", str(t.fasen), t.fasen_suggestie) for t in basis.opschaaltafels if t.fasen]
    return out


def _source(fase: int, key: str, text: str) -> str | None:
    return next((bron for (f, k, begin), bron in GEGROND.items() if f == fase and k == key and text.strip().startswith(begin)), None)


def test_every_value_of_the_universal_card_is_grounded_or_a_suggestion(shipped) -> None:  # noqa: ANN001
    values = _values(shipped.project.basis)
    assert len(values) > 40  # the card is filled in: the test looks at something
    unfounded = [(f, k, t) for f, k, t, suggestie in values if not suggestie and _source(f, k, t) is None]
    assert not unfounded, "values of content/regiekaart.yaml without a source in the model; mark them as 'suggesties' or add their source here"
    for bron in GEGROND.values():
        assert re.match(r"^00[0-4], ", bron), bron  # names the document it comes from
    # no entry here stands for a value that is no longer on the card
    stale = [key for key in GEGROND if not any(f == key[0] and k == key[1] and t.strip().startswith(key[2]) for f, k, t, _ in values)]
    assert not stale
    # the suggestions today: who is bestuurlijk verantwoordelijk, and in which fasen a table comes in
    suggesties = sorted((f, k) for f, k, _, s in values if s)
    tafels = sorted((0, f"opschaaltafel {t.sleutel}: fasen") for t in shipped.project.basis.opschaaltafels)
    assert suggesties == tafels + [(1, "bestuurlijk_verantwoordelijk"), (2, "bestuurlijk_verantwoordelijk"), (4, "bestuurlijk_verantwoordelijk")]


def test_suggestions_are_shown_as_such(built_site: Path, shipped) -> None:  # noqa: ANN001
    """On the universal card's page, and on a gemeente's that leaves them as they are, a
    suggestion carries its label; a value the gemeente wrote itself does not."""
    n_suggesties = sum(1 for fase in shipped.project.basis.kaart.fasen for cel in fase.cellen if cel.status == "suggestie")
    assert n_suggesties == 3
    pagina = BeautifulSoup((built_site / "regiekaart/index.html").read_text(encoding="utf-8"), "html.parser")
    tabel = pagina.select_one("table.kaart__tabel")
    cellen = tabel.select("td.cel--suggestie")
    assert len(cellen) == n_suggesties
    assert all(c.select_one(".label--suggestie") and ("Wethouder" in c.text or "Burgemeester" in c.text) for c in cellen)
    # the tables' fasen are a suggestion too, said next to them
    assert len(pagina.select(".tafel__fasen .label--suggestie")) == len(shipped.project.basis.opschaaltafels)
    # Zundert writes its own bestuurlijk verantwoordelijke in fase 3 only: fasen 1, 2 and 4 show the suggestion
    zundert = shipped.project.gemeenten[[g.slug for g in shipped.project.gemeenten].index("zundert")]
    eigen = {f.nummer for f in zundert.kaart.fasen if f.cel("bestuurlijk_verantwoordelijk").status == "lokaal"}
    pagina = BeautifulSoup((built_site / "gemeenten/zundert/index.html").read_text(encoding="utf-8"), "html.parser")
    rij = next(tr for tr in pagina.select("table.kaart__tabel tbody tr") if tr.th and tr.th.text.strip() == "Bestuurlijk verantwoordelijk")
    gemarkeerd = {i + 1 for i, td in enumerate(rij.select("td")) if td.select_one(".label--suggestie")}
    assert gemarkeerd == {1, 2, 3, 4} - eigen and gemarkeerd
    assert "suggestie van de universele regiekaart" in pagina.select_one(".legenda-zin").text
