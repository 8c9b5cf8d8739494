"""Daily sleep and hydration reminders: schedule, zones, storage, dispatch, screens, handlers."""
