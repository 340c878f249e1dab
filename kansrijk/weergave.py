"""Tekstweergave voor de terminal; dezelfde gegevens als de JSON-uitvoer."""

from datetime import datetime
from typing import Any

from config.programma import Programma
from config.vragenlijst import SCHAAL, WEET_NIET, Domeinen, Vragenlijst
from domein.geschiedenis import aantal_antwoorden
from domein.model import Traject
from domein.tijd import BRUSSEL, zomer_of_winter
from domein.voorwaarden import beoordeel

_STATUS_TEKEN = {"gepland": "·", "gehouden": "✓", "geannuleerd": "✗"}


def _kort(iso: str | None) -> str:
    return f"{datetime.fromisoformat(iso):%d-%m-%Y %H:%M}{_zomer_of_winter(iso)}" if iso else "-"


def _uur(iso: str) -> str:
    return f"{datetime.fromisoformat(iso):%H:%M}{_zomer_of_winter(iso)}"


def _zomer_of_winter(iso: str) -> str:
    # De JSON staat in KANSRIJK_TIJDZONE; alleen een Brusselse tijd krijgt de Brusselse aanduiding.
    tijdstip = datetime.fromisoformat(iso)
    return zomer_of_winter(tijdstip) if tijdstip.utcoffset() == tijdstip.astimezone(BRUSSEL).utcoffset() else ""


def lijst(rijen: list[dict[str, Any]]) -> str:
    if not rijen:
        return "Nog geen trajecten. Maak er een met: kansrijk traject nieuw --programma az --naam NAAM"
    regels = [f"{'id':>4}  {'programma':<9} {'status':<11} {'fase':<15} naam"]
    regels += [
        f"{r['id']:>4}  {r['programma']:<9} {r['status']:<11} {r['fase']:<15} {r['naam']}" for r in rijen
    ]
    return "\n".join(regels)


def traject(t: dict[str, Any]) -> str:
    regels = [
        f"Traject {t['id']}: {t['naam']} ({t['programma'].upper()})",
        f"Fase: {t['fase_naam']} [{t['fase']}]   Status: {t['status']}",
        "",
        "Partners:",
    ]
    contacten = {}
    for c in t["contacten"]:
        contacten.setdefault(c["partner_id"], []).append(c)
    for p in t["partners"]:
        bevestigd = f"bevestigd {_kort(p['bevestigd_op'])}" if p["bevestigd"] else "niet bevestigd"
        mandaat = f", mandaat {p['mandaat']}" if p["mandaat"] else ""
        regels.append(f"  [{p['id']}] {p['naam']} ({p['soort']}, {bevestigd}{mandaat})")
        regels += [f"        {c['naam']} <{c['email']}> {c['rol']}" for c in contacten.get(p["id"], [])]
    if not t["partners"]:
        regels.append("  (nog geen)")
    regels += ["", "Momenten:"]
    for m in t["momenten"]:
        school = f" – {m['partner']}" if m["partner"] else ""
        plaats = f" @ {m['locatie']}" if m["locatie"] else ""
        regels.append(
            f"  {_STATUS_TEKEN[m['status']]} [{m['id']}] {_kort(m['start'])}–{_uur(m['einde'])} {m['naam']}{school}"
            f" ({m['duur']} min, {m['fase']}, {m['status']}){plaats}"
        )
    if not t["momenten"]:
        regels.append("  (nog geen)")
    if t["voorwaarden"]:
        regels += ["", "Voorwaarden om deze fase te verlaten:"]
        regels += [
            f"  [{'x' if v['voldaan'] else ' '}] {v['tekst']} ({v['stand']})" for v in t["voorwaarden"]
        ]
    if t["timers"]:
        regels += ["", "Gepland voor later:"]
        regels += [f"  {_kort(x['vervalt_op'])} {x['soort']} ({x['status']})" for x in t["timers"]]
    regels += ["", "Geschiedenis:"]
    regels += [f"  {_kort(g['tijdstip'])} {g['door']}: {g['beschrijving']}" for g in t["geschiedenis"]]
    return "\n".join(regels)


def programma(p: Programma) -> str:
    regels = [f"{p.code}: {p.naam}", ""]
    for fase in p.fasen:
        regels.append(f"{fase.code}  {fase.naam}")
        for m in fase.momenten:
            per_school = ", per school" if m.per_school else ""
            regels.append(f"    moment {m.soort}: {m.naam} ({m.duur} min{per_school}) voor {', '.join(m.deelnemers)}")
        leeg = Traject(id=None, programma=p.code, naam="", fase=fase.code)  # de tekst hangt niet af van de stand
        regels += [f"    voorwaarde: {beoordeel(v, leeg, p).tekst}" for v in fase.voorwaarden]
    regels += ["", "Rollen: " + ", ".join(p.rollen)]
    return "\n".join(regels)


def vragenlijst(v: Vragenlijst, domeinen: Domeinen) -> str:
    wie = "anoniem, met een groepslink per school" if v.anoniem else "op naam, met een persoonlijke link"
    regels = [f"{v.code}: {v.naam}", f"programma {v.programma}, groep {v.groep} ({wie})", "", v.inleiding.strip(), ""]
    schaal = ", ".join(f"{k} {t}" for k, t in SCHAAL.items())
    regels.append(f"Schaal: {schaal}, of {WEET_NIET}. (o) = omgekeerd gescoord.")
    for dv in v.domeinen:
        domein = domeinen.domein(dv.domein)
        clusters = {c.code: c.naam for c in domein.clusters}
        regels += ["", f"{domein.naam}"]
        regels += [f"  {i.code:<5} {i.tekst}{' (o)' if i.omgekeerd else ''}  [{clusters[i.cluster]}]" for i in dv.items]
        regels.append(f"  open  {dv.open_vraag}")
    return "\n".join(regels)


def agenda(traject_id: int, rijen: list[dict[str, Any]]) -> str:
    if not rijen:
        return f"Voor traject {traject_id} wacht niets: geen berichten of timers gepland."
    regels = [f"Wat voor traject {traject_id} nog vertrekt:"]
    regels += [f"  {_kort(r['tijdstip'])}  {r['wat']:<7}  {r['beschrijving']}" for r in rijen]
    return "\n".join(regels)


def berichten(rijen: list[dict[str, Any]], status: str | None = None) -> str:
    if not rijen:
        return f"Geen berichten met status {status}." if status else "Nog geen berichten."
    regels = [
        f"{'id':>5}  {'status':<9}  {'soort':<14}  {'traject':>7}  {'pogingen':>8}  {'aangemaakt':<16}  ontvanger"
    ]
    for b in rijen:
        traject = b["traject_id"] if b["traject_id"] is not None else "-"
        regels.append(
            f"{b['id']:>5}  {b['status']:<9}  {b['soort']:<14}  {traject:>7}  {b['pogingen']:>8}"
            f"  {_kort(b['aangemaakt_op']):<16}  {b['ontvanger']}"
        )
        wanneer = {
            "verzonden": f", verzonden op {_kort(b['verzonden_op'])}",
            "wachtend": f", volgende poging {_kort(b['volgende_poging'])}",
            "mislukt": f", mislukt op {_kort(b['mislukt_op'])}" if b.get("mislukt_op") else "",
            "vervallen": f", vervallen op {_kort(b['vervallen_op'])}: {b['vervalreden']}",
        }.get(b["status"], "")
        regels.append(f"       “{b['onderwerp']}”{wanneer}")
        if b["status"] == "mislukt":
            regels.append(f"       reden: {b['laatste_fout'] or 'onbekend'}")
        elif b["laatste_fout"]:
            regels.append(f"       laatste fout: {b['laatste_fout']}")
    return "\n".join(regels)


def ronde(r: dict[str, Any]) -> str:
    regels = [
        (f"Vragenlijstronde van traject {r['traject']} ({r['fase']}): {r['status']}, "
         f"geopend {_kort(r['geopend_op'])}, sluit {_kort(r['deadline'])}."),
    ]
    for g in r["groepen"]:
        if g["verwacht"] is None:
            stand = f"{aantal_antwoorden(g['antwoorden'])}, geen doel (zet het met 'kansrijk ronde doel')"
        else:
            stand = f"{g['antwoorden']} van {g['verwacht']}" + (" – klaar" if g["klaar"] else "")
        wie = "groepslink" if g["anoniem"] else "op naam"
        regels.append(f"  {g['partner']} ({g['partner_id']}), {g['vragenlijst']} ({wie}): {stand}")
    return "\n".join(regels)
