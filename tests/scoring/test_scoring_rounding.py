"""Half-away rounding, exact conversion and text localization."""

from decimal import Decimal
from fractions import Fraction

import pytest

from mystery.scoring import localize, round_half_away, to_fraction


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(329, 4), 82.3),  # 82.25 exactly: the half goes up
        (Fraction(1647, 20), 82.4),  # 82.35 exactly
        (82.35, 82.4),  # the float nearest 82.35 is 82.34999…; its repr "82.35" is what was meant
        (82.25, 82.3),
        (0.05, 0.1),
        (0.15, 0.2),  # float 0.15 is 0.1499999…; naive round() gives 0.1
        (-0.25, -0.3),  # half away from zero, not towards +inf
        (Fraction(-1, 4), -0.3),
        (Fraction(-1, 20), -0.1),
        (Fraction(1, 3) * 100, 33.3),  # 33.333…
        (Fraction(2, 3) * 100, 66.7),  # 66.666…
        (Decimal("2.45"), 2.5),
        (7, 7.0),
        (0, 0.0),
        (Fraction(29, 4), 7.3),  # 7.25
        (None, None),
    ],
)
def test_round_half_away(value, expected):
    assert round_half_away(value) == expected


def test_round_half_away_other_places():
    # 2.675 as a float is 2.67499999…; read as the decimal 2.675 it rounds to 2.68.
    assert round_half_away(2.675, 2) == 2.68
    assert round_half_away(Fraction(5, 2), 0) == 3.0
    assert round_half_away(Fraction(-5, 2), 0) == -3.0


def test_round_half_away_returns_float():
    assert isinstance(round_half_away(Fraction(1, 2)), float)
    assert isinstance(round_half_away(3), float)


def test_to_fraction_reads_floats_as_written():
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(0.8235) == Fraction(1647, 2000)
    assert to_fraction(Decimal("0.5")) == Fraction(1, 2)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Plain", "da", "Plain"),
        ({"en": "Service", "da": "Betjening", "sv": "Service"}, "da", "Betjening"),
        ({"en": "Service", "da": "Betjening"}, "sv", "Service"),  # falls back to en
        ({"da": "Betjening", "sv": "Bemötande"}, "en", "Betjening"),  # first value
        ({"en": "Service"}, None, "Service"),
        ({}, "da", ""),
        (None, "da", ""),
    ],
)
def test_localize(text, locale, expected):
    assert localize(text, locale) == expected


def test_localize_custom_fallback():
    assert localize({"da": "Hej", "sv": "Hej då"}, "en", fallback="sv") == "Hej då"
