"""Settings, read once from ``HANSA_*`` environment variables."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str) -> tuple[Network, ...]:
    """``"10.0.0.0/16, 192.0.2.7"`` -> networks; a bad entry raises ``ValueError``.
    Here, not in ``core.proxy``, because the settings validate their own value and core imports config."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()
    )


class Settings(BaseSettings):
    """Every knob Hansa has. Unset URLs mean: start the embedded engine."""

    model_config = SettingsConfigDict(env_prefix="HANSA_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=Path(".hansa"), description="Embedded data, mail and files.")
    database_url: str | None = Field(default=None, description="PostgreSQL DSN; embedded if unset.")
    redis_url: str | None = Field(default=None, description="Redis URL; embedded if unset.")
    db_pool_min: int = Field(default=1, ge=1)
    db_pool_max: int = Field(default=10, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    trusted_proxies: str = Field(
        default="",
        description=(
            "Comma-separated CIDRs of our own proxies (the load balancer's subnets, e.g. the VPC "
            "10.0.0.0/16); their X-Forwarded-For is believed. Empty: the peer is the client."
        ),
    )
    log_level: str = "INFO"
    log_json: bool = True
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    migrate_concurrency: int = Field(default=8, ge=1, le=64)
    outbox_sweep_seconds: int = Field(default=15, ge=1)
    outbox_stale_seconds: int = Field(default=30, ge=0)
    worker_processes: int = Field(default=1, ge=1)
    worker_threads: int = Field(default=4, ge=1)
    queue_prefix: str = Field(default="hansa", description="Prefix of Dramatiq queue names.")
    # identity: sessions, login rate limit, mail
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL of the web UI, used in links sent by mail."
    )
    session_lifetime_seconds: int = Field(
        default=14 * 24 * 3600, ge=300, description="Idle lifetime of a session (sliding)."
    )
    login_max_attempts: int = Field(default=10, ge=1, description="Login tries per e-mail per window.")
    login_ip_max_attempts: int = Field(default=50, ge=1, description="Failed login tries per client IP.")
    login_window_seconds: int = Field(default=15 * 60, ge=1, description="Login rate limit window.")
    smtp_url: str | None = Field(
        default=None,
        description="smtp://user:pass@host:port[?starttls=true] or smtps://...; unset: .eml files.",
    )
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    mail_from: str = Field(default="Hansa <no-reply@hansa.localhost>", description="The From: of mails.")
    retention_days: int = Field(
        default=30,
        ge=8,  # longer than Dramatiq's longest retry backoff (7 days)
        description="Days to keep processed-event records, sent outbox rows and sent mail bodies.",
    )
    retention_sweep_seconds: int = Field(default=6 * 3600, ge=60, description="How often history is pruned.")
    idempotency_retention_hours: int = Field(
        default=7 * 24,
        ge=24,  # clients retry within a day at least; keys younger than that must still replay
        le=90 * 24,
        description="Hours to keep Idempotency-Key records (stored responses) before pruning.",
    )
    demo_operator_password: str = Field(
        default="Hansa-Demo-2026",
        description="Password of operator@hansa.localhost, created by `hansa up` in development only.",
    )
    # search (docs/search.md)
    search_backend: Literal["postgres", "meilisearch"] = Field(
        default="postgres", description="The search index: postgres (the search schema) or meilisearch."
    )
    meilisearch_url: str | None = Field(
        default=None, description="Meilisearch's URL; required for meilisearch."
    )
    meilisearch_key: str | None = Field(default=None, description="Meilisearch's API key.")
    meilisearch_index: str = Field(
        default="hansa_variants",
        pattern=r"^[A-Za-z0-9_-]{1,80}$",
        description="Uid of the one shared index (a reindex builds <uid>_next aside, then swaps).",
    )
    search_exact_limit: int = Field(
        default=5_000,
        ge=100,
        le=1_000_000,
        description=(
            "PostgreSQL search: matches counted exactly; above, the total and facet counts are "
            "estimated from a sample (shown as 'about')."
        ),
    )
    search_log_retention_days: int = Field(
        default=90, ge=1, description="Days to keep the search query log (queries and result counts)."
    )
    # files: product images and documents
    files_backend: Literal["local", "s3"] = Field(
        default="local", description="Where uploaded files live: local (<data_dir>/files) or s3."
    )
    s3_bucket: str | None = Field(
        default=None, description="Bucket of the files; required when files_backend=s3."
    )
    s3_prefix: str = Field(
        default="",
        pattern=r"^/?([A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*)?/?$",
        description="Key prefix inside the bucket, e.g. prod/files; empty: the bucket root.",
    )
    s3_endpoint_url: str | None = Field(
        default=None, description="S3-compatible endpoint (MinIO, R2, Ceph); unset: AWS S3."
    )
    s3_region: str | None = Field(
        default=None, description="Bucket region; unset: boto3's default (AWS_REGION)."
    )
    s3_access_key_id: str | None = Field(
        default=None,
        description="Access key; unset: boto3's default chain (env, task role, instance profile).",
    )
    s3_secret_access_key: SecretStr | None = Field(default=None, description="Secret of s3_access_key_id.")
    s3_addressing_style: Literal["auto", "path", "virtual"] = Field(
        default="auto", description="path for MinIO and most self-hosted S3; virtual or auto for AWS and R2."
    )
    media_max_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1024,
        le=64 * 1024 * 1024,
        description="Largest image or document upload.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: str) -> str:
        try:
            return ", ".join(str(network) for network in parse_networks(value))
        except ValueError as exc:
            raise ValueError(f"HANSA_TRUSTED_PROXIES: {exc}") from None

    @model_validator(mode="after")
    def _s3_is_complete(self) -> Settings:
        if self.files_backend == "s3" and not self.s3_bucket:
            raise ValueError("HANSA_FILES_BACKEND=s3 needs HANSA_S3_BUCKET, the bucket that holds the files")
        if (self.s3_access_key_id is None) != (self.s3_secret_access_key is None):
            raise ValueError(
                "set both HANSA_S3_ACCESS_KEY_ID and HANSA_S3_SECRET_ACCESS_KEY, or neither to use "
                "the default AWS credentials (task role, instance profile, AWS_* variables)"
            )
        return self

    @model_validator(mode="after")
    def _search_is_complete(self) -> Settings:
        if self.search_backend == "meilisearch" and not self.meilisearch_url:
            raise ValueError("HANSA_SEARCH_BACKEND=meilisearch needs HANSA_MEILISEARCH_URL, the server's URL")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; read from the environment on first call."""
    return Settings()
