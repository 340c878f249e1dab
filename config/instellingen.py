"""Instellingen uit de omgeving (voorvoegsel KANSRIJK_) of een .env-bestand."""

from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic_settings import BaseSettings, SettingsConfigDict

STANDAARD_DATA_MAP = Path.home() / ".local" / "share" / "kansrijk"


class Instellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KANSRIJK_", env_file=".env", extra="ignore")

    data_dir: Path = STANDAARD_DATA_MAP
    database_url: str | None = None
    # Een andere map met programmabestanden: een derde programma vraagt geen nieuwe code.
    programma_map: Path | None = None
    tijdzone: str = "Europe/Brussels"

    @property
    def databank_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'kansrijk.db'}"

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tijdzone)
