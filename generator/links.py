"""Link check of a built site: every internal link, anchor, PDF link and resource resolves.

``read_site`` does the I/O (the HTML pages and the list of files); ``check_links``
is a pure function from those to problems, each with the page, line and column
of the link. Links to other hosts (http, https, mailto, tel) are not followed:
the site is checked as it will be put online, without a network.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from . import codes
from .problems import Pos, Problem, error

# Attributes that point at something, per element.
LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "form": ("action",),
}
EXTERNAL = re.compile(r"^(https?|mailto|tel):", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class Link:
    target: str
    line: int
    column: int
    tag: str
    rel: str = ""


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.parsed.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.parsed.ids.add(a["name"])
        line, offset = self.getpos()
        for attr in LINK_ATTRS.get(tag, ()):
            if attr in a:
                self.parsed.links.append(Link(a[attr].strip(), line, offset + 1, tag, a.get("rel", "")))

    handle_startendtag = handle_starttag


def parse(html: str) -> Parsed:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.parsed


def read_site(site: Path) -> tuple[dict[str, str], set[str]]:
    """The HTML pages (path relative to the site -> text) and every file in the site."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = {rel: (site / rel).read_text(encoding="utf-8", errors="replace") for rel in sorted(files) if rel.endswith(".html")}
    return pages, files


def check_links(pages: dict[str, str], files: set[str], shown_as: str = "") -> list[Problem]:
    """Every internal link of every page resolves to a file of the site, and every
    anchor to an id on the page it names. ``shown_as`` prefixes the paths in the
    messages (the site's folder, as the user knows it)."""
    parsed = {path: parse(html) for path, html in pages.items()}
    problems = []
    for path, page in parsed.items():
        for link in page.links:
            message = _problem(path, link, parsed, files)
            if message:
                where = posixpath.join(shown_as, path) if shown_as else path
                problems.append(error(Pos(where, link.line, link.column), message, codes.LINK_IN_SITE))
    return problems


def _problem(path: str, link: Link, parsed: dict[str, Parsed], files: set[str]) -> str:
    """What is wrong with one link, or ''."""
    href = link.target
    shown = f"'{href}'" if href else "een lege link"
    if not href:
        return f"{shown} in <{link.tag}> wijst nergens heen; vul het adres in of haal de link weg."
    if EXTERNAL.match(href) or (link.tag == "link" and link.rel == "canonical"):
        return ""
    if href.startswith("//"):
        return f"link {shown} gaat naar een andere website; de site mag niets van buiten laden of daarheen verwijzen zonder http(s):// ervoor."
    if SCHEME.match(href):
        return f"link {shown} gebruikt een adressoort die op het intranet niet werkt; gebruik een relatieve link, http(s), mailto of tel."
    if href.startswith("/"):
        return f"link {shown} begint bij de wortel van de webserver en werkt niet als de site in een submap staat; maak de link relatief."
    target, _, anchor = href.partition("#")
    target = unquote(target.split("?", 1)[0])
    anchor = unquote(anchor)
    if not target:
        resolved = path
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if resolved == ".." or resolved.startswith("../"):
            return f"link {shown} wijst buiten de site; maak de link zo dat hij binnen de site blijft."
        if resolved == ".":
            resolved = "index.html"
        elif target.endswith("/") or (resolved not in files and f"{resolved}/index.html" in files):
            resolved = posixpath.join(resolved, "index.html")
        if resolved not in files:
            return f"link {shown} wijst naar {resolved}, maar dat bestand staat niet in de site; herstel de link of voeg het ontbrekende toe."
    if anchor and resolved.endswith(".html"):
        if anchor not in parsed[resolved].ids:
            waar = "deze pagina" if resolved == path else resolved
            return f"anker '#{anchor}' van link {shown} bestaat niet op {waar}; gebruik het id van een kop of onderdeel dat er wel is."
    return ""
