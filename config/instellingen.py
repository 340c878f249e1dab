"""Instellingen uit de omgeving (voorvoegsel KANSRIJK_) of een .env-bestand."""

from email.utils import parseaddr
from functools import cached_property
from ipaddress import ip_network
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

STANDAARD_DATA_MAP = Path.home() / ".local" / "share" / "kansrijk"


class Instellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KANSRIJK_", env_file=".env", extra="ignore")

    data_dir: Path = STANDAARD_DATA_MAP
    database_url: str | None = None
    # Een andere map met programmabestanden: een derde programma vraagt geen nieuwe code.
    programma_map: Path | None = None
    vragenlijst_map: Path | None = None
    tijdzone: str = "Europe/Brussels"

    # E-mail. Zonder SMTP-host komen de berichten als .eml-bestanden in <data_dir>/postvak/.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_gebruiker: str | None = None
    smtp_wachtwoord: str | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_verbindingen: int = Field(4, ge=1, le=32)
    smtp_timeout: float = Field(30.0, gt=0, description="seconden per verbinding en per SMTP-commando")
    mail_afzender: str = "Kansrijk <kansrijk@localhost>"
    # Krijgt het dagoverzicht en staat als aanspreekpunt in elk bericht; standaard de afzender.
    coordinator: str | None = None

    # Het webformulier: het publieke adres van `kansrijk web`, voor de links in de berichten.
    basis_url: str = "http://127.0.0.1:8000"
    # Adressen of netwerken van de proxy's voor `kansrijk web`, met komma's: alleen van hen geldt
    # X-Forwarded-For als het adres van de bezoeker (de rem op het raden van links telt per adres).
    vertrouwde_proxies: str = ""

    @field_validator("vertrouwde_proxies")
    @classmethod
    def _proxies(cls, waarde: str) -> str:
        for deel in filter(None, (d.strip() for d in waarde.split(","))):
            try:
                ip_network(deel)
            except ValueError:
                raise ValueError(f"'{deel}' is geen IP-adres of netwerk (bv. 10.0.0.5 of 10.0.0.0/24)") from None
        return waarde

    @property
    def proxies(self) -> list[str]:
        return [d.strip() for d in self.vertrouwde_proxies.split(",") if d.strip()]

    # De engine
    tick_seconden: int = Field(30, ge=1)
    dagoverzicht_uur: int = Field(8, ge=0, le=23)
    # Zo lang houdt een engine de berichten die ze claimde; sterft ze, dan neemt een andere (of zijzelf
    # na een herstart) ze daarna over. Ruim langer dan een batch van 500 kan duren.
    outbox_lease_seconden: int = Field(600, ge=1)

    @field_validator("data_dir", mode="before")
    @classmethod
    def _niet_leeg(cls, waarde: object) -> object:
        # Path("") is de huidige map: een lege instelling zou stil daar een databank aanmaken.
        if isinstance(waarde, str) and not waarde.strip():
            raise ValueError("leeg")
        return waarde

    @field_validator("tijdzone")
    @classmethod
    def _bestaande_zone(cls, naam: str) -> str:
        try:
            ZoneInfo(naam)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"onbekende tijdzone '{naam}'") from None
        return naam

    @property
    def databank_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'kansrijk.db'}"

    @property
    def postvak(self) -> Path:
        return self.data_dir / "postvak"

    @property
    def afzender(self) -> tuple[str, str]:
        """(naam, adres) uit 'Naam <adres>' of een los adres."""
        return parseaddr(self.mail_afzender)

    @property
    def coordinator_adres(self) -> tuple[str, str]:
        naam, adres = parseaddr(self.coordinator or self.mail_afzender)
        return naam or "coördinator", adres

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tijdzone)
