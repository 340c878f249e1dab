"""Welke berichten een beslissing oplevert, met hun sleutel, klaargezet in de transactie van de
beller. De sleutel maakt elk bericht uniek: dezelfde beslissing twee keer levert één bericht."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from config.instellingen import Instellingen
from config.programma import Programma
from domein.model import Contact, Moment, MomentStatus, Traject
from domein.scoring import SAMEN, Rapport
from domein.tijd import BRUSSEL
from domein.uitnodigingen import alle_contacten, ontvangers
from notificaties.bericht import Afspraak, Ontvanger, groepsbericht
from notificaties.outbox import Klaar, vervang_wachtende, zet_alle_klaar

# Berichten met een agenda-uitnodiging: een nieuwere vervangt een oudere die nog niet vertrok.
AGENDABERICHTEN = ("uitnodiging", "wijziging", "annulering")


@dataclass(frozen=True, slots=True)
class Link:
    """Een link in een bericht over een vragenlijstronde, met de stand van de groep erbij."""

    naam: str
    url: str
    stand: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    afzender: Ontvanger
    coordinator: Ontvanger
    basis_url: str = "http://127.0.0.1:8000"  # waar `kansrijk web` bereikbaar is voor wie de link krijgt

    @classmethod
    def uit(cls, instellingen: Instellingen) -> "Post":
        return cls(Ontvanger(*instellingen.afzender), Ontvanger(*instellingen.coordinator_adres), instellingen.basis_url)

    def url(self, pad: str, geheim: str) -> str:
        return f"{self.basis_url.rstrip('/')}/{pad}/{geheim}"

    def _context(self, traject: Traject, programma: Programma, **extra: Any) -> dict:
        """Wat elk bericht over een traject kent; de naam van de ontvanger komt per ontvanger."""
        return {
            "traject": {"naam": traject.naam, "programma": programma.naam},
            "coordinator": {"naam": self.coordinator.naam, "email": self.coordinator.email},
            **extra,
        }

    def _berichten(self, soort: str, context: dict, aan: Sequence[tuple[Ontvanger, str]], nu: datetime,
                   traject_id: int | None, moment_id: int | None = None,
                   afspraak: Afspraak | None = None) -> list[Klaar]:
        """Eén bericht voor elke (ontvanger, sleutel) in `aan`, één keer ingevuld. Met een afspraak
        zijn alle ontvangers genodigd."""
        if not aan:
            return []
        bericht = groepsbericht(soort, context, afzender=self.afzender, verzonden_op=nu,
                                afspraak=afspraak, deelnemers=[o for o, _ in aan])
        return [Klaar(sleutel, soort, self.afzender.email, o.email, bericht.onderwerp, bericht.voor(o, sleutel),
                      traject_id, moment_id)
                for o, sleutel in aan]

    def over_moment(self, sessie: Session, traject: Traject, programma: Programma, moment: Moment, soort: str,
                    nu: datetime, *, ronde: date | None = None, reden: str | None = None) -> int:
        """Zet `berichten_over_moment` klaar; een nieuwe uitnodiging, wijziging of annulering
        vervangt wat over dat moment nog niet vertrok. Geeft het aantal nieuwe berichten."""
        berichten = self.berichten_over_moment(traject, programma, moment, soort, nu, ronde=ronde, reden=reden)
        nieuw = zet_alle_klaar(sessie, berichten, nu)
        if soort in AGENDABERICHTEN and nieuw:
            vervang_wachtende(sessie, moment.id, [b.ontvanger for b in berichten if b.sleutel in nieuw],
                              behalve=nieuw)
        return len(nieuw)

    def berichten_over_moment(
        self,
        traject: Traject,
        programma: Programma,
        moment: Moment,
        soort: str,
        nu: datetime,
        *,
        dagen_voor: int | None = None,
        ronde: date | None = None,
        reden: str | None = None,
    ) -> list[Klaar]:
        """Uitnodiging, wijziging, annulering of herinnering aan wie het moment bijwoont, één keer
        ingevuld voor allen (nog niet klaargezet).

        `dagen_voor` is de herinnering uit het programma (en deel van de sleutel); de tekst noemt
        de echte afstand, want een herinnering schuift voor een vakantie of komt wat later. Een
        `ronde` is een herinnering die de coördinator die dag zelf liet vertrekken."""
        naam = programma.fase(moment.fase).momentsoort(moment.soort).naam
        partner = next((p.naam for p in traject.partners if p.id == moment.partner_id), None)
        gegevens = moment_gegevens(moment, naam, partner)
        afspraak = None
        if soort in AGENDABERICHTEN:
            afspraak = Afspraak(
                uid=f"kansrijk-moment-{moment.id}@{self.afzender.email.rpartition('@')[2]}",
                revisie=moment.revisie,
                titel=f"{naam} – {traject.naam}",
                start=moment.start,
                einde=moment.einde,
                locatie=moment.locatie,
                geannuleerd=moment.status == MomentStatus.GEANNULEERD,
                gewijzigd_op=nu,
            )
        nog_dagen = (moment.start.astimezone(BRUSSEL).date() - nu.astimezone(BRUSSEL).date()).days
        deel = f"herinnering-ronde-{ronde}" if ronde else f"herinnering-{dagen_voor}" if dagen_voor else soort
        aan = [(Ontvanger(c.naam, c.email), f"moment-{moment.id}/r{moment.revisie}/{deel}/{c.email}")
               for c in ontvangers(traject, programma, moment)]
        context = self._context(traject, programma, moment=gegevens, reden=reden, dagen_voor=nog_dagen)
        return self._berichten(soort, context, aan, nu, traject.id, moment.id, afspraak)

    def nieuwe_fase(
        self, sessie: Session, traject: Traject, programma: Programma, van: str, naar: str, nu: datetime
    ) -> int:
        komend = [
            moment_gegevens(m, programma.fase(m.fase).momentsoort(m.soort).naam, None)
            for m in traject.momenten
            if m.fase == naar and m.status == MomentStatus.GEPLAND and m.start > nu
        ]
        extra = {"fase": {"naam": programma.fase(naar).naam}, "vorige_fase": {"naam": programma.fase(van).naam},
                 "momenten": komend}
        return self._aan_iedereen(sessie, traject, programma, "nieuwe_fase", f"fase-{naar}", nu, extra)

    def terugkommoment(
        self, sessie: Session, traject: Traject, programma: Programma, datum: date, nu: datetime
    ) -> int:
        return self._aan_iedereen(
            sessie, traject, programma, "terugkommoment", "terugkommoment", nu, {"datum": datum}, coordinator=True
        )

    def _aan_iedereen(self, sessie: Session, traject: Traject, programma: Programma, soort: str, deel: str,
                      nu: datetime, extra: dict, *, coordinator: bool = False) -> int:
        contacten: Sequence[Contact | Ontvanger] = alle_contacten(traject)
        if coordinator:
            contacten = [*contacten, self.coordinator]
        aan = [(Ontvanger(c.naam, c.email), f"traject-{traject.id}/{deel}/{c.email}") for c in contacten]
        berichten = self._berichten(soort, self._context(traject, programma, **extra), aan, nu, traject.id)
        return len(zet_alle_klaar(sessie, berichten, nu))

    def vragenlijstronde(
        self, sessie: Session, traject: Traject, programma: Programma, soort: str, sleutel: str, contact: Contact,
        partner: str, deadline: datetime, nu: datetime, *, persoonlijk: Sequence[Link], groepen: Sequence[Link],
        schoolpagina: str | None,
    ) -> int:
        """De uitnodiging of herinnering voor een vragenlijstronde: persoonlijke links om zelf in te
        vullen, en voor het contact van de school de groepslinks (met hun stand) en de schoolpagina."""
        context = self._context(traject, programma, partner=partner, deadline=deadline, persoonlijk=persoonlijk,
                                groepen=groepen, schoolpagina=schoolpagina)
        berichten = self._berichten(soort, context, [(Ontvanger(contact.naam, contact.email), sleutel)], nu, traject.id)
        return len(zet_alle_klaar(sessie, berichten, nu))

    def rapport(self, sessie: Session, traject: Traject, programma: Programma, contact: Contact, titel: str,
                rapport: Rapport, url: str, vervolg: str, nu: datetime, *, sleutel: str) -> int:
        """Het rapport van een school (of de feedback voor het lokaal bestuur), met een grafiek per
        domein als HTML-tabel (elke mailclient toont ze, zonder afbeeldingen)."""
        aan = Ontvanger(contact.naam, contact.email)
        return self._rapportbericht(sessie, traject, programma, "rapport", aan, titel, rapport, url, vervolg, nu,
                                    sleutel)

    def overzicht(self, sessie: Session, traject: Traject, programma: Programma, titel: str, rapport: Rapport,
                  per_partner: Sequence[tuple[str, Rapport]], url: str, vervolg: str, nu: datetime, *,
                  sleutel: str) -> int:
        """Het overzicht van het hele partnerschap voor de coördinator: per partner de scores per
        domein, en alle antwoorden samen, klaar voor de voorbereidende opdracht van fase 2."""
        from notificaties.rapport import partnerrijen

        return self._rapportbericht(sessie, traject, programma, "overzicht", self.coordinator, titel, rapport, url,
                                    vervolg, nu, sleutel, per_partner=partnerrijen(per_partner))

    def _rapportbericht(self, sessie: Session, traject: Traject, programma: Programma, soort: str, aan: Ontvanger,
                        titel: str, rapport: Rapport, url: str, vervolg: str, nu: datetime, sleutel: str,
                        **extra: Any) -> int:
        import notificaties.rapport  # noqa: F401  (de filters van het rapportsjabloon)

        # Zonder `afbeelding` tekent het sjabloon de grafieken als HTML: de mail heeft geen bijlagen.
        context = self._context(traject, programma, titel=titel, rapport=rapport, url=url, vervolg=vervolg,
                                afbeelding=None, SAMEN=SAMEN, **extra)
        return len(zet_alle_klaar(sessie, self._berichten(soort, context, [(aan, sleutel)], nu, traject.id), nu))

    def dagoverzicht(self, sessie: Session, datum: date, nu: datetime, **inhoud: Any) -> bool:
        context = {"datum": datum, "coordinator": {"naam": self.coordinator.naam, "email": self.coordinator.email},
                   **inhoud}
        berichten = self._berichten("dagoverzicht", context, [(self.coordinator, f"dagoverzicht/{datum}")], nu, None)
        return bool(zet_alle_klaar(sessie, berichten, nu))


def moment_gegevens(moment: Moment, naam: str, partner: str | None) -> dict[str, Any]:
    return {"naam": naam, "start": moment.start, "einde": moment.einde, "duur": moment.duur,
            "locatie": moment.locatie, "partner": partner}
