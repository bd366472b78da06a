"""`regiekaart import`: take in gemeente files that come from the invulformulier (or
from anyone), one by one or in a zip, without ever writing a file that does not pass.

The load stage does the checking: each file is put, in a scratch copy of the project's
content and gemeente files, where it will go, and the whole project is loaded as `check`
would: the project as it will be, so that a name or a file name that another gemeente
has is found too. What is reported is what the file itself gets, at its own lines, plus
errors elsewhere that it causes (those the current project does not already have). The
files that pass are then loaded together once more: two new gemeenten with one name each
pass alone. Writing is the only step that touches the project, and only for a file
without errors and only over the very version that was read (an edit made meanwhile is
never lost): a new file beside the old one, renamed over it, so that nothing is
half-written.

The scratch copy lives in the temp folder under PREFIX with a MARKER naming the process;
an import killed midway leaves it, and the next import removes it (``opruimen``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import socket
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import codes
from .assemble import SLUG, Loaded, load_project
from .cache import Memory
from .check import windows_gereserveerd
from .load import MAX_FILE_BYTES
from .model import slugify
from .problems import Pos, Problem, error, warning
from .schema import PERSOONSGEGEVENS, suggest

SUFFIXES = (".yaml", ".yml")
MAX_LEDEN = 2000  # files in one zip: a region has a few hundred gemeenten at most
# The .yaml files of one zip together, unpacked: a card is a few kilobytes, so the files of
# a whole region are well under this. The zip's own directory says how big each file is;
# that is added up before anything is unpacked (zipfile unpacks no more of a file than the
# directory says: a file that holds more fails its CRC).
MAX_ZIP_BYTES = 10_000_000
PREFIX = "regiekaart-import-"  # the scratch copies in the temp folder
MARKER = ".regiekaart-import"  # in each: the process that made it (JSON: pid, start, host)
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
    huidig: bytes | None = None  # the project's file as it was read; None for a new gemeente
    doel: str = ""  # the project's file it replaces or becomes: gemeenten/<slug>.yaml, or the .yml she has

    def __post_init__(self) -> None:
        self.doel = self.doel or f"gemeenten/{self.slug}.yaml"

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


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
            samen = sum(i.file_size for i in leden if Path(i.filename).suffix.lower() in SUFFIXES and i.file_size <= MAX_FILE_BYTES)
            if samen > MAX_ZIP_BYTES:  # before anything is unpacked
                return [], [_te_veel(pad, samen)]
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


def _te_veel(pad: Path, samen: int) -> Problem:
    return error(Pos(str(pad)), f"de .yaml-bestanden in de zip zijn uitgepakt samen {samen} bytes, hoogstens {MAX_ZIP_BYTES}; een kaartbestand is een paar kilobyte, dus dit is geen zip van kaartbestanden. Er is niets uit ingelezen.", codes.IMPORT_ZIP_ONBRUIKBAAR)


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
    """Fill in each candidate's problems, as `check` would report them with the file in
    place among all the others; positions in the file become positions in the candidate
    (its name). Then the candidates that pass, all in place at once: what clashes between
    them (one name twice) refuses each of them."""
    bestaand = {f.stem: f for f in sorted((project / "gemeenten").glob("*")) if f.suffix in SUFFIXES and f.is_file()}
    gezien: dict[str, Kandidaat] = {}
    te_laden: list[Kandidaat] = []
    for k in kandidaten:
        if not SLUG.match(k.slug):
            beter = slugify(k.slug)
            beter = beter if beter and not windows_gereserveerd(beter) else "naam-van-de-gemeente"
            k.problems.append(error(Pos(k.naam), f"aan de bestandsnaam is niet te zien welke gemeente dit is; hernoem het bestand naar '{beter}.yaml' (de naam van het bestand van de gemeente).", codes.IMPORT_ONBEKENDE_GEMEENTE))
            continue
        if k.slug in gezien:
            k.problems.append(error(Pos(k.naam), f"gemeente '{k.slug}' staat ook in {gezien[k.slug].naam}; geef elke gemeente één keer.", codes.IMPORT_DUBBEL))
            continue
        gezien[k.slug] = k
        if k.slug in bestaand:
            k.doel = bestaand[k.slug].relative_to(project).as_posix()
            k.huidig = bestaand[k.slug].read_bytes()
        elif not nieuw:
            k.problems.append(error(Pos(k.naam), f"gemeente '{k.slug}' bestaat niet in dit project.{suggest(k.slug, sorted(bestaand), 'Bestaande gemeenten')} Is het een nieuwe gemeente, voeg dan --nieuw toe.", codes.IMPORT_ONBEKENDE_GEMEENTE))
            continue
        te_laden.append(k)
    if not te_laden:
        return
    with Kladblok(project, peildatum) as kladblok:
        al = {_sleutel(p) for p in kladblok.laad([]).problems}  # what the project has now
        for k in te_laden:
            k.problems += _nieuw(project, kladblok.laad([k]), [k], al, alles=True)[k.doel]
            if k.ok and k.huidig is not None:
                k.problems += _persoonsgegevens_weg(k)
        samen = [k for k in te_laden if k.ok]
        while len(samen) > 1:  # one load per round; a round ends when none clash any more
            per_doel = _nieuw(project, kladblok.laad(samen), samen, al)
            for k in samen:
                k.problems += per_doel[k.doel]
            if all(k.ok for k in samen):
                break
            samen = [k for k in samen if k.ok]


def _nieuw(project: Path, loaded: Loaded, geplaatst: list[Kandidaat], al: set[tuple[str, int, int, str, str]], alles: bool = False) -> dict[str, list[Problem]]:
    """Per candidate in place (by its ``doel``): the problems of its own file, at its name
    (``alles``: every one, else only errors the project does not already have), and the
    errors elsewhere that the project does not already have (about the others, or those of
    their files: all of them get those), at that file in ``project`` (``getoond``). In
    messages, a candidate's project file is called by its name: it is her text that is meant."""
    per_doel: dict[str, list[Problem]] = {k.doel: [] for k in geplaatst}
    namen = {k.doel: k.naam for k in geplaatst}

    def genoemd(p: Problem, pos: Pos) -> Problem:
        message = p.message
        for doel, naam in namen.items():
            message = message.replace(doel, naam)
        return replace(p, pos=pos, message=message)

    elders = []
    for p in loaded.problems:
        if p.pos.path in per_doel:
            if alles or (p.is_error and _sleutel(p) not in al):
                per_doel[p.pos.path].append(genoemd(p, Pos(namen[p.pos.path], p.pos.line, p.pos.column)))
        elif p.pos.path != "gemeenten" and p.is_error and _sleutel(p) not in al:
            elders.append(genoemd(p, replace(p.pos, path=getoond(project, p.pos.path))))
    for found in per_doel.values():
        found += elders
    return per_doel


def getoond(project: Path, rel: str) -> str:
    """A file of the project as `import` names it: from the current folder when it lies
    inside it, else in full (import is often run from the Downloads folder)."""
    full = project / rel
    try:
        return full.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(full)


class Kladblok:
    """The scratch copy of a project (its content and gemeente files) in the temp folder,
    where candidates are put in place and the project is loaded as it would be; the
    gemeenten that did not change come from memory in every load but the first. The folder
    is marked as an import's own (MARKER), so that the next import removes it if this one
    is killed before it can (``opruimen``)."""

    def __init__(self, project: Path, peildatum: dt.date | None = None) -> None:
        self.project, self.peildatum = project, peildatum
        self.memory = Memory()
        self.map = Path()

    def __enter__(self) -> Kladblok:
        opruimen()
        self.map = Path(tempfile.mkdtemp(prefix=PREFIX))
        try:
            (self.map / MARKER).write_text(json.dumps({"pid": os.getpid(), "start": _starttijd(os.getpid()), "host": socket.gethostname()}), encoding="utf-8")
            _kopie(self.project, self.map)
        except BaseException:
            shutil.rmtree(self.map, ignore_errors=True)
            raise
        return self

    def __exit__(self, *_: object) -> None:
        shutil.rmtree(self.map, ignore_errors=True)

    def laad(self, kandidaten: list[Kandidaat]) -> Loaded:
        """The project with ``kandidaten`` in place; afterwards the copy is as before."""
        for k in kandidaten:
            (self.map / k.doel).write_bytes(k.data)
        try:
            return load_project(self.map, peildatum=self.peildatum, memory=self.memory)
        finally:
            for k in kandidaten:
                if k.huidig is None:
                    (self.map / k.doel).unlink()
                else:
                    (self.map / k.doel).write_bytes(k.huidig)


def _starttijd(pid: int) -> str:
    """When process ``pid`` started (in clock ticks since boot, from /proc on Linux), so
    that a pid used again by a later process is not taken for it; '' where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


def _leeft(pid: int, start: str) -> bool:
    """Whether the process that made a scratch copy still runs (or may: another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as someone else
        return True
    return not start or _starttijd(pid) in ("", start)


def opruimen(tmp: Path | None = None) -> list[Path]:
    """Remove the scratch copies in the temp folder that an import killed midway (kill -9,
    a power cut) left behind: only folders that are provably an import's own (the PREFIX,
    a MARKER that names a process of this machine, our own user) and no longer in use (that
    process is gone). The folders removed."""
    base = tmp or Path(tempfile.gettempdir())
    weg = []
    try:
        entries = [e for e in os.scandir(base) if e.name.startswith(PREFIX)]
    except OSError:
        return []
    for entry in entries:
        try:
            info = os.lstat(Path(entry.path) / MARKER)
            if not entry.is_dir(follow_symlinks=False) or not stat.S_ISREG(info.st_mode) or info.st_size > 1000:
                continue
            if hasattr(os, "getuid") and (entry.stat(follow_symlinks=False).st_uid != os.getuid() or info.st_uid != os.getuid()):
                continue
            marker = json.loads((Path(entry.path) / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # no marker, or not ours to read: not provably ours
        pid = marker.get("pid") if isinstance(marker, dict) else None
        if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or marker.get("host") != socket.gethostname():
            continue
        if not _leeft(pid, str(marker.get("start") or "")):
            shutil.rmtree(entry.path, ignore_errors=True)
            weg.append(Path(entry.path))
    return weg


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


def verschil(k: Kandidaat) -> list[str]:
    """The unified diff of the project's file and the candidate, line by line."""
    oud = (k.huidig or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    nieuw = k.data.decode("utf-8", errors="replace").splitlines(keepends=True)
    return [line.rstrip("\r\n") for line in difflib.unified_diff(oud, nieuw, fromfile=k.doel if k.huidig is not None else "/dev/null", tofile=k.naam)]


def schrijf(project: Path, k: Kandidaat) -> Problem | None:
    """Put the candidate in place, only over the version that was read (``k.huidig``; for
    a new gemeente: only where there is still none): written beside, then renamed over the
    old file, or linked in place (a file made meanwhile is never replaced). Otherwise
    nothing is written, and the problem says why."""
    doel = project / k.doel
    doel.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(prefix=f".{k.slug}.", suffix=".nieuw", dir=doel.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(k.data)
        if _nu(doel) != k.huidig:
            return _intussen(project, k)
        if k.huidig is not None:
            shutil.copymode(doel, tijdelijk)
            os.replace(tijdelijk, doel)
            return None
        masker = os.umask(0)
        os.umask(masker)
        os.chmod(tijdelijk, 0o666 & ~masker)  # as any new file, not mkstemp's 0600
        try:
            os.link(tijdelijk, doel)  # fails if it is there by now
        except FileExistsError:
            return _intussen(project, k)
        except OSError:  # a file system without hard links
            if doel.exists():
                return _intussen(project, k)
            os.replace(tijdelijk, doel)
    finally:
        Path(tijdelijk).unlink(missing_ok=True)
    return None


def _nu(doel: Path) -> bytes | None:
    try:
        return doel.read_bytes()
    except FileNotFoundError:
        return None


def _intussen(project: Path, k: Kandidaat) -> Problem:
    wat = "gewijzigd" if k.huidig is not None else "aangemaakt"
    return error(
        Pos(getoond(project, k.doel)),
        f"het bestand is intussen {wat}, nadat regiekaart het las; er is niets geschreven, zodat die wijziging niet verloren gaat. Draai 'regiekaart import' opnieuw: dan ziet u het verschil met de nieuwe versie.",
        codes.IMPORT_INTUSSEN_GEWIJZIGD,
    )
