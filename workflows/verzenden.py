"""Wat vertrekt: de outbox naar SMTP (of het postvak), en het dagoverzicht van de coördinator."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from diensten.lezen import engine as lezen
from notificaties.outbox import claim
from notificaties.uitslagen import Uitslagenboek, verwerk
from notificaties.verzender import SmtpInstellingen, Uitslag, schrijf_naar_postvak, verstuur
from opstart import Onderdelen

BATCH = 500  # berichten per claim: één SMTP-verbinding (per parallelle verbinding) per batch


@dataclass(slots=True)
class Verzendverslag:
    verzonden: int = 0
    later_opnieuw: int = 0
    mislukt: int = 0
    vervallen: int = 0  # achterhaald bij vertrek (de engine lag stil): niet verstuurd
    fouten: list[str] = field(default_factory=list)  # de redenen, elk één keer

    def tel(self, uitslag: Uitslag, reden: str | None) -> None:
        if uitslag == Uitslag.VERZONDEN:
            self.verzonden += 1
            return
        if uitslag == Uitslag.PERMANENT:
            self.mislukt += 1
        else:
            self.later_opnieuw += 1
        if reden and reden not in self.fouten:
            self.fouten.append(reden)

    def tel_op(self, ander: "Verzendverslag") -> None:
        self.verzonden += ander.verzonden
        self.later_opnieuw += ander.later_opnieuw
        self.mislukt += ander.mislukt
        self.vervallen += ander.vervallen
        self.fouten += [f for f in ander.fouten if f not in self.fouten]


def berichten_versturen(o: Onderdelen, nu: datetime) -> Verzendverslag:
    """Verstuurt alles wat klaarstaat, in batches: claimen (commit), dan versturen, met de uitslag
    van elk bericht vastgelegd (commit) zodra de server antwoordde. Er staat geen transactie open
    terwijl de mailserver antwoordt."""
    i = o.instellingen
    smtp = (
        SmtpInstellingen(i.smtp_host, i.smtp_port, i.smtp_gebruiker, i.smtp_wachtwoord, i.smtp_starttls, i.smtp_tls,
                         i.smtp_timeout)
        if i.smtp_host
        else None
    )
    lease = timedelta(seconds=i.outbox_lease_seconden)
    nu = nu.astimezone(UTC)  # in echte tijd: een lease of wachttijd over de herfstnacht duurt niet een uur langer
    verslag = Verzendverslag()
    while True:
        with o.databank.transactie() as sessie:
            geclaimd = claim(sessie, nu, BATCH, lease)
        if not geclaimd.aantal:
            return verslag
        verslag.vervallen += geclaimd.vervallen
        uitgaand = geclaimd.uitgaand
        if smtp:
            with Uitslagenboek(o.databank, nu) as boek:
                uitslagen = asyncio.run(verstuur(uitgaand, smtp, verbindingen=i.smtp_verbindingen, vastleggen=boek))
        else:  # een bestand dat er al staat, wordt niet opnieuw geschreven: per batch vastleggen volstaat
            uitslagen = schrijf_naar_postvak(uitgaand, i.postvak)
            with o.databank.transactie() as sessie:
                verwerk(sessie, uitslagen, nu)
        for u in uitslagen:
            verslag.tel(u.uitslag, u.reden)


def dagoverzicht(o: Onderdelen, nu: datetime) -> bool:
    """Zet het overzicht van vandaag klaar voor de coördinator (zie `diensten.lezen.engine.dagoverzicht`).
    Eén per dag (de sleutel), ook met twee engines. False als het er al was."""
    zone = o.instellingen.zone
    with o.databank.transactie() as sessie:
        inhoud = lezen.dagoverzicht(sessie, o.programmas, zone, o.instellingen.coordinator_adres, nu)
        return o.post.dagoverzicht(sessie, nu.astimezone(zone).date(), nu, **inhoud)
