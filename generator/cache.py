"""Incremental builds: what each output was made from, so that a rebuild makes only what changed.

Two levels, both keyed by content, never by file times:

1. Every page and PDF has an *input key*: the hash of the data it may see (its
   scope of the project: site, base, the one gemeente, the chapters ...), its own
   settings, the templates, the generator's code and the versions of the
   libraries. The site keeps a manifest of these keys; an output whose key is in
   the manifest of the previous site is taken over from it without rendering.
   Templates only see their scope (see ``render.ProjectView``), so nothing a page
   shows can escape its key.
2. A PDF whose input changed is rendered as HTML first; if exactly that HTML (with
   the same stylesheets and fonts) was turned into a PDF before, that PDF comes
   from the PDF cache under build/.cache and WeasyPrint is not called. So a change
   to a criterion re-renders the criteriakaart and the handout, not the card.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .markdown import IMAGE_SUFFIXES

MANIFEST_VERSION = 3  # 2: English keys; 3: a record (size, time, hash) of every file; an older manifest counts as absent
GENERATOR = Path(__file__).resolve().parent


# What a PDF worker loads once and keeps (the stylesheets and fonts of the assets); images
# are read anew for each PDF. The PDF cache's salt covers both.
WORKER_SETUP = (".css", ".ttf", ".otf", ".woff2")


def hash_tree(digest: Any, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:  # noqa: ANN401
    for file in sorted(p for p in folder.rglob("*") if p.is_file() and (suffixes is None or p.suffix in suffixes)):
        digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")


# Digests known without pickling, by id: id -> (the object, kept alive so that its id
# stays its own, and its digest). Each build has its own (see GemeenteCache.digests).
Digests = dict[int, tuple[Any, str]]


class Keys:
    """The input keys of one build."""

    def __init__(self, template_dirs: list[Path], assets: Path | None, draft: bool, chapter_slugs: list[str], base_url: str = "", known: Digests | None = None) -> None:
        # What turns HTML into a PDF: the PDF cache's salt.
        digest = hashlib.sha256(f"regiekaart {__version__}; weasyprint {metadata.version('weasyprint')}".encode())
        digest.update((GENERATOR / "pdf.py").read_bytes())  # the render options
        if assets is not None:
            hash_tree(digest, assets, WORKER_SETUP + IMAGE_SUFFIXES)  # what a PDF may read
        self.html_to_pdf = digest.hexdigest()
        # What turns the model into HTML: every output's key.
        digest = hashlib.sha256(f"regiekaart {__version__}; draft {draft}; base_url {base_url}; chapters {chapter_slugs}".encode())
        for lib in ("jinja2", "markdown-it-py"):
            digest.update(f"{lib} {metadata.version(lib)}".encode())
        hash_tree(digest, GENERATOR, (".py",))  # the code itself: a change to it is a change to every output
        for folder in template_dirs:
            hash_tree(digest, folder)
        self.pages = digest.hexdigest()
        self.pdfs = hashlib.sha256(f"{self.pages}\0{self.html_to_pdf}".encode()).hexdigest()
        self._digests: Digests = dict(known or {})  # seeded with what loading knew (the gemeenten from the cache)

    def digest(self, obj: Any) -> str:  # noqa: ANN401
        """The hash of a piece of the model (dataclasses, lists, values), computed once.
        Pickle writes every value the object holds, in a fixed order: equal data, equal
        bytes (a rare difference in sharing only costs a needless render). A list is
        hashed from the hashes of its items, so that each gemeente is pickled once."""
        known = self._digests.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        if isinstance(obj, list) and obj:
            value = hashlib.sha256(("list\0" + "\0".join(self.digest(item) for item in obj)).encode()).hexdigest()
        else:
            value = hashlib.sha256(pickle.dumps(obj, protocol=5)).hexdigest()
        self._digests[id(obj)] = (obj, value)
        return value

    def key(self, pdf: bool, path: str, template: str, scope: dict[str, Any], extra: Any = None) -> str:  # noqa: ANN401
        parts = [self.pdfs if pdf else self.pages, path, template]
        parts += [f"{name}={self.digest(obj)}" for name, obj in sorted(scope.items())]
        parts.append(self.digest(extra))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def content_key(dirs: list[Path]) -> str:
    """The hash of every file a build reads (content, gemeenten, templates, assets),
    the generator's code and the library versions."""
    digest = hashlib.sha256(f"regiekaart {__version__}".encode())
    for lib in ("jinja2", "markdown-it-py", "pyyaml", "weasyprint"):
        digest.update(f"{lib} {metadata.version(lib)}".encode())
    hash_tree(digest, GENERATOR, (".py",))
    for folder in dirs:
        digest.update(f"\0map {folder}\0".encode())
        if folder.is_dir():
            hash_tree(digest, folder)
    return digest.hexdigest()


def with_settings(content: str, settings: str) -> str:
    """The input key of a build: its ``content_key`` and its settings. When it is the
    same as for the site in place, the build has nothing to do."""
    return hashlib.sha256(f"{content}\0{settings}".encode()).hexdigest()


def sealed(header: bytes, body: bytes) -> bytes:
    """A cache file's bytes: ``header``, the sha256 of ``body``, then ``body``."""
    return header + hashlib.sha256(body).digest() + body


def unsealed(header: bytes, data: bytes) -> bytes | None:
    """The body of a file that ``sealed`` wrote with ``header``, or None when it is not
    one or is damaged: only what regiekaart wrote goes to pickle or marshal, which can
    crash the interpreter on other bytes."""
    head, digest, body = data[: len(header)], data[len(header) : len(header) + 32], data[len(header) + 32 :]
    return body if head == header and hashlib.sha256(body).digest() == digest else None


Record = tuple[int, int, str]  # a file as it was written: size, modification time (ns), sha256


def record_of_file(file: Path, sha256: str | None = None) -> Record:
    """The record of ``file`` as it is now (its hash given when known)."""
    st = file.stat()
    if sha256 is None:
        with file.open("rb") as f:
            sha256 = hashlib.file_digest(f, "sha256").hexdigest()
    return st.st_size, st.st_mtime_ns, sha256


def matches(file: Path, record: Record | None) -> bool:
    """Whether ``file`` is still what ``record`` says: cheaply by size and time, and
    by its hash when the time differs (a copy, a touch) but the size is the same."""
    if record is None:
        return False
    try:
        st = file.stat()
        if st.st_size != record[0]:
            return False
        if st.st_mtime_ns == record[1]:
            return True
        with file.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest() == record[2]
    except OSError:
        return False


def _records(data: Any) -> dict[str, Record]:  # noqa: ANN401
    """The file records of a manifest as read, or ValueError when they are damaged."""
    if not isinstance(data, dict):
        raise ValueError("files")
    out = {}
    for path, rec in data.items():
        if not (isinstance(path, str) and isinstance(rec, list) and len(rec) == 3 and isinstance(rec[0], int) and isinstance(rec[1], int) and isinstance(rec[2], str)):
            raise ValueError(path)
        out[path] = (rec[0], rec[1], rec[2])
    return out


WARNING_KEYS = {"path": str, "line": int, "column": int, "severity": str, "message": str}


def _warnings(data: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    """The warnings of a manifest as read, or ValueError when one is damaged."""
    if not isinstance(data, list):
        raise ValueError("warnings")
    for w in data:
        if not isinstance(w, dict) or not all(isinstance(w.get(k), t) and not isinstance(w.get(k), bool) for k, t in WARNING_KEYS.items()) or w["severity"] not in ("fout", "waarschuwing"):
            raise ValueError("warning")
    return data


class Manifest:
    """What each file of a built site was made from; kept in the site's marker file.

    Besides the key of every page and PDF it holds the input key of the whole build,
    and the build's warnings and counts, so that a build whose input did not change
    can report exactly what the build before it did, without reading the content; and
    a record of every file as written (``files``: size, time, hash), so that a file
    changed, damaged or removed after the build is noticed and made again."""

    def __init__(self, entries: dict[str, dict[str, str]] | None = None, input_key: str = "", warnings: list[dict[str, Any]] | None = None, file_count: int = 0, files_read: int = 0, search_bundles: dict[str, str] | None = None, files: dict[str, Record] | None = None, page_count: int = 0) -> None:
        self.entries = entries or {}  # path in the site -> its keys: "key", "search", "html"
        self.search_bundles = search_bundles or {}  # bundle of the search index -> key of its pages (see search)
        self.input_key = input_key  # input key of the build that made the site
        self.warnings = warnings or []  # its warnings (see build.record_of)
        self.file_count = file_count  # files in the site
        self.files_read = files_read  # source files it read
        self.files = files or {}  # every file of the site (not the marker) -> its Record
        self.page_count = page_count  # pages (HTML) in the site, as the build reported them
        self.damaged: list[str] = []  # files of the site that were no longer as written (see reusable)

    @classmethod
    def read(cls, file: Path) -> Manifest:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("manifest") != MANIFEST_VERSION or not isinstance(data.get("entries"), dict):
            return cls()
        if not all(isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values()) for entry in data["entries"].values()):
            return cls()  # damaged: as if there were none
        try:
            return cls(
                data["entries"], str(data.get("input_key", "")), _warnings(data.get("warnings", [])), int(data.get("file_count", 0)), int(data.get("files_read", 0)),
                {str(k): str(v) for k, v in dict(data.get("search_bundles") or {}).items()}, _records(data.get("files", {})), int(data.get("page_count", 0)),
            )
        except (TypeError, ValueError):
            return cls()

    def text(self, files: dict[str, Record] | None = None) -> str:
        """The manifest as written into the site (``files``: the records of what was written)."""
        if files is not None:
            self.files = files
        data = {
            "about": "Gebouwd door regiekaart; deze map wordt bij elke bouw vervangen. Hieronder staat waarvan elk bestand is gemaakt.",
            "manifest": MANIFEST_VERSION,
            "input_key": self.input_key,
            "files_read": self.files_read,
            "file_count": self.file_count,
            "page_count": self.page_count,
            "search_bundles": self.search_bundles,
            "warnings": self.warnings,
            "entries": dict(sorted(self.entries.items())),
            "files": {k: list(v) for k, v in sorted(self.files.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=0) + "\n"

    def intact(self, site: Path) -> bool:
        """Every file of the site is still as the build wrote it, and there is no other."""
        if not self.entries or not self.files or len(self.files) != self.file_count:
            return False
        if not all(matches(site / path, rec) for path, rec in self.files.items()):
            return False
        return sum(1 for p in site.rglob("*") if p.is_file()) == self.file_count + 1  # and the marker

    def reusable(self, site: Path | None, path: str, key: str, kind: str = "key") -> Path | None:
        """The previous site's file, when it was made from exactly this input (``kind``:
        "key", of the whole file, or "search", of what the search index reads of it) and
        is still as that build wrote it."""
        entry = self.entries.get(path)
        if site is None or entry is None or entry.get(kind) != key:
            return None
        file = site / path
        if matches(file, self.files.get(path)):
            return file
        if path not in self.damaged:
            self.damaged.append(path)  # changed or removed after its build: made again, and said so
        return None


class PdfCache:
    """PDFs from earlier builds, by the hash of their complete HTML.

    The key covers the complete HTML of the PDF (so every value, template and
    setting that shows in it), the zoom, the stylesheets and fonts in the assets,
    and the versions of regiekaart and WeasyPrint (the salt).
    """

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.known = {p.name.split(".")[0]: p for p in folder.glob("*.pdf")} if folder.is_dir() else {}
        self.used: set[str] = set()
        self.beschadigd: list[Path] = []  # cached PDFs found damaged and removed (RK611)

    def key(self, html: str, zoom: float) -> str:
        return hashlib.sha256(f"{self.salt}\0{zoom}\0{html}".encode()).hexdigest()

    def get(self, key: str) -> tuple[Path, int] | None:
        """The cached PDF of ``key`` and its pages, when it is still what was put there
        (its size, time and hash in the record beside it); a damaged one is removed."""
        file = self.known.get(key)
        if file is None or not file.is_file():
            return None
        record = self._record(file)
        if not matches(file, record):
            if record is not None:  # a PDF that changed after it was cached (an older one has no record)
                self.beschadigd.append(file)
            self._forget(key, file)
            return None
        self.used.add(key)
        return file, int(file.name.split(".")[1])

    @staticmethod
    def _record(file: Path) -> Record | None:
        """The record beside a cached PDF (``<name>.pdf.rk``: size, time, sha256)."""
        try:
            size, mtime, sha = file.with_name(file.name + ".rk").read_text(encoding="ascii").split()
            return int(size), int(mtime), sha
        except (OSError, ValueError, UnicodeDecodeError):
            return None

    def _forget(self, key: str, file: Path) -> None:
        self.known.pop(key, None)
        for path in (file, file.with_name(file.name + ".rk")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass

    def keep(self, key: str) -> None:
        """A PDF taken over from the previous site: keep its entry too."""
        if key in self.known:
            self.used.add(key)

    def put(self, key: str, data: bytes, pages: int) -> Path | None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            file = self.folder / f"{key}.{pages}.pdf"
            tmp = self.folder / f".{key}.tmp"
            tmp.write_bytes(data)
            tmp.replace(file)
            size, mtime, sha = record_of_file(file, hashlib.sha256(data).hexdigest())
            record = self.folder / f".{key}.rk.tmp"
            record.write_text(f"{size} {mtime} {sha}\n", encoding="ascii")
            record.replace(file.with_name(file.name + ".rk"))
            self.used.add(key)
            self.known[key] = file
            return file
        except OSError:
            return None  # a cache that cannot be written only makes the next build slower

    def prune(self) -> None:
        """Forget PDFs this (complete) build did not use."""
        for key, file in list(self.known.items()):
            if key not in self.used:
                self._forget(key, file)

    # The content_key of the last complete build that made all its PDFs: a build of the
    # same content (`publish` after `build`, another --out) finds them all here.
    GEMAAKT = ".gemaakt-voor"

    @classmethod
    def made_for(cls, folder: Path) -> str:
        try:
            return (folder / cls.GEMAAKT).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""

    @classmethod
    def record_made_for(cls, folder: Path, content: str) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f"{cls.GEMAAKT}.tmp"
            tmp.write_text(content + "\n", encoding="ascii")
            tmp.replace(folder / cls.GEMAAKT)
        except OSError:
            pass  # only a hint: the next build starts its workers early, or late


class Incremental:
    """One build's view of the previous one: which outputs can be taken over, and the
    manifest of this build."""

    def __init__(self, keys: Keys, pdf_cache: PdfCache, site: Path | None, previous: Manifest) -> None:
        self.keys = keys
        self.pdf_cache = pdf_cache
        self.site = site  # the previous site, or None for a build from scratch
        self.previous = previous
        self.new = Manifest()

    def reuse(self, page: Any, project: Any, pdf: bool, extra: Any = None) -> Path | None:  # noqa: ANN401
        """The previous site's file for this page or PDF when its input key did not
        change; None when it must be made. Records the key either way."""
        key = self.keys.key(pdf, page.path, page.template, page.inputs(project), (page.title, page.section, extra))
        file = self.previous.reusable(self.site, page.path, key)
        self.new.entries.setdefault(page.path, {})["key"] = key
        if file is not None and pdf:
            html = self.previous.entries[page.path].get("html", "")
            self.new.entries[page.path]["html"] = html
            self.pdf_cache.keep(html)
        return file

    def index_source(self, page: Any, project: Any) -> tuple[str, Path | None]:  # noqa: ANN401
        """The key of what the search index reads of a page: its input, whatever the
        sizes of the PDFs it links (they are not indexed); and the previous site's file
        of the page when that key did not change."""
        key = self.keys.key(False, page.path, page.template, page.inputs(project), (page.title, page.section, "zoekindex"))
        self.new.entries.setdefault(page.path, {})["search"] = key
        return key, self.previous.reusable(self.site, page.path, key, "search")

    def made_from_html(self, path: str, html_key: str) -> None:
        self.new.entries[path]["html"] = html_key


class Memory:
    """What a `serve` session keeps from one build to the next: the loaded gemeenten
    themselves, not only their pickles, by (cache file, salt, path) -> (key, gemeente).
    A one-off build has none; nothing of a build is kept at module level."""

    def __init__(self) -> None:
        self.gemeenten: dict[tuple[Path, str, str], tuple[str, Any, str]] = {}  # -> (key, gemeente, digest)


class GemeenteCache:
    """Gemeenten loaded and checked by earlier runs, by the content of their file.

    Reading, validating, cascading and checking a gemeente (the fit of its printed
    card included) depends only on its own file, the base, the site settings, the
    font and the generator's code: the salt covers all but the file itself, the key
    adds the file's bytes. Each entry holds the gemeente pickled (whose hash is then
    also its digest for the output keys) and its problems.
    """

    HEADER = b"regiekaart-gemeenten-1\n"  # then the sha256 of the pickle, then the pickle

    def __init__(self, file: Path, salt: str, memory: Memory | None = None) -> None:
        self.file = file
        self.salt = salt
        self.beschadigd = False  # the file was there but damaged (RK611)
        self.entries: dict[str, tuple[str, bytes, list[Any]]] = {}  # path -> key, pickled gemeente, problems
        self.changed = False
        self.digests: Digests = {}  # of the gemeenten of this build: their pickle's hash, known for free
        self.memory = memory.gemeenten if memory is not None else {}
        for stale in [k for k in self.memory if k[0] == file and k[1] != salt]:
            del self.memory[stale]
        try:
            raw = file.read_bytes()
            body = unsealed(self.HEADER, raw)
            data = pickle.loads(body) if body is not None else None
            # not ours and not an older regiekaart's (a plain pickle): damaged, and said so
            self.beschadigd = body is None and bool(raw) and not raw.startswith(b"\x80")
            if isinstance(data, dict) and data.get("salt") == salt:
                self.entries = data["gemeenten"]
        except Exception:  # noqa: BLE001 - a missing, old or damaged cache is only slower
            self.entries = {}

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def get(self, rel: str, key: str) -> tuple[Any, list[Any]] | None:
        entry = self.entries.get(rel)
        if entry is None or entry[0] != key:
            return None
        memory = self.memory.get((self.file, self.salt, rel))
        if memory is not None and memory[0] == key:  # `serve`: the very objects of the previous build
            self.digests[id(memory[1])] = (memory[1], memory[2])
            return memory[1], entry[2]
        try:
            gemeente = pickle.loads(entry[1])
        except Exception:  # noqa: BLE001
            return None
        self._remember(rel, key, gemeente, hashlib.sha256(entry[1]).hexdigest())
        return gemeente, entry[2]

    def put(self, rel: str, key: str, gemeente: Any, problems: list[Any]) -> None:  # noqa: ANN401
        data = pickle.dumps(gemeente, protocol=5)
        self._remember(rel, key, gemeente, hashlib.sha256(data).hexdigest())
        self.entries[rel] = (key, data, problems)
        self.changed = True

    def _remember(self, rel: str, key: str, gemeente: Any, digest: str) -> None:  # noqa: ANN401
        self.digests[id(gemeente)] = (gemeente, digest)
        if len(self.memory) > 20000:  # a very long `serve` session over many projects: start afresh
            self.memory.clear()
        self.memory[(self.file, self.salt, rel)] = (key, gemeente, digest)

    def save(self, existing: set[str]) -> None:
        """Write what changed; forget files that are gone."""
        gone = [rel for rel in self.entries if rel not in existing]
        for rel in gone:
            del self.entries[rel]
        if not (self.changed or gone):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_suffix(".tmp")
            body = pickle.dumps({"salt": self.salt, "gemeenten": self.entries}, protocol=5)
            tmp.write_bytes(sealed(self.HEADER, body))
            tmp.replace(self.file)
        except OSError:
            pass  # read-only or full: the next run reads the gemeenten anew
