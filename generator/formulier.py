"""The invulformulier: what its pages and its script are made from.

A policy officer fills in her gemeente's card in the browser, from a page that the
build generates (templates/invullen.html, assets/js/invullen.js). Everything the form
knows of a card comes from here, read from the one place that holds it:

- the fields, their labels and help texts: ``velden.VELDEN``;
- the messages of the live checks: ``meldingen.MELDINGEN`` (the same texts as `check`);
- the rules for personal data: ``persoonsgegevens.Detector.export`` (applied by
  ``assets/js/persoonsgegevens.js`` as ``Detector.vind`` applies them);
- the card-fit estimate: the geometry of ``drukwerk.MATEN`` and the advance widths of
  the shipped font, with the words the card prints (``model.MERKEN``, ``KENMERK_RIJ``);
- the file it writes: the layout and comments of `regiekaart new` (``authoring``);
- per region, the values that apply where a gemeente writes nothing (``Regio.kaart``);
- per gemeente, its own layer (``Gemeente.rec``), without personal data unless the
  build is for the intranet (then the loader has read it, and only then).

``gegevens`` is exported once per build as ``invullen/gegevens.js``, a script that sets
one global: file:// allows no fetch, and the strict CSP no inline script.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from .authoring import BLIJFT, EERSTE_VERSIE, MODELINE, UITLEG, _comment, _herkomst
from .check import MAX_NAAM
from .drukwerk import FONT_BOLD, FONT_REGULAR, MATEN, metriek
from .meldingen import MELDINGEN
from .persoonsgegevens import detector
from .model import _PLACEHOLDER, _PLACEHOLDER_WORD, CEL_TEKST, KENMERK_RIJ, MERKEN, Gemeente, Project, Regio
from .schema import FASE_NUMMERS, PAPIER, PERSOONSGEGEVENS, STATUSSEN, Criterium, Lijst, Rec, Val
from .velden import CONTACT_VRAGEN, PERSOON_VRAGEN, TAFEL_VRAGEN, VELDEN

GEGEVENS = "invullen/gegevens.js"  # the form's data: one file for every form of the site
NIEUW = "invullen/index.html"  # the form for a new gemeente
PACKAGE_FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"

# The head of a file that the form writes: as `new` writes it, with where it was made.
KOP = [
    "# Gemaakt met het invulformulier op de site. 'regiekaart check' noemt wat nog ontbreekt,",
    "# met de regel waar het hoort. Wat de universele regiekaart of de regio al invult, staat",
    "# als commentaar: zo blijft die waarde gelden.",
]
# The order of the keys of a gemeente file as the form writes it (that of `new`, then the lists).
VOLGORDE = ("naam", "regio", "status", "versie", "bijgewerkt", "vastgesteld", "herzien_voor", "papierformaat", "toelichting", "fasen", "werkafspraken", "opschaaltafels", "wie_is_wie", "wijzigingen")


def kaart_css(papier: str) -> str:
    """The card's geometry on ``papier`` as CSS (drukwerk.KaartMaat.css), for the print of the preview."""
    return f"invullen/kaart-{papier}.css"


# --- the data file ------------------------------------------------------------------------


def _js_pattern(pattern: str) -> str:
    """A verbose Python pattern as a compact one that JavaScript reads the same."""
    return re.sub(r"(?<!\\)\s+", "", pattern).replace("\\ ", " ")


def _breedtes(file: Path) -> dict[str, Any]:
    m = metriek(file)
    return {"upm": m.upm, "fallback": m.fallback, "breedtes": {str(cp): w for cp, w in sorted(m.widths.items()) if cp < 0x3000}}


def _fonts(project: Project) -> Path:
    return project.fonts if project.fonts is not None and (project.fonts / FONT_REGULAR).is_file() else PACKAGE_FONTS


def _onderlaag(regio: Regio) -> dict[str, Any]:
    """What applies in a gemeente of ``regio`` where it writes nothing: the region's card."""
    fasen = []
    for fase in regio.kaart.fasen:
        cellen = {}
        for cel in fase.cellen:
            laag = cel.waarde.laag if cel.waarde is not None else ""
            cellen[cel.veld] = {"tekst": cel.tekst, "status": cel.status, "herkomst": _herkomst(laag, regio) if cel.tekst else ""}
        fasen.append({
            "nummer": fase.nummer,
            "naam": fase.naam,
            "omschrijving": fase.omschrijving,
            "cellen": cellen,
        })
    return {
        "naam": regio.naam,
        "beheer": regio.beheer,
        "fasen": fasen,
        "tafels": [{"sleutel": t.sleutel, "naam": t.naam} for t in regio.opschaaltafels],
    }


def gegevens(project: Project) -> dict[str, Any]:
    """Everything every form needs, the same for each: exported once per build."""
    fonts = _fonts(project)
    maat_velden = ("papier", "marge_boven", "marge_zij", "marge_onder", "kop", "kolom_rol", "pad_v", "pad_h", "rand", "fase_rand", "tekst", "omschrijving", "rij_kop", "fase_nummer", "fase_naam", "label", "regel")
    return {
        "velden": [{"sleutel": v.sleutel, "label": v.label, "hulp": v.hulp, "uitleg": v.uitleg} for v in VELDEN.values()],
        "meldingen": MELDINGEN,
        "plaatshouder": [_js_pattern(_PLACEHOLDER.pattern), _PLACEHOLDER_WORD.pattern],
        # the keys of a role and of a table, in the order of the file (velden.CONTACT_VRAGEN ...)
        "contact": [v.sleutel for v in CONTACT_VRAGEN + PERSOON_VRAGEN],
        "contact_verplicht": [v.sleutel for v in CONTACT_VRAGEN if v.verplicht],
        # the rules for personal data (persoonsgegevens.Detector), and the keys of a role where it belongs
        "persoonsgegevens": detector(project.site.uitzonderingen).export(),
        "persoon": list(PERSOONSGEGEVENS),
        "tafel": [v.sleutel for v in TAFEL_VRAGEN],
        "merken": {status: {"teken": m.teken, "woord": m.woord, "tekst": m.tekst} for status, m in MERKEN.items()},
        "kenmerk_rij": KENMERK_RIJ,
        "cel_tekst": CEL_TEKST,
        "maten": {p: {**{k: getattr(m, k) for k in maat_velden}, "kolom_fase": m.kolom_fase, "tabelhoogte": round(m.tabelhoogte, 2), "regelhoogte": m.regelhoogte} for p, m in MATEN.items()},
        "metriek": {"regular": _breedtes(fonts / FONT_REGULAR), "bold": _breedtes(fonts / FONT_BOLD)},
        "papierformaat": project.site.papierformaat or "A4",
        "papieren": list(PAPIER),
        "standaardregio": project.standaard.slug if project.standaard is not None else "",
        "regios": {r.slug: _onderlaag(r) for r in project.regios},
        "yaml": {
            "modeline": MODELINE,
            "kop": KOP,
            "volgorde": list(VOLGORDE),
            "uitleg": {key: _comment(UITLEG[key], "") for key in VOLGORDE if key in UITLEG},
            "veld_uitleg": {v: _comment(UITLEG[v], "    ") for v in VELDEN},
            "blijft": BLIJFT,
            "eerste_versie": EERSTE_VERSIE,
        },
    }


def gegevens_js(project: Project) -> str:
    """The data file's text: a script that sets one global, read by assets/js/invullen.js."""
    text = json.dumps(gegevens(project), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.REGIEKAART_INVULLEN = {text};\n"


# --- a gemeente's own layer ------------------------------------------------------------------


def _plain(value: Any) -> Any:  # noqa: ANN401
    """A validated value of a file as plain data: text, numbers, lists and dicts."""
    if isinstance(value, Val):
        return _plain(value.value)
    if isinstance(value, Rec):
        return {str(k): _plain(v) for k, v in value.fields.items()}
    if isinstance(value, Lijst):
        return {"modus": value.mode, "items": [_plain(i) for i in value.items]}
    if isinstance(value, Criterium):
        return {"tekst": value.tekst, "nb": value.nb}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def eigen_laag(gemeente: Gemeente, intern: bool) -> dict[str, Any]:
    """What the gemeente's own file holds, as plain data, in the order of a written file.
    Without ``intern`` no name, phone or e-mail of a person (the loader left them unread)."""
    eigen = _plain(gemeente.rec)
    if not intern:  # the loader left them unread; this keeps them out should that change
        eigen["wie_is_wie"] = [{k: v for k, v in c.items() if k not in PERSOONSGEGEVENS} for c in eigen.get("wie_is_wie") or []]
    eigen["slug"] = gemeente.slug
    eigen["regio"] = gemeente.regio_slug
    eigen["regio_genoemd"] = gemeente.rec.get("regio") is not None
    return eigen


def _tekst(value: Any) -> str:  # noqa: ANN401
    return "" if value is None else str(value)


def _lijst(value: Any) -> dict[str, Any]:  # noqa: ANN401
    """A list of a file with its mode: {'modus': 'toevoegen', 'regels': 'a\\nb'}."""
    if not isinstance(value, dict):
        return {"modus": "toevoegen", "regels": ""}
    regels = []
    for item in value.get("items", []):
        if isinstance(item, dict):
            regels.append(("NB. " if item.get("nb") else "") + " ".join(_tekst(item.get("tekst")).split()))
        else:
            regels.append(" ".join(_tekst(item).split()))
    return {"modus": value.get("modus", "toevoegen"), "regels": "\n".join(regels)}


def _bewaard(eigen: dict[str, Any]) -> dict[str, Any]:
    """What the script needs of her file besides the fields the page has: her own text in
    each cell of the card (the script makes those fields), what it keeps as it was (status,
    dates, a fase's own name, the change log) and where she is."""
    keys = ("slug", "naam", "regio", "regio_genoemd", "status", "versie", "vastgesteld", "herzien_voor", "wijzigingen")
    out = {k: eigen[k] for k in keys if k in eigen}
    fasen = {n: {k: f[k] for k in ("naam", "omschrijving", *VELDEN) if k in f} for n, f in (eigen.get("fasen") or {}).items() if isinstance(f, dict)}
    out["fasen"] = {n: f for n, f in fasen.items() if f}
    return out


def formulier(gemeente: Gemeente | None, regio: Regio | None, intern: bool, beheer: str) -> dict[str, Any]:
    """What the form's page shows: per fase and field the gemeente's own value, and the
    value that applies when she writes none. ``gemeente`` None: the form for a new one,
    in ``regio`` (the default region). ``beheer``: the site's managers, when the region
    names none. Called by the template, so that the page's key is its gemeente's."""
    onder = _onderlaag(regio) if regio is not None else {"naam": "", "beheer": "", "fasen": [], "tafels": []}
    eigen = eigen_laag(gemeente, intern) if gemeente is not None else {"slug": "", "regio": regio.slug if regio else "", "status": "concept"}
    eigen_fasen = eigen.get("fasen") or {}
    fasen = []
    for fase in onder["fasen"]:
        eigen_fase = eigen_fasen.get(str(fase["nummer"])) or {}
        fasen.append({
            "nummer": fase["nummer"],
            "naam": fase["naam"],
            "opschalen": _lijst(eigen_fase.get("opschalen")),
            "afschalen": _lijst(eigen_fase.get("afschalen")),
            "hoogste": fase["nummer"] == FASE_NUMMERS[-1],
            "laagste": fase["nummer"] == FASE_NUMMERS[0],
        })
    tafels = eigen.get("opschaaltafels") or {}
    return {
        "eigen": eigen,
        "eigen_json": json.dumps(_bewaard(eigen), ensure_ascii=False),  # for the script, in an attribute: no inline script
        "fasen": fasen,
        "werkafspraken": _lijst(eigen.get("werkafspraken")),
        "tafels": [{"sleutel": k, **{f: _tekst(t.get(f)) for f in ("naam", "organisatie", "omschrijving", "aanmelden")}, "fasen": t.get("fasen") or [], "criteria": _lijst(t.get("criteria"))} for k, t in tafels.items()],
        "regio_tafels": onder["tafels"],
        "contacten": [{**{f: _tekst(c.get(f)) for f in ("rol", "organisatie", "wijk", "expertise", "bereikbaar", "vervanging", *PERSOONSGEGEVENS)}, "kaart": " ".join(f"{k}:{v}" for k, velden in sorted((c.get("op_de_kaart") or {}).items()) for v in velden)} for c in eigen.get("wie_is_wie") or []],
        "papierformaat": _tekst(eigen.get("papierformaat")),
        "toelichting": _tekst(eigen.get("toelichting")),
        "versie": _tekst(eigen.get("versie")),
        "statussen": STATUSSEN,
        "papieren": PAPIER,
        "contact_vragen": CONTACT_VRAGEN + (PERSOON_VRAGEN if intern else ()),
        "tafel_vragen": TAFEL_VRAGEN,
        "fase_nummers": FASE_NUMMERS,
        "max_naam": MAX_NAAM,  # the longest name `new` takes
        "velden": list(VELDEN.values()),
        "leeg_contact": {**dict.fromkeys(("rol", "organisatie", "wijk", "expertise", "bereikbaar", "vervanging", *PERSOONSGEGEVENS), ""), "kaart": ""},
        "leeg_tafel": {"sleutel": "", **dict.fromkeys(("naam", "organisatie", "omschrijving", "aanmelden"), ""), "fasen": [], "criteria": {"modus": "toevoegen", "regels": ""}},
        "regio": regio,
        "beheer": (regio.beheer if regio is not None and regio.beheer else "") or beheer,
    }
