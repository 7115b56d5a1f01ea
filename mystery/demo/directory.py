"""Who and where: the two demo chains with their stores, and the demo people."""

import base64


def _logo(svg):
    """Wrap an SVG as the data: URI a client's logo is stored as."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


KAFFEBAREN_LOGO = _logo(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="12" fill="#6F4E37"/>'
    '<path d="M14 26h28v12a10 10 0 0 1-10 10h-8a10 10 0 0 1-10-10z" fill="#fff"/>'
    '<path d="M42 29h4a5 5 0 0 1 0 10h-4" stroke="#fff" stroke-width="3" fill="none"/>'
    '<path d="M22 12c-3 3 3 6 0 10M30 12c-3 3 3 6 0 10" stroke="#fff" stroke-width="2.5" '
    'fill="none"/></svg>'
)
SKAFFERIET_LOGO = _logo(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="12" fill="#2E7D32"/>'
    '<path d="M22 28l8-14M42 28l-8-14" stroke="#fff" stroke-width="3" fill="none"/>'
    '<path d="M10 28h44l-6 22H16z" fill="#fff"/>'
    '<path d="M24 34v10M32 34v10M40 34v10" stroke="#2E7D32" stroke-width="3"/></svg>'
)

# (code, name, address, city, region, latitude, longitude)
CLIENTS = {
    "Kaffebaren": {
        "locale": "da",
        "brand_colour": "#6F4E37",
        "logo": KAFFEBAREN_LOGO,
        "rotation_days": 90,
        "stores": [
            ("KB01", "Kaffebaren Strøget", "Amagertorv 14", "København K", "Hovedstaden",
             55.67862, 12.57931),
            ("KB02", "Kaffebaren Nørrebro", "Jægersborggade 10", "København N", "Hovedstaden",
             55.69175, 12.54352),
            ("KB03", "Kaffebaren Vesterbro", "Istedgade 76", "København V", "Hovedstaden",
             55.66951, 12.55297),
            ("KB04", "Kaffebaren Østerbro", "Østerbrogade 58", "København Ø", "Hovedstaden",
             55.69852, 12.57903),
            ("KB05", "Kaffebaren Aarhus C", "Ryesgade 15", "Aarhus C", "Midtjylland",
             56.15452, 10.20648),
            ("KB06", "Kaffebaren Latinerkvarteret", "Klostergade 30", "Aarhus C", "Midtjylland",
             56.15903, 10.20851),
            ("KB07", "Kaffebaren Odense", "Vestergade 40", "Odense C", "Syddanmark",
             55.39581, 10.38352),
        ],
    },
    "Skafferiet": {
        "locale": "sv",
        "brand_colour": "#2E7D32",
        "logo": SKAFFERIET_LOGO,
        "rotation_days": 60,
        "stores": [
            ("SK01", "Skafferiet Södermalm", "Götgatan 45", "Stockholm", "Stockholm",
             59.31462, 18.07271),
            ("SK02", "Skafferiet Vasastan", "Odengatan 60", "Stockholm", "Stockholm",
             59.34531, 18.04552),
            ("SK03", "Skafferiet Kungsholmen", "Fleminggatan 20", "Stockholm", "Stockholm",
             59.33344, 18.04253),
            ("SK04", "Skafferiet Linné", "Linnégatan 30", "Göteborg", "Västra Götaland",
             57.69603, 11.95204),
            ("SK05", "Skafferiet Majorna", "Karl Johansgatan 50", "Göteborg", "Västra Götaland",
             57.69251, 11.91903),
            ("SK06", "Skafferiet Möllevången", "Bergsgatan 20", "Malmö", "Skåne",
             55.59602, 13.00401),
            ("SK07", "Skafferiet Lund", "Bangatan 10", "Lund", "Skåne", 55.70502, 13.18803),
        ],
    },
}  # fmt: skip

# (email, name, locale, role, extra)
STAFF = [
    ("admin@demo.mystery", "Line Kristensen", "en", "admin",
     "everything, users and settings included"),
    ("coordinator@demo.mystery", "Karin Holmberg", "en", "coordinator",
     "both chains: checklists, waves, the visit board, the review queue"),
]  # fmt: skip

# (email, name, locale, home latitude, home longitude, rating)
SHOPPERS = [
    ("shopper@demo.mystery", "Freja Holm", "en", 55.69352, 12.55203, 4.8),
    ("mette.jensen@demo.mystery", "Mette Jensen", "da", 55.66403, 12.51602, 4.6),
    ("rasmus.nielsen@demo.mystery", "Rasmus Nielsen", "da", 55.67901, 12.53202, 4.2),
    ("ida.lauridsen@demo.mystery", "Ida Lauridsen", "da", 55.66002, 12.60004, 4.9),
    ("anders.kjaer@demo.mystery", "Anders Kjær", "da", 56.15004, 10.19003, 4.4),
    ("sofie.dahl@demo.mystery", "Sofie Dahl", "da", 56.17202, 10.18904, 4.7),
    ("jonas.madsen@demo.mystery", "Jonas Madsen", "da", 55.40003, 10.37004, 3.9),
    ("camilla.bech@demo.mystery", "Camilla Bech", "da", 55.38502, 10.41003, 4.5),
    ("emma.lindqvist@demo.mystery", "Emma Lindqvist", "sv", 59.31803, 18.06002, 4.7),
    ("oskar.berg@demo.mystery", "Oskar Berg", "sv", 59.34002, 18.03003, 4.1),
    ("linnea.sjoberg@demo.mystery", "Linnea Sjöberg", "sv", 59.36004, 18.00002, 4.6),
    ("erik.johansson@demo.mystery", "Erik Johansson", "sv", 57.70003, 11.97002, 4.3),
    ("maja.karlsson@demo.mystery", "Maja Karlsson", "sv", 57.69004, 11.94003, 4.8),
    ("nils.aberg@demo.mystery", "Nils Åberg", "sv", 55.60002, 13.00003, 4.0),
    ("elin.persson@demo.mystery", "Elin Persson", "sv", 55.71003, 13.20002, 4.5),
]

# (email, name, locale, client, regions or None, what they see)
CLIENT_USERS = [
    ("client@kaffebaren.dk", "Katrine Vestergaard", "da", "Kaffebaren", None,
     "Kaffebaren's portal: approved visits, scores, the trend over two quarters, PDF reports"),
    ("jylland@kaffebaren.dk", "Henrik Lund", "da", "Kaffebaren", ["Midtjylland", "Syddanmark"],
     "Kaffebaren, only the Aarhus and Odense cafés (Midtjylland, Syddanmark)"),
    ("client@skafferiet.se", "Johan Ek", "sv", "Skafferiet", None,
     "Skafferiet's portal: approved visits, scores, reports, exports"),
]  # fmt: skip
