"""PDF from a report's HTML with WeasyPrint, loaded only when a PDF is asked for: it needs the
Pango system libraries, and every other format must work without them.

Every PDF is tagged (WeasyPrint's PDF/UA-1 variant): a structure tree a screen reader follows
through headings and tables, the document's language from the page's `lang` and its title from
`<title>`, as a federal publication must be (Section 508). The page size (U.S. Letter) comes
from the reports' stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.workflows.errors import DomainError

HINT = (
    "install the Pango libraries (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)
VARIANT = "pdf/ua-1"


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


def htmls_to_pdfs(pages: Sequence[str], *, workers: int | None = None) -> list[bytes]:
    """Many PDFs at once, in parallel processes (WeasyPrint's layout is pure Python and holds
    the GIL, so threads would not help); each process loads WeasyPrint and its fonts once for
    all the documents it renders. In the order given."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    html_to_pdf("<!DOCTYPE html><html lang='en'><title>-</title></html>")  # fails fast, and
    # forked workers inherit WeasyPrint already imported
    count = min(len(pages), workers or os.cpu_count() or 1)
    if count <= 1:
        return [html_to_pdf(page) for page in pages]
    with ProcessPoolExecutor(max_workers=count) as pool:
        return list(pool.map(html_to_pdf, pages, chunksize=1))
