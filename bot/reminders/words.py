"""Words for reminders and times, as the user's language writes them: 22:30 or 10:30 PM,
"every 2 hours", "tomorrow at 09:00", a reminder's plan and title.

Pure: shared by every reminder screen and message.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from bot.i18n import Language
from bot.markup import escape
from bot.reminders.schedule import Reminder, ReminderKind
from bot.reminders.zones import zone_label


def clock_time(minute: int, lang: Language) -> str:
    """A local time of day in the user's language and clock: 22:30, 10:30 PM."""
    return format_time(time(minute // 60, minute % 60), lang.time_pattern, locale=lang.locale)


def interval_text(minutes: int, lang: Language) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        if hours == 1:
            return lang.gettext("every hour")
        return lang.ngettext("every {count} hour", "every {count} hours", hours).format(count=hours)
    return lang.ngettext("every {count} minute", "every {count} minutes", minutes).format(
        count=minutes
    )


def kind_title(kind: ReminderKind, lang: Language) -> str:
    if kind is ReminderKind.SLEEP:
        return lang.gettext("🌙 Sleep reminder")
    return lang.gettext("💧 Water reminders")


def plan_text(reminder: Reminder, lang: Language) -> str:
    """What the reminder does, e.g. 'bed at 23:00, a reminder 30 min before'."""
    if reminder.kind is ReminderKind.SLEEP and not reminder.wind_down:  # at bedtime itself
        return lang.gettext("every day at {time}").format(
            time=clock_time(reminder.start_minute, lang)
        )
    if reminder.kind is ReminderKind.SLEEP:
        plan = lang.gettext("bed at {time}, a reminder {count} min before").format(
            time=clock_time(reminder.start_minute, lang), count=reminder.wind_down
        )
        if reminder.weekend_minute is not None:
            plan += "; " + lang.gettext("Fri and Sat nights: bed at {time}").format(
                time=clock_time(reminder.weekend_minute, lang)
            )
        return plan
    count = len(reminder.daily_minutes())
    return (
        lang.gettext("{every} from {start} to {end}").format(
            every=interval_text(reminder.every_minutes, lang),
            start=clock_time(reminder.start_minute, lang),
            end=clock_time(reminder.end_minute, lang),
        )
        + ", "
        + lang.ngettext("{count} time a day", "{count} times a day", count).format(count=count)
    )


def when_text(instant: datetime, zone: ZoneInfo, now: datetime, lang: Language) -> str:
    """'today at 22:30', 'tomorrow at 09:00', 'Sunday, 22 November at 09:00' (local)."""
    local = instant.astimezone(zone)
    today = now.astimezone(zone).date()
    at = format_time(local, lang.time_pattern, locale=lang.locale)
    if local.date() == today:
        return lang.gettext("today at {time}").format(time=at)
    if local.date() == today + timedelta(days=1):
        return lang.gettext("tomorrow at {time}").format(time=at)
    day = format_date(local.date(), format="EEEE, d MMMM", locale=lang.locale)
    return lang.gettext("{date} at {time}").format(date=day, time=at)


def zone_line(zone: str, now: datetime, lang: Language) -> str:
    local = now.astimezone(ZoneInfo(zone))
    return lang.gettext("Time zone: {zone}; your local time now: {time}, {day}.").format(
        zone=escape(zone_label(zone, lang.locale, now)),
        time=format_time(local, lang.time_pattern, locale=lang.locale),
        day=format_date(local.date(), format="EEEE", locale=lang.locale),
    )
