"""Het geheim in een vragenlijstlink: 192 bits uit `secrets`, in de databank alleen als SHA-256."""

import hashlib
import secrets


def nieuw_geheim() -> tuple[str, str]:
    """(geheim voor de link, hash voor de databank)."""
    geheim = secrets.token_urlsafe(24)
    return geheim, hash_van(geheim)


def hash_van(geheim: str) -> str:
    return hashlib.sha256(geheim.encode()).hexdigest()
