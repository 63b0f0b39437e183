"""Schedules: a daily rebuild keeps the published warehouse fresh even without file events."""

import dagster as dg

from pipelines.jobs import refresh_warehouse

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_warehouse,
    cron_schedule="0 3 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Rebuild the warehouse every day at 03:00 UTC.",
)
