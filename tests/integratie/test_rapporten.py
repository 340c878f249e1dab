"""Rapporten die iets zeggen, op SQLite en PostgreSQL: in een A-Z-ronde antwoordt elke school en het
lokaal bestuur één keer, op naam. Elk krijgt een rapport met een gemiddelde per domein en zijn
werkpunten, en de coördinator een overzicht met cijfers per partner."""

import email
import email.policy

from sqlalchemy import select

from config.vragenlijst import laad_vragenlijsten
from opslag.tabellen import BerichtRij
from tests.integratie.test_commando import az_in_aanloop

DOMEINEN, LIJSTEN = laad_vragenlijsten()


def csv(lijst, verschuiving: int) -> str:
    """Eén respondent met scores 1 tot 5 door elkaar, per partner anders."""
    scores = [str(1 + (n + verschuiving) % 5) for n in range(len(lijst.items))]
    return ",".join(i.code for i in lijst.items) + "\n" + ",".join(scores)


def test_az_ronde_met_een_antwoord_per_partner_geeft_rapporten_met_cijfers(commando, databank):
    t, bestuur, scholen = az_in_aanloop(commando)
    commando.volgende_fase(t, forceer=True, reden="Kennismaking viel samen met de infosessie")
    school, lb = LIJSTEN["az-school"], LIJSTEN["az-lokaal-bestuur"]
    for n, partner in enumerate(scholen):
        commando.csv_inlezen(t, partner, school, csv(school, n))
    commando.csv_inlezen(t, bestuur, lb, csv(lb, 4))
    commando.ronde_sluiten(t)

    with databank.transactie() as sessie:
        berichten = {(b.soort, b.ontvanger): email.message_from_bytes(b.inhoud, policy=email.policy.default)
                     for b in sessie.scalars(select(BerichtRij).where(BerichtRij.soort.in_(["rapport", "overzicht"])))}
    rapporten = {a: b.get_body(("plain",)).get_content().replace("\r\n", "\n") for (s, a), b in berichten.items() if s == "rapport"}
    assert len(rapporten) == 5
    for adres, tekst in rapporten.items():
        lijst = lb if adres == "tine@zelzate.be" else school
        gemiddelden = tekst.split("Gemiddelde per domein")[1].split("Voorgestelde werkpunten")[0]
        assert gemiddelden.count("\n- ") == len(lijst.domeinen) == (5 if lijst is lb else 6)
        assert "–" not in gemiddelden, (adres, gemiddelden)
        werkpunten = tekst.split("Voorgestelde werkpunten")[1]
        assert "Geen cluster scoort onder de 3" not in werkpunten and "\n1. " in werkpunten, (adres, werkpunten)
        html = berichten[("rapport", adres)].get_body(("html",)).get_content().replace("\r\n", "\n")
        assert html.count("<h3>Om aan te werken</h3>\n<ul>") == len(lijst.domeinen)

    overzicht = berichten[("overzicht", "colette@krijt.test")]
    html = overzicht.get_body(("html",)).get_content().replace("\r\n", "\n")
    tabel = html.split("<caption")[1].split("</table>")[0]
    assert tabel.count('<th scope="row">') == 5 and "–" not in tabel
    assert tabel.count('<td class="getal">') == 5 * 6
    assert tabel.count("niet gevraagd") == 1  # het lokaal bestuur heeft geen domein schoolrekening
    tekst = overzicht.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "elke partner kreeg zijn rapport" in " ".join(tekst.split())
    # Per partner een kop met het aantal antwoorden, dan elk domein op een eigen regel.
    assert tekst.count(": 1 antwoord)\n  Gemiddelde per domein:\n  - Visie op armoede: ") == 5
    assert tekst.count("\n  Zwakste clusters: ") == 5
    # Ook alle antwoorden samen: per groep het aantal, niet 'School 4' (dat las als een schoolnummer).
    assert "Antwoorden: Lokaal bestuur: 1 antwoord; School: 4 antwoorden." in tekst
    # Het lokaal bestuur kent geen schoolrekening: dat staat er, zoals in de HTML.
    assert tekst.count("\n  - Schoolrekening: niet gevraagd\n") == 1
