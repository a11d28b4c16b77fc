"""The national map: one square per jurisdiction laid out like the country (the territories in a
row below), coloured by overall score. The layout is data (`data/tile_grid.json`); nothing is
downloaded.

Every square carries its code and its score as text, so the colours (cividis: readable with
every common colour-vision deficiency, light to dark) are never the only cue; jurisdictions not
scored are white with a dashed outline and say so ("n/s"). The alt text lists every score.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from messages.charts import OUTLINE, Chart, _chart, _figure

GRID = Path(__file__).resolve().parent.parent / "data" / "tile_grid.json"
BANDS = ((0.0, "under 25%"), (0.25, "25-49%"), (0.5, "50-74%"), (0.75, "75% or more"))
NOT_SCORED = "#FFFFFF"
WIDTH = 6.5  # inches; printed at least this wide, so its 8-9 pt type stays legible


@cache
def tile_positions() -> dict[str, tuple[int, int]]:
    """USPS code -> (row, column), row 0 at the top."""
    rows = json.loads(GRID.read_text("utf-8"))["rows"]
    return {
        code: (r, c)
        for r, line in enumerate(rows)
        for c, code in enumerate(line.split())
        if code != ".."
    }


def band_of(score: float) -> int:
    return max(i for i, (low, _) in enumerate(BANDS) if score >= low)


def tile_map(scores: Mapping[str, float | None], title: str) -> Chart:
    """`scores`: code -> overall score 0..1, or None when the jurisdiction is not scored."""
    from matplotlib import colormaps
    from matplotlib.patches import Patch, Rectangle

    places = tile_positions()
    rows = 1 + max(r for r, _ in places.values())
    cols = 1 + max(c for _, c in places.values())
    figure = _figure(WIDTH * (rows + 1.4) / cols, width=WIDTH)
    axes = figure.add_axes((0.01, 0.0, 0.98, 0.93))
    axes.set_xlim(0, cols)
    axes.set_ylim(-(rows + 1.4), 0)
    axes.set_axis_off()
    axes.set_title(title, loc="left", fontsize=11)
    colours = [colormaps["cividis"](0.15 + 0.7 * i / (len(BANDS) - 1)) for i in range(len(BANDS))]
    for code, (row, col) in places.items():
        score = scores.get(code)
        face = NOT_SCORED if score is None else colours[band_of(score)]
        dark = score is not None and band_of(score) < 2
        axes.add_patch(
            Rectangle(
                (col + 0.04, -row - 0.96),
                0.92,
                0.92,
                facecolor=face,
                edgecolor=OUTLINE,
                linewidth=0.6,
                linestyle="--" if score is None else "-",
            )
        )
        ink = "white" if dark else "black"
        label = "n/s" if score is None else f"{round(score * 100)}%"
        axes.text(
            col + 0.5,
            -row - 0.38,
            code,
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=ink,
        )
        axes.text(col + 0.5, -row - 0.72, label, ha="center", va="center", fontsize=8, color=ink)
    handles = [
        Patch(facecolor=c, edgecolor=OUTLINE, label=label)
        for c, (_, label) in zip(colours, BANDS, strict=True)
    ]
    handles.append(
        Patch(facecolor=NOT_SCORED, edgecolor=OUTLINE, linestyle="--", label="n/s: not scored")
    )
    axes.legend(handles=handles, loc="lower right", ncol=3, fontsize=9, frameon=False)
    return _chart(figure, _alt(scores, places, title))


def _alt(scores: Mapping[str, float | None], places: Mapping[str, object], title: str) -> str:
    scored = sorted(
        ((v, c) for c, v in scores.items() if v is not None and c in places), reverse=True
    )
    rest = sorted(c for c in places if scores.get(c) is None)
    text = f"{title}: " + ", ".join(f"{code} {round(v * 100)}%" for v, code in scored)
    if rest:
        text += ". Not scored: " + ", ".join(rest)
    return text + "."
