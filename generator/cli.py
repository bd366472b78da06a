"""Command line: parses options and calls the pipeline; no logic of its own."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from . import __version__, cli_nl, codes, interrupt, rapport
from .assemble import Loaded, assets_dir, load_project
from .build import BuildOutcome, BuildSettings, Built, cache_dir, output_problem, run_build
from .cache import Manifest, Memory
from .lock import LockError, project_lock
from .model import slugify
from .pdf import Pool, default_jobs
from .problems import Pos, Problem, error, summary
from .write import MARKER

cli_nl.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _project_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--project",
        "-p",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        metavar="MAP",
        help="Projectmap met content/ en gemeenten/.  [standaard: de huidige map]",
    )(func)


def _gemeente_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--gemeente",
        "-g",
        "gemeenten",
        multiple=True,
        metavar="SLUG",
        help="Alleen deze gemeente (bestandsnaam zonder .yaml); mag vaker.",
    )(func)


class Datum(click.ParamType):
    """A date as JJJJ-MM-DD, with a Dutch message for anything else."""

    name = "datum"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:  # noqa: ANN401
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is geen datum; schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2027-06-01.", param, ctx)


def _peildatum_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--peildatum",
        type=Datum(),
        default=None,
        metavar="JJJJ-MM-DD",
        help="De datum waartegen 'herzien_voor' wordt gecontroleerd, bijvoorbeeld om vooruit te kijken.  [standaard: vandaag]",
    )(func)


def _datum(value: dt.date | None) -> dt.date:
    return value if value is not None else dt.date.today()


ALLE_MELDINGEN = "Elke melding apart: voeg --alle-meldingen toe."


def _alle_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--alle-meldingen",
        "alle",
        is_flag=True,
        help="Toon elke waarschuwing apart, ook als veel bestanden dezelfde hebben (anders staan die samen op één regel).",
    )(func)


def _echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Text for a person, line by line with its control characters shown as escapes
    (``rapport.zichtbaar``): what a command prints of a file, a name or a path never
    reaches the terminal raw. Text that quotes one line of a file escapes that piece itself."""
    click.echo(rapport.zichtbare_regels(text), err=err, nl=nl)


def _print_problems(problems: list[Problem], err: bool, root: Path | None = None, alle: bool = False, hint: str = ALLE_MELDINGEN, teksten: dict[str, bytes] | None = None) -> None:
    """Errors first, then warnings; like warnings about many files on one line (unless
    ``alle``); under each problem its line of the source in ``root`` with a caret.
    Colours only on a terminal, and never with NO_COLOR."""
    kleur = rapport.kleur_gewenst()
    for line in rapport.tekst(rapport.fold(problems, alle), root, kleur is not False, hint, teksten):
        click.echo(line, err=err, color=kleur)


def _load(project: Path, gemeenten: tuple[str, ...], intern: bool = False, peildatum: dt.date | None = None) -> Loaded:
    if not project.is_dir():
        raise click.UsageError(f"projectmap '{project}' bestaat niet.")
    return load_project(project.resolve(), list(gemeenten) or None, intern, peildatum)


def _summary(result: Built, target: Path, no_pdf: bool, draft: bool, seconds: float) -> str:
    """One line: what the site holds, what was made and what was reused, the time."""
    pages = f"{result.pages} pagina's ({result.pages_rendered} gemaakt, {result.pages - result.pages_rendered} uit de cache)"
    pdfs = "zonder PDF's" if no_pdf else f"en {result.pdfs} PDF's ({result.pdfs - result.pdfs_cached} gemaakt, {result.pdfs_cached} uit de cache)"
    changed = len(result.changed)
    files = f"{changed} {'bestand' if changed == 1 else 'bestanden'} nieuw of gewijzigd, {result.kept} ongewijzigd"
    tijd = f"{seconds:.2f}".replace(".", ",")
    return f"{pages} {pdfs} in {target}: {files}; {tijd} s{' (concept)' if draft else ''}."


class Progress:
    """Click's progress bar over the PDFs to render, on a terminal only."""

    MINIMUM = 4  # fewer PDFs than this are over before a bar would help

    def __init__(self, show: bool) -> None:
        self.show = show and sys.stderr.isatty()
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.show and total >= self.MINIMUM:
            self.bar = click.progressbar(length=total, label="PDF's maken", file=sys.stderr, show_pos=True, show_eta=True, width=30)
            self.bar.__enter__()

    def step(self, path: str) -> None:
        if self.bar is not None:
            self.bar.update(1)  # PDFs from the cache come first, before the bar starts counting

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(context_settings=CONTEXT, options_metavar="[OPTIES]", subcommand_metavar="OPDRACHT [ARGUMENTEN]...")
@click.version_option(__version__, "--version", message="regiekaart %(version)s")
def main() -> None:
    """Regiekaart: bouwt de site en de regiekaarten van het de-escalatiemodel.

    Werkt op de projectmap (standaard de huidige map) met content/regiekaart.yaml
    (de universele regiekaart), gemeenten/*.yaml (de lokale kaarten) en
    content/handreiking/*.md (de handreiking).
    """


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@_gemeente_option
@click.option("--strict", is_flag=True, help="Behandel waarschuwingen als fouten (exitcode 1).")
@_alle_option
@click.option(
    "--format",
    "formaat",
    type=click.Choice(["tekst", "json", "github", "gitlab"]),
    default="tekst",
    show_default=True,
    help="tekst: voor mensen, met de regel zelf; json: één JSON-object per melding en per regel; github: meldingen bij de regels in GitHub Actions; gitlab: een codekwaliteitsrapport voor GitLab.",
)
@click.option("--links", is_flag=True, help="Controleer ook elke link, elk anker en elke PDF-link in de gebouwde site.")
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="MAP",
    help="De gebouwde site voor --links.  [standaard: build/site in de projectmap]",
)
@_peildatum_option
def check(project: Path, gemeenten: tuple[str, ...], strict: bool, alle: bool, formaat: str, links: bool, site: Path | None, peildatum: dt.date | None) -> None:
    """Controleer de universele kaart, alle gemeenten en de handreiking.

    Meldt alle problemen tegelijk, eerst de fouten en dan de waarschuwingen, elk
    als pad:regel:kolom: melding met de regel zelf eronder, en sluit af met een
    samenvatting. Met -g alleen wat over die gemeente gaat: haar eigen bestand en
    wat zij overneemt (haar regio, de universele kaart, content/site.yaml). Met
    --links worden ook de links van de laatst gebouwde site nagelopen (bouw die
    eerst met 'regiekaart build'). Exitcode 0 als alles in orde is, 1 bij een fout.
    """
    loaded = _load(project, gemeenten, peildatum=_datum(peildatum))
    problems, n_files = loaded.reported()
    if links:
        found, n_pages = _link_problems(site if site is not None else project / "build" / "site")
        problems, n_files = problems + found, n_files + n_pages
    if formaat == "json":  # only JSON on standard output; the summary is for a person
        for line in rapport.json_lines(problems):
            _echo(line)
        _echo(summary(problems, n_files), err=True)
    elif formaat == "gitlab":  # the report alone on standard output, for a file
        _echo(rapport.gitlab_report(problems, project.resolve()))
        _echo(summary(problems, n_files), err=True)
    elif formaat == "github":
        for line in rapport.github_lines(problems, project.resolve()):
            _echo(line)
        _echo(summary(problems, n_files))
    else:
        _print_problems(problems, err=False, root=project.resolve(), alle=alle)
        _echo(summary(problems, n_files))
    failed = not loaded.ok or any(p.is_error for p in problems) or (strict and problems)
    sys.exit(1 if failed else 0)


def _link_problems(site: Path) -> tuple[list[Problem], int]:
    """The link check of a built site: (problems, pages read)."""
    from .links import check_links, read_site
    from .problems import Pos, error
    from .write import MARKER

    if not (site / MARKER).is_file():
        return [error(Pos(str(site)), "hier staat geen gebouwde site om de links van na te lopen; bouw eerst met 'regiekaart build' of wijs de site aan met --site.", "RK610")], 0
    pages, files = read_site(site)
    return check_links(pages, files, str(site)), len(pages)


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@_gemeente_option
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="MAP",
    help="Uitvoermap.  [standaard: build/site in de projectmap; met --intern build/intern]",
)
@click.option("--draft", is_flag=True, help="Bouw ook als velden nog ontbreken: gaten tonen 'ONTBREEKT' en elke pagina krijgt de band 'concept'.")
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Sla de PDF's over (sneller, voor werk aan de HTML).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Aantal processen voor de PDF's (en voor veel pagina's zonder PDF's).  [standaard: alle kernen]",
)
@click.option("--clean", is_flag=True, help="Bouw alles vanaf nul: gooi de cache van eerdere bouwen weg (build/.cache).")
@click.option(
    "--intern",
    is_flag=True,
    help="Bouw voor het besloten intranet: de wie-is-wie toont ook namen en directe contactgegevens (persoonsgegevens). Gaat naar build/intern, niet naar build/site.",
)
@_peildatum_option
@click.option("--quiet", "-q", is_flag=True, help="Toon alleen fouten.")
@_alle_option
def build(project: Path, gemeenten: tuple[str, ...], out: Path | None, draft: bool, no_pdf: bool, jobs: int | None, clean: bool, intern: bool, peildatum: dt.date | None, quiet: bool, alle: bool) -> None:
    """Controleer en bouw de site in build/site.

    Bij een fout stopt de bouw met dezelfde meldingen als 'check' en blijft de
    vorige site ongewijzigd staan.
    """
    start = time.perf_counter()
    root = _root(project)
    standaard = root / "build" / ("intern" if intern else "site")  # a site with personal data never lands where the public one is
    settings = BuildSettings(root, out if out is not None else standaard, gemeenten, draft, not no_pdf, intern=intern, peildatum=_datum(peildatum), jobs=jobs, quiet=quiet)
    if wrong := output_problem(root, settings.out):
        raise click.ClickException(f"--out: {wrong}")
    with _locked(root, quiet):
        if clean:
            shutil.rmtree(cache_dir(root).parent, ignore_errors=True)  # all of build/.cache
        outcome = _run(settings, fresh=clean)
    if outcome.result is None:
        _fail(outcome.problems, outcome.n_files, "Niet gebouwd; de vorige site is ongewijzigd.", root, alle)
    if not quiet:
        _print_problems(outcome.problems, err=True, root=root, alle=alle)
        if repaired := outcome.result.repaired:
            _echo(f"Opnieuw gemaakt: {len(repaired)} {'bestand' if len(repaired) == 1 else 'bestanden'} van de vorige site {'was' if len(repaired) == 1 else 'waren'} na de bouw gewijzigd of weggehaald: {rapport.namen(repaired)}.", err=True)
        _echo(_summary(outcome.result, out if out is not None else project / "build" / settings.out.name, no_pdf, draft, time.perf_counter() - start))


def _root(project: Path) -> Path:
    if not project.is_dir():
        raise click.UsageError(f"projectmap '{project}' bestaat niet.")
    return project.resolve()


@contextlib.contextmanager
def _locked(root: Path, quiet: bool = False) -> Iterator[None]:
    """The project's build lock (lock.py): another build of this project first finishes,
    and this one says that it waits. A ``build/`` that cannot take the lock file (read-only,
    full) stops the command with RK603."""
    def wacht() -> None:
        if not quiet:
            click.echo("Wacht op de andere bouw van dit project (in een ander venster, of 'regiekaart serve'); daarna gaat deze verder.", err=True)

    try:
        with project_lock(root, wacht):
            yield
    except LockError as exc:
        _fail([_lock_problem(root, exc)], 0, "Niet gebouwd; de vorige site is ongewijzigd.")


def _lock_problem(root: Path, exc: LockError) -> Problem:
    where = Path(exc.filename).parent if exc.filename else root / "build"
    return error(Pos(str(where)), f"kan in deze map niet schrijven ({exc.strerror}); controleer of de map beschrijfbaar is en er schijfruimte is, of verwijder de map build/ (die wordt opnieuw gemaakt).", codes.SITE_NIET_TE_SCHRIJVEN)


def _run(settings: BuildSettings, fresh: bool = False, progress: bool = True) -> BuildOutcome:
    """One build, with the PDF workers (when it makes PDFs) and a progress bar on a terminal."""
    progress_bar = Progress(progress and not settings.quiet)
    with contextlib.ExitStack() as stack:
        stack.enter_context(interrupt.handled())
        pool = stack.enter_context(Pool(assets_dir(settings.project), settings.jobs or default_jobs(), start=False)) if settings.pdf else None
        try:
            return run_build(settings, pool, fresh, progress_bar.start, progress_bar.step)
        finally:
            progress_bar.stop()


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.option("--base-url", "base_url", default="", metavar="URL", help="Het vaste adres van de site, voor een sitemap en vaste verwijzingen (canonical), bijvoorbeeld https://intranet.example.nl/regiekaart/. Zonder deze optie blijven alle links relatief.")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="BESTAND", help="Waar het zip-bestand heen gaat.  [standaard: build/<titel>-<datum van de inhoud>.zip]")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N", help="Aantal processen voor de PDF's.  [standaard: alle kernen]")
@click.option("--alleen-pdf", "alleen_pdf", is_flag=True, help="Alleen de PDF's, in mappen met een overzicht (als PDF en HTML-pagina): voor een intranet waarop alleen documenten kunnen staan, zoals SharePoint Online.")
@click.option("--quiet", "-q", is_flag=True, help="Toon alleen fouten.")
def publish(project: Path, base_url: str, zip_path: Path | None, jobs: int | None, alleen_pdf: bool, quiet: bool) -> None:
    """Bouw de site en maak er één zip-bestand van om te publiceren.

    Bouwt de volledige site met alle PDF's en de zoekfunctie in build/publiceren,
    loopt alle links na en schrijft het zip-bestand, met de datum van de inhoud in
    de naam, een LEESMIJ over hoe u het online zet en een web.config voor IIS. Met
    --alleen-pdf bevat het zip-bestand alleen de PDF's, in mappen, met een
    overzicht van wat elk is. Bij een fout wordt er geen zip-bestand geschreven.
    """
    from .publish import base_url_problem, normalise_base_url, zip_target_problem

    start = time.perf_counter()
    root = _root(project)
    if base_url and (wrong := base_url_problem(base_url)):
        raise click.BadParameter(wrong, param_hint="'--base-url'")
    base_url = normalise_base_url(base_url) if base_url else ""
    out = root / "build" / "publiceren"
    if zip_path is not None and (wrong := output_problem(root, zip_path, "het zip-bestand", "build/regiekaart.zip") or zip_target_problem(zip_path)):
        raise click.ClickException(f"--zip: {wrong}")  # before the build, not after it
    with _locked(root, quiet):  # the build, its links and the zip: no other build in between
        _publish(root, project, out, base_url, zip_path, jobs, alleen_pdf, quiet, start)


def _publish(root: Path, project: Path, out: Path, base_url: str, zip_path: Path | None, jobs: int | None, alleen_pdf: bool, quiet: bool, start: float) -> None:
    from .publish import ChangedAfterBuild, content_date, publish_entries, write_zip, zip_name, zip_target_problem

    outcome = _run(BuildSettings(root, out, base_url=base_url, jobs=jobs, quiet=quiet))
    problems, n_files = outcome.problems, outcome.n_files
    if outcome.result is None:
        _fail(problems, n_files, "Niet gepubliceerd; er is geen zip-bestand geschreven.", root, hint=CHECK_ALLE)
    link_problems, _ = _link_problems(out)
    if link_problems:
        _fail(link_problems, n_files, "Niet gepubliceerd: de site heeft links die nergens heen wijzen; er is geen zip-bestand geschreven.", root, hint=CHECK_ALLE)
    # the build's own project; only a build that found nothing changed loaded none
    gebouwd = outcome.project if outcome.project is not None else _load(project, ()).project
    assert gebouwd is not None
    date = content_date(gebouwd)
    if date is None:
        _fail([], n_files, "Niet gepubliceerd: de inhoud heeft geen datum. Zet 'bijgewerkt: JJJJ-MM-DD' in content/regiekaart.yaml; die datum komt in de naam van het zip-bestand.")
    target = zip_path if zip_path is not None else project / "build" / zip_name(gebouwd, date, "pdfs" if alleen_pdf else "")
    if wrong := output_problem(root, target, "het zip-bestand", "build/regiekaart.zip") or zip_target_problem(target):
        _fail([], n_files, f"Niet gepubliceerd: {wrong}")
    entries = publish_entries(root, out, gebouwd, date, base_url, alleen_pdf)
    recorded = {out / path: rec[2] for path, rec in Manifest.read(out / MARKER).files.items()}
    try:
        write_zip(target, date, entries, recorded)
    except ChangedAfterBuild as exc:
        _fail([error(Pos(str(exc.file)), "dit bestand is niet meer wat de bouw schreef (gewijzigd, ingekort of door iets anders neergezet); zo'n bestand komt nooit in het zip-bestand. Draai 'regiekaart publish' opnieuw: de bouw maakt het dan opnieuw.", codes.SITE_NIET_TE_SCHRIJVEN)], n_files, "Niet gepubliceerd; er is geen zip-bestand geschreven.")
    except OSError as exc:
        raise click.ClickException(f"kan {target} niet schrijven ({exc.strerror}).") from exc
    if not quiet:
        _print_problems(problems, err=True, root=root, hint=CHECK_ALLE)
        tijd = f"{time.perf_counter() - start:.2f}".replace(".", ",")
        grootte = f"{target.stat().st_size / 1_000_000:.1f}".replace(".", ",")
        voor = f", voor {base_url}" if base_url else ""
        wat = "PDF's en overzicht" if alleen_pdf else "site"
        _echo(f"Gepubliceerd: {target} ({wat}: {len(entries)} bestanden, {grootte} MB; inhoud van {date.isoformat()}{voor}); {tijd} s.")


CHECK_ALLE = "Elke melding apart: regiekaart check --alle-meldingen."  # publish has no such option


def _fail(problems: list[Problem], n_files: int, text: str, root: Path | None = None, alle: bool = False, hint: str = ALLE_MELDINGEN) -> None:
    """The problems that stopped a command (errors first, with their lines), the
    summary, and what did not happen; exit code 1."""
    _print_problems(problems, err=True, root=root, alle=alle, hint=hint)
    if problems:
        _echo(summary(problems, n_files), err=True)
    _echo(text, err=True)
    sys.exit(1)


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres waarop de site te zien is.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), metavar="POORT", help="Poort van de site.")
@click.option("--draft", is_flag=True, help="Bouw ook als velden nog ontbreken (zoals bij 'build --draft').")
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Sla de PDF's over: sneller na elke wijziging.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N", help="Aantal processen voor de PDF's.  [standaard: alle kernen]")
@click.option("--open", "open_browser", is_flag=True, help="Open de site in de browser.")
def serve(project: Path, host: str, port: int, draft: bool, no_pdf: bool, jobs: int | None, open_browser: bool) -> None:
    """Bekijk de site terwijl u werkt: bouwt, serveert en ververst.

    Bouwt de site in build/site, toont haar op http://127.0.0.1:8000/ en houdt
    content/, gemeenten/, templates/ en assets/ in de gaten. Na elke wijziging
    wordt alleen opnieuw gemaakt wat veranderde en ververst de browser vanzelf.
    Kan een bestand niet worden gelezen of klopt er iets niet, dan blijft de
    laatste goede site staan en tonen de browser en deze terminal de meldingen,
    met bestand en regel, tot het is hersteld. De terminal toont na elke bouw
    één regel.
    """
    from .serve import serve as run_server

    root = _root(project)
    out = root / "build" / "site"

    def say(text: str) -> None:
        _echo(f"[{time.strftime('%H:%M:%S')}] {text}", err=True)

    memory = Memory()  # the loaded gemeenten, from one build to the next
    if not no_pdf:
        # Once, in serve's own process: the PDF workers it starts, again after every edit of a
        # stylesheet or font, inherit it instead of each importing it anew (half a second each).
        import weasyprint  # noqa: F401
    with contextlib.ExitStack() as stack:
        stack.enter_context(interrupt.handled())
        pool = None if no_pdf else stack.enter_context(Pool(assets_dir(root), jobs or default_jobs(), start=False))

        def build_once() -> BuildOutcome:  # serve says what it did, in one line
            settings = BuildSettings(root, out, draft=draft, pdf=not no_pdf, jobs=jobs, overflow=True, prune=False)  # anew: today's date
            try:
                with project_lock(root, lambda: say("Wacht op de andere bouw van dit project; daarna bouwt serve opnieuw.")):
                    return run_build(settings, pool, memory=memory)
            except LockError as exc:  # build/ read-only or full: the message, not a crash
                return BuildOutcome(None, [_lock_problem(root, exc)], 0)

        try:
            run_server(root, out, build_once, say, host, port, open_browser)
        except OSError as exc:
            raise click.ClickException(f"kan niet serveren op {host}:{port} ({exc.strerror}); kies met --port een andere poort.") from exc


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.argument("naam")
@click.option("--regio", "regio_slug", default=None, metavar="SLUG", help="De regio van de gemeente (een bestand in content/regios/).  [standaard: de standaardregio uit content/site.yaml]")
def new(project: Path, naam: str, regio_slug: str | None) -> None:
    """Maak het bestand voor een nieuwe gemeente: regiekaart new "Naam".

    Schrijft gemeenten/<naam>.yaml met elk veld van elke fase: leeg waar de
    gemeente het moet invullen, als commentaar waar de regio al een waarde heeft,
    steeds met een korte uitleg. Een bestaand bestand wordt nooit overschreven.
    Daarna noemt 'regiekaart check' precies wat nog ontbreekt.
    """
    from .authoring import new_gemeente
    from .check import naam_probleem

    slug = slugify(naam)
    if wrong := naam_probleem(naam):  # the rule that check and import apply to the name in a file
        raise click.UsageError(rapport.zichtbaar(wrong))
    loaded = _load(project, ())
    if loaded.project is None:
        _print_problems([p for p in loaded.problems if p.is_error], err=True)
        _echo("De universele regiekaart is niet te lezen; herstel die eerst.", err=True)
        sys.exit(1)
    regios, standaard = loaded.project.regios, loaded.project.standaard
    regio = loaded.project.regio(regio_slug) if regio_slug else standaard
    if regio is None:
        from .schema import suggest

        wat = f"regio '{regio_slug}' bestaat niet." if regio_slug else "er is geen standaardregio; kies er een met --regio."
        raise click.UsageError(f"{wat}{suggest(regio_slug or '', [r.slug for r in regios], 'Bestaande regio')}")
    target = project / "gemeenten" / f"{slug}.yaml"
    bestaand = next((g for g in loaded.project.gemeenten if g.naam.casefold() == naam.strip().casefold()), None)
    if target.exists() or bestaand is not None:
        waar = target if target.exists() else project / bestaand.path
        _echo(f"{waar}: fout: de gemeente '{rapport.zichtbaar(naam)}' heeft al een bestand; er is niets overschreven. Pas dat bestand aan, of kies een andere naam.", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(new_gemeente(naam.strip(), loaded.project.basis, dt.date.today(), regio, regio is standaard))
    open_fields = sum(1 for fase in regio.kaart.fasen for cel in fase.cellen if cel.status == "open")
    _echo(f"Geschreven: {target} ({open_fields} velden in te vullen).")
    _echo(f"Vul de lege velden in en draai dan: regiekaart check -g {slug}")


@main.command("import", context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.argument("paden", nargs=-1, required=True, metavar="BESTAND...", type=click.Path(path_type=Path))
@click.option("--ja", is_flag=True, help="Vervang zonder het eerst te vragen (voor scripts).")
@click.option("--nieuw", is_flag=True, help="Sta ook gemeenten toe die nog geen bestand hebben.")
def import_(project: Path, paden: tuple[Path, ...], ja: bool, nieuw: bool) -> None:
    """Lees kaartbestanden in van het invulformulier: regiekaart import breda.yaml

    Neemt een of meer gedownloade .yaml-bestanden, of een zip daarvan. Elk bestand
    wordt gecontroleerd zoals 'check' dat doet, samen met alle andere gemeenten (een
    naam die een andere gemeente al heeft, wordt geweigerd), met de regels van het
    bestand zelf. Dan volgt wat er verandert ten opzichte van gemeenten/<naam>.yaml,
    en pas na uw 'j' wordt dat bestand vervangen, en alleen als niemand het intussen
    heeft gewijzigd. Een bestand met een fout wordt nooit ingelezen; dan blijft alles
    zoals het was. Exitcode 1 als er iets niet is ingelezen door een fout.
    """
    from . import importeren

    root = _root(project)
    kandidaten, problems = importeren.lees(list(paden))
    importeren.controleer(root, kandidaten, nieuw)
    teksten = {k.naam: k.data for k in kandidaten if k.bron is None}
    alle = problems + [p for k in kandidaten for p in k.problems]
    if alle:
        _print_problems(alle, err=False, root=Path.cwd(), hint="", teksten=teksten)  # import has no --alle-meldingen
    goed = [k for k in kandidaten if k.ok]
    fout = len(kandidaten) - len(goed) + len({p.pos.path for p in problems if p.is_error})
    kleur = rapport.kleur_gewenst()
    vervangen = 0
    for k in goed:
        naam, doel = rapport.zichtbaar(k.naam), rapport.zichtbaar(k.doel)  # a name in a zip is anyone's text
        regels = importeren.verschil(k)
        if not regels:
            _echo(f"{naam}: gelijk aan {doel}; er is niets te doen.")
            continue
        _echo(f"\n{naam} → {doel}{' (nieuwe gemeente)' if k.huidig is None else ''}:")
        for regel in map(rapport.zichtbaar, regels):  # the lines of the file, before any colour
            stijl = {"+": "green", "-": "red", "@": "cyan"}.get(regel[:1]) if not regel.startswith(("+++", "---")) else None
            click.echo(click.style(regel, fg=stijl) if stijl else regel, color=kleur)
        if not ja and not _ja(f"{doel} {'vervangen' if k.huidig is not None else 'aanmaken'}?"):
            _echo(f"Niet ingelezen: {doel} is ongewijzigd.")
            continue
        if wrong := importeren.schrijf(root, k):  # an edit made meanwhile is never overwritten
            _print_problems([wrong], err=True)
            fout += 1
            continue
        vervangen += 1
        _echo(f"Ingelezen: {root / k.doel}")
    if vervangen:
        _echo(f"\n{vervangen} {'bestand' if vervangen == 1 else 'bestanden'} ingelezen. Bouw de site opnieuw met: regiekaart build")
    if fout:
        _echo(f"{fout} {'bestand is' if fout == 1 else 'bestanden zijn'} niet ingelezen door een fout; daaraan is niets veranderd.", err=True)
        sys.exit(1)


def _ja(vraag: str) -> bool:
    """A Dutch yes/no question, no unless answered yes; no answer (no terminal) is no."""
    try:
        antwoord = click.prompt(f"{vraag} [j/N]", default="", show_default=False, prompt_suffix=" ")
    except click.Abort:
        click.echo()
        return False
    return antwoord.strip().casefold() in ("j", "ja", "y", "yes")


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.option("--regio", "regio_slug", default=None, metavar="SLUG", help="Alleen deze regio (een bestand in content/regios/).")
@_peildatum_option
def status(project: Path, regio_slug: str | None, peildatum: dt.date | None) -> None:
    """Toon per regio de stand van de kaarten.

    Per gemeente de status, de versie, de datum van vaststelling en de
    herzieningsdatum, en of de herziening verlopen is of binnen 90 dagen valt:
    zo ziet het Zorg- en Veiligheidshuis welke gemeenten een terugkombijeenkomst
    nodig hebben. Dezelfde stand staat op de pagina van elke regio.
    """
    from .authoring import status_text
    from .schema import suggest

    datum = _datum(peildatum)
    loaded = _load(project, (), peildatum=datum)
    if loaded.project is None or loaded.blocking(draft=True):
        _print_problems([p for p in loaded.problems if p.is_error], err=True)
        _echo("De stand is niet te tonen; herstel eerst deze fouten.", err=True)
        sys.exit(1)
    regio = None
    if regio_slug:
        regio = loaded.project.regio(regio_slug)
        if regio is None:
            raise click.UsageError(f"regio '{regio_slug}' bestaat niet.{suggest(regio_slug, [r.slug for r in loaded.project.regios], 'Bestaande regio')}")
    _echo(status_text(loaded.project, datum, regio), nl=False)


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.argument("gemeente", metavar="GEMEENTE")
@click.option("--alle", is_flag=True, help="Toon ook de velden die de universele kaart volgen.")
def diff(project: Path, gemeente: str, alle: bool) -> None:
    """Toon waar een gemeente afwijkt van de universele regiekaart.

    GEMEENTE is de bestandsnaam zonder .yaml (bijvoorbeeld etten-leur). Per fase
    en veld: de waarde van de basis, de lokale waarde en het bestand en de regel
    waar die staat.
    """
    from .authoring import diff_text

    loaded = _load(project, (gemeente,))
    found = loaded.project.gemeenten if loaded.project else []
    if not found:
        _print_problems([p for p in loaded.problems if p.is_error], err=True)
        _echo(f"Geen verschillen te tonen: gemeente '{rapport.zichtbaar(gemeente)}' is niet te lezen.", err=True)
        sys.exit(1)
    _echo(diff_text(found[0], loaded.project.basis, alle), nl=False)


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_project_option
@click.option("--out", "-o", default=None, metavar="BESTAND", help="Waar het schema heen gaat; '-' schrijft het naar het scherm.  [standaard: schema/gemeente.schema.json in de projectmap]")
def schema(project: Path, out: str | None) -> None:
    """Schrijf het JSON-schema van de gemeentebestanden.

    Editors die het schema kennen (zoals VS Code met de YAML-extensie) vullen
    sleutels aan en markeren fouten al tijdens het typen. Bestanden van
    'regiekaart new' verwijzen er in hun eerste regel naar.
    """
    from .authoring import SCHEMA_PATH, gemeente_schema

    text = gemeente_schema()
    if out == "-":
        click.echo(text, nl=False)
        return
    target = Path(out) if out else project / SCHEMA_PATH
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"kan {target} niet schrijven ({exc.strerror}).") from exc
    click.echo(f"Geschreven: {target}")


FAST_EXIT_OPT_OUT = "REGIEKAART_NO_FAST_EXIT"


def run() -> None:
    """The `regiekaart` command: main(), then, after a command that succeeded, a hard
    exit. Everything is written and flushed by then, and the worker processes are gone;
    what remains is the interpreter freeing a few hundred thousand objects one by one,
    which takes longer than many a rebuild. A command that failed exits the ordinary
    way, and so does every command with REGIEKAART_NO_FAST_EXIT=1 (for profilers and
    anything else that runs at interpreter exit). Tests call main() and keep their process."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            _echo(exc.code, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    if code == 0 and os.environ.get(FAST_EXIT_OPT_OUT, "") in ("", "0"):
        os._exit(0)
    sys.exit(code)
