"""Publishing: the built site as one zip to upload to an intranet page or file share.

The zip is named after the date of the content (the newest date on any card),
not of the build, and is the same byte for byte for the same site: entries in a
fixed order, each with that date as its time.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from .model import Project, slugify
from .write import MARKER

LEESMIJ = "LEESMIJ-PUBLICEREN.txt"


def content_date(project: Project) -> dt.date | None:
    """The newest date in the content: 'bijgewerkt' of the universal card, and
    'vastgesteld' or 'bijgewerkt' of every region and gemeente."""
    lagen = [*project.regios, *project.gemeenten]
    dates = [project.basis.bijgewerkt, *(d for laag in lagen for d in (laag.vastgesteld, laag.bijgewerkt))]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def zip_name(project: Project, date: dt.date) -> str:
    return f"{slugify(project.site.titel) or 'regiekaart'}-{date.isoformat()}.zip"


def base_url_problem(url: str) -> str:
    """What is wrong with a --base-url, or ''."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{url}' is geen volledig webadres; geef het adres waarop de site komt te staan, met http:// of https://, bijvoorbeeld https://intranet.gemeente.nl/regiekaart/."
    if parts.query or parts.fragment:
        return f"'{url}' bevat een ? of #; geef alleen het adres van de map waarin de site komt te staan."
    return ""


def normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def leesmij(project: Project, date: dt.date, base_url: str, n_files: int) -> str:
    titel = project.site.titel
    adres = (
        f"Deze versie is gebouwd voor het adres\n  {base_url}\n"
        "De sitemap (sitemap.xml) en de vaste verwijzingen in de pagina's gaan daarvan uit.\n"
        "Zet de bestanden dus precies op dat adres.\n"
        if base_url
        else "Alle links in de site zijn relatief: de map mag op elk adres en in elke submap staan.\n"
    )
    kop = f"{titel}: de site om te publiceren"
    return f"""{kop}
{'=' * len(kop)}

Inhoud bijgewerkt tot en met {date.day}-{date.month}-{date.year}. Dit zip-bestand bevat de hele site:
{n_files} bestanden, met de startpagina index.html in de hoofdmap.

Op een intranetpagina of webserver zetten
1. Pak het zip-bestand uit, met alle mappen.
2. Zet alle bestanden en mappen in een lege map op de webserver of het intranet,
   bijvoorbeeld via de beheeromgeving van het intranet of met de beheerder van de
   webserver. Houd de mappenstructuur precies zo.
3. Open index.html via het webadres (https://...) en probeer de zoekfunctie: zoek op
   'Veilig Thuis'. Krijgt u resultaten, dan staat alles goed.

{adres}
Op een gedeelde map (netwerkschijf)
Pak het zip-bestand uit op de gedeelde map en open index.html. Alle pagina's en PDF's
werken zo; alleen zoeken werkt niet vanaf een map, omdat de browser dat daar niet
toestaat. De zoekpagina zegt dat ook.

Bijwerken
Vervang bij een nieuwe versie de hele map: verwijder de oude bestanden en zet de nieuwe
ervoor in de plaats, zodat er geen oude pagina's blijven staan.

Wat erin zit
- index.html: de startpagina met alle gemeenten en het regionale overzicht
- handreiking/ en handreiking.pdf: de handreiking, ook als boekje
- regiekaart/: de universele regiekaart, ook als PDF
- gemeenten/<naam>/: de lokale kaart van elke gemeente, met regiekaart, criteriakaart
  en trainingsmateriaal als PDF
- zoeken/ en pagefind/: de zoekfunctie
- assets/: opmaak, lettertype en het script voor zoeken

De site haalt niets van andere websites en zet geen cookies.
"""


def site_files(site: Path) -> list[Path]:
    """Every file of the site that goes online (not regiekaart's own marker)."""
    return sorted(p for p in site.rglob("*") if p.is_file() and p.name != MARKER)


# The comment of every zip that regiekaart writes: only such a zip is ever replaced.
ZIP_MARK = b"Gemaakt door regiekaart publish"


def zip_target_problem(target: Path) -> str:
    """Why ``target`` may not be written, or ''. publish writes a new file, or replaces
    a zip that it made itself; never another file, a folder, a link or a device."""
    if target.suffix.lower() != ".zip":
        return f"'{target}' eindigt niet op .zip; kies een naam als regiekaart.zip."
    if not (target.exists() or target.is_symlink()):
        return ""
    try:
        info = os.lstat(target)
    except OSError as exc:
        return f"kan {target} niet bekijken ({exc.strerror})."
    if stat.S_ISREG(info.st_mode):
        try:
            with zipfile.ZipFile(target) as zf:
                if zf.comment == ZIP_MARK:
                    return ""
        except (OSError, zipfile.BadZipFile):
            pass
    return f"{target} bestaat al en is geen zip-bestand dat regiekaart eerder maakte; regiekaart overschrijft het niet. Kies een andere naam, of verplaats het bestand."


def write_zip(site: Path, target: Path, date: dt.date, readme: str) -> None:
    """Zip the site's files plus the readme; written beside ``target`` first (in a file
    of its own, never one that exists) and moved into place when complete."""
    files = site_files(site)
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        _write(tmp, site, files, stamp, readme)
        os.chmod(tmp, 0o644)  # as any file written here (mkstemp makes it private)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def _write(tmp: Path, site: Path, files: list[Path], stamp: tuple[int, ...], readme: str) -> None:
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.comment = ZIP_MARK
        for name, data in [(LEESMIJ, readme.encode("utf-8")), *((p.relative_to(site).as_posix(), p.read_bytes()) for p in files)]:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED if name.endswith((".pdf", ".woff2", ".pagefind", ".pf_fragment", ".pf_index", ".pf_meta")) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine: the same bytes everywhere
            zf.writestr(info, data)
