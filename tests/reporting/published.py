"""What a published report must hold, read back from the files themselves: the HTML parsed with
the standard library, the PDF with pypdf. Shared by the print and the site tests."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pypdf import PdfReader

# A recommendation id (HOU-3) or a number, with its percent sign if it has one.
TOKEN = re.compile(r"[A-Z]{2,4}-\d+|\d+(?:\.\d+)?%?")
LETTER = (612.0, 792.0)


@dataclass
class Page(HTMLParser):
    """The parts of an HTML page the accessibility checks look at."""

    lang: str = ""
    title: str = ""
    headings: list[int] = field(default_factory=list)
    header_scopes: list[str | None] = field(default_factory=list)
    alts: list[str | None] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _skip: int = 0
    _in_title: bool = False

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "title":
            self._in_title = True
        elif tag in ("style", "script"):
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "th":
            self.header_scopes.append(a.get("scope"))
        elif tag == "img":
            self.alts.append(a.get("alt"))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def accessibility_problems(html: str) -> list[str]:
    """What keeps the page from WCAG 2.1 AA's checkable basics; empty when none."""
    page = parse(html)
    problems = []
    if page.lang != "en":
        problems.append(f"lang {page.lang!r}")
    if not page.title.strip():
        problems.append("no title")
    if not page.headings or page.headings[0] != 1:
        problems.append("does not start with h1")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading h{before} followed by h{after}")
    if any(scope not in ("col", "row") for scope in page.header_scopes):
        problems.append("a table header without scope")
    for alt in page.alts:
        if not alt or not re.search(r"\d", alt):
            problems.append(f"an image whose alt text states no number: {alt!r}")
    return problems


def html_tokens(html: str) -> Counter[str]:
    return Counter(TOKEN.findall(" ".join(parse(html).text)))


def pdf_text(pdf: bytes) -> str:
    """The text printed on the pages. What runs off a page's edge is still in the file, and
    pypdf reads it as if it were on paper; poppler's pdftotext keeps only what lies inside the
    page, so it is used where installed (Debian: poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    done = subprocess.run(  # noqa: S603 - a fixed tool reading our own bytes
        [tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def missing_from_pdf(html: str, pdf: bytes) -> Counter[str]:
    """Numbers and ids the HTML shows more often than the PDF does (empty: nothing lost)."""
    return html_tokens(html) - Counter(TOKEN.findall(pdf_text(pdf)))


def pdf_problems(pdf: bytes) -> list[str]:
    """A PDF that is not Letter, not tagged, or without language or title."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    problems = [
        f"page {n} is {float(p.mediabox.width)} x {float(p.mediabox.height)}"
        for n, p in enumerate(reader.pages, 1)
        if sorted((float(p.mediabox.width), float(p.mediabox.height))) != list(LETTER)
    ]
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("not marked as tagged")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree")
    if root.get("/Lang") != "en":
        problems.append(f"language {root.get('/Lang')!r}")
    if not (reader.metadata and reader.metadata.title):
        problems.append("no title")
    return problems
