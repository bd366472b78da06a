"""Benchmark at the scale of the Netherlands: `make bench`, second part.

Generates a project with 342 gemeenten (the number of Dutch municipalities) in a
temporary directory, from the shipped content: each generated gemeente is a copy
of one of the 16 shipped ones under a new name. Reports:

- the build without PDFs for 43, 86, 171 and 342 gemeenten (is it linear?), and
  MkDocs building the same number of Markdown pages of similar content;
- the full build with PDFs of 342 gemeenten, with its peak memory;
- the no-op rebuild and the rebuild after changing one gemeente.

Every command is the real one (`python -m generator build`), start-up included.
This machine shares its cores with others: figures are medians of several runs.
"""

from __future__ import annotations

import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.assemble import load_project, project_dirs  # noqa: E402
from generator.model import slugify  # noqa: E402
from generator.pdf import _init_worker, _render_one, default_jobs, render_html  # noqa: E402
from generator.products import plan_pdfs  # noqa: E402
from generator.render import Renderer  # noqa: E402

N = 342
RUNS = 3
# Issue 14: the peak of the full build of 342 gemeenten, all processes together, stays at or
# below what it was when the issue was written.
PIEKGEHEUGEN_MB = 438
FAILED: list[str] = []


def maak_project(dest: Path, n: int) -> Path:
    """A project with n gemeenten: the shipped ones, then copies under new names."""
    for name in ("content", "templates", "assets"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "gemeenten").mkdir()
    files = sorted((ROOT / "gemeenten").glob("*.yaml"))
    for i in range(n):
        text = files[i % len(files)].read_text(encoding="utf-8")
        naam = re.search(r"^naam: (.+)$", text, re.M).group(1)
        nieuw = naam if i < len(files) else f"{naam} {i // len(files) + 1}"
        (dest / "gemeenten" / f"{slugify(nieuw)}.yaml").write_text(text.replace(naam, nieuw), encoding="utf-8")
    return dest


def command(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--quiet", "--project", str(project), *args]


def timed(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measured(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak memory in MB of the process and all its workers together).
    Memory is sampled every 50 ms as the sum of the resident sets of the whole
    process tree; pages the forked workers share with their parent count once per
    process, so the figure errs on the high side."""
    peak = 0
    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [proc, *proc.children(recursive=True)]
                total = 0
                for p in tree:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            done.wait(0.05)

    thread = threading.Thread(target=sample)
    thread.start()
    code = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    thread.join()
    if code != 0:
        raise SystemExit(f"bouw mislukt ({code})")
    return seconds, peak / 1e6


def site_pages(site: Path) -> int:
    """The HTML pages of a built site."""
    return len(list(site.rglob("*.html")))


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def mkdocs_project(dest: Path, project: Path) -> int:
    """The same pages as Markdown for MkDocs: a page per gemeente with its card as a
    table, its criteria and its explanation; the chapters of the handreiking; a home page."""
    loaded = load_project(project).project
    docs = dest / "docs"
    (docs / "gemeenten").mkdir(parents=True)
    (docs / "handreiking").mkdir()
    pages = 1
    (docs / "index.md").write_text(f"# {loaded.site.titel}\n\n{loaded.site.omschrijving}\n\n" + "\n".join(f"- [{g.naam}](gemeenten/{g.slug}.md)" for g in loaded.gemeenten) + "\n", encoding="utf-8")
    (docs / "regios").mkdir()
    for r in loaded.regios:  # a region: its gemeenten with status and review date, and its tables
        leden = loaded.gemeenten_van(r)
        rows = "".join(f"| [{g.naam}](../gemeenten/{g.slug}.md) | {g.status} | {g.versie} | {g.herzien_voor or '–'} |\n" for g in leden)
        tafels = "".join(f"## {t.naam}\n\n{t.omschrijving}\n\n" + "".join(f"- {c}\n" for c in t.criteria) + f"\n{t.aanmelden}\n\n" for t in r.opschaaltafels)
        (docs / "regios" / f"{r.slug}.md").write_text(f"# Regio {r.naam}\n\n{r.omschrijving}\n\n| Gemeente | Status | Versie | Herzien vóór |\n|---|---|---|---|\n{rows}\n{tafels}", encoding="utf-8")
        pages += 1
    (docs / "regiekaart.md").write_text(f"# {loaded.basis.titel}\n\n{_kaart_md(loaded.basis.kaart)}", encoding="utf-8")
    pages += 1
    for h in loaded.hoofdstukken:
        (docs / "handreiking" / f"{h.slug}.md").write_text(f"# {h.titel}\n\n{h.markdown}", encoding="utf-8")
        pages += 1
    for g in loaded.gemeenten:
        criteria = "\n".join(f"## Fase {f.nummer}\n\n" + "".join(f"- {c.tekst}\n" for c in f.opschalen + f.afschalen) for f in g.kaart.fasen)
        tafels = "".join(f"### {t.naam}\n\n{t.omschrijving}\n\n{t.aanmelden}\n\n" for t in g.opschaaltafels)
        wie = "".join(f"- **{c.rol}**, {c.organisatie}: {c.bereikbaar}\n" for c in g.wie_is_wie)
        (docs / "gemeenten" / f"{g.slug}.md").write_text(f"# Regiekaart {g.naam}\n\n{g.toelichting}\n\n{_kaart_md(g.kaart)}\n{criteria}\n## Opschaaltafels\n\n{tafels}## Wie is wie\n\n{wie}", encoding="utf-8")
        # the opschaalwijzer: per fase the criteria that point there and who holds the regie
        wijzer = "".join(
            f"## Fase {f.nummer}: {f.naam}\n\n" + "".join(f"- [ ] {c.tekst}\n" for c in (g.kaart.fase(f.nummer - 1).opschalen if f.nummer > 1 else []))
            + f"\n- Casusregie: {f.cel('casusregie').tekst}\n- Procesregie: {f.cel('procesregie').tekst}\n- Opschaaltafel: {', '.join(t.naam for t in g.tafels_in_fase(f.nummer))}\n\n"
            for f in g.kaart.fasen
        )
        (docs / "gemeenten" / f"{g.slug}-opschaalwijzer.md").write_text(f"# Opschaalwijzer {g.naam}\n\n{wijzer}", encoding="utf-8")
        pages += 2
    (dest / "mkdocs.yml").write_text(f"site_name: {loaded.site.titel}\nuse_directory_urls: true\n", encoding="utf-8")
    return pages


def _kaart_md(kaart) -> str:  # noqa: ANN001
    head = "| | " + " | ".join(f"Fase {f.nummer}: {f.naam}" for f in kaart.fasen) + " |\n|---|" + "---|" * len(kaart.fasen) + "\n"
    rows = "".join(f"| {label} | " + " | ".join(f.cel(veld).tekst or "–" for f in kaart.fasen) + " |\n" for veld, label in kaart.velden)
    return head + rows


def own_pdfs(project: Path, slug: str) -> float:
    """The render time of one gemeente's three PDFs, one after the other, in a process
    that has WeasyPrint loaded and the stylesheet parsed."""
    loaded = load_project(project).project
    renderer = Renderer(loaded, project_dirs(project, "templates"), draft=False)
    _init_worker(str(project_dirs(project, "assets")[0]))
    times = []
    for _ in range(RUNS):
        taken = [t for t in plan_pdfs(loaded) if t.info.path.startswith(f"gemeenten/{slug}/")]
        times.append(sum(_render_one(t.info.path, render_html(renderer, t), t.zoom).seconds for t in taken))
    return statistics.median(times)


COLD = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from generator.pdf import _init_worker, _render_one
_init_worker({assets!r})
for path, html, zoom in {work!r}:
    _render_one(path, html, zoom)
print(time.perf_counter() - start)
"""


def own_pdfs_cold(project: Path, slug: str) -> float:
    """The same three PDFs in a fresh process: start WeasyPrint (load the library, the
    font and the stylesheet), then render them one after the other. This is what
    rendering them costs a command that has not rendered anything yet."""
    loaded = load_project(project).project
    renderer = Renderer(loaded, project_dirs(project, "templates"), draft=False)
    work = [(t.info.path, render_html(renderer, t), t.zoom) for t in plan_pdfs(loaded) if t.info.path.startswith(f"gemeenten/{slug}/")]
    code = COLD.format(root=str(ROOT), assets=str(project_dirs(project, "assets")[0]), work=work)
    times = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout) for _ in range(RUNS)]
    return statistics.median(times)


def serve_rebuilds(project: Path, gemeente: Path) -> list[float]:
    """`regiekaart serve` (workers warm): the rebuild time after each change, as it reports it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = project / "serve.log"
    times: list[float] = []
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project", str(project), "--port", str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            lines = _wait_lines(log, 1)
            for i in range(RUNS):
                time.sleep(1.5)  # let the workers settle between changes
                _set_versie(gemeente, f"2.{i}")
                lines = _wait_lines(log, len(lines) + 1)
                times.append(float(SERVE_LINE.search(lines[-1]).group(1).replace(",", ".")))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return times


# serve's one line per build: "[10:57:10] Gebouwd in 0,6 s: ..." or "Bijgewerkt in 0,3 s: ..."
SERVE_LINE = re.compile(r"^\[\d\d:\d\d:\d\d\] (?:Weer in orde\. )?(?:Gebouwd|Bijgewerkt) in (\d+,\d+) s")


def _wait_lines(log: Path, n: int) -> list[str]:
    """The summary lines in the serve log, once there are n of them."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        lines = [line for line in log.read_text(encoding="utf-8").splitlines() if SERVE_LINE.search(line)]
        if len(lines) >= n:
            return lines
        time.sleep(0.1)
    raise SystemExit("serve bouwde niet opnieuw:\n" + log.read_text(encoding="utf-8"))


def _set_versie(gemeente: Path, versie: str) -> None:
    text = gemeente.read_text(encoding="utf-8")
    gemeente.write_text(re.sub(r"^versie: .*$", f'versie: "{versie}"', text, count=1, flags=re.M), encoding="utf-8")


def rebuilds(project: Path, slug: str, noop_target: float) -> None:
    """No-op rebuild and rebuilds after changing one gemeente, of a built project."""
    n = len(list((project / "gemeenten").glob("*.yaml")))
    noop = [timed(command(project)) for _ in range(5)]
    doel = f"{noop_target:.1f}".replace(".", ",")
    print(f"    opnieuw bouwen, niets gewijzigd ({n} gemeenten): {median(noop)} (doel: hoogstens {doel} s) — {check(statistics.median(noop) <= noop_target, f'niets gewijzigd, {n}')}")
    gemeente = project / "gemeenten" / f"{slug}.yaml"
    warm, cold = own_pdfs(project, slug), own_pdfs_cold(project, slug)
    changed = []
    for i in range(RUNS):
        _set_versie(gemeente, f"1.{i}")
        changed.append(timed(command(project)))
    print(f"    één gemeente gewijzigd (de versie van {slug}, dus alle drie haar PDF's, haar pagina en de pagina's die haar noemen):")
    print(f"      rendertijd van haar drie PDF's na elkaar, WeasyPrint al geladen: {warm:.2f} s; in een nieuw proces, WeasyPrint starten inbegrepen: {cold:.2f} s")
    over = statistics.median(changed) - cold
    print(f"      'regiekaart build' (nieuw proces): {median(changed)}; min de PDF's in een nieuw proces: {over:.2f} s (doel: hoogstens 0,50 s) — {check(over <= 0.5, f'een gemeente, build, {n}')}")
    served = serve_rebuilds(project, gemeente)
    over = statistics.median(served) - warm
    print(f"      'regiekaart serve' (WeasyPrint blijft geladen): {median(served)}; min de PDF's: {over:.2f} s (doel: hoogstens 0,50 s) — {check(over <= 0.5, f'een gemeente, serve, {n}')}")


def check(ok: bool, what: str) -> str:
    if not ok:
        FAILED.append(what)
    return "gehaald" if ok else "NIET GEHAALD"


def main() -> None:
    cores = default_jobs()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print(f"Benchmark regiekaart op schaal ({N} gemeenten, {cores} kernen; mediaan van {RUNS} keer, tussen haakjes de snelste en de traagste)")

        print("\n  Bouw zonder PDF's, vanaf nul (--clean: zonder cache, in een nieuwe uitvoermap):")
        totaal = {}
        for n in (43, 86, 171, N):
            project = maak_project(tmp / f"p{n}", n)
            times = [timed(command(project, "--no-pdf", "--clean", "--out", str(tmp / f"out{n}-{i}"))) for i in range(RUNS)]
            totaal[n] = statistics.median(times)
            pages = site_pages(tmp / f"out{n}-0")
            print(f"    {n:3} gemeenten, {pages:3} pagina's: {median(times)}; {statistics.median(times) / n * 1000:.1f} ms per gemeente; {pages / statistics.median(times):.0f} pagina's per seconde")
        fit = statistics.linear_regression(list(totaal), list(totaal.values()))
        afwijking = max(abs(t - (fit.intercept + fit.slope * n)) for n, t in totaal.items())
        print(f"    rechte lijn door de metingen: {fit.intercept:.2f} s vast + {fit.slope * 1000:.1f} ms per gemeente; grootste afwijking van die lijn {afwijking:.2f} s (lineair)")
        project = tmp / f"p{N}"
        mk = tmp / "mkdocs"
        mk_pages = mkdocs_project(mk, project)
        ours, theirs = [], []
        for i in range(5):  # side by side, taking turns, so that both meet the same load on the machine
            ours.append(timed(command(project, "--no-pdf", "--clean", "--out", str(tmp / f"vergelijk-{i}"))))
            theirs.append(timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(tmp / f"mk-site-{i}")], cwd=mk))
        our_pages = site_pages(tmp / "vergelijk-0")
        ours_pp, theirs_pp = statistics.median(ours) / our_pages * 1000, statistics.median(theirs) / mk_pages * 1000
        print("    naast elkaar, 5 keer om en om, elk in een nieuwe uitvoermap:")
        print(f"    regiekaart, {our_pages} pagina's: {median(ours)}; {ours_pp:.2f} ms per pagina")
        print(f"    MkDocs,     {mk_pages} pagina's: {median(theirs)}; {theirs_pp:.2f} ms per pagina")
        print(f"    verhouding per pagina regiekaart / MkDocs: {ours_pp / theirs_pp:.2f} (doel: hoogstens 0,50) — {check(ours_pp <= 0.5 * theirs_pp, 'per pagina')}")
        print(f"    doel zonder PDF's bij {N} gemeenten hoogstens 10 s: {check(statistics.median(ours) <= 10, 'zonder PDFs')}")

        print(f"\n  Volledige bouw met PDF's van {N} gemeenten (--clean, één keer):")
        seconds, peak = measured(command(project, "--clean"))
        n_pdfs = len(list((project / "build/site").rglob("*.pdf")))
        print(f"    {n_pdfs} PDF's en {our_pages} pagina's in {seconds:.1f} s; {n_pdfs / seconds:.1f} PDF's per seconde")
        print(f"    piekgeheugen (alle processen samen): {peak:.0f} MB (doel: hoogstens {PIEKGEHEUGEN_MB} MB) — {check(peak <= PIEKGEHEUGEN_MB, 'memory')}")

        rebuilds(project, "breda-3", 1.5)

        shipped = len(list((ROOT / "gemeenten").glob("*.yaml")))
        print(f"\n  De {shipped} meegeleverde gemeenten:")
        klein = maak_project(tmp / "meegeleverd", shipped)
        timed(command(klein))
        rebuilds(klein, "breda", 0.5)
    if FAILED:
        print(f"\nDOEL NIET GEHAALD: {', '.join(FAILED)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
