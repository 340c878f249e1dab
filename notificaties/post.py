"""De berichten die een beslissing oplevert (`domein.berichten`) klaarzetten in de transactie van
de beller. Opgemaakt (Jinja, MIME, agenda-uitnodiging) wordt een groep pas als de outbox een van
haar sleutels nieuw vindt: een bericht dat er al is, wordt nooit opnieuw ingevuld."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from config.instellingen import Instellingen
from config.programma import Programma
from domein import berichten as beslis
from domein.berichten import Bericht, Link, Ontvanger
from domein.model import Contact, Moment, Traject
from domein.scoring import SAMEN, Rapport
from notificaties.bericht import Groepsbericht, groepsbericht
from notificaties.outbox import Klaar, vervang_wachtende, zet_alle_klaar


class _Opmaak:
    """Het groepsbericht van één beslissing, pas ingevuld bij de eerste nieuwe sleutel; daarna kost
    elke ontvanger alleen nog wat bytes aan elkaar zetten (`Groepsbericht.voor`)."""

    __slots__ = ("_bericht", "_maak")

    def __init__(self, maak: Callable[[], Groepsbericht]) -> None:
        self._maak: Callable[[], Groepsbericht] = maak
        self._bericht: Groepsbericht | None = None

    def __call__(self, aan: Ontvanger, sleutel: str) -> tuple[str, bytes]:
        if self._bericht is None:
            self._bericht = self._maak()
        return self._bericht.onderwerp, self._bericht.voor(aan, sleutel)


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

    def _klaar(self, groep: Sequence[Bericht], nu: datetime) -> list[Klaar]:
        """De berichten van één beslissing, met één opmaak voor allen: met een afspraak zijn alle
        ontvangers genodigd."""
        if not groep:
            return []
        eerste = groep[0]
        opmaak = _Opmaak(lambda: groepsbericht(
            eerste.soort, self._sjabloondata(eerste), afzender=self.afzender, verzonden_op=nu,
            afspraak=eerste.afspraak, deelnemers=[b.aan for b in groep]))
        return [Klaar(b, self.afzender.email, opmaak) for b in groep]

    def _sjabloondata(self, bericht: Bericht) -> dict[str, Any]:
        """Wat het sjabloon kent buiten de beslissing: de coördinator, en voor een rapport de weergave."""
        data = {**bericht.gegevens, "coordinator": {"naam": self.coordinator.naam, "email": self.coordinator.email}}
        if bericht.soort in ("rapport", "overzicht"):
            from notificaties.rapport import partnerrijen  # ook de filters van het rapportsjabloon

            # Zonder `afbeelding` tekent het sjabloon de grafieken als HTML: de mail heeft geen bijlagen.
            data |= {"afbeelding": None, "SAMEN": SAMEN}
            if "per_partner" in data:
                data["per_partner"] = partnerrijen(data["per_partner"])
        return data

    def _zet_klaar(self, sessie: Session, groep: Sequence[Bericht], nu: datetime) -> int:
        """Zet de berichten klaar; wat een nieuw bericht vervangt, vertrekt niet meer. Geeft het
        aantal nieuwe berichten."""
        nieuw = zet_alle_klaar(sessie, self._klaar(groep, nu), nu)
        vervangers = [b for b in groep if b.vervangt and b.sleutel in nieuw]
        if vervangers:
            vervang_wachtende(sessie, vervangers[0].moment_id, [b.aan.email for b in vervangers], behalve=nieuw)
        return len(nieuw)

    def over_moment(self, sessie: Session, traject: Traject, programma: Programma, moment: Moment, soort: str,
                    nu: datetime, *, ronde: date | None = None, reden: str | None = None) -> int:
        """Uitnodiging, wijziging, annulering of herinnering aan wie het moment bijwoont; een nieuwe
        uitnodiging, wijziging of annulering vervangt wat over dat moment nog niet vertrok. Geeft het
        aantal nieuwe berichten."""
        groep = beslis.over_moment(traject, programma, moment, soort, nu, afzender=self.afzender, ronde=ronde,
                                   reden=reden)
        return self._zet_klaar(sessie, groep, nu)

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
        """Zoals `over_moment`, nog niet klaargezet: de engine zet de herinneringen van een traject
        samen klaar (`zet_alle_klaar`). `dagen_voor`: de herinnering uit het programma."""
        groep = beslis.over_moment(traject, programma, moment, soort, nu, afzender=self.afzender,
                                   dagen_voor=dagen_voor, ronde=ronde, reden=reden)
        return self._klaar(groep, nu)

    def nieuwe_fase(
        self, sessie: Session, traject: Traject, programma: Programma, van: str, naar: str, nu: datetime
    ) -> int:
        return self._zet_klaar(sessie, beslis.nieuwe_fase(traject, programma, van, naar, nu), nu)

    def terugkommoment(
        self, sessie: Session, traject: Traject, programma: Programma, datum: date, nu: datetime
    ) -> int:
        return self._zet_klaar(sessie, beslis.terugkommoment(traject, programma, datum, self.coordinator), nu)

    def vragenlijstronde(
        self, sessie: Session, traject: Traject, programma: Programma, soort: str, sleutel: str, contact: Contact,
        partner: str, deadline: datetime, nu: datetime, *, persoonlijk: Sequence[Link], groepen: Sequence[Link],
        schoolpagina: str | None,
    ) -> int:
        """De uitnodiging of herinnering voor een vragenlijstronde (zie `domein.berichten.vragenlijstronde`)."""
        groep = beslis.vragenlijstronde(traject, programma, soort, sleutel, contact, partner, deadline,
                                        persoonlijk=persoonlijk, groepen=groepen, schoolpagina=schoolpagina)
        return self._zet_klaar(sessie, groep, nu)

    def rapport(self, sessie: Session, traject: Traject, programma: Programma, contact: Contact, titel: str,
                rapport: Rapport, url: str, vervolg: str, nu: datetime, *, sleutel: str) -> int:
        """Het rapport van een school (of de feedback voor het lokaal bestuur), met een grafiek per
        domein als HTML-tabel (elke mailclient toont ze, zonder afbeeldingen)."""
        groep = beslis.rapport(traject, programma, contact, titel, rapport, url, vervolg, sleutel)
        return self._zet_klaar(sessie, groep, nu)

    def overzicht(self, sessie: Session, traject: Traject, programma: Programma, titel: str, rapport: Rapport,
                  per_partner: Sequence[tuple[str, Rapport]], url: str, vervolg: str, nu: datetime, *,
                  sleutel: str) -> int:
        """Het overzicht van het hele partnerschap voor de coördinator: per partner de scores per
        domein, en alle antwoorden samen, klaar voor de voorbereidende opdracht van fase 2."""
        groep = beslis.overzicht(traject, programma, self.coordinator, titel, rapport, per_partner, url, vervolg,
                                 sleutel)
        return self._zet_klaar(sessie, groep, nu)

    def dagoverzicht(self, sessie: Session, datum: date, nu: datetime, **inhoud: Any) -> bool:
        return bool(self._zet_klaar(sessie, beslis.dagoverzicht(datum, self.coordinator, inhoud), nu))
