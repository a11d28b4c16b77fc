"""The national median score cycle by cycle, as a line: a trend reads as a line, not as bars.

Every point carries its score as text and the alt text lists them all, so nothing rests on the
line alone. A cycle in which no jurisdiction was counted has no median: it leaves a gap in the
line and says "none counted", never a point drawn at 0%.
"""

from __future__ import annotations

from collections.abc import Sequence

from messages.charts import OUTLINE, PALETTE, PRINT_WIDTH, TEXT_PT, Chart, _axes, _chart, _figure

HEIGHT = 3.0  # inches


def trend_chart(points: Sequence[tuple[str, float | None]], title: str) -> Chart:
    """(cycle name, median score 0..1 or None) per cycle, oldest first."""
    figure = _figure(HEIGHT, width=PRINT_WIDTH)
    axes = _axes(figure, 0.7, PRINT_WIDTH - 0.3, bottom=0.6)
    names = [name for name, _ in points]
    values = [None if share is None else share * 100 for _, share in points]
    drawn = [float("nan") if v is None else v for v in values]
    axes.plot(
        range(len(points)), drawn, color=PALETTE[6], marker="o", markeredgecolor=OUTLINE, lw=1.5
    )
    for x, value in enumerate(values):
        label = "none counted" if value is None else f"{value:.0f}%"
        axes.annotate(
            label,
            (x, 2 if value is None else value),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=TEXT_PT,
        )
    axes.set_xticks(range(len(points)), names, fontsize=TEXT_PT)
    axes.set_xlim(-0.5, len(points) - 0.5)
    axes.set_ylim(0, 110)
    axes.set_yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"], fontsize=TEXT_PT)
    axes.set_ylabel("National median score (%)", fontsize=TEXT_PT)
    axes.set_title(title, loc="left", fontsize=11, y=1.0)
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    alt = f"{title}: " + ", ".join(
        f"{name} {'none counted' if share is None else f'{share:.0%}'}" for name, share in points
    )
    return _chart(figure, alt)
