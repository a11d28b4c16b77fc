"""PDF from a report's HTML with WeasyPrint, loaded only when a PDF is asked for: it needs the
Pango system libraries, and every other format must work without them."""

from __future__ import annotations

from bot.workflows.errors import DomainError

HINT = (
    "install the Pango libraries (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


class PdfUnavailable(DomainError):
    """WeasyPrint or its system libraries are missing; the message says what to install."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfUnavailable(f"PDF needs WeasyPrint and its libraries ({first}); {HINT}") from None
    # The HTML is self-contained (images inlined), so nothing is fetched while rendering.
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
