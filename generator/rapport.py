"""Reporting problems to a person: order, the source line with a caret, grouping.

The stages return ``Problem`` values; this module decides how a person sees them, on
the terminal (check, build, publish, serve) and on serve's error page. Errors come
first; each problem can show its line of the source with a caret under the column,
in the manner of rustc and ruff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Pos, Problem


@dataclass(frozen=True)
class Snippet:
    """One line of a source file, and the column a problem points at (1-based)."""

    line: int
    text: str  # the line as written, without its newline; tabs shown as one space each
    column: int

    def lines(self) -> list[str]:
        """The line and a caret under the column, with the line number in a gutter:
        ``  57 | casusregie: Wijkteam`` and ``     |             ^``."""
        gutter = len(str(self.line))
        column = max(1, min(self.column, len(self.text) + 1))
        return [f"{self.line:>{gutter}} | {self.text}", f"{'':>{gutter}} | {' ' * (column - 1)}^"]


def snippet(root: Path, pos: Pos) -> Snippet | None:
    """The source line of ``pos`` (a path relative to ``root``, or absolute), or None
    when there is no such line: a problem about a whole file or folder, or a file that
    cannot be read as text."""
    if pos.line < 1:
        return None
    path = Path(pos.path)
    file = path if path.is_absolute() else root / path
    try:
        with file.open("rb") as f:
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
