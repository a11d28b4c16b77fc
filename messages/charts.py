"""Charts for the status post and the reports, drawn with matplotlib's Agg backend (no display).

One module for both, so a chart means the same thing wherever it shows. A chart is a picture of
numbers that are also given as text: each comes with an alt text that states them, and the
reports print the same numbers in tables.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib (with numpy) is tens of MB: loaded by the first chart drawn
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Colour-blind-safe (Okabe-Ito), one per scale option in the catalog's order, then "no answer".
PALETTE = ("#009E73", "#56B4E9", "#E69F00", "#999999", "#CC79A7", "#F0E442", "#0072B2")
NO_ANSWER_COLOUR = "#E8E8E8"
DPI = 100
LABEL_WIDTH = 2.6  # inches left of a topic chart for the topic names


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str  # the numbers the picture shows, in words

    @property
    def data_uri(self) -> str:
        """For an HTML report that must carry its images inside the one file."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class Stack:
    """One bar split into parts: (label, share 0..1) per scale option, then no answer."""

    name: str
    parts: tuple[tuple[str, float], ...]


def progress_chart(progress: Sequence[tuple[str, float]], title: str) -> Chart:
    """Share answered per jurisdiction (code, 0..1), one bar each."""
    figure = _figure(_progress_height(progress), width=7.5)
    _progress(_axes(figure, 0.6, 7.2), progress, title)
    alt = f"{title}: " + ", ".join(f"{code} {share:.0%}" for code, share in progress)
    return Chart(_png(figure), alt)


def stacks_chart(stacks: Sequence[Stack], title: str) -> Chart:
    """One horizontal bar per topic area, split by answer."""
    figure = _figure(_stacks_height(stacks), width=9.0)
    _stacks(_axes(figure, LABEL_WIDTH, 8.7, bottom=1.3), stacks, title)
    return Chart(_png(figure), _stacks_alt(stacks, title))


def status_chart(
    progress: Sequence[tuple[str, float]], stacks: Sequence[Stack], titles: tuple[str, str]
) -> Chart:
    """The status post's picture: progress per jurisdiction beside adoption per topic area."""
    height = max(_progress_height(progress), _stacks_height(stacks))
    figure = _figure(height, width=15.0)
    _progress(_axes(figure, 0.6, 5.0), progress, titles[0])
    _stacks(_axes(figure, 5.6 + LABEL_WIDTH, 14.7, bottom=1.3), stacks, titles[1])
    alt = (
        f"{titles[0]}: "
        + ", ".join(f"{code} {share:.0%}" for code, share in progress)
        + ". "
        + _stacks_alt(stacks, titles[1])
    )
    return Chart(_png(figure), alt)


def _progress_height(progress: Sequence[tuple[str, float]]) -> float:
    return max(3.0, 0.16 * len(progress) + 1.4)


def _stacks_height(stacks: Sequence[Stack]) -> float:
    return max(3.0, 0.4 * len(stacks) + 2.0)


def _axes(figure: Figure, left: float, right: float, *, bottom: float = 0.6) -> Axes:
    """Axes placed in inches: a fixed layout is much faster to draw than a computed one."""
    width, height = figure.get_size_inches()
    top = 0.4
    return figure.add_axes(
        (left / width, bottom / height, (right - left) / width, (height - bottom - top) / height)
    )


def _figure(height: float, *, width: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _progress(axes: Axes, progress: Sequence[tuple[str, float]], title: str) -> None:
    codes = [code for code, _ in progress]
    shares = [share * 100 for _, share in progress]
    axes.barh(codes, shares, color=PALETTE[0])
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.set_xlabel("% of recommendations answered")
    axes.set_title(title, loc="left", fontsize=11, y=1.0)
    axes.tick_params(axis="y", labelsize=7)


def _stacks(axes: Axes, stacks: Sequence[Stack], title: str) -> None:
    names = [s.name for s in stacks]
    labels = [label for label, _ in stacks[0].parts] if stacks else []
    left = [0.0] * len(stacks)
    for index, label in enumerate(labels):
        widths = [s.parts[index][1] * 100 for s in stacks]
        last = index == len(labels) - 1
        colour = NO_ANSWER_COLOUR if last else PALETTE[index % len(PALETTE)]
        axes.barh(names, widths, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.set_xlabel("% of answers")
    axes.set_title(title, loc="left", fontsize=11, y=1.0)
    axes.tick_params(axis="y", labelsize=8)
    if labels:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=7)


def _stacks_alt(stacks: Sequence[Stack], title: str) -> str:
    parts = [
        f"{s.name}: " + ", ".join(f"{label} {share:.0%}" for label, share in s.parts)
        for s in stacks
    ]
    return f"{title}: " + "; ".join(parts) + "."


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    # No timestamps or software name in the file: the same numbers give the same bytes.
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def chart_from(data: dict[str, Any]) -> Chart:
    """The status post's chart from the numbers its outbox row keeps (JSON lists)."""
    progress = [(str(code), float(share)) for code, share in data["progress"]]
    stacks = [
        Stack(str(name), tuple((str(label), float(share)) for label, share in parts))
        for name, parts in data["topics"]
    ]
    first, second = data["titles"]
    return status_chart(progress, stacks, (str(first), str(second)))
