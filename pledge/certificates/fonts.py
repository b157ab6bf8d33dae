"""The embedded TrueType font whose subsets are cut and compressed once per process.

reportlab embeds, in every PDF, the subset of each font the document uses: it gives each
character a code in order of first use, cuts the glyphs of those codes out of the font
(makeSubset) and deflates the result, with a ToUnicode map beside it. With its
`ttfAsciiReadable` setting the codes 32 to 127 are printable ASCII from the start, so
only characters outside ASCII (the "·" of page 1, a dash of the texts, an accent in a
name) change a subset. Certificates of one event thus embed the same subsets, and cutting
and deflating them (about 3 ms of a 12 ms certificate) was the same work each time.

EmbeddedFont keeps, per process, the subset bytes by the exact codes they hold and the
deflated streams by their exact contents, so the file is byte for byte what reportlab
writes without the caches; a subset never seen before is cut as before. The caches are
bounded and shared by threads (gunicorn gthread, RQ): entries are computed whole and
stored in one assignment, and cutting a subset, which moves the face's read position,
is done under a lock (reportlab's own face is not safe to cut from two threads at once).
"""

import threading
import zlib

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

_KEPT = 64  # subsets and streams at most each: a process prints a few events' worth
_SUBSETS = {}  # (font file, codes) -> subset bytes
_DEFLATED = {}  # stream content -> its zlib.compress (what reportlab's FlateDecode filter writes)
_CUTTING = threading.Lock()


def clear_caches():
    """Forget every subset and stream (tests compare a warm cache with a cold one)."""
    _SUBSETS.clear()
    _DEFLATED.clear()


def _kept(cache, key, make):
    value = cache.get(key)
    if value is None:
        value = make()
        if len(cache) >= _KEPT:
            cache.clear()
        cache[key] = value
    return value


def _deflate_once(document, name):
    """Give the stream `name` of `document` its deflated content from the cache.

    Only a stream reportlab would deflate with its FlateDecode filter alone is touched:
    its content is replaced by the same bytes that filter would write, and the Filter
    entry it would add is set, so PDFStream.format writes it without compressing again.
    """
    stream = document.idToObject.get(name)
    if stream is None or stream.filters != [pdfdoc.PDFZCompress]:
        return
    content = stream.content
    if isinstance(content, str):
        content = content.encode("utf8")  # what PDFStreamFilterZCompress.encode does first
    stream.content = _kept(_DEFLATED, content, lambda: zlib.compress(content))
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    stream.filters = None


class _Face(TTFontFace):
    """A TrueType face whose subsets are cut and deflated once per process."""

    def makeSubset(self, subset):  # noqa: N802 - reportlab names the method
        def cut():
            with _CUTTING:
                return super(_Face, self).makeSubset(subset)

        return _kept(_SUBSETS, (self.filename, tuple(subset)), cut)

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 - reportlab names the method
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        _deflate_once(doc, f"fontFile:{self.filename}({fontname})")  # the name reportlab gives it
        return descriptor


class EmbeddedFont(TTFont):
    """A TTFont (embedded, subset per document) whose subsets and their maps are made once."""

    def __init__(self, name, filename):
        super().__init__(name, filename)
        # reportlab's face, parsed again as ours (half a millisecond, once per process).
        self.face = _Face(filename)

    def addObjects(self, doc):  # noqa: N802 - reportlab names the method
        super().addObjects(doc)
        for name in [name for name in doc.idToObject if name.startswith("toUnicodeCMap:")]:
            _deflate_once(doc, name)
