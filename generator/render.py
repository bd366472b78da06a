"""Render stage: the model to HTML pages, in memory (no file is written here).

Jinja2 with autoescaping on; Markdown through markdown-it-py without raw
HTML. Every link is relative to the page, so the site works from disk and
under any sub-path.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import __version__
from .markdown import parser
from .model import Project, slugify

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")

HOME = "index.html"
REGIEKAART = "regiekaart/index.html"
HANDREIKING = "handreiking/index.html"


def gemeente_url(slug: str) -> str:
    return f"gemeenten/{slug}/index.html"


def hoofdstuk_url(slug: str) -> str:
    return f"handreiking/{slug}/index.html"


@dataclass
class Page:
    path: str  # output path, relative to the site root
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    section: str = ""  # for aria-current in the navigation


def datum(value: dt.date | None) -> str:
    """12 maart 2026."""
    if value is None:
        return ""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def plan_pages(project: Project) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages = [
        Page(HOME, "index.html", project.site.titel, {}, "home"),
        Page(REGIEKAART, "regiekaart.html", project.basis.titel or "Universele regiekaart", {}, "regiekaart"),
        Page(HANDREIKING, "handreiking.html", "Handreiking", {}, "handreiking"),
    ]
    chapters = project.hoofdstukken
    for i, h in enumerate(chapters):
        pages.append(
            Page(
                hoofdstuk_url(h.slug),
                "hoofdstuk.html",
                h.titel,
                {"hoofdstuk": h, "nummer": i + 1, "vorige": chapters[i - 1] if i > 0 else None, "volgende": chapters[i + 1] if i + 1 < len(chapters) else None},
                "handreiking",
            )
        )
    for g in project.gemeenten:
        pages.append(Page(gemeente_url(g.slug), "gemeente.html", f"Regiekaart {g.naam}", {"gemeente": g}, "gemeenten"))
    return pages


class Renderer:
    def __init__(self, project: Project, template_dirs: list[Path], draft: bool) -> None:
        self.project = project
        self.draft = draft
        self.chapter_slugs = {h.slug for h in project.hoofdstukken}
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=select_autoescape(["html"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["datum"] = datum

    def render(self, page: Page) -> bytes:
        base = posixpath.dirname(page.path)

        def url(target: str) -> str:
            anchor = ""
            if "#" in target:
                target, anchor = target.split("#", 1)
                anchor = "#" + anchor
            if not target:
                return anchor
            return posixpath.relpath(target, base or ".") + anchor

        context = {
            "site": self.project.site,
            "project": self.project,
            "basis": self.project.basis,
            "page": page,
            "draft": self.draft,
            "version": __version__,
            "url": url,
            "markdown": lambda text: self.markdown(text, url),
            "gemeente_url": gemeente_url,
            "hoofdstuk_url": hoofdstuk_url,
            "HOME": HOME,
            "REGIEKAART": REGIEKAART,
            "HANDREIKING": HANDREIKING,
            **page.context,
        }
        html = self.env.get_template(page.template).render(context)
        return (html.rstrip() + "\n").encode("utf-8")

    def markdown(self, text: str, url: Any) -> Markup:  # noqa: ANN401
        md = parser()
        tokens = md.parse(text)
        used: dict[str, int] = {}
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                token.attrSet("id", _unique(slugify(tokens[i + 1].content) or "kop", used))
            elif token.type == "th_open":
                token.attrSet("scope", "col")
            for child in token.children or []:
                if child.type == "link_open":
                    child.attrSet("href", self._link(str(child.attrGet("href") or ""), url))
        return Markup(md.renderer.render(tokens, md.options, {}))

    def _link(self, href: str, url: Any) -> str:  # noqa: ANN401
        target, _, anchor = href.partition("#")
        if target.endswith(".md") and "://" not in target:
            slug = posixpath.basename(target)[:-3]
            if slug in self.chapter_slugs:
                return url(hoofdstuk_url(slug) + (f"#{anchor}" if anchor else ""))
        return href


def _unique(slug: str, used: dict[str, int]) -> str:
    used[slug] = used.get(slug, 0) + 1
    return slug if used[slug] == 1 else f"{slug}-{used[slug]}"


def render_site(project: Project, template_dirs: list[Path], draft: bool = False) -> dict[str, bytes]:
    renderer = Renderer(project, template_dirs, draft)
    return {page.path: renderer.render(page) for page in plan_pages(project)}

