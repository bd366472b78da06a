"""The catalogue of problem codes: one entry per kind of problem that any stage reports.

Every ``error()`` and ``warning()`` names its code (``RK301``); the code is stable, so a
pipeline or an editor can rely on it, and the README's table of codes is made from this
catalogue (``tests/test_codes.py`` keeps the two equal). Ranges:

- RK1xx  reading a file: encoding, YAML syntax, front matter
- RK2xx  the schema: unknown keys, wrong types, names and slugs of files
- RK3xx  the content of a card: fields, criteria, tables, contacts, fit on paper
- RK4xx  the handreiking: chapters, Markdown, links, images
- RK5xx  borging: status, dates, review
- RK6xx  the build and the built site: output folder, PDFs, search, links in the site
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str  # "RK301"
    titel: str  # a short Dutch name of the problem, for the README's table
    voorbeeld: str  # a short example of the mistake, as a person would write it
    oplossing: str  # how to fix it, in one Dutch sentence
    onvolledig: bool = False  # a gap that `build --draft` lets through
    # Warnings of one kind about many files are folded into one line, e.g.
    # "20 kaarten zijn nog een voorbeeldinvulling: Alphen-Chaam, Altena, …". The
    # template gets {n} and {namen} (from Problem.onderwerp); "" means never folded.
    samen: str = ""


CODES: dict[str, Code] = {}


def _code(code: str, titel: str, voorbeeld: str, oplossing: str, onvolledig: bool = False, samen: str = "") -> str:
    assert code not in CODES, f"code {code} twice"
    CODES[code] = Code(code, titel, voorbeeld, oplossing, onvolledig, samen)
    return code


# --- RK1xx: reading a file (load.py) ---------------------------------------------------

# --- RK2xx: the schema (schema.py, assemble.py) -----------------------------------------

# --- RK3xx: the content of a card (check.py, drukwerk.py) -------------------------------

# --- RK4xx: the handreiking (check.py, links.py, markdown) ------------------------------

# --- RK5xx: borging (check.py) ----------------------------------------------------------

# --- RK6xx: the build and the built site (build.py, write.py, pdf.py, search.py, links.py)
