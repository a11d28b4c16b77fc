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
# Colour is never the only cue: each part also has its own hatching, every bar a dark outline
# (so even the pale "no answer" part stands out from the page), and the legend names them.
PALETTE = ("#009E73", "#56B4E9", "#E69F00", "#999999", "#CC79A7", "#F0E442", "#0072B2")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++")
NO_ANSWER_COLOUR = "#E8E8E8"
OUTLINE = "#333333"
DPI = 120
LABEL_WIDTH = 2.5  # inches left of a topic chart for the topic names
# Report charts are drawn at the printed page's text width, so their type prints at the size
# set here (never smaller than 8 pt: legible on paper).
PRINT_WIDTH = 7.5
TEXT_PT = 9.0


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str  # the numbers the picture shows, in words
    width_in: float = 0.0  # drawn width in inches
    smallest_pt: float = 0.0  # the smallest type in the picture, in points at that width
    texts: tuple[str, ...] = ()  # every piece of text drawn (labels, legend, title)

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
    figure = _figure(_progress_height(progress), width=PRINT_WIDTH)
    _progress(_axes(figure, 0.6, PRINT_WIDTH - 0.3), progress, title)
    alt = f"{title}: " + ", ".join(f"{code} {share:.0%}" for code, share in progress)
    return _chart(figure, alt)


def stacks_chart(stacks: Sequence[Stack], title: str) -> Chart:
    """One horizontal bar per topic area, split by answer."""
    figure = _figure(_stacks_height(stacks), width=PRINT_WIDTH)
    _stacks(_axes(figure, LABEL_WIDTH, PRINT_WIDTH - 0.2, bottom=1.5), stacks, title)
    return _chart(figure, _stacks_alt(stacks, title))


def status_chart(
    progress: Sequence[tuple[str, float]], stacks: Sequence[Stack], titles: tuple[str, str]
) -> Chart:
    """The status post's picture: progress per jurisdiction beside adoption per topic area."""
    height = max(_progress_height(progress), _stacks_height(stacks))
    figure = _figure(height, width=15.0)
    _progress(_axes(figure, 0.6, 5.0), progress, titles[0])
    _stacks(_axes(figure, 5.6 + LABEL_WIDTH, 14.7, bottom=1.5), stacks, titles[1])
    alt = (
        f"{titles[0]}: "
        + ", ".join(f"{code} {share:.0%}" for code, share in progress)
        + ". "
        + _stacks_alt(stacks, titles[1])
    )
    return _chart(figure, alt)


def _progress_height(progress: Sequence[tuple[str, float]]) -> float:
    return max(3.0, 0.16 * len(progress) + 1.4)


def _stacks_height(stacks: Sequence[Stack]) -> float:
    return max(3.0, 0.28 * len(stacks) + 2.0)


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
    axes.barh(codes, shares, color=PALETTE[0], edgecolor=OUTLINE, linewidth=0.4)
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.set_xlabel("% of recommendations answered", fontsize=TEXT_PT)
    axes.set_title(title, loc="left", fontsize=11, y=1.0)
    axes.tick_params(labelsize=8)


def _stacks(axes: Axes, stacks: Sequence[Stack], title: str) -> None:
    names = [s.name for s in stacks]
    labels = [label for label, _ in stacks[0].parts] if stacks else []
    left = [0.0] * len(stacks)
    for index, label in enumerate(labels):
        widths = [s.parts[index][1] * 100 for s in stacks]
        last = index == len(labels) - 1
        colour = NO_ANSWER_COLOUR if last else PALETTE[index % len(PALETTE)]
        hatch = "" if last else HATCHES[index % len(HATCHES)]
        axes.barh(
            names,
            widths,
            left=left,
            color=colour,
            label=label,
            hatch=hatch,
            edgecolor=OUTLINE,
            linewidth=0.4,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.set_xlabel("% of answers", fontsize=TEXT_PT)
    axes.set_title(title, loc="left", fontsize=11, y=1.0)
    axes.tick_params(labelsize=TEXT_PT)
    if labels:
        axes.legend(loc="upper center", bbox_to_anchor=(0.4, -0.12), ncol=2, fontsize=TEXT_PT)


def _stacks_alt(stacks: Sequence[Stack], title: str) -> str:
    parts = [
        f"{s.name}: " + ", ".join(f"{label} {share:.0%}" for label, share in s.parts)
        for s in stacks
    ]
    return f"{title}: " + "; ".join(parts) + "."


def _chart(figure: Figure, alt: str) -> Chart:
    from matplotlib.text import Text

    drawn = [t for t in figure.findobj(Text) if t.get_text() and t.get_visible()]
    width = float(figure.get_size_inches()[0])
    smallest = float(min((t.get_fontsize() for t in drawn), default=0.0))
    return Chart(_png(figure), alt, width, smallest, tuple(t.get_text() for t in drawn))


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
