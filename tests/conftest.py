"""Shared fixtures: a throw-away copy of the real project, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def copy_project(dest: Path) -> Path:
    for name in ("content", "gemeenten", "templates", "assets"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project (content, gemeenten, templates, assets)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project built once, PDFs included; tests only read it."""
    project = copy_project(tmp_path_factory.mktemp("gebouwd") / "project")
    result = CliRunner().invoke(main, ["build", "--project", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "build" / "site"


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


VOORBEELD = "is nog een voorbeeldinvulling"  # the borging warning every shipped example card gets


def bevestig(project: Path) -> Path:
    """Mark every example card of a copied project as a confirmed concept, for tests that
    need a project without warnings (the shipped cards are all example fills)."""
    for file in (project / "gemeenten").glob("*.yaml"):
        file.write_text(file.read_text(encoding="utf-8").replace("status: voorbeeld", "status: concept"), encoding="utf-8")
    return project


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


MINIMAL_GEMEENTE = """\
naam: Proefstad
status: concept
fasen:
  1:
    operationeel_verantwoordelijk: Teamleider sociaal team Proefstad
  2:
    casusregie: Sociaal team Proefstad
    procesregie: Casusoverleg Proefstad
    operationeel_verantwoordelijk: Teamleider sociaal team Proefstad
  3:
    casusregie: Sociaal team Proefstad
    procesregie: Zorg- en Veiligheidshuis De Baronie
    operationeel_verantwoordelijk: Manager Zorg en Veiligheid
    bestuurlijk_verantwoordelijk: Burgemeester en wethouder zorg
  4:
    casusregie: Gemeentelijk crisisteam
    behandelregie: Crisisdienst ggz
    procesregie: Zorg- en Veiligheidshuis De Baronie
    operationeel_verantwoordelijk: Calamiteitencoördinator
"""
