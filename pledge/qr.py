"""QR codes drawn from the module matrix: SVG for pages, vector paths for PDFs."""

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def matrix(data):
    """Return the QR code of `data` as rows of booleans (True is dark), without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def svg(data):
    """Return an SVG document of the QR code of `data` (one path, crisp at any size)."""
    rows = matrix(data)
    size = len(rows) + 2 * QUIET_ZONE
    parts = []
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                parts.append(f"M{x + QUIET_ZONE},{y + QUIET_ZONE}h1v1h-1z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>'
    )


def draw(canvas, data, x, y, size):
    """Draw the QR code of `data` on a reportlab canvas, its box (quiet zone included) at x, y."""
    rows = matrix(data)
    modules = len(rows) + 2 * QUIET_ZONE
    unit = size / modules
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(rows):
        top = y + size - (row_index + QUIET_ZONE + 1) * unit
        for column, dark in enumerate(row):
            if dark:
                path.rect(x + (column + QUIET_ZONE) * unit, top, unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
