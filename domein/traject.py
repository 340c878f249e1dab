"""De commando's op een traject zelf: aanmaken, partners, contactpersonen, de train-the-trainer, de
fasen, pauzeren, hervatten en stopzetten. Elk beslist zonder I/O en geeft een `Besluit`: het traject
zoals het erna is, met zijn gebeurtenis en timers; of weigert met een Nederlandse reden."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from config.programma import MANDATEN, Programma
from domein import invoer
from domein.fouten import Geweigerd, NietGevonden, OngeldigeInvoer
from domein.invoer import naam_sleutel, tekst
from domein.levensloop import controleer_actief, controleer_open, overgang
from domein.model import (
    PARTNERSOORT_NAMEN,
    Besluit,
    Contact,
    Gebeurtenis,
    Inschrijving,
    Moment,
    MomentStatus,
    Partner,
    Timer,
    Traject,
    TrajectStatus,
)
from domein.schoolkalender import schooljaar_van, volgende_schooldag
from domein.tijd import BRUSSEL
from domein.voorwaarden import voorwaarden

TERUGKOM_UUR = time(9, 0)  # een timer vervalt 's ochtends, zodat de berichten tijdens de werkdag gaan


def partner(traject: Traject, partner_id: int) -> Partner:
    for p in traject.partners:
        if p.id == partner_id:
            return p
    raise NietGevonden(f"Partner {partner_id} bestaat niet in traject {traject.id}.")


def nieuw_traject(programma: Programma, naam: str) -> Besluit:
    naam = tekst(naam, "De naam van het traject")
    traject = Traject(id=None, programma=programma.code, naam=naam, fase=programma.fasen[0].code)
    return Besluit(traject=traject,
                   gebeurtenis=Gebeurtenis("traject_aangemaakt", {"programma": programma.code, "naam": naam}))


# -- partners, contactpersonen en de train-the-trainer -----------------------------------------


def partner_toevoegen(
    traject: Traject, programma: Programma, soort: str, naam: str, mandaat: str | None = None
) -> tuple[Partner, Besluit]:
    controleer_open(traject)
    if soort not in programma.partnersoorten:
        raise OngeldigeInvoer(
            f"Het programma {programma.code} kent geen partnersoort '{soort}'; "
            f"kies uit: {', '.join(programma.partnersoorten)}."
        )
    naam = tekst(naam, "De naam van de partner")
    bestaand = next((p for p in traject.partners if naam_sleutel(p.naam) == naam_sleutel(naam)), None)
    if bestaand:
        raise OngeldigeInvoer(f"Er is al een partner '{bestaand.naam}' in traject {traject.id}.")
    maximum = programma.partnersoorten[soort].maximum
    if maximum is not None and sum(p.soort == soort for p in traject.partners) >= maximum:
        enkel, meer, _ = PARTNERSOORT_NAMEN[soort]
        raise OngeldigeInvoer(
            f"Een {programma.code.upper()}-traject heeft hoogstens {maximum} "
            f"{enkel if maximum == 1 else meer}."
        )
    if mandaat is not None:
        _controleer_mandaat(soort, mandaat)
    nieuw = Partner(id=None, soort=soort, naam=naam, mandaat=mandaat)
    gebeurtenis = Gebeurtenis("partner_toegevoegd", {"soort": soort, "naam": naam, "mandaat": mandaat})
    return nieuw, Besluit(traject=traject.met(nieuw), gebeurtenis=gebeurtenis)


def _controleer_mandaat(soort: str, mandaat: str) -> None:
    if soort != "lokaal-bestuur":
        raise OngeldigeInvoer("Alleen een lokaal bestuur krijgt een mandaat.")
    if mandaat not in MANDATEN:
        raise OngeldigeInvoer(f"Onbekend mandaat '{mandaat}'; kies uit: {', '.join(MANDATEN)}.")


def partner_bevestigen(traject: Traject, partner_id: int, nu: datetime) -> Besluit | None:
    """None: de partner had al bevestigd, er verandert niets."""
    controleer_open(traject)
    p = partner(traject, partner_id)
    if p.bevestigd:
        return None
    gebeurtenis = Gebeurtenis("partner_bevestigd", {"partner_id": p.id, "naam": p.naam, "soort": p.soort})
    return Besluit(traject=traject.met(replace(p, bevestigd_op=nu)), gebeurtenis=gebeurtenis)


def mandaat_geven(traject: Traject, partner_id: int, mandaat: str) -> Besluit:
    controleer_open(traject)
    p = partner(traject, partner_id)
    _controleer_mandaat(p.soort, mandaat)
    gebeurtenis = Gebeurtenis("mandaat_gegeven", {"partner_id": p.id, "naam": p.naam, "mandaat": mandaat})
    return Besluit(traject=traject.met(replace(p, mandaat=mandaat)), gebeurtenis=gebeurtenis)


def contact_toevoegen(
    traject: Traject, programma: Programma, partner_id: int, naam: str, email: str, rol: str
) -> tuple[Contact, Besluit]:
    controleer_open(traject)
    p = partner(traject, partner_id)
    naam = tekst(naam, "De naam van de contactpersoon")
    if rol not in programma.rollen:
        raise OngeldigeInvoer(f"Onbekende rol '{rol}'; kies uit: {', '.join(programma.rollen)}.")
    adres = invoer.email(email)
    if any(c.partner_id == p.id and c.email == adres and c.rol == rol for c in traject.contacten):
        raise OngeldigeInvoer(f"{adres} staat al als {rol} bij {p.naam}.")
    nieuw = Contact(id=None, partner_id=p.id, naam=naam, email=adres, rol=rol)
    details = {"partner_id": p.id, "partner": p.naam, "naam": naam, "email": adres, "rol": rol}
    return nieuw, Besluit(traject=traject.met(nieuw), gebeurtenis=Gebeurtenis("contact_toegevoegd", details))


def inschrijven_train_the_trainer(
    traject: Traject, programma: Programma, partner_id: int, naam: str, email: str
) -> tuple[Inschrijving, Besluit]:
    controleer_open(traject)
    if not programma.train_the_trainer:
        raise OngeldigeInvoer(f"Het programma {programma.code} kent geen train-the-trainer.")
    p = partner(traject, partner_id)
    naam = tekst(naam, "De naam van de deelnemer")
    adres = invoer.email(email)
    eerdere = [i for i in traject.inschrijvingen if i.partner_id == p.id]
    if any(i.email == adres for i in eerdere):
        raise OngeldigeInvoer(f"{adres} is al ingeschreven voor {p.naam}.")
    nieuw = Inschrijving(id=None, partner_id=p.id, naam=naam, email=adres, betalend=bool(eerdere))
    details = {"partner_id": p.id, "partner": p.naam, "naam": naam, "email": adres, "betalend": nieuw.betalend}
    gebeurtenis = Gebeurtenis("train_the_trainer_ingeschreven", details)
    return nieuw, Besluit(traject=traject.met(nieuw), gebeurtenis=gebeurtenis)


# -- fasen ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Fasewissel(Besluit):
    @property
    def naar(self) -> str:
        return self.traject.fase

    @property
    def status(self) -> TrajectStatus:
        return self.traject.status


def volgende_fase(
    traject: Traject, programma: Programma, nu: datetime, *, forceer: bool = False, reden: str | None = None
) -> Fasewissel:
    """Naar de volgende fase als elke voorwaarde voldaan is (of met een overschrijving en haar
    reden); de laatste fase rondt het traject af."""
    controleer_actief(traject)
    naar = programma.volgende_fase(traject.fase)
    if naar is None:
        raise Geweigerd(f"Traject {traject.id} is al in de laatste fase.")
    reden = invoer.overschrijving(forceer, reden)
    open_ = [u for u in voorwaarden(traject, programma) if not u.voldaan]
    if open_ and not forceer:
        raise Geweigerd(
            f"Traject {traject.id} kan nog niet naar '{naar.naam}'. Niet voldaan:",
            tuple(f"{u.tekst} ({u.stand})" for u in open_),
        )
    details: dict = {"van": traject.fase, "naar": naar.code}
    if forceer:
        details |= {"geforceerd": True, "reden": reden, "niet_voldaan": [u.tekst for u in open_]}
    nieuw = replace(traject, fase=naar.code)
    if naar.code == programma.fasen[-1].code:
        nieuw = overgang(nieuw, TrajectStatus.AFGEROND)
    return Fasewissel(
        traject=nieuw,
        gebeurtenis=Gebeurtenis("fase_gewijzigd", details),
        timers=_terugkomtimer(traject, programma, nu),
    )


def terugkomdatum(programma: Programma, nu: datetime) -> date:
    """Een jaar later (A-Z) of op een vaste dag in het volgende schooljaar (STOS), op een schooldag."""
    regel = programma.terugkommoment
    dag = nu.astimezone(BRUSSEL).date()
    if regel.na_maanden is not None:
        doel = dag + relativedelta(months=regel.na_maanden)
    else:
        maand, dag_ = (int(x) for x in regel.volgend_schooljaar_op.split("-"))
        volgend = schooljaar_van(dag) + 1
        doel = date(volgend if maand >= 9 else volgend + 1, maand, dag_)
    return volgende_schooldag(doel)


def _terugkomtimer(traject: Traject, programma: Programma, nu: datetime) -> tuple[Timer, ...]:
    regel = programma.terugkommoment
    if regel is None or regel.na_fase != traject.fase:
        return ()
    dag = terugkomdatum(programma, nu)
    return (
        Timer(
            soort="terugkommoment",
            sleutel=f"traject-{traject.id}/terugkommoment",
            vervalt_op=datetime.combine(dag, TERUGKOM_UUR, BRUSSEL),
            details={"fase": programma.volgende_fase(traject.fase).code},
        ),
    )


# -- pauzeren, hervatten en stopzetten (de overgangen uit domein.levensloop) --------------------


def pauzeren(traject: Traject, reden: str) -> Besluit:
    gepauzeerd = overgang(traject, TrajectStatus.GEPAUZEERD)
    return Besluit(traject=gepauzeerd, gebeurtenis=Gebeurtenis("traject_gepauzeerd", {"reden": tekst(reden, "De reden")}))


def hervatten(traject: Traject) -> Besluit:
    return Besluit(traject=overgang(traject, TrajectStatus.ACTIEF), gebeurtenis=Gebeurtenis("traject_hervat"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Stopzetting(Besluit):
    geannuleerd: tuple[Moment, ...]  # geplande momenten die niet meer doorgaan


def stopzetten(traject: Traject, reden: str) -> Stopzetting:
    gestopt = overgang(traject, TrajectStatus.GESTOPT)
    reden = tekst(reden, "De reden")
    geannuleerd = tuple(m.geannuleerd() for m in traject.momenten if m.status == MomentStatus.GEPLAND)
    details = {"reden": reden, "fase": traject.fase, "geannuleerde_momenten": [m.id for m in geannuleerd]}
    return Stopzetting(traject=gestopt.met(*geannuleerd), gebeurtenis=Gebeurtenis("traject_stopgezet", details),
                       geannuleerd=geannuleerd)
