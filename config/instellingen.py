"""Instellingen uit de omgeving (voorvoegsel KANSRIJK_) of een .env-bestand."""

from email.headerregistry import HeaderRegistry
from email.utils import parseaddr
from functools import cached_property
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

STANDAARD_DATA_MAP = Path.home() / ".local" / "share" / "kansrijk"


def _een_adres(waarde: str) -> str:
    """Eén e-mailadres, los of als 'Naam <adres>', zoals het in een From- of To-header komt. Het adres
    wordt gekeurd zoals dat van een contactpersoon (email-validator); alleen het domein .test (RFC 2606)
    mag hier ook, voor testopstellingen."""
    header = HeaderRegistry()("From", waarde)
    if header.defects or len(header.addresses) != 1:
        raise ValueError("geen geldig adres")
    try:
        validate_email(header.addresses[0].addr_spec, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise ValueError("geen geldig adres") from None
    return waarde


# Elk veld zegt in zijn `description` wat het verwacht: de CLI toont dat bij een ongeldige waarde.
class Instellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KANSRIJK_", env_file=".env", extra="ignore")

    data_dir: Path = Field(STANDAARD_DATA_MAP, description="een map (niet leeg)")
    database_url: str | None = None
    # Een andere map met programmabestanden: een derde programma vraagt geen nieuwe code.
    programma_map: Path | None = Field(None, description="een map")
    vragenlijst_map: Path | None = Field(None, description="een map")
    tijdzone: str = Field("Europe/Brussels", description="een IANA-tijdzone zoals Europe/Brussels")

    # E-mail. Zonder SMTP-host komen de berichten als .eml-bestanden in <data_dir>/postvak/.
    smtp_host: str | None = None
    smtp_port: int = Field(25, ge=1, le=65535, description="een poort van 1 tot 65535")
    smtp_gebruiker: str | None = None
    smtp_wachtwoord: str | None = None
    smtp_starttls: bool = Field(False, description="true of false")
    smtp_tls: bool = Field(False, description="true of false")
    smtp_verbindingen: int = Field(4, ge=1, le=32, description="een aantal verbindingen van 1 tot 32")
    smtp_timeout: float = Field(30.0, gt=0, description="een aantal seconden groter dan 0")
    # De standaard wordt niet gekeurd: kansrijk@localhost is geen bezorgbaar adres, maar zonder SMTP-host
    # komen de berichten toch als .eml-bestanden in het postvak.
    mail_afzender: str = Field("Kansrijk <kansrijk@localhost>", validate_default=False,
                               description="één e-mailadres, bv. vzw Krijt <kansrijk@krijt.be>")
    # Krijgt het dagoverzicht en staat als aanspreekpunt in elk bericht; standaard de afzender.
    coordinator: str | None = Field(None, validate_default=False,
                                    description="één e-mailadres, bv. Colette <colette@krijt.be>")

    # Het webformulier: het publieke adres van `kansrijk web`, voor de links in de berichten.
    basis_url: str = Field("http://127.0.0.1:8000", description="een adres met http:// of https:// en een host")
    # Adressen of netwerken van de proxy's voor `kansrijk web`, met komma's: alleen van hen geldt
    # X-Forwarded-For als het adres van de bezoeker (de rem op het raden van links telt per adres).
    vertrouwde_proxies: str = Field("", description="IP-adressen of netwerken met komma's, bv. 10.0.0.5,10.0.0.0/24")

    @field_validator("vertrouwde_proxies")
    @classmethod
    def _proxies(cls, waarde: str) -> str:
        for deel in filter(None, (d.strip() for d in waarde.split(","))):
            ip_network(deel)  # ValueError: de CLI meldt de beschrijving van het veld
        return waarde

    @field_validator("mail_afzender", "coordinator")
    @classmethod
    def _adres(cls, waarde: str) -> str:
        return _een_adres(waarde)

    @field_validator("basis_url")
    @classmethod
    def _http_met_host(cls, waarde: str) -> str:
        try:
            delen = urlsplit(waarde)
            geldig = delen.scheme in ("http", "https") and bool(delen.hostname) and delen.port != 0
        except ValueError:  # bv. een poort buiten 0-65535
            geldig = False
        if not geldig:
            raise ValueError("geen http(s)-adres met host")
        return waarde

    @property
    def proxies(self) -> list[str]:
        return [d.strip() for d in self.vertrouwde_proxies.split(",") if d.strip()]

    # De engine
    tick_seconden: int = Field(30, ge=1, description="een geheel aantal seconden van minstens 1")
    dagoverzicht_uur: int = Field(8, ge=0, le=23, description="een uur van 0 tot 23")
    # Zo lang houdt een engine de berichten die ze claimde; sterft ze, dan neemt een andere (of zijzelf
    # na een herstart) ze daarna over. Ruim langer dan een batch van 500 kan duren.
    outbox_lease_seconden: int = Field(600, ge=1, description="een geheel aantal seconden van minstens 1")

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
            raise ValueError("onbekende tijdzone") from None
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
