"""The pipeline definitions for GitLab CI and GitHub Actions: valid against their
published schemas (check-jsonschema's built-in copies, no network), and the commands they
run, read from the files themselves, pass in a fresh copy of a (small) project.

What is not run here: the pipelines' installation (scripts/systeem.sh, tested in
test_systeem.py, and `pip install .`, which `make test` does itself) and the actions of
GitHub and GitLab that upload and deploy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github" / "workflows" / "regiekaart.yml"
BIN = Path(sys.executable).parent  # the venv's: regiekaart and check-jsonschema
INSTALL = ["bash scripts/systeem.sh", "python -m pip install --quiet ."]


def gitlab_commands() -> list[str]:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    commands = list(config["default"]["before_script"])
    for job in config.values():
        if isinstance(job, dict) and "script" in job:
            commands += job["script"]
    return commands


def github_commands() -> list[str]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


@pytest.mark.parametrize(("schema", "path"), [("vendor.gitlab-ci", GITLAB), ("vendor.github-workflows", GITHUB)])
def test_pipeline_is_valid_against_its_schema(schema: str, path: Path) -> None:
    result = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", schema, path], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_both_pipelines_install_the_same_way_from_tracked_files() -> None:
    for commands in (gitlab_commands(), github_commands()):
        assert commands[:2] == INSTALL  # first the installation, as GitLab's before_script and GitHub's first steps
        assert all(c in INSTALL or c.startswith(("regiekaart ", "python -m zipfile ")) for c in commands), commands
    # a fresh clone has what the pipelines use, and no build of its own
    tracked = subprocess.run(["git", "ls-files", "scripts/systeem.sh", "pyproject.toml", ".gitlab-ci.yml", ".github/workflows/regiekaart.yml"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert len(tracked) == 4, tracked
    assert subprocess.run(["git", "check-ignore", "-q", "build/site"], cwd=ROOT).returncode == 0


@pytest.mark.small_project
def test_the_pipelines_commands_pass_in_a_fresh_project(project: Path) -> None:
    """Every command of both pipelines, in their order (GitLab's, then GitHub's check), in
    a copy of a small project without any build: what the runner of a fresh clone does
    after the installation."""
    shutil.copytree(ROOT / "scripts", project / "scripts")
    shutil.rmtree(project / "build" / "site", ignore_errors=True)
    commands = [c for c in dict.fromkeys(gitlab_commands() + github_commands()) if c not in INSTALL]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    for command in commands:
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    report = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert isinstance(report, list) and all(r["location"]["path"].startswith(("gemeenten/", "content/")) for r in report)
    assert (project / "public" / "index.html").is_file() and (project / "public" / "pagefind").is_dir()
    zips = sorted(p.name for p in (project / "build").glob("*.zip"))
    assert len(zips) == 2 and "-pdfs-" in zips[1]
    with zipfile.ZipFile(project / "build" / zips[1]) as zf:
        assert "Overzicht.pdf" in zf.namelist()
