"""What certificates and records share: the embedded font, colours, safe text, the QR code."""

import copy
import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from flask_babel import gettext as _
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, TableStyle

from pledge import qr, strokes
from pledge.certificates.fonts import EmbeddedFont

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"

BRAND = colors.HexColor("#0b5d3b")
GOLD = colors.HexColor("#b08d2f")
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a4a4a")
LINE = colors.HexColor("#c9cfc8")
WASH = colors.HexColor("#f3f5f2")
REVOKED = colors.HexColor("#b3261e")
REVOKED_WASH = colors.HexColor("#fbeceb")

_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}


def register_fonts():
    """Register Bitstream Vera, shipped inside reportlab, once per process.

    It covers the Latin letters of Indonesian names (accents, apostrophes); a
    character it lacks prints as an empty box instead of failing. Each document embeds
    the subset it uses, cut and deflated once per process (pledge.certificates.fonts).
    """
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(EmbeddedFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


def string_width(text, font, size):
    return pdfmetrics.stringWidth(text, font, size)


def safe(text):
    """Return user text escaped for a reportlab Paragraph: it prints exactly as typed."""
    return escape(str(text if text is not None else ""))


def text_fingerprint(sha256):
    """Return the line printed under each signed text, alike on certificates and records."""
    return _("Fingerprint of the text version (SHA-256): %(sha256)s", sha256=sha256)


# Widths kept per paragraph: a page shrunk to fit (KeepInFrame) lays out at a width of its own.
_WIDTHS_KEPT = 8


class LaidOutParagraph(Paragraph):
    """A paragraph whose lines are broken once per width in the process, for all its copies.

    A paragraph of the same words in the same style prints the same lines in every
    document, so the copies of one share their layouts (`_layouts`, width -> lines); only
    the width decides the lines. Parts that a split makes are paragraphs of their own,
    laid out afresh.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._layouts = {}

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab names the arguments
        laid_out = self._layouts.get(availWidth)
        if laid_out is None:
            size = super().wrap(availWidth, availHeight)
            if len(self._layouts) >= _WIDTHS_KEPT:
                self._layouts.clear()
            self._layouts[availWidth] = (size, self.blPara, self._wrapWidths)
            return size
        (self.width, self.height), self.blPara, self._wrapWidths = laid_out
        return self.width, self.height


_SAME = {}  # (markup, style) -> the paragraph as first built
_SAME_KEPT = 256  # paragraphs at most: a process prints a few events in two languages


def same_paragraph(text, paragraph_style):
    """Return a fresh copy of the paragraph of `text` (markup) in `paragraph_style`, parsed once.

    For the words every document of an event prints alike (titles, the event's name, fixed
    sentences): parsed and laid out once per process, not once per document. The key is
    the exact markup and the style's name, so a changed word or language is a new
    paragraph. The style is keyed by identity (it is made once per process and never
    changed after), so two styles of one name, a certificate's and a record's, stay apart.
    """
    key = (text, paragraph_style)
    built = _SAME.get(key)
    if built is None:
        if len(_SAME) >= _SAME_KEPT:
            _SAME.clear()
        built = _SAME[key] = LaidOutParagraph(text, paragraph_style)
    return copy.copy(built)


def style(name, size=10, font=FONT, color=INK, *, leading=None, align=0, **extra):
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or size * 1.3,
        textColor=color,
        alignment=align,
        **extra,
    )


def centred(name, size, font=FONT, color=INK, **extra):
    return style(name, size, font, color, align=TA_CENTER, **extra)


class _Moment:
    """What reportlab reads of its TimeStamp to write CreationDate and ModDate."""

    def __init__(self, moment):
        offset = moment.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        self.t = moment.timestamp()
        self.YMDhms = moment.timetuple()[:6]
        self.dhh, self.dmm = int(minutes / 60), abs(minutes) % 60


def dated_canvas(moment, canvas_class=Canvas):
    """Return a canvas maker whose PDFs say they were created at `moment` (an aware datetime).

    reportlab writes either the clock of the machine or, in invariant mode, 1 January 2000;
    a document the portal issues says when it was issued, in the event's own zone.
    """

    def make(*args, **kwargs):
        canvas = canvas_class(*args, **kwargs)
        canvas._doc._timeStamp = _Moment(moment)
        return canvas

    return make


def table_style(commands):
    """A TableStyle whose cells write in Vera: reportlab's default, Helvetica, is not embedded."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def grouped_hex(digest, group=8):
    """Return a hex digest in groups of `group` characters, so it wraps and reads."""
    return " ".join(digest[i : i + group] for i in range(0, len(digest), group))


class QRCode(Flowable):
    """A QR code drawn as filled squares: no image, sharp at any zoom, a few ms to draw."""

    # The certificate frames the code in white already: a narrower margin than the standard's 4.
    QUIET = 2

    def __init__(self, data, size):
        super().__init__()
        self.matrix = qr.matrix(data)
        self.size = size
        self.width = self.height = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        qr.draw_matrix(self.canv, self.matrix, 0, 0, self.size, quiet=self.QUIET)


class SignatureMark(Flowable):
    """The signer's mark centred in a box: strokes as PDF paths, a typed name in the font,
    or (records made before strokes) the PNG shrunk to the pixels it prints at.

    Paths and text are vectors, crisp at any zoom; the PNG is decoded only when the page
    is drawn. `mark` is a strokes.SignatureMark, or None for an empty box.
    """

    # Pad units of white kept around the ink, and the pen's width on paper.
    MARGIN = 12
    TYPED_SIZE = 0.55  # of the box's height, at most

    def __init__(self, mark, width, height, pixels, pen=1.1):
        super().__init__()
        self.mark = mark
        self.width, self.height = width, height
        self.pixels = pixels
        self.pen = pen

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        mark, self.mark = self.mark, None  # drawn once; let the data go
        if mark is None:
            return
        if mark.strokes:
            self._draw_strokes(strokes.decode(mark.strokes))
        elif mark.text:
            self._draw_text(mark.text)
        elif mark.image:
            self._draw_png(mark.image)

    def _draw_strokes(self, drawing):
        if not drawing.strokes:
            return
        scale, dx, dy = strokes.fitted(drawing, self.width, self.height, self.MARGIN)
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(self.pen)
        canvas.setLineCap(1)  # round: a single point prints as a dot
        canvas.setLineJoin(1)
        path = canvas.beginPath()
        for stroke in drawing.strokes:
            x, y = stroke[0]
            path.moveTo(dx + x * scale, dy - y * scale)
            for x, y in stroke[1:] or stroke:
                path.lineTo(dx + x * scale, dy - y * scale)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    def _draw_text(self, text):
        size = self.height * self.TYPED_SIZE
        width = string_width(text, FONT_BOLD_ITALIC, size)
        if width > self.width:
            size *= self.width / width
            width = self.width
        self.canv.setFillColor(INK)
        self.canv.setFont(FONT_BOLD_ITALIC, size)
        self.canv.drawString((self.width - width) / 2, (self.height - size * 0.7) / 2, text)

    def _draw_png(self, png):
        with Image.open(io.BytesIO(png)) as image:
            image = _on_white(image)
            image.thumbnail(self.pixels, resample=Image.Resampling.BILINEAR, reducing_gap=1.0)
            ratio = min(self.width / image.width, self.height / image.height)
            width, height = image.width * ratio, image.height * ratio
            self.canv.drawImage(
                ImageReader(image), (self.width - width) / 2, (self.height - height) / 2, width, height
            )


def _on_white(image):
    """Return a greyscale copy of `image`, transparent parts made white."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return image.convert("L")
