"""Live preview: `regiekaart serve`.

livereload serves the built site and reloads the browser; the sources are watched
by ``Wachter``, which sees every change a build would see (not only newer
modification times), and after a change an (incremental) build runs. A build
that fails never stops the server: the last good site stays in place (assets and
PDFs are still served from it), and every page shows the error page instead
(``error_page``: the errors first, grouped by file, each with its line and a caret;
the warnings folded below), until they are fixed. From there a person can look at
the last good version of a page (``?laatste-versie``): it carries a banner saying
that it is old, and the pages it links to stay old versions too (a cookie), as long
as this failure lasts or until she goes back to the errors (``?meldingen``); after
the next failure every page shows the error page first again.

The terminal gets one Dutch line per build (``build_line``); a warning is shown
once, the first time it appears (the first build only counts them). livereload's
and Tornado's own log lines (English) are silenced.

The watcher looks every quarter of a second (``Wachter.POLL_MS``) and reloads the open
pages after every build itself: livereload's own poll skipped a reload within 3 s of the
previous one, so a mistake fixed at once left the browser on the error page.

When the server stops (Ctrl+C or SIGTERM, see interrupt.py), ``serve`` returns, the
caller's context managers close the PDF pool, and `regiekaart` (cli.run) then ends the
process with a hard ``os._exit`` (after a command that succeeded, as a stopped server
has): keep it that way, and clean up in ``finally`` blocks or context managers, never
in atexit handlers or finalizers, which do not run then.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import logging
import os
import re
import stat
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import HTTPError

from . import interrupt
from .build import BuildOutcome
from .problems import Problem
from .rapport import HEEL_BESTAND, Folded, Snippet, bronregel, fold, ordered, venster
from .render import MAANDEN
from .write import MARKER

WATCHED = ("content", "gemeenten", "templates", "assets")
SWITCH_SECONDS = 0.0005  # see serve()

# Served by serve itself, next to the site: the banner's stylesheet. The site's pages
# allow stylesheets of their own origin only (style-src 'self'), no inline style.
BANNER_CSS = "__regiekaart__/laatste-versie.css"
# The choice to look at the last good version, for the pages it links to as well;
# its value is the failure it was made in (``Stand.streak``).
COOKIE = "regiekaart-laatste-versie"


@dataclass
class Stand:
    """The outcome of the latest build, as the pages show it."""

    problems: list[Problem] = field(default_factory=list)  # errors and warnings, errors first
    failed: bool = False
    crash: str = ""  # an unexpected error in regiekaart itself
    when: float = 0.0  # of the latest build
    good: float = 0.0  # of the latest build that succeeded in this session (0: none yet)
    streak: int = 0  # counts the failures that came after a success
    snippets: dict[Problem, Snippet | None] = field(default_factory=dict)  # while it fails

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _plural(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",") + " s"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"


def _changes(changed: list[str]) -> str:
    """What a build changed in the site, in words: '1 pagina, 3 PDF's en de zoekindex'."""
    pages = sum(1 for path in changed if path.endswith(".html"))
    pdfs = sum(1 for path in changed if path.endswith(".pdf"))
    index = any(path.startswith("pagefind/") for path in changed)
    other = len(changed) - pages - pdfs - sum(1 for path in changed if path.startswith("pagefind/"))
    parts = [_plural(pages, "pagina", "pagina's")] if pages else []
    parts += [_plural(pdfs, "PDF", "PDF's")] if pdfs else []
    parts += ["de zoekindex"] if index else []
    parts += [_plural(other, "ander bestand", "andere bestanden")] if other else []
    return _and(parts)


def build_line(outcome: BuildOutcome, seconds: float, url: str, first: bool) -> str:
    """The one line the terminal shows after a build."""
    errors = [p for p in ordered(outcome.problems) if p.is_error]
    where = "" if not errors else errors[0].pos.path if _whole_file(errors[0]) else str(errors[0].pos)
    result = outcome.result
    if result is None:
        if not errors:
            return f"Niet gebouwd — zie {url}"
        if len(errors) == 1:
            return f"1 fout in {where} — zie {url}"
        return f"{len(errors)} fouten, de eerste in {where} — zie {url}"
    if first:
        pages, pdfs = _plural(result.pages, "pagina", "pagina's"), _plural(result.pdfs, "PDF", "PDF's")
        line = f"Gebouwd in {_seconds(seconds)}: {pages}{f' en {pdfs}' if result.pdfs else ''}."
    elif not result.changed:
        line = f"Gebouwd in {_seconds(seconds)}: de site bleef gelijk."
    else:
        line = f"Bijgewerkt in {_seconds(seconds)}: {_changes(result.changed)}."
    if errors:  # that a build lets through, as --draft does a gap in a card
        line += f" Let op: {'1 fout' if len(errors) == 1 else f'{len(errors)} fouten, de eerste'} in {where}; de site is toch gebouwd."
    return line


class Verslag:
    """What the terminal says after each build: one line, and a warning only the first
    time it appears. The first build counts its warnings instead of listing them (the
    warnings a project has when serve starts are known, or `check` lists them). After a
    failure, the line of the first build that works again starts with "Weer in orde"."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.seen: set[tuple[str, str, str]] = set()
        self.first = True
        self.failed = False

    def __call__(self, outcome: BuildOutcome, seconds: float) -> str:
        line = build_line(outcome, seconds, self.url, self.first)
        first, was_failed = self.first, self.failed
        self.first, self.failed = False, outcome.result is None
        if outcome.result is None:
            return line  # the warnings are on the error page, and said here once it builds again
        if was_failed:
            line = f"Weer in orde. {line}"
        warnings = [p for p in ordered(outcome.problems) if not p.is_error]
        new = [p for p in warnings if _same(p) not in self.seen]
        self.seen.update(_same(p) for p in warnings)
        if first:
            if warnings:
                line += f" {_plural(len(warnings), 'waarschuwing', 'waarschuwingen')}; 'regiekaart check' toont ze."
        elif new:
            line += f" {_plural(len(new), 'nieuwe waarschuwing', 'nieuwe waarschuwingen')}:"
            line += "".join(f"\n  {p.pos}: waarschuwing: {p.message}" for p in new)
        return line

    def crashed(self) -> str:
        self.first, self.failed = False, True
        return f"Onverwachte fout in regiekaart zelf (niet in uw bestanden) — zie {self.url}"


def _same(problem: Problem) -> tuple[str, str, str]:
    """A warning, whatever its line: a line added above it does not make it new."""
    return problem.pos.path, problem.code, problem.message


# --- the error page ----------------------------------------------------------------------
# Served by serve alone, never part of the site: it has no Content-Security-Policy, so its
# style can be inline (and livereload's script, which reloads it once the build works).

STYLE = """
:root { color-scheme: light; }
body { font: 1.0625rem/1.5 "Source Sans 3", "Segoe UI", Roboto, Arial, sans-serif; margin: 0; color: #1c1c1c; background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { color: #a4000f; font-size: 1.75rem; line-height: 1.2; margin: 0 0 .5rem; overflow-wrap: anywhere; }
@media (max-width: 40rem) { main { padding: 1rem; } h1 { font-size: 1.4rem; } }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .4rem; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.uitleg { margin: 0 0 .5rem; max-width: 48rem; }
ol { list-style: none; padding: 0; margin: 0; }
li { margin: 0 0 .6rem; padding: .55rem .9rem .6rem; border-left: .35rem solid; border-radius: 2px; }
.fout { border-color: #b3261e; background: #fbe9e7; }
.waarschuwing { border-color: #b58a00; background: #fff8e1; }
.melding__kop { margin: 0; font-size: .95rem; color: #4f5357; }
.melding__soort { font-weight: 700; text-transform: uppercase; letter-spacing: .04em; font-size: .8rem; }
.fout .melding__soort { color: #a4000f; }
.waarschuwing .melding__soort { color: #6b5200; }
.melding__code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; background: #fff; border: 1px solid #c4ccd3; border-radius: 3px; padding: 0 .3rem; }
.melding__tekst { margin: .15rem 0 .35rem; font-weight: 600; }
.waarschuwing .melding__tekst { font-weight: 400; }
pre { font: .95rem/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; margin: 0; padding: .45rem .7rem; background: #fff; border: 1px solid #d9dee3; border-radius: 3px; overflow-x: auto; white-space: pre; }
.bron__nr { color: #6b7075; user-select: none; }
.bron mark { background: #b3261e; color: #fff; border-radius: 2px; }
.waarschuwing .bron mark { background: #f0c542; color: #1c1c1c; }
.bron__dakje { color: #b3261e; font-weight: 700; }
.waarschuwing .bron__dakje { color: #6b5200; }
details { margin-top: 2rem; border-top: 1px solid #c4ccd3; padding-top: .75rem; }
summary { cursor: pointer; font-size: 1.1rem; font-weight: 600; color: #4f5357; }
summary span { font-weight: 400; }
.waarschuwingen h2 { font-size: 1rem; color: #4f5357; }
.waarschuwingen h2.samen { font-family: inherit; }
.plaatsen { margin: .3rem 0 0; border: 0; padding: 0; }
.plaatsen summary { font-size: .95rem; font-weight: 400; color: #154273; text-decoration: underline; }
.plaatsen ul { margin: .3rem 0 0; padding-left: 1.2rem; columns: 2; }
.plaatsen li { margin: 0; padding: 0; border: 0; background: none; font-size: .9rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
.terug { margin: 1.25rem 0 0; }
a { color: #154273; }
a:focus-visible, summary:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
"""


def _snippet_html(s: Snippet) -> str:
    """The line with the column marked, and a caret under it (aligned: a monospaced font,
    tabs are shown as one space by ``snippet``); a problem about a piece of the line has
    all of it marked, with a caret under each character."""
    label = f"Regel {s.line}, kolom {s.column}"
    s = venster(s)  # a very long line: the part around the column
    column = max(1, min(s.column, len(s.text) + 1))
    width = max(1, min(s.width, len(s.text) + 1 - column))  # a piece of the line (personal data): all of it marked
    before, at, after = s.text[: column - 1], s.text[column - 1 : column - 1 + width], s.text[column - 1 + width :]
    gutter = len(str(s.line))
    line = f'<span class="bron__nr">{s.line} │</span> {html.escape(before)}<mark>{html.escape(at) or " "}</mark>{html.escape(after)}'
    caret = f'<span class="bron__nr">{" " * gutter} │</span> {" " * (column - 1)}<span class="bron__dakje">{"^" * width}</span>'
    return f'<pre class="bron" aria-label="{label}">{line}\n<span aria-hidden="true">{caret}</span></pre>'


def _whole_file(p: Problem) -> bool:
    """A problem about a file as a whole (it cannot be read, say), which points at no line."""
    return p.pos.line < 1 or (p.code in HEEL_BESTAND and (p.pos.line, p.pos.column) == (1, 1))


def _problem_html(p: Problem, stand: Stand, with_source: bool = True) -> str:
    kind = "fout" if p.is_error else "waarschuwing"
    plaats = "het hele bestand" if _whole_file(p) else f"regel {p.pos.line}, kolom {p.pos.column}"
    code = f' <span class="melding__code">{html.escape(p.code)}</span>' if p.code else ""
    source = stand.snippets.get(p) if with_source else None
    return (
        f'<li class="{kind}"><p class="melding__kop"><span class="melding__soort">{"Fout" if p.is_error else "Waarschuwing"}</span> · {plaats}{code}</p>'
        f'<p class="melding__tekst">{html.escape(p.message)}</p>{_snippet_html(source) if source else ""}</li>'
    )


def _by_file(problems: list[Problem], stand: Stand) -> str:
    """The problems under a heading per file, in their order."""
    files: dict[str, list[Problem]] = {}
    for p in problems:
        files.setdefault(p.pos.path, []).append(p)
    sections = []
    for path, items in files.items():
        # problems in a row at one place share its line, shown under the last of them
        shown = "".join(_problem_html(p, stand, i + 1 == len(items) or items[i + 1].pos != p.pos) for i, p in enumerate(items))
        sections.append(f"<section><h2>{html.escape(path)}</h2><ol>{shown}</ol></section>")
    return "".join(sections)


def _folded_html(f: Folded) -> str:
    """One line about many files (as `check` folds them), each place under it on request."""
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(f.text))
    places = "".join(f"<li><code>{html.escape(str(p.pos))}</code></li>" for p in f.problems)
    return (
        f'<li class="waarschuwing"><p class="melding__kop"><span class="melding__soort">Waarschuwing</span> · {_plural(len(f.problems), "bestand", "bestanden")}'
        f' <span class="melding__code">{html.escape(f.code)}</span></p><p class="melding__tekst">{text}</p>'
        f'<details class="plaatsen"><summary>Toon elke plek</summary><ul>{places}</ul></details></li>'
    )


def _warnings_html(stand: Stand, files: list[str]) -> str:
    """The warnings: first those about the files with errors, one by one; then the rest,
    folded where many files have the same one."""
    own = [p for p in stand.warnings if p.pos.path in files]
    rest = fold([p for p in stand.warnings if p.pos.path not in files])
    single = own + [p for p in rest if isinstance(p, Problem)]
    many = [f for f in rest if isinstance(f, Folded)]
    folded = f'<section><h2 class="samen">Over meerdere bestanden</h2><ol>{"".join(_folded_html(f) for f in many)}</ol></section>' if many else ""
    return _by_file(single, stand) + folded


def error_page(stand: Stand, last_good: str | None = "?laatste-versie") -> str:
    """The page shown instead of every page of the site while the build fails: the
    errors, grouped by file, each with its line; the warnings folded below them.
    ``last_good`` is the address of the last good version of the page (None: there is none)."""
    errors, warnings = stand.errors, stand.warnings
    files = list(dict.fromkeys(p.pos.path for p in errors))
    if stand.crash:
        kop = "Bouwen mislukt: een fout in regiekaart zelf"
        uitleg = "Dit ligt niet aan uw bestanden. De site is niet bijgewerkt. Meld dit bij de beheerder van regiekaart, met de tekst hieronder."
    else:
        waar = f"in {files[0]}" if len(files) == 1 else f"in {len(files)} bestanden"
        kop = f"Bouwen mislukt: {_plural(len(errors), 'fout', 'fouten')} {waar}" if errors else "Bouwen mislukt"
        uitleg = (
            f"De site is niet bijgewerkt. Herstel {'de fout' if len(errors) == 1 else 'de fouten'} hieronder en sla het bestand op: "
            "deze pagina ververst dan vanzelf."
        )
    if last_good == "?laatste-versie":
        terug = f'<a href="{last_good}">Toon de laatste goede versie van deze pagina</a>.'
    elif last_good:
        terug = f'Van deze pagina is nog geen goede versie. <a href="{html.escape(last_good)}">Toon de laatste goede versie van de startpagina</a>.'
    else:
        terug = "Er is nog geen versie van de site die wel lukte."
    crash = f"<pre>{html.escape(stand.crash)}</pre>" if stand.crash else ""
    folded = ""
    if warnings:
        folded = (
            f'<details class="waarschuwingen"><summary>{_plural(len(warnings), "waarschuwing", "waarschuwingen")} '
            "<span>(de site wordt er wel mee gebouwd)</span></summary>"
            f"{_warnings_html(stand, files)}</details>"
        )
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bouwen mislukt · regiekaart</title>
<link rel="icon" href="data:,">
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{html.escape(kop)}</h1>
<p class="uitleg">{uitleg}</p>
<div class="fouten">{_by_file(errors, stand)}</div>
{crash}
<p class="terug">{terug}</p>
{folded}
</main>
</body>
</html>
"""


# --- the last good version -----------------------------------------------------------------

BANNER_STYLE = """
.rk-laatste-versie { all: initial; display: block; box-sizing: border-box; width: 100%; padding: .75rem 0;
  background: #fbe9e7; border-bottom: 4px solid #b3261e; color: #1c1c1c;
  font: 1.0625rem/1.5 "Source Sans 3", "Segoe UI", Roboto, Arial, sans-serif; }
.rk-laatste-versie p { all: initial; display: block; box-sizing: border-box; max-width: 78rem; margin: 0 auto; padding: 0 1.5rem; font: inherit; color: inherit; }
.rk-laatste-versie strong { all: initial; font: inherit; font-weight: 700; color: #a4000f; }
.rk-laatste-versie a { all: initial; font: inherit; font-weight: 600; color: #154273; text-decoration: underline; cursor: pointer; }
.rk-laatste-versie a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
"""


def _when(moment: float) -> str:
    """'vandaag om 10:42', 'gisteren om 16:05', 'op 3 december om 09:30'."""
    at = dt.datetime.fromtimestamp(moment)
    days = (dt.date.today() - at.date()).days
    dag = "vandaag" if days == 0 else "gisteren" if days == 1 else f"op {at.day} {MAANDEN[at.month - 1]}{'' if at.year == dt.date.today().year else f' {at.year}'}"
    return f"{dag} om {at:%H:%M}"


def banner(stand: Stand, built: float) -> str:
    """The banner on a last good version: that it is old, since when, and the way back."""
    errors = len(stand.errors)
    waarom = f"het bouwen is mislukt ({_plural(errors, 'fout', 'fouten')})" if errors else "het bouwen is mislukt"
    return (
        '<div class="rk-laatste-versie" role="region" aria-label="Oude versie">'
        f"<p><strong>Let op: dit is een oude versie van deze pagina.</strong> De site is niet bijgewerkt: {waarom}. "
        f"U ziet de laatste versie die wel lukte, gebouwd {_when(built)}. "
        '<a href="?meldingen">Terug naar de meldingen</a></p></div>'
    )


def with_banner(page: bytes, stand: Stand, built: float) -> bytes:
    """The page with the banner at the top of its body and the banner's stylesheet in
    its head (a stylesheet of the same origin: the page forbids inline style)."""
    link = f'<link rel="stylesheet" href="/{BANNER_CSS}">'.encode()
    page = page.replace(b"</head>", link + b"</head>", 1)
    return re.sub(rb"<body[^>]*>", lambda m: m.group(0) + banner(stand, built).encode("utf-8"), page, count=1)


def _status_page(status: int) -> str:
    """A short Dutch page for a request that has no answer (404, 400, or a bug: 500)."""
    if status == 404:
        wat = "Deze pagina bestaat niet."
    elif status < 500:
        wat = "Dit adres kan niet worden getoond."
    else:
        wat = "Er ging iets mis in regiekaart zelf. De terminal waarin regiekaart serve draait, zegt wat."
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(wat)} · regiekaart</title><link rel="icon" href="data:,"></head>'
        f'<body><main><h1>{html.escape(wat)}</h1><p><a href="/">Naar de startpagina</a></p></main></body></html>'
    )


# --- the server ----------------------------------------------------------------------------


def _handler(stand: Stand) -> type:
    class Handler(StaticFileHandler):
        """The site's files; while the build fails, the error page instead of every page,
        or the last good version of it with a banner."""

        async def get(self, path: str, include_body: bool = True) -> None:
            if "\x00" in path:  # no file has such a name, and the file system refuses to look
                raise HTTPError(400)
            if path == BANNER_CSS:
                self._send(BANNER_STYLE.encode("utf-8"), "text/css; charset=utf-8", include_body)
                return
            is_page = not path or path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
            page = self._page(path) if is_page else None
            if stand.failed and is_page and not self._last_good():
                self.set_status(500)
                self._send(error_page(stand, self._link_to_last_good(page)).encode("utf-8"), "text/html; charset=utf-8", include_body)
                return
            if page is None:
                await super().get(path, include_body)
                return
            # livereload adds an inline script to every page, which the page's own
            # Content-Security-Policy forbids: allow that one script by its hash, here only
            html = page.read_bytes()
            script = _livereload_script(self.application)
            if script:
                html = html.replace(b"script-src &#39;self&#39;", b"script-src &#39;self&#39; &#39;" + script + b"&#39;", 1)
            if stand.failed:
                html = with_banner(html, stand, stand.good or _built_at(Path(self.root)))
            self.absolute_path = str(page)  # for the ETag of Tornado's static handler
            self._send(html, "text/html; charset=utf-8", include_body)

        def _send(self, body: bytes, kind: str, include_body: bool) -> None:
            self.set_header("Content-Type", kind)
            self.set_header("Cache-Control", "no-store")
            self.finish(body if include_body else b"")

        def _last_good(self) -> bool:
            """Whether the person chose the last good version: by the link on the error
            page, or earlier during the same failure (for the pages that version links to)."""
            if "meldingen" in self.request.arguments:
                self.clear_cookie(COOKIE, path="/")
                return False
            if "laatste-versie" in self.request.arguments:
                self.set_cookie(COOKIE, str(stand.streak), path="/", samesite="Strict", httponly=True)
                return True
            return self.get_cookie(COOKIE) == str(stand.streak)

        def _link_to_last_good(self, page: Path | None) -> str | None:
            if page is not None:
                return "?laatste-versie"
            return "/?laatste-versie" if self._page("") is not None else None

        def _page(self, path: str) -> Path | None:
            try:
                root = Path(self.root).resolve()
                file = (root / path).resolve()
                if file.is_dir():
                    file = file / "index.html"
                return file if file.is_file() and file.is_relative_to(root) else None
            except (OSError, ValueError):  # a name too long, or one the system refuses: not a page
                return None

        def compute_etag(self) -> str | None:
            return super().compute_etag() if getattr(self, "absolute_path", None) else None  # a file's, not the banner's

        def write_error(self, status_code: int, **kwargs: Any) -> None:  # noqa: ANN401
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(_status_page(status_code))

    return Handler


def _built_at(site: Path) -> float:
    """When the site in place was written (its marker is written last), or now."""
    try:
        return (site / MARKER).stat().st_mtime
    except OSError:
        return time.time()


def _livereload_script(application: Any) -> bytes:  # noqa: ANN401
    """'sha256-...' of the inline script livereload injects into every page, or b''."""
    for transform in getattr(application, "transforms", []):
        script = getattr(transform, "script", b"")
        match = re.search(rb"<script[^>]*>(.*?)</script>", script, re.S)
        if match:
            return b"sha256-" + base64.b64encode(hashlib.sha256(match.group(1)).digest())
    return b""


class Wachter(Watcher):
    """livereload's watcher, by what a build would see rather than by modification time.

    Every poll it lists the files of the watched folders with their inode, size,
    modification and change time; any difference from the previous list is a change:
    a file created, edited, copied in with an old modification time (``cp -p``),
    moved in or out, a folder moved away and back. The change time cannot be set
    back by a tool, so an edit always shows. For a file changed within the last
    seconds, whose times may not tell two quick edits apart, its content counts too.
    The first list is made before the first build, so nothing done during it is missed.
    """

    RECENT_NS = 2_000_000_000
    # How often it looks, in milliseconds: livereload's own 800 made a save wait 0.4 s on
    # average before its build started; a look costs about 0.5 ms for a hundred files.
    POLL_MS = 250

    def __init__(self, folders: list[Path], on_change: Callable[[], None]) -> None:
        super().__init__()
        self.folders = folders
        self.on_change = on_change
        self.files, self.recent = self.scan()

    def scan(self) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
        """(file -> its identity and times, recently changed file -> digest of its content)."""
        now = time.time_ns()
        files: dict[str, tuple[int, ...]] = {}
        recent: dict[str, str] = {}
        for folder in self.folders:
            for dirpath, _, names in os.walk(folder):
                for name in names:
                    path = os.path.join(dirpath, name)
                    if _ignore(path):
                        continue
                    try:
                        st = os.stat(path)
                    except OSError:  # gone while looking, or a broken link: the next poll sees it
                        continue
                    if stat.S_ISREG(st.st_mode):
                        files[path] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                        if max(st.st_mtime_ns, st.st_ctime_ns) > now - self.RECENT_NS:
                            recent[path] = _digest(path)
        return files, recent

    def start(self, callback: Callable[[], None]) -> bool:  # noqa: ARG002 - livereload's poll, not used
        """livereload asks how it is told of changes: the watcher looks every POLL_MS and,
        after each build, reloads the open pages. Not livereload's own poll: that skips
        a reload within 3 s of the previous one, so a mistake fixed at once left the
        browser on the error page."""

        def poll() -> None:
            interrupt.check()  # a Ctrl+C that Python lost on its way (see interrupt.py)
            self.examine()  # a change starts a build; the build reloads the pages when it is done

        PeriodicCallback(poll, self.POLL_MS).start()
        return True

    def changed(self) -> str | None:
        """A file that changed since the previous poll, or None."""
        old, old_recent = self.files, self.recent
        self.files, self.recent = self.scan()
        for path in sorted(old.keys() ^ self.files.keys()):
            return path
        for path, entry in self.files.items():
            if old[path] != entry:
                return path
        for path, digest in old_recent.items():  # the same times, but maybe two edits within one tick
            if (self.recent[path] if path in self.recent else _digest(path)) != digest:
                return path
        return None

    def examine(self) -> tuple[str | None, Any]:  # noqa: ANN401 - livereload's interface
        """Called on every tick (``start``): build after a change; (changed file, delay), as
        livereload's watchers answer. First what livereload queued itself (its reload of
        pages left open by a previous server)."""
        if self._changes:
            return self._changes.pop()
        path = self.changed()
        if path is not None:
            self.filepath = path
            self.on_change()
        return path, None


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


class _Server(Server):
    """livereload's server, without its log lines (in English) on the terminal."""

    def _setup_logging(self) -> None:
        pass


class _Say(logging.Handler):
    """An unexpected error inside the server (a bug, not a content error), in Dutch."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__(logging.ERROR)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        detail = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else record.getMessage()
        self.say("Onverwachte fout in de server van regiekaart; meld dit bij de beheerder:\n" + detail.rstrip())


def _quiet(say: Callable[[str], None]) -> None:
    """No log line of livereload or Tornado on the terminal, except an unexpected error."""
    for name in ("livereload", "tornado"):
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False
        logger.setLevel(logging.CRITICAL)
    for name in ("tornado.access", "tornado.general"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    application = logging.getLogger("tornado.application")
    application.setLevel(logging.ERROR)
    application.handlers = [_Say(say)]


def serve(
    project: Path,
    site: Path,
    build: Callable[[], BuildOutcome],
    say: Callable[[str], None],
    host: str,
    port: int,
    open_browser: bool,
) -> None:
    """Build once, then serve ``site`` and rebuild after every change in the sources.
    ``build`` runs one build; the terminal gets one line about each (``Verslag``)."""
    stand = Stand()
    url = f"http://{host}:{port}/"
    verslag = Verslag(url)

    def rebuild(*_: Any) -> None:  # noqa: ANN401
        start = time.perf_counter()
        stand.when = time.time()
        try:
            outcome = build()
        except Exception:  # noqa: BLE001 - the server must survive anything a build does
            stand.crash, stand.problems = traceback.format_exc(), []
            failed, line = True, verslag.crashed()
        else:
            stand.crash, stand.problems = "", ordered(outcome.problems)
            failed, line = outcome.result is None, verslag(outcome, time.perf_counter() - start)
        if failed and not stand.failed:
            stand.streak += 1  # a new failure: the error page comes first again
        stand.failed = failed
        if failed:  # read now, as the build read them; only the error page shows them
            stand.snippets = {p: bronregel(project, p) for p in stand.problems}
        else:
            stand.good, stand.snippets = stand.when, {}
        say(line)

    achtergrond = Achtergrond(rebuild)
    # The build thread gives the interpreter up more often than Python's default of every
    # 5 ms, so that a request waits less for it: a page takes a few dozen turns.
    sys.setswitchinterval(SWITCH_SECONDS)
    _quiet(say)
    wachter = Wachter([project / name for name in WATCHED], achtergrond.start)  # before the first build: a change during it is seen
    rebuild()  # the first build before the server answers: there is a site to show
    server = _Server(watcher=wachter)
    server.SFH = _handler(stand)
    say(f"De site staat op {url} en wordt na elke wijziging in {', '.join(WATCHED)} opnieuw gebouwd. Stoppen: Ctrl+C.")
    try:
        server.serve(port=port, host=host, root=str(site), open_url_delay=0.5 if open_browser else None, restart_delay=0)
    finally:
        achtergrond.stop()
    say("Gestopt.")


class Achtergrond:
    """The rebuilds of `serve`, in a thread of their own: the server goes on answering
    from the last good site while a build runs (a page being rebuilt is served as it
    was; ``write`` swaps the new site in at once), and the open pages reload when the
    build is done. A change during a build starts one more build after it, never two
    at once."""

    def __init__(self, rebuild: Callable[[], None]) -> None:
        self.rebuild = rebuild
        self.thread: threading.Thread | None = None
        self.again = False
        self.mutex = threading.Lock()
        self.loop: IOLoop | None = None

    def start(self) -> None:
        """A change was seen (on the server's thread): build now, or after the build that runs."""
        self.loop = IOLoop.current()
        with self.mutex:
            if self.thread is not None and self.thread.is_alive():
                self.again = True
                return
            self.thread = threading.Thread(target=self._run, name="regiekaart-bouw", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                self.rebuild()
            except KeyboardInterrupt:  # Ctrl+C noted (interrupt.check in the build): the server stops too
                return
            if self.loop is not None:
                self.loop.add_callback(LiveReloadHandler.reload_waiters)
            with self.mutex:
                if not self.again:
                    self.thread = None
                    return
                self.again = False

    def stop(self) -> None:
        """Wait for a build that runs (after Ctrl+C it stops at its next check)."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout=60)


def _ignore(path: str) -> bool:
    """Editors' swap, lock and backup files are no change to the content."""
    name = os.path.basename(path)
    return name.startswith((".#", "#")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
