"""Personal data in free text: one rule set for every place where text is typed.

Under the AVG a name, phone number or e-mail address of a person on the public site is a
data breach. The wie-is-wie has its own keys for those (``schema.PERSOONSGEGEVENS``),
read only for the intranet (``--intern``); every other text is searched with the rules
here before anything is built:

- ``schema`` runs them on every text of a YAML file (gemeente, region, the universal
  card, site settings, front matter), ``assemble`` on the Markdown of every chapter, so
  `check`, `build`, `serve` and `import` all refuse the same texts;
- the invulformulier runs the same rules while she types: ``export`` puts the patterns,
  the name lists, the phone number ranges and the site's exceptions in the form's data
  file, and ``assets/js/persoonsgegevens.js`` applies them with the same steps as ``vind``
  (``tests/test_persoonsgegevens.py`` gives both the same corpus).

Where the data comes from: the ranges of Dutch phone numbers from Google's
libphonenumber (``phonenumbers``), the BSN elfproef and the IBAN check from
``python-stdnum`` (the form does the same sums on the structures exported from it), and
the Dutch first names, surnames and name particles from deduce's lookup lists.

What is allowed, on purpose:
- service numbers that never belong to one person: 0800 (gratis), 0900/0906/0909
  (betaald) and the 14-numbers of gemeenten (14 076); and 112, which is too short to
  be a number of a person;
- what the site settings list under ``persoonsgegevens`` in ``content/site.yaml``: the
  general e-mail addresses of organisations (``algemene_adressen``: the part before the
  @, such as ``info``, or a whole address), general phone numbers
  (``algemene_nummers``) and texts that only look like a person (``geen_persoon``);
- one value in a YAML file with ``# geen persoonsgegevens`` behind it (on the line of
  the key, or the last line of the value).

This module imports nothing of the generator but ``codes``, ``meldingen`` and
``problems``, so that ``schema`` (the earliest stage that uses it) may import it.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

# phonenumbers and python-stdnum are imported when a text first needs them (most never do):
# every `regiekaart` process makes a detector, and the two cost more than all the rules.

from . import codes
from .meldingen import melding
from .problems import Pos, Problem, Severity

MARKER = "geen persoonsgegevens"  # '# geen persoonsgegevens' behind a YAML value
MARKER_RE = re.compile(r"#\s*geen\s+persoonsgegevens\b", re.IGNORECASE)

# Letters as both Python's re and JavaScript (with the 'u' flag) read them: no \w or \b,
# which differ between the two (ASCII in JavaScript).
HOOFD = "A-Z\u00c0-\u00d6\u00d8-\u00de"
KLEIN = "a-z\u00df-\u00f6\u00f8-\u00ff"
LETTER = HOOFD + KLEIN
DATUM = re.compile(r"^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}")  # a date, not a phone number
WOORD = f"[{HOOFD}][{KLEIN}]+(?:['\u2019-][{HOOFD}]?[{KLEIN}]+)*"  # Jansen, Van-Dijk, D'Hondt


@dataclass(frozen=True)
class Regel:
    """One kind of personal data: a pattern that finds candidates and the test a
    candidate must pass (``toets``, the same step in Python and in the form's script)."""

    soort: str  # what the message calls it: "een telefoonnummer"
    patroon: str  # a pattern that Python and JavaScript read alike
    toets: str  # "telefoon", "email", "bsn", "iban", "postcode", "aanhef", "initialen", "voornaam"


def _alternatief(woorden: list[str]) -> str:
    """Words as an alternation, longest first; only letters, spaces, apostrophes and dots."""
    out = []
    for woord in sorted(set(woorden), key=lambda w: (-len(w), w)):
        assert re.fullmatch(r"[A-Za-z' .]+", woord), woord
        out.append(woord.replace(".", r"\.").replace(" ", r"\s+"))
    return "(?:" + "|".join(out) + ")"


# deduce's name particles ('van der', "in 't"), without the abbreviations ('v.d.') that
# would also match initials.
def _tussenvoegsels() -> list[str]:
    return [w for w in _deduce("names/lst_interfix/items.txt") if re.fullmatch(r"[a-z' ]+", w) and len(w) > 1]


def _regels() -> tuple[Regel, ...]:
    tussen = _alternatief(_tussenvoegsels())
    achternaam = f"(?:{tussen}\\s+)?{WOORD}"
    return (
        # 06-12345678, 06 1234 5678, +31 6 12345678, 0031 6 ..., +31 (0)6 ..., 076-5 29 39 39, (076) 529 39 39:
        # nine digits after the 0 (every number that can be a person's; the short 0800 and 0900 ones cannot)
        Regel("een telefoonnummer", r"(?<![0-9A-Za-z+])(?:(?:(?:\+|00)\s?31[\s.-]*(?:\(0\)[\s.-]*)?|0)[1-9](?:[\s./-]{0,2}[0-9]){8}|\(0[1-9]\)[\s.-]*[0-9](?:[\s./-]{0,2}[0-9]){7}|\(0[1-9][0-9]\)[\s.-]*[0-9](?:[\s./-]{0,2}[0-9]){6}|\(0[1-9][0-9]{2}\)[\s.-]*[0-9](?:[\s./-]{0,2}[0-9]){5})(?![0-9])", "telefoon"),
        Regel("een e-mailadres", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", "email"),
        # 123456782, 1234.56.782, 123 456 782
        Regel("een burgerservicenummer (BSN)", r"(?<![0-9A-Za-z.,-])(?:[0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{3}[ .][0-9]{3}[ .][0-9]{3}|[0-9]{3}[ .][0-9]{2}[ .][0-9]{2}[ .][0-9]{2})(?![0-9]|[.,][0-9])", "bsn"),
        # NL91 ABNA 0417 1643 00 (its length is the country's, see _toets)
        Regel("een rekeningnummer (IBAN)", r"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]){11,30}", "iban"),
        # Stationsstraat 12, 4811 AB  or  4811 AB 12 (a postcode alone names a street, not a home)
        Regel("een adres (postcode met huisnummer)", f"(?:(?<![{LETTER}])[{LETTER}]+\\s+[0-9]{{1,5}}(?:\\s?[A-Za-z]|-[0-9]{{1,4}})?,?\\s+[1-9][0-9]{{3}}\\s?[A-Z]{{2}}|(?<![0-9])[1-9][0-9]{{3}}\\s?[A-Z]{{2}},?\\s+[0-9]{{1,5}}(?![0-9]))(?![{LETTER}0-9])", "postcode"),
        # dhr. Jansen, mevrouw De Vries, de heer J. van Dijk, mw. A.B. Jansen, mevrouw Jan de Vries
        Regel("een naam", f"(?<![{LETTER}])(?:[Dd]hr\\.?|[Mm]evr\\.?|[Mm]w\\.|[Mm]ej\\.|[Dd]e\\s+heer|[Mm]evrouw|[Mm]eneer|[Mm]ijnheer)\\s+(?:(?:[{HOOFD}]\\.\\s?)+\\s*)?(?:{WOORD}\\s+)?{achternaam}", "aanhef"),
        # J. de Vries, A.B. Jansen, J.P. van der Berg
        Regel("een naam", f"(?<![{LETTER}.])((?:[{HOOFD}]\\.\\s?){{1,4}})\\s*({tussen}\\s+)?({WOORD})", "initialen"),
        # Jan de Vries, Fatima Bakker: looked for at every word (a lookahead), as 'Bij Jan de Vries' starts with 'Bij Jan'
        Regel("een naam", f"(?<![{LETTER}])(?=({WOORD})\\s+({tussen}\\s+)?({WOORD}))", "voornaam"),
    )


# --- the data from the libraries ----------------------------------------------------------


def _installed(package: str) -> str:
    """Which installation of ``package`` this is, without importing it (an upgrade writes
    its files anew): its name, and the size and time of its __init__.py."""
    spec = importlib.util.find_spec(package)
    try:
        st = os.stat(spec.origin) if spec is not None and spec.origin else None
    except OSError:
        st = None
    return f"{package} {st.st_size} {st.st_mtime_ns}" if st is not None else f"{package} -"


@lru_cache(maxsize=1)
def _deduce_folder() -> Path:
    spec = importlib.util.find_spec("deduce")  # found, not imported: deduce loads much more than these lists
    assert spec is not None and spec.submodule_search_locations, "deduce is not installed"
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "lookup" / "src"


def _deduce(rel: str, digest: Any = None) -> list[str]:  # noqa: ANN401
    """A lookup list of deduce, its exceptions left out; ``digest`` takes in what was read."""
    folder = _deduce_folder()
    items = (folder / rel).read_text(encoding="utf-8")
    exceptions = folder / rel.replace("items.txt", "exceptions.txt")
    weg = exceptions.read_text(encoding="utf-8") if exceptions.is_file() else ""
    if digest is not None:
        digest.update(f"{rel}\0{items}\0{weg}\0".encode())
    skip = set(weg.splitlines())
    return [i.strip() for i in items.splitlines() if i.strip() and i.strip() not in skip]


@dataclass(frozen=True)
class Namen:
    voornamen: frozenset[str]
    achternamen: frozenset[str]
    digest: str  # of the lists as read: a cached check is void when they change


@lru_cache(maxsize=1)
def namen() -> Namen:
    """deduce's Dutch first names and surnames, without those that are also common Dutch
    words or particles ('De', 'Wil', 'Mee'): those start many sentences and names of
    organisations."""
    digest = hashlib.sha256()
    gewoon = {w.casefold() for rel in ("whitelist/lst_common_word/items.txt", "whitelist/lst_stop_word/items.txt", "names/lst_interfix/items.txt", "names/lst_prefix/items.txt") for w in _deduce(rel, digest)}
    voornamen = frozenset(n for n in _deduce("names/lst_first_name/items.txt", digest) if len(n) > 1 and n.casefold() not in gewoon)
    achternamen = frozenset(n for n in _deduce("names/lst_surname/items.txt", digest) if len(n) > 1 and n.casefold() not in gewoon)
    return Namen(voornamen, achternamen, digest.hexdigest())


@lru_cache(maxsize=1)
def telefoon_reeksen() -> dict[str, list[str]]:
    """libphonenumber's ranges of Dutch numbers (national significant number, without
    the 0): every valid number, and the service numbers among them (0800, 090x, 14-)."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region("NL")
    assert meta is not None
    return {
        "geldig": [meta.general_desc.national_number_pattern],
        "dienst": [d.national_number_pattern for d in (meta.toll_free, meta.premium_rate, meta.no_international_dialling) if d is not None and d.national_number_pattern],
    }


@lru_cache(maxsize=1)
def iban_structuren() -> dict[str, str]:
    """Per country the structure of an IBAN after its first four characters, as a
    pattern (from python-stdnum's table, so that the form checks what stdnum checks)."""
    tekst = importlib.resources.files("stdnum").joinpath("iban.dat").read_text(encoding="utf-8")
    kinds = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}
    out = {}
    for line in tekst.splitlines():
        match = re.match(r'^([A-Z]{2})\s.*bban="([^"]*)"', line)
        if match:
            out[match.group(1)] = "".join(f"{kinds[k]}{{{n}}}" for n, k in re.findall(r"(\d+)!?([nac])", match.group(2)))
    return out


# --- the exceptions of a site -----------------------------------------------------------------


def cijfers(text: str) -> str:
    """A phone number as its national digits: '+31 (0)76 529 39 39' -> '765293939'."""
    digits = re.sub(r"[^0-9]", "", text)
    if text.lstrip().startswith("+") or digits.startswith("00"):
        digits = digits[4:] if digits.startswith("0031") else digits[2:] if digits.startswith("31") else digits
    return digits[1:] if digits.startswith("0") else digits


@dataclass(frozen=True)
class Uitzonderingen:
    """What ``content/site.yaml`` allows under ``persoonsgegevens``."""

    adressen: tuple[str, ...] = ()  # 'info' (before the @, any domain) or 'info@veiligthuis.nl'
    nummers: tuple[str, ...] = ()  # general numbers, as written
    teksten: tuple[str, ...] = ()  # texts that only look like a person

    def export(self) -> dict[str, Any]:
        return {
            "adressen": sorted({a.strip().casefold() for a in self.adressen if a.strip()}),
            "nummers": sorted({cijfers(n) for n in self.nummers if cijfers(n)}),
            "teksten": sorted({" ".join(t.split()).casefold() for t in self.teksten if t.strip()}),
        }


# --- finding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vondst:
    """A piece of personal data in a text: where (0-based offsets) and what kind."""

    start: int
    eind: int
    tekst: str
    soort: str


class Detector:
    """The rules with a site's exceptions. ``vind`` is what the form's script does too."""

    def __init__(self, uitzonderingen: Uitzonderingen | None = None) -> None:
        self.uitzonderingen = uitzonderingen or Uitzonderingen()
        self.regels = _regels()
        self._compiled = [re.compile(r.patroon) for r in self.regels]
        self._toegestaan = self.uitzonderingen.export()
        self._teksten: list[str] | None = None  # see teksten()
        self._namen = namen()
        self._reeksen: tuple[list[re.Pattern[str]], list[re.Pattern[str]]] | None = None

    def _telefoon(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        """libphonenumber's ranges, compiled at the first candidate: (valid, service)."""
        if self._reeksen is None:
            reeksen = telefoon_reeksen()
            self._reeksen = [re.compile(p) for p in reeksen["geldig"]], [re.compile(p) for p in reeksen["dienst"]]
        return self._reeksen

    def vind(self, text: str) -> list[Vondst]:
        """The personal data in ``text``, in order, overlaps removed (the first and
        longest wins); what the site's exceptions allow is left out."""
        if not text:
            return []
        found: list[Vondst] = []
        for regel, pattern in zip(self.regels, self._compiled):
            for match in pattern.finditer(text):
                # a lookahead rule matches nothing itself: its candidate is what its groups hold
                end = match.end() if match.end() > match.start() else max(match.end(g) for g in range(1, (pattern.groups or 0) + 1))
                end = self._toets(regel.toets, match, text[match.start():end])
                if end is not None:
                    found.append(Vondst(match.start(), match.start() + end, text[match.start():match.start() + end], regel.soort))
        found.sort(key=lambda v: (v.start, -(v.eind - v.start)))
        out: list[Vondst] = []
        for v in found:
            if out and v.start < out[-1].eind:
                continue
            if not self._in_uitzondering(text, v):
                out.append(v)
        return out

    def _in_uitzondering(self, text: str, v: Vondst) -> bool:
        """Inside a text that the site says is no person ('geen_persoon')."""
        norm = " ".join(text.split()).casefold()
        piece = " ".join(v.tekst.split()).casefold()
        return any(piece in allowed and allowed in norm for allowed in self.teksten())

    def teksten(self) -> list[str]:
        """The texts that only look like a person: the site's (``geen_persoon``), and the
        hospitals of deduce's list that are named after one ('Albert Schweitzer
        Ziekenhuis'), found at the first piece of personal data (they cost a search each)."""
        if self._teksten is None:
            eigen = self._toegestaan["teksten"]
            self._teksten = eigen  # while the hospitals are searched: as the site says
            # only a name that says more than the person's ('Albert Schweitzer' alone stays a name)
            instellingen = [" ".join(n.split()).casefold() for n in _deduce("institutions/lst_hospital/items.txt") if (found := self.vind(n)) and sum(v.eind - v.start for v in found) < len(n.strip())]
            self._teksten = sorted({*eigen, *instellingen})
        return self._teksten

    def _toets(self, toets: str, match: re.Match[str], text: str) -> int | None:
        """Whether a candidate is personal data: the length of what is, else None."""
        if toets == "telefoon":
            if DATUM.match(text):  # 01-03-2026 12 is a date and a time
                return None
            nsn = cijfers(text)
            geldig, dienst = self._telefoon()
            if not any(p.fullmatch(nsn) for p in geldig) or any(p.fullmatch(nsn) for p in dienst) or nsn in self._toegestaan["nummers"]:
                return None
            return len(text)
        if toets == "email":
            adres = text.casefold()
            return None if adres in self._toegestaan["adressen"] or adres.split("@")[0] in self._toegestaan["adressen"] else len(text)
        if toets == "bsn":
            from stdnum.nl import bsn

            return len(text) if bsn.is_valid(text) else None
        if toets == "iban":
            # as long as the country's IBAN (stdnum's structure), then the check digits
            structuur = iban_structuren().get(text[:2])
            if structuur is None:
                return None
            lengte = 4 + sum(int(n) for n in re.findall(r"\{(\d+)\}", structuur))
            end, count = 0, 0
            while end < len(text) and count < lengte:
                count += text[end] != " "
                end += 1
            if count < lengte or (end < len(text) and text[end] != " "):
                return None
            from stdnum import iban

            return end if iban.is_valid(text[:end], check_country=False) else None
        if toets == "postcode":
            return None if text.casefold().startswith(("postbus", "antwoordnummer")) else len(text)
        if toets == "aanhef":
            return len(text)
        if toets == "initialen":
            initialen, tussen, achter = match.group(1), match.group(2), match.group(3)
            return len(text) if initialen.count(".") >= 2 or tussen or achter in self._namen.achternamen else None
        if toets == "voornaam":
            voor, tussen, achter = match.group(1), match.group(2), match.group(3)
            return len(text) if voor in self._namen.voornamen and (tussen or achter in self._namen.achternamen) else None
        raise AssertionError(toets)

    @property
    def bronnen(self) -> str:
        """What the verdicts depend on besides the code: the versions of phonenumbers and
        python-stdnum and deduce's lists as read (assemble's cache of checked gemeenten
        is void when one changes)."""
        return f"{_installed('phonenumbers')}; {_installed('stdnum')}; deduce {self._namen.digest}; {self._toegestaan}"

    def export(self) -> dict[str, Any]:
        """The rules as data for the form's script (formulier.gegevens)."""
        n = self._namen
        return {
            "regels": [{"soort": r.soort, "patroon": r.patroon, "toets": r.toets} for r in self.regels],
            "telefoon": telefoon_reeksen(),
            "iban": iban_structuren(),
            "voornamen": sorted(n.voornamen),
            "achternamen": sorted(n.achternamen),
            "toegestaan": {**self._toegestaan, "teksten": self.teksten()},
        }


# --- as problems ------------------------------------------------------------------------------


def wat(vondsten: list[Vondst]) -> str:
    """The pieces, named: "een naam ('Jan de Vries') en een telefoonnummer ('06-1234 5678')"."""
    stukken = [melding("persoonsgegeven_stuk", soort=v.soort, tekst=" ".join(v.tekst.split())) for v in vondsten]
    return stukken[0] if len(stukken) == 1 else f"{', '.join(stukken[:-1])} {melding('en')} {stukken[-1]}"


def bericht(vondsten: list[Vondst], markdown: bool = False) -> str:
    """The message of `check` for the findings in one value (the form shows its first two sentences)."""
    uitzondering = "persoonsgegeven_uitzondering_md" if markdown else "persoonsgegeven_uitzondering"
    return f"{melding('persoonsgegeven', wat=wat(vondsten))} {melding('persoonsgegeven_intern')} {melding(uitzondering)}"


def _problem(path: str, where: list[tuple[int, int, int]], vondsten: list[Vondst], markdown: bool) -> Problem:
    """One problem for the findings of one value: at the first, with carets up to the
    last that is on the same line."""
    line, column, lengte = where[0]
    last = max((w for w in where if w[0] == line), key=lambda w: w[1])
    return Problem(Pos(path, line, column), bericht(vondsten, markdown), Severity.FOUT, codes.PERSOONSGEGEVEN, lengte=max(lengte, last[1] + last[2] - column))


def in_waarde(detector: Detector, node: Any, text: str, lines: list[str]) -> list[Problem]:  # noqa: ANN401
    """The personal data in one value of a YAML file (``node``: its Scalar, or the list
    written where a text belongs) as one problem at the first piece; none when the
    value carries the marker '# geen persoonsgegevens'."""
    found = detector.vind(text)
    if not found or (lines and _marked(node, lines)):
        return []
    end = getattr(node, "end", None)
    where = []
    for v in found:
        spot = locate(lines, (node.pos.line, node.pos.column), (end.line, end.column), v.tekst) if lines and end is not None else None
        where.append(spot or (node.pos.line, node.pos.column, 1))
    return [_problem(node.pos.path, where, found, False)]


def in_markdown(detector: Detector, path: str, body: str, body_line: int) -> list[Problem]:
    """The personal data in the text of a chapter (its body): a problem per line."""
    per_line: dict[int, list[tuple[tuple[int, int, int], Vondst]]] = {}
    for v in detector.vind(body):
        line_start = body.rfind("\n", 0, v.start) + 1
        line_end = body.find("\n", v.start)
        lengte = (v.eind if line_end < 0 else min(line_end, v.eind)) - v.start
        line = body_line + body.count("\n", 0, v.start)
        per_line.setdefault(line, []).append(((line, v.start - line_start + 1, max(1, lengte)), v))
    return [_problem(path, [w for w, _ in items], [v for _, v in items], True) for items in per_line.values()]


def _marked(node: Any, lines: list[str]) -> bool:  # noqa: ANN401
    """'# geen persoonsgegevens' as a comment on the value's first line (after the key,
    or after '>-' of a block), or after the end of a plain or quoted value."""
    start, end = node.pos, getattr(node, "end", None)
    if not 0 < start.line <= len(lines):
        return False
    first = lines[start.line - 1]
    if MARKER_RE.search(_comment_part(first[start.column - 1:])):
        return True
    block = first[start.column - 1: start.column] in ("|", ">")
    if end is None or block or not 0 < end.line <= len(lines) or end.line == start.line:
        return False
    return bool(MARKER_RE.search(_comment_part(lines[end.line - 1][end.column - 1:])))


def _comment_part(line: str) -> str:
    """The part of a YAML line after a '#' that starts a comment (outside quotes)."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i:]
    return ""


def locate(lines: list[str], start: tuple[int, int], end: tuple[int, int], piece: str) -> tuple[int, int, int] | None:
    """Where ``piece`` (a part of a value) is written in the source between the 1-based
    (line, column) ``start`` and ``end``: (line, column, length on that line), or None
    when the file writes it otherwise (an escape in quotes)."""
    words = piece.split()
    if not words:
        return None
    pattern = re.compile(r"\s+(?:#[^\n]*\n\s*)?".join(re.escape(w) for w in words))
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    text = "\n".join(lines)
    begin = offsets[start[0] - 1] + start[1] - 1 if start[0] - 1 < len(lines) else len(text)
    stop = offsets[end[0] - 1] + end[1] - 1 if end[0] - 1 < len(lines) else len(text)
    match = pattern.search(text, begin, max(stop, begin))
    if match is None:
        return None
    line = text.count("\n", 0, match.start())
    column = match.start() - offsets[line] + 1
    length = min(match.end(), offsets[line + 1] - 1) - match.start()
    return line + 1, column, max(1, length)


@lru_cache(maxsize=8)
def detector(uitzonderingen: Uitzonderingen | None = None) -> Detector:
    """One detector per set of exceptions: the name lists are read once per process."""
    return Detector(uitzonderingen)
