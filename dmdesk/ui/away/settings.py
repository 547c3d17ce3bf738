"""Where the away message's choices are kept (the settings file, beside the
business hours it keeps to), and the plan the sync engine is given."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from dmdesk.services.away_message import AwayMessage, AwayPlan
from dmdesk.services.business_hours import BusinessHours

AWAY_ON_KEY = "away/on"
AWAY_MESSAGE_KEY = "away/message"


def away_message(settings: QSettings) -> AwayMessage:
    return AwayMessage.from_json(str(settings.value(AWAY_MESSAGE_KEY, "")))


def away_on(settings: QSettings) -> bool:
    """Off until the owner turns it on."""
    return settings.value(AWAY_ON_KEY, False) in (True, "true", "1", 1)


def away_plan(settings: QSettings, hours: BusinessHours) -> AwayPlan | None:
    """What the sync engine answers with; None while it is off or there are no
    business hours to be away from."""
    if not away_on(settings) or not hours.is_set:
        return None
    return AwayPlan(away_message(settings), hours)
