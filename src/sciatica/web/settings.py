"""Web settings, from environment variables prefixed SCIATICA_ (pydantic-settings)."""

from __future__ import annotations

import secrets

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCIATICA_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    # Signs the CSRF tokens. A fresh random key per process unless one is configured, which is
    # right for one process; several workers behind one address need the same key.
    secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    max_body_bytes: int = 64 * 1024  # a case is a few kilobytes; refuse anything far larger
    # FHIR bodies (a Bundle of Observations, a CDS Hooks request with prefetch) are verbose: the
    # contract's example case is ~120 KB as a Bundle.
    max_fhir_body_bytes: int = 2 * 1024 * 1024
    secure_cookies: bool = False  # set true behind HTTPS
    # The addresses of reverse proxies whose X-Forwarded-For / -Proto headers are believed
    # (comma-separated IPs or networks, as uvicorn's forwarded_allow_ips). Empty by default: any
    # local client could otherwise forge its address, dodging the login limit and the audit.
    trusted_proxies: str = ""
