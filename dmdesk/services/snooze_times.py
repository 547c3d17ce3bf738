"""When a snooze comes due or a reply goes later: the menus' choices ("Tomorrow
morning"), what the owner types ("fri 10", "in 2 days", "24/12 15:30"), and how a time reads back.

All of it is on the owner's clock: a day's 09:00 is turned into a moment on that
day, with that day's offset, so a choice across a change to or from summer time
is still 09:00 on the wall. Reading typed times is dateparser's (every language
it knows, relative words, day-first or month-first as the locale writes them);
this module only says what a bare "fri 10" means and what a date without a time
means (the morning).
"""

from __future__ import annotations

import locale
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from dmdesk.services.business_hours import MAX_DAYS, BusinessHours

MORNING = time(9)
EVENING = time(18)
LATER_TODAY = timedelta(hours=3)
EVENING_MARGIN = timedelta(minutes=30)
""""This evening" is offered until half an hour before it."""
FURTHEST = timedelta(days=2 * 366)
"""Nothing is snoozed further ahead than this: a typo, not a plan."""


def utc_now() -> datetime:
    """The clock snoozes and replies sent later are measured from (tests pass
    their own)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    at: datetime


def morning_of(day: date, hours: BusinessHours | None = None) -> datetime:
    """The start of ``day``'s work: its first opening where the shop has business
    hours that day, else 09:00."""
    if hours is not None:
        for opens, _closes in hours.spans_on(day):
            return opens
    return _on_clock(day, MORNING)


def snooze_choices(now: datetime, hours: BusinessHours | None = None) -> list[Choice]:
    """The menu's quick choices, each in the future, in time order."""
    today = now.astimezone().date()
    choices = []
    later = now + LATER_TODAY
    if later.astimezone().date() == today:
        choices.append(Choice("Later today", later))
    evening = _on_clock(today, EVENING)
    if now < evening - EVENING_MARGIN and evening > later:
        choices.append(Choice("This evening", evening))
    choices.append(Choice("Tomorrow morning", morning_of(today + timedelta(days=1), hours)))
    monday = today + timedelta(days=7 - today.weekday())
    choices.append(Choice("Next week", morning_of(monday, hours)))
    return choices


def send_later_choices(now: datetime, hours: BusinessHours | None = None) -> list[Choice]:
    """When a reply may go later: tomorrow morning, the shop's next opening (where
    that is another time), and Monday morning."""
    today = now.astimezone().date()
    tomorrow = Choice("Tomorrow morning", morning_of(today + timedelta(days=1), hours))
    choices = [tomorrow]
    if hours is not None and hours.is_set:
        opening = next_opening(now, hours)
        if opening is not None and opening != tomorrow.at:
            choices.insert(
                0 if opening < tomorrow.at else 1, Choice("When the shop opens", opening)
            )
    monday = today + timedelta(days=7 - today.weekday())
    choices.append(Choice("Monday morning", morning_of(monday, hours)))
    return choices


def next_opening(now: datetime, hours: BusinessHours) -> datetime | None:
    """The start of the shop's next opening span after ``now``."""
    day = now.astimezone().date()
    for _ in range(MAX_DAYS):
        for opens, _closes in hours.spans_on(day):
            if opens > now:
                return opens
        day += timedelta(days=1)
    return None


# --- typed times -------------------------------------------------------------------

_DAY_WORDS = (
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|tues|thur|thurs|today|tomorrow|tmrw|tonight"
)
_BARE_HOUR = re.compile(rf"^(?:(?:next|this)\s+)?({_DAY_WORDS})\.?\s+(?:at\s+)?(\d{{1,2}})$")
"""A day and a bare number ("fri 10", "tomorrow at 9"): the number is an hour,
where dateparser would read a day of the month."""


def parse_typed_time(
    text: str, now: datetime, hours: BusinessHours | None = None
) -> datetime | None:
    """The moment ``text`` names, if it names one in the future (within two years).
    A day without a time means that day's morning."""
    typed = " ".join(text.strip().lower().split())
    if not typed:
        return None
    bare = _BARE_HOUR.match(typed)
    if bare is not None and int(bare.group(2)) < 24:
        typed = f"{typed[: bare.start(2)]}{bare.group(2)}:00".replace(" at ", " ")
    found = _parse(typed, now.astimezone().replace(tzinfo=None))
    if found is None:
        return None
    naive, period = found
    if period == "time":
        moment = _on_clock(naive.date(), naive.time())
    else:
        moment = morning_of(naive.date(), hours)
    if moment <= now or moment - now > FURTHEST:
        return None
    return moment


def _parse(typed: str, local_now: datetime) -> tuple[datetime, str] | None:
    """dateparser's reading, relative to ``local_now`` (naive, the owner's clock):
    the local time it names, and whether the text gave a time ("time") or only a
    day, week or month."""
    from dateparser.date import DateDataParser  # only once the owner types a time

    settings = {
        "PREFER_DATES_FROM": "future",
        "RETURN_TIME_AS_PERIOD": True,
        "RELATIVE_BASE": local_now,
    }
    data = DateDataParser(languages=_languages(), settings=settings).get_date_data(typed)
    if data.date_obj is None:
        return None
    naive: datetime = data.date_obj
    if naive.tzinfo is not None:
        naive = naive.astimezone().replace(tzinfo=None)
    return naive, str(data.period or "day")


@cache
def _languages() -> list[str]:
    """The owner's language, where dateparser knows it, then English."""
    from dateparser.languages.loader import default_loader

    own = (locale.getlocale()[0] or "").split("_")[0].lower()
    known = own and own != "en" and own in default_loader.get_locale_map()
    return [own, "en"] if known else ["en"]


# --- reading a time back -----------------------------------------------------------


def when_words(moment: datetime, now: datetime) -> str:
    """'today 18:00', 'tomorrow 09:00', 'Mon 09:00', 'Fri 18 Dec 10:00', 'Fri 8 Jan 2027 10:00'."""
    local, today = moment.astimezone(), now.astimezone().date()
    clock = f"{local:%H:%M}"
    days = (local.date() - today).days
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    if 1 < days < 7:
        return f"{local:%a} {clock}"
    day = f"{local:%a} {local.day} {local:%b}"
    return f"{day} {clock}" if local.year == today.year else f"{day} {local.year} {clock}"


def menu_words(moment: datetime, now: datetime) -> str:
    """A choice's time beside its name, which says the day already: '16:12',
    'Fri 09:00', 'Mon 14 Dec 09:00'."""
    local, today = moment.astimezone(), now.astimezone().date()
    days = (local.date() - today).days
    if days == 0:
        return f"{local:%H:%M}"
    if 0 < days < 7:
        return f"{local:%a %H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def _on_clock(day: date, at: time) -> datetime:
    """``at`` on ``day`` on the owner's clock, as a moment."""
    return datetime.combine(day, at).astimezone()
