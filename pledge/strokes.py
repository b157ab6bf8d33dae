"""Signatures drawn as strokes: the pad's compact text, its limits, and its geometry.

The pad (static/js/sign.js) sends the drawing in one hidden field as text made only of
digits, minus signs, spaces and underscores, which a form body carries unescaped:

    "1000 529_120 300 3 -1 4 0_500 200"

The first group is the pad's box (width, height, in pad units: the width is always
PAD_WIDTH); each following group, after an underscore, is a stroke: its first point
absolute, every further point as the step from the one before. What is stored is the
same text, written again from the parsed numbers (`encode`), so nothing of the sender's
spelling survives. The same integers draw the SVG on the signer's page (relative
`l` commands) and the PDF paths of the certificate and the record.
"""

import itertools
import math
import re
from dataclasses import dataclass

from markupsafe import Markup

PAD_WIDTH = 1000
PAD_MIN_HEIGHT = 100
PAD_MAX_HEIGHT = 1000
MAX_STROKES = 40
MAX_STROKE_POINTS = 1000
MAX_POINTS = 3000
# A fifth of the pad's width of ink: a short mark is not a signature (nor a stray tap).
MIN_INK_LENGTH = 200
# The longest text the limits allow is far below this; anything longer is not parsed.
MAX_TEXT = 40_000

_GROUP = re.compile(r"-?[0-9]{1,5}(?: -?[0-9]{1,5})*")  # ASCII digits only
# A number of a group that its integer writes otherwise: a leading zero, or "-0".
_UNCANONICAL = re.compile(r"(?:^| )(?:-?0[0-9]|-0(?: |$))")
# Every number a drawing inside the pad can hold (a point, or a step to the next), by its
# canonical text. A group whose numbers are all found here is well formed and canonical:
# it is read with one lookup a number, where the two expressions above and int() cost a
# fifth of a signing's CPU; any other group takes the strict reading.
_LARGEST = max(PAD_WIDTH, PAD_MAX_HEIGHT)
_CANONICAL_NUMBERS = {str(n): n for n in range(-_LARGEST, _LARGEST + 1)}


class StrokesRefused(ValueError):
    """The strokes cannot be a signature; `reason` says why.

    "format" (not the pad's text), "strokes" (more than MAX_STROKES), "stroke_points"
    (a stroke of more than MAX_STROKE_POINTS), "points" (more than MAX_POINTS, or a text
    longer than MAX_TEXT), "outside" (a point outside the box), "empty" (no stroke),
    "little_ink" (less than MIN_INK_LENGTH of ink).
    """

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Strokes:
    """A validated drawing: the pad's box and its strokes as tuples of absolute (x, y) points."""

    width: int
    height: int
    strokes: tuple

    def encode(self):
        """Return the canonical text of the drawing (the pad's format, the steps recomputed)."""
        groups = [f"{self.width} {self.height}"]
        for stroke in self.strokes:
            (x, y), numbers = stroke[0], [str(stroke[0][0]), str(stroke[0][1])]
            for next_x, next_y in stroke[1:]:
                numbers += (str(next_x - x), str(next_y - y))
                x, y = next_x, next_y
            groups.append(" ".join(numbers))
        return "_".join(groups)

    def ink_length(self):
        """Return the length of every stroke added up, in pad units."""
        return sum(sum(map(math.dist, stroke, stroke[1:])) for stroke in self.strokes)

    def bounds(self):
        """Return (left, top, right, bottom) of the ink, in pad units."""
        xs = [x for stroke in self.strokes for x, _ in stroke]
        ys = [y for stroke in self.strokes for _, y in stroke]
        return min(xs), min(ys), max(xs), max(ys)


def parse(text):
    """Return the Strokes of the pad's `text`, checked against every limit.

    Raise StrokesRefused with the first limit the text breaks.
    """
    return _read(text, points=True)[0]


def canonical(text):
    """Return the canonical text of the pad's `text` (Strokes.encode of its parse), checked as parse() does."""
    return _read(text, points=False)[1]


def _read(text, points):
    """Return (the Strokes or, without `points`, None; their canonical text) of the pad's
    `text`; raise StrokesRefused."""
    if len(text) > MAX_TEXT:
        raise StrokesRefused("points")
    groups = text.split("_")
    box = _numbers(groups[0])
    if len(box) != 2 or box[0] != PAD_WIDTH or not PAD_MIN_HEIGHT <= box[1] <= PAD_MAX_HEIGHT:
        raise StrokesRefused("format")
    width, height = box
    if len(groups) == 1:
        raise StrokesRefused("empty")
    if len(groups) - 1 > MAX_STROKES:
        raise StrokesRefused("strokes")
    strokes, written, total, ink = [], [f"{width} {height}"], 0, 0.0
    for group in groups[1:]:
        try:
            numbers = list(map(_CANONICAL_NUMBERS.__getitem__, group.split(" ")))
        except KeyError:
            numbers = _numbers(group)
            if _UNCANONICAL.search(group):  # the numbers as integers again: no leading zeros, no "-0"
                group = " ".join(map(str, numbers))
        if len(numbers) % 2:
            raise StrokesRefused("format")
        count = len(numbers) // 2
        if count > MAX_STROKE_POINTS:
            raise StrokesRefused("stroke_points")
        total += count
        if total > MAX_POINTS:
            raise StrokesRefused("points")
        xs, ys = _coordinates(numbers, width, height)
        if points:
            strokes.append(tuple(zip(xs, ys, strict=True)))
        # The steps are the numbers after the first point: their lengths are the ink.
        ink += sum(map(math.hypot, numbers[2::2], numbers[3::2]))
        written.append(group)
    if ink < MIN_INK_LENGTH:
        raise StrokesRefused("little_ink")
    return (Strokes(width, height, tuple(strokes)) if points else None), "_".join(written)


def decode(stored):
    """Return the Strokes of a stored (canonical) text, without the ink check."""
    groups = stored.split("_")
    width, height = _numbers(groups[0])
    coordinates = (_coordinates(_numbers(group), width, height) for group in groups[1:])
    return Strokes(width, height, tuple(tuple(zip(xs, ys, strict=True)) for xs, ys in coordinates))


def _numbers(group):
    if not _GROUP.fullmatch(group):
        raise StrokesRefused("format")
    return list(map(int, group.split(" ")))


def _coordinates(numbers, width, height):
    """Return the xs and the ys of one stroke's points, from its first point and steps; each inside the box."""
    xs = list(itertools.accumulate(numbers[0::2]))
    ys = list(itertools.accumulate(numbers[1::2]))
    if min(xs) < 0 or max(xs) > width or min(ys) < 0 or max(ys) > height:
        raise StrokesRefused("outside")
    return xs, ys


def svg_path(drawing):
    """Return SVG path data of the drawing: numbers and the letters M and l only."""
    parts = []
    for stroke in drawing.strokes:
        (x, y), steps = stroke[0], []
        for next_x, next_y in stroke[1:]:
            steps.append(f"{next_x - x} {next_y - y}")
            x, y = next_x, next_y
        # A single point draws as a dot: a zero-length segment with round caps.
        parts.append(f"M{stroke[0][0]} {stroke[0][1]}l" + (" ".join(steps) or "0 0"))
    return "".join(parts)


def fitted(drawing, width, height, margin):
    """Return (scale, dx, dy) that fit the ink, `margin` pad units around it, in a box.

    The box is `width` by `height` with y upwards (PDF); a point (x, y) of the pad
    lands at (dx + x * scale, dy - y * scale), centred.
    """
    left, top, right, bottom = drawing.bounds()
    ink_width, ink_height = right - left + 2 * margin, bottom - top + 2 * margin
    scale = min(width / ink_width, height / ink_height)
    dx = (width - ink_width * scale) / 2 - (left - margin) * scale
    dy = height - (height - ink_height * scale) / 2 + (top - margin) * scale
    return scale, dx, dy


@dataclass(frozen=True)
class SignatureMark:
    """The signer's mark as a record stores it: strokes drawn, a name typed, or (before
    strokes) a PNG image. `method` is "drawn" or "typed"."""

    method: str
    strokes: str | None = None  # canonical stroke text (Strokes.encode)
    text: str | None = None  # the typed name, drawn with the font wherever it shows
    image: bytes | None = None  # a PNG, as records made before strokes hold

    @classmethod
    def drawn(cls, text):
        """Return the mark of the pad's `text`; raise StrokesRefused as `parse` does."""
        return cls("drawn", strokes=canonical(text))

    @classmethod
    def typed(cls, name):
        """Return the mark of a typed name, its spaces collapsed; raise StrokesRefused("empty")."""
        name = " ".join(name.split())
        if not name:
            raise StrokesRefused("empty")
        return cls("typed", text=name)

    def columns(self):
        """Return the signature record's columns that hold this mark."""
        return {
            "signature_method": self.method,
            "signature_strokes": self.strokes,
            "signature_text": self.text,
            "signature_image": self.image,
        }


# The drawing's size on a page, in CSS pixels per pad unit: about as large as it was drawn.
SVG_SCALE = 0.4
SVG_MARGIN = 12  # pad units of white around the ink


def svg(stored, label):
    """Return an inline SVG of stored strokes, for the signer's page (Markup).

    Everything in it is numbers computed from the parsed points, and `label`, escaped.
    """
    drawing = decode(stored)
    left, top, right, bottom = drawing.bounds()
    margin = SVG_MARGIN
    width, height = right - left + 2 * margin, bottom - top + 2 * margin
    return Markup(
        '<svg class="signature-image" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="{} {} {} {}" width="{}" height="{}" aria-label="{}">'
        '<path d="{}" fill="none" stroke="#111" stroke-width="2.5" stroke-linecap="round" '
        'stroke-linejoin="round" vector-effect="non-scaling-stroke"/></svg>'
    ).format(
        left - margin,
        top - margin,
        width,
        height,
        round(width * SVG_SCALE),
        round(height * SVG_SCALE),
        label,
        svg_path(drawing),
    )
