"""Distances on the earth's surface and the local time zones of our markets."""

import math
from zoneinfo import ZoneInfo

EARTH_RADIUS_M = 6_371_008.8
TIMEZONES = {"da": "Europe/Copenhagen", "sv": "Europe/Stockholm", "en": "Europe/London"}


def distance_m(lat1, lon1, lat2, lon2):
    """Return the great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def format_distance(metres):
    """Say a distance the way a person would: 420 m, 1.8 km."""
    if metres < 1000:
        return f"{round(metres)} m"
    return f"{metres / 1000:.1f} km"


def client_zone(locale):
    """Return the time zone a client's visit windows are expressed in."""
    return ZoneInfo(TIMEZONES.get(locale, "UTC"))
