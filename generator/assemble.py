"""Load stage, second half: assemble the project from its files.

``load.py`` reads one file into a tree that remembers positions; this module reads
them all (site settings, the universal card, the regions, the gemeenten, the
chapters), validates them against the schema, lays the layers over each other
(cascade), makes the model and runs the checks. The result is a ``Loaded``: the
project, or None when it cannot be made, and every problem found. The build
(build.py) starts from here; `check` stops here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .cache import GENERATOR, Digests, GemeenteCache, Memory
from .cascade import cascade
from . import codes
from .check import check_afbeeldingen, check_basis, check_borging, check_gemeente, check_hoofdstukken, check_regio, check_trainershandleiding, windows_gereserveerd
from .drukwerk import FONT_BOLD, FONT_REGULAR, MATEN, check_kaart, meet_kaart
from .load import Document, load_markdown, load_yaml, outside, outside_problem
from .model import LAAG_BASIS, LAAG_GEMEENTE, LAAG_REGIO, Gemeente, Hoofdstuk, Project, Regio, Site, maak_basis, maak_gemeente, maak_regio, slugify
from .persoonsgegevens import Detector, Uitzonderingen, in_markdown
from .persoonsgegevens import detector as maak_detector
from .problems import Pos, Problem, error, has_errors, sort_problems, warning
from .schema import BASIS, GEMEENTE, HOOFDSTUK, REGIO, SITE, TRAINING, Rec, Record, suggest, validate

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Loaded:
    project: Project | None
    problems: list[Problem] = field(default_factory=list)
    n_files: int = 0
    digests: Digests = field(default_factory=dict)  # known hashes of loaded parts, for the build's keys
    # With -g: the files the chosen gemeenten use (their own, their regions', the
    # universal card, the site settings); None for the whole project.
    scope: frozenset[str] | None = None

    def reported(self) -> tuple[list[Problem], int]:
        """What to report, and about how many files: with -g, the problems in the files
        the chosen gemeenten use, and errors anywhere (they stop its build too)."""
        if self.scope is None:
            return self.problems, self.n_files
        kept = [p for p in self.problems if p.pos.path in self.scope or p.pos.path == "gemeenten" or p.is_error or p.code == codes.CACHE_BESCHADIGD]
        return kept, len(self.scope | {p.pos.path for p in kept if p.pos.path != "gemeenten"})

    @property
    def ok(self) -> bool:
        return self.project is not None and not has_errors(self.problems)

    def blocking(self, draft: bool) -> list[Problem]:
        """Errors that stop a build; --draft lets gaps through."""
        return [p for p in self.problems if p.is_error and not (draft and p.onvolledig)]


def _rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _yaml(root: Path, file: Path, spec, laag: str, detector: Detector | None, persoonsgegevens: bool = False) -> tuple[Rec | None, Document, list[Problem]]:  # noqa: ANN001
    doc = load_yaml(file, _rel(root, file), root)
    rec, problems = validate(doc.root, spec, laag, persoonsgegevens, detector, doc.lines)
    return rec, doc, doc.problems + problems


def _uitzonderingen(site_rec: Rec | None) -> Uitzonderingen:
    """What the site settings allow that looks like personal data."""
    block = site_rec.get("persoonsgegevens") if site_rec is not None else None

    def items(key: str) -> tuple[str, ...]:
        return tuple(v.value for v in (block.get(key) or [])) if block is not None else ()

    return Uitzonderingen(items("algemene_adressen"), items("algemene_nummers"), items("geen_persoon"))


def _gemeente_files(root: Path) -> list[Path]:
    folder = root / "gemeenten"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _slug_problems(root: Path, files: list[Path], soort: str = "gemeente") -> list[Problem]:
    problems = []
    by_slug: dict[str, list[Path]] = defaultdict(list)
    for file in files:
        by_slug[file.stem.lower()].append(file)
        if not SLUG.match(file.stem):
            better = slugify(file.stem)
            better = better if better and not windows_gereserveerd(better) else f"naam-van-de-{soort}"
            problems.append(error(Pos(_rel(root, file)), f"bestandsnaam '{file.name}' is ongeschikt als adres van de pagina; hernoem het bestand naar '{better}{file.suffix}' (kleine letters, cijfers en streepjes).", codes.BESTANDSNAAM))
        elif windows_gereserveerd(file.stem):
            problems.append(error(Pos(_rel(root, file)), gereserveerd(file.name, soort), codes.BESTANDSNAAM))
    for slug, same in by_slug.items():
        for extra in same[1:]:
            problems.append(error(Pos(_rel(root, extra)), f"{soort} '{slug}' heeft ook het bestand {_rel(root, same[0])}; elke {soort} heeft precies één bestand. Voeg ze samen en verwijder er één.", codes.TWEE_BESTANDEN))
    return problems


def gereserveerd(name: str, soort: str) -> str:
    """The message about a file whose name Windows refuses (see check.windows_gereserveerd)."""
    return f"bestandsnaam '{name}' kan Windows niet gebruiken (con, prn, aux, nul, com1 tot en met com9 en lpt1 tot en met lpt9 zijn daar gereserveerd), en de site en het zip-bestand van 'publish' krijgen een map met die naam; hernoem het bestand naar de volledige naam van de {soort}."


def load_project(root: Path, only: list[str] | None = None, intern: bool = False, peildatum: dt.date | None = None, memory: Memory | None = None) -> Loaded:
    """Read, validate and cascade everything; run the checks. ``intern``: read the
    personal data of the wie-is-wie (a build for the closed intranet); ``peildatum``:
    the date review dates are checked against (today)."""
    peildatum = peildatum or dt.date.today()
    problems: list[Problem] = _links_outside(root)
    n_files = 0

    site_file = root / "content" / "site.yaml"
    site_rec = None
    if site_file.exists():  # read twice: what it allows applies to its own texts too
        site_rec, _, _ = _yaml(root, site_file, SITE, "site", None)
        site_rec, _, found = _yaml(root, site_file, SITE, "site", maak_detector(_uitzonderingen(site_rec)))
        problems += found
        n_files += 1
    detector = maak_detector(_uitzonderingen(site_rec))
    site = Site(
        titel=_val(site_rec, "titel") or "Regiekaarten de-escaleren",
        regionaam=_val(site_rec, "regio"),
        omschrijving=_val(site_rec, "omschrijving"),
        beheer=_val(site_rec, "beheer"),
        papierformaat=_val(site_rec, "papierformaat") or "A4",
        standaardregio=_val(site_rec, "standaardregio"),
        uitzonderingen=_uitzonderingen(site_rec),
    )

    basis_file = root / "content" / "regiekaart.yaml"
    if not basis_file.exists():
        problems.append(error(Pos("content/regiekaart.yaml"), "de universele regiekaart ontbreekt; maak content/regiekaart.yaml aan (zie README) of kies met --project de juiste projectmap.", codes.GEEN_UNIVERSELE_KAART))
        return Loaded(None, sort_problems(problems), n_files)
    basis_rec, _, found = _yaml(root, basis_file, BASIS, LAAG_BASIS, detector)
    problems += found
    n_files += 1

    files = _gemeente_files(root)
    if not files:
        problems.append(warning(Pos("gemeenten"), "er zijn nog geen gemeenten; maak per gemeente een bestand gemeenten/<naam>.yaml aan.", codes.GEEN_GEMEENTEN))
    problems += _slug_problems(root, files)
    if only:
        known = {f.stem for f in files}
        for slug in only:
            if slug not in known:
                problems.append(error(Pos("gemeenten"), f"gemeente '{slug}' bestaat niet.{suggest(slug, sorted(known))}", codes.ONBEKENDE_GEMEENTE))
        files = [f for f in files if f.stem in only]

    hoofdstukken, found = _load_hoofdstukken(root, root / "content" / "handreiking", HOOFDSTUK, "handreiking", detector)
    problems += found
    training, found = _load_hoofdstukken(root, root / "content" / "training", TRAINING, "training", detector)
    problems += found
    handleiding, found = _load_hoofdstukken(root, root / "content" / "trainershandleiding", HOOFDSTUK, "trainershandleiding", detector)
    problems += found
    n_files += len(files) + len(hoofdstukken) + len(training) + len(handleiding)

    if basis_rec is None:
        return Loaded(None, sort_problems(problems), n_files)
    basis = maak_basis(_rel(root, basis_file), basis_rec)

    regio_files = _regio_files(root)
    regios, standaard, found = _load_regios(root, regio_files, basis_rec, site, site_rec, detector)
    problems += found
    n_files += len(regio_files)
    found, n = _load_regio_hoofdstukken(root, regios, detector)
    problems += found
    n_files += n

    fonts = _fonts(root)
    gemeenten, found, digests = _load_gemeenten(root, files, basis_rec, fonts, [site_file, basis_file, *regio_files], regios, standaard, intern, detector, memory, site.papierformaat)
    problems += found
    problems += _same_name_problems(gemeenten)
    gemeenten.sort(key=lambda g: (g.naam.casefold(), g.slug))

    project = Project(site, basis, gemeenten, hoofdstukken, training, regios, peildatum=peildatum, intern=intern, standaard=standaard, trainershandleiding=handleiding, fonts=fonts)
    afbeeldingen = _asset_files(root)
    problems += check_basis(basis) + check_hoofdstukken(hoofdstukken, afbeeldingen, regios)
    problems += check_hoofdstukken(handleiding, afbeeldingen) + check_trainershandleiding(handleiding, training)
    for h in training:  # the handouts show these chapters in print: their images too
        problems += check_afbeeldingen(h.markdown, afbeeldingen, lambda offset, h=h: Pos(h.path, h.body_line + offset))
    for laag in [basis, *regios, *gemeenten]:
        toelichting = laag.rec.get("toelichting") if laag.rec is not None else None
        if toelichting is not None and toelichting.value:
            problems += check_afbeeldingen(toelichting.value, afbeeldingen, lambda _, pos=toelichting.pos: pos)
    basis.druk = meet_kaart(basis.kaart, fonts)  # always on A4
    problems += check_kaart(basis.druk, Pos(basis.path), "de universele kaart")
    for regio in regios:
        problems += check_regio(regio) + check_borging(regio.rec, regio.path, f"de regio {regio.naam}", peildatum)
        if regio.rec is not None:  # its card is the appendix of its booklet, on A4
            regio.druk = meet_kaart(regio.kaart, fonts)
            problems += check_kaart(regio.druk, Pos(regio.path), f"regio {regio.naam}")
    for gemeente in gemeenten:  # depends on the date: never from the cache
        problems += check_borging(gemeente.rec, gemeente.path, gemeente.naam, peildatum, gemeente.status)
    scope = None
    if only:  # the files the chosen gemeenten use
        lagen = [site_file] if site_file.exists() else []
        scope = frozenset([_rel(root, f) for f in [*lagen, basis_file, *files]] + [g.regio.path for g in gemeenten if g.regio and g.regio.path])
    return Loaded(project, sort_problems(problems), n_files, digests, scope)


def _asset_files(root: Path) -> frozenset[str]:
    """The files of the assets the site will hold, as paths within that folder."""
    assets = project_dirs(root, "assets")
    return frozenset(p.relative_to(assets[0]).as_posix() for p in assets[0].rglob("*") if p.is_file()) if assets else frozenset()


def _links_outside(root: Path) -> list[Problem]:
    """Files of the project's assets and templates that a symbolic link puts outside the
    project: they would be published or rendered. (Content files are refused as they are
    read, see load.read_text.)"""
    problems = []
    for name in ("assets", "templates"):
        for folder, dirs, files in os.walk(root / name):
            for entry in sorted(dirs + files):
                path = Path(folder) / entry
                if path.is_symlink() and (real := outside(path, root)) is not None:
                    problems.append(outside_problem(_rel(root, path), real))
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return problems


def _regio_files(root: Path) -> list[Path]:
    folder = root / "content" / "regios"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _load_regios(root: Path, files: list[Path], basis_rec: Rec, site: Site, site_rec: Rec | None, detector: Detector) -> tuple[list[Regio], Regio | None, list[Problem]]:
    """The regions, and the one for gemeenten that name none. A project without region
    files has one region, named after the site's 'regio', that adds nothing to the base."""
    problems = _slug_problems(root, files, "regio")
    if not files:
        naam = site.regionaam or "Regio"
        regio = maak_regio(slugify(naam) or "regio", "", None, basis_rec, naam)
        return [regio], regio, problems
    regios = []
    for file in files:
        rec, _, found = _yaml(root, file, REGIO, LAAG_REGIO, detector)
        problems += found
        if rec is not None:
            regios.append(maak_regio(file.stem, _rel(root, file), rec, basis_rec))
    regios.sort(key=lambda r: (r.naam.casefold(), r.slug))
    slugs = [r.slug for r in regios]
    standaard = None
    if site.standaardregio:
        standaard = next((r for r in regios if r.slug == site.standaardregio), None)
        if standaard is None:
            val = site_rec.get("standaardregio") if site_rec else None
            problems.append(error(val.pos if val else Pos("content/site.yaml"), f"standaardregio '{site.standaardregio}' bestaat niet in content/regios/.{suggest(site.standaardregio, slugs, 'Bestaande regio')}", codes.ONBEKENDE_REGIO))
    elif len(regios) == 1:
        standaard = regios[0]
    return regios, standaard, problems


def _load_gemeenten(
    root: Path, files: list[Path], basis_rec: Rec, fonts: Path, shared: list[Path], regios: list[Regio], standaard: Regio | None, intern: bool, detector: Detector, memory: Memory | None = None, papier: str = "A4"
) -> tuple[list[Gemeente], list[Problem], Digests]:
    """Read, cascade (base, region, gemeente) and check each gemeente; one whose file
    (and everything it is checked against: the base, every region, the site settings)
    is unchanged since an earlier run comes from the cache. A gemeente with personal
    data in a text never goes into the cache: no trace of it stays on disk."""
    by_slug = {r.slug: r for r in regios}
    salt = hashlib.sha256(f"pyyaml {yaml.__version__}; intern {intern}; {detector.bronnen}".encode())
    for file in [*sorted(GENERATOR.glob("*.py")), *shared, fonts / FONT_REGULAR, fonts / FONT_BOLD]:
        salt.update(file.name.encode() + b"\0" + (file.read_bytes() if file.is_file() else b"-") + b"\0")
    cache = GemeenteCache(root / "build" / ".cache" / ("gemeenten-intern.pickle" if intern else "gemeenten.pickle"), salt.hexdigest(), memory)
    gemeenten, problems = [], []
    for file in files:
        rel = _rel(root, file)
        try:
            key = "" if outside(file, root) else cache.key(file.read_bytes())
        except OSError:
            key = ""
        hit = cache.get(rel, key) if key else None
        if hit is not None:
            hit[0].regio = by_slug.get(hit[0].regio_slug)
            gemeenten.append(hit[0])
            problems += hit[1]
            continue
        rec, _, found = _yaml(root, file, GEMEENTE, LAAG_GEMEENTE, detector, persoonsgegevens=intern)
        if rec is None:
            problems += found
            continue
        regio, found_regio = _regio_of(rec, rel, by_slug, standaard)
        found += found_regio
        if regio is None:
            problems += found
            continue
        gemeente = maak_gemeente(file.stem, rel, rec, cascade([basis_rec, regio.rec, rec]), basis_rec, regio, intern)
        found += check_gemeente(gemeente)
        # on its own paper, else the site's (in the cache's salt); kept with the gemeente (and its cache entry) for the build
        gemeente.druk = meet_kaart(gemeente.kaart, fonts, MATEN[gemeente.papierformaat or papier], a3=True)
        found += check_kaart(gemeente.druk, gemeente.pos_in_eigen_bestand(), gemeente.naam)
        problems += found
        if key and not any(p.code == codes.PERSOONSGEGEVEN for p in found):
            cache.put(rel, key, gemeente, found)
        gemeenten.append(gemeente)
    cache.save({_rel(root, f) for f in _gemeente_files(root)})
    if cache.beschadigd:
        problems.append(cache_beschadigd(_rel(root, cache.file), "de cache van ingelezen gemeenten"))
    return gemeenten, problems, cache.digests


def cache_beschadigd(path: str, wat: str, n: int = 1) -> Problem:
    """RK611: ``n`` files of a cache that were damaged, thrown away and made anew (a build goes on)."""
    was, is_, hem = ("was", "is", "maakt hem") if n == 1 else ("waren", "zijn", "maakt ze")
    return warning(Pos(path), f"{wat} {was} beschadigd (bijvoorbeeld na een volle schijf) en {is_} weggegooid; regiekaart {hem} opnieuw. Gebeurt dit vaker, controleer dan de schijf.", codes.CACHE_BESCHADIGD)


def _regio_of(rec: Rec, rel: str, regios: dict[str, Regio], standaard: Regio | None) -> tuple[Regio | None, list[Problem]]:
    """The region a gemeente names with 'regio:', else the default region."""
    val = rec.get("regio")
    if val is None or not val.value.strip():
        if standaard is None:
            naam = rec.get("naam")
            where = naam.pos if naam else Pos(rel)
            return None, [error(where, f"deze gemeente noemt geen regio en content/site.yaml geen standaardregio; voeg 'regio: <naam>' toe.{suggest('', sorted(regios), 'Bestaande regio')}", codes.GEEN_REGIO)]
        return standaard, []
    slug = val.value.strip()
    if slug not in regios:
        return None, [error(val.pos, f"regio '{slug}' bestaat niet; een regio is een bestand in content/regios/.{suggest(slug, sorted(regios), 'Bestaande regio')}", codes.ONBEKENDE_REGIO)]
    return regios[slug], []


def _fonts(root: Path) -> Path:
    """The folder with the shipped font: the project's own assets, else regiekaart's."""
    for assets in project_dirs(root, "assets"):
        if (assets / "fonts").is_dir():
            return assets / "fonts"
    return PACKAGE_ROOT / "assets" / "fonts"


def _same_name_problems(gemeenten: list[Gemeente]) -> list[Problem]:
    by_name: dict[str, list[Gemeente]] = defaultdict(list)
    for g in gemeenten:
        by_name[g.naam.casefold()].append(g)
    problems = []
    for same in by_name.values():
        for g in same if len(same) > 1 else []:
            others = ", ".join(o.path for o in same if o is not g)
            problems.append(error(g.rec.get("naam").pos if g.rec.get("naam") else Pos(g.path), f"gemeente '{g.naam}' staat ook in {others}; elke gemeente heeft precies één bestand. Voeg ze samen en verwijder de rest.", codes.TWEE_BESTANDEN, g.naam))
    return problems


def _val(rec: Rec | None, key: str) -> str:
    val = rec.get(key) if rec else None
    return val.value.strip() if val else ""


def _load_regio_hoofdstukken(root: Path, regios: list[Regio], detector: Detector) -> tuple[list[Problem], int]:
    """Each region's own chapters, from content/regios/<regio>/handreiking/; a folder there
    that belongs to no region is an error (its chapters would silently be left out)."""
    folder = root / "content" / "regios"
    if not folder.is_dir():
        return [], 0
    by_slug = {r.slug: r for r in regios}
    problems: list[Problem] = []
    n_files = 0
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        chapters = sub / "handreiking"
        if not chapters.is_dir() or not any(chapters.glob("*.md")):
            continue
        regio = by_slug.get(sub.name)
        if regio is None:
            first = sorted(chapters.glob("*.md"))[0]
            problems.append(error(Pos(_rel(root, first)), f"de map {_rel(root, sub)}/ hoort bij geen regio: er is geen {_rel(root, sub)}.yaml, dus deze hoofdstukken komen nergens in de handreiking. Geef de map de naam van een regio.{suggest(sub.name, sorted(by_slug), 'Bestaande regio')}", codes.HOOFDSTUKKEN_ZONDER_REGIO))
            continue
        regio.hoofdstukken, found = _load_hoofdstukken(root, chapters, HOOFDSTUK, "handreiking", detector, regio.slug)
        problems += found
        n_files += len(regio.hoofdstukken)
    return problems, n_files


def _load_hoofdstukken(root: Path, folder: Path, spec: Record, name: str, detector: Detector | None = None, regio: str = "") -> tuple[list[Hoofdstuk], list[Problem]]:
    """The chapters in ``folder``; ``name``: the layer their front matter is read as;
    ``regio``: the region whose own chapters they are; ``detector``: the rules for
    personal data (without: those of a site that allows nothing)."""
    if not folder.is_dir():
        return [], []
    detector = detector or maak_detector()
    problems: list[Problem] = []
    hoofdstukken = []
    for file in sorted(folder.glob("*.md")):
        rel = _rel(root, file)
        if not SLUG.match(file.stem):
            problems.append(error(Pos(rel), f"bestandsnaam '{file.name}' is ongeschikt als adres van de pagina; hernoem het naar '{slugify(file.stem)}.md'.", codes.BESTANDSNAAM))
        elif windows_gereserveerd(file.stem):
            problems.append(error(Pos(rel), gereserveerd(file.name, "pagina"), codes.BESTANDSNAAM))
        doc = load_markdown(file, rel, root)
        problems += doc.problems + in_markdown(detector, rel, doc.body, doc.body_line)
        rec, found = validate(doc.front, spec, name, detector=detector, lines=doc.lines)
        problems += found
        if rec is None or rec.get("titel") is None or rec.get("volgorde") is None:
            continue
        invoegen = [v.value for v in rec.get("invoegen") or []]
        front = {key: rec.get(key).pos for key in ("titel", "volgorde")}
        hoofdstukken.append(Hoofdstuk(file.stem, rel, rec.get("titel").value, rec.get("volgorde").value, doc.body, doc.body_line, invoegen, regio, front))
    hoofdstukken.sort(key=lambda h: (h.volgorde, h.slug))
    return hoofdstukken, problems


def project_dirs(root: Path, name: str) -> list[Path]:
    """The project's own folder first, then the one shipped with regiekaart."""
    dirs = [root / name, PACKAGE_ROOT / name]
    return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]


def assets_dir(root: Path) -> Path:
    return project_dirs(root, "assets")[0]
