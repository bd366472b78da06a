"""Load stage: read YAML and Markdown files into trees that remember positions.

Every value keeps its file, line and column. Duplicate keys, aliases (and so
alias bombs), tabs, bad encodings and empty files become problems, never
exceptions. A YAML mistake is reported at the line where it was made, with a hint,
and repaired so that the rest of the file is still read (see yamlfout.py); text that
YAML would silently drop (after a '#') is a warning.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Union

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import codes
from .problems import Pos, Problem, error, warning
from .yamlfout import CURLY, CURLY_OPEN, Fout, Reparatie, apostrophe_lost, no_space_value, quote, regel, suspicious_key, translate

MAX_FILE_BYTES = 1_000_000
# Deepest nesting of blocks and lists a file may have. The deepest real structure (a
# contact's 'op_de_kaart' in a gemeente file) is six levels; the limit keeps every later
# stage, which walks the tree recursively, far from Python's recursion limit.
MAX_DIEPTE = 24


@dataclass
class Scalar:
    value: Any  # as YAML resolves it (str, int, bool, date, None, ...)
    raw: str  # the text as written
    pos: Pos
    plain: bool = True  # unquoted, so YAML may have read it as a non-string
    # A comment ('# ...') right after the value on the value's last line: where its '#'
    # is, and its text (a plain value only: in quotes, '#' is part of the text).
    comment: tuple[Pos, str] | None = None
    end: Pos | None = None  # just after the value's last character (to find a part of it in the file)


@dataclass
class MapEntry:
    key: Any
    key_pos: Pos
    value: "Node"


@dataclass
class Mapping:
    entries: dict[Any, MapEntry]
    pos: Pos


@dataclass
class Sequence:
    items: list["Node"]
    pos: Pos


Node = Union[Scalar, Mapping, Sequence]


@dataclass
class Document:
    """A parsed YAML file (or Markdown front matter)."""

    path: str  # relative to the project root, with forward slashes
    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the file's text, for the lines of values


@dataclass
class MarkdownDocument:
    path: str
    front: Node | None  # front matter
    body: str
    body_line: int  # 1-based line where the body starts in the file
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the file's text, for the lines of values


# --- reading text -----------------------------------------------------------


def outside(file: Path, root: Path) -> Path | None:
    """Where ``file`` really is, when a symbolic link takes it outside ``root``; else None."""
    try:
        real = file.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return file
    return None if real.is_relative_to(root.resolve()) else real


def outside_problem(rel: str, real: Path) -> Problem:
    return error(
        Pos(rel),
        f"dit is een snelkoppeling (symbolische link) naar {real}, buiten de projectmap; regiekaart leest niets van buiten het project. "
        "Zet een kopie van het bestand in de projectmap in plaats van de link.",
        codes.LINK_BUITEN_PROJECT,
    )


def read_text(file: Path, rel: str, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text; problems instead of exceptions. With ``root``, a file
    that a symbolic link puts outside that folder is not read."""
    if root is not None and (real := outside(file, root)) is not None:
        return None, [outside_problem(rel, real)]
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [error(Pos(rel), f"bestand kan niet worden gelezen ({exc.strerror}); controleer of het bestaat en leesbaar is.", codes.BESTAND_ONLEESBAAR)]
    if len(data) > MAX_FILE_BYTES:
        return None, [error(Pos(rel), f"bestand is te groot ({len(data)} bytes, hoogstens {MAX_FILE_BYTES}); splits het op of verwijder wat er niet in hoort.", codes.BESTAND_TE_GROOT)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        return None, [
            error(
                Pos(rel, line, column),
                f"bestand is geen geldige UTF-8 (byte 0x{byte:02X}); sla het op met codering UTF-8 "
                "(in Kladblok: 'Opslaan als', codering UTF-8).",
                codes.GEEN_UTF8,
            )
        ]
    if not text.strip():
        return None, [error(Pos(rel), "bestand is leeg; vul het in of verwijder het.", codes.LEEG_BESTAND)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


# --- YAML -------------------------------------------------------------------

# Repairs of one text (see yamlfout.py), and seconds spent on them, before the rest of it
# is left unread: a file of a thousand broken lines does not keep `serve` waiting.
MAX_HERSTEL = 40
MAX_HERSTEL_SECONDEN = 3.0
NIET_GELEZEN = " De rest van dit bestand is niet gelezen: verbeter deze regel en controleer het bestand opnieuw."


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases before anything is expanded."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


class _AliasFound(Exception):
    def __init__(self, mark: Any) -> None:  # noqa: ANN401
        super().__init__()
        self.mark = mark


def _pos(rel: str, mark: Any, first_line: int) -> Pos:  # noqa: ANN401
    return Pos(rel, mark.line + first_line, mark.column + 1)


def parse_yaml(text: str, rel: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Parse YAML text into a position-keeping tree.

    ``first_line`` shifts line numbers (for front matter inside Markdown). A text with
    mistakes is repaired line by line (see yamlfout.py) and parsed again, so that one
    syntax error does not hide the other problems of the file; each mistake stays an
    error, reported at the line where it was made.
    """
    fast = _parse_fast(text, rel, first_line)
    if fast is not None:
        return fast
    return _parse_repairing(text, rel, first_line)


class _Alias(Exception):
    """A node met twice: the file uses an alias."""


def _parse_fast(text: str, rel: str, first_line: int) -> tuple[Node | None, list[Problem]] | None:
    """The common case, a valid file without aliases, parsed by libyaml (C): several
    times faster than pure Python. Anything else (an error, an alias, something that
    parsed but cannot be meant, no libyaml) returns None, and the pure-Python parser
    gives the precise message."""
    if not yaml.__with_libyaml__:
        return None
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        lines = text.split("\n")
        converter = _Converter(loader, rel, first_line, lines, set())
        tree = converter.node(node)
        if converter.faults():
            return None
        return tree, converter.problems + _lost_comments(tree, lines, first_line)
    except _TooDeep as exc:
        return None, [_too_deep(rel, exc.mark, first_line)]
    except (yaml.YAMLError, _Alias, RecursionError):
        return None
    finally:
        loader.dispose()


def _parse_repairing(text: str, rel: str, first_line: int) -> tuple[Node | None, list[Problem]]:
    """Parse, and at each mistake say what is wrong on which line, repair that line and
    parse again; the tree of the repaired text, or None when it cannot be repaired."""
    reparatie = Reparatie(text, rel, first_line)
    reparatie.prescan()
    deep = _depth_mark(reparatie.text)  # before composing: the composer recurses once per level
    if deep is not None:
        return None, _reported(reparatie) + [_too_deep(rel, deep, first_line)]
    deadline = time.monotonic() + MAX_HERSTEL_SECONDEN
    for repairs in range(MAX_HERSTEL + 1):
        try:
            attempt = _attempt(reparatie.text, rel, first_line)
        except _TooDeep as exc:
            return None, _reported(reparatie) + [_too_deep(rel, exc.mark, first_line)]
        if isinstance(attempt, Fout):
            fout = attempt
        else:
            tree, problems, faults, lines = attempt
            if not faults:
                if tree is None:
                    return None, _reported(reparatie) + [error(Pos(rel, first_line), "bestand bevat alleen commentaar; vul het in of verwijder het.", codes.LEEG_BESTAND)]
                repaired = {line + first_line for line in reparatie.reported}
                problems += [p for p in _lost_comments(tree, lines, first_line) if p.pos.line not in repaired]
                _unshift(tree, reparatie)
                return tree, _reported(reparatie) + [replace(p, pos=_unshifted(p.pos, reparatie)) for p in problems]
            fout = faults[0]
        herstel = reparatie.diagnose(fout)
        if repairs == MAX_HERSTEL or time.monotonic() > deadline or herstel.new_text is None or herstel.new_text == reparatie.lines[herstel.line]:
            return None, _unread(reparatie, herstel.line, fout)
        reparatie.replace(herstel.line, herstel.new_text)
    raise AssertionError("unreachable: the last round returns")


def _attempt(text: str, rel: str, first_line: int) -> tuple[Node | None, list[Problem], list[Fout], list[str]] | Fout:
    """One parse of the (repaired) text: the tree, its problems and what cannot be meant,
    or where the parser stopped."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # the prescan replaced what the reader refuses
        return Fout(text.count("\n", 0, exc.position), 0, str(exc.reason))
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [], [], []
        lines = text.split("\n")
        converter = _Converter(loader, rel, first_line, lines, None)
        tree = converter.node(node)
        return tree, converter.problems, converter.faults(), lines
    except _AliasFound as exc:
        return Fout(exc.mark.line, exc.mark.column, "found an alias", zacht="teken")
    except yaml.MarkedYAMLError as exc:
        return Fout.of(exc)
    except yaml.reader.ReaderError as exc:
        return Fout(text.count("\n", 0, exc.position), 0, str(exc.reason))
    finally:
        loader.dispose()


def _reported(reparatie: Reparatie) -> list[Problem]:
    return [reparatie.reported[line] for line in sorted(reparatie.reported)]


def _unread(reparatie: Reparatie, line: int, fout: Fout) -> list[Problem]:
    """The problems so far; the one of the line that could not be repaired says that the
    rest of the file was not read."""
    if line not in reparatie.reported:
        reparatie.reported[line] = error(reparatie.pos(line, fout.column if fout.line == line else 0), translate(fout), codes.SYNTAXFOUT)
    problem = reparatie.reported[line]
    reparatie.reported[line] = replace(problem, message=problem.message.rstrip() + NIET_GELEZEN)
    return _reported(reparatie)


def _unshifted(pos: Pos, reparatie: Reparatie) -> Pos:
    """A position in the repaired text as a position in the text as written: a repair
    may have re-indented a line."""
    delta = reparatie.shift.get(pos.line - reparatie.first_line, 0)
    return replace(pos, column=max(1, pos.column - delta)) if delta else pos


def _unshift(node: Node, reparatie: Reparatie) -> None:
    if not any(reparatie.shift.values()):
        return
    node.pos = _unshifted(node.pos, reparatie)
    if isinstance(node, Scalar):
        node.comment = (_unshifted(node.comment[0], reparatie), node.comment[1]) if node.comment is not None else None
        node.end = _unshifted(node.end, reparatie) if node.end is not None else None
    elif isinstance(node, Sequence):
        for item in node.items:
            _unshift(item, reparatie)
    else:
        for entry in node.entries.values():
            entry.key_pos = _unshifted(entry.key_pos, reparatie)
            _unshift(entry.value, reparatie)


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:  # noqa: ANN401
        super().__init__()
        self.mark = mark


def _too_deep(rel: str, mark: Any, first_line: int) -> Problem:  # noqa: ANN401
    return error(
        _pos(rel, mark, first_line),
        f"de waarden zijn hier te diep in elkaar genest (meer dan {MAX_DIEPTE} niveaus); een regiekaart heeft er hoogstens een paar nodig. "
        "Controleer de haakjes '[' en '{' en het inspringen.",
        codes.TE_DIEP,
    )


def _depth_mark(text: str) -> Any:  # noqa: ANN401
    """Where the nesting first goes deeper than MAX_DIEPTE, found from the parser's events
    (the parser keeps a stack of its own, so any depth is safe here); None if nowhere."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DIEPTE:
                    return event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


class _Converter:
    """Composed nodes -> the position-keeping tree. Collects the problems of the tree
    (duplicate keys, values that are no valid date) and what parsed but cannot be meant
    (``faults``: 'naam:Zundert' read as part of a key, a tag, an anchor), which the
    caller repairs like a syntax error."""

    def __init__(self, loader: Any, rel: str, first_line: int, lines: list[str], seen: set[int] | None) -> None:  # noqa: ANN401
        self.loader, self.rel, self.first_line, self.lines = loader, rel, first_line, lines
        self.seen = seen  # libyaml composes an alias as the very node of its anchor
        self.problems: list[Problem] = []
        self._faults: list[Fout] = []
        self._keys: set[str] = set()
        self._with_colon: list[Any] = []  # plain values with a ':' in them

    def faults(self) -> list[Fout]:
        found = list(self._faults)
        for node in self._with_colon:
            if no_space_value(node.value, self._keys):
                found.append(Fout(node.start_mark.line, node.start_mark.column, zacht="sleutel"))
        return sorted(found, key=lambda f: (f.line, f.column))

    def _source(self, line: int, column: int) -> str:
        return self.lines[line][column: column + 1] if line < len(self.lines) else ""

    def node(self, node: Any, depth: int = 0, in_list: bool = False) -> Node:  # noqa: ANN401
        if depth > MAX_DIEPTE:
            raise _TooDeep(node.start_mark)
        if self.seen is not None:
            if id(node) in self.seen:
                raise _Alias
            self.seen.add(id(node))
        start = node.start_mark
        pos = _pos(self.rel, start, self.first_line)
        if self._source(start.line, start.column) in ("&", "!"):  # an anchor or a tag
            self._faults.append(Fout(start.line, start.column, zacht="teken"))
        if isinstance(node, ScalarNode):
            return self._scalar(node, pos)
        if isinstance(node, SequenceNode):
            return Sequence([self.node(n, depth + 1, True) for n in node.value], pos)
        assert isinstance(node, MappingNode)
        return self._mapping(node, pos, depth, in_list)

    def _scalar(self, node: Any, pos: Pos, key: bool = False) -> Scalar:  # noqa: ANN401
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            if not node.tag.startswith("!"):  # a tag is a fault already
                self.problems.append(error(pos, f"waarde '{node.value}' is geen geldige {_tag_name(node.tag)}; zet tekst tussen aanhalingstekens of schrijf een datum als JJJJ-MM-DD.", codes.ONGELDIGE_WAARDE))
            value = node.value
        raw = node.value
        plain = node.style in (None, "")
        if not key and raw:

            def example(value: str) -> str:  # the corrected line, for a warning
                start = node.start_mark
                line = regel(self.lines[start.line]) if start.line < len(self.lines) else None
                return line.example(value) if line is not None and line.value_col == start.column else value

            if plain:
                if ":" in raw:
                    self._with_colon.append(node)
                if raw[0] in CURLY_OPEN and raw[-1] in CURLY and len(raw) > 1:
                    self.problems.append(warning(
                        pos,
                        f"de gekrulde aanhalingstekens ({raw[0]} {raw[-1]}), zoals Word ze maakt, komen zo op de kaart: YAML ziet ze niet als aanhalingstekens. "
                        f"Gebruik rechte aanhalingstekens (\"), of laat ze weg: {example(quote(raw[1:-1]))}",
                        codes.GEKRULDE_AANHALINGSTEKENS,
                    ))
            elif apostrophe_lost(node, self._source):
                self.problems.append(warning(
                    pos,
                    f"de apostrof van '{raw[:1]} valt weg: YAML leest '{raw}' als een tekst tussen enkele aanhalingstekens en toont \"{raw}\". "
                    f"Zet de tekst tussen dubbele aanhalingstekens: {example(quote(chr(39) + raw))}",
                    codes.APOSTROF_BEGIN,
                ))
        comment = None
        if plain and not key:
            end = node.end_mark
            text = self.lines[end.line] if end.line < len(self.lines) else ""
            if "#" in text and (match := _COMMENT.match(text, end.column)) is not None:
                comment = (Pos(self.rel, end.line + self.first_line, match.start(1) + 1), match.group(1).rstrip())
        end = Pos(self.rel, node.end_mark.line + self.first_line, node.end_mark.column + 1)
        return Scalar(value=value, raw=raw, pos=pos, plain=plain, comment=comment, end=end)

    def _mapping(self, node: Any, pos: Pos, depth: int, in_list: bool) -> Mapping:  # noqa: ANN401
        entries: dict[Any, MapEntry] = {}
        for key_node, value_node in node.value:
            key_pos = _pos(self.rel, key_node.start_mark, self.first_line)
            if not isinstance(key_node, ScalarNode):
                self.problems.append(error(key_pos, "een sleutel moet een gewone tekst of een getal zijn, geen lijst of blok.", codes.SLEUTEL_GEEN_TEKST))
                continue
            key = self._scalar(key_node, key_pos, key=True)
            if isinstance(key.value, str) and key.plain:
                self._keys.add(key.raw)
                if suspicious_key(key.raw):
                    self._faults.append(Fout(key_node.start_mark.line, key_node.start_mark.column, zacht="sleutel"))
                elif in_list and len(node.value) == 1 and not _KEY.match(key.raw):
                    # '- Overleg: elke week' in a list of texts: a colon made the text a key
                    self._faults.append(Fout(key_node.start_mark.line, key_node.start_mark.column, zacht="dubbelepunt"))
            hashable = key.value if isinstance(key.value, (str, int)) and not isinstance(key.value, bool) else key.raw
            if hashable in entries:
                first = entries[hashable].key_pos
                self.problems.append(
                    error(
                        key_pos,
                        f"sleutel '{key.raw}' staat hier voor de tweede keer (eerst op regel {first.line}); "
                        "YAML zou de eerste stilletjes weggooien. Voeg beide samen tot één.",
                        codes.SLEUTEL_DUBBEL,
                    )
                )
                continue
            entries[hashable] = MapEntry(hashable, key_pos, self.node(value_node, depth + 1))
        return Mapping(entries, pos)


_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")  # how every key of regiekaart is written


def _tag_name(tag: str) -> str:
    return {
        "tag:yaml.org,2002:timestamp": "datum",
        "tag:yaml.org,2002:int": "geheel getal",
        "tag:yaml.org,2002:float": "getal",
    }.get(tag, "waarde")


# --- text after '#' that the card loses -----------------------------------------------------

# Keys of the top level, of a fase and of a contact whose text goes on the card.
CRITERIA = ("opschalen", "afschalen")


def _prose(tree: Node | None) -> list[Scalar]:
    """The texts of a file that go on the card or its pages as written: the cells of
    the fasen, the criteria, the toelichting, the werkafspraken, the wie-is-wie."""
    if not isinstance(tree, Mapping):
        return []
    found: list[Scalar] = []
    toelichting = tree.entries.get("toelichting")
    if toelichting is not None and isinstance(toelichting.value, Scalar):
        found.append(toelichting.value)
    werkafspraken = tree.entries.get("werkafspraken")
    if werkafspraken is not None:
        found += _list_texts(werkafspraken.value)
    fasen = tree.entries.get("fasen")
    if fasen is not None and isinstance(fasen.value, Mapping):
        for fase in fasen.value.entries.values():
            if not isinstance(fase.value, Mapping):
                continue
            for key, entry in fase.value.entries.items():
                if key in CRITERIA:
                    found += _list_texts(entry.value)
                elif isinstance(entry.value, Scalar):
                    found.append(entry.value)
    wie = tree.entries.get("wie_is_wie")
    if wie is not None and isinstance(wie.value, Sequence):
        for contact in wie.value.items:
            if isinstance(contact, Mapping):
                found += [e.value for e in contact.entries.values() if isinstance(e.value, Scalar)]
    return found


def _list_texts(node: Node) -> list[Scalar]:
    """The texts of a list, also of one under 'toevoegen:', and of its '- nb:' notes."""
    if isinstance(node, Mapping) and len(node.entries) == 1:
        node = next(iter(node.entries.values())).value
    if not isinstance(node, Sequence):
        return []
    found: list[Scalar] = []
    for item in node.items:
        if isinstance(item, Scalar):
            found.append(item)
        elif isinstance(item, Mapping):
            found += [e.value for e in item.entries.values() if isinstance(e.value, Scalar)]
    return found


_COMMENT = re.compile(r"[ \t]+(#.*)")


def _lost_comments(tree: Node | None, lines: list[str], first_line: int) -> list[Problem]:
    """A '#' after a text on the same line: YAML reads the rest as a comment, so it is
    not on the card. Comments on a line of their own, and after other values (such as
    'status: concept  # of vastgesteld'), are fine."""
    problems = []
    for scalar in _prose(tree):
        if scalar.comment is None:
            continue
        pos, comment = scalar.comment
        start = regel(lines[scalar.pos.line - first_line]) if scalar.pos.line == pos.line else None
        if scalar.raw:
            example = quote(f"{scalar.raw} {comment}")
            problems.append(warning(
                pos,
                f"de tekst na '#' ('{comment[:40]}') komt niet op de kaart: YAML leest een '#' na een spatie als het begin van een notitie. "
                f"Hoort die tekst erbij, zet dan de hele tekst tussen dubbele aanhalingstekens: {start.example(example) if start else example}. "
                "Is het een notitie voor uzelf, zet die dan op een eigen regel.",
                codes.COMMENTAAR_IN_TEKST,
            ))
        else:
            example = quote(comment.lstrip("# "))
            problems.append(warning(
                pos,
                f"dit veld is leeg: YAML leest alles na '#' als een notitie, dus '{comment[:40]}' komt niet op de kaart. "
                f"Zet de tekst zonder '#' tussen dubbele aanhalingstekens: {start.example(example) if start else example}",
                codes.COMMENTAAR_IN_TEKST,
            ))
    return problems


def load_yaml(file: Path, rel: str, root: Path | None = None) -> Document:
    text, problems = read_text(file, rel, root)
    if text is None:
        return Document(rel, None, problems)
    root, problems = parse_yaml(text, rel)
    if root is not None and not isinstance(root, Mapping):
        kind = "een lijst" if isinstance(root, Sequence) else "losse tekst"
        problems.append(error(root.pos, f"het bestand bevat {kind}, maar moet bestaan uit sleutels met waarden (zoals 'naam: ...').", codes.GEEN_SLEUTELS))
        root = None
    return Document(rel, root, problems, text.split("\n"))


# --- Markdown with front matter ----------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


def load_markdown(file: Path, rel: str, root: Path | None = None) -> MarkdownDocument:
    text, problems = read_text(file, rel, root)
    if text is None:
        return MarkdownDocument(rel, None, "", 1, problems)
    match = _FRONT.match(text)
    if not match:
        problems.append(
            error(Pos(rel), "front matter ontbreekt: begin het bestand met '---', dan 'titel: ...' en 'volgorde: ...', en sluit af met '---'.", codes.FRONT_MATTER_ONTBREEKT)
        )
        return MarkdownDocument(rel, None, text, 1, problems, text.split("\n"))
    front_text = match.group(1) or ""
    body_line = text.count("\n", 0, match.end()) + 1
    front: Node | None = None
    if front_text.strip():
        front, problems = parse_yaml(front_text, rel, first_line=2)
        if front is not None and not isinstance(front, Mapping):
            problems.append(error(front.pos, "front matter moet bestaan uit sleutels met waarden, zoals 'titel: ...'.", codes.GEEN_SLEUTELS))
            front = None
    else:
        problems.append(error(Pos(rel), "front matter is leeg; geef ten minste 'titel' en 'volgorde'.", codes.FRONT_MATTER_ONTBREEKT))
    return MarkdownDocument(rel, front, text[match.end():], body_line, problems, text.split("\n"))
