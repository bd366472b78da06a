"""Live preview: `regiekaart serve`.

livereload serves the built site and reloads the browser; the sources are watched
by ``Wachter``, which sees every change a build would see (not only newer
modification times), and after a change an (incremental) build runs. A build
that fails never stops the server: the last good site stays in place (assets and
PDFs are still served from it), and every page shows the problems instead, until
they are fixed.

When the server stops (Ctrl+C, or SIGTERM while the PDF pool is open, see
pdf.Pool), ``serve`` returns, the caller's context managers close the PDF pool,
and `regiekaart` (cli.run) then ends the process with a hard ``os._exit`` (after
a command that succeeded, as a stopped server has): keep it that way, and clean up
in ``finally`` blocks or context managers, never in atexit handlers or finalizers,
which do not run then.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import logging
import stat
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from livereload import Server
from livereload.handlers import StaticFileHandler
from livereload.watcher import Watcher
from tornado.web import HTTPError

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
            if "\x00" in path:  # no file has such a name, and the file system refuses to look
                raise HTTPError(400)
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
            try:
                root = Path(self.root).resolve()
                file = (root / path).resolve()
                if file.is_dir():
                    file = file / "index.html"
                return file if file.is_file() and file.is_relative_to(root) else None
            except (OSError, ValueError):  # a name too long, or one the system refuses: not a page
                return None

    return Handler


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
        """Called by livereload every poll: build after a change; (changed file, delay)."""
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
    wachter = Wachter([project / name for name in WATCHED], rebuild)  # before the first build: a change during it is seen
    rebuild()
    server = Server(watcher=wachter)
    server.SFH = _handler(stand)
    url = f"http://{host}:{port}/"
    say(f"De site staat op {url} en wordt na elke wijziging in {', '.join(WATCHED)} opnieuw gebouwd. Stoppen: Ctrl+C.")
    server.serve(port=port, host=host, root=str(site), open_url_delay=0.5 if open_browser else None, restart_delay=0)
    say("Gestopt.")


def _ignore(path: str) -> bool:
    """Editors' swap, lock and backup files are no change to the content."""
    name = os.path.basename(path)
    return name.startswith((".#", "#")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
