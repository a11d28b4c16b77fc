"""Settings, read once from the environment and `.env` by the entry point and passed down."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
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
    slack_timeout_seconds: int = Field(default=10, ge=1, le=60, alias="SLACK_TIMEOUT_SECONDS")
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
    # `topic=CHANNEL` pairs, e.g. housing=C0123,judiciary=C0456; topics are checked against the
    # catalog at start (topic_channel_map), since the catalog is loaded after the settings.
    topic_channels: str = Field(default="", alias="TOPIC_CHANNELS")
    # Days after a cycle closes before its notes and history are purged; unset keeps them.
    retention_days: int | None = Field(default=None, ge=1, alias="RETENTION_DAYS")
    log_format: Literal["text", "json"] = Field(default="text", alias="LOG_FORMAT")
    # The key of the hashes that remember who was forgotten; the signing secret when unset.
    forget_key: str = Field(default="", alias="FORGET_KEY")
    # For rehearsals only: a file holding seconds added to the wall clock, shared by every
    # process (bot.shifted_clock). Unset in production.
    clock_offset_file: Path | None = Field(default=None, alias="CLOCK_OFFSET_FILE")

    @field_validator("retention_days", "clock_offset_file", mode="before")
    @classmethod
    def _unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

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

    @field_validator("topic_channels")
    @classmethod
    def _topic_channels(cls, value: str) -> str:
        for pair in filter(None, (p.strip() for p in value.split(","))):
            topic, sep, channel = pair.partition("=")
            if not sep or not topic.strip() or not CHANNEL_ID.match(channel.strip()):
                raise ValueError(
                    f"{pair!r} is not topic=CHANNEL_ID, e.g. housing=C0123456789,judiciary=C0456"
                )
        return value

    @property
    def topic_channel_pairs(self) -> list[tuple[str, str]]:
        pairs = (p.strip().partition("=") for p in self.topic_channels.split(",") if p.strip())
        return [(topic.strip(), channel.strip()) for topic, _, channel in pairs]

    @property
    def reminder_day_list(self) -> tuple[int, ...]:
        return tuple(
            sorted({int(d) for d in self.reminder_days.split(",") if d.strip()}, reverse=True)
        )

    @property
    def forget_secret(self) -> str:
        """The key of forgotten people's tombstones: every process must use the same one."""
        return self.forget_key or self.slack_signing_secret

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
