"""The naming rule (README, "Namen in de code"): Dutch front matter keys with the old
English ones still read, one meaning per 'regio', one language in the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.assemble import _load_hoofdstukken, load_project
from generator.cache import MANIFEST_VERSION, Manifest
from generator.schema import HOOFDSTUK, TRAINING, Record

from .conftest import write

SPECS = [("handreiking", HOOFDSTUK), ("training", TRAINING)]
IDS = [name for name, _ in SPECS]


def load(root: Path, name: str, spec: Record, files: dict[str, str]):  # noqa: ANN201
    for file, text in files.items():
        write(root / "content" / name / file, text)
    return _load_hoofdstukken(root, root / "content" / name, spec, name)


@pytest.mark.parametrize(("name", "spec"), SPECS, ids=IDS)
def test_dutch_and_old_english_keys_both_load(tmp_path: Path, name: str, spec: Record) -> None:
    hoofdstukken, problems = load(tmp_path, name, spec, {
        "nieuw.md": "---\ntitel: Nieuwe sleutels\nvolgorde: 2\n---\n\nTekst.\n",
        "oud.md": "---\ntitle: Oude sleutels\norder: 1\n---\n\nTekst.\n",
        "gemengd.md": "---\ntitel: Gemengd\norder: 3\n---\n\nTekst.\n",
    })
    assert problems == [], [p.format() for p in problems]
    assert [(h.slug, h.titel, h.volgorde) for h in hoofdstukken] == [("oud", "Oude sleutels", 1), ("nieuw", "Nieuwe sleutels", 2), ("gemengd", "Gemengd", 3)]


@pytest.mark.parametrize(("name", "spec"), SPECS, ids=IDS)
@pytest.mark.parametrize(
    ("front", "where", "old", "new"),
    [
        ("titel: A\ntitle: B\nvolgorde: 1\n", "3:1", "title", "titel"),
        ("title: A\nvolgorde: 1\ntitel: B\n", "4:1", "title", "titel"),
        ("titel: A\norder: 1\nvolgorde: 2\n", "4:1", "order", "volgorde"),
    ],
    ids=["titel-title", "title-titel", "order-volgorde"],
)
def test_old_and_new_key_together_is_an_error_at_the_second(tmp_path: Path, name: str, spec: Record, front: str, where: str, old: str, new: str) -> None:
    hoofdstukken, problems = load(tmp_path, name, spec, {"dubbel.md": f"---\n{front}---\n\nTekst.\n"})
    assert len(problems) == 1, [p.format() for p in problems]
    text = problems[0].format()
    assert text.startswith(f"content/{name}/dubbel.md:{where}: fout: "), text
    assert f"'{old}' is de oude naam van '{new}'; houd alleen '{new}' over." in text
    assert len(hoofdstukken) == 1  # the first stays, so that the other checks still see the chapter


def test_a_misspelt_old_key_suggests_the_new_one(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "handreiking", HOOFDSTUK, {"extra.md": "---\ntitle: Extra\nordr: 12\n---\nTekst.\n"})
    assert "content/handreiking/extra.md:3:1: fout: onbekende sleutel 'ordr' in de front matter. Bedoelde u 'volgorde'?" in [p.format() for p in problems]


def test_a_missing_key_is_named_in_dutch(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "handreiking", HOOFDSTUK, {"extra.md": "---\ntitel: Extra\n---\nTekst.\n"})
    assert [p.message for p in problems] == ["sleutel 'volgorde' ontbreekt in de front matter; voeg 'volgorde: ...' toe."]


def test_shipped_chapters_use_the_dutch_keys() -> None:
    root = Path(__file__).resolve().parent.parent
    for file in sorted((root / "content").glob("*/*.md")):
        front = file.read_text(encoding="utf-8").split("---\n")[1]
        keys = {line.split(":")[0] for line in front.splitlines() if line and not line.startswith((" ", "#"))}
        assert {"titel", "volgorde"} <= keys and not keys & {"title", "order"}, file


def test_the_site_setting_regio_is_the_region_name(project: Path) -> None:
    site = load_project(project).project.site
    assert site.regionaam == "West-Brabant" and site.standaardregio == "west-brabant"
    assert not hasattr(site, "regio")  # one name, one meaning: a Regio is project.regio(slug)


def test_manifest_keeps_one_language(tmp_path: Path) -> None:
    manifest = Manifest({"index.html": {"key": "k1", "search": "z1"}}, "invoer-sleutel", [{"path": "a.yaml", "line": 1, "column": 1, "severity": "waarschuwing", "message": "m", "code": ""}], 7, 3, {"bundel": "b1"})
    file = write(tmp_path / ".regiekaart-site", manifest.text())
    data = json.loads(file.read_text(encoding="utf-8"))
    assert set(data) == {"about", "manifest", "input_key", "files_read", "file_count", "page_count", "search_bundles", "warnings", "entries", "files"}
    back = Manifest.read(file)
    assert (back.entries, back.input_key, back.warnings, back.file_count, back.files_read, back.search_bundles, back.files, back.page_count) == (
        manifest.entries, manifest.input_key, manifest.warnings, manifest.file_count, manifest.files_read, manifest.search_bundles, manifest.files, manifest.page_count)


def test_an_older_manifest_counts_as_absent(tmp_path: Path) -> None:
    old = {"manifest": MANIFEST_VERSION - 1, "invoer": "x", "aantal_bestanden": 2, "bestanden": {"index.html": {"sleutel": "k"}}}
    back = Manifest.read(write(tmp_path / ".regiekaart-site", json.dumps(old)))
    assert (back.entries, back.input_key, back.file_count) == ({}, "", 0)
