"""Live preview: `regiekaart serve`.

livereload serves the built site, watches the sources and, after a change,
runs an (incremental) build and reloads the browser. A build that fails never
stops the server: the last good site stays in place (assets and PDFs are still
served from it), and every page shows the problems instead, until they are fixed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from livereload import Server
from livereload.handlers import StaticFileHandler

from .problems import Problem

WATCHED = ("content", "gemeenten", "templates", "assets")


@dataclass
class Stand:
    """The outcome of the latest build."""

    problems: list[Problem] = field(default_factory=list)  # the errors, when it failed
    crash: str = ""  # an unexpected error in regiekaart itself
    when: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.crash)


def error_page(stand: Stand) -> str:
    """The page shown instead of every page of the site while the build fails."""
    rows = "".join(
        f'<li><code>{html.escape(str(p.pos))}</code> <strong>{html.escape(p.severity.value)}</strong>: {html.escape(p.message)}</li>'
        for p in stand.problems
    )
    crash = f"<p>Er ging iets mis in regiekaart zelf. Meld dit bij de beheerder, met deze tekst:</p><pre>{html.escape(stand.crash)}</pre>" if stand.crash else ""
    errors = sum(p.is_error for p in stand.problems)
    kop = f"{errors} {'fout' if errors == 1 else 'fouten'}" if errors else "Fout"
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bouwen mislukt · regiekaart</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0; padding: 2rem; color: #1a1a1a; background: #fff; }}
main {{ max-width: 60rem; margin: 0 auto; }}
h1 {{ color: #a4000f; font-size: 1.6rem; }}
ul {{ padding: 0; list-style: none; }}
li {{ padding: .6rem .8rem; margin: .4rem 0; border-left: .3rem solid #a4000f; background: #fdf2f2; }}
code, pre {{ font-family: ui-monospace, monospace; }}
pre {{ white-space: pre-wrap; background: #f4f4f4; padding: 1rem; }}
a {{ color: #0b4f9c; }}
</style>
</head>
<body>
<main>
<h1>Bouwen mislukt: {kop}</h1>
<p>De site is niet bijgewerkt. Herstel wat hieronder staat en sla het bestand op: deze pagina ververst vanzelf zodra de bouw weer lukt.</p>
<ul class="meldingen">{rows}</ul>
{crash}
<p><a href="?laatste-versie">Toon de laatste goede versie van deze pagina</a></p>
</main>
</body>
</html>
"""


def _handler(stand: Stand) -> type:
    class Handler(StaticFileHandler):
        """The site's files; while the build fails, the error page instead of every page."""

        async def get(self, path: str, include_body: bool = True) -> None:
            is_page = not path or path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
            if stand.failed and is_page and "laatste-versie" not in self.request.arguments:
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(error_page(stand))
                return
            page = self._page(path) if is_page else None
            if page is None:
                await super().get(path, include_body)
                return
            # livereload adds an inline script to every page, which the page's own
            # Content-Security-Policy forbids: allow that one script by its hash, here only
            html = page.read_bytes()
            script = _livereload_script(self.application)
            if script:
                html = html.replace(b"script-src &#39;self&#39;", b"script-src &#39;self&#39; &#39;" + script + b"&#39;", 1)
            self.absolute_path = str(page)  # for the ETag of Tornado's static handler
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(html if include_body else b"")

        def _page(self, path: str) -> Path | None:
            root = Path(self.root).resolve()
            file = (root / path).resolve()
            if file.is_dir():
                file = file / "index.html"
            return file if file.is_file() and file.is_relative_to(root) else None

    return Handler


def _livereload_script(application: Any) -> bytes:  # noqa: ANN401
    """'sha256-...' of the inline script livereload injects into every page, or b''."""
    for transform in getattr(application, "transforms", []):
        script = getattr(transform, "script", b"")
        match = re.search(rb"<script[^>]*>(.*?)</script>", script, re.S)
        if match:
            return b"sha256-" + base64.b64encode(hashlib.sha256(match.group(1)).digest())
    return b""


def serve(
    project: Path,
    site: Path,
    build: Callable[[], list[Problem] | None],
    say: Callable[[str], None],
    host: str,
    port: int,
    open_browser: bool,
) -> None:
    """Build once, then serve ``site`` and rebuild after every change in the sources.
    ``build`` returns None when it succeeded, else the problems."""
    stand = Stand()

    def rebuild(*_: Any) -> None:  # noqa: ANN401
        stand.when = time.time()
        try:
            problems = build()
            stand.crash = ""
        except Exception:  # noqa: BLE001 - the server must survive anything a build does
            problems = []
            stand.crash = traceback.format_exc()
            say("Onverwachte fout in regiekaart:\n" + stand.crash)
        stand.problems = problems or []
        if stand.failed:
            say("De browser toont de meldingen tot ze zijn opgelost; de laatste goede site blijft staan.")

    for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    rebuild()
    server = Server()
    server.SFH = _handler(stand)
    for name in WATCHED:
        folder = project / name
        if folder.is_dir():
            server.watch(str(folder), rebuild, ignore=_ignore)
    url = f"http://{host}:{port}/"
    say(f"De site staat op {url} en wordt na elke wijziging in {', '.join(WATCHED)} opnieuw gebouwd. Stoppen: Ctrl+C.")
    server.serve(port=port, host=host, root=str(site), open_url_delay=0.5 if open_browser else None, restart_delay=0)
    say("Gestopt.")


def _ignore(path: str) -> bool:
    """Editors' swap and backup files are no change to the content."""
    name = Path(path).name
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))
