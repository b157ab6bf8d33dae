"""Who issues a document: the organising institutions' logos and names, and the issuing line.

Every PDF the portal prints names the event's organisers (Polres Paser with KPU Kabupaten
Paser, say) the way an Indonesian office heads its letters: their emblems side by side
above their names. The portal only carries the document ("through the portal").
"""

import copy
import io
from functools import lru_cache

from flask_babel import gettext as _
from PIL import Image
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Flowable

MAX_LOGOS = 3
# Logos are shrunk to what prints sharp at the largest size a document gives them (20 mm tall,
# up to 48 mm wide): 400 dpi for a square emblem, 200 for a wide one.
LOGO_PIXELS = 320  # logos are stored at this size already (pledge.logos); older ones shrink here


def logos_of(event):
    """Return the PNG bytes of up to three organisers' logos, in the organisers' order."""
    return tuple(institution.logo for institution in event.institutions if institution.logo)[:MAX_LOGOS]


def join_names(names):
    """Return names as a sentence lists them: "A", "A dan B", "A, B dan C" (English "A, B and C")."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])


def issuer_line(event):
    """Return the line that says who issues a certificate, in the current language."""
    organisers = join_names(event.organiser_names)
    if not organisers:
        return _("Issued through the Pilkada Damai portal")
    return _("Issued by %(organisers)s through the Pilkada Damai portal", organisers=organisers)


@lru_cache(maxsize=32)
def _logo_image(png):
    """Return the logo decoded and shrunk once per process, or None when it cannot be read.

    A logo that will not decode is left out rather than stopping a certificate.
    """
    try:
        with Image.open(io.BytesIO(png)) as image:
            image = image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    image.thumbnail((LOGO_PIXELS, LOGO_PIXELS), resample=Image.Resampling.LANCZOS)
    return image


def _sizes(pngs, height, max_width):
    """Yield (png, width, height) for each readable logo: one height, none wider than `max_width`."""
    for png in pngs:
        image = _logo_image(png)
        if image is None:
            continue
        scale = min(height / image.height, max_width / image.width)
        yield png, image.width * scale, image.height * scale


def logos_width(pngs, height, max_width, gap):
    """Return the width the logos take side by side."""
    widths = [width for _png, width, _height in _sizes(pngs, height, max_width)]
    return sum(widths) + gap * max(len(widths) - 1, 0)


def draw_logos(canvas, pngs, x, y, height, max_width, gap):
    """Draw the logos side by side from x, their row `height` tall with its bottom at y; return its width.

    Each logo keeps its proportions and sits centred on the row's middle line, so a wide
    emblem and a tall one look alike in weight.
    """
    left = x
    for png, width, drawn_height in _sizes(pngs, height, max_width):
        _draw_logo(canvas, png, left, y + (height - drawn_height) / 2, width, drawn_height)
        left += width + gap
    return max(left - gap - x, 0)


@lru_cache(maxsize=32)
def _logo_xobject(png):
    """Return (name, image XObject) of a logo, its pixels compressed once per process.

    The same objects reportlab's drawImage makes (with mask="auto": the alpha channel as a
    soft mask), and under the same name, so a document reads exactly as if drawImage had
    made them; only the zlib work on every page's logos is done once.
    """
    reader = ImageReader(_logo_image(png))
    rgb = reader.getRGBData()  # first: it splits off the alpha channel (_dataA)
    alpha = reader._dataA.getRGBData() if reader._dataA else b"auto"
    name = _digester(rgb + alpha)
    xobject = pdfdoc.PDFImageXObject(name, reader, mask="auto")
    xobject.name = name
    return name, xobject


def _draw_logo(canvas, png, x, y, width, height):
    """Draw a logo as reportlab's canvas.drawImage does, from the process's compressed XObject."""
    name, prototype = _logo_xobject(png)
    document = canvas._doc
    registered = document.getXObjectName(name)
    if document.idToObject.get(registered) is None:
        xobject = copy.copy(prototype)  # each document links its own copy (XObjects, smask)
        canvas._setXObjects(xobject)
        document.Reference(xobject, registered)
        document.addForm(name, xobject)
        smask = getattr(prototype, "_smask", None)
        if smask is not None:
            mask_name = document.getXObjectName(smask.name)
            if document.idToObject.get(mask_name) is None:
                mask = copy.copy(smask)
                canvas._setXObjects(mask)
                xobject.smask = document.Reference(mask, mask_name)
            else:
                xobject.smask = pdfdoc.PDFObjectReference(mask_name)
            del xobject._smask
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


class Logos(Flowable):
    """The organisers' logos, centred side by side; nothing at all when there are none."""

    def __init__(self, pngs, height, max_width, gap, space_after=0):
        super().__init__()
        self.pngs = tuple(png for png in pngs if _logo_image(png) is not None)
        self.row_height, self.max_width, self.gap = height, max_width, gap
        self.space_after = space_after if self.pngs else 0

    def wrap(self, available_width, available_height):
        self.available_width = available_width
        height = self.row_height + self.space_after if self.pngs else 0
        return available_width, height

    def draw(self):
        if not self.pngs:
            return
        width = logos_width(self.pngs, self.row_height, self.max_width, self.gap)
        left = (self.available_width - width) / 2
        draw_logos(self.canv, self.pngs, left, self.space_after, self.row_height, self.max_width, self.gap)
