"""De outbox maakt een bericht pas op (Jinja, MIME, agenda) als zijn sleutel nieuw is: dezelfde
beslissing twee keer vult niets opnieuw in, en een groep wordt één keer ingevuld voor allen."""

from datetime import date

from domein.berichten import Bericht, Ontvanger
from notificaties import post
from notificaties.outbox import Klaar, zet_alle_klaar
from tests.conftest import NU
from tests.integratie.conftest import POST

LEEG = {"verzonden": 0, "mislukt": [], "vervallen": [], "wachtend": [], "open_voorwaarden": []}


def test_een_bestaande_sleutel_wordt_niet_opgemaakt(databank):
    opgemaakt = []

    def opmaak(aan, sleutel):
        opgemaakt.append(sleutel)
        return "Onderwerp", b"Subject: Onderwerp\r\n\r\nTekst\r\n"

    def klaar(sleutel):
        return Klaar(Bericht("dagoverzicht", Ontvanger("An", "an@krijt.test"), sleutel, None, {}),
                     "kansrijk@krijt.test", opmaak)

    with databank.transactie() as sessie:
        assert zet_alle_klaar(sessie, [klaar("a"), klaar("b")], NU) == {"a", "b"}
    with databank.transactie() as sessie:
        assert zet_alle_klaar(sessie, [klaar("a"), klaar("c"), klaar("c")], NU) == {"c"}
    assert opgemaakt == ["a", "b", "c"]


def test_post_vult_een_bericht_dat_er_al_is_niet_opnieuw_in(databank, monkeypatch):
    ingevuld = []
    echt = post.groepsbericht

    def tel(soort, *args, **kwargs):
        ingevuld.append(soort)
        return echt(soort, *args, **kwargs)

    monkeypatch.setattr(post, "groepsbericht", tel)
    for _ in range(2):
        with databank.transactie() as sessie:
            POST.dagoverzicht(sessie, date(2026, 12, 3), NU, **LEEG)
    assert ingevuld == ["dagoverzicht"]
