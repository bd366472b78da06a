"""Markdown configuration shared by the checks and the renderer.

Raw HTML is off, and links may only be http(s), mailto, tel or relative, so
nothing in a Markdown file can inject markup or script.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
# The kinds of image a page or a PDF may show (files of the project's assets).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def link_allowed(url: str) -> bool:
    """http(s), mailto, tel, or a relative link without a scheme."""
    compact = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """One parser for the whole build: making one costs more than parsing a page."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = link_allowed  # type: ignore[method-assign]
    return md


def raw_html_lines(text: str) -> list[int]:
    """0-based lines of blocks that hold raw HTML (which the real parser shows as text)."""
    lines = []
    for token in _html_parser().parse(text):
        if token.map and (token.type == "html_block" or any(c.type == "html_inline" for c in token.children or [])):
            lines.append(token.map[0])
    return lines


@lru_cache(maxsize=1)
def _html_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")
