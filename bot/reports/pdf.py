"""PDF from a report's HTML with WeasyPrint, loaded only when a PDF is asked for: it needs the
Pango system libraries, and every other format must work without them.

Every PDF is tagged (WeasyPrint's PDF/UA-1 variant): a structure tree a screen reader follows
through headings and tables, the document's language from the page's `lang` and its title from
`<title>`, as a federal publication must be (Section 508). The page size (U.S. Letter) comes
from the reports' stylesheet.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

from bot.workflows.errors import DomainError

HINT = (
    "install the Pango libraries (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)
VARIANT = "pdf/ua-1"
T = TypeVar("T")
R = TypeVar("R")


class PdfUnavailable(DomainError):
    """WeasyPrint or its system libraries are missing; the message says what to install."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfUnavailable(f"PDF needs WeasyPrint and its libraries ({first}); {HINT}") from None
    # The HTML is self-contained (images inlined), so nothing is fetched while rendering.
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(pdf_variant=VARIANT, pdf_tags=True)
    return pdf


def in_parallel(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """`work` on every item in parallel processes, one per core, results in order. WeasyPrint's
    layout and matplotlib's drawing are pure Python holding the GIL, so threads would not help.
    The workers are forked, so they start with the modules (WeasyPrint, its fonts, matplotlib)
    and the module state the parent already has. An iterator's items are handed over as they
    come, so the workers start on the first while this process makes the next."""
    count = _cores()
    if isinstance(items, Sequence):
        count = min(count, len(items))
    if count <= 1:
        return [work(item) for item in items]
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("fork")) as pool:
        return list(pool.map(work, items, chunksize=1))


def warm_up() -> None:
    """Load WeasyPrint and its fonts once, before the workers fork (and fail fast without it)."""
    html_to_pdf("<!DOCTYPE html><html lang='en'><title>-</title><p>-</p></html>")


def beside(work: Callable[[T], R], item: T, meanwhile: Callable[[], None]) -> R:
    """`work(item)` in a forked process while this one runs `meanwhile`, on a second core.
    Inline where there is one core or other threads (a fork copies their locks, not them)."""
    if _cores() <= 1:
        meanwhile()
        return work(item)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        result = pool.submit(work, item)
        meanwhile()
        return result.result()


def _cores() -> int:
    """The cores a fork may use: one (work inline) when other threads run, since a fork copies
    their locks but not them."""
    return (os.cpu_count() or 1) if threading.active_count() == 1 else 1
