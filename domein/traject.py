"""De commando's op een traject: elk beslist, zonder I/O, wat er verandert en welke gebeurtenis
en timers daaruit volgen; of weigert met een Nederlandse reden."""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from email_validator import EmailNotValidError, validate_email

from config.programma import MANDATEN, Programma
from config.vragenlijst import Vragenlijst
from domein.antwoorden import lees_csv
from domein.fouten import Geweigerd, NietGevonden, OngeldigeInvoer
from domein.model import (
    PARTNERSOORT_NAMEN,
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
from domein.schoolkalender import schooljaar_van, volgende_schooldag, vrij
from domein.scoring import Antwoordset
from domein.tijd import BRUSSEL
from domein.voorwaarden import voorwaarden

MAX_NAAM = 200
TERUGKOM_UUR = time(9, 0)  # een timer vervalt 's ochtends, zodat de berichten tijdens de werkdag gaan


def tekst(waarde: str | None, veld: str, *, verplicht: bool = True) -> str | None:
    """Eén regel tekst, zonder witruimte rondom; leeg mag alleen als het niet verplicht is."""
    schoon = " ".join((waarde or "").split())
    if not schoon:
        if verplicht:
            raise OngeldigeInvoer(f"{veld} mag niet leeg zijn.")
        return None
    if len(schoon) > MAX_NAAM:
        raise OngeldigeInvoer(f"{veld} is te lang (meer dan {MAX_NAAM} tekens).")
    return schoon


def naam_sleutel(naam: str) -> str:
    return re.sub(r"\s+", " ", naam).casefold()


def controleer_open(traject: Traject) -> None:
    if traject.status == TrajectStatus.GESTOPT:
        raise Geweigerd(f"Traject {traject.id} is stopgezet; er verandert niets meer.")
    if traject.status == TrajectStatus.AFGEROND:
        raise Geweigerd(f"Traject {traject.id} is afgerond; er verandert niets meer.")


def _actief(traject: Traject) -> None:
    controleer_open(traject)
    if traject.status == TrajectStatus.GEPAUZEERD:
        raise Geweigerd(f"Traject {traject.id} is gepauzeerd; hervat het eerst.")


def partner(traject: Traject, partner_id: int) -> Partner:
    for p in traject.partners:
        if p.id == partner_id:
            return p
    raise NietGevonden(f"Partner {partner_id} bestaat niet in traject {traject.id}.")


def moment(traject: Traject, moment_id: int) -> Moment:
    for m in traject.momenten:
        if m.id == moment_id:
            return m
    raise NietGevonden(f"Moment {moment_id} bestaat niet in traject {traject.id}.")


def nieuw_traject(programma: Programma, naam: str) -> tuple[Traject, Gebeurtenis]:
    naam = tekst(naam, "De naam van het traject")
    traject = Traject(id=None, programma=programma.code, naam=naam, fase=programma.fasen[0].code)
    return traject, Gebeurtenis("traject_aangemaakt", {"programma": programma.code, "naam": naam})


def partner_toevoegen(
    traject: Traject, programma: Programma, soort: str, naam: str, mandaat: str | None = None
) -> tuple[Partner, Gebeurtenis]:
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
    return nieuw, Gebeurtenis("partner_toegevoegd", {"soort": soort, "naam": naam, "mandaat": mandaat})


def _controleer_mandaat(soort: str, mandaat: str) -> None:
    if soort != "lokaal-bestuur":
        raise OngeldigeInvoer("Alleen een lokaal bestuur krijgt een mandaat.")
    if mandaat not in MANDATEN:
        raise OngeldigeInvoer(f"Onbekend mandaat '{mandaat}'; kies uit: {', '.join(MANDATEN)}.")


def partner_bevestigen(traject: Traject, partner_id: int) -> Gebeurtenis | None:
    """None: de partner had al bevestigd, er verandert niets."""
    controleer_open(traject)
    p = partner(traject, partner_id)
    if p.bevestigd:
        return None
    return Gebeurtenis("partner_bevestigd", {"partner_id": p.id, "naam": p.naam, "soort": p.soort})


def mandaat_geven(traject: Traject, partner_id: int, mandaat: str) -> Gebeurtenis:
    controleer_open(traject)
    p = partner(traject, partner_id)
    _controleer_mandaat(p.soort, mandaat)
    return Gebeurtenis("mandaat_gegeven", {"partner_id": p.id, "naam": p.naam, "mandaat": mandaat})


def _email(adres: str) -> str:
    try:
        return validate_email(adres.strip(), check_deliverability=False).normalized
    except EmailNotValidError as fout:
        raise OngeldigeInvoer(f"Ongeldig e-mailadres '{adres}': {_email_reden(fout)}") from None


def _email_reden(fout: EmailNotValidError) -> str:
    # email-validator meldt in het Engels; de gebruiker krijgt een Nederlandse reden.
    bericht = str(fout)
    if "must have an @-sign" in bericht:
        return "er ontbreekt een @."
    if "before the @-sign" in bericht:
        return "het deel vóór de @ is leeg of bevat ongeldige tekens."
    if "after the @-sign" in bericht:
        return "het deel na de @ is geen geldig domein (bv. school.be)."
    return "het adres heeft geen geldige vorm."


def contact_toevoegen(
    traject: Traject, programma: Programma, partner_id: int, naam: str, email: str, rol: str
) -> tuple[Contact, Gebeurtenis]:
    controleer_open(traject)
    p = partner(traject, partner_id)
    naam = tekst(naam, "De naam van de contactpersoon")
    if rol not in programma.rollen:
        raise OngeldigeInvoer(f"Onbekende rol '{rol}'; kies uit: {', '.join(programma.rollen)}.")
    adres = _email(email)
    if any(c.partner_id == p.id and c.email == adres and c.rol == rol for c in traject.contacten):
        raise OngeldigeInvoer(f"{adres} staat al als {rol} bij {p.naam}.")
    nieuw = Contact(id=None, partner_id=p.id, naam=naam, email=adres, rol=rol)
    details = {"partner_id": p.id, "partner": p.naam, "naam": naam, "email": adres, "rol": rol}
    return nieuw, Gebeurtenis("contact_toegevoegd", details)


def _waarschuwingen(start: datetime) -> tuple[str, ...]:
    reden = vrij(start.astimezone(BRUSSEL).date())
    return (f"Let op: {start.astimezone(BRUSSEL):%d-%m-%Y} valt in een vrije periode ({reden}).",) if reden else ()


@dataclass(frozen=True, slots=True)
class Planning:
    moment: Moment
    gebeurtenis: Gebeurtenis
    waarschuwingen: tuple[str, ...] = ()


def moment_plannen(
    traject: Traject,
    programma: Programma,
    soort: str,
    start: datetime,
    nu: datetime,
    *,
    duur: int | None = None,
    locatie: str | None = None,
    partner_id: int | None = None,
    fase: str | None = None,
) -> Planning:
    _actief(traject)
    fase = fase or traject.fase
    if fase not in [f.code for f in programma.fasen]:
        raise OngeldigeInvoer(f"Het programma {programma.code} kent geen fase '{fase}'.")
    if programma.fase_index(fase) < programma.fase_index(traject.fase):
        raise OngeldigeInvoer(f"Fase '{fase}' is al voorbij; traject {traject.id} is in '{traject.fase}'.")
    definitie = programma.fase(fase).momentsoort(soort)
    if definitie is None:
        bekend = ", ".join(m.soort for m in programma.fase(fase).momenten) or "geen"
        raise OngeldigeInvoer(f"Fase '{fase}' kent geen momentsoort '{soort}'; bekend: {bekend}.")
    _toekomst(start, nu)
    duur = _duur(definitie.duur if duur is None else duur)
    if definitie.per_school:
        if partner_id is None:
            raise OngeldigeInvoer(f"Een '{definitie.naam}' is per school: geef de school (--partner).")
        if partner(traject, partner_id).soort != "school":
            raise OngeldigeInvoer(f"Een '{definitie.naam}' is voor een school; partner {partner_id} is geen school.")
    elif partner_id is not None:
        partner(traject, partner_id)
    nieuw = Moment(
        id=None,
        fase=fase,
        soort=soort,
        start=start,
        duur=duur,
        locatie=tekst(locatie, "De locatie", verplicht=False),
        partner_id=partner_id,
    )
    details = {"fase": fase, "soort": soort, "start": start.isoformat(), "duur": duur, "partner_id": partner_id}
    return Planning(nieuw, Gebeurtenis("moment_gepland", details), _waarschuwingen(start))


def _toekomst(start: datetime, nu: datetime) -> None:
    if start <= nu:
        raise OngeldigeInvoer(
            f"Het tijdstip {start.astimezone(BRUSSEL):%d-%m-%Y %H:%M} ligt in het verleden."
        )


def _duur(minuten: int) -> int:
    if not 1 <= minuten <= 24 * 60:
        raise OngeldigeInvoer(f"Een duur van {minuten} minuten kan niet: kies 1 tot 1440 minuten.")
    return minuten


def moment_verplaatsen(
    traject: Traject, moment_id: int, start: datetime, nu: datetime, *, duur: int | None = None
) -> Planning:
    _actief(traject)
    m = moment(traject, moment_id)
    if m.status != MomentStatus.GEPLAND:
        raise Geweigerd(f"Moment {moment_id} is {m.status}; alleen een gepland moment kan verschuiven.")
    _toekomst(start, nu)
    verplaatst = replace(m, start=start, duur=_duur(m.duur if duur is None else duur), revisie=m.revisie + 1)
    details = {"moment_id": m.id, "soort": m.soort, "van": m.start.isoformat(), "naar": start.isoformat()}
    return Planning(verplaatst, Gebeurtenis("moment_verplaatst", details), _waarschuwingen(start))


def moment_gehouden(
    traject: Traject, moment_id: int, nu: datetime, *, forceer: bool = False, reden: str | None = None
) -> Gebeurtenis | None:
    """None: het moment stond al als gehouden. Een moment dat nog niet begon, kan niet gehouden zijn
    (het zou de voorwaarde van de fase vervullen); alleen met een reden, en dat staat in de geschiedenis."""
    controleer_open(traject)
    reden = _overschrijving(forceer, reden)
    m = moment(traject, moment_id)
    if m.status == MomentStatus.GEHOUDEN:
        return None
    if m.status == MomentStatus.GEANNULEERD:
        raise Geweigerd(f"Moment {moment_id} is geannuleerd en kan niet gehouden zijn.")
    if m.start > nu and not forceer:
        raise Geweigerd(
            f"Moment {moment_id} begint pas op {m.start.astimezone(BRUSSEL):%d-%m-%Y %H:%M} en kan nog niet "
            "gehouden zijn. Vond het toch al plaats: --forceer --reden TEKST."
        )
    details: dict = {"moment_id": m.id, "fase": m.fase, "soort": m.soort}
    if forceer:
        details |= {"geforceerd": True, "reden": reden}
    return Gebeurtenis("moment_gehouden", details)


def _overschrijving(forceer: bool, reden: str | None) -> str | None:
    """De reden van wie een regel overschrijft: verplicht met --forceer, en alleen daarmee."""
    if forceer:
        if not tekst(reden, "De reden", verplicht=False):
            raise OngeldigeInvoer("Wie een regel overschrijft, geeft een reden (--reden).")
        return tekst(reden, "De reden")
    if reden is not None:
        raise OngeldigeInvoer("--reden hoort bij --forceer.")
    return None


def moment_annuleren(traject: Traject, moment_id: int, reden: str | None) -> tuple[Moment, Gebeurtenis]:
    controleer_open(traject)
    m = moment(traject, moment_id)
    if m.status != MomentStatus.GEPLAND:
        raise Geweigerd(f"Moment {moment_id} is {m.status}; alleen een gepland moment kan geannuleerd worden.")
    reden = tekst(reden, "De reden", verplicht=False)
    geannuleerd = replace(m, status=MomentStatus.GEANNULEERD, revisie=m.revisie + 1)
    return geannuleerd, Gebeurtenis("moment_geannuleerd", {"moment_id": m.id, "soort": m.soort, "reden": reden})


@dataclass(frozen=True, slots=True)
class Fasewissel:
    naar: str
    status: TrajectStatus
    gebeurtenis: Gebeurtenis
    timers: tuple[Timer, ...] = ()


def volgende_fase(
    traject: Traject, programma: Programma, nu: datetime, *, forceer: bool = False, reden: str | None = None
) -> Fasewissel:
    _actief(traject)
    naar = programma.volgende_fase(traject.fase)
    if naar is None:
        raise Geweigerd(f"Traject {traject.id} is al in de laatste fase.")
    reden = _overschrijving(forceer, reden)
    open_ = [u for u in voorwaarden(traject, programma) if not u.voldaan]
    if open_ and not forceer:
        raise Geweigerd(
            f"Traject {traject.id} kan nog niet naar '{naar.naam}'. Niet voldaan:",
            tuple(f"{u.tekst} ({u.stand})" for u in open_),
        )
    details: dict = {"van": traject.fase, "naar": naar.code}
    if forceer:
        details |= {"geforceerd": True, "reden": reden, "niet_voldaan": [u.tekst for u in open_]}
    laatste = naar.code == programma.fasen[-1].code
    return Fasewissel(
        naar=naar.code,
        status=TrajectStatus.AFGEROND if laatste else traject.status,
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


def pauzeren(traject: Traject, reden: str) -> Gebeurtenis:
    _actief(traject)
    return Gebeurtenis("traject_gepauzeerd", {"reden": tekst(reden, "De reden")})


def hervatten(traject: Traject) -> Gebeurtenis:
    controleer_open(traject)
    if traject.status != TrajectStatus.GEPAUZEERD:
        raise Geweigerd(f"Traject {traject.id} is niet gepauzeerd.")
    return Gebeurtenis("traject_hervat")


@dataclass(frozen=True, slots=True)
class Stopzetting:
    gebeurtenis: Gebeurtenis
    geannuleerd: tuple[Moment, ...]  # geplande momenten die niet meer doorgaan


def stopzetten(traject: Traject, reden: str) -> Stopzetting:
    controleer_open(traject)
    reden = tekst(reden, "De reden")
    geannuleerd = tuple(
        replace(m, status=MomentStatus.GEANNULEERD, revisie=m.revisie + 1)
        for m in traject.momenten
        if m.status == MomentStatus.GEPLAND
    )
    details = {"reden": reden, "fase": traject.fase, "geannuleerde_momenten": [m.id for m in geannuleerd]}
    return Stopzetting(Gebeurtenis("traject_stopgezet", details), geannuleerd)


def _vragenlijst_voor(traject: Traject, vragenlijst: Vragenlijst, partner_id: int) -> Partner:
    """De partner, als de vragenlijst bij het programma en bij de soort partner past."""
    controleer_open(traject)
    p = partner(traject, partner_id)
    if vragenlijst.programma != traject.programma:
        raise OngeldigeInvoer(
            f"De vragenlijst {vragenlijst.code} hoort bij {vragenlijst.programma}, traject {traject.id} is "
            f"{traject.programma}."
        )
    if vragenlijst.partnersoort != p.soort:
        raise OngeldigeInvoer(
            f"De vragenlijst {vragenlijst.code} is voor {PARTNERSOORT_NAMEN[vragenlijst.partnersoort][2]}; "
            f"'{p.naam}' is {PARTNERSOORT_NAMEN[p.soort][2]}."
        )
    return p


def csv_inlezen(
    traject: Traject, vragenlijst: Vragenlijst, partner_id: int, tekst: str
) -> tuple[list[Antwoordset], Gebeurtenis]:
    """Antwoorden uit een CSV voor een partner. Eerst of de vragenlijst bij het programma en de soort
    partner past, dan het bestand zelf, rij per rij."""
    p = _vragenlijst_voor(traject, vragenlijst, partner_id)
    antwoorden = lees_csv(tekst, vragenlijst)
    details = {"partner_id": p.id, "partner": p.naam, "vragenlijst": vragenlijst.code, "aantal": len(antwoorden)}
    return antwoorden, Gebeurtenis("antwoorden_ingelezen", details)


def link_maken(traject: Traject, vragenlijst: Vragenlijst, partner_id: int, contact_id: int | None) -> Gebeurtenis:
    """Een link naar een vragenlijst: een groepslink voor een anonieme groep, anders een persoonlijke
    voor een contactpersoon van die partner."""
    p = _vragenlijst_voor(traject, vragenlijst, partner_id)
    if vragenlijst.anoniem and contact_id is not None:
        raise OngeldigeInvoer(f"De vragenlijst {vragenlijst.code} is anoniem: één groepslink, zonder contactpersoon.")
    if not vragenlijst.anoniem:
        if contact_id is None:
            raise OngeldigeInvoer(f"De vragenlijst {vragenlijst.code} is op naam: geef de contactpersoon (--contact).")
        contact = next((c for c in traject.contacten if c.id == contact_id and c.partner_id == p.id), None)
        if contact is None:
            raise NietGevonden(f"Contactpersoon {contact_id} hoort niet bij '{p.naam}'.")
    details = {"partner_id": p.id, "partner": p.naam, "vragenlijst": vragenlijst.code, "contact_id": contact_id}
    return Gebeurtenis("vragenlijstlink_gemaakt", details)


def inschrijven_train_the_trainer(
    traject: Traject, programma: Programma, partner_id: int, naam: str, email: str
) -> tuple[Inschrijving, Gebeurtenis]:
    controleer_open(traject)
    if not programma.train_the_trainer:
        raise OngeldigeInvoer(f"Het programma {programma.code} kent geen train-the-trainer.")
    p = partner(traject, partner_id)
    naam = tekst(naam, "De naam van de deelnemer")
    adres = _email(email)
    eerdere = [i for i in traject.inschrijvingen if i.partner_id == p.id]
    if any(i.email == adres for i in eerdere):
        raise OngeldigeInvoer(f"{adres} is al ingeschreven voor {p.naam}.")
    nieuw = Inschrijving(id=None, partner_id=p.id, naam=naam, email=adres, betalend=bool(eerdere))
    details = {"partner_id": p.id, "partner": p.naam, "naam": naam, "email": adres, "betalend": nieuw.betalend}
    return nieuw, Gebeurtenis("train_the_trainer_ingeschreven", details)
