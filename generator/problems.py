"""Problems: small values every stage returns instead of raising."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    FOUT = "fout"
    WAARSCHUWING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a source file; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    pos: Pos
    message: str
    severity: Severity = Severity.FOUT
    code: str = ""  # a stable code of the catalogue in codes.py, e.g. "RK301"
    onderwerp: str = ""  # whom it is about (a gemeente's name), for folding like warnings into one line
    lengte: int = 1  # how many characters of the line from the column it is about (the carets under it)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.FOUT

    @property
    def onvolledig(self) -> bool:
        """A gap that `build --draft` lets through."""
        from .codes import CODES

        entry = CODES.get(self.code)
        return entry is not None and entry.onvolledig

    def format(self) -> str:
        return f"{self.pos}: {self.severity.value}: {self.message}"


def error(pos: Pos, message: str, code: str = "", onderwerp: str = "") -> Problem:
    return Problem(pos, message, Severity.FOUT, code, onderwerp)


def warning(pos: Pos, message: str, code: str = "", onderwerp: str = "") -> Problem:
    return Problem(pos, message, Severity.WAARSCHUWING, code, onderwerp)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Stable order by place, then text: output is deterministic."""
    return sorted(set(problems), key=lambda p: (p.pos, p.severity.value, p.message))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def summary(problems: list[Problem], n_files: int) -> str:
    """One Dutch summary line, as a linter ends its output."""
    n_err = sum(1 for p in problems if p.is_error)
    n_warn = len(problems) - n_err
    files = f"{n_files} {'bestand' if n_files == 1 else 'bestanden'}"
    if not problems:
        return f"Geen problemen gevonden in {files}."
    parts = []
    if n_err:
        parts.append(f"{n_err} {'fout' if n_err == 1 else 'fouten'}")
    if n_warn:
        parts.append(f"{n_warn} {'waarschuwing' if n_warn == 1 else 'waarschuwingen'}")
    return f"{' en '.join(parts)} in {files}."
