"""The trust guide (docs/TRUST.md) as a page: the section in the reader's language.

docs/TRUST.md is the one text, for the repository's readers and the portal's alike; its
sections start at `<!-- lang: xx -->` lines. Markdown is rendered with raw HTML off, so
the page holds only what Markdown itself makes. Read and rendered once per process.
"""

import re
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

GUIDE = Path(__file__).resolve().parent.parent.parent / "docs" / "TRUST.md"
_SECTION = re.compile(r"^<!-- lang: ([a-z]{2}) -->$", re.M)


@cache
def sections(path=GUIDE):
    """Return {language: rendered HTML} of the guide's sections; raise OSError when it is missing."""
    parts = _SECTION.split(path.read_text(encoding="utf-8"))
    renderer = MarkdownIt("commonmark", {"html": False})
    pairs = zip(parts[1::2], parts[2::2], strict=True)
    # Safe: markdown-it escapes every character of the text itself, raw HTML being off.
    return {language: Markup(renderer.render(body)) for language, body in pairs}  # noqa: S704


def guide_html(language):
    """Return the guide's HTML in `language`, or in Indonesian when it has no such section."""
    found = sections()
    return found.get(language) or found["id"]
