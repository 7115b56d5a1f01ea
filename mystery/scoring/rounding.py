"""Exact conversions and half-away-from-zero rounding for scores."""

import functools
import math
from decimal import Decimal
from fractions import Fraction

Number = int | float | Decimal | Fraction


def is_number(value) -> bool:
    """Tell whether value is a finite real number (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        return False
    if isinstance(value, float | Decimal):
        return math.isfinite(value)
    return True


def to_fraction(value: Number) -> Fraction:
    """Convert a number to an exact Fraction, reading floats as their shortest decimal repr."""
    if isinstance(value, Fraction):
        return value
    if type(value) in (int, float):
        # A checklist's weights and scores repeat on every submission; Fractions are immutable.
        return _cached_fraction(type(value), value)
    return Fraction(value)


@functools.lru_cache(maxsize=4096)
def _cached_fraction(kind: type, value: int | float) -> Fraction:
    """Convert an int or float exactly; `kind` keeps 1 and 1.0 apart in the cache."""
    if kind is float:
        # Fraction(0.1) is 3602879701896397/36028797018963968; the author meant 1/10.
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def round_half_away(value: Number | None, places: int = 1) -> float | None:
    """Round value to places decimals, halves away from zero, returning a float."""
    if value is None:
        return None
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        return float(value)
    exact = to_fraction(value)
    scale = 10**places
    magnitude = math.floor(abs(exact) * scale + Fraction(1, 2))
    rounded = Fraction(magnitude if exact >= 0 else -magnitude, scale)
    return float(rounded)
