"""De commando's van de coördinator: elk is één transactie die de beslissing van het domein
vastlegt, samen met zijn gebeurtenissen en timers. Gebruikt door de CLI en door de flows."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from config.programma import Programma
from config.vragenlijst import Domeinen, Vragenlijst, laad_vragenlijsten
from diensten import ronde as rondewerk
from diensten.antwoorden import bewaar_antwoorden
from diensten.eenheid import Resultaat, Wijziging, kies_programma, laad_traject, leg_vast
from domein import momenten
from domein import ronde as regels_ronde
from domein import traject as regels
from domein import vragenlijsten as regels_vragenlijst
from domein.antwoorden import rijkenmerken
from domein.fouten import OngeldigeInvoer
from domein.geschiedenis import aantal_antwoorden
from domein.model import MomentStatus, RondeStatus
from notificaties.post import Post
from notificaties.sjabloon import datum, tijd
from opslag.databank import Databank
from opslag.tabellen import AntwoordsetRij, TrajectRij, naar_domein


def _nu() -> datetime:
    return datetime.now(UTC)


class Diensten:
    """De use cases van de coördinator, elk één transactie (`Wijziging`)."""

    def __init__(
        self,
        databank: Databank,
        programmas: dict[str, Programma],
        *,
        post: Post,
        door: str,
        klok: Callable[[], datetime] = _nu,
        vragenlijsten: tuple[Domeinen, dict[str, Vragenlijst]] | None = None,
    ) -> None:
        self.databank = databank
        self.programmas = programmas
        self.domeinen, self.vragenlijsten = vragenlijsten or laad_vragenlijsten()
        self.post = post
        self.door = door
        self.klok = klok

    def programma(self, code: str) -> Programma:
        return kies_programma(self.programmas, code)

    # -- bouwstenen -------------------------------------------------------------------------

    @contextmanager
    def wijzig(self, traject_id: int, door: str | None = None) -> Iterator[Wijziging]:
        """Eén transactie op het traject (vergrendeld); `door` als auteur als het niet `self.door` is."""
        with self.databank.transactie() as sessie:
            rij = laad_traject(sessie, traject_id, wijzigen=True)
            yield Wijziging(
                sessie, rij, naar_domein(rij), self.programma(rij.programma), self.klok(), door or self.door,
                self.post, self.domeinen, self.vragenlijsten,
            )

    # -- trajecten --------------------------------------------------------------------------

    def traject_nieuw(self, programma_code: str, naam: str) -> Resultaat:
        programma = self.programma(programma_code)
        besluit = regels.nieuw_traject(programma, naam)
        traject = besluit.traject
        nu = self.klok()
        with self.databank.transactie() as sessie:
            rij = TrajectRij(
                programma=traject.programma,
                naam=traject.naam,
                fase=traject.fase,
                status=traject.status,
                aangemaakt_op=nu,
            )
            sessie.add(rij)
            sessie.flush()
            leg_vast(sessie, rij.id, besluit.gebeurtenis, nu, self.door)
            return Resultaat(id=rij.id)

    def pauzeren(self, traject_id: int, reden: str) -> Resultaat:
        with self.wijzig(traject_id) as w:
            w.pas_toe(regels.pauzeren(w.traject, reden))
        return Resultaat()

    def hervatten(self, traject_id: int) -> Resultaat:
        with self.wijzig(traject_id) as w:
            w.pas_toe(regels.hervatten(w.traject))
        return Resultaat()

    def stopzetten(self, traject_id: int, reden: str) -> Resultaat:
        with self.wijzig(traject_id) as w:
            if any(r.status == RondeStatus.OPEN for r in w.traject.rondes):
                rondewerk.afsluiten(w, "stopgezet")  # geen rapporten: de links en concepten verdwijnen
            # Het besluit over het traject zoals het is met de ronde dicht (een fout draait alles terug).
            besluit = regels.stopzetten(w.traject, reden)
            w.pas_toe(besluit)
            for m in besluit.geannuleerd:
                w.post.over_moment(w.sessie, w.traject, w.programma, m, "annulering", w.nu, reden=reden)
            w.annuleer_timers()
        return Resultaat()

    def volgende_fase(self, traject_id: int, *, forceer: bool = False, reden: str | None = None) -> Resultaat:
        with self.wijzig(traject_id) as w:
            wissel = regels.volgende_fase(w.traject, w.programma, w.nu, forceer=forceer, reden=reden)
            van = w.traject.fase
            w.pas_toe(wissel)
            w.post.nieuwe_fase(w.sessie, w.traject, w.programma, van, wissel.naar, w.nu)
            ronde, waarschuwingen = rondewerk.openen(w, wissel.naar)
            naam = w.programma.fase(wissel.naar).naam
        melding = f"Traject {traject_id} is nu in fase '{naam}'."
        if ronde:
            melding += f" De vragenlijstronde is geopend tot {ronde.deadline_tekst}."
        return Resultaat(melding=melding, waarschuwingen=waarschuwingen)

    # -- de vragenlijstronde ----------------------------------------------------------------

    def ronde_verlengen(self, traject_id: int, tot: date) -> Resultaat:
        """Een latere deadline: de links blijven langer geldig, de herinneringen schuiven mee."""
        with self.wijzig(traject_id) as w:
            ronde, besluit = regels_ronde.verlengen(w.traject, tot, w.nu)
            w.bewaar(besluit.traject)
            rondewerk.links_geldig_tot(w, ronde.id, ronde.deadline)
            w.annuleer_timers(ronde_id=ronde.id)
            w.plan_timers(regels_ronde.timers(ronde, regels_ronde.definitie(w.programma, ronde), w.nu))
            w.leg_vast(besluit.gebeurtenis.met(ronde_id=ronde.id))
        return Resultaat(melding=f"De vragenlijstronde loopt nu tot {ronde.deadline_tekst}.")

    def ronde_sluiten(self, traject_id: int, reden: str = "coordinator") -> Resultaat:
        """Nu sluiten: de links verlopen en de rapporten staan klaar om te vertrekken."""
        with self.wijzig(traject_id) as w:
            berichten = rondewerk.sluiten(w, reden)
        return Resultaat(melding=f"De vragenlijstronde is gesloten; {berichten} bericht(en) met rapporten staan klaar.")

    def ronde_doelen(self, traject_id: int, partner_id: int, doelen: dict[str, int]) -> Resultaat:
        """Hoeveel antwoorden een school van haar groepen verwacht (vragenlijst -> aantal); haalt nu
        elke groep haar doel, dan sluit de engine de ronde."""
        with self.wijzig(traject_id) as w:
            ronde, besluit = regels_ronde.doelen_zetten(w.traject, w.programma, w.vragenlijsten, partner_id, doelen)
            w.pas_toe(besluit)
            rondewerk.sluit_als_iedereen_klaar(w, ronde)
        return Resultaat(melding="Doel gezet: " + ", ".join(f"{v} {aantal_antwoorden(n)}" for v, n in doelen.items()) + ".")

    # -- partners en contacten --------------------------------------------------------------

    def partner_toevoegen(self, traject_id: int, soort: str, naam: str, mandaat: str | None = None) -> Resultaat:
        with self.wijzig(traject_id) as w:
            _, besluit = regels.partner_toevoegen(w.traject, w.programma, soort, naam, mandaat)
            partner_id = w.pas_toe(besluit, id_als="partner_id")
        return Resultaat(id=partner_id)

    def partner_bevestigen(self, traject_id: int, partner_id: int) -> Resultaat:
        with self.wijzig(traject_id) as w:
            besluit = regels.partner_bevestigen(w.traject, partner_id, w.nu)
            if besluit is None:
                naam = regels.partner(w.traject, partner_id).naam
                return Resultaat(gewijzigd=False, melding=f"'{naam}' had de deelname al bevestigd.")
            w.pas_toe(besluit)
        return Resultaat()

    def mandaat_geven(self, traject_id: int, partner_id: int, mandaat: str) -> Resultaat:
        with self.wijzig(traject_id) as w:
            w.pas_toe(regels.mandaat_geven(w.traject, partner_id, mandaat))
        return Resultaat()

    def contact_toevoegen(
        self, traject_id: int, partner_id: int, naam: str, email: str, rol: str
    ) -> Resultaat:
        with self.wijzig(traject_id) as w:
            _, besluit = regels.contact_toevoegen(w.traject, w.programma, partner_id, naam, email, rol)
            contact_id = w.pas_toe(besluit, id_als="contact_id")
            # Wie later instapt, krijgt ook de uitnodigingen voor wat nog komt; de sleutels houden
            # de anderen buiten schot.
            for m in w.traject.momenten:
                if m.status == MomentStatus.GEPLAND and m.start > w.nu:
                    soort = "uitnodiging" if m.revisie == 0 else "wijziging"
                    w.post.over_moment(w.sessie, w.traject, w.programma, m, soort, w.nu)
        return Resultaat(id=contact_id)

    def inschrijven_train_the_trainer(
        self, traject_id: int, partner_id: int, naam: str, email: str
    ) -> Resultaat:
        with self.wijzig(traject_id) as w:
            i, besluit = regels.inschrijven_train_the_trainer(w.traject, w.programma, partner_id, naam, email)
            inschrijving_id = w.pas_toe(besluit, id_als="inschrijving_id")
        prijs = "betalend" if i.betalend else "gratis (eerste deelnemer)"
        return Resultaat(id=inschrijving_id, melding=f"{i.naam} is ingeschreven: {prijs}.")

    def csv_inlezen(self, traject_id: int, partner_id: int, vragenlijst: Vragenlijst, tekst: str) -> Resultaat:
        """Alle antwoordsets uit de CSV in één transactie: allemaal of geen."""
        with self.wijzig(traject_id) as w:
            antwoorden, gebeurtenis = regels_vragenlijst.csv_inlezen(w.traject, vragenlijst, partner_id, tekst)
            # Hetzelfde bestand twee keer is een vergissing, geen tweede groep respondenten: weigeren.
            kenmerken = rijkenmerken(antwoorden, traject_id, partner_id)
            if eerder := w.sessie.scalar(select(AntwoordsetRij.ingediend_op)
                                         .where(AntwoordsetRij.formulier == kenmerken[0])):
                raise OngeldigeInvoer(
                    f"Dit bestand werd al ingelezen op {datum(eerder)} om {tijd(eerder)}: dezelfde "
                    f"{aantal_antwoorden(len(antwoorden))} op {vragenlijst.code} voor deze partner. Niets ingelezen.")
            ronde = rondewerk.open_ronde_met(w.traject, w.programma, vragenlijst.code)
            # De school antwoordde al op een vragenlijst op naam: haar persoonlijke links zijn gebruikt.
            gebruikt = rondewerk.persoonlijke_links(w.sessie, ronde.id, partner_id, vragenlijst.code) if (
                ronde and not vragenlijst.anoniem) else ()
            bewaar_antwoorden(w, partner_id, vragenlijst, antwoorden, kenmerken, gebeurtenis, bron="csv", ronde=ronde,
                              gebruikt=gebruikt)
        return Resultaat(melding=f"{aantal_antwoorden(len(antwoorden))} op {vragenlijst.code} ingelezen.")

    def link_maken(
        self, traject_id: int, partner_id: int, vragenlijst: Vragenlijst, contact_id: int | None, dagen: int
    ) -> str:
        """Een nieuwe link naar een vragenlijst; geeft het geheim voor in de link. Hoort de vragenlijst
        bij de open ronde, dan ook de link: hij telt mee in haar stand en rapport en werkt tot ze sluit.
        Anders werkt hij `dagen` dagen."""
        if not 1 <= dagen <= 120:
            raise OngeldigeInvoer(f"Een link is 1 tot 120 dagen geldig, niet {dagen}.")
        with self.wijzig(traject_id) as w:
            ronde = rondewerk.open_ronde_met(w.traject, w.programma, vragenlijst.code)
            w.leg_vast(regels_vragenlijst.link_maken(w.traject, vragenlijst, partner_id, contact_id).met(
                ronde_id=ronde and ronde.id))
            verloopt = ronde.deadline if ronde else w.nu + timedelta(days=dagen)
            return rondewerk.nieuwe_link(w.sessie, traject_id, "vragenlijst", verloopt, w.nu, ronde_id=ronde and ronde.id,
                                         partner_id=partner_id, vragenlijst=vragenlijst.code, contact_id=contact_id)

    # -- momenten ---------------------------------------------------------------------------

    def moment_plannen(
        self,
        traject_id: int,
        soort: str,
        start: datetime,
        *,
        duur: int | None = None,
        locatie: str | None = None,
        partner_id: int | None = None,
        fase: str | None = None,
    ) -> Resultaat:
        with self.wijzig(traject_id) as w:
            planning = momenten.moment_plannen(
                w.traject, w.programma, soort, start, w.nu,
                duur=duur, locatie=locatie, partner_id=partner_id, fase=fase,
            )
            moment_id = w.pas_toe(planning, id_als="moment_id")
            w.kondig_aan(momenten.moment(w.traject, moment_id), "uitnodiging")
        return Resultaat(id=moment_id, waarschuwingen=planning.waarschuwingen)

    def moment_verplaatsen(
        self, traject_id: int, moment_id: int, start: datetime, *, duur: int | None = None
    ) -> Resultaat:
        with self.wijzig(traject_id) as w:
            planning = momenten.moment_verplaatsen(w.traject, moment_id, start, w.nu, duur=duur)
            w.pas_toe(planning)
            w.annuleer_timers(moment_id)
            w.kondig_aan(planning.moment, "wijziging")
        return Resultaat(waarschuwingen=planning.waarschuwingen)

    def moment_gehouden(
        self, traject_id: int, moment_id: int, *, forceer: bool = False, reden: str | None = None
    ) -> Resultaat:
        with self.wijzig(traject_id) as w:
            besluit = momenten.moment_gehouden(w.traject, moment_id, w.nu, forceer=forceer, reden=reden)
            if besluit is None:
                return Resultaat(gewijzigd=False, melding=f"Moment {moment_id} stond al als gehouden.")
            w.pas_toe(besluit)
        return Resultaat()

    def moment_annuleren(self, traject_id: int, moment_id: int, reden: str | None = None) -> Resultaat:
        with self.wijzig(traject_id) as w:
            m, besluit = momenten.moment_annuleren(w.traject, moment_id, reden)
            w.pas_toe(besluit)
            w.annuleer_timers(moment_id)
            w.post.over_moment(w.sessie, w.traject, w.programma, m, "annulering", w.nu, reden=besluit.details["reden"])
        return Resultaat()


