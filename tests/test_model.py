"""The domain model: small helpers, the cells of the card and where their values come
from, what deviates from the layers below, and the documents around the card.

Every model here is made by the real loaders (parse_yaml -> validate -> cascade) from
a few lines of YAML, so that positions and layers are those an author would see."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from generator.cascade import cascade
from generator.load import parse_yaml
from generator.model import (
    CEL_TEKST,
    LAAG_BASIS,
    LAAG_GEMEENTE,
    LAAG_REGIO,
    MERKEN,
    Borging,
    Project,
    Site,
    afwijkingen,
    is_ingevuld,
    is_placeholder,
    maak_basis,
    maak_gemeente,
    maak_kaart,
    maak_regio,
    slugify,
)
from generator.problems import Pos
from generator.schema import BASIS, GEMEENTE, REGIO, validate
from generator.velden import VELDEN

BASE = """\
titel: Proefkaart
versie: "1.0"
fasen:
  1:
    naam: Gewone leven
    omschrijving: Eigen kracht.
    casusregie: Betrokkenen zelf
    behandelregie: Huisarts
    procesregie: Niet van toepassing
    operationeel_verantwoordelijk: ""
    bestuurlijk_verantwoordelijk: Wethouder
    opschalen:
      - Hulp is nodig.
  2:
    naam: Meervoudig
    casusregie: ""
    behandelregie: Hoofdbehandelaar
    procesregie: ""
    operationeel_verantwoordelijk: ""
    bestuurlijk_verantwoordelijk: Wethouder
    opschalen:
      - De hulp stagneert.
      - nb: Een toelichting.
    afschalen:
      - Alles is weer in balans.
opschaaltafels:
  mdo:
    naam: MDO
    fasen: [3, 2]
"""

REGION = """\
naam: Proefregio
fasen:
  2:
    procesregie: Regionaal casusoverleg
    behandelregie: Regionale ggz
opschaaltafels:
  zvt:
    naam: Zorg- en Veiligheidsteam
    fasen: [3]
"""

GEMEENTE_TEXT = """\
naam: Proefstad
status: concept
fasen:
  1:
    operationeel_verantwoordelijk: Teamleider
  2:
    naam: Eigen naam
    casusregie: Sociaal team
    behandelregie: Eigen ggz
    procesregie: Eigen casusoverleg
    opschalen:
      toevoegen:
        - Eigen criterium.
  3:
    afschalen:
      - Een eigen lijst.
opschaaltafels:
  mdo:
    organisatie: Gemeente Proefstad
  buurt:
    naam: Buurtoverleg
    fasen: [2]
"""


def rec(text: str, spec, laag: str, path: str, persoonsgegevens: bool = False):  # noqa: ANN001
    """A validated layer; like the loader, without personal data unless asked for."""
    tree, problems = parse_yaml(text, path)
    value, more = validate(tree, spec, laag, persoonsgegevens)
    assert problems == more == [], problems + more
    return value


def layers(gemeente: str = GEMEENTE_TEXT, region: str | None = REGION, intern: bool = False):
    basis = rec(BASE, BASIS, LAAG_BASIS, "content/regiekaart.yaml")
    regio = rec(region, REGIO, LAAG_REGIO, "content/regios/proef.yaml") if region is not None else None
    eigen = rec(gemeente, GEMEENTE, LAAG_GEMEENTE, "gemeenten/proefstad.yaml", persoonsgegevens=intern)
    return basis, regio, eigen


def gemeente(text: str = GEMEENTE_TEXT, region: str | None = REGION, intern: bool = False):
    basis, regio_rec, eigen = layers(text, region, intern)
    regio = maak_regio("proef", "content/regios/proef.yaml", regio_rec, basis) if regio_rec is not None else None
    return maak_gemeente("proefstad", "gemeenten/proefstad.yaml", eigen, cascade([basis, regio_rec, eigen]), basis, regio, intern)


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


# --- small helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Bergen op Zoom", "bergen-op-zoom"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),  # accents folded to ASCII
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("  Twee  spaties -- en streepjes!  ", "twee-spaties-en-streepjes"),
        ("Gemeente 2026", "gemeente-2026"),
        ("???", ""),
        ("", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_output_is_always_a_valid_slug() -> None:
    from generator.schema import SLUG_KEY

    for text in ("Ærø Ølstykke", "Zorg- en Veiligheidshuis (ZVH)", "a/b\\c", "ĳsselstein", "Nuenen, Gerwen en Nederwetten"):
        slug = slugify(text)
        assert slug == "" or SLUG_KEY.match(slug), (text, slug)


@pytest.mark.parametrize("text", ["TODO", "todo", " tbd ", "?", "???", "...", "…", "-", "___", "xxx", "n.t.b.", "ntb", "N.N.B.", "p.m.", "nog in te vullen", "In te vullen", "nader te bepalen", "onbekend", "Wie?", "Wijkteam (TODO naam)", "Sociaal team ??"])
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)
    assert not is_ingevuld(text)


@pytest.mark.parametrize("text", ["Sociaal team", "Niet van toepassing", "Wie het eerst ziet", "Xander", "Teamleider (p.m. vervanging)", "Todo-lijst bijhouden"])
def test_real_values_are_no_placeholders(text: str) -> None:
    assert not is_placeholder(text)
    assert is_ingevuld(text)


@pytest.mark.parametrize("text", [None, "", "   ", "\n"])
def test_empty_is_not_filled(text: str | None) -> None:
    assert not is_ingevuld(text)


# --- the cells of the card and where their values come from ----------------------------


def test_cells_of_a_gemeente_know_their_layer_and_position() -> None:
    g = gemeente()
    fase1, fase2 = g.kaart.fase(1), g.kaart.fase(2)
    statuses = {cel.veld: cel.status for cel in fase1.cellen}
    assert statuses == {
        "casusregie": "basis",
        "behandelregie": "basis",
        "procesregie": "basis",
        "operationeel_verantwoordelijk": "lokaal",
        "bestuurlijk_verantwoordelijk": "basis",
    }
    lokaal = fase1.cel("operationeel_verantwoordelijk")
    line = line_of(GEMEENTE_TEXT, "Teamleider")
    column = GEMEENTE_TEXT.splitlines()[line - 1].index("Teamleider") + 1  # where the value starts
    assert lokaal.waarde.pos == Pos("gemeenten/proefstad.yaml", line, column)
    assert lokaal.basis.value == "" and lokaal.regio is None
    basis = fase1.cel("casusregie")
    assert basis.waarde.pos.path == "content/regiekaart.yaml" and basis.waarde.pos.line == line_of(BASE, "Betrokkenen zelf")
    # fase 3: nobody fills anything in, on a gemeente's card that is missing
    assert [c.status for c in g.kaart.fase(3).cellen] == ["ontbreekt"] * len(VELDEN)
    assert g.kaart.fase(3).ontbrekend == g.kaart.fase(3).cellen
    # fase 2: the gemeente overrides the region, which overrode the base
    behandel = fase2.cel("behandelregie")
    assert behandel.status == "lokaal" and behandel.waarde.value == "Eigen ggz"
    assert behandel.regio.value == "Regionale ggz" and behandel.basis.value == "Hoofdbehandelaar"
    assert behandel.onder is behandel.regio
    assert fase2.cel("bestuurlijk_verantwoordelijk").onder is fase2.cel("bestuurlijk_verantwoordelijk").basis


def test_a_region_value_shows_as_regio_on_the_gemeente_card() -> None:
    g = gemeente(GEMEENTE_TEXT.replace("    procesregie: Eigen casusoverleg\n", ""))
    cel = g.kaart.fase(2).cel("procesregie")
    assert cel.status == "regio" and cel.waarde.laag == LAAG_REGIO and cel.waarde.value == "Regionaal casusoverleg"
    assert cel.merk is MERKEN["regio"] and cel.status_tekst == "uit de afspraken van de regio"
    assert cel.kaart_tekst == "Regionaal casusoverleg"


def test_cell_texts() -> None:
    g = gemeente(GEMEENTE_TEXT.replace("operationeel_verantwoordelijk: Teamleider", "operationeel_verantwoordelijk: '  Teamleider  '"))
    lokaal = g.kaart.fase(1).cel("operationeel_verantwoordelijk")
    assert lokaal.tekst == lokaal.kaart_tekst == "Teamleider"  # stripped
    assert lokaal.merk is MERKEN["lokaal"] and lokaal.merk.tekst == "◆ Lokaal"
    assert lokaal.label == VELDEN["operationeel_verantwoordelijk"].label
    missing = g.kaart.fase(3).cel("casusregie")
    assert missing.tekst == "" and missing.kaart_tekst == CEL_TEKST["ontbreekt"] and missing.merk is None
    basis = g.kaart.fase(1).cel("casusregie")
    assert basis.merk is None and basis.status_tekst == "uit de universele regiekaart"


def test_a_placeholder_over_a_base_value_is_missing() -> None:
    """A gemeente that writes 'TODO' has not filled the field, whatever the base says."""
    g = gemeente(GEMEENTE_TEXT.replace("behandelregie: Eigen ggz", "behandelregie: TODO"))
    cel = g.kaart.fase(2).cel("behandelregie")
    assert cel.status == "ontbreekt" and cel.tekst == "" and cel.kaart_tekst == "ONTBREEKT"


def test_base_and_region_cards_leave_empty_fields_open() -> None:
    basis_rec, regio_rec, _ = layers()
    basis = maak_basis("content/regiekaart.yaml", basis_rec)
    assert basis.kaart.fase(2).cel("casusregie").status == "open"
    assert basis.kaart.fase(2).cel("casusregie").kaart_tekst == CEL_TEKST["open"]
    assert basis.kaart.fase(1).cel("casusregie").status == "basis"
    regio = maak_regio("proef", "content/regios/proef.yaml", regio_rec, basis_rec)
    assert regio.kaart.fase(2).cel("procesregie").status == "regio"
    assert regio.kaart.fase(2).cel("casusregie").status == "open"
    assert basis.kaart.velden == [(v.sleutel, v.label) for v in VELDEN.values()]


def test_a_card_without_fasen_has_four_empty_fasen() -> None:
    basis_rec = rec("titel: Leeg\nfasen: {}\n", BASIS, LAAG_BASIS, "content/regiekaart.yaml")
    kaart = maak_kaart(basis_rec, basis_rec, is_basis=True)
    assert [f.nummer for f in kaart.fasen] == [1, 2, 3, 4]
    assert all(c.status == "open" for f in kaart.fasen for c in f.cellen)
    assert kaart.werkafspraken == []


def test_fase_directions_stop_at_the_ends() -> None:
    kaart = gemeente().kaart
    assert [(f.afschalen_naar, f.opschalen_naar) for f in kaart.fasen] == [(None, 2), (1, 3), (2, 4), (3, None)]


def test_criteria_follow_the_cascade() -> None:
    kaart = gemeente().kaart
    opschalen = kaart.fase(2).opschalen
    assert [(c.tekst, c.nb, c.laag) for c in opschalen] == [
        ("De hulp stagneert.", False, LAAG_BASIS),
        ("Een toelichting.", True, LAAG_BASIS),
        ("Eigen criterium.", False, LAAG_GEMEENTE),
    ]
    assert [c.tekst for c in kaart.fase(3).afschalen] == ["Een eigen lijst."]


# --- what deviates -------------------------------------------------------------------------


def test_afwijkingen_of_a_gemeente() -> None:
    g = gemeente()
    found = {(a.fase, a.veld): a for a in g.afwijkingen}
    filled = found[(1, "operationeel_verantwoordelijk")]
    assert (filled.soort, filled.basis, filled.lokaal, filled.bron) == ("ingevuld", "", "Teamleider", LAAG_BASIS)
    assert filled.pos.path == "gemeenten/proefstad.yaml"
    # over the region's value: the region is what it replaces
    over_region = found[(2, "behandelregie")]
    assert (over_region.soort, over_region.basis, over_region.bron, over_region.bron_naam) == ("vervangen", "Regionale ggz", LAAG_REGIO, "regio")
    # over an open field that the region filled
    proces = found[(2, "procesregie")]
    assert (proces.soort, proces.basis, proces.bron) == ("vervangen", "Regionaal casusoverleg", LAAG_REGIO)
    # over a field both left open
    assert found[(2, "casusregie")].soort == "ingevuld" and found[(2, "casusregie")].bron_naam == "universele kaart"
    assert (found[(2, "naam")].soort, found[(2, "naam")].lokaal) == ("vervangen", "Eigen naam")
    # an added criterion is one line; a list of its own replaces the whole list, once
    assert (found[(2, "opschalen")].soort, found[(2, "opschalen")].lokaal) == ("toegevoegd", "Eigen criterium.")
    eigen_lijst = [a for a in g.afwijkingen if (a.fase, a.veld) == (3, "afschalen")]
    assert [(a.soort, a.lokaal) for a in eigen_lijst] == [("vervangen", "vervangen door een eigen lijst")]
    # nothing the gemeente did not write
    assert {a.veld for a in g.afwijkingen if a.fase == 1} == {"operationeel_verantwoordelijk"}
    assert all(a.pos.path == "gemeenten/proefstad.yaml" for a in g.afwijkingen)


def test_afwijkingen_of_a_region_compare_with_the_base() -> None:
    basis_rec, regio_rec, _ = layers()
    regio = maak_regio("proef", "content/regios/proef.yaml", regio_rec, basis_rec)
    found = {(a.fase, a.veld): a for a in regio.afwijkingen}
    assert set(found) == {(2, "procesregie"), (2, "behandelregie")}
    assert (found[(2, "procesregie")].soort, found[(2, "procesregie")].basis) == ("ingevuld", "")
    assert (found[(2, "behandelregie")].soort, found[(2, "behandelregie")].basis, found[(2, "behandelregie")].bron) == ("vervangen", "Hoofdbehandelaar", LAAG_BASIS)
    assert afwijkingen(regio.kaart, LAAG_GEMEENTE) == []


def test_a_gemeente_without_a_region_layer_deviates_from_the_base() -> None:
    g = gemeente(region=None)
    behandel = next(a for a in g.afwijkingen if (a.fase, a.veld) == (2, "behandelregie"))
    assert (behandel.basis, behandel.bron) == ("Hoofdbehandelaar", LAAG_BASIS)
    assert g.regio is None and g.regio_slug == ""


# --- escalation tables, contacts, the gemeente ---------------------------------------------


def test_opschaaltafels_know_where_they_were_agreed() -> None:
    g = gemeente()
    tafels = {t.sleutel: t for t in g.opschaaltafels}
    assert list(tafels) == ["mdo", "zvt", "buurt"]  # in the order of the layers that introduce them
    assert tafels["mdo"].laag == LAAG_BASIS and tafels["mdo"].organisatie == "Gemeente Proefstad"  # merged
    assert tafels["mdo"].fasen == [2, 3]  # sorted
    assert tafels["zvt"].laag == LAAG_REGIO and tafels["buurt"].laag == LAAG_GEMEENTE
    assert tafels["buurt"].anker == "tafel-buurt" and not tafels["buurt"].naamloos
    assert [t.sleutel for t in g.tafels_in_fase(2)] == ["mdo", "buurt"]
    assert [t.sleutel for t in g.tafels_in_fase(1)] == []


def test_a_table_without_a_name_is_known_by_its_key_and_flagged() -> None:
    g = gemeente(GEMEENTE_TEXT + "  zonder-naam:\n    organisatie: Iemand\n")
    tafel = next(t for t in g.opschaaltafels if t.sleutel == "zonder-naam")
    assert tafel.naam == "zonder-naam" and tafel.naamloos


WIE = """\
wie_is_wie:
  - rol: Casusregisseur
    organisatie: Sociaal team
    wijk: Noord
    naam: Jan Jansen
    telefoon: "0612345678"
    op_de_kaart:
      2: [casusregie, procesregie]
  - rol: Casusregisseur
    organisatie: Sociaal team
    wijk: Noord
  - rol: "!!!"
    organisatie: X
"""


def test_contacts_get_unique_anchors_and_no_personal_data_unless_intern() -> None:
    g = gemeente(GEMEENTE_TEXT + WIE)
    assert [c.anker for c in g.wie_is_wie] == ["wie-casusregisseur-noord", "wie-casusregisseur-noord-2", "wie-contact"]
    assert all(c.persoon == {} for c in g.wie_is_wie)
    assert "Jan Jansen" not in repr(g.__dict__) and b"Jan Jansen" not in pickle.dumps(g)
    assert g.wie_is_wie[0].op_de_kaart == {2: ["casusregie", "procesregie"]}
    assert g.contacten(2, "casusregie") == [g.wie_is_wie[0]] and g.contacten(3, "casusregie") == []
    intern = gemeente(GEMEENTE_TEXT + WIE, intern=True)
    assert intern.wie_is_wie[0].persoon == {"naam": "Jan Jansen", "telefoon": "0612345678"}


def test_contact_anchors_stay_unique_when_a_role_looks_like_a_numbered_one() -> None:
    """BUG: two contacts 'Casusregisseur' in 'Noord' get wie-casusregisseur-noord and
    wie-casusregisseur-noord-2, and so does a contact in the wijk 'Noord 2': the card's
    link to the third contact leads to the second."""
    text = GEMEENTE_TEXT + "wie_is_wie:\n" + "".join(
        f"  - rol: Casusregisseur\n    organisatie: {org}\n    wijk: {wijk}\n" for org, wijk in (("A", "Noord"), ("B", "Noord"), ("C", "Noord 2"))
    )
    ankers = [c.anker for c in gemeente(text).wie_is_wie]
    assert len(set(ankers)) == 3, ankers


def test_gemeente_properties() -> None:
    text = GEMEENTE_TEXT.replace("status: concept", "status: voorbeeld") + "bijgewerkt: 2026-01-02\n"
    g = gemeente(text)
    assert g.status_label == "Voorbeeldinvulling" and g.is_voorbeeld
    assert g.datum == dt.date(2026, 1, 2)  # no vastgesteld: the last update
    assert g.ontbrekend == sum(len(f.ontbrekend) for f in g.kaart.fasen) == 5 + 5 + 1  # fasen 3 and 4, and operationeel in fase 2
    g2 = gemeente(GEMEENTE_TEXT.replace("status: concept\n", "") + "vastgesteld: 2026-02-03\nbijgewerkt: 2026-01-02\n")
    assert g2.status == "concept" and g2.datum == dt.date(2026, 2, 3)


def test_pos_in_eigen_bestand_points_at_the_nearest_place() -> None:
    g = gemeente()
    assert g.pos_in_eigen_bestand(2).line == line_of(GEMEENTE_TEXT, "  2:")
    assert g.pos_in_eigen_bestand(4).line == line_of(GEMEENTE_TEXT, "fasen:")  # fase 4 is not in the file
    bare = gemeente("naam: Proefstad\n")
    assert bare.pos_in_eigen_bestand(2) == Pos("gemeenten/proefstad.yaml", 1, 7)  # the name's value


def test_a_pickled_gemeente_leaves_its_region_out() -> None:
    g = gemeente()
    assert g.regio is not None and g.regio_slug == "proef"
    copy = pickle.loads(pickle.dumps(g))
    assert copy.regio is None and copy.regio_slug == "proef"
    assert copy.kaart.fase(2).cel("behandelregie").waarde == g.kaart.fase(2).cel("behandelregie").waarde
    assert g.regio is not None  # the original keeps it


def test_a_region_without_its_own_file() -> None:
    basis_rec, _, _ = layers()
    regio = maak_regio("west", "", None, basis_rec, "West")
    assert regio.naam == "West" and regio.rec is None and regio.afwijkingen == []
    assert [t.sleutel for t in regio.opschaaltafels] == ["mdo"]
    assert maak_regio("west", "", None, basis_rec).naam == "west"


# --- review dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "herzien, stand",
    [
        (None, ("onbekend", "Geen herzieningsdatum")),
        (dt.date(2026, 5, 31), ("verlopen", "Herziening verlopen")),
        (dt.date(2026, 6, 2), ("binnenkort", "Herzien binnen 1 dag")),
        (dt.date(2026, 6, 1) + dt.timedelta(days=90), ("binnenkort", "Herzien binnen 90 dagen")),
        (dt.date(2026, 6, 1) + dt.timedelta(days=91), ("actueel", "Actueel")),
    ],
)
def test_borging_stand(herzien: dt.date | None, stand: tuple[str, str]) -> None:
    borging = Borging("1.0", None, herzien, dt.date(2026, 6, 1))
    assert borging.stand == stand
    assert borging.verlopen == (stand[0] == "verlopen")


def test_review_date_is_measured_from_the_peildatum() -> None:
    g = gemeente(GEMEENTE_TEXT + "herzien_voor: 2027-01-01\n")
    assert not g.borging(dt.date(2026, 12, 31)).verlopen
    assert not g.borging(dt.date(2027, 1, 1)).verlopen  # the day itself is still in time
    assert g.borging(dt.date(2027, 1, 2)).verlopen
    assert g.borging(dt.date(2026, 12, 1)).dagen_tot_herziening == 31


def test_project_finds_regions_and_their_gemeenten() -> None:
    basis_rec, regio_rec, _ = layers()
    g = gemeente()
    regio, ander = g.regio, maak_regio("ander", "", None, basis_rec)
    project = Project(Site("T", "", "", ""), maak_basis("content/regiekaart.yaml", basis_rec), [g], [], regios=[regio, ander])
    assert project.regio("proef") is regio and project.regio("nergens") is None
    assert project.gemeenten_van(regio) == [g] and project.gemeenten_van(ander) == []
