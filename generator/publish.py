"""Publishing: the built site as one zip to upload to an intranet page or file share.

The zip is named after the date of the content (the newest date on any card),
not of the build, and is the same byte for byte for the same site: entries in a
fixed order, each with that date as its time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import posixpath
import re
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import quoteattr

from .links import EXTERNAL, SCHEME, parse
from .model import Project, slugify
from .write import MARKER

LEESMIJ = "LEESMIJ-PUBLICEREN.txt"
WEB_CONFIG = "web.config"  # for IIS: the MIME type of every kind of file in the site

# The MIME types that Python's own table (mimetypes, without the system's files) lacks
# or names differently than a web server should send them: Pagefind's index files
# (binary, gzip inside, read by its script), JavaScript as the HTML standard names it,
# and kinds of file newer than Python 3.11's table.
PAGEFIND_TYPES = {
    ".pagefind": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
}
MIME_TYPES = {
    **PAGEFIND_TYPES,
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".webp": "image/webp",
    ".md": "text/markdown",
    ".ics": "text/calendar",
    ".xml": "application/xml",
}
ONBEKEND = "application/octet-stream"  # an extension no table knows: served as a download, never refused
_DEFAULT_TYPES = mimetypes.MimeTypes()  # Python's table only: the same on every machine


def mime_type(extension: str) -> str:
    """The MIME type a web server should send for files ending in ``extension`` ('.css')."""
    ext = extension.lower()
    return MIME_TYPES.get(ext) or _DEFAULT_TYPES.types_map[True].get(ext) or ONBEKEND


def extensions(names: Iterable[str]) -> list[str]:
    """The extensions ('.css') of ``names``, each once, sorted."""
    return sorted({posixpath.splitext(n)[1].lower() for n in names} - {""})


def web_config(names: Iterable[str]) -> str:
    """IIS's web.config for a site of the files ``names``: a MIME type for each of their
    extensions. IIS refuses every file type it does not know (404.3); each type is removed
    first, so that one that IIS knows already is not added twice (a 500.19 error)."""
    regels = []
    for ext in extensions(names):
        regels.append(f"      <remove fileExtension={quoteattr(ext)} />")
        regels.append(f"      <mimeMap fileExtension={quoteattr(ext)} mimeType={quoteattr(mime_type(ext))} />")
    body = "\n".join(regels)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Gemaakt door regiekaart publish: laat IIS elk soort bestand van de site serveren. -->
<configuration>
  <system.webServer>
    <staticContent>
{body}
    </staticContent>
  </system.webServer>
</configuration>
"""


def server_types(names: Iterable[str]) -> list[tuple[str, str]]:
    """(extension, MIME type) of the files ``names`` that Apache and nginx do not know by
    themselves: Pagefind's."""
    return [(ext, mime_type(ext)) for ext in extensions(names) if ext in PAGEFIND_TYPES]


def content_date(project: Project) -> dt.date | None:
    """The newest date in the content: 'bijgewerkt' of the universal card, and
    'vastgesteld' or 'bijgewerkt' of every region and gemeente."""
    lagen = [*project.regios, *project.gemeenten]
    dates = [project.basis.bijgewerkt, *(d for laag in lagen for d in (laag.vastgesteld, laag.bijgewerkt))]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def zip_name(project: Project, date: dt.date, soort: str = "") -> str:
    """The zip's name: the site's title and the content's date; ``soort`` ('pdfs') between them."""
    return f"{slugify(project.site.titel) or 'regiekaart'}{'-' + soort if soort else ''}-{date.isoformat()}.zip"


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


def leesmij(project: Project, date: dt.date, base_url: str, n_files: int, types: list[tuple[str, str]]) -> str:
    """LEESMIJ-PUBLICEREN.txt: how to put the site online, per kind of place. ``types``:
    (extension, MIME type) that Apache and nginx must be told (server_types)."""
    titel = project.site.titel
    adres = (
        f"Deze versie is gebouwd voor het adres\n  {base_url}\n"
        "De sitemap (sitemap.xml) en de vaste verwijzingen in de pagina's gaan daarvan uit.\n"
        "Zet de bestanden dus precies op dat adres.\n"
        if base_url
        else "Alle links in de site zijn relatief: de map mag op elk adres en in elke submap staan.\n"
    )
    soorten = " ".join(ext for ext, _ in types)
    kop = f"{titel}: de site om te publiceren"
    return f"""{kop}
{'=' * len(kop)}

Inhoud bijgewerkt tot en met {date.day}-{date.month}-{date.year}. Dit zip-bestand bevat de hele site:
{n_files} bestanden, met de startpagina index.html in de hoofdmap.

Op een webserver (IIS, Apache, nginx)
1. Pak het zip-bestand uit, met alle mappen.
2. Zet alle bestanden en mappen in een lege map op de webserver. Houd de
   mappenstructuur precies zo. Vraag dit zo nodig aan de beheerder van de webserver.
3. Open index.html via het webadres (https://...) en probeer de zoekfunctie: zoek op
   'Veilig Thuis'. Krijgt u resultaten, dan staat alles goed.

IIS (Windows-webserver): het bestand web.config in de hoofdmap zegt IIS welke soorten
bestanden de site heeft. Zonder dat bestand weigert IIS de bestanden van de zoekfunctie
en werkt zoeken niet. Laat web.config dus staan.
Apache en nginx: die hebben web.config niet nodig. De zoekfunctie gebruikt bestanden met
de extensies {soorten}. Die moeten als application/octet-stream
worden verstuurd; nginx doet dat vanzelf, Apache ook als er geen andere instelling is.
Vraag de beheerder zo nodig om deze regel voor Apache (in .htaccess of de configuratie):
  AddType application/octet-stream {soorten}

{adres}
Op een gedeelde map (netwerkschijf)
Pak het zip-bestand uit op de gedeelde map en open index.html. Alle pagina's en PDF's
werken zo; alleen zoeken werkt niet vanaf een map, omdat de browser dat daar niet
toestaat. De zoekpagina zegt dat ook.

Op SharePoint Online (het intranet van veel gemeenten)
Dat kan niet: SharePoint Online toont geen geüploade HTML-pagina's. Ze worden
gedownload of als tekst getoond, en geen instelling verandert dat. Wat wel kan:
- Zet de site op een webserver, of op de Pages van de GitLab of GitHub van de regio,
  en zet op het intranet een link naar de site.
- Kunnen er alleen documenten op het intranet? Maak dan met
  'regiekaart publish --alleen-pdf' een zip-bestand met alleen de PDF's, in mappen,
  met een overzicht (als PDF en als HTML-pagina) van wat elk bestand is. Zet die
  mappen in een documentbibliotheek.

Bijwerken
Vervang bij een nieuwe versie de hele map: verwijder de oude bestanden en zet de nieuwe
ervoor in de plaats, zodat er geen oude pagina's blijven staan.

Wat erin zit
- index.html: de startpagina met alle gemeenten en het regionale overzicht
- handreiking/ en handreiking.pdf: de handreiking, ook als boekje
- regiekaart/: de universele regiekaart, ook als PDF
- gemeenten/<naam>/: de lokale kaart van elke gemeente, met regiekaart, criteriakaart
  en trainingsmateriaal als PDF
- regios/<regio>/: per regio de stand van de kaarten en haar eigen boekje
- zoeken/ en pagefind/: de zoekfunctie
- assets/: opmaak, lettertype en de scripts
- web.config: de instellingen voor IIS

De site haalt niets van andere websites en zet geen cookies.
"""


def site_files(site: Path) -> list[Path]:
    """Every file of the built site (not regiekaart's own marker)."""
    return sorted(p for p in site.rglob("*") if p.is_file() and p.name != MARKER)


ASSETS = "assets/"  # copied into the site as they are: the screen's and the PDF renderer's
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
LICENCE = re.compile(r"^(OFL|LICEN[CS]E|COPYING)\b", re.IGNORECASE)


def references(path: str, text: str) -> set[str]:
    """The files of the site that the page or stylesheet ``path`` refers to, as paths in the site."""
    if path.endswith(".css"):
        found = ["".join(m.groups(default="")) for m in CSS_URL.finditer(_without_comments(text))]
    else:
        found = [link.target for link in parse(text).links]
    result = set()
    for href in found:
        target = unquote(href.split("#", 1)[0].split("?", 1)[0])
        if target and not EXTERNAL.match(target) and not SCHEME.match(target) and not target.startswith("/"):
            result.add(posixpath.normpath(posixpath.join(posixpath.dirname(path), target)))
    return result


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def published_files(site: Path) -> list[Path]:
    """The files of the site that go online: everything the build made (pages, PDFs,
    search index), and of the assets only those a page or a stylesheet refers to, with
    the licence beside them. The PDF renderer's own (pdf-letters.css and the TTF fonts it loads)
    stay out."""
    files = {p.relative_to(site).as_posix(): p for p in site_files(site)}
    kept = {name for name in files if not name.startswith(ASSETS)}
    todo = [name for name in kept if name.endswith(".html")]
    while todo:
        name = todo.pop()
        for ref in references(name, files[name].read_text(encoding="utf-8", errors="replace")):
            if ref in files and ref not in kept:
                kept.add(ref)
                if ref.endswith((".css", ".html")):
                    todo.append(ref)
    folders = {posixpath.dirname(name) for name in kept if name.startswith(ASSETS)}
    kept |= {name for name in files if posixpath.dirname(name) in folders and LICENCE.match(posixpath.basename(name))}
    return [files[name] for name in sorted(kept)]


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


Entry = tuple[str, "bytes | Path"]  # a name in the zip, and its content or the file that holds it
STORED = (".pdf", ".woff2", ".png", ".jpg", ".jpeg", ".webp", *PAGEFIND_TYPES)  # compressed already


class ChangedAfterBuild(Exception):
    """A file of the site is not what the build wrote (changed, cut short, or not made by it)."""

    def __init__(self, file: Path) -> None:
        super().__init__(str(file))
        self.file = file


def write_zip(target: Path, date: dt.date, entries: list[Entry], recorded: dict[Path, str] | None = None) -> None:
    """Zip ``entries``; written beside ``target`` first (in a file of its own, never one
    that exists) and moved into place when complete. ``recorded``: the sha256 of each
    file of the site as the build wrote it (its manifest); a file that differs, or that
    the build did not write, raises ChangedAfterBuild and no zip is written."""
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        _write(tmp, entries, stamp, recorded)
        os.chmod(tmp, 0o644)  # as any file written here (mkstemp makes it private)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def _read_checked(file: Path, recorded: dict[Path, str] | None) -> bytes:
    """The bytes of a file that goes into the zip, checked against the build's record
    (the very bytes that are zipped, so nothing can change in between)."""
    data = file.read_bytes()
    if recorded is not None and recorded.get(file) != hashlib.sha256(data).hexdigest():
        raise ChangedAfterBuild(file)
    return data


def _write(tmp: Path, entries: list[Entry], stamp: tuple[int, ...], recorded: dict[Path, str] | None = None) -> None:
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.comment = ZIP_MARK
        for name, data in entries:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine: the same bytes everywhere
            if any(ord(c) > 127 for c in name):
                info.flag_bits |= 0x800  # the name is UTF-8 (zipfile sets it too; stated for clarity)
            zf.writestr(info, _read_checked(data, recorded) if isinstance(data, Path) else data)


def publish_entries(root: Path, site: Path, project: Project, date: dt.date, base_url: str, alleen_pdf: bool) -> list[Entry]:
    """What the zip of the site built in ``site`` holds: the site with its readme and
    web.config, or (``alleen_pdf``) its PDFs in folders with their overview."""
    if not alleen_pdf:
        files = published_files(site)
        names = [p.relative_to(site).as_posix() for p in files]
        readme = leesmij(project, date, base_url, len(files), server_types(names))
        return [(LEESMIJ, readme.encode("utf-8")), (WEB_CONFIG, web_config([LEESMIJ, *names]).encode("utf-8")), *zip(names, files)]
    from .assemble import assets_dir, project_dirs
    from .documenten import entries, folders, overview_html, overview_pdf
    from .products import plan_pdfs
    from .render import datum

    maps = folders(project, plan_pdfs(project), site)
    templates = project_dirs(root, "templates")
    html = overview_html(project, maps, datum(date), templates, pdf=False)
    pdf = overview_pdf(overview_html(project, maps, datum(date), templates, pdf=True), assets_dir(root))
    return entries(maps, site, html, pdf)
