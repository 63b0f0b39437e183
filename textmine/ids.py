"""Stable identifiers derived from content, so that the same input gives the same ids on
every run and every machine."""

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    """`prefix` + 16 hex digits of the SHA-256 of the parts (unit separator between them)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"
