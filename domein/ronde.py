"""De vragenlijstronde als beslissingen zonder I/O: openen met een fase, wie welke link krijgt,
het doel van een groep, verlengen en sluiten, en de timers voor herinneringen en het sluiten."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from config.programma import Programma, Vragenlijstronde
from config.vragenlijst import Vragenlijst
from domein.fouten import Geweigerd, NietGevonden, OngeldigeInvoer
from domein.geschiedenis import aantal_antwoorden
from domein.levensloop import controleer_open
from domein.model import Besluit, Contact, Gebeurtenis, Partner, Ronde, RondeStatus, Timer, Traject
from domein.schoolkalender import volgende_schooldag, vorige_schooldag
from domein.tijd import BRUSSEL
from domein.traject import partner
from domein.uitnodigingen import HERINNERING_UUR

SLUITUUR = time(18, 0)  # de ronde sluit aan het eind van een schooldag
MAX_DUUR = timedelta(days=120)
MAX_DOEL = 5000


def definitie(programma: Programma, ronde: Ronde) -> Vragenlijstronde:
    return programma.fase(ronde.fase).vragenlijstronde


def huidige(traject: Traject) -> Ronde:
    """De laatste vragenlijstronde van het traject (een traject heeft er hoogstens één per fase)."""
    if not traject.rondes:
        raise NietGevonden(f"Traject {traject.id} heeft (nog) geen vragenlijstronde.")
    return max(traject.rondes, key=lambda r: r.id)


def _open_ronde(traject: Traject) -> Ronde:
    controleer_open(traject)
    ronde = huidige(traject)
    if ronde.status != RondeStatus.OPEN:
        raise Geweigerd(f"De vragenlijstronde van traject {traject.id} is al gesloten.")
    return ronde


def _deadline(dag: date) -> datetime:
    return datetime.combine(dag, SLUITUUR, BRUSSEL)


def openen(traject: Traject, programma: Programma, fase: str, nu: datetime) -> tuple[Ronde, Besluit] | None:
    """De ronde van `fase`, als die er een heeft en ze nog niet geopend werd. Haar timers volgen
    (`timers`) als ze bewaard is: haar id staat in hun sleutels."""
    regel = programma.fase(fase).vragenlijstronde
    if regel is None or any(r.fase == fase for r in traject.rondes):
        return None
    dag = volgende_schooldag(nu.astimezone(BRUSSEL).date() + timedelta(days=regel.termijn))
    ronde = Ronde(id=None, fase=fase, geopend_op=nu, deadline=_deadline(dag))
    gebeurtenis = Gebeurtenis("ronde_geopend", {"fase": fase, "deadline": ronde.deadline.isoformat()})
    return ronde, Besluit(traject=traject.met(ronde), gebeurtenis=gebeurtenis)


@dataclass(frozen=True, slots=True)
class Deelnemer:
    """Een partner in de ronde: wie welke persoonlijke link krijgt, welke groepslinks de school
    doorgeeft, en wie de groepslinks, de responsstand en het rapport ontvangt."""

    partner: Partner
    op_naam: tuple[tuple[str, tuple[Contact, ...]], ...]  # (vragenlijst, contactpersonen)
    groepen: tuple[str, ...]  # anonieme vragenlijsten: één groepslink
    contacten: tuple[Contact, ...]


def deelnemers(
    traject: Traject, programma: Programma, ronde: Ronde, vragenlijsten: dict[str, Vragenlijst]
) -> tuple[tuple[Deelnemer, ...], tuple[str, ...]]:
    """De bevestigde partners die een vragenlijst invullen, en waarschuwingen voor wie niemand heeft
    om een link te krijgen."""
    regel = definitie(programma, ronde)
    uit, waarschuwingen = [], []
    for p in traject.partners:
        lijsten = [rv for rv in regel.vragenlijsten if vragenlijsten[rv.vragenlijst].partnersoort == p.soort]
        if not p.bevestigd or not lijsten:
            continue
        van_p = [c for c in traject.contacten if c.partner_id == p.id]
        op_naam = tuple(
            (rv.vragenlijst, tuple(c for c in van_p if c.rol in rv.rollen)) for rv in lijsten if rv.rollen
        )
        for code, ontvangers in op_naam:
            if not ontvangers:
                waarschuwingen.append(f"Niemand van {p.naam} krijgt de vragenlijst {code}: voeg een contactpersoon "
                                      f"toe met de rol {' of '.join(_rollen(regel, code))}.")
        contacten = tuple(c for c in van_p if c.rol in regel.contact[p.soort])
        if not contacten:
            waarschuwingen.append(f"{p.naam} heeft geen contactpersoon met de rol "
                                  f"{' of '.join(regel.contact[p.soort])}: niemand krijgt de responsstand en het rapport.")
        groepen = tuple(rv.vragenlijst for rv in lijsten if not rv.rollen)
        uit.append(Deelnemer(p, op_naam, groepen, contacten))
    return tuple(uit), tuple(waarschuwingen)


def _rollen(regel: Vragenlijstronde, vragenlijst: str) -> tuple[str, ...]:
    return next(rv.rollen for rv in regel.vragenlijsten if rv.vragenlijst == vragenlijst)


def timers(ronde: Ronde, regel: Vragenlijstronde, nu: datetime) -> tuple[Timer, ...]:
    """Herinneringen `regel.herinneringen` dagen vóór de deadline (de schooldag ervoor als die dag
    vrij is) en het sluiten zelf. De deadline staat in de sleutel: wie verlengt, krijgt nieuwe timers."""
    stempel = ronde.stempel
    details = {"ronde_id": ronde.id, "deadline": ronde.deadline.isoformat()}
    uit: list[Timer] = []
    for dagen in sorted(regel.herinneringen, reverse=True):
        dag = vorige_schooldag(ronde.deadline.astimezone(BRUSSEL).date() - timedelta(days=dagen))
        vervalt = datetime.combine(dag, HERINNERING_UUR, BRUSSEL)
        # Twee herinneringen die door een vakantie op dezelfde dag vallen: één is genoeg.
        if nu < vervalt < ronde.deadline and all(t.vervalt_op != vervalt for t in uit):
            uit.append(Timer("ronde-herinnering", f"ronde-{ronde.id}/{stempel}/herinnering-{dagen}", vervalt,
                             details | {"dagen_voor": dagen}))
    uit.append(Timer("ronde-sluiten", f"ronde-{ronde.id}/{stempel}/sluiten", ronde.deadline, details))
    return tuple(uit)


def timertekst(soort: str, details: dict) -> str | None:
    """Wat een timer van de ronde doet, voor het dagoverzicht en de agenda; None voor een andere soort."""
    if soort == "ronde-herinnering":
        return f"herinnering vragenlijsten, {details['dagen_voor']} dagen vóór het sluiten, aan wie nog niet antwoordde"
    if soort == "ronde-sluiten":
        return "de vragenlijstronde sluit: rapport naar elke partner, overzicht naar de coördinator"
    return None


def verlengen(traject: Traject, tot: date, nu: datetime) -> tuple[Ronde, Besluit]:
    ronde = _open_ronde(traject)
    nieuw = _deadline(volgende_schooldag(tot))  # zoals bij het openen: op een schooldag
    if nieuw <= ronde.deadline:
        raise OngeldigeInvoer(
            f"De ronde sluit al op {ronde.deadline.astimezone(BRUSSEL):%d-%m-%Y}; verlengen kan alleen tot een latere dag."
        )
    if nieuw <= nu:
        raise OngeldigeInvoer(f"{tot:%d-%m-%Y} ligt in het verleden.")
    if nieuw - ronde.geopend_op > MAX_DUUR:
        raise OngeldigeInvoer(f"Een ronde duurt hoogstens {MAX_DUUR.days} dagen na het openen.")
    details = {"van": ronde.deadline.isoformat(), "naar": nieuw.isoformat()}
    verlengd = replace(ronde, deadline=nieuw)
    return verlengd, Besluit(traject=traject.met(verlengd), gebeurtenis=Gebeurtenis("ronde_verlengd", details))


def sluiten(traject: Traject, reden: str) -> tuple[Ronde, Besluit]:
    """`reden`: deadline, iedereen (alle antwoorden binnen) of coordinator."""
    ronde = _open_ronde(traject)
    gesloten = replace(ronde, status=RondeStatus.GESLOTEN)
    gebeurtenis = Gebeurtenis("ronde_gesloten", {"ronde_id": ronde.id, "reden": reden})
    return gesloten, Besluit(traject=traject.met(gesloten), gebeurtenis=gebeurtenis)


def doelen_zetten(
    traject: Traject, programma: Programma, vragenlijsten: dict[str, Vragenlijst], partner_id: int,
    doelen: dict[str, int],
) -> tuple[Ronde, Besluit]:
    """Hoeveel antwoorden een school van haar anonieme groepen verwacht (bv. het aantal leerkrachten)."""
    ronde = _open_ronde(traject)
    p = partner(traject, partner_id)
    groepen = [rv.vragenlijst for rv in definitie(programma, ronde).vragenlijsten
               if not rv.rollen and vragenlijsten[rv.vragenlijst].partnersoort == p.soort]
    if not doelen:
        raise OngeldigeInvoer("Geef minstens één doel.")
    for vragenlijst, aantal in doelen.items():
        if vragenlijst not in groepen:
            raise OngeldigeInvoer(f"'{vragenlijst}' is geen groep met een groepslink voor {p.naam}; "
                                  f"kies uit: {', '.join(groepen) or 'geen'}.")
        if not 1 <= aantal <= MAX_DOEL:
            naam = vragenlijsten[vragenlijst].naam
            raise OngeldigeInvoer(f"Een doel van {aantal} antwoorden voor '{naam}' kan niet: kies 1 tot {MAX_DOEL}.")
    nieuw = dict(ronde.doelen) | {Ronde.doelsleutel(p.id, v): n for v, n in doelen.items()}
    details = {"ronde_id": ronde.id, "partner_id": p.id, "partner": p.naam, "doelen": dict(doelen)}
    gezet = replace(ronde, doelen=nieuw)
    return gezet, Besluit(traject=traject.met(gezet), gebeurtenis=Gebeurtenis("ronde_doelen_gezet", details))


@dataclass(frozen=True, slots=True)
class Groepsstand:
    """Hoe ver een groep van een partner is: antwoorden tegenover het doel (anoniem) of tegenover
    het aantal uitgenodigde personen (op naam)."""

    partner_id: int
    partner: str
    vragenlijst: Vragenlijst
    antwoorden: int
    verwacht: int | None  # None: een anonieme groep zonder doel

    @property
    def klaar(self) -> bool:
        return self.verwacht is not None and self.antwoorden >= self.verwacht

    @property
    def tekst(self) -> str:
        if self.verwacht is None:
            return f"{aantal_antwoorden(self.antwoorden)} (geen doel gezet)"
        return f"{self.antwoorden} van {self.verwacht}"


def iedereen_klaar(stand: list[Groepsstand]) -> bool:
    """Alle antwoorden binnen: dan hoeft de ronde niet op de deadline te wachten."""
    return bool(stand) and all(g.klaar for g in stand)
