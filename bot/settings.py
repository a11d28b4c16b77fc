"""Settings, read once from the environment and `.env` by the entry point and passed down."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "data" / "recommendations.json"

# Where an operator finds each Slack value; shown when one is missing.
WHERE_TO_GET = {
    "SLACK_BOT_TOKEN": (
        "api.slack.com/apps -> your app -> OAuth & Permissions -> Bot User OAuth Token (xoxb-...)"
    ),
    "SLACK_SIGNING_SECRET": (
        "api.slack.com/apps -> your app -> Basic Information -> App Credentials -> Signing Secret"
    ),
    "SLACK_APP_TOKEN": (
        "api.slack.com/apps -> your app -> Basic Information -> App-Level Tokens "
        "(xapp-..., scope connections:write)"
    ),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: str = Field(default="", alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str = Field(default="", alias="SLACK_SIGNING_SECRET")
    slack_app_token: str = Field(default="", alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    database_url: str = Field(default="sqlite:///assessbot.sqlite3", alias="DATABASE_URL")
    committee_channel: str = Field(default="", alias="COMMITTEE_CHANNEL")
    default_tz: str = Field(default="America/New_York", alias="DEFAULT_TZ")
    catalog_path: Path = Field(default=DEFAULT_CATALOG, alias="CATALOG_PATH")
    reminder_interval_minutes: int = Field(
        default=15, ge=1, le=60, alias="REMINDER_INTERVAL_MINUTES"
    )
    reminder_days: str = Field(default="21,14,7,3,1,0", alias="REMINDER_DAYS")
    overdue_every_days: int = Field(default=2, ge=1, alias="OVERDUE_EVERY_DAYS")
    escalate_after_days: int = Field(default=7, ge=1, alias="ESCALATE_AFTER_DAYS")
    # 0 means one web worker process per core.
    web_concurrency: int = Field(default=0, ge=0, le=64, alias="WEB_CONCURRENCY")
    web_threads: int = Field(default=8, ge=1, le=64, alias="WEB_THREADS")

    @field_validator("default_tz")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("reminder_days")
    @classmethod
    def _days(cls, value: str) -> str:
        try:
            days = [int(d) for d in value.split(",") if d.strip()]
        except ValueError as exc:
            raise ValueError(
                "must be comma-separated whole numbers of days, e.g. 21,14,7,3,1,0"
            ) from exc
        if not days or any(d < 0 for d in days):
            raise ValueError("must list at least one day count, none negative")
        return value

    @property
    def reminder_day_list(self) -> tuple[int, ...]:
        return tuple(
            sorted({int(d) for d in self.reminder_days.split(",") if d.strip()}, reverse=True)
        )

    def missing_for_http(self) -> list[str]:
        """The Slack settings HTTP mode cannot run without."""
        return [
            name
            for name, value in (
                ("SLACK_BOT_TOKEN", self.slack_bot_token),
                ("SLACK_SIGNING_SECRET", self.slack_signing_secret),
            )
            if not value
        ]
