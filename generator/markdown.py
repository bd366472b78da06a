"""Markdown configuration shared by the checks and the renderer.

Raw HTML is off, and links may only be http(s), mailto, tel or relative, so
nothing in a Markdown file can inject markup or script.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def link_allowed(url: str) -> bool:
    """http(s), mailto, tel, or a relative link without a scheme."""
    compact = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = link_allowed  # type: ignore[method-assign]
    return md
