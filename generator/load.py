"""Load stage: read YAML and Markdown files into trees that remember positions.

Every value keeps its file, line and column. Duplicate keys, aliases (and so
alias bombs), tabs, bad encodings and empty files become problems, never
exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Pos, Problem, error

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


@dataclass
class MarkdownDocument:
    path: str
    front: Node | None  # front matter
    body: str
    body_line: int  # 1-based line where the body starts in the file
    problems: list[Problem] = field(default_factory=list)


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
    )


def read_text(file: Path, rel: str, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text; problems instead of exceptions. With ``root``, a file
    that a symbolic link puts outside that folder is not read."""
    if root is not None and (real := outside(file, root)) is not None:
        return None, [outside_problem(rel, real)]
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [error(Pos(rel), f"bestand kan niet worden gelezen ({exc.strerror}); controleer of het bestaat en leesbaar is.")]
    if len(data) > MAX_FILE_BYTES:
        return None, [error(Pos(rel), f"bestand is te groot ({len(data)} bytes, hoogstens {MAX_FILE_BYTES}); splits het op of verwijder wat er niet in hoort.")]
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
            )
        ]
    if not text.strip():
        return None, [error(Pos(rel), "bestand is leeg; vul het in of verwijder het.")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


# --- YAML -------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases before anything is expanded."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


class _AliasFound(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


_YAML_MESSAGES: list[tuple[str, str]] = [
    ("mapping values are not allowed", "een dubbele punt op een onverwachte plek. Staat er een ':' in een tekst? Zet de tekst dan tussen aanhalingstekens. Anders klopt het inspringen van deze regel niet."),
    ("could not find expected ':'", "hier wordt een ':' na een sleutel verwacht. Controleer of de regel erboven een sleutel met dubbele punt is, en of het inspringen klopt."),
    ("did not find expected key", "deze regel springt verkeerd in. Zet sleutels van hetzelfde niveau precies onder elkaar, met spaties."),
    ("expected <block end>", "deze regel springt verkeerd in. Zet sleutels van hetzelfde niveau precies onder elkaar, met spaties."),
    ("did not find expected '-' indicator", "hier wordt een lijstregel verwacht die met '- ' begint; controleer het inspringen."),
    ("did not find expected node content", "hier ontbreekt een waarde; controleer of er na '-' of ':' iets staat."),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten; sluit de tekst af met hetzelfde teken."),
    ("found unknown escape character", "onbekende escape na een backslash in tekst tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens of schrijf '\\\\'."),
    ("special characters are not allowed", "onzichtbaar stuurteken in het bestand; verwijder het (vaak meegekopieerd uit een ander programma)."),
    ("expected a single document", "het bestand bevat meer dan één YAML-document ('---'); zet elke gemeente in een eigen bestand."),
    ("found character '\\t'", "tab gevonden; YAML springt in met spaties. Vervang de tab door spaties."),
    ("found character '@'", "een waarde mag niet met '@' of '`' beginnen; zet de tekst tussen aanhalingstekens."),
    ("found character '`'", "een waarde mag niet met '@' of '`' beginnen; zet de tekst tussen aanhalingstekens."),
    ("found character '%'", "een waarde mag niet met '%' beginnen; zet de tekst tussen aanhalingstekens."),
    ("could not determine a constructor", "onbekend type (een '!'-tag); verwijder de tag, hier zijn alleen gewone YAML-waarden toegestaan."),
    ("found undefined tag handle", "onbekend type (een '!'-tag); verwijder de tag, hier zijn alleen gewone YAML-waarden toegestaan."),
    ("while parsing a flow", "een haakje '[' of '{' wordt niet goed gesloten; controleer de haakjes en komma's."),
]


def _dutch_yaml_message(exc: yaml.MarkedYAMLError) -> str:
    text = " ".join(str(x) for x in (exc.context, exc.problem) if x)
    for needle, dutch in _YAML_MESSAGES:
        if needle in text:
            return dutch
    return f"YAML kan deze regel niet lezen ({exc.problem}); controleer deze regel en de regel erboven."


def _tab_problems(text: str, rel: str, first_line: int) -> list[Problem]:
    problems = []
    for i, line in enumerate(text.split("\n")):
        indent = re.match(r"[ \t]*", line).group(0)  # type: ignore[union-attr]
        if "\t" in indent and line.strip():
            problems.append(
                error(
                    Pos(rel, first_line + i, indent.index("\t") + 1),
                    "tab gevonden in het inspringen; YAML springt in met spaties. Vervang de tab door spaties.",
                )
            )
    return problems


def _control_character(text: str, offset: int, rel: str, first_line: int) -> Problem:
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return error(
        Pos(rel, first_line + line, column),
        f"onzichtbaar stuurteken (U+{ord(text[offset]):04X}) in het bestand; verwijder het (vaak meegekopieerd uit een ander programma).",
    )


def _pos(rel: str, mark: Any, first_line: int) -> Pos:
    return Pos(rel, mark.line + first_line, mark.column + 1)


def parse_yaml(text: str, rel: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Parse YAML text into a position-keeping tree.

    ``first_line`` shifts line numbers (for front matter inside Markdown).
    """
    problems = _tab_problems(text, rel, first_line)
    if problems:
        return None, problems
    fast = _parse_fast(text, rel, first_line)
    if fast is not None:
        return fast
    deep = _depth_mark(text)  # before composing: the composer recurses once per level
    if deep is not None:
        return None, [_too_deep(rel, deep, first_line)]
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        return None, [_control_character(text, exc.position, rel, first_line)]
    try:
        node = loader.get_single_node()
    except _AliasFound as exc:
        return None, [
            error(
                _pos(rel, exc.mark, first_line),
                "ankers en aliassen (&naam, *naam) worden niet ondersteund; schrijf de waarde voluit.",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(rel, mark, first_line) if mark else Pos(rel, first_line)
        return None, [error(pos, _dutch_yaml_message(exc))]
    except yaml.reader.ReaderError as exc:
        return None, [_control_character(text, exc.position, rel, first_line)]
    finally:
        loader.dispose()
    if node is None:
        return None, [error(Pos(rel, first_line), "bestand bevat alleen commentaar; vul het in of verwijder het.")]
    tree_problems: list[Problem] = []
    try:
        tree = _convert(node, loader, rel, first_line, tree_problems)
    except _TooDeep as exc:
        return None, [_too_deep(rel, exc.mark, first_line)]
    return tree, tree_problems


class _Alias(Exception):
    """A node met twice: the file uses an alias."""


def _parse_fast(text: str, rel: str, first_line: int) -> tuple[Node | None, list[Problem]] | None:
    """The common case, a valid file without aliases, parsed by libyaml (C): several
    times faster than pure Python. Anything else (an error, an alias, no libyaml)
    returns None, and the pure-Python parser gives the precise message."""
    if not yaml.__with_libyaml__:
        return None
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problems: list[Problem] = []
        return _convert(node, loader, rel, first_line, problems, set()), problems
    except _TooDeep as exc:
        return None, [_too_deep(rel, exc.mark, first_line)]
    except (yaml.YAMLError, _Alias, RecursionError):
        return None
    finally:
        loader.dispose()


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:  # noqa: ANN401
        super().__init__()
        self.mark = mark


def _too_deep(rel: str, mark: Any, first_line: int) -> Problem:  # noqa: ANN401
    return error(
        _pos(rel, mark, first_line),
        f"de waarden zijn hier te diep in elkaar genest (meer dan {MAX_DIEPTE} niveaus); een regiekaart heeft er hoogstens een paar nodig. "
        "Controleer de haakjes '[' en '{' en het inspringen.",
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


def _convert(node: Any, loader: Any, rel: str, first_line: int, problems: list[Problem], seen: set[int] | None = None, depth: int = 0) -> Node:  # noqa: ANN401
    if depth > MAX_DIEPTE:
        raise _TooDeep(node.start_mark)
    if seen is not None:  # libyaml composes an alias as the very node of its anchor
        if id(node) in seen:
            raise _Alias
        seen.add(id(node))
    pos = _pos(rel, node.start_mark, first_line)
    if isinstance(node, ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            problems.append(error(pos, f"waarde '{node.value}' is geen geldige {_tag_name(node.tag)}; zet tekst tussen aanhalingstekens of schrijf een datum als JJJJ-MM-DD."))
            value = node.value
        return Scalar(value=value, raw=node.value, pos=pos, plain=node.style in (None, ""))
    if isinstance(node, SequenceNode):
        return Sequence([_convert(n, loader, rel, first_line, problems, seen, depth + 1) for n in node.value], pos)
    assert isinstance(node, MappingNode)
    entries: dict[Any, MapEntry] = {}
    for key_node, value_node in node.value:
        key_pos = _pos(rel, key_node.start_mark, first_line)
        if not isinstance(key_node, ScalarNode):
            problems.append(error(key_pos, "een sleutel moet een gewone tekst of een getal zijn, geen lijst of blok."))
            continue
        key = _convert(key_node, loader, rel, first_line, problems, seen, depth + 1)
        assert isinstance(key, Scalar)
        hashable = key.value if isinstance(key.value, (str, int)) and not isinstance(key.value, bool) else key.raw
        if hashable in entries:
            first = entries[hashable].key_pos
            problems.append(
                error(
                    key_pos,
                    f"sleutel '{key.raw}' staat hier voor de tweede keer (eerst op regel {first.line}); "
                    "YAML zou de eerste stilletjes weggooien. Voeg beide samen tot één.",
                )
            )
            continue
        entries[hashable] = MapEntry(hashable, key_pos, _convert(value_node, loader, rel, first_line, problems, seen, depth + 1))
    return Mapping(entries, pos)


def _tag_name(tag: str) -> str:
    return {
        "tag:yaml.org,2002:timestamp": "datum",
        "tag:yaml.org,2002:int": "geheel getal",
        "tag:yaml.org,2002:float": "getal",
    }.get(tag, "waarde")


def load_yaml(file: Path, rel: str, root: Path | None = None) -> Document:
    text, problems = read_text(file, rel, root)
    if text is None:
        return Document(rel, None, problems)
    root, problems = parse_yaml(text, rel)
    if root is not None and not isinstance(root, Mapping):
        kind = "een lijst" if isinstance(root, Sequence) else "losse tekst"
        problems.append(error(root.pos, f"het bestand bevat {kind}, maar moet bestaan uit sleutels met waarden (zoals 'naam: ...')."))
        root = None
    return Document(rel, root, problems)


# --- Markdown with front matter ----------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


def load_markdown(file: Path, rel: str, root: Path | None = None) -> MarkdownDocument:
    text, problems = read_text(file, rel, root)
    if text is None:
        return MarkdownDocument(rel, None, "", 1, problems)
    match = _FRONT.match(text)
    if not match:
        problems.append(
            error(Pos(rel), "front matter ontbreekt: begin het bestand met '---', dan 'titel: ...' en 'volgorde: ...', en sluit af met '---'.")
        )
        return MarkdownDocument(rel, None, text, 1, problems)
    front_text = match.group(1) or ""
    body_line = text.count("\n", 0, match.end()) + 1
    front: Node | None = None
    if front_text.strip():
        front, problems = parse_yaml(front_text, rel, first_line=2)
        if front is not None and not isinstance(front, Mapping):
            problems.append(error(front.pos, "front matter moet bestaan uit sleutels met waarden, zoals 'titel: ...'."))
            front = None
    else:
        problems.append(error(Pos(rel), "front matter is leeg; geef ten minste 'titel' en 'volgorde'."))
    return MarkdownDocument(rel, front, text[match.end():], body_line, problems)
