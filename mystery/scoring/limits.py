"""How big a checklist and a submission may be: every list and number has a bound.

Bounds keep every accepted value storable (the answers table holds keys of 100 characters),
renderable (a report's Decimal arithmetic needs finite numbers of sane size) and cheap to
query (no list a user sends ever becomes thousands of SQL parameters).
"""

MAX_SECTIONS = 50
MAX_QUESTIONS = 500  # in the whole checklist
MAX_OPTIONS = 50  # of a choice question
MAX_BANDS = 20  # of a wait-time question
MAX_SHOW_IF_VALUES = 50  # in a show_if's "in"
MAX_KEY = 100  # characters of a section or question key: the answers table's column
MAX_TITLE = 2000  # characters of a title, question text, help or option label
MAX_MEDIA = 20  # photos per answer
MAX_WEIGHT = 1000
# Whole numbers and bounds of number questions: well inside a 64-bit float's exact range
# and a report's Decimal precision, far beyond anything counted in a shop.
MAX_NUMBER = 10**12
MAX_WAIT_SECONDS = 7 * 24 * 3600  # a week
