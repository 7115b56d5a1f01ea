"""The demo's waves and what happens to each of their visits.

Dates are days relative to today, so the demo always has an ended wave for the trend and
current waves with work in every state. Each store gets `visits_per_store` visits; the list
per store says how far each got, with the quirks that trip integrity flags.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

ME = "shopper@demo.mystery"


@dataclass
class Step:
    """What happens to one visit: its final state and how it gets there."""

    state: str
    who: str | None = None  # a shopper pinned to the visit (email)
    claimed: bool = False  # claimed from the job board rather than assigned
    history: bool = False  # returned once, re-submitted, then approved
    critical: bool = False  # fails the critical question
    far: bool = False  # checks in 1.8 km from the store
    short: bool = False  # filled in within four minutes
    old_photo: bool = False  # a photo taken days before the visit
    no_checkin: bool = False
    photo_of: tuple | None = None  # reuses the photo of another visit (wave, store, slot)
    comment_of: tuple | None = None  # pastes a long comment of another visit
    same_shopper_as: tuple | None = None  # breaks the rotation rule, with a logged override
    note: str | None = None  # the coordinator's note (return, approve or cancel)
    after: int = 0  # days after the visit it copies from
    from_open: bool = False  # cancelled before anyone was assigned
    values: dict = field(default_factory=dict)  # answers fixed by the story (question -> value)
    na: tuple = ()  # questions answered N/A by the story


@dataclass
class WaveSpec:
    """One wave: client, checklist version, dates relative to today, and its visits."""

    key: str
    client: str
    checklist: str
    start: int
    days: int
    hours: tuple
    fee: str
    scenario: str
    visits: dict = field(default_factory=dict)  # store code -> [Step per slot]
    quality: float = 0.75
    name: str = ""

    def starts_on(self, today):
        return today + timedelta(days=self.start)

    def ends_on(self, today):
        return self.starts_on(today) + timedelta(days=self.days)

    def window_times(self):
        return time(self.hours[0]), time(self.hours[1])


def quarter_name(day: date) -> str:
    """Name a wave after the quarter it starts in: "Q4 2026"."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def season_name(day: date) -> str:
    """Name a wave after the Swedish season it starts in: "Höst 2026"."""
    season = {12: "Vinter", 1: "Vinter", 2: "Vinter", 3: "Vår", 4: "Vår", 5: "Vår",
              6: "Sommar", 7: "Sommar", 8: "Sommar"}.get(day.month, "Höst")  # fmt: skip
    return f"{season} {day.year}"


def approved(n=2, **extra):
    return [Step("approved", **extra) for _ in range(n)]


RETURN_NOTE_EN = (
    "Please add a comment to the toilet question explaining why it was not applicable, and "
    "check the queue time: 15 seconds at Saturday lunchtime looks like a typo."
)
RETURN_NOTE_SV = (
    "Fotot av frukt och grönt är suddigt och visar mest golvet. Komplettera gärna med en "
    "kommentar om vad du såg i hyllan."
)
HISTORY_NOTE = "The receipt photo is missing; please upload it and send the visit again."
NO_CHECKIN_NOTE = "Approved: no GPS fix on the phone, but the receipt shows the store and time."
CANCEL_NOTE_DA = "Caféen holder lukket i uge 47 på grund af renovering."
CANCEL_NOTE_SV = "Butiken är stängd för ombyggnad under hösten."
OVERRIDE_REASON = (
    "Kaffebaren asked for a follow-up visit by the same shopper after the Q4 findings, "
    "so the two visits can be compared."
)


def waves():
    """Return the wave specifications in the order they were planned."""
    k_prev = WaveSpec("k_prev", "Kaffebaren", "cafe_v1", -113, 42, (8, 17), "350.00", "da",
                      quality=0.68)  # fmt: skip
    k_prev.visits = {
        "KB01": [Step("approved", who=ME, claimed=True), Step("approved")],
        "KB02": [Step("approved", who=ME), Step("approved", history=True)],
        "KB03": approved(),
        "KB04": approved(),
        "KB05": approved(),
        "KB06": [Step("approved"), Step("approved", claimed=True)],
        "KB07": approved(),
    }

    s_prev = WaveSpec("s_prev", "Skafferiet", "grocery", -84, 35, (9, 20), "400.00", "sv",
                      quality=0.72)  # fmt: skip
    s_prev.visits = {f"SK0{i}": approved() for i in range(1, 8)}
    s_prev.visits["SK04"] = [Step("approved", claimed=True), Step("approved", history=True)]

    k_cur = WaveSpec("k_cur", "Kaffebaren", "cafe_v2", -21, 60, (8, 17), "375.00", "da",
                     quality=0.78)  # fmt: skip
    k_cur.visits = {
        "KB01": [Step("approved"), Step("submitted", comment_of=("k_cur", "KB03", 0), after=3)],
        "KB02": [
            Step("returned", who=ME, note=RETURN_NOTE_EN, values={"queue_time": 15},
                 na=("toilet_clean",)),
            Step("approved", claimed=True),
        ],
        "KB03": [Step("approved"), Step("accepted")],
        "KB04": [Step("submitted", short=True), Step("open")],
        "KB05": [Step("approved", critical=True), Step("submitted", old_photo=True)],
        "KB06": [Step("approved", history=True), Step("assigned")],
        "KB07": [Step("approved", no_checkin=True, note=NO_CHECKIN_NOTE),
                 Step("cancelled", note=CANCEL_NOTE_DA)],
    }  # fmt: skip

    s_cur = WaveSpec("s_cur", "Skafferiet", "grocery", -14, 45, (9, 20), "425.00", "sv",
                     quality=0.76)  # fmt: skip
    s_cur.visits = {
        "SK01": [Step("approved"), Step("submitted", far=True)],
        "SK02": [Step("approved", claimed=True), Step("open")],
        "SK03": [Step("submitted", photo_of=("s_cur", "SK02", 0), after=2), Step("approved")],
        "SK04": [Step("approved"), Step("returned", note=RETURN_NOTE_SV)],
        "SK05": [Step("approved", critical=True), Step("accepted")],
        "SK06": [Step("assigned"), Step("accepted", who=ME)],
        "SK07": [Step("cancelled", note=CANCEL_NOTE_SV, from_open=True), Step("open")],
    }

    campaign = WaveSpec("k_campaign", "Kaffebaren", "cafe_v2", -2, 16, (10, 18), "300.00",
                        "da-campaign", name="Sæsonkampagne")  # fmt: skip
    campaign.visits = {
        "KB01": [Step("assigned", who=ME)],
        "KB02": [Step("open")],
        "KB03": [Step("accepted", same_shopper_as=("k_cur", "KB03", 0))],
        "KB04": [Step("open")],
    }
    return [k_prev, s_prev, k_cur, s_cur, campaign]
