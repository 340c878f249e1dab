"""Fuzzen met een begrensd budget, op SQLite en PostgreSQL: willekeurige POST-bodies naar het echte
webformulier (nooit een 5xx, nooit een half bewaard antwoord) en willekeurige CSV-bytes door de import
(alles ingelezen, of een Nederlandse fout en niets ingelezen)."""

import secrets

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from config.vragenlijst import laad_vragenlijsten
from domein.antwoorden import MAX_OPEN, kolommen, lees_csv, schoon
from domein.fouten import OngeldigeInvoer
from kansrijk.web import maak_app
from opslag.tabellen import AntwoordsetRij, ConceptRij

_, LIJSTEN = laad_vragenlijsten()
OUDERS = LIJSTEN["stos-ouders"]
ITEMS = [i.code for i in OUDERS.items]
VELDEN = [f"i-{c}" for c in ITEMS] + [f"o-{d.domein}" for d in OUDERS.domeinen] + ["formulier", "actie"]
# Een enkel surrogaat kan geen client als UTF-8 versturen; al de rest wel.
TEKST = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
WAARDE = st.one_of(TEKST, st.sampled_from(["1", "3", "5", "?", "0", "6", " 4", "weet niet", "bewaren", "", "a\x00b"]),
                   st.integers(0, 3).map(lambda n: "\x00x\n" * (700 * n)),  # rond en boven MAX_OPEN
                   st.just(secrets.token_urlsafe(24)))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def geen_half_antwoord(databank) -> None:
    """Elk bewaard antwoord is volledig en bewaarbaar; elk concept kent alleen velden van het formulier."""
    with databank.transactie() as sessie:
        for rij in sessie.scalars(select(AntwoordsetRij)):
            assert sorted(rij.scores) == sorted(ITEMS) and all(s is None or 1 <= s <= 5 for s in rij.scores.values())
            assert all(0 < len(t) <= MAX_OPEN and schoon(t) == t for t in rij.open.values())
        for concept in sessie.scalars(select(ConceptRij)):
            assert set(concept.waarden) <= set(VELDEN) and all(schoon(v) == v for v in concept.waarden.values())


@st.composite
def formulieren(draw) -> dict:
    """Velden van het formulier en andere, met willekeurige en herhaalde waarden; soms alle vragen ingevuld."""
    velden = {}
    if draw(st.booleans()):
        velden |= {f"i-{c}": draw(st.sampled_from(["1", "2", "3", "4", "5", "?"])) for c in ITEMS}
    namen = st.one_of(st.sampled_from(VELDEN), TEKST, TEKST.map(lambda n: f"i-{n}"), TEKST.map(lambda n: f"o-{n}"))
    velden |= draw(st.dictionaries(namen, st.one_of(WAARDE, st.lists(WAARDE, min_size=2, max_size=3)), max_size=8))
    if draw(st.integers(0, 3)):
        velden["formulier"] = secrets.token_urlsafe(24)
    if draw(st.booleans()):
        velden["actie"] = "bewaren"
    return velden


def test_webformulier_willekeurige_posts(commando):
    t = commando.traject_nieuw("stos", "Sint-Jozef").id
    p = commando.partner_toevoegen(t, "school", "Sint-Jozef").id
    groep = commando.link_maken(t, p, OUDERS, None, 14)
    web = TestClient(maak_app(commando), follow_redirects=False, raise_server_exceptions=False)

    @FUZZ
    @given(velden=formulieren(), bytes_=st.binary(max_size=300), soort=st.sampled_from(
        ["velden", "multipart", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]))
    def post(velden, bytes_, soort):
        if soort == "velden":
            antwoord = web.post(f"/v/{groep}", data=velden)
        elif soort == "multipart":
            antwoord = web.post(f"/v/{groep}", data=velden, files={"o-communicatie": ("x.txt", bytes_)})
        else:
            antwoord = web.post(f"/v/{groep}", content=bytes_, headers={"Content-Type": soort})
        assert antwoord.status_code < 500, antwoord.text
        geen_half_antwoord(commando.databank)

    post()


def csv_tekst(draw) -> str:
    """Meestal een kloppende kopregel en rijen die bijna kloppen: dan komt de inhoud ook in de databank."""
    kop = kolommen(OUDERS)
    geldig = st.sampled_from(["1", "3", "5", "", "weet niet", " 2 "])
    vreemd = st.one_of(TEKST, st.sampled_from(['"met ""aanhalingstekens""\n en een regeleinde"', "a\x00b\x1b", "7", '"']))
    rijen, verstoord = [], draw(st.booleans())
    for _ in range(draw(st.integers(0, 4))):
        rij = [draw(st.one_of(vreemd, st.just("")) if k.startswith("open-") else geldig) for k in kop]
        for _ in range(draw(st.integers(0, 2)) if verstoord else 0):  # een cel anders, te veel of te weinig
            plaats = draw(st.integers(0, len(rij)))
            rij[plaats:plaats + draw(st.integers(0, 1))] = [draw(vreemd)] * draw(st.integers(0, 1))
        rijen.append(rij)
    scheiding = draw(st.sampled_from([",", ";"] * 3 + ["\t"]))
    einde = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    kopregel = draw(st.one_of(st.just(kop), st.just(kop), st.permutations(kop), st.lists(st.sampled_from(kop + ["vi99"]))))
    return einde.join(scheiding.join(r) for r in [kopregel, *rijen])


@st.composite
def csv_bytes(draw) -> bytes:
    """Een CSV die (bijna) klopt, in een willekeurige codering en met of zonder BOM, of gewoon bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=400))
    tekst = draw(st.one_of(st.just(""), st.just("\ufeff"))) + csv_tekst(draw)
    codering = draw(st.sampled_from(["utf-8"] * 4 + ["utf-16", "utf-16-le", "cp1252"]))
    return tekst.encode(codering, errors="replace")


def test_csv_import_willekeurige_bytes(commando):
    t = commando.traject_nieuw("stos", "Sint-Jozef").id
    p = commando.partner_toevoegen(t, "school", "Sint-Jozef").id

    def aantal() -> int:
        with commando.databank.transactie() as sessie:
            return sessie.scalar(select(func.count()).select_from(AntwoordsetRij))

    @FUZZ
    @given(bestand=csv_bytes())
    def inlezen(bestand):
        try:
            tekst = bestand.decode("utf-8-sig")  # zoals `kansrijk vragenlijst importeer`; anders een eigen melding
        except UnicodeDecodeError:
            return
        voor = aantal()
        try:
            commando.csv_inlezen(t, p, OUDERS, tekst)
        except OngeldigeInvoer as fout:
            assert str(fout) and aantal() == voor
        else:
            assert aantal() == voor + len(lees_csv(tekst, OUDERS))
        geen_half_antwoord(commando.databank)

    inlezen()
