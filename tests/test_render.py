"""The render stage: what a page is made from, what its template may see, relative links,
Markdown, the text the search index reads, and the sitemap.

Pages are rendered in memory from small templates of the test's own, put in front of the
shipped ones (they extend nothing, so each test sees exactly what it renders)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from generator.build import load_project
from generator.model import Project
from generator.render import (
    GEMEENTEN_PER_BUNDEL,
    HANDREIKING_PDF,
    NIET_IN_INDEX,
    SCOPE,
    ZOEKEN,
    Page,
    PageQueue,
    ProjectView,
    Renderer,
    css_string,
    datum,
    gemeente_pdf,
    gemeente_url,
    hoofdstuk_url,
    index_text,
    opschaalwijzer_url,
    regio_url,
    render_pages,
    zoekbundels,
)
from generator.products import Wat, plan, plan_pages, sitemap

from .conftest import ROOT, copy_project, write


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The shipped project, loaded from a copy (loading writes a cache into the project)."""
    loaded = load_project(copy_project(tmp_path_factory.mktemp("render") / "project"))
    assert loaded.project is not None
    return loaded.project


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    return tmp_path / "templates"


def renderer(project: Project, templates: Path, **kwargs) -> Renderer:  # noqa: ANN003
    templates.mkdir(parents=True, exist_ok=True)
    return Renderer(project, [templates, ROOT / "templates"], draft=kwargs.pop("draft", False), **kwargs)


def render(project: Project, templates: Path, source: str, path: str = "index.html", **page) -> str:  # noqa: ANN003
    """``source`` as a template, rendered as the page at ``path``."""
    write(templates / "proef.html", source)
    return renderer(project, templates).render(Page(path, "proef.html", page.pop("title", "Proef"), **page)).decode("utf-8")


def md(project: Project, templates: Path, text: str, path: str = "handreiking/proef/index.html", boekje: str | None = None) -> str:
    source = "{{ markdown(tekst, boekje) }}" if boekje else "{{ markdown(tekst) }}"
    return render(project, templates, source, path, context={"tekst": text, "boekje": boekje})


# --- what a page is made from and may see --------------------------------------------------


def test_inputs_are_the_scope_and_the_context(project: Project) -> None:
    g = project.gemeenten[0]
    page = next(p for p in plan_pages(project) if p.path == gemeente_url(g.slug))
    inputs = page.inputs(project)
    assert set(inputs) == {*SCOPE, "context.gemeente", "context.regio", "context.intern"}
    assert inputs["site"] is project.site and inputs["basis"] is project.basis
    assert inputs["context.gemeente"] is g and inputs["context.regio"] is g.regio
    # the home page shows every gemeente: all of them are its input
    home = next(p for p in plan_pages(project) if p.path == "index.html")
    assert home.inputs(project)["gemeenten"] is project.gemeenten
    assert {"gemeenten", "hoofdstukken", "regios"} <= set(home.inputs(project))
    # a gemeente's page does not depend on the other gemeenten
    assert "gemeenten" not in inputs


def test_project_view_refuses_what_is_out_of_scope(project: Project) -> None:
    view = ProjectView(project, ("hoofdstukken",))
    assert view.site is project.site and view.basis is project.basis and view.hoofdstukken is project.hoofdstukken
    for name in ("gemeenten", "regios", "training", "peildatum", "intern", "_project_x", "__dict__x"):
        with pytest.raises(AttributeError, match="Page.scope"):
            getattr(view, name)
    # methods are allowed by the part of the project they read
    with pytest.raises(AttributeError):
        view.gemeenten_van  # noqa: B018
    with pytest.raises(AttributeError):
        view.regio  # noqa: B018
    wide = ProjectView(project, ("gemeenten", "regios"))
    regio = project.regios[0]
    assert wide.gemeenten_van(regio) == project.gemeenten_van(regio)
    assert wide.regio(regio.slug) is regio


def test_a_template_cannot_show_what_its_page_does_not_declare(project: Project, templates: Path) -> None:
    with pytest.raises(UndefinedError, match="gemeenten"):
        render(project, templates, "{{ project.gemeenten | length }}")
    assert render(project, templates, "{{ project.gemeenten | length }}", scope=("gemeenten",)) == f"{len(project.gemeenten)}\n"


def test_every_planned_page_renders_within_its_scope(project: Project) -> None:
    """The shipped templates read only what their page declares (else an UndefinedError)."""
    r = Renderer(project, [ROOT / "templates"], draft=False)
    pages = plan_pages(project)
    html = render_pages(r, pages)
    assert len(html) == len(pages) and all(h.startswith(b"<!DOCTYPE html>") for h in html)
    for page, h in zip(pages, html):
        ids = re.findall(r'\sid="([^"]+)"', h.decode())
        assert len(ids) == len(set(ids)), (page.path, sorted({i for i in ids if ids.count(i) > 1}))


def test_plan_pages(project: Project) -> None:
    pages = plan_pages(project)
    paths = [p.path for p in pages]
    assert len(paths) == len(set(paths))
    assert paths[:3] == ["index.html", "regiekaart/index.html", "handreiking/index.html"] and paths[-1] == ZOEKEN
    for g in project.gemeenten:
        page = pages[paths.index(gemeente_url(g.slug))]
        assert page.pdfs == tuple(gemeente_pdf(g.slug, s) for s in ("regiekaart", "criteriakaart", "training"))
        assert page.search_kind == "Gemeente" and opschaalwijzer_url(g.slug) in paths
    for r in project.regios:
        assert regio_url(r.slug) in paths
    chapters = [p for p in pages if p.template == "hoofdstuk.html" and not p.context["hoofdstuk"].regio]
    assert [p.path for p in chapters] == [hoofdstuk_url(h.slug) for h in project.hoofdstukken]
    assert chapters[0].context["vorige"] is None and chapters[-1].context["volgende"] is None
    assert [p.context["nummer"] for p in chapters] == list(range(1, len(chapters) + 1))
    # a region's own chapters: under the region, numbered after the common ones, as in its booklet
    eigen = [p for p in pages if p.template == "hoofdstuk.html" and p.context["hoofdstuk"].regio]
    assert [p.path for p in eigen] == [hoofdstuk_url(h.slug, r.slug) for r in project.regios for h in r.hoofdstukken] and eigen
    assert all(p.path.startswith(f"regios/{p.context['regio'].slug}/handreiking/") and p.context["nummer"] > len(chapters) for p in eigen)
    assert plan_pages(project) == pages  # a fixed order


# --- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, expected",
    [
        ("index.html", "regiekaart/index.html|index.html#gemeenten|#top|assets/css/site.css"),
        ("zoeken/index.html", "../regiekaart/index.html|../index.html#gemeenten|#top|../assets/css/site.css"),
        ("gemeenten/breda/index.html", "../../regiekaart/index.html|../../index.html#gemeenten|#top|../../assets/css/site.css"),
        ("gemeenten/breda/opschaalwijzer.html", "../../regiekaart/index.html|../../index.html#gemeenten|#top|../../assets/css/site.css"),
    ],
)
def test_url_is_relative_to_the_page(project: Project, templates: Path, path: str, expected: str) -> None:
    source = "{{ url('regiekaart/index.html') }}|{{ url('index.html#gemeenten') }}|{{ url('#top') }}|{{ url('assets/css/site.css') }}"
    assert render(project, templates, source, path) == expected + "\n"


def test_a_link_to_the_page_itself(project: Project, templates: Path) -> None:
    assert render(project, templates, "{{ url('gemeenten/breda/index.html') }}", "gemeenten/breda/index.html") == "index.html\n"


# --- Markdown ------------------------------------------------------------------------------------


def test_headings_get_unique_ids(project: Project, templates: Path) -> None:
    html = md(project, templates, "# Wat is de-escaleren?\n\n## Één kop\n\n## Één kop\n\n## ???\n")
    assert re.findall(r'<h\d id="([^"]+)"', html) == ["wat-is-de-escaleren", "een-kop", "een-kop-2", "kop"]


def test_heading_ids_stay_unique_when_a_heading_looks_like_a_numbered_one(project: Project, templates: Path) -> None:
    """BUG: the second 'Stap' gets 'stap-2', and so does a heading 'Stap 2': two elements
    with one id, and a link to #stap-2 goes to the wrong one (in the PDF booklet too)."""
    for boekje in (None, "x"):
        html = md(project, templates, "# Stap\n\n# Stap\n\n# Stap 2\n", boekje=boekje)
        ids = re.findall(r'<h\d id="([^"]+)"', html)
        assert len(ids) == 3 and len(set(ids)) == 3, ids


def test_heading_ids_do_not_collide_with_the_ids_of_the_page(project: Project) -> None:
    """BUG: a chapter with a heading 'Inhoud' gets id="inhoud", which <main> already has (the
    target of the skip link): the page then holds two elements with one id."""
    import dataclasses

    h = project.hoofdstukken[0]
    chapter = dataclasses.replace(h, markdown="## Inhoud\n\nTekst.\n\n" + h.markdown)
    page = next(p for p in plan_pages(project) if p.path == hoofdstuk_url(h.slug))
    page = dataclasses.replace(page, context={**page.context, "hoofdstuk": chapter})
    html = Renderer(project, [ROOT / "templates"], draft=False).render(page).decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_in_a_booklet_ids_carry_the_chapter(project: Project, templates: Path) -> None:
    html = md(project, templates, "# Kop\n\n## Kop\n", boekje="borging")
    assert re.findall(r'<h\d id="([^"]+)"', html) == ["borging-kop", "borging-kop-2"]


def test_tables_scroll_in_a_named_region_on_the_site_only(project: Project, templates: Path) -> None:
    text = "| Fase | Wie |\n| --- | --- |\n| 1 | Wijkteam |\n"
    html = md(project, templates, text)
    assert '<div class="tabel__scroll" role="region" tabindex="0" aria-label="Tabel: Fase, Wie">\n<table>' in html
    assert html.count("<table>") == 1 and "</table>\n</div>" in html
    assert '<th scope="col">Fase</th>' in html
    boekje = md(project, templates, text, boekje="borging")
    assert "tabel__scroll" not in boekje and '<th scope="col">Fase</th>' in boekje


def test_a_table_label_is_escaped(project: Project, templates: Path) -> None:
    html = md(project, templates, '| "Wie" & <wat> |\n| --- |\n| x |\n')
    assert 'aria-label="Tabel: &#34;Wie&#34; &amp; &lt;wat&gt;"' in html or 'aria-label="Tabel: &quot;Wie&quot; &amp; &lt;wat&gt;"' in html


def test_links_to_chapters(project: Project, templates: Path) -> None:
    slug = project.hoofdstukken[0].slug
    text = f"[a]({slug}.md) [b](../handreiking/{slug}.md#kop) [c](onbekend.md) [d](https://example.org/{slug}.md) [e](#hier)"
    html = md(project, templates, text, "handreiking/proef/index.html")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [f"../{slug}/index.html", f"../{slug}/index.html#kop", "onbekend.md", f"https://example.org/{slug}.md", "#hier"]
    from_home = re.findall(r'href="([^"]*)"', md(project, templates, f"[a]({slug}.md)", "index.html"))
    assert from_home == [f"handreiking/{slug}/index.html"]
    boekje = re.findall(r'href="([^"]*)"', md(project, templates, text, boekje="x"))
    assert boekje == [f"#{slug}", f"#{slug}-kop", "onbekend.md", f"https://example.org/{slug}.md", "#hier"]


def test_images_from_the_assets(project: Project, templates: Path) -> None:
    text = "![kaart](assets/afbeeldingen/kaart.png) ![ander](https://example.org/x.png)"
    srcs = re.findall(r'src="([^"]*)"', md(project, templates, text, "handreiking/proef/index.html"))
    assert srcs == ["../../assets/afbeeldingen/kaart.png", "https://example.org/x.png"]
    # in a PDF, relative to assets/css/, where the stylesheet (the base of every PDF) is
    srcs = re.findall(r'src="([^"]*)"', md(project, templates, text, boekje="proef"))
    assert srcs == ["../afbeeldingen/kaart.png", "https://example.org/x.png"]


def test_markdown_cannot_inject_markup(project: Project, templates: Path) -> None:
    html = md(project, templates, '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick="x">b</b>\n')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # not in any attribute
    assert "<b " not in html


def test_schrijfruimte_in_the_handout_only(project: Project, templates: Path) -> None:
    text = "Wat valt u op?\n\n{schrijfruimte 3}\n\nEn verder.\n\n{schrijfruimte 99}\n"
    html = md(project, templates, text, boekje="oefening")
    assert '<div class="vraag">\n<p>Wat valt u op?</p>\n<div class="schrijfruimte" aria-hidden="true">' in html
    blocks = re.findall(r'<div class="schrijfruimte" aria-hidden="true">(.*?)</div>\n</div>', html)
    assert [b.count("schrijfruimte__regel") for b in blocks] == [3, 30]  # at most 30 lines
    assert "{schrijfruimte" not in html and html.count('<div class="vraag">') == 2
    on_site = md(project, templates, text)
    assert on_site == "<p>Wat valt u op?</p>\n<p>En verder.</p>\n"  # on screen there is nothing to write on


def test_markdown_is_markup(project: Project) -> None:
    r = Renderer(project, [ROOT / "templates"], draft=False)
    out = r.markdown("*nadruk*", lambda target: target)
    assert isinstance(out, Markup) and out == "<p><em>nadruk</em></p>\n"


# --- filters ---------------------------------------------------------------------------------------


def test_datum() -> None:
    assert datum(dt.date(2026, 3, 12)) == "12 maart 2026"
    assert datum(dt.date(2025, 12, 1)) == "1 december 2025"
    assert datum(None) == ""


def test_css_string_cannot_end_the_string_or_the_element() -> None:
    out = css_string('Regiekaart "Breda" </style><script>\n\\')
    assert out.startswith('"') and out.endswith('"')
    inner = str(out)[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner and "\n" not in inner
    assert inner.count("\\") == 7  # two quotes, two <, two > and the backslash itself, each as an escape
    assert css_string("Breda, A4 (liggend)") == '"Breda, A4 (liggend)"'
    assert css_string("twee   spaties\nen regel") == '"twee spaties en regel"'


def test_draft_band(project: Project, templates: Path) -> None:
    write(templates / "proef.html", "{% extends 'base.html' %}")
    page = Page("index.html", "proef.html", "Proef")
    assert "concept-band" in renderer(project, templates, draft=True).render(page).decode()
    assert "concept-band" not in renderer(project, templates, draft=False).render(page).decode()


def test_canonical_link_only_with_a_base_url(project: Project, templates: Path) -> None:
    write(templates / "proef.html", "{% extends 'base.html' %}")
    page = Page("gemeenten/breda/index.html", "proef.html", "Proef")
    html = renderer(project, templates, base_url="https://regiekaart.example/").render(page).decode()
    assert '<link rel="canonical" href="https://regiekaart.example/gemeenten/breda/index.html">' in html
    assert "canonical" not in renderer(project, templates).render(page).decode()


# --- pages wait for their PDFs --------------------------------------------------------------------


def test_pages_wait_for_the_pdfs_they_link(project: Project) -> None:
    r = Renderer(project, [ROOT / "templates"], draft=False)
    queue = PageQueue(r, plan_pages(project), {HANDREIKING_PDF})
    assert queue.files == {} and queue.rendered == 0  # making the queue renders nothing
    queue.render_ready()
    waiting = set(queue.waiting)
    assert waiting == {p.path for p in queue.plan if HANDREIKING_PDF in p.pdfs}
    assert waiting and not waiting & set(queue.files)
    assert len(queue.files) + len(waiting) == len(queue.plan)
    r.pdfs[HANDREIKING_PDF] = {"titel": "Handreiking", "grootte": "1,2 MB"}
    queue.render_ready(HANDREIKING_PDF)
    assert queue.waiting == {} and set(queue.files) == {p.path for p in queue.plan}
    assert "(PDF, 1,2 MB)" in queue.files["handreiking/index.html"].decode()
    assert queue.rendered == len(queue.plan)


def test_reuse_offers_the_previous_file(project: Project, tmp_path: Path) -> None:
    old = write(tmp_path / "vorige.html", "vorige")
    offered = []

    def reuse(page: Page, links: dict) -> Path | None:
        offered.append((page.path, links))
        return old if page.path == "index.html" else None

    queue = PageQueue(Renderer(project, [ROOT / "templates"], draft=False), plan_pages(project), set(), reuse)
    queue.render_ready()
    assert queue.files["index.html"] == old
    assert queue.rendered == len(queue.plan) - 1
    assert sorted(p for p, _ in offered) == sorted(p.path for p in queue.plan)
    assert all(links == {} for _, links in offered)  # no PDF made in this build


def test_a_page_rendered_without_its_pdf_links(project: Project) -> None:
    r = Renderer(project, [ROOT / "templates"], draft=False)
    r.pdfs[HANDREIKING_PDF] = {"titel": "Handreiking", "grootte": "1,2 MB"}
    page = next(p for p in plan_pages(project) if p.path == "handreiking/index.html")
    assert b"1,2 MB" in r.render(page) and b"1,2 MB" not in r.render(page, pdfs=False)
    assert r.links(page) == {HANDREIKING_PDF: {"titel": "Handreiking", "grootte": "1,2 MB"}}


# --- what the search index reads ------------------------------------------------------------------


def test_index_text_keeps_head_and_main_without_the_marked_parts() -> None:
    start, end = NIET_IN_INDEX
    html = (
        b"<!DOCTYPE html><html><head><title>T</title></head><body><nav>menu</nav>"
        b"<main id='inhoud'><p>een</p>" + start + b"<p>kaart voor telefoons</p>" + end + b"<p>twee</p>"
        + start + b"<p>afwijkingen</p>" + end + b"<p>drie</p></main><footer>voet</footer></body></html>"
    )
    out = index_text(html)
    assert out == b"<!DOCTYPE html><html><head><title>T</title></head><body><main id='inhoud'><p>een</p><p>twee</p><p>drie</p></main></body></html>"


def test_index_text_with_an_unclosed_marker_keeps_the_rest() -> None:
    html = b"<html><head></head><body><main><p>een</p>" + NIET_IN_INDEX[0] + b"<p>twee</p></main></body></html>"
    out = index_text(html)
    assert b"<p>een</p>" in out and b"<p>twee</p>" in out


def test_index_text_of_a_page_without_main_is_the_page() -> None:
    html = b"<html><head></head><body><p>x</p></body></html>"
    assert index_text(html) == html


def test_index_text_of_a_real_gemeente_page(project: Project) -> None:
    r = Renderer(project, [ROOT / "templates"], draft=False)
    g = project.gemeenten[0]
    html = r.render(next(p for p in plan_pages(project) if p.path == gemeente_url(g.slug)))
    assert NIET_IN_INDEX[0] in html
    text = index_text(html)
    assert NIET_IN_INDEX[0] not in text and NIET_IN_INDEX[1] not in text
    assert g.naam.encode() in text and b"<footer" not in text and b"data-pagefind-body" in text
    assert len(text) < len(html)


# --- sitemap and bundles -------------------------------------------------------------------------


def _sitemap(project: Project, pages: list[Page], base_url: str) -> bytes:
    (text,) = sitemap(Wat(project, base_url, pages))
    return Renderer(project, [ROOT / "templates"], draft=False, base_url=base_url).render_text(text)


def test_sitemap(project: Project) -> None:
    pages = [Page("index.html", "index.html", "Start"), Page("gemeenten/a&b/index.html", "gemeente.html", "A&B")]
    data = _sitemap(project, pages, "https://example.org/kaart/")
    root = ET.fromstring(data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [loc.text for loc in root.findall("s:url/s:loc", ns)] == ["https://example.org/kaart/index.html", "https://example.org/kaart/gemeenten/a&b/index.html"]
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"a&amp;b" in data  # XML is escaped, by its extension
    full = ET.fromstring(_sitemap(project, plan_pages(project), "https://example.org/"))
    assert len(full.findall("s:url", ns)) == len(plan_pages(project))
    assert sitemap(Wat(project, "", plan_pages(project))) == []  # only for a site with an address
    assert [t.path for t in plan(project, "https://example.org/").texts if t.template == "sitemap.xml"] == ["sitemap.xml"]


def test_zoekbundels_lists_algemeen_first(project: Project) -> None:
    bundels = zoekbundels(project)
    assert bundels[0] == "algemeen"
    assert bundels[1:] == [f"gemeenten-{i}" for i in range(1, 1 + -(-len(project.gemeenten) // GEMEENTEN_PER_BUNDEL))]
    page = next(p for p in plan_pages(project) if p.path == ZOEKEN)
    assert page.context["zoekbundels"] == bundels
