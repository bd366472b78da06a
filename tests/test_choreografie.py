"""The build's choreography: settings to the build, the no-op key from the settings,
publish loading once, the collector, and the real entry points."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import BuildSettings, run_build

from .conftest import StandIns, copy_project

ROOT = Path(__file__).resolve().parent.parent


def test_every_output_setting_is_in_the_no_op_key(tmp_path: Path) -> None:
    """The key is derived from the settings object: changing any field that shapes the
    output changes it; the fields marked output=False do not."""
    base = BuildSettings(tmp_path, tmp_path / "uit")
    other = {"gemeenten": ("breda",), "draft": True, "pdf": False, "base_url": "https://x.example/", "intern": True, "peildatum": dt.date(2001, 1, 1), "overflow": True}
    for f in dataclasses.fields(BuildSettings):
        if f.name in ("project", "out"):
            continue
        changed = dataclasses.replace(base, **{f.name: other.get(f.name, 3 if f.name == "jobs" else True)})
        if f.metadata.get("output", True):
            assert changed.key_text() != base.key_text(), f.name
        else:
            assert changed.key_text() == base.key_text(), f.name
    assert set(other) == {f.name for f in dataclasses.fields(BuildSettings) if f.metadata.get("output", True)} - {"project", "out"}
    # the order of -g does not matter, nor does repeating one
    assert BuildSettings(tmp_path, tmp_path, ("b", "a", "a")).key_text() == BuildSettings(tmp_path, tmp_path, ("a", "b")).key_text()


def test_a_build_holds_the_collector_frozen_only_while_it_builds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is off while loading, frozen (not off) while rendering, and back as it
    was afterwards: forked workers and `serve` inherit a working collector."""
    seen: dict[str, object] = {}
    real = build_module.build_site

    def spy(*args: object, **kwargs: object):  # noqa: ANN202
        seen["enabled while building"] = gc.isenabled()
        seen["frozen while building"] = gc.get_freeze_count()
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "build_site", spy)
    assert gc.isenabled()
    outcome = run_build(BuildSettings(project, project / "build" / "site", ("zundert",), pdf=False), None)
    assert outcome.result is not None and outcome.project is not None
    assert seen["enabled while building"] is True and int(seen["frozen while building"]) > 10_000
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.small_project(gemeenten=("zundert", "groningen"))
def test_publish_loads_the_project_once(project: Path, cli, monkeypatch: pytest.MonkeyPatch, stand_in_renders: StandIns) -> None:  # noqa: ANN001
    calls = []
    real = build_module.load_project

    def counting(*args: object, **kwargs: object):  # noqa: ANN202
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_project", counting)
    monkeypatch.setattr("generator.cli.load_project", counting)
    (project / "gemeenten").joinpath("extra.yaml").unlink(missing_ok=True)
    for file in (project / "gemeenten").glob("*.yaml"):
        if file.stem not in ("zundert", "groningen"):
            file.unlink()
    result = cli("publish", "--project", project, "--zip", project / "build" / "uit.zip", "-j", "2")
    assert result.exit_code == 0, result.output
    assert len(calls) == 1


@pytest.mark.parametrize("entry", [[sys.executable, "-m", "generator"], [str(Path(sys.executable).parent / "regiekaart")]])
def test_the_real_entry_points(entry: list[str], tmp_path: Path) -> None:
    """`python -m generator` and the `regiekaart` script: the exit codes survive the hard
    exit, a failure exits the ordinary way, and REGIEKAART_NO_FAST_EXIT=1 runs atexit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    copy = copy_project(tmp_path / "kopie")  # a load writes its cache: never into the repository
    ok = subprocess.run([*entry, "check", "--project", str(copy)], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0 and "waarschuwingen in" in ok.stdout, ok.stderr
    missing = subprocess.run([*entry, "check", "--project", str(tmp_path / "nergens")], capture_output=True, text=True, env=env, timeout=120)
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    empty = subprocess.run([*entry, "check", "--project", str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    assert empty.returncode == 1 and "content/regiekaart.yaml" in empty.stdout
    # with the opt-out, the interpreter shuts down normally: an atexit hook runs
    hook = tmp_path / "sitecustomize.py"
    hook.write_text(f"import atexit\natexit.register(lambda: open({str(tmp_path / 'ran')!r}, 'w').write('ja'))\n", encoding="utf-8")
    env_hook = {**env, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    subprocess.run([*entry, "--version"], env=env_hook, timeout=60, check=True, capture_output=True)
    assert not (tmp_path / "ran").exists()  # the hard exit skips atexit
    subprocess.run([*entry, "--version"], env={**env_hook, "REGIEKAART_NO_FAST_EXIT": "1"}, timeout=60, check=True, capture_output=True)
    assert (tmp_path / "ran").read_text() == "ja"
