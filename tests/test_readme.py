"""What the README (and docs/) tells a reader to type, and what it says the tool writes,
against the tool itself: every command and option against `--help`, every `make` target
against the Makefile, and the names of the files that the build and `publish` write
against a real build and publication (the session's)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from generator import documenten
from generator.cli import main
from generator.publish import LEESMIJ, WEB_CONFIG, server_types
from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMANDS = sorted(main.commands)
SITE_TOP = ("index.html", "regiekaart/", "handreiking", "regios/", "gemeenten/", "zoeken/", "pagefind/", "build/site/")


def snippets() -> list[tuple[str, str]]:
    """(file, code) for every code block line and inline code span of the documents."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
            found += [(doc.name, line) for line in block.splitlines()]
        text = re.sub(r"^```[a-z]*\n.*?^```", "", text, flags=re.S | re.M)
        found += [(doc.name, span) for span in re.findall(r"`([^`\n]+)`", text)]
    return found


def uses() -> list[tuple[str, str, str]]:
    """(file, command, rest of the line) for each use of a regiekaart command in code."""
    result = []
    for doc, code in snippets():
        for match in re.finditer(rf"(?:^|regiekaart |make )({'|'.join(COMMANDS)})(?=$|\s)([^|#]*)", code):
            result.append((doc, match.group(1), match.group(2)))
    return result


def _help(cli, command: str, cache: dict[str, str]) -> str:  # noqa: ANN001
    if command not in cache:
        result = cli(command, "--help")
        assert result.exit_code == 0
        cache[command] = result.output
    return cache[command]


def test_every_command_and_option_in_the_readme_exists(cli) -> None:  # noqa: ANN001
    seen: dict[str, str] = {}
    used = uses()
    assert {c for _, c, _ in used} >= {"check", "build", "publish", "serve", "new", "status", "diff", "schema"}
    wrong = []
    for doc, command, rest in used:
        text = _help(cli, command, seen)
        for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])(?![\w-])", rest):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text):
                wrong.append(f"{doc}: regiekaart {command} {option}")
        if (value := re.search(r"--format (\w+)", rest)) and value.group(1) not in text:
            wrong.append(f"{doc}: regiekaart {command} --format {value.group(1)}")
    assert wrong == []
    for doc, code in snippets():  # a word after `regiekaart` that is no command (a typo)
        for word in re.findall(r"^\s*(?:\.venv/bin/)?regiekaart ([a-z]+)\b", code):
            assert word in COMMANDS, f"{doc}: regiekaart {word}"


def test_every_make_target_in_the_readme_exists() -> None:
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    named = {t for _, code in snippets() for t in re.findall(r"^\s*(?:[A-Z_]+=\S+ )?make ([a-z]+)", code)}
    assert {"build", "test", "publish", "serve", "check"} <= named
    assert named <= targets, named - targets


def test_the_files_the_readme_names_are_those_a_build_writes(built_site: Path) -> None:
    """Every page or PDF of the site the documents name (with <naam>, <regio> ... for any
    gemeente, region ...) is in a real build of the shipped project."""
    named = set()
    for _, code in snippets():
        path = code.strip()
        if path.startswith(SITE_TOP) and re.fullmatch(r"[\w/<>.-]+\.(html|pdf)", path):
            named.add(path.removeprefix("build/site/"))
    assert {"gemeenten/<naam>/regiekaart.pdf", "regiekaart/index.html", "index.html"} <= named
    missing = [p for p in sorted(named) if not list(built_site.glob(re.sub(r"<[^>]+>", "*", p)))]
    assert missing == []


def test_the_zips_and_the_summary_line_are_as_the_readme_says(published_project) -> None:  # noqa: ANN001
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (archive,) = (published_project.project / "build").glob("*.zip")
    stem = re.fullmatch(r"(.+)-\d{4}-\d\d-\d\d\.zip", archive.name).group(1)
    names = set(re.findall(r"build/([a-z0-9-]+?)(?:-pdfs)?-\d{4}-\d\d-\d\d\.zip", readme))
    assert names == {stem}
    assert re.search(rf"build/{stem}-pdfs-\d{{4}}", readme)  # --alleen-pdf's name, see test_publish
    with zipfile.ZipFile(archive) as zf:
        assert {LEESMIJ, WEB_CONFIG} <= set(zf.namelist())
        leesmij = zf.read(LEESMIJ).decode("utf-8")
        apache = f"AddType application/octet-stream {' '.join(ext for ext, _ in server_types(zf.namelist()))}"
    assert apache in readme and apache in leesmij  # what the README tells Apache's administrator is what the zip needs
    assert LEESMIJ in readme and WEB_CONFIG in readme
    for name in (f"{documenten.OVERZICHT}.pdf", f"{documenten.OVERZICHT}.html", f"{documenten.ALGEMEEN}/", f"{documenten.GEMEENTEN}/Breda/"):
        assert name in readme
    # the example of publish's last line has the shape of the real one
    example = re.search(r"^Gepubliceerd: .*$", readme, re.M).group(0)
    shape = re.sub(r"\\d\\\+", r"\\d+", re.sub(r"\d+", r"\\d+", re.escape(example)))
    shape = shape.replace(re.escape(f"build/{stem}-") + r"\d+\-\d+\-\d+\.zip", r"\S+\.zip")
    real = published_project.output.strip().splitlines()[-1]
    assert re.fullmatch(shape, real), (shape, real)
