"""Totals as bars, drawn by the server: no chart library in the browser."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    n: int
    width: float  # percent of the longest bar, for the SVG rect

    @property
    def empty(self):
        return self.n == 0


def bars(cells, keys, label_of):
    """Return a Bar per key (then per other key of `cells` with a count), widths relative to the longest."""
    keys = list(keys) + sorted(key for key in cells if key not in keys and cells[key])
    longest = max([cells.get(key, 0) for key in keys] + [1])
    return [
        Bar(key, label_of(key), cells.get(key, 0), round(100 * cells.get(key, 0) / longest, 1))
        for key in keys
    ]
