"""Builders shared by tests (not fixtures): valid IDs and the like."""

from __future__ import annotations


def make_id(area: str = "410402", birth: str = "19500312", seq: str = "123") -> str:
    """A valid 18-digit ID with the given area code, birth date and sequence (odd = male)."""
    from kuangqu.rules.ids import check_character

    first17 = f"{area}{birth}{seq}"
    return first17 + check_character(first17)
