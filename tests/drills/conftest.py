"""Print the failure drills' table at the end of the run (`make drills`)."""

from tests.drills.ledger import DRILLS

COLUMNS = ("drill", "requests", "accepted", "503s", "500s", "lost", "log verified")


def pytest_terminal_summary(terminalreporter):
    if not DRILLS:
        return
    rows = [
        (
            row.drill,
            str(row.requests),
            str(row.accepted),
            str(row.unavailable),
            str(row.errors),
            str(row.lost),
            row.log,
        )
        for row in DRILLS
    ]
    widths = [max(len(cell) for cell in column) for column in zip(COLUMNS, *rows, strict=False)]
    terminalreporter.section("failure drills")
    for cells in (COLUMNS, tuple("-" * width for width in widths), *rows):
        terminalreporter.write_line(
            " | ".join(
                cell.ljust(width) if n == 0 else cell.rjust(width)
                for n, (cell, width) in enumerate(zip(cells, widths, strict=True))
            )
        )
