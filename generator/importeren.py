"""`regiekaart import`: take in gemeente files that come from the invulformulier (or
from anyone), one by one or in a zip, without ever writing a file that does not pass.

The load stage does the checking: each file is put, in a scratch copy of the project's
content and gemeente files, where it will go, and the project is loaded as `check -g`
would. What is reported is what the file itself gets, at its own lines, plus errors
elsewhere that it causes (those the current project does not already have). Writing is
the only step that touches the project, and only for a file without errors: a new file
beside the old one, renamed over it, so that nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import codes
from .assemble import SLUG, load_project
from .load import MAX_FILE_BYTES
from .model import slugify
from .problems import Pos, Problem, error, warning
from .schema import PERSOONSGEGEVENS, suggest

SUFFIXES = (".yaml", ".yml")
MAX_LEDEN = 2000  # files in one zip: a region has a few hundred gemeenten at most
# A browser that finds the name taken saves "breda (1).yaml" (Chromium, Edge) or
# "breda(1).yaml" (Firefox): the gemeente is still breda.
KOPIE = re.compile(r"\s*\(\d+\)$")


@dataclass
class Kandidaat:
    """One gemeente file offered for import."""

    naam: str  # how the person knows it: the path she gave, or "<zip>/<file in the zip>"
    slug: str
    data: bytes
    bron: Path | None = None  # the file on disk, for the lines under a message; None inside a zip
    problems: list[Problem] = field(default_factory=list)
    huidig: bytes | None = None  # the project's file now; None for a new gemeente

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def doel(self) -> str:
        return f"gemeenten/{self.slug}.yaml"


def _slug(name: str) -> str:
    return KOPIE.sub("", Path(name).stem).strip()


def _als_tekst(naam: str, data: bytes) -> list[Problem]:
    """What makes a file plainly not a gemeente file, before YAML gets to it: a web page
    saved under the name, or a document of another program."""
    begin = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if begin.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
        return [error(Pos(naam), "dit is een webpagina (HTML), geen kaartbestand. Gebruik op het invulformulier de knop 'Bestand downloaden' en neem dat bestand.", codes.IMPORT_GEEN_KAARTBESTAND)]
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        return [error(Pos(naam), "dit is geen kaartbestand maar een document van een ander programma (Word, PDF of zip). Neem het .yaml-bestand van het invulformulier.", codes.IMPORT_GEEN_KAARTBESTAND)]
    return []


def lees(paden: list[Path]) -> tuple[list[Kandidaat], list[Problem]]:
    """The files offered (a zip gives each .yaml file in it), and what is wrong with the
    paths themselves."""
    kandidaten: list[Kandidaat] = []
    problems: list[Problem] = []
    for pad in paden:
        naam = str(pad)
        if not pad.exists():
            problems.append(error(Pos(naam), "dit bestand bestaat niet; controleer de naam en de map (bijvoorbeeld Downloads).", codes.IMPORT_BESTAND_ONTBREEKT))
        elif pad.is_dir():
            problems.append(error(Pos(naam), "dit is een map; geef de bestanden zelf, bijvoorbeeld map/*.yaml, of een zip.", codes.IMPORT_BESTAND_ONTBREEKT))
        elif zipfile.is_zipfile(pad):
            found, wrong = _uit_zip(pad)
            kandidaten += found
            problems += wrong
        elif pad.stat().st_size > MAX_FILE_BYTES:
            problems.append(error(Pos(naam), f"bestand is te groot ({pad.stat().st_size} bytes, hoogstens {MAX_FILE_BYTES}); een kaartbestand is een paar kilobyte.", codes.BESTAND_TE_GROOT))
        else:
            data = pad.read_bytes()
            wrong = _als_tekst(naam, data)
            if not wrong and pad.suffix.lower() not in SUFFIXES:
                wrong = [error(Pos(naam), "alleen .yaml-bestanden (of een zip daarvan) kunnen worden ingelezen.", codes.IMPORT_GEEN_KAARTBESTAND)]
            if wrong:
                problems += wrong
            else:
                kandidaten.append(Kandidaat(naam, _slug(pad.name), data, pad))
    return kandidaten, problems


def _uit_zip(pad: Path) -> tuple[list[Kandidaat], list[Problem]]:
    kandidaten: list[Kandidaat] = []
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(pad) as z:
            leden = [i for i in z.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/") and not Path(i.filename).name.startswith(".")]
            if len(leden) > MAX_LEDEN:
                return [], [error(Pos(str(pad)), f"de zip bevat {len(leden)} bestanden, hoogstens {MAX_LEDEN}; dit is geen zip van kaartbestanden.", codes.IMPORT_ZIP_ONBRUIKBAAR)]
            for info in leden:
                naam = f"{pad}/{info.filename}"
                if Path(info.filename).suffix.lower() not in SUFFIXES:
                    problems.append(warning(Pos(naam), "overgeslagen: alleen .yaml-bestanden worden ingelezen.", codes.IMPORT_GEEN_KAARTBESTAND))
                    continue
                if info.file_size > MAX_FILE_BYTES:
                    problems.append(error(Pos(naam), f"bestand is te groot ({info.file_size} bytes, hoogstens {MAX_FILE_BYTES}); een kaartbestand is een paar kilobyte.", codes.BESTAND_TE_GROOT))
                    continue
                with z.open(info) as f:
                    data = f.read(MAX_FILE_BYTES + 1)  # the size in the zip's directory may lie
                if len(data) > MAX_FILE_BYTES:
                    problems.append(error(Pos(naam), f"bestand is uitgepakt groter dan {MAX_FILE_BYTES} bytes; een kaartbestand is een paar kilobyte.", codes.BESTAND_TE_GROOT))
                    continue
                wrong = _als_tekst(naam, data)
                problems += wrong
                if not wrong:
                    kandidaten.append(Kandidaat(naam, _slug(info.filename), data))
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:  # damaged, encrypted, unknown compression
        return [], [error(Pos(str(pad)), f"de zip is niet te lezen ({exc}); pak hem uit en geef de .yaml-bestanden zelf.", codes.IMPORT_ZIP_ONBRUIKBAAR)]
    if not kandidaten and not any(p.is_error for p in problems):
        problems.append(error(Pos(str(pad)), "de zip bevat geen .yaml-bestanden.", codes.IMPORT_ZIP_ONBRUIKBAAR))
    return kandidaten, problems


def _kopie(project: Path, doel: Path) -> None:
    """What loading needs of ``project`` (content and gemeente files) in ``doel``."""
    shutil.copytree(project / "content", doel / "content", symlinks=False, ignore=shutil.ignore_patterns(".*"))
    (doel / "gemeenten").mkdir()
    folder = project / "gemeenten"
    for file in folder.iterdir() if folder.is_dir() else []:
        if file.is_file() and file.suffix in SUFFIXES:
            shutil.copyfile(file, doel / "gemeenten" / file.name)


def _sleutel(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.pos.path, p.pos.line, p.pos.column, p.code, p.message)


def controleer(project: Path, kandidaten: list[Kandidaat], nieuw: bool, peildatum: dt.date | None = None) -> None:
    """Fill in each candidate's problems, as `check -g <slug>` would report them with the
    file in place; positions in the file become positions in the candidate (its name)."""
    bestaand = {f.stem: f for f in (project / "gemeenten").glob("*") if f.suffix in SUFFIXES}
    gezien: dict[str, Kandidaat] = {}
    for k in kandidaten:
        if not SLUG.match(k.slug):
            beter = slugify(k.slug) or "naam-van-de-gemeente"
            k.problems.append(error(Pos(k.naam), f"aan de bestandsnaam is niet te zien welke gemeente dit is; hernoem het bestand naar '{beter}.yaml' (de naam van het bestand van de gemeente).", codes.IMPORT_ONBEKENDE_GEMEENTE))
            continue
        if k.slug in gezien:
            k.problems.append(error(Pos(k.naam), f"gemeente '{k.slug}' staat ook in {gezien[k.slug].naam}; geef elke gemeente één keer.", codes.IMPORT_DUBBEL))
            continue
        gezien[k.slug] = k
        if k.slug in bestaand:
            k.huidig = bestaand[k.slug].read_bytes()
        elif not nieuw:
            k.problems.append(error(Pos(k.naam), f"gemeente '{k.slug}' bestaat niet in dit project.{suggest(k.slug, sorted(bestaand), 'Bestaande gemeenten')} Is het een nieuwe gemeente, voeg dan --nieuw toe.", codes.IMPORT_ONBEKENDE_GEMEENTE))
            continue
        k.problems += _in_project(project, k, peildatum)
        if k.ok and k.huidig is not None:
            k.problems += _persoonsgegevens_weg(k)


def _personen(data: bytes) -> dict[str, set[str]]:
    """Per role of the wie-is-wie, which personal data (naam, telefoon, email) it has."""
    try:
        doc = yaml.safe_load(data.decode("utf-8"))  # a file that loaded without errors: plain YAML
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    rollen = doc.get("wie_is_wie") if isinstance(doc, dict) else None
    found: dict[str, set[str]] = {}
    for rol in rollen if isinstance(rollen, list) else []:
        if isinstance(rol, dict):
            found[str(rol.get("rol", ""))] = {key for key in PERSOONSGEGEVENS if rol.get(key) not in (None, "")}
    return found


def _persoonsgegevens_weg(k: Kandidaat) -> list[Problem]:
    """The form of the public site never holds names and contact details of persons: a
    file from it would drop those that the project's file has. That is refused."""
    nu, straks = _personen(k.huidig or b""), _personen(k.data)
    weg = sorted(rol for rol, keys in nu.items() if keys and not keys <= straks.get(rol, set()))
    if not weg:
        return []
    rollen = ", ".join(f"'{rol}'" for rol in weg)
    return [error(Pos(k.naam), f"{k.doel} heeft namen of contactgegevens van personen bij {rollen} (wie_is_wie), en dit bestand niet: het invulformulier van de openbare site neemt die nooit mee. Zo zouden ze verloren gaan. Gebruik het invulformulier van de interne site (regiekaart build --intern), of zet de gegevens er zelf weer bij.", codes.IMPORT_PERSOONSGEGEVENS_WEG)]


def _in_project(project: Path, k: Kandidaat, peildatum: dt.date | None) -> list[Problem]:
    with tempfile.TemporaryDirectory(prefix="regiekaart-import-") as tmp:
        kopie = Path(tmp)
        _kopie(project, kopie)
        voor = load_project(kopie, [k.slug], peildatum=peildatum) if k.huidig is not None else None
        (kopie / k.doel).write_bytes(k.data)
        na = load_project(kopie, [k.slug], peildatum=peildatum)
    al = {_sleutel(p) for p in voor.problems} if voor is not None else set()
    eigen = [p for p in na.problems if p.pos.path == k.doel]
    elders = [p for p in na.problems if p.pos.path not in (k.doel, "gemeenten") and p.is_error and _sleutel(p) not in al]
    return [replace(p, pos=Pos(k.naam, p.pos.line, p.pos.column)) for p in eigen] + elders


def verschil(k: Kandidaat) -> list[str]:
    """The unified diff of the project's file and the candidate, line by line."""
    oud = (k.huidig or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    nieuw = k.data.decode("utf-8", errors="replace").splitlines(keepends=True)
    return [line.rstrip("\r\n") for line in difflib.unified_diff(oud, nieuw, fromfile=k.doel if k.huidig is not None else "/dev/null", tofile=k.naam)]


def schrijf(project: Path, k: Kandidaat) -> Path:
    """Put the candidate in place: written beside, then renamed over the old file."""
    doel = project / k.doel
    doel.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(prefix=f".{k.slug}.", suffix=".nieuw", dir=doel.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(k.data)
        if k.huidig is not None:
            shutil.copymode(doel, tijdelijk)
        os.replace(tijdelijk, doel)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise
    return doel
