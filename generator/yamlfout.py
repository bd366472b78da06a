"""The YAML mistakes that people make: found at the line where they made them, and repaired.

PyYAML stops at the first error, and often reports it somewhere else: an unclosed quote
at the end of the file, a missing space after a colon on the next line. This module looks
at the text around PyYAML's mark, as the person wrote it, and says what is wrong on
which line and how to fix it (with the corrected line as the example). It also repairs
that line in a copy of the text (close the quote, quote the value, re-indent the line to
its siblings, ...), so that ``load.parse_yaml`` can parse again and find the other
mistakes of the file in the same run. Repairs never add or remove a line: every line
number stays the person's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from . import codes
from .problems import Pos, Problem, error
from .velden import VELDEN

# Spaces that YAML does not count as spaces: copied from Word or a web page.
ODD_SPACES = "\u00a0\u2007\u202f\u3000\u200b\u2060"
ODD_SPACE_NAMES = {"\u00a0": "harde spatie", "\u2007": "harde spatie", "\u202f": "smalle harde spatie", "\u3000": "brede spatie", "\u200b": "onzichtbare spatie", "\u2060": "onzichtbaar teken"}
CURLY_OPEN = "“‘„‚"
CURLY = "“”‘’„‚"
# A line as a person writes it: indentation, list dashes, a key and its colon, a value.
_REGEL = re.compile(
    r"(?P<indent>[ \t" + ODD_SPACES + r"]*)"
    r"(?P<dash>(?:-(?:[ \t]+|$))*)"
    r"(?:(?P<key>[^\s#'\"?:,\[\]{}&*!|>%@`\-" + ODD_SPACES + r"][^#]*?)[ \t]*:(?=[ \t]|$)[ \t]*)?"
    r"(?P<value>.*)"
)
_NO_SPACE = re.compile(r"([A-Za-z0-9_][\w-]*):(?=[^ \t/])")  # 'casusregie:Wijkteam', not 'https://'
_KEY_WORD = re.compile(r"([a-z0-9_][a-z0-9_]*)[ \t]+\S")  # 'casusregie Wijkteam': a key without its colon
_DUTCH_APOSTROPHE = re.compile(r"'[stnSTN](?=[ \t-]|$)")  # 's Avonds, 's-Hertogenbosch, 't Zand
INDICATORS = {
    "-": "YAML leest een '- ' aan het begin als een regel van een lijst",
    "*": "YAML leest een '*' aan het begin als een verwijzing (alias); ankers en aliassen (&naam, *naam) worden niet ondersteund",
    "&": "YAML leest een '&' aan het begin als een anker; ankers en aliassen (&naam, *naam) worden niet ondersteund",
    "!": "YAML leest een '!' aan het begin als een type (tag)",
    "%": "een '%' mag in YAML niet aan het begin van een tekst staan",
    "@": "een '@' mag in YAML niet aan het begin van een tekst staan",
    "`": "een '`' mag in YAML niet aan het begin van een tekst staan",
    "|": "YAML leest een '|' aan het begin als het begin van een tekst over meer regels",
    ">": "YAML leest een '>' aan het begin als het begin van een tekst over meer regels",
    "?": "YAML leest een '?' aan het begin als een sleutel",
    "[": "YAML leest een '[' aan het begin als het begin van een lijst tussen haakjes",
    "{": "YAML leest een '{' aan het begin als het begin van een blok tussen accolades",
    ",": "een ',' mag in YAML niet aan het begin van een tekst staan",
}
_COMMENTED_KEY = re.compile(r"([ \t]*)#[ \t]?([\w-]+:(?:[ \t]+[|>][-+0-9]*)?)[ \t]*$")  # '  # 1:', '#toelichting: >-': a key commented out
MAX_EXAMPLE = 70  # longest corrected line a message shows in full


@dataclass(frozen=True)
class Regel:
    """One line of the text, taken apart as a person writes it."""

    text: str
    indent: str  # leading spaces (and tabs or odd spaces, which are mistakes)
    dash: str  # '- ' of a list item ('- - ' for a list in a list), or ''
    key: str | None  # the key before ': ', or None
    value: str  # everything after the key's colon (or the dash), without trailing space
    value_col: int  # 0-based column where the value starts

    @property
    def key_col(self) -> int:
        return len(self.indent) + len(self.dash)

    @property
    def colon_col(self) -> int:
        return self.text.index(":", self.key_col + len(self.key or "")) if self.key is not None else -1

    @property
    def blank(self) -> bool:
        stripped = self.text.strip(" \t" + ODD_SPACES)
        return not stripped or stripped.startswith("#")

    @property
    def opener(self) -> bool:
        """A key whose value follows on the next lines (a block or a list)."""
        return self.key is not None and (not self.value or self.value.startswith("#"))

    def example(self, value: str) -> str:
        """The line without its indentation, with ``value`` after the key or dash."""
        head = self.dash + (f"{self.key}: " if self.key is not None else "")
        line = head + value
        if len(line) > MAX_EXAMPLE:
            keep = MAX_EXAMPLE - len(head) - 6
            line = head + value[: keep - keep // 3] + " … " + value[len(value) - keep // 3:]
        return line

    def with_value(self, value: str) -> str:
        return self.text[: self.value_col] + value


def regel(text: str) -> Regel:
    match = _REGEL.match(text)
    assert match is not None  # every part of the pattern is optional
    key = match.group("key")
    value = match.group("value").rstrip(" \t")
    return Regel(text, match.group("indent"), match.group("dash"), key.rstrip() if key is not None else None, value, match.start("value"))


def quote(text: str) -> str:
    """``text`` as a YAML string in quotes: double quotes unless the text holds them."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quoted_end(value: str) -> int | None:
    """Where the quoted scalar that starts ``value`` ends (the index of its closing quote),
    as YAML reads it; None when the quote is not closed on this line."""
    q, i = value[0], 1
    while i < len(value):
        if q == "'" and value[i] == "'":
            if value[i + 1: i + 2] == "'":
                i += 2
                continue
            return i
        if q == '"' and value[i] == "\\":
            i += 2
            continue
        if q == '"' and value[i] == '"':
            return i
        i += 1
    return None


def split_comment(value: str) -> tuple[str, str]:
    """A plain value and the comment after it: 'Wijkteam  # Noord' -> ('Wijkteam', '  # Noord')."""
    match = re.search(r"[ \t]+#", value)
    return (value[: match.start()], value[match.start():]) if match else (value, "")


_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")


def odd_space(text: str) -> int | None:
    match = _ODD_SPACE.search(text)
    return match.start() if match else None


def _spaties(n: int) -> str:
    return f"{n} {'spatie' if n == 1 else 'spaties'}"


def width(indent: str) -> int:
    """How wide an indentation looks in an editor (a tab as four)."""
    return len(indent.replace("\t", "    "))


# --- what PyYAML reported ---------------------------------------------------------------


@dataclass(frozen=True)
class Fout:
    """A place where reading stopped: PyYAML's error, or something that parsed but is
    surely a mistake ('zacht', found while converting the tree: 'naam:Zundert status' as
    a key, a tag, an anchor)."""

    line: int  # 0-based, in the text being parsed
    column: int
    problem: str = ""  # PyYAML's problem text
    context: str = ""
    context_line: int | None = None
    context_column: int | None = None
    zacht: str = ""  # "", "sleutel" (a key with a colon or odd space), "teken" (tag or anchor), "dubbelepunt" (a text made a key)

    @classmethod
    def of(cls, exc: yaml.MarkedYAMLError) -> "Fout":
        mark = exc.problem_mark or exc.context_mark
        context = exc.context_mark
        return cls(
            mark.line if mark else 0,
            mark.column if mark else 0,
            str(exc.problem or ""),
            str(exc.context or ""),
            context.line if context else None,
            context.column if context else None,
        )


@dataclass
class Herstel:
    """What a diagnosis found: the problem to report (None when the line was reported
    already) and the repaired line (None when it cannot be repaired)."""

    line: int
    problem: Problem | None
    new_text: str | None


def first_error(text: str) -> int | None:
    """The 0-based line where parsing ``text`` stops (by the fast C parser where there is
    one), or None when it parses: to try a repair."""
    try:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        if exc.context_mark is not None and "scanning" in str(exc.context or ""):
            return exc.context_mark.line
        return exc.problem_mark.line if exc.problem_mark is not None else 0
    except yaml.YAMLError:
        return 0
    return None


# --- the repair of one text --------------------------------------------------------------


class Reparatie:
    """A text being repaired, one mistake at a time; what was reported, and where."""

    def __init__(self, text: str, rel: str, first_line: int) -> None:
        self.lines = text.split("\n")
        self.original = list(self.lines)
        self.rel, self.first_line = rel, first_line
        self.reported: dict[int, Problem] = {}  # line -> the problem reported there
        self.shift: dict[int, int] = {}  # line -> columns its indentation grew

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def pos(self, line: int, column: int) -> Pos:
        return Pos(self.rel, line + self.first_line, column + 1)

    def regel(self, line: int) -> Regel:
        return regel(self.lines[line]) if 0 <= line < len(self.lines) else regel("")

    def replace(self, line: int, text: str) -> None:
        old, new = regel(self.lines[line]), regel(text)
        self.shift[line] = self.shift.get(line, 0) + len(new.indent) - len(old.indent)
        self.lines[line] = text

    # --- before parsing: characters that are wrong wherever they are

    def prescan(self) -> list[Problem]:
        """Control characters anywhere, and tabs and odd spaces in the indentation: every
        such line is reported and repaired before the first parse."""
        problems = []
        printable = yaml.reader.Reader.NON_PRINTABLE
        for i, line in enumerate(self.lines):
            match = printable.search(line)
            if match is not None:
                problem = error(
                    self.pos(i, match.start()),
                    f"onzichtbaar stuurteken (U+{ord(match.group()):04X}) in het bestand; verwijder het (vaak meegekopieerd uit een ander programma).",
                    codes.STUURTEKEN,
                )
                problems.append(problem)
                self.reported[i] = problem
                self.lines[i] = printable.sub(" ", line)
        for i in range(len(self.lines)):
            r = regel(self.lines[i])
            if r.blank or i in self.reported:
                continue
            if "\t" in r.indent:
                target = self._best_indent(i)
                problem = error(
                    self.pos(i, r.indent.index("\t")),
                    "tab gevonden in het inspringen; YAML springt in met spaties. Vervang de tab door spaties"
                    + (f", net zoveel als de regels van hetzelfde niveau (hier {_spaties(target)})." if target is not None else "."),
                    codes.TAB,
                )
                problems.append(problem)
                self._repair_indent(i, problem, target)
            elif (at := odd_space(r.indent)) is not None and (r.key is not None or r.dash):  # in a text under '>-' it is text
                problem = error(
                    self.pos(i, at),
                    f"in het inspringen staat een {ODD_SPACE_NAMES[r.indent[at]]} (U+{ord(r.indent[at]):04X}), vaak meegekopieerd uit Word of een webpagina; "
                    "YAML telt die niet als spatie. Vervang hem door een gewone spatie.",
                    codes.HARDE_SPATIE,
                )
                problems.append(problem)
                self._repair_indent(i, problem, self._best_indent(i))
        return problems

    def _repair_indent(self, line: int, problem: Problem, target: int | None) -> None:
        self.reported[line] = problem
        r = self.regel(line)
        indent = " " * (target if target is not None else width(r.indent))
        self.replace(line, indent + r.text[len(r.indent):])

    # --- indentation

    def _candidates(self, line: int) -> list[int]:
        """Indentations that line ``line`` could mean, nearest first: those of the keys
        (or list dashes) above it, and one level deeper than a key that opens a block."""
        r = self.regel(line)
        is_dash = bool(r.dash)
        own = width(r.indent)
        found: dict[int, int] = {}  # indentation -> preference (lower is better)
        for j in range(line - 1, -1, -1):
            above = self.regel(j)
            if above.blank or (above.key is None and not above.dash):
                continue
            col = width(above.indent)
            if is_dash and above.dash:
                found.setdefault(col, 0)
            if above.key is not None:
                found.setdefault(width(above.indent) + len(above.dash), 0 if not is_dash else 1)
                if above.opener and j == self._previous(line):
                    found.setdefault(width(above.indent) + len(above.dash) + 2, 0)
                    if is_dash:
                        found.setdefault(width(above.indent) + len(above.dash), 0)
            if col == 0 and not above.dash:
                break  # a key at the left margin: nothing above it is still open
        found.setdefault(0, 2)  # the left margin, where the first key of a file stands
        below = self._next(line)
        if r.opener and below is not None and (self.regel(below).key is not None or self.regel(below).dash):
            # a key that opens a block stays above its block: '     2:' over lines at 4 spaces goes to 2, not 4
            deepest = width(self.regel(below).indent) - (0 if self.regel(below).dash else 1)
            found = {c: p for c, p in found.items() if c <= deepest}
        return sorted((c for c in found if c != own or "\t" in r.indent or odd_space(r.indent) is not None), key=lambda c: (abs(c - own), found[c], c))

    def _previous(self, line: int) -> int | None:
        for j in range(line - 1, -1, -1):
            if not self.regel(j).blank:
                return j
        return None

    def _next(self, line: int) -> int | None:
        for j in range(line + 1, len(self.lines)):
            if not self.regel(j).blank:
                return j
        return None

    def _reach(self, line: int, text: str) -> int:
        """How far the text parses with ``line`` replaced by ``text`` (past the end: all of it)."""
        trial = list(self.lines)
        trial[line] = text
        reach = first_error("\n".join(trial))
        return len(self.lines) + 1 if reach is None else reach

    def _best_indent(self, line: int) -> int | None:
        """The indentation for ``line`` that lets the text parse furthest; None if none helps."""
        return self._best_indent_reach(line)[0]

    def _best_indent_reach(self, line: int) -> tuple[int | None, int]:
        r = self.regel(line)
        best, best_reach = None, line
        for target in self._candidates(line):
            reach = self._reach(line, " " * target + r.text[len(r.indent):])
            if reach > best_reach:
                best, best_reach = target, reach
            if reach > len(self.lines):
                break
        return best, best_reach

    # --- a diagnosis

    def diagnose(self, fout: Fout) -> Herstel:
        """Which line the person got wrong, what to tell them, and the repaired line."""
        found = self._diagnose(fout)
        line = found.line
        if line in self.reported and found.problem is not None:
            found = Herstel(line, None, None)  # reported before, and still wrong: a rougher repair
        elif found.problem is not None:
            self.reported[line] = found.problem
        found.new_text = self._best(line, [] if found.new_text is None else [found.new_text])
        return found

    def _best(self, line: int, preferred: list[str]) -> str | None:
        """Of the repairs of ``line`` (the diagnosis' own first, then quoting its value,
        re-indenting it, and blanking a line that holds no key), the one that lets the
        text parse furthest; None when none gets past the line. A line with a key is
        never blanked: its key would be reported missing, which is not the mistake."""
        r = self.regel(line)
        options = list(preferred)
        if r.value and r.value[0] not in "\"'" and (r.key is not None or r.dash):
            text, comment = split_comment(r.value)
            options.append(r.with_value(quote(text) + comment))
        target = self._best_indent(line)
        if target is not None:
            options.append(" " * target + r.text[len(r.indent):])
        if r.key is None and not r.dash:
            options.append("")
        best, best_reach = None, line
        for option in dict.fromkeys(options):
            if option == self.lines[line]:
                continue
            reach = self._reach(line, option)
            if reach > best_reach:
                best, best_reach = option, reach
            if reach > len(self.lines):
                break
        return best

    def _diagnose(self, fout: Fout) -> Herstel:
        m = fout.line
        if fout.zacht:
            return self._soft(fout)
        if "quoted scalar" in fout.context and fout.context_line is not None and "escape" not in fout.problem:
            return self._quote_open(fout.context_line, fout.context_column or 0)
        if "escape" in fout.problem:
            return self._escape(fout)
        if "'\\t'" in fout.problem:
            r = self.regel(m)
            if fout.column >= len(r.indent):  # a tab between words: YAML 1.2 allows it, PyYAML not
                line = self.lines[m]
                return Herstel(m, None, line[: fout.column] + " " + line[fout.column + 1:])
            problem = error(self.pos(m, fout.column), "tab gevonden in het inspringen; YAML springt in met spaties. Vervang de tab door spaties.", codes.TAB)
            target = self._best_indent(m)
            return Herstel(m, problem, None if target is None else " " * target + r.text[len(r.indent):])
        if self.lines[m].strip() in ("---", "...") if m < len(self.lines) else False:
            return Herstel(m, error(self.pos(m, 0), f"een regel met alleen '{self.lines[m].strip()}' begint in YAML een nieuw document; een bestand hoort één gemeente te bevatten. Haal de regel weg.", codes.MEER_DOCUMENTEN), "")
        # The line the error is about: where a scanned token started, else the mark.
        line = fout.context_line if fout.context_line is not None and ("scanning" in fout.context or "flow" in fout.context) else m
        column = fout.context_column if line != m else fout.column
        found = self._on_line(line, column or 0, fout) or self._stray_dash(line)
        if found is not None:
            return found
        found = self._above(line, fout)
        if found is not None:
            return found
        r = self.regel(line)
        if r.key is None and not r.dash and r.value and (found := self._text_indentation(line) or self._commented_header(line)) is not None:
            return found
        if r.key is None and not r.dash and r.value and (found := self._missing_colon(line)) is not None:
            return found
        if self._is_indentation(line, fout) and (r.key is not None or r.dash or not r.value):
            return self._indentation(line)
        return self._fallback(line, column or 0, fout)

    # --- the kinds of mistake

    def _quote_open(self, line: int, column: int) -> Herstel:
        r = self.regel(line)
        if (found := self._junk(line)) is not None:
            return found  # '  "2:' or "toelichting: '>-": a stray quote
        value = self.lines[line][column:].rstrip()
        q = value[:1] or '"'
        if _DUTCH_APOSTROPHE.match(value):
            return self._apostrophe_start(line, column)
        fixed = value + q
        problem = error(
            self.pos(line, column),
            f"het aanhalingsteken {q} aan het begin van deze tekst wordt niet gesloten; YAML leest daardoor alles tot het volgende {q} als één tekst. "
            f"Sluit de tekst af met hetzelfde teken: {r.example(fixed) if column == r.value_col else fixed}",
            codes.AANHALINGSTEKEN_OPEN,
        )
        return Herstel(line, problem, self.lines[line].rstrip() + q)

    def _apostrophe_start(self, line: int, column: int) -> Herstel:
        r = self.regel(line)
        value = self.lines[line][column:].rstrip()
        text = value[:-1] if value.endswith("'") and quoted_end(value) == len(value) - 1 else value
        fixed = quote(text)
        problem = error(
            self.pos(line, column),
            f"een tekst die begint met {text[:2]} (zoals 's Avonds of 's-Hertogenbosch) leest YAML als een tekst tussen enkele aanhalingstekens. "
            f"Zet de hele tekst tussen dubbele aanhalingstekens: {r.example(fixed)}",
            codes.APOSTROF_BEGIN,
        )
        return Herstel(line, problem, self.lines[line][:column] + fixed)

    def _escape(self, fout: Fout) -> Herstel:
        r = self.regel(fout.line)
        line = self.lines[fout.line]
        at = max(fout.column - 1, 0)
        value = r.value[1:-1] if r.value.startswith('"') and r.value.endswith('"') else r.value
        problem = error(
            self.pos(fout.line, at),
            "een backslash (\\) in een tekst tussen dubbele aanhalingstekens leest YAML als het begin van een speciaal teken. "
            f"Zet de tekst tussen enkele aanhalingstekens: {r.example(chr(39) + value.replace(chr(39), chr(39) * 2) + chr(39))}",
            codes.BACKSLASH,
        )
        return Herstel(fout.line, problem, line[:at] + "\\\\" + line[at + 1:])

    def _on_line(self, line: int, column: int, fout: Fout) -> Herstel | None:
        """A mistake that the line itself shows."""
        if not 0 <= line < len(self.lines):
            return None
        r = self.regel(line)
        found = self._key_mistake(line) or self._junk(line)
        if found is not None:
            return found
        value = r.value
        if not value or column < r.value_col and r.key is not None:
            return None
        first = value[0]
        if first in "\"'":
            end = quoted_end(value)
            if end is None and fout.line == line and column == r.value_col + 1:
                return None  # this quote closed a text that a line above opened: see _above
            if first == "'" and _DUTCH_APOSTROPHE.match(value) and (end is None or value[end + 1:].strip()[:1] not in ("", "#")):
                return self._apostrophe_start(line, r.value_col)
            if end is None:
                return self._quote_open(line, r.value_col) if "quoted" in fout.context or "end of stream" in fout.problem else None
            rest = value[end + 1:].strip()
            if rest and not rest.startswith("#") and column > r.value_col + end:
                return self._quote_inside(line, r, end)
            return None
        if first in CURLY_OPEN:
            return self._curly(line, r)
        if first in INDICATORS and (first != "-" or value[1:2] in ("", " ", "\t")):
            return self._indicator(line, r)
        if "mapping values" in fout.problem and fout.line == line and column > r.value_col:
            text, comment = split_comment(value)
            fixed = quote(text)
            problem = error(
                self.pos(line, column),
                f"een dubbele punt met een spatie erna midden in een tekst leest YAML als een nieuwe sleutel. Zet de hele tekst tussen dubbele aanhalingstekens: {r.example(fixed)}",
                codes.DUBBELE_PUNT,
            )
            return Herstel(line, problem, r.with_value(fixed + comment))
        return None

    def _junk(self, line: int) -> Herstel | None:
        """A stray character before a key ('&  2:', '- opschalen:' among keys), or after
        the colon of a key whose block follows ('  4: !', 'toelichting: >-“')."""
        r = self.regel(line)
        text = self.lines[line]
        rest = text[len(r.indent):]
        before = re.match(r"([-&*!%@`\[\]{}>|,?:\\\"'“”‘’„]+)[ \t]*", rest) if r.key is None else None
        junk = before.group(1) if before is not None else ""
        if junk.endswith("-") and rest[len(junk): len(junk) + 1] in (" ", "\t"):
            junk = junk[:-1]  # '&- rol:': the '- ' of the list stays
        after = regel(r.indent + rest[len(junk):].lstrip(" \t")) if junk else None
        if after is not None and after.key is not None:
            # '  : opschalen:' or '[  1:': with or without the spaces after the stray character
            fixed = max(dict.fromkeys([r.indent + rest[len(junk):].lstrip(" \t"), r.indent + rest[len(junk):]]), key=lambda t: self._reach(line, t))
            shown = f'"{junk}"' if "'" in junk else f"'{junk}'"
            message = f"aan het begin van deze regel staat {shown} voor de sleutel '{after.key}'; dat hoort er niet. Haal het weg: {fixed.strip()}"
            return Herstel(line, error(self.pos(line, len(r.indent)), message, codes.TEKEN_AAN_BEGIN), fixed)
        if r.dash and r.key is not None:
            above = self._previous_key(line)
            a = self.regel(above) if above is not None else None
            if a is not None and a.key is not None and not a.dash and not a.opener and width(a.indent) in (r.key_col, width(r.indent)):
                variants = [r.indent + text[r.key_col:], r.indent + " " * len(r.dash) + text[r.key_col:]]
                fixed = max(variants, key=lambda t: self._reach(line, t))
                message = f"de '-' voor '{r.key}' maakt van deze regel een regel van een lijst, maar de regels eromheen zijn sleutels. Haal de '-' weg: {fixed.strip()}"
                return Herstel(line, error(self.pos(line, len(r.indent)), message, codes.TEKEN_AAN_BEGIN), fixed)
        below = self._next(line)
        deeper = below is not None and width(self.regel(below).indent) > width(r.indent) + len(r.dash)
        if r.key is not None and r.value and deeper:
            value, comment = split_comment(r.value)
            stray = re.match(r"""([-&*!%@`'"“”‘’„,:?\[\]{}]+)[ \t]*(?=[|>][-+0-9]*$)""", value)
            if stray is not None:  # "toelichting: '>-": a stray character before the '>-' of a text
                junk = stray.group(1)
                message = f"voor '{value[stray.end():]}' staat {repr(junk) if chr(39) not in junk else chr(34) + junk + chr(34)}; dat hoort er niet. Haal het weg: {r.key}: {value[stray.end():]}"
                return Herstel(line, error(self.pos(line, r.value_col), message, codes.TEKEN_AAN_BEGIN), r.with_value(value[stray.end():] + comment))
            header = re.match(r"[|>][-+0-9]*", value)
            if header and header.end() < len(value) and not re.search(r"\w", value[header.end():]):
                junk = value[header.end():].strip()
                message = f"na '{header.group()}' mag niets meer staan op deze regel; de tekst begint op de regel eronder. Haal '{junk}' weg."
                fixed = r.with_value(header.group() + comment)
                return Herstel(line, error(self.pos(line, r.value_col + header.end()), message, codes.TEKEN_AAN_BEGIN), fixed)
            below_r = self.regel(below) if below is not None else None
            if not re.search(r"\w", value) and below_r is not None and (below_r.key is not None or below_r.dash):
                message = f"na '{r.key}:' staat '{value}', maar de regels eronder horen bij '{r.key}'. Haal '{value}' weg."
                return Herstel(line, error(self.pos(line, r.value_col), message, codes.TEKEN_AAN_BEGIN), r.with_value(comment.lstrip()))
        return None

    def _previous_key(self, line: int) -> int | None:
        """The nearest line above with a key (a text under '>-' skipped)."""
        for j in range(line - 1, -1, -1):
            r = self.regel(j)
            if r.key is not None or r.dash:
                return j
        return None

    def _stray_dash(self, line: int) -> Herstel | None:
        """A '- ' before a key among the keys of a block, a few lines above where reading
        stopped (a list cannot stand beside keys at the same indentation)."""
        for j in range(line, max(-1, line - 10), -1):
            r = self.regel(j)
            if r.dash and r.key is not None and j not in self.reported:
                above = next((k for k in range(j - 1, -1, -1) if not self.regel(k).blank and (self.regel(k).key is not None or self.regel(k).dash) and width(self.regel(k).indent) <= width(r.indent)), None)
                a = self.regel(above) if above is not None else None
                if a is not None and a.key is not None and not a.dash and not a.opener and width(a.indent) == width(r.indent):
                    fixed = r.indent + r.text[r.key_col:]
                    message = f"de '-' voor '{r.key}' maakt van deze regel een regel van een lijst, maar de regels eromheen zijn sleutels. Haal de '-' weg: {fixed.strip()}"
                    return Herstel(j, error(self.pos(j, len(r.indent)), message, codes.TEKEN_AAN_BEGIN), fixed)
        return None

    def _key_mistake(self, line: int) -> Herstel | None:
        """A key written wrong: no space after its colon, an odd space, no colon at all."""
        r = self.regel(line)
        if r.key is not None or not r.value:
            if r.key is not None and (at := odd_space(r.key)) is not None:
                return self._odd_space(line, r.key_col + at)
            return None
        match = _NO_SPACE.match(r.value)
        if match:
            colon = r.value_col + match.end() - 1
            after = self.lines[line][colon + 1]
            if after in ODD_SPACES:
                return self._odd_space(line, colon + 1)
            key = match.group(1)
            rest = r.value[match.end():]
            below = self._next(line)
            if not re.search(r"\w", rest) and below is not None and width(self.regel(below).indent) > width(r.indent) + len(r.dash):
                message = f"na '{key}:' staat '{rest.strip()}', maar de regels eronder horen bij '{key}'. Haal '{rest.strip()}' weg."
                return Herstel(line, error(self.pos(line, colon + 1), message, codes.TEKEN_AAN_BEGIN), self.lines[line][: colon + 1])
            problem = error(
                self.pos(line, colon),
                f"na de dubbele punt van '{key}' hoort een spatie; zonder spatie leest YAML '{key}:{rest[:20]}' als één tekst. "
                f"Schrijf: {r.dash}{key}: {rest}",
                codes.SPATIE_NA_DUBBELE_PUNT,
            )
            return Herstel(line, problem, self.lines[line][: colon + 1] + " " + self.lines[line][colon + 1:])
        return None

    def _odd_space(self, line: int, at: int) -> Herstel:
        text = self.lines[line]
        ch = text[at]
        problem = error(
            self.pos(line, at),
            f"hier staat een {ODD_SPACE_NAMES[ch]} (U+{ord(ch):04X}), vaak meegekopieerd uit Word of een webpagina; YAML telt die niet als spatie. "
            "Vervang hem door een gewone spatie.",
            codes.HARDE_SPATIE,
        )
        return Herstel(line, problem, re.sub(f"[{ODD_SPACES}]", " ", text[: at + 1]) + text[at + 1:])

    def _quote_inside(self, line: int, r: Regel, end: int) -> Herstel:
        value = r.value
        q = value[0]
        last = value.rstrip()
        text, comment = (last[1:-1], "") if last.endswith(q) else split_comment(value[1:])
        fixed = quote(text)
        if q == "'":
            word = re.search(r"[^\s']*'[^\s']*$", value[: end + 1]).group() + re.match(r"[^\s']*", value[end + 1:]).group()
            message = (
                f"de apostrof in \"{word}\" sluit de tekst al af, want die begint met een enkel aanhalingsteken ('). "
                f"Zet de tekst tussen dubbele aanhalingstekens: {r.example(fixed)}"
            )
        else:
            message = (
                f"het aanhalingsteken \" midden in de tekst sluit de tekst die met \" begint al af. "
                f"Zet de tekst tussen enkele aanhalingstekens: {r.example(fixed)}"
            )
        problem = error(self.pos(line, r.value_col + end), message, codes.AANHALINGSTEKEN_BINNENIN)
        return Herstel(line, problem, r.with_value(fixed + comment))

    def _curly(self, line: int, r: Regel) -> Herstel:
        text, comment = split_comment(r.value)
        inner = text[1:-1] if len(text) > 1 and text[-1] in CURLY else text[1:]
        fixed = quote(inner)
        problem = error(
            self.pos(line, r.value_col),
            f"de tekst staat tussen gekrulde aanhalingstekens ({text[0]}…), zoals Word ze maakt; YAML ziet die niet als aanhalingstekens en leest de dubbele punt erin als een nieuwe sleutel. "
            f"Gebruik rechte aanhalingstekens: {r.example(fixed)}",
            codes.GEKRULDE_AANHALINGSTEKENS,
        )
        return Herstel(line, problem, r.with_value(fixed + comment))

    def _indicator(self, line: int, r: Regel) -> Herstel:
        first = r.value[0]
        text, comment = split_comment(r.value)
        if first == "[" and text.count("[") > text.count("]"):
            close = "]"
            problem = error(
                self.pos(line, r.value_col),
                f"het haakje '{first}' wordt niet gesloten. Bedoelt u een lijst, sluit die dan af met '{close}'; is het gewone tekst, "
                f"zet die dan tussen dubbele aanhalingstekens: {r.example(quote(text))}",
                codes.TEKEN_AAN_BEGIN,
            )
            return Herstel(line, problem, r.with_value(text + close + comment))
        fixed = quote(text)
        problem = error(
            self.pos(line, r.value_col),
            f"een tekst mag niet met '{first}' beginnen: {INDICATORS[first]}. Zet de tekst tussen dubbele aanhalingstekens: {r.example(fixed)}",
            codes.TEKEN_AAN_BEGIN,
        )
        return Herstel(line, problem, r.with_value(fixed + comment))

    def _above(self, line: int, fout: Fout) -> Herstel | None:
        """A mistake on a line above the one where reading stopped: an unclosed quote
        (YAML read on to the next quote), a key without its colon or the space after it
        (YAML read the next line as part of the text)."""
        continuation = self._continuation(line, fout)
        if continuation:
            j = self._previous(line)
            if j is not None:
                found = self._key_mistake(j) or self._junk(j)
                if found is not None:
                    return found
                if (found := self._missing_colon(j)) is not None:
                    return found
        if "could not find expected ':'" in fout.problem and (found := self._missing_colon(line)) is not None:
            return found
        j = self._previous(line)
        if j is not None and not continuation and (found := self._missing_colon(j)) is not None:
            return found  # '  toevoegen' over its list, 'casusregie Wijkteam' over a sibling
        if "mapping values" in fout.problem and not continuation:
            return None
        for j in range(line - 1, -1, -1):
            above = self.regel(j)
            if above.value[:1] in ("'", '"') and quoted_end(above.value) is None and j not in self.reported:
                if above.value[0] == "'" and _DUTCH_APOSTROPHE.match(above.value):
                    return self._apostrophe_start(j, above.value_col)
                return self._quote_open(j, above.value_col)
        return None

    def _keys(self) -> set[str]:
        """The keys this text uses (the original text: a repair may not have reached them)."""
        if not hasattr(self, "_known"):
            self._known = {k for k in (regel(line).key for line in self.original) if k}
        return self._known

    def _text_block(self, line: int) -> int | None:
        """The key line ('toelichting: >-') of the block of text that ``line`` (a line
        without a key) belongs to, or None."""
        for j in range(line - 1, -1, -1):
            r = self.regel(j)
            if r.blank:
                continue
            if r.key is not None:
                return j if re.match(r"[|>][-+0-9]*[ \t]*(#.*)?$", r.value) else None
            if r.dash:
                return None
        return None

    def _bare_key(self, line: int) -> bool:
        """A line with only a word that could be a key: '  2', '  toevoegen  # ...'."""
        r = self.regel(line)
        return r.key is None and bool(re.fullmatch(r"[\w-]+", split_comment(r.value)[0])) and not r.value.startswith("#")

    def _missing_colon(self, line: int) -> Herstel | None:
        """'casusregie Wijkteam' (a key without its colon, the next line at the same
        indentation) or '  2' (a bare key with its block under it)."""
        r = self.regel(line)
        if r.key is not None or not r.value:
            return None
        below = self._next(line)
        b = self.regel(below) if below is not None else None
        own = width(r.indent) + len(r.dash)
        word = split_comment(r.value)[0]
        match = _KEY_WORD.match(r.value)
        if match is not None and not ((looks_like_key(match.group(1), self._keys()) or self._text_block(line) is None) and (b is None or width(b.indent) <= own)):
            match = None
        if match is None and self._bare_key(line) and b is not None:
            if width(b.indent) > own or (looks_like_key(word, self._keys()) and width(b.indent) == own and b.key is not None):
                match = re.match(r"([\w-]+)", word)
        if match is None:
            return None
        key = match.group(1)
        at = r.value_col + len(key)
        problem = error(
            self.pos(line, at),
            f"na de sleutel '{key}' ontbreekt de dubbele punt. Schrijf: {f'{r.dash}{key}: {r.value[len(key):].strip()}'.rstrip()}",
            codes.DUBBELE_PUNT_ONTBREEKT,
        )
        return Herstel(line, problem, self.lines[line][:at] + ":" + self.lines[line][at:])

    def _continuation(self, line: int, fout: Fout) -> bool:
        """Reading stopped at the colon of the line's own key: YAML read the line as the
        continuation of a text that the line above began."""
        r = self.regel(line)
        if "mapping values" in fout.problem and r.key is not None and fout.line == line and fout.column == r.colon_col:
            return True
        return "could not find expected ':'" in fout.problem or "simple key" in fout.context

    def _is_indentation(self, line: int, fout: Fout) -> bool:
        text = fout.problem + " " + fout.context
        return any(
            needle in text
            for needle in ("expected <block end>", "did not find expected key", "did not find expected '-'", "mapping values", "sequence entries", "could not find expected ':'", "block mapping", "block collection")
        )

    def _indentation(self, line: int) -> Herstel:
        """A line that does not line up. Either the line itself is off, or the first line
        of its block is (and so every later line of the block seems off), or that first
        line has a stray '- ', or the key of the block is commented out: whichever repair
        lets the text parse furthest, with the smallest change; the line itself when all
        are alike."""
        r = self.regel(line)
        own = width(r.indent)
        target, reach = self._best_indent_reach(line)
        # (reach, -change, kind, line, new text)
        options: list[tuple[int, int, str, int, str | None]] = [(reach, -abs((target or own) - own), "zelf", line, None if target is None else " " * target + r.text[len(r.indent):])]
        parent = self._previous(line)
        if parent is not None and self.regel(parent).opener and width(self.regel(parent).indent) >= own and parent not in self.reported:
            new_parent, got = self._best_indent_reach(parent)  # '     1:' over its lines at 4 spaces
            if new_parent is not None:
                p = self.regel(parent)
                options.append((got, -abs(new_parent - width(p.indent)), "blok", parent, " " * new_parent + p.text[len(p.indent):]))
        commented = _COMMENTED_KEY.match(self.lines[line - 1]) if line > 0 else None
        if commented and len(commented.group(1)) < own:  # '    #op_de_kaart:' over this line
            text = commented.group(1) + commented.group(2)
            options.append((self._reach(line - 1, text), 0, "commentaar", line - 1, text))
        for j in self._block_starts(line):
            first = self.regel(j)
            if first.dash and not r.dash:
                stripped = " " * own + first.text[first.key_col:]
                options.append((self._reach(j, stripped), -1, "streepje", j, stripped))
                new = own - len(first.dash)  # '- versie:' whose key should stand over 'datum:' below
            elif bool(first.dash) == bool(r.dash) and (first.key is not None or first.dash):
                new = own
            else:
                new = -1
            if new >= 0 and new != width(first.indent):
                text = " " * new + first.text[len(first.indent):]
                options.append((self._reach(j, text), -abs(new - width(first.indent)), "blok", j, text))
            commented = _COMMENTED_KEY.match(self.lines[j - 1]) if j > 0 else None
            if commented and len(commented.group(1)) < width(first.indent):
                text = commented.group(1) + commented.group(2)
                options.append((self._reach(j - 1, text), 0, "commentaar", j - 1, text))
        best = max(options, key=lambda o: (o[0], o[1]))
        if best[0] <= line and best[2] != "zelf":
            best = options[0]
        _, _, kind, line, new_text = best
        r = self.regel(line)
        own = width(r.indent)
        if kind == "streepje":
            message = f"de '-' voor '{r.key}' maakt van deze regel een regel van een lijst, maar de regels eronder zijn sleutels van hetzelfde blok. Haal de '-' weg."
            return Herstel(line, error(self.pos(line, len(r.indent)), message, codes.TEKEN_AAN_BEGIN), new_text)
        if kind == "commentaar":
            message = (
                f"de sleutel '{new_text.strip()}' staat in commentaar (na '#'), maar de regels eronder die erbij horen niet. "
                "Haal de '#' weg, of zet ook die regels in commentaar."
            )
            return Herstel(line, error(self.pos(line, self.lines[line].index("#")), message, codes.INSPRINGEN), new_text)
        target = width(regel(new_text).indent) if new_text is not None else None
        sibling = self._sibling(line, target) if target is not None else None
        where = f" Regel {sibling + self.first_line} ('{self.regel(sibling).text.strip()[:40]}') staat op {_spaties(target)}." if sibling is not None else ""
        problem = error(
            self.pos(line, len(r.indent)),
            f"deze regel springt verkeerd in ({_spaties(own)}). Zet sleutels van hetzelfde niveau precies onder elkaar, met spaties.{where}",
            codes.INSPRINGEN,
        )
        return Herstel(line, problem, new_text)

    def _text_indentation(self, line: int) -> Herstel | None:
        """A line of a text under 'toelichting: >-' that does not line up with the first
        line of that text (which sets how far the whole text is indented)."""
        header = None
        for j in range(line - 1, -1, -1):
            r = self.regel(j)
            if r.blank and not self.lines[j].strip(" \t" + ODD_SPACES):
                continue
            if r.key is not None and re.match(r"[|>][-+0-9]*[ \t]*(#.*)?$", r.value):
                header = j
                break
            if r.key is not None or r.dash or r.blank:
                return None
        if header is None or header + 1 >= line:
            return None
        first = header + 1
        while first < line and not self.lines[first].strip():
            first += 1
        h, f, r = self.regel(header), self.regel(first), self.regel(line)
        own, want = width(r.indent), width(f.indent)
        options = []
        if own > width(h.indent) and own != want:
            options.append((line, " " * want + r.text[len(r.indent):]))
        if own > width(h.indent) and own != want:
            options.append((first, " " * own + f.text[len(f.indent):]))
        if own <= width(h.indent):
            options.append((line, " " * want + r.text[len(r.indent):]))
        if not options:
            return None
        at, text = max(options, key=lambda o: self._reach(o[0], o[1]))
        wrong = self.regel(at)
        message = (
            f"deze regel van de tekst onder '{h.key}: {h.value}' springt anders in dan de andere regels ervan ({_spaties(width(wrong.indent))}). "
            f"Zet alle regels van de tekst even ver in, verder dan '{h.key}' (hier {_spaties(width(regel(text).indent))})."
        )
        return Herstel(at, error(self.pos(at, len(wrong.indent)), message, codes.INSPRINGEN), text)

    def _commented_header(self, line: int) -> Herstel | None:
        """Lines of text under a key that is commented out ('#toelichting: >-')."""
        for j in range(line - 1, -1, -1):
            r = self.regel(j)
            commented = _COMMENTED_KEY.match(self.lines[j])
            if commented and len(commented.group(1)) < width(self.regel(line).indent):
                text = commented.group(1) + commented.group(2)
                message = (
                    f"de sleutel '{commented.group(2)}' staat in commentaar (na '#'), maar de regels eronder die erbij horen niet. "
                    "Haal de '#' weg, of zet ook die regels in commentaar."
                )
                return Herstel(j, error(self.pos(j, self.lines[j].index("#")), message, codes.INSPRINGEN), text)
            if r.key is not None or r.dash or (r.blank and self.lines[j].strip()):
                return None
        return None

    def _block_starts(self, line: int) -> list[int]:
        """The first lines of the blocks above ``line`` (after a key that opens a block, or
        the first line of the text): each sets the indentation of its block."""
        starts, after_opener = [], True
        structural = [j for j in range(0, line) if not self.regel(j).blank]
        for j in structural:
            r = self.regel(j)
            if after_opener and (r.key is not None or r.dash):
                starts.append(j)
            after_opener = r.opener
        return [j for j in starts if line - j <= 80][::-1]

    def _sibling(self, line: int, target: int) -> int | None:
        """A line above (or else below) ``line`` at the indentation it should have."""
        r = self.regel(line)
        for j in [*range(line - 1, -1, -1), *range(line + 1, min(len(self.lines), line + 40))]:
            above = self.regel(j)
            if above.blank:
                continue
            if r.dash and above.dash and width(above.indent) == target:
                return j
            if above.key is not None and width(above.indent) + len(above.dash) == target:
                return j
        return None

    def _fallback(self, line: int, column: int, fout: Fout) -> Herstel:
        r = self.regel(line)
        if r.key is None and not r.dash and r.value and not r.value.startswith("#"):
            # A line of text among keys: it cannot be read, and holds no key that blanking it could lose.
            problem = error(
                self.pos(line, len(r.indent)),
                "deze regel heeft geen sleutel met een dubbele punt (zoals 'casusregie: ...'), dus YAML kan hem niet lezen. "
                "Hoort de tekst bij de regel erboven, spring hem dan verder in dan die sleutel; is het een notitie, begin de regel dan met '# '.",
                codes.DUBBELE_PUNT_ONTBREEKT,
            )
            return Herstel(line, problem, "")
        problem = error(self.pos(line, column), translate(fout), codes.SYNTAXFOUT)
        if r.value and r.value[0] not in "\"'" and (r.key is not None or r.dash):
            text, comment = split_comment(r.value)
            return Herstel(line, problem, r.with_value(quote(text) + comment))
        return Herstel(line, problem, "" if r.key is None and not r.dash else None)

    def _soft(self, fout: Fout) -> Herstel:
        """Something that parsed but cannot be what the person meant."""
        line = fout.line
        r = self.regel(line)
        found = self._key_mistake(line) or self._junk(line)
        if found is not None:
            return found
        if fout.zacht == "sleutel":  # 'naam:Zundert' read together with the next line as one key
            if (at := odd_space(self.lines[line])) is not None:
                return self._odd_space(line, at)
        if fout.zacht == "teken" and fout.column < len(self.lines[line]):
            # the message where YAML stopped (an alias in 'b: &b [*a]'), the repair of the whole value
            shown = fout.column if self.lines[line][fout.column] in "&!*" else r.value_col
            at = r.value_col if r.value[:1] in ("&", "*", "!") else fout.column
            if self.lines[line][at] in "&!*" and self.lines[line][shown] in "&!*":
                value = self.lines[line][at:]
                text, comment = split_comment(value)
                fixed = quote(text)
                ch = self.lines[line][shown]
                problem = error(
                    self.pos(line, shown),
                    f"een tekst mag niet met '{ch}' beginnen: {INDICATORS[ch]}. Zet de tekst tussen dubbele aanhalingstekens: {r.example(fixed) if at == r.value_col else fixed}",
                    codes.TEKEN_AAN_BEGIN,
                )
                return Herstel(line, problem, self.lines[line][:at] + fixed + comment)
        if fout.zacht == "dubbelepunt" and r.key is not None:
            text, comment = split_comment(r.value)
            whole = f"{r.key}: {text}"
            fixed = quote(whole)
            problem = error(
                self.pos(line, r.colon_col),
                "een dubbele punt met een spatie erna midden in een tekst leest YAML als een sleutel met een waarde. "
                f"Zet de hele tekst tussen dubbele aanhalingstekens: {r.dash}{fixed}",
                codes.DUBBELE_PUNT,
            )
            return Herstel(line, problem, self.lines[line][: r.key_col] + fixed + comment)
        return self._fallback(line, fout.column, fout)


def translate(fout: Fout) -> str:
    """PyYAML's message in Dutch, for a mistake that no diagnosis recognised."""
    text = f"{fout.context} {fout.problem}"
    for needle, dutch in _YAML_MESSAGES:
        if needle in text:
            return dutch
    return "YAML kan deze regel niet lezen; controleer de aanhalingstekens, de dubbele punten en het inspringen van deze regel en de regel erboven."


_YAML_MESSAGES: list[tuple[str, str]] = [
    ("mapping values are not allowed", "een dubbele punt op een onverwachte plek. Staat er een ':' in een tekst? Zet de tekst dan tussen aanhalingstekens. Anders klopt het inspringen van deze regel niet."),
    ("could not find expected ':'", "hier wordt een ':' na een sleutel verwacht. Controleer of de regel erboven een sleutel met dubbele punt is, en of het inspringen klopt."),
    ("expected <block end>", "deze regel springt verkeerd in. Zet sleutels van hetzelfde niveau precies onder elkaar, met spaties."),
    ("did not find expected key", "deze regel springt verkeerd in. Zet sleutels van hetzelfde niveau precies onder elkaar, met spaties."),
    ("did not find expected '-' indicator", "hier wordt een lijstregel verwacht die met '- ' begint; controleer het inspringen."),
    ("expected the node content", "hier ontbreekt een waarde, of de waarde begint met een teken dat YAML anders leest; zet de tekst tussen dubbele aanhalingstekens."),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten; sluit de tekst af met hetzelfde teken."),
    ("while parsing a flow", "een haakje '[' of '{' wordt niet goed gesloten; controleer de haakjes en komma's."),
    ("could not determine a constructor", "onbekend type (een '!'-tag); verwijder de tag, hier zijn alleen gewone YAML-waarden toegestaan."),
]


def suspicious_key(raw: str) -> bool:
    """A key that cannot be meant: 'naam:Zundert status' (no space after a colon, YAML
    read two lines as one key) or one with an odd space in it."""
    return (":" in raw and bool(_NO_SPACE.match(raw))) or _ODD_SPACE.search(raw) is not None


def looks_like_key(word: str, keys: set[str]) -> bool:
    return word in keys or word in VELDEN or "_" in word or word.isdigit()


def no_space_value(raw: str, keys: set[str]) -> bool:
    """A value such as 'operationeel_verantwoordelijk:Teamleider': a key and its value
    without the space after the colon."""
    match = _NO_SPACE.match(raw)
    return bool(match) and looks_like_key(match.group(1), keys)


def apostrophe_lost(node: Any, source: Callable[[int, int], str]) -> bool:  # noqa: ANN401
    """'s Avonds het crisisteam' in single quotes: YAML drops the apostrophe of 's."""
    return node.style == "'" and bool(_DUTCH_APOSTROPHE.match(source(node.start_mark.line, node.start_mark.column) + node.value[:2]))
