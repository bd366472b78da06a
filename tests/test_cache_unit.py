"""The incremental build's parts, one at a time: the digests and keys of outputs, the input
key of a whole build, the PDF cache, the site's manifest and the cache of loaded gemeenten.
(tests/test_cache.py builds whole sites incrementally.)"""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

from generator import cache as cache_module
from generator.cache import MANIFEST_VERSION, GemeenteCache, Memory, Manifest, PdfCache, Keys, content_key, record_of_file, with_settings
from generator.cascade import cascade
from generator.load import parse_yaml
from generator.model import LAAG_BASIS, LAAG_GEMEENTE, maak_gemeente
from generator.problems import Pos, warning
from generator.schema import BASIS, GEMEENTE, validate

from .conftest import MINIMAL_GEMEENTE, ROOT, write


@dataclasses.dataclass
class Stuk:
    naam: str
    waarden: list[int]


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    write(tmp_path / "templates/pagina.html", "<p>{{ x }}</p>")
    return tmp_path / "templates"


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    write(tmp_path / "assets/css/pdf.css", "@page { size: A4 }")
    write(tmp_path / "assets/js/zoeken.js", "// alleen voor de site")
    return tmp_path / "assets"


def sleutels(templates: Path, assets: Path | None, **kwargs) -> Keys:  # noqa: ANN003
    return Keys([templates], assets, kwargs.pop("draft", False), kwargs.pop("chapters", ["a", "b"]), **kwargs)


# --- digests of the model ---------------------------------------------------------------------


def test_digest_is_stable_and_follows_the_data(templates: Path) -> None:
    s = sleutels(templates, None)
    a = Stuk("Breda", [1, 2])
    assert s.digest(a) == s.digest(a) == s.digest(Stuk("Breda", [1, 2]))  # equal data, equal digest
    assert s.digest(Stuk("Breda", [1, 3])) != s.digest(a)
    assert s.digest(Stuk("Bred", [1, 2])) != s.digest(a)
    assert len(s.digest(a)) == 64
    # another build (a new Keys) computes the same digests
    assert sleutels(templates, None).digest(Stuk("Breda", [1, 2])) == s.digest(a)


def test_a_list_is_hashed_from_its_items(templates: Path) -> None:
    s = sleutels(templates, None)
    items = [Stuk("a", [1]), Stuk("b", [2])]
    assert s.digest(items) == s.digest([Stuk("a", [1]), Stuk("b", [2])])
    assert s.digest(items) != s.digest(list(reversed(items)))  # order matters
    assert s.digest(items) != s.digest(items[:1])
    assert s.digest([]) == s.digest([]) != s.digest(None)
    assert s.digest([["a"]]) != s.digest(["a"])  # nesting is not flattened


def test_digest_is_computed_once_per_object(templates: Path) -> None:
    """The digest of an object is remembered: a build may not change its model after
    asking (it does not), and asking again costs nothing."""
    s = sleutels(templates, None)
    a = Stuk("Breda", [1])
    first = s.digest(a)
    a.waarden.append(2)
    assert s.digest(a) == first
    assert sleutels(templates, None).digest(a) != first  # a new build sees the change


def test_a_digest_known_in_advance_is_used_for_that_very_object(templates: Path) -> None:
    a, b = Stuk("a", [1]), Stuk("a", [1])
    s = sleutels(templates, None, known={id(a): (a, "bekend")})
    assert s.digest(a) == "bekend"
    assert s.digest(b) != "bekend"  # equal, but not the object it was given for


# --- keys of outputs ------------------------------------------------------------------------------


def test_key_depends_on_everything_a_page_is_made_from(templates: Path) -> None:
    s = sleutels(templates, None)
    scope = {"site": Stuk("site", [1]), "context.gemeente": Stuk("Breda", [1])}
    key = s.key(False, "gemeenten/breda/index.html", "gemeente.html", scope, ("Regiekaart Breda", "gemeenten", None))
    assert key == s.key(False, "gemeenten/breda/index.html", "gemeente.html", dict(reversed(list(scope.items()))), ("Regiekaart Breda", "gemeenten", None))
    others = [
        s.key(True, "gemeenten/breda/index.html", "gemeente.html", scope, ("Regiekaart Breda", "gemeenten", None)),
        s.key(False, "gemeenten/altena/index.html", "gemeente.html", scope, ("Regiekaart Breda", "gemeenten", None)),
        s.key(False, "gemeenten/breda/index.html", "opschaalwijzer.html", scope, ("Regiekaart Breda", "gemeenten", None)),
        s.key(False, "gemeenten/breda/index.html", "gemeente.html", {**scope, "context.gemeente": Stuk("Breda", [2])}, ("Regiekaart Breda", "gemeenten", None)),
        s.key(False, "gemeenten/breda/index.html", "gemeente.html", {"site": scope["site"]}, ("Regiekaart Breda", "gemeenten", None)),
        s.key(False, "gemeenten/breda/index.html", "gemeente.html", scope, ("Regiekaart Breda", "gemeenten", {"x.pdf": {"grootte": "1 kB"}})),
    ]
    assert len({key, *others}) == len(others) + 1
    # the name of a part of the scope counts, not only its value
    assert s.key(False, "p", "t", {"a": 1}) != s.key(False, "p", "t", {"b": 1})


def test_the_build_settings_and_templates_are_in_every_key(templates: Path, assets: Path) -> None:
    base = sleutels(templates, assets)
    for other in (
        sleutels(templates, assets, draft=True),
        sleutels(templates, assets, chapters=["a"]),
        sleutels(templates, assets, base_url="https://example.org/"),
    ):
        assert other.pages != base.pages and other.pdfs != base.pdfs
        assert other.html_to_pdf == base.html_to_pdf  # turning HTML into a PDF did not change
    write(templates / "pagina.html", "<p>{{ x }}!</p>")
    changed = sleutels(templates, assets)
    assert changed.pages != base.pages and changed.html_to_pdf == base.html_to_pdf
    assert sleutels(templates, assets).pages == changed.pages  # stable


def test_the_pdf_salt_covers_what_a_pdf_reads_from_the_assets(templates: Path, assets: Path) -> None:
    base = sleutels(templates, assets)
    write(assets / "js/zoeken.js", "// anders")  # a PDF reads no script
    assert sleutels(templates, assets).html_to_pdf == base.html_to_pdf
    write(assets / "css/pdf.css", "@page { size: A3 }")
    changed = sleutels(templates, assets)
    assert changed.html_to_pdf != base.html_to_pdf and changed.pdfs != base.pdfs
    assert changed.pages == base.pages  # the pages' HTML does not change with the stylesheet's bytes
    write(assets / "fonts/Nieuw.ttf", b"\0\1")
    assert sleutels(templates, assets).html_to_pdf != changed.html_to_pdf
    assert sleutels(templates, None).html_to_pdf != base.html_to_pdf


# --- the input key of a whole build -----------------------------------------------------------------


@pytest.fixture
def invoer(tmp_path: Path) -> list[Path]:
    write(tmp_path / "p/content/regiekaart.yaml", "titel: Proef\n")
    write(tmp_path / "p/gemeenten/breda.yaml", "naam: Breda\n")
    return [tmp_path / "p/content", tmp_path / "p/gemeenten", tmp_path / "p/templates"]  # templates: absent


def test_input_key_is_stable(invoer: list[Path]) -> None:
    assert with_settings(content_key(invoer), "pdf True") == with_settings(content_key(invoer), "pdf True")


def test_input_key_follows_every_file_and_the_settings(invoer: list[Path]) -> None:
    before = with_settings(content_key(invoer), "pdf True")
    assert with_settings(content_key(invoer), "pdf False") != before
    breda = invoer[1] / "breda.yaml"
    breda.write_text("naam: Breda \n", encoding="utf-8")
    edited = with_settings(content_key(invoer), "pdf True")
    assert edited != before
    breda.write_text("naam: Breda\n", encoding="utf-8")
    assert with_settings(content_key(invoer), "pdf True") == before  # content, not times
    breda.rename(invoer[1] / "breda-2.yaml")
    assert with_settings(content_key(invoer), "pdf True") != before  # a file's name counts
    breda_2 = invoer[1] / "breda-2.yaml"
    breda_2.rename(breda)
    write(invoer[2] / "x.html", "")  # a folder that appears
    assert with_settings(content_key(invoer), "pdf True") != before
    (invoer[2] / "x.html").unlink()
    write(invoer[1] / "sub/leeg.txt", "")  # an empty file in a subfolder
    assert with_settings(content_key(invoer), "pdf True") != before


def test_input_key_knows_which_folder_a_file_is_in(invoer: list[Path], tmp_path: Path) -> None:
    """The same file in another folder of the project is another project."""
    moved = [invoer[1], invoer[0], invoer[2]]
    assert with_settings(content_key(moved), "") != with_settings(content_key(invoer), "")


def test_input_key_covers_the_generator_code(invoer: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = with_settings(content_key(invoer), "")
    code = write(tmp_path / "generator/a.py", "x = 1\n").parent
    monkeypatch.setattr(cache_module, "GENERATOR", code)
    changed = with_settings(content_key(invoer), "")
    assert changed != before
    write(code / "a.py", "x = 2\n")
    assert with_settings(content_key(invoer), "") != changed
    edited = with_settings(content_key(invoer), "")
    write(code / "notities.txt", "geen code")  # only the code counts
    assert with_settings(content_key(invoer), "") == edited


# --- the PDF cache --------------------------------------------------------------------------------------


def test_pdf_cache_put_and_get(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "pdf", "zout")
    key = cache.key("<html>kaart</html>", 1.0)
    assert cache.get(key) is None
    file = cache.put(key, b"%PDF-1.7 kaart", 2)
    assert file == tmp_path / "pdf" / f"{key}.2.pdf" and file.read_bytes() == b"%PDF-1.7 kaart"
    assert cache.get(key) == (file, 2)
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == [file.name, file.name + ".rk"]  # no temporary file left; its record beside it
    # a later build finds it on disk
    later = PdfCache(tmp_path / "pdf", "zout")
    assert later.get(key) == (file, 2) and key in later.used


def test_pdf_cache_key(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path, "zout")
    key = cache.key("<html>a</html>", 1.0)
    assert key == PdfCache(tmp_path / "elders", "zout").key("<html>a</html>", 1.0)
    assert key != cache.key("<html>b</html>", 1.0)
    assert key != cache.key("<html>a</html>", 2**0.5)  # A3
    assert key != PdfCache(tmp_path, "ander zout").key("<html>a</html>", 1.0)


def test_pdf_cache_prune_keeps_what_this_build_used(tmp_path: Path) -> None:
    first = PdfCache(tmp_path, "zout")
    for name in ("gebruikt", "overgenomen", "oud"):
        first.put(name, name.encode(), 1)
    cache = PdfCache(tmp_path, "zout")
    assert cache.get("gebruikt") is not None
    cache.keep("overgenomen")  # taken over from the previous site
    cache.keep("onbekend")  # not in the cache: nothing to keep
    cache.put("nieuw", b"nieuw", 1)
    cache.prune()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".rk")) == ["gebruikt.1.pdf", "nieuw.1.pdf", "overgenomen.1.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".rk")) == ["gebruikt.1.pdf.rk", "nieuw.1.pdf.rk", "overgenomen.1.pdf.rk"]


def test_a_cache_file_removed_meanwhile_is_a_miss(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path, "zout")
    file = cache.put("k", b"x", 1)
    file.unlink()
    assert cache.get("k") is None
    cache.prune()  # nothing to remove: no error


def test_a_cache_that_cannot_be_written_is_only_slower(tmp_path: Path) -> None:
    blocked = write(tmp_path / "pdf", "een bestand, geen map")
    cache = PdfCache(blocked, "zout")
    assert cache.known == {}
    assert cache.put("k", b"x", 1) is None and cache.get("k") is None


# --- the manifest ----------------------------------------------------------------------------------------


def manifest() -> Manifest:
    return Manifest(
        entries={"index.html": {"key": "k1", "search": "z1"}, "handreiking.pdf": {"key": "k2", "html": "h2"}},
        input_key="invoer",
        warnings=[{"path": "gemeenten/breda.yaml", "line": 3, "column": 5, "severity": "waarschuwing", "message": "let op", "code": ""}],  # opaque to the manifest
        file_count=2,
        files_read=7,
        search_bundles={"algemeen": "b1"},
    )


def test_manifest_round_trip(tmp_path: Path) -> None:
    original = manifest()
    file = write(tmp_path / "site/.regiekaart-site", original.text())
    read = Manifest.read(file)
    assert vars(read) == vars(original)
    assert read.text() == original.text()
    data = json.loads(original.text())
    assert data["manifest"] == MANIFEST_VERSION and list(data["entries"]) == ["handreiking.pdf", "index.html"]  # sorted


@pytest.mark.parametrize(
    "text",
    [
        None,  # no file
        "",
        "{niet json",
        "[1, 2]",
        json.dumps({"manifest": MANIFEST_VERSION}),
        json.dumps({"manifest": MANIFEST_VERSION + 1, "entries": {"index.html": {"key": "k"}}}),
        json.dumps({"manifest": MANIFEST_VERSION, "entries": ["index.html"]}),
        json.dumps({"manifest": MANIFEST_VERSION, "entries": {}, "file_count": "veel"}),
        json.dumps({"manifest": MANIFEST_VERSION, "entries": {}, "warnings": 3}),
        json.dumps({"manifest": MANIFEST_VERSION, "entries": {}, "search_bundles": [1]}),
        "Gebouwd door regiekaart; deze map wordt bij elke bouw vervangen.\n",  # the marker of a site without manifest
    ],
)
def test_a_missing_or_damaged_manifest_is_an_empty_one(tmp_path: Path, text: str | None) -> None:
    file = tmp_path / ".regiekaart-site"
    if text is not None:
        file.write_text(text, encoding="utf-8")
    read = Manifest.read(file)
    assert vars(read) == vars(Manifest())
    assert read.reusable(tmp_path, "index.html", "k") is None and not read.intact(tmp_path)


@pytest.mark.parametrize("entries", [{"index.html": "k1"}, {"index.html": None}, {"index.html": ["key", "k1"]}])
def test_a_manifest_whose_entries_are_not_blocks_is_an_empty_one(tmp_path: Path, entries: dict) -> None:
    """BUG: read() accepts any value per file, and the build then fails on it
    (AttributeError in reusable) instead of building afresh, as for any other damage."""
    write(tmp_path / "index.html", "start")
    file = write(tmp_path / ".regiekaart-site", json.dumps({"manifest": MANIFEST_VERSION, "entries": entries, "file_count": 1}))
    read = Manifest.read(file)
    assert read.reusable(tmp_path, "index.html", "k1") is None


def test_a_manifest_file_that_is_not_utf8(tmp_path: Path) -> None:
    file = tmp_path / ".regiekaart-site"
    file.write_bytes(b'{"manifest": \xff}')
    assert vars(Manifest.read(file)) == vars(Manifest())


def test_manifest_intact_and_reusable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "index.html", "start")
    write(site / "handreiking.pdf", "pdf")
    m = manifest()
    write(site / ".regiekaart-site", m.text({p: record_of_file(site / p) for p in ("index.html", "handreiking.pdf")}))
    assert m.intact(site)
    assert m.reusable(site, "index.html", "k1") == site / "index.html"
    assert m.reusable(site, "index.html", "z1", "search") == site / "index.html"
    assert m.reusable(site, "index.html", "z1") is None and m.reusable(site, "index.html", "k1", "search") is None
    assert m.reusable(site, "nergens.html", "k1") is None and m.reusable(None, "index.html", "k1") is None
    write(site / "extra.html", "een bestand meer")
    assert not m.intact(site)
    (site / "extra.html").unlink()
    (site / "index.html").unlink()
    assert not m.intact(site) and m.reusable(site, "index.html", "k1") is None


# --- the cache of loaded gemeenten -------------------------------------------------------------------------


def a_gemeente(naam: str = "Proefstad"):
    def layer(text: str, spec, laag: str, path: str):  # noqa: ANN001, ANN202
        tree, problems = parse_yaml(text, path)
        rec, more = validate(tree, spec, laag)
        assert problems == more == []
        return rec

    basis = layer((ROOT / "content/regiekaart.yaml").read_text(encoding="utf-8"), BASIS, LAAG_BASIS, "content/regiekaart.yaml")
    eigen = layer(MINIMAL_GEMEENTE.replace("Proefstad", naam), GEMEENTE, LAAG_GEMEENTE, "gemeenten/proefstad.yaml")
    return maak_gemeente("proefstad", "gemeenten/proefstad.yaml", eigen, cascade([basis, eigen]), basis)


PROBLEMS = [warning(Pos("gemeenten/proefstad.yaml", 2, 9), "een waarschuwing")]


def test_gemeente_cache_round_trip(tmp_path: Path) -> None:
    file = tmp_path / "cache/gemeenten.pickle"
    cache = GemeenteCache(file, "zout")
    key = GemeenteCache.key(MINIMAL_GEMEENTE.encode())
    assert cache.get("gemeenten/proefstad.yaml", key) is None
    g = a_gemeente()
    cache.put("gemeenten/proefstad.yaml", key, g, PROBLEMS)
    cache.save({"gemeenten/proefstad.yaml"})
    later = GemeenteCache(file, "zout")
    hit = later.get("gemeenten/proefstad.yaml", key)
    assert hit is not None
    gemeente, problems = hit
    assert gemeente is not g and problems == PROBLEMS
    assert gemeente == g  # an equal copy, down to every value and position
    assert later.get("gemeenten/proefstad.yaml", GemeenteCache.key(b"anders")) is None  # the file changed
    assert later.get("gemeenten/anders.yaml", key) is None


def test_gemeente_cache_digest_is_the_same_for_a_fresh_and_a_cached_gemeente(tmp_path: Path, templates: Path) -> None:
    """The digest that a gemeente's output keys use is the same whether the gemeente was
    loaded afresh (put) or comes from the cache (get): a warm build takes over what a cold
    build made. It is the hash of the gemeente's pickle, as Keys would compute it.
    (Pickling the unpickled copy again need not give the same bytes, since unpickling
    changes which equal strings are shared; hence the digest travels with the cache.)"""
    file = tmp_path / "gemeenten.pickle"
    first = GemeenteCache(file, "zout")
    g = a_gemeente()
    first.put("gemeenten/proefstad.yaml", "k", g, [])
    first.save({"gemeenten/proefstad.yaml"})
    cold = first.digests[id(g)]
    assert cold[0] is g and cold[1] == sleutels(templates, None).digest(g)
    later = GemeenteCache(file, "zout")
    gemeente, _ = later.get("gemeenten/proefstad.yaml", "k")
    warm = later.digests[id(gemeente)]
    assert warm[0] is gemeente and warm[1] == cold[1]
    seeded = sleutels(templates, None, known=later.digests)
    assert seeded.digest(gemeente) == cold[1]
    assert seeded.digest([gemeente]) == sleutels(templates, None, known=first.digests).digest([g])  # the list of all gemeenten too


def test_another_salt_is_an_empty_cache(tmp_path: Path) -> None:
    file = tmp_path / "gemeenten.pickle"
    cache = GemeenteCache(file, "zout")
    cache.put("gemeenten/proefstad.yaml", "k", a_gemeente(), [])
    cache.save({"gemeenten/proefstad.yaml"})
    assert GemeenteCache(file, "zout").get("gemeenten/proefstad.yaml", "k") is not None
    other = GemeenteCache(file, "ander zout")
    assert other.entries == {} and other.get("gemeenten/proefstad.yaml", "k") is None


def test_save_forgets_files_that_are_gone_and_writes_only_a_change(tmp_path: Path) -> None:
    file = tmp_path / "gemeenten.pickle"
    cache = GemeenteCache(file, "zout")
    cache.put("gemeenten/a.yaml", "ka", a_gemeente("A"), [])
    cache.put("gemeenten/b.yaml", "kb", a_gemeente("B"), [])
    cache.save({"gemeenten/a.yaml", "gemeenten/b.yaml"})
    written = file.stat()
    unchanged = GemeenteCache(file, "zout")
    assert unchanged.get("gemeenten/a.yaml", "ka") is not None
    unchanged.save({"gemeenten/a.yaml", "gemeenten/b.yaml"})
    assert file.stat().st_ino == written.st_ino and file.stat().st_mtime_ns == written.st_mtime_ns  # not written again
    unchanged.save({"gemeenten/a.yaml"})  # b was removed
    assert sorted(GemeenteCache(file, "zout").entries) == ["gemeenten/a.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gemeenten.pickle"]  # no temporary file left


@pytest.mark.parametrize("data", [b"", b"geen pickle", pickle.dumps(["een", "lijst"]), pickle.dumps({"salt": "zout"})])
def test_a_damaged_gemeente_cache_is_an_empty_one(tmp_path: Path, data: bytes) -> None:
    file = write(tmp_path / "gemeenten.pickle", data)
    cache = GemeenteCache(file, "zout")
    assert cache.get("gemeenten/proefstad.yaml", "k") is None
    cache.put("gemeenten/proefstad.yaml", "k", a_gemeente(), [])
    cache.save({"gemeenten/proefstad.yaml"})  # and it is repaired
    assert GemeenteCache(file, "zout").get("gemeenten/proefstad.yaml", "k") is not None


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    file = tmp_path / "gemeenten.pickle"
    cache = GemeenteCache(file, "zout")
    cache.entries["gemeenten/proefstad.yaml"] = ("k", b"kapot", [])
    assert cache.get("gemeenten/proefstad.yaml", "k") is None


def test_a_cache_that_cannot_be_saved_is_only_slower(tmp_path: Path) -> None:
    blocked = write(tmp_path / "build", "een bestand, geen map")
    cache = GemeenteCache(blocked / "gemeenten.pickle", "zout")
    cache.put("gemeenten/proefstad.yaml", "k", a_gemeente(), [])
    cache.save({"gemeenten/proefstad.yaml"})  # no exception
    assert blocked.read_text() == "een bestand, geen map"


def test_memory_hands_back_the_very_objects_until_the_salt_changes(tmp_path: Path) -> None:
    """`serve` keeps the loaded gemeenten between builds, for the same file and salt only."""
    file = tmp_path / "gemeenten.pickle"
    memory = Memory()
    first = GemeenteCache(file, "zout", memory)
    g = a_gemeente()
    first.put("gemeenten/proefstad.yaml", "k", g, PROBLEMS)
    first.save({"gemeenten/proefstad.yaml"})
    second = GemeenteCache(file, "zout", memory)
    assert second.get("gemeenten/proefstad.yaml", "k") == (g, PROBLEMS)
    assert second.get("gemeenten/proefstad.yaml", "k")[0] is g
    assert second.digests[id(g)][0] is g
    # without the memory (a one-off build), an equal copy from the pickle
    alone = GemeenteCache(file, "zout").get("gemeenten/proefstad.yaml", "k")[0]
    assert alone is not g
    # a new salt forgets the objects too
    assert GemeenteCache(file, "ander zout", memory).get("gemeenten/proefstad.yaml", "k") is None
    assert not [k for k in memory.gemeenten if k[1] == "zout"]
    again = GemeenteCache(file, "zout", memory).get("gemeenten/proefstad.yaml", "k")
    assert again is not None and again[0] is not g
