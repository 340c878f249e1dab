"""De vragenlijstronde in de databank: links maken, de uitnodigingen, herinneringen en rapporten
klaarzetten, de responsstand tellen. Altijd binnen de transactie van een commando of een timer
(`Wijziging`), zodat een ronde nooit half geopend of half gesloten is."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from config.programma import Programma
from config.vragenlijst import Domeinen, Vragenlijst
from diensten.eenheid import Wijziging
from diensten.toegang import nieuw_geheim
from domein import ronde as regels
from domein.berichten import Link, op_naam
from domein.model import Contact, Partner, Ronde, RondeStatus, Timer, Traject
from domein.ronde import Deelnemer, Groepsstand
from domein.scoring import Antwoordset, Rapport, bereken
from opslag.tabellen import AntwoordsetRij, ConceptRij, ToegangRij

RAPPORT_GELDIG = timedelta(days=400)  # tot na het terugkommoment


def nieuwe_link(sessie: Session, traject_id: int, soort: str, verloopt_op: datetime, nu: datetime, *,
                ronde_id: int | None = None, partner_id: int | None = None, vragenlijst: str | None = None,
                contact_id: int | None = None) -> str:
    """Een nieuwe link; geeft het geheim (voor in de link), de databank krijgt alleen de hash."""
    geheim, hash_ = nieuw_geheim()
    sessie.add(ToegangRij(hash=hash_, soort=soort, traject_id=traject_id, ronde_id=ronde_id, partner_id=partner_id,
                          vragenlijst=vragenlijst, contact_id=contact_id, verloopt_op=verloopt_op, aangemaakt_op=nu))
    return geheim


def open_ronde_met(traject: Traject, programma: Programma, vragenlijst: str) -> Ronde | None:
    """De open ronde waarin deze vragenlijst gevraagd wordt: een link of CSV-import hoort erbij."""
    return next((r for r in traject.rondes if r.status == RondeStatus.OPEN
                 and any(rv.vragenlijst == vragenlijst for rv in regels.definitie(programma, r).vragenlijsten)), None)


# -- openen ------------------------------------------------------------------------------------


def openen(w: Wijziging, fase: str) -> tuple[Ronde | None, tuple[str, ...]]:
    """Opent de ronde van `fase` (als die er een heeft): timers, en de uitnodigingen met persoonlijke
    links, groepslinks en de link naar de schoolpagina. Geeft de ronde en waarschuwingen terug."""
    opening = regels.openen(w.traject, w.programma, fase, w.nu)
    if opening is None:
        return None, ()
    _, besluit = opening
    ronde_id = w.pas_toe(besluit, id_als="ronde_id")
    ronde = next(r for r in w.traject.rondes if r.id == ronde_id)
    w.plan_timers(regels.timers(ronde, regels.definitie(w.programma, ronde), w.nu))
    deelnemers, waarschuwingen = regels.deelnemers(w.traject, w.programma, ronde, w.vragenlijsten)
    for d in deelnemers:
        _berichten(w, ronde, d, "vragenlijst_uitnodiging", "uitnodiging")
    return ronde, waarschuwingen


def _per_adres(d: Deelnemer) -> dict[str, dict[str | None, Contact]]:
    """Per e-mailadres: voor welke vragenlijsten op naam (en None: als contact van de school) het de
    eerste contactpersoon met dat adres is. Wie twee rollen heeft, krijgt één bericht en één link."""
    uit: dict[str, dict[str | None, Contact]] = {}
    for code, contacten in d.op_naam:
        for c in contacten:
            uit.setdefault(c.email, {}).setdefault(code, c)
    for c in d.contacten:
        uit.setdefault(c.email, {}).setdefault(None, c)
    return uit


def _persoonlijke_link(w: Wijziging, ronde: Ronde, partner: Partner, code: str, contact: Contact) -> Link:
    geheim = nieuwe_link(w.sessie, w.rij.id, "vragenlijst", ronde.deadline, w.nu, ronde_id=ronde.id,
                         partner_id=partner.id, vragenlijst=code, contact_id=contact.id)
    return Link(w.vragenlijsten[code].naam, w.post.url("v", geheim))


def _groepslinks(w: Wijziging, ronde: Ronde, d: Deelnemer, stand: dict[str, Groepsstand] | None) -> list[Link]:
    links = []
    for code in d.groepen:
        geheim = nieuwe_link(w.sessie, w.rij.id, "vragenlijst", ronde.deadline, w.nu, ronde_id=ronde.id,
                             partner_id=d.partner.id, vragenlijst=code)
        links.append(Link(w.vragenlijsten[code].naam, w.post.url("v", geheim), stand[code].tekst if stand else None))
    return links


def _schoolpagina(w: Wijziging, ronde: Ronde, d: Deelnemer, contact: Contact) -> str:
    geheim = nieuwe_link(w.sessie, w.rij.id, "school", ronde.deadline, w.nu, ronde_id=ronde.id,
                         partner_id=d.partner.id, contact_id=contact.id)
    return w.post.url("s", geheim)


# -- de stand ----------------------------------------------------------------------------------


def stand(sessie: Session, traject: Traject, programma: Programma, ronde: Ronde,
          vragenlijsten: dict[str, Vragenlijst]) -> list[Groepsstand]:
    """Per partner en vragenlijst de antwoorden: tegenover het doel van de school (een anonieme groep),
    of tegenover één (een vragenlijst op naam: de werkgroep samen, de directie of de trekker)."""
    deelnemers, _ = regels.deelnemers(traject, programma, ronde, vragenlijsten)
    return _stand(sessie, ronde, deelnemers, vragenlijsten)


def _stand(sessie: Session, ronde: Ronde, deelnemers: tuple[Deelnemer, ...],
           vragenlijsten: dict[str, Vragenlijst]) -> list[Groepsstand]:
    antwoorden = Counter({
        (p, v): n for p, v, n in sessie.execute(
            select(AntwoordsetRij.partner_id, AntwoordsetRij.vragenlijst, func.count())
            .where(AntwoordsetRij.ronde_id == ronde.id).group_by(AntwoordsetRij.partner_id, AntwoordsetRij.vragenlijst)
        )
    })
    return [
        Groepsstand(d.partner.id, d.partner.naam, vragenlijsten[code], antwoorden[(d.partner.id, code)],
                    1 if code in dict(d.op_naam) else ronde.doelen.get(Ronde.doelsleutel(d.partner.id, code)))
        for d in deelnemers
        for code in (*dict(d.op_naam), *d.groepen)
    ]


# -- herinneren --------------------------------------------------------------------------------


def herinneren(w: Wijziging, ronde: Ronde, dagen_voor: int) -> int:
    """Een herinnering met een nieuwe link voor een vragenlijst op naam die de partner nog niet
    invulde, en aan het contact van de school de stand van haar groepen met de groepslinks, zolang
    een groep haar doel niet haalt. Wie klaar is, krijgt niets."""
    deelnemers, _ = regels.deelnemers(w.traject, w.programma, ronde, w.vragenlijsten)
    standen = {(g.partner_id, g.vragenlijst.code): g for g in _stand(w.sessie, ronde, deelnemers, w.vragenlijsten)}
    return sum(
        _berichten(w, ronde, d, "vragenlijst_herinnering", f"{ronde.stempel}/herinnering-{dagen_voor}",
                   {code: standen[(d.partner.id, code)] for code in (*dict(d.op_naam), *d.groepen)})
        for d in deelnemers
    )


def _berichten(w: Wijziging, ronde: Ronde, d: Deelnemer, soort: str, deel: str,
               standen: dict[str, Groepsstand] | None = None) -> int:
    """Eén bericht per adres van een partner: een persoonlijke link voor een vragenlijst op naam die
    de partner nog niet invulde, en voor het contact van de school de groepslinks (met hun stand) en
    de schoolpagina, zolang een groep haar doel niet haalt. Wie niets meer te doen heeft, krijgt niets.
    Zonder `standen` (bij het openen) is er nog niets ingevuld."""

    def open_(code: str) -> bool:
        return standen is None or not standen[code].klaar

    groepen_open = any(open_(code) for code in d.groepen)
    groepslinks: list[Link] | None = None
    aantal = 0
    for adres, contacten in _per_adres(d).items():
        codes = [code for code in contacten if code and open_(code)]
        voor_school = None in contacten and groepen_open
        if not codes and not voor_school:
            continue
        persoonlijk = [_persoonlijke_link(w, ronde, d.partner, code, contacten[code]) for code in codes]
        if voor_school and groepslinks is None:
            groepslinks = _groepslinks(w, ronde, d, standen)  # één set groepslinks per school en bericht
        # Zonder groepslinks vervalt het bericht bij vertrek als de partner intussen invulde.
        sleutel = f"ronde-{ronde.id}/{deel}/{adres}" + ("" if voor_school else op_naam(d.partner.id, codes))
        aantal += w.post.vragenlijstronde(
            w.sessie, w.traject, w.programma, soort, sleutel, next(iter(contacten.values())),
            d.partner.naam, ronde.deadline, w.nu, persoonlijk=persoonlijk, groepen=groepslinks if voor_school else [],
            schoolpagina=_schoolpagina(w, ronde, d, contacten[None]) if voor_school else None,
        )
    return aantal


def persoonlijke_links(sessie: Session, ronde_id: int, partner_id: int, vragenlijst: str) -> list[ToegangRij]:
    """De persoonlijke links van een partner voor een vragenlijst op naam: samen één keer te gebruiken
    (de werkgroep vult samen in, de directie of de zorgleerkracht voor de school), ook de nieuwe links
    uit een herinnering. Vergrendeld, zodat twee die tegelijk versturen niet allebei bewaard worden."""
    return list(sessie.scalars(
        select(ToegangRij).where(ToegangRij.ronde_id == ronde_id, ToegangRij.partner_id == partner_id,
                                 ToegangRij.vragenlijst == vragenlijst, ToegangRij.contact_id.is_not(None))
        .order_by(ToegangRij.id).with_for_update()
    ))


# -- sluiten en de rapporten -------------------------------------------------------------------


def rapporttitel(traject: Traject, partner: Partner | None) -> str:
    if partner is None:
        return f"Overzicht van het partnerschap {traject.naam}"
    if partner.soort == "lokaal-bestuur":
        return f"Selfie-feedback {partner.naam}"
    return f"{'Schoolfoto' if traject.programma == 'stos' else 'Selfie-rapport'} {partner.naam}"


def antwoordsets(sessie: Session, *, ronde_id: int | None = None, traject_id: int | None = None,
                 partner_id: int | None = None) -> list[Antwoordset]:
    vraag = select(AntwoordsetRij).order_by(AntwoordsetRij.id)
    if ronde_id is not None:
        vraag = vraag.where(AntwoordsetRij.ronde_id == ronde_id)
    if traject_id is not None:
        vraag = vraag.where(AntwoordsetRij.traject_id == traject_id)
    if partner_id is not None:
        vraag = vraag.where(AntwoordsetRij.partner_id == partner_id)
    return [Antwoordset(a.vragenlijst, a.scores, a.open) for a in sessie.scalars(vraag)]


def links_geldig_tot(w: Wijziging, ronde_id: int, tot: datetime) -> None:
    """De vragenlijstlinks en schoolpagina's van een ronde werken tot `tot` (de nieuwe deadline, of
    nu bij het sluiten); de rapportlinks blijven."""
    w.sessie.execute(update(ToegangRij).where(ToegangRij.ronde_id == ronde_id, ToegangRij.soort != "rapport")
                     .values(verloopt_op=tot))


def afsluiten(w: Wijziging, reden: str) -> Ronde:
    """Sluit de ronde zonder rapporten (ook als het traject stopgezet wordt): de links verlopen,
    concepten verdwijnen, wachtende timers van de ronde vervallen."""
    ronde, besluit = regels.sluiten(w.traject, reden)
    # Daarna ziet wie in dezelfde transactie beslist (de volgende timer van deze pas) de ronde dicht.
    w.pas_toe(besluit)
    links_geldig_tot(w, ronde.id, w.nu)
    w.sessie.execute(delete(ConceptRij).where(
        ConceptRij.toegang_id.in_(select(ToegangRij.id).where(ToegangRij.ronde_id == ronde.id))))
    w.annuleer_timers(ronde_id=ronde.id)
    return ronde


def sluiten(w: Wijziging, reden: str) -> int:
    """Sluit de ronde; elke partner met antwoorden krijgt zijn rapport en de coördinator het overzicht
    van het partnerschap, dat ook de partners zonder antwoorden noemt. Geeft het aantal berichten."""
    ronde = afsluiten(w, reden)
    berichten = 0
    rapporten = rapporten_van(w.sessie, w.traject, w.programma, ronde, w.domeinen, w.vragenlijsten)
    for r in rapporten.met_antwoorden:
        url = w.post.url("r", nieuwe_link(w.sessie, w.rij.id, "rapport", w.nu + RAPPORT_GELDIG, w.nu,
                                          ronde_id=ronde.id, partner_id=r.partner.id))
        for c in {c.email: c for c in reversed(r.contacten)}.values():
            berichten += w.post.rapport(w.sessie, w.traject, w.programma, c, r.titel, r.rapport, url,
                                        rapporten.vervolg, w.nu, sleutel=f"ronde-{ronde.id}/rapport/{r.partner.id}/{c.email}")
    url = w.post.url("r", nieuwe_link(w.sessie, w.rij.id, "rapport", w.nu + RAPPORT_GELDIG, w.nu, ronde_id=ronde.id))
    berichten += w.post.overzicht(w.sessie, w.traject, w.programma, rapporten.titel, rapporten.totaal,
                                  [(r.partner.naam, r.rapport) for r in rapporten.per_partner], url, rapporten.vervolg,
                                  w.nu, sleutel=f"ronde-{ronde.id}/overzicht")
    return berichten


@dataclass(frozen=True, slots=True)
class Partnerrapport:
    partner: Partner
    contacten: tuple[Contact, ...]
    titel: str
    rapport: Rapport


@dataclass(frozen=True, slots=True)
class Rapporten:
    """De rapporten van een ronde: per partner, en alle antwoorden samen (het overzicht)."""

    titel: str
    totaal: Rapport
    per_partner: tuple[Partnerrapport, ...]
    vervolg: str  # waar de werkpunten het vertrekpunt voor zijn

    @property
    def met_antwoorden(self) -> tuple[Partnerrapport, ...]:
        """De partners die een rapport krijgen (mail, link, artefact): een rapport zonder antwoorden
        zegt niets en zou met 'geen cluster scoort onder de 3' zelfs geruststellen."""
        return tuple(p for p in self.per_partner if p.rapport.antwoorden)


def rapporten_van(sessie: Session, traject: Traject, programma: Programma, ronde: Ronde, domeinen: Domeinen,
                  vragenlijsten: dict[str, Vragenlijst]) -> Rapporten:
    regel = regels.definitie(programma, ronde)
    drempel = regel.drempel
    deelnemers, _ = regels.deelnemers(traject, programma, ronde, vragenlijsten)
    per_partner = tuple(
        Partnerrapport(d.partner, d.contacten, rapporttitel(traject, d.partner),
                       bereken(domeinen, vragenlijsten, antwoordsets(sessie, ronde_id=ronde.id, partner_id=d.partner.id),
                               drempel=drempel))
        for d in deelnemers
    )
    # Eén partner (STOS): alle antwoorden samen zijn zijn antwoorden, hetzelfde rapport.
    totaal = per_partner[0].rapport if len(per_partner) == 1 else bereken(
        domeinen, vragenlijsten, antwoordsets(sessie, ronde_id=ronde.id), drempel=drempel)
    return Rapporten(rapporttitel(traject, None), totaal, per_partner, regel.vervolg)


def sluit_als_iedereen_klaar(w: Wijziging, ronde: Ronde) -> bool:
    """Na een antwoord: zijn alle antwoorden binnen, dan sluit de engine de ronde bij haar volgende
    pas (een timer die nu vervalt), niet het webformulier zelf."""
    groepen = stand(w.sessie, w.traject, w.programma, ronde, w.vragenlijsten)
    if not regels.iedereen_klaar(groepen):
        return False
    # De stand in de sleutel: nog een antwoord of een hoger doel geeft een nieuwe timer, hetzelfde
    # antwoord twee keer niet. De engine kijkt bij het uitvoeren opnieuw of iedereen klaar is.
    stand_nu = f"{sum(g.antwoorden for g in groepen)}-{sum(g.verwacht for g in groepen)}"
    return bool(w.plan_timers([Timer("ronde-sluiten", f"ronde-{ronde.id}/iedereen/{stand_nu}", w.nu,
                                     {"ronde_id": ronde.id, "reden": "iedereen"})]))
