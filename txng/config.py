"""Settings, read once from the environment (``TXNG_*``) by the app factory and the CLI."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of a txng installation; defaults suit the embedded SQLite demo."""

    model_config = SettingsConfigDict(env_prefix="TXNG_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///txng.db",
        description="SQLAlchemy URL; the default is an SQLite file in the working folder.",
    )
    capture_limit: int = Field(
        default=50_000, description="Most events accepted in one capture document."
    )
    capture_max_bytes: int = Field(
        default=128 * 1024 * 1024, description="Largest capture document accepted, in bytes."
    )
    sync_capture_bytes: int = Field(
        default=512 * 1024,
        description="Documents up to this size are stored within the request; larger ones "
        "are queued as capture jobs for the background worker.",
    )
    worker: bool = Field(
        default=True, description="Run the capture-job worker inside the server process."
    )
    worker_poll_seconds: float = Field(default=0.5)
    subscriptions: bool = Field(
        default=True, description="Deliver webhook subscriptions from the server process.")
    subscription_poll_seconds: float = Field(
        default=1.0, description="How often subscriptions (webhooks and WebSockets) look "
        "for newly captured events.")


@lru_cache
def get_settings() -> Settings:
    return Settings()
