"""QR codes drawn from the module matrix: SVG for pages, vector paths for PDFs.

One library (segno) and one drawing for every code the portal prints or shows: the
certificate's verification link, the poster's and the live screen's sign link, the
seats' invitations.
"""

from functools import lru_cache

import segno

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


@lru_cache(maxsize=256)
def matrix(data):
    """Return the QR code of `data` (error correction M) as rows of 0/1, without the quiet zone.

    A fixed mask spares segno scoring all eight; any mask gives a valid, readable code.
    """
    return tuple(tuple(row) for row in segno.make_qr(data, error="m", mask=0).matrix)


def _runs(row):
    """Yield (start, length) of each run of dark modules in a row."""
    column = 0
    while column < len(row):
        if row[column]:
            start = column
            while column < len(row) and row[column]:
                column += 1
            yield start, column - start
        else:
            column += 1


@lru_cache(maxsize=64)
def svg(data):
    """Return an SVG document of the QR code of `data` (one path, crisp at any size)."""
    rows = matrix(data)
    size = len(rows) + 2 * QUIET_ZONE
    parts = [
        f"M{start + QUIET_ZONE},{y + QUIET_ZONE}h{length}v1h-{length}z"
        for y, row in enumerate(rows)
        for start, length in _runs(row)
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>'
    )


def draw_matrix(canvas, rows, x, y, size, quiet=QUIET_ZONE):
    """Draw a module matrix on a reportlab canvas in a size × size box whose lower left is x, y."""
    unit = size / (len(rows) + 2 * quiet)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(rows):
        top = y + size - (row_index + quiet + 1) * unit
        for start, length in _runs(row):
            path.rect(x + (start + quiet) * unit, top, length * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def draw(canvas, data, x, y, size):
    """Draw the QR code of `data` on a reportlab canvas, its box (quiet zone included) at x, y."""
    draw_matrix(canvas, matrix(data), x, y, size)
