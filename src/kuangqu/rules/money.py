"""Money as integer fen: parsing amount cells, formatting, and rounding computed amounts.

Floats never hold money here. A parsed amount is exact or rejected, never rounded; only computed
amounts (a percentage increase, a per-capita income) are rounded, ROUND_HALF_UP to the fen.
"""

from __future__ import annotations

import math
import re
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from kuangqu.errors import RuleViolation
from kuangqu.rules.text import fullwidth_to_ascii

DEFAULT_CEILING_FEN = 100_000_00  # 100,000 yuan: far above any monthly benefit, well below typos

# Digits with correctly grouped thousands (3,456.78 / 1,234,567) or no grouping at all.
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", re.ASCII)
# A formula's float noise (0.1 + 0.2) is far below this; a real third decimal is far above it.
_FLOAT_TOLERANCE_FEN = Decimal("1e-6")
_HUNDRED = Decimal(100)


def _parse_text(raw: str) -> Decimal:
    text = fullwidth_to_ascii(raw).replace("\uffe5", "¥").replace("\u2212", "-")
    text = re.sub(r"\s+", "", text)
    if not text:
        raise RuleViolation("rule.amount_empty")
    sign = ""
    if text[0] in "+-":
        sign, text = text[0], text[1:]
    text = text.removeprefix("¥")
    if not sign and text[:1] in ("+", "-"):  # ¥-12.30
        sign, text = text[0], text[1:]
    text = text.removesuffix("元")
    match = _AMOUNT.fullmatch(text)
    if not match:
        raise RuleViolation("rule.amount_format")
    whole, fraction = match.groups()
    value = Decimal(whole.replace(",", "") + "." + (fraction or "0"))
    return -value if sign == "-" else value


def _to_decimal(raw: object) -> Decimal:
    """The exact value of a cell, before any rule about sign, size or decimals."""
    if raw is None:
        raise RuleViolation("rule.amount_empty")
    if isinstance(raw, bool):
        raise RuleViolation("rule.amount_format")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise RuleViolation("rule.amount_not_finite")
        return Decimal(raw)  # exact binary value; the tolerance below absorbs the noise
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise RuleViolation("rule.amount_not_finite")
        return raw
    if isinstance(raw, str):
        return _parse_text(raw)
    raise RuleViolation("rule.amount_format")


def parse_yuan(
    raw: object, *, allow_negative: bool = False, ceiling_fen: int | None = DEFAULT_CEILING_FEN
) -> int:
    """Read an amount in yuan (a cell or an option) and return it in fen."""
    value = _to_decimal(raw)
    # Enough precision to hold the value exactly (a float's exact binary value has up to ~750 digits),
    # so the decimals check below sees the real remainder, not a context-rounded one.
    with localcontext(prec=len(value.as_tuple().digits) + 10, Emax=MAX_EMAX, Emin=MIN_EMIN):
        fen_exact = value.scaleb(2)
        fen = int(fen_exact.to_integral_value(rounding=ROUND_HALF_UP))
        remainder = abs(fen_exact - fen)
    if fen < 0 and not allow_negative:
        raise RuleViolation("rule.amount_negative")
    if ceiling_fen is not None and abs(fen) > ceiling_fen:
        raise RuleViolation("rule.amount_over_ceiling", ceiling=f"{fen_to_decimal(ceiling_fen):,}")
    tolerance = _FLOAT_TOLERANCE_FEN if isinstance(raw, float) else 0
    if remainder > tolerance:
        raise RuleViolation("rule.amount_too_many_decimals")
    return fen


def format_fen(fen: int) -> str:
    """3456.78, -0.05, 0.00: no thousands separator, the form exports and the database text use."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def decimal_to_fen(value: Decimal | int) -> int:
    """Round a computed amount in yuan to the fen, half up (half away from zero): 1.005 → 101."""
    if isinstance(value, (float, bool)):
        raise TypeError("decimal_to_fen takes a Decimal or an int, never a float")
    try:
        return int((Decimal(value) * _HUNDRED).to_integral_value(rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError, OverflowError):
        raise ValueError(f"not a finite amount: {value!r}") from None


def fen_from_ratio(numerator_fen: int, denominator: int) -> int:
    """numerator / denominator in whole fen, half away from zero (per-capita income and the like)."""
    if denominator == 0:
        raise ZeroDivisionError("fen_from_ratio: denominator is 0")
    quotient, remainder = divmod(abs(numerator_fen), abs(denominator))
    if 2 * remainder >= abs(denominator):
        quotient += 1
    return -quotient if (numerator_fen < 0) != (denominator < 0) else quotient
