"""scripts/systeem.sh: finds WeasyPrint's libraries with ldconfig, and without it (macOS,
or a PATH without ldconfig); says how to install them where it cannot itself."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "systeem.sh"
LIBS = ("libpango-1.0.0.dylib", "libpangoft2-1.0.0.dylib", "libharfbuzz-subset.0.dylib", "libfontconfig.1.dylib")


def _path(tmp_path: Path, uname: str = "") -> Path:
    """A PATH of its own: uname (or a fake that prints ``uname``), id and grep; no
    ldconfig, no apt-get, no brew."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("id", "grep", *(() if uname else ("uname",))):
        (bin_ / tool).symlink_to(shutil.which(tool))
    if uname:  # a file of its own, never written through a link to the real one
        fake = bin_ / "uname"
        fake.write_text(f"#!/bin/sh\necho {uname}\n")
        fake.chmod(0o755)
    return bin_


def _run(path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([shutil.which("bash"), SCRIPT], env={"PATH": str(path), **env}, capture_output=True, text=True)


def test_without_ldconfig_it_finds_the_libraries_that_are_there(tmp_path: Path) -> None:
    assert shutil.which("ldconfig") or Path("/sbin/ldconfig").exists()  # this machine has them, found by ldconfig too
    result = _run(_path(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""


def test_on_macos_it_finds_homebrews_libraries(tmp_path: Path) -> None:
    lib = tmp_path / "homebrew" / "lib"
    lib.mkdir(parents=True)
    for name in LIBS:
        (lib / name).touch()
    result = _run(_path(tmp_path, "Darwin"), DYLD_FALLBACK_LIBRARY_PATH=str(lib))
    assert result.returncode == 0, result.stderr


def test_on_macos_without_them_it_names_brew_install_pango(tmp_path: Path) -> None:
    result = _run(_path(tmp_path, "Darwin"))
    assert result.returncode == 1
    assert "brew install pango" in result.stderr and "libpango-1.0" in result.stderr
    assert "Traceback" not in result.stderr and "ldconfig" not in result.stderr
