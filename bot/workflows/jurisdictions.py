"""Find a jurisdiction from what an operator typed: a USPS code or a name, in any case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.errors import NotFound
from store.jurisdictions import JURISDICTIONS
from store.models import Jurisdiction

CODES = frozenset(code for code, *_ in JURISDICTIONS)


def split_code(text: str) -> tuple[str, str | None]:
    """`housing TX` -> ("housing", "TX"): a trailing USPS code, in any case, names the
    jurisdiction of someone who answers for several; without text before it, it is no code."""
    rest, _, last = " ".join(text.split()).rpartition(" ")
    if rest and last.upper() in CODES:
        return rest, last.upper()
    return text, None


def jurisdiction_lookup(session: Session) -> dict[str, str]:
    """Case-folded code and name -> USPS code, for every seeded jurisdiction."""
    lookup: dict[str, str] = {}
    for place in session.scalars(select(Jurisdiction)):
        lookup[place.code.casefold()] = place.code
        lookup[" ".join(place.name.split()).casefold()] = place.code
    return lookup


def resolve_jurisdiction(session: Session, text: str) -> str:
    code = jurisdiction_lookup(session).get(" ".join(text.split()).casefold())
    if code is None:
        raise NotFound(
            "Unknown jurisdiction '{text}'; use a USPS code such as TX, DC or GU, or the name.",
            text=text,
        )
    return code


def all_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Jurisdiction.code).order_by(Jurisdiction.code)))
