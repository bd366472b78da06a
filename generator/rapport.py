"""Reporting problems to a person: order, the source line with a caret, grouping.

The stages return ``Problem`` values; this module decides how a person sees them, on
the terminal (check, build, publish, serve) and on serve's error page. Errors come
first; each problem can show its line of the source with a caret under the column,
in the manner of rustc and ruff; many warnings of one kind about many files are one
line (``fold``). For tools there are JSON Lines and GitHub Actions annotations
(``check --format json|github|gitlab``).

Nothing from a file reaches the terminal raw: every text that a command prints goes
through ``zichtbaar``, which writes the characters a terminal would act on (escape
sequences that move the cursor, set the window title or write the clipboard) or that
change what a line seems to say (bidi controls, line separators) as visible escapes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping

import click

from .problems import Pos, Problem, Severity


# --- What reaches a terminal ------------------------------------------------------------

# Any character outside printable ASCII and the tab; only these are looked at one by one.
_NIET_ASCII = re.compile(r"[^\t\x20-\x7e]")
# The categories shown as escapes: control characters (C0 but the tab, DEL, C1; ESC starts
# every terminal sequence, and C1's CSI and OSC do the same on their own), format
# characters (the bidi controls U+202A-202E, U+2066-2069, U+200E/F and U+061C, zero-width
# characters, tags), the line and paragraph separators, and lone surrogates.
ONZICHTBAAR = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(char: str, in_json: bool) -> str:
    code = ord(char)
    if in_json:  # as JSON writes it: the text stays valid JSON, with the same value
        if code > 0xFFFF:
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def zichtbaar(text: str, in_json: bool = False) -> str:
    """``text`` as it may reach a terminal: every control character but the tab, every
    bidi control and other invisible format character, and the line separators, written
    as an escape (``\\x1b``, ``\\u202e``); the rest unchanged. Every text that a command
    prints goes through here (also a newline inside a text: one printed line stays one
    line). ``in_json``: ``text`` is JSON; the escapes are JSON's (``\\u001b``), so that it
    stays valid JSON with the same values. Applying it twice changes nothing more."""
    if not _NIET_ASCII.search(text):
        return text
    heel = "\n\r" if in_json else ""  # JSON writes them as escapes inside a string: outside one they are white space

    def escape(m: re.Match[str]) -> str:
        char = m.group()
        return _escape(char, in_json) if unicodedata.category(char) in ONZICHTBAAR and char not in heel else char

    return _NIET_ASCII.sub(escape, text)


def zichtbare_regels(text: str) -> str:
    """``zichtbaar`` for a text of several lines: each line on its own, the line breaks
    kept (a report, a diff)."""
    return "\n".join(zichtbaar(line) for line in text.split("\n"))


@dataclass(frozen=True)
class Snippet:
    """One line of a source file, and the column a problem points at (1-based)."""

    line: int
    text: str  # the line as written, without its newline; tabs shown as one space each
    column: int
    width: int = 1  # how many characters from the column the problem is about (carets)

    def lines(self) -> list[str]:
        """The line and a caret under the column, with the line number in a gutter:
        ``  57 | casusregie: Wijkteam`` and ``     |             ^``; a problem about a
        piece of the line (personal data) gets a caret under each of its characters.
        Control characters in the line are shown as escapes (``zichtbaar``), the carets
        still under what they point at."""
        gutter = len(str(self.line))
        column = max(1, min(self.column, len(self.text) + 1))
        width = max(1, min(self.width, len(self.text) + 1 - column))
        voor, stuk = zichtbaar(self.text[: column - 1]), zichtbaar(self.text[column - 1 : column - 1 + width])
        return [f"{self.line:>{gutter}} | {zichtbaar(self.text)}", f"{'':>{gutter}} | {' ' * len(voor)}{'^' * max(1, len(stuk))}"]


def snippet(root: Path, pos: Pos, teksten: Mapping[str, bytes] | None = None) -> Snippet | None:
    """The source line of ``pos`` (a path relative to ``root``, or absolute; or a text of
    ``teksten``, by path: a file that is not on disk, such as one in a zip), or None
    when there is no such line: a problem about a whole file or folder, or a file that
    cannot be read as text."""
    if pos.line < 1:
        return None
    path = Path(pos.path)
    file = path if path.is_absolute() else root / path
    try:
        with io.BytesIO(teksten[pos.path]) if teksten and pos.path in teksten else file.open("rb") as f:
            for number, raw in enumerate(f, 1):
                if number == pos.line:
                    text = raw.decode("utf-8", errors="replace").rstrip("\r\n").removeprefix("\ufeff")
                    return Snippet(pos.line, text.replace("\t", " "), pos.column) if text.strip() else None
    except OSError:
        return None
    return None


def ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings; within each, by place and text (deterministic)."""
    return sorted(set(problems), key=lambda p: (not p.is_error, p.pos, p.message))


# --- Folding: many warnings of one kind about many files are one line -------------------

NAMEN_VOLUIT = 4  # up to this many names are all listed; beyond it, the first few and "en N andere"
NAMEN_KORT = 3


@dataclass(frozen=True)
class Folded:
    """Warnings of one code about two or more files, shown as one line (the code's
    ``samen`` template in the catalogue, filled with how many and whom)."""

    code: str
    text: str
    problems: tuple[Problem, ...]

    severity = Severity.WAARSCHUWING  # only warnings are folded

    @property
    def is_error(self) -> bool:
        return False


def namen(names: list[str]) -> str:
    """'A, B en C'; more than a handful: 'A, B, C en 17 andere'."""
    if len(names) <= NAMEN_VOLUIT:
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    return f"{', '.join(names[:NAMEN_KORT])} en {len(names) - NAMEN_KORT} andere"


def fold(problems: list[Problem], alle: bool = False) -> list[Problem | Folded]:
    """The problems in their order (see ``ordered``), with the warnings of a code that
    has a ``samen`` template in the catalogue folded into one line where two or more
    files have them. Folded lines come last: what is about one place first, the lines
    about many files under it. ``alle``: fold nothing."""
    from .codes import CODES

    items = ordered(problems)
    if alle:
        return list(items)
    groups: dict[str, list[Problem]] = {}
    for p in items:
        entry = CODES.get(p.code)
        if not p.is_error and entry is not None and entry.samen:
            groups.setdefault(p.code, []).append(p)
    folded = {}
    for code, group in groups.items():
        if len({p.pos.path for p in group}) < 2:
            continue
        names = list(dict.fromkeys(p.onderwerp or Path(p.pos.path).stem for p in group))
        folded[code] = Folded(code, CODES[code].samen.format(n=len(names), namen=namen(names)), tuple(group))
    return [p for p in items if p.code not in folded] + list(folded.values())


# --- Text for a person on a terminal ----------------------------------------------------

BREEDTE = 100  # a longer source line is shown as a window of this many characters around the column

# Problems about a file as a whole (it cannot be read, is too big, is a link out of the
# project, has an unsuitable name, or a second file for the same gemeente): at 1:1 they
# point at no line, so none is shown. The codes are stable (see codes.py).
HEEL_BESTAND = frozenset({"RK101", "RK102", "RK105", "RK213", "RK214", "RK701", "RK702", "RK703", "RK704", "RK705", "RK706", "RK707"})


def bronregel(root: Path | None, problem: Problem, teksten: Mapping[str, bytes] | None = None) -> Snippet | None:
    """The line to show under a problem, or None (see ``snippet`` and HEEL_BESTAND)."""
    if root is None or (problem.code in HEEL_BESTAND and (problem.pos.line, problem.pos.column) == (1, 1)):
        return None
    found = snippet(root, problem.pos, teksten)
    return replace(found, width=problem.lengte) if found is not None and problem.lengte > 1 else found


def _style(kleur: bool) -> Callable[..., str]:
    def style(text: str, **styles: Any) -> str:  # noqa: ANN401
        return click.style(text, **styles) if kleur else text

    return style


def venster(s: Snippet, breedte: int = BREEDTE) -> Snippet:
    """A long line cut to ``breedte`` characters around the column, with '…' where it
    was cut (generated HTML can be one line of thousands)."""
    if len(s.text) <= breedte:
        return s
    column = max(1, min(s.column, len(s.text) + 1))
    start = max(0, min(column - 1 - breedte // 2, len(s.text) - breedte))
    text = s.text[start : start + breedte]
    links = "…" if start > 0 else ""
    rechts = "…" if start + breedte < len(s.text) else ""
    return Snippet(s.line, links + text + rechts, column - start + len(links), s.width)


def tekst(items: list[Problem | Folded], root: Path | None, kleur: bool = False, hint: str = "", teksten: Mapping[str, bytes] | None = None) -> list[str]:
    """The lines a person reads: per problem ``pad:regel:kolom: fout: melding  [RK301]``
    and, when the problem is about a line, that line with a caret under the column (and
    an empty line after it); problems in a row at the same place share it, under the
    last. A folded line has no place; ``hint`` goes under it (how to see each warning).
    ``kleur``: ANSI colours (errors red, warnings yellow, the gutter dim); ``teksten``:
    files that are not on disk, by path (see ``snippet``). Paths, messages and lines are
    shown with their control characters as escapes (``zichtbaar``), before any colour."""
    style = _style(kleur)
    lines: list[str] = []
    for i, item in enumerate(items):
        kleur_van = "red" if item.is_error else "yellow"
        code = f"  {style(f'[{zichtbaar(item.code)}]', dim=True)}" if item.code else ""
        if isinstance(item, Folded):
            lines.append(f"{style('waarschuwing', fg=kleur_van, bold=True)}: {zichtbaar(item.text)}{code}")
            if hint:
                lines.append(style(f"  {zichtbaar(hint)}", dim=True))
            lines.append("")
            continue
        severity = style(item.severity.value, fg=kleur_van, bold=True)
        lines.append(f"{style(zichtbaar(str(item.pos)), bold=True)}: {severity}: {zichtbaar(item.message)}{code}")
        volgende = items[i + 1] if i + 1 < len(items) else None
        if isinstance(volgende, Problem) and volgende.pos == item.pos:
            continue  # the same line follows
        s = bronregel(root, item, teksten)
        if s is None:
            continue
        regel, caret = venster(s).lines()
        gutter, _, text = regel.partition(" | ")
        leeg, _, wijzer = caret.partition(" | ")
        lines.append(f"  {style(gutter + ' |', dim=True)} {text}")
        lines.append(f"  {style(leeg + ' |', dim=True)} {style(wijzer, fg=kleur_van, bold=True)}")
        lines.append("")
    return lines


def kleur_gewenst() -> bool | None:
    """False when NO_COLOR is set (https://no-color.org); else None: click decides by
    whether the stream is a terminal."""
    return False if os.environ.get("NO_COLOR", "") else None


# --- For tools: JSON Lines and GitHub Actions annotations -------------------------------


def json_lines(problems: list[Problem]) -> list[str]:
    """One JSON object per problem (no folding, no source lines): code, severity
    ("fout" or "waarschuwing"), path, line, column, message."""
    return [
        zichtbaar(json.dumps({"code": p.code, "severity": p.severity.value, "path": p.pos.path, "line": p.pos.line, "column": p.pos.column, "message": p.message}, ensure_ascii=False), in_json=True)
        for p in ordered(problems)
    ]


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _path_from(p: Problem, root: Path | None, cwd: Path | None) -> str:
    """The path of ``p`` as a CI service wants it: from the folder the job runs in (``cwd``,
    the repository's root) when the file lies inside it, else as reported."""
    path = p.pos.path
    if root is not None and not Path(path).is_absolute():
        full = root / path
        cwd = cwd or Path.cwd()
        if full.is_relative_to(cwd):
            path = full.relative_to(cwd).as_posix()
    return path


def github_lines(problems: list[Problem], root: Path | None = None, cwd: Path | None = None) -> list[str]:
    """GitHub Actions workflow commands, one per problem: ``::error file=…,line=…,col=…,
    title=RK301::melding`` (``::warning`` for a warning). GitHub finds the file from the
    folder the job runs in, so a path in the project ``root`` is written relative to
    ``cwd`` (the current folder) when it lies inside it."""
    lines = []
    for p in ordered(problems):
        props = [f"file={_github_property(_path_from(p, root, cwd))}", f"line={p.pos.line}", f"col={p.pos.column}"]
        if p.code:
            props.append(f"title={_github_property(p.code)}")
        lines.append(zichtbaar(f"::{'error' if p.is_error else 'warning'} {','.join(props)}::{_github_data(p.message)}"))
    return lines


def gitlab_report(problems: list[Problem], root: Path | None = None, cwd: Path | None = None) -> str:
    """GitLab's code quality report (a JSON array in the Code Climate format) for
    ``artifacts:reports:codequality``: GitLab shows each problem at its line in a merge
    request. Paths as for GitHub (from the repository's root). The fingerprint names the
    problem without its line, so that it stays the same when lines above it move."""
    seen: dict[str, int] = {}
    report = []
    for p in ordered(problems):
        path = _path_from(p, root, cwd)
        base = hashlib.sha256(f"{p.code}\0{path}\0{p.message}".encode("utf-8")).hexdigest()
        seen[base] = seen.get(base, 0) + 1
        fingerprint = base if seen[base] == 1 else hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()
        report.append({
            "description": f"{p.code}: {p.message}" if p.code else p.message,
            "check_name": p.code or "regiekaart",
            "fingerprint": fingerprint,
            "severity": "major" if p.is_error else "minor",
            "location": {"path": path, "lines": {"begin": max(p.pos.line, 1)}},
        })
    return zichtbaar(json.dumps(report, ensure_ascii=False, indent=1), in_json=True)
