"""De opdrachtregel onder vuur: hypothesis bouwt commando's uit de grammatica van `kansrijk`, met geldige
en vijandige argumenten, en draait ze in het proces (een subproces per voorbeeld is te traag) op SQLite
en PostgreSQL. Altijd exitcode 0, 1 of 2, nooit een traceback, en wat faalt, schreef niets."""

import contextlib
import io
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from diensten import lezen as overzicht
from kansrijk import cli
from opslag.tabellen import Basis

# Wat argv kan dragen: geen NUL (het besturingssysteem kan dat niet doorgeven); wel niet-UTF-8-bytes,
# die Python als 'surrogates' (categorie Cs) binnenkrijgt.
TEKST = st.text(st.characters(blacklist_characters="\x00"), max_size=30)
VIJANDIG = ["", " ", "-1", " 1", "1 ", "+1", "1_0", "０１", "١", "1e3", "0x1", "99999999999999999999",
            "9223372036854775807", "9223372036854775808", "caf\udce9", "a" * 250, "--json", "-", "'; DROP TABLE x"]


def _van(geldig: list[str], *extra: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Meestal een gewone waarde: anders strandt bijna elk commando met een paar argumenten bij het
    # parseren, en komen de commando's zelf (en hun weigeringen) nooit aan de beurt.
    # (st.one_of met dezelfde strategie meermaals kiest ze niet vaker: een dobbelsteen dus.)
    vijandig = st.one_of(st.sampled_from(VIJANDIG), *extra, TEKST)
    return st.integers(0, 9).flatmap(lambda worp: st.sampled_from(geldig) if worp < 9 else vijandig)


GROOT = st.integers(0, 10**25).map(str)  # meestal voorbij 32 en 64 bits
ID = _van(["1", "2", "1", "2", "3"], GROOT)
GETAL = _van(["1", "14", "60", "120", "5"], GROOT, st.sampled_from(["0", "1441", "121", "100000"]))
TIJD = _van(["2026-12-08T14:00", "2027-01-12T10:00", "2026-12-15T09:30", "2026-12-01T10:00+01:00"],
            st.sampled_from(["2026-02-30T10:00", "2027-03-28T02:30", "2026-10-25T02:30", "2026-11-01T10:00",
                             "0001-01-01T10:00", "9999-12-31T23:59", "2199-12-31T23:59", "2026-12-01", "morgen"]))
DATUM = _van(["2027-01-20", "2027-01-27"], st.sampled_from(["2026-12-01", "0001-01-01", "9999-12-31", "2026-13-01"]))
EMAIL = _van(["els@kompas.be", "jan@school.be"], st.sampled_from(["jan.school.be", "a@b", "ä@ö.be", "@",
                                                                   "x@" + "a" * 300 + ".be"]))
PROGRAMMA = _van(["az", "stos"])
SOORT = _van(["school", "lokaal-bestuur", "welzijnspartner", "infosessie", "kennismaking", "intakegesprek",
              "werkmoment", "werkgroep-1", "basisvorming"])
ROL = _van(["directie", "trekker", "werkgroep"])
MANDAAT = _van(["diensthoofd", "schepencollege"])
VRAGENLIJST = _van(["az-school", "az-lokaal-bestuur", "stos-ouders", "stos-werkgroep", "stos-leerlingen"])
STATUS = _van(["wachtend", "verzonden", "mislukt", "vervangen"])
FASE = _van(["aanloopfase", "fase-1", "intake", "schoolfoto", "werkgroepen"])
NAAM = _van(["De Vlinder", "Het Kompas", "Els Peeters", "Ziekte", "Gemeente Zelzate"])


def _optie(naam: str, waarde: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.integers(0, 9).flatmap(lambda worp: waarde.map(lambda w: [naam, w]) if worp < 9 else st.just([]))


def _vlag(naam: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [naam]])


def _commando(*delen) -> st.SearchStrategy[list[str]]:
    """Een commando uit vaste woorden (str) en strategieën die een argument of een lijst opties geven."""
    stukken = [st.just([d]) if isinstance(d, str) else d.map(lambda w: w if isinstance(w, list) else [w])
               for d in delen]
    return st.tuples(*stukken).map(lambda lijsten: [a for lijst in lijsten for a in lijst])


def commandos(bestanden: list[str]) -> st.SearchStrategy[list[str]]:
    bestand = _van(bestanden)
    return st.one_of(
        _commando("traject", "nieuw", _optie("--programma", PROGRAMMA), _optie("--naam", NAAM), _vlag("--json")),
        _commando("traject", "lijst", _vlag("--json")),
        _commando("traject", "toon", ID, _vlag("--json")),
        _commando("traject", st.sampled_from(["pauzeren", "stopzetten"]), ID, _optie("--reden", NAAM)),
        _commando("traject", "hervatten", ID),
        _commando("partner", "toevoegen", ID, _optie("--soort", SOORT), _optie("--naam", NAAM),
                  _optie("--mandaat", MANDAAT), _vlag("--json")),
        _commando("partner", "bevestigen", ID, ID),
        _commando("partner", "mandaat", ID, ID, _optie("--mandaat", MANDAAT)),
        _commando("contact", "toevoegen", ID, ID, _optie("--naam", NAAM), _optie("--email", EMAIL),
                  _optie("--rol", ROL)),
        _commando("train-the-trainer", "inschrijven", ID, ID, _optie("--naam", NAAM), _optie("--email", EMAIL)),
        _commando("moment", "plannen", ID, _optie("--soort", SOORT), _optie("--start", TIJD),
                  _optie("--duur", GETAL), _optie("--locatie", NAAM), _optie("--partner", ID),
                  _optie("--fase", FASE), _vlag("--json")),
        _commando("moment", "verplaatsen", ID, ID, _optie("--start", TIJD), _optie("--duur", GETAL)),
        _commando("moment", "gehouden", ID, ID, _vlag("--forceer"), _optie("--reden", NAAM)),
        _commando("moment", "annuleren", ID, ID, _optie("--reden", NAAM)),
        _commando("fase", "volgende", ID, _vlag("--forceer"), _optie("--reden", NAAM), _vlag("--json")),
        _commando("ronde", "toon", ID, _vlag("--json")),
        _commando("ronde", "doel", ID, ID, _optie("--vragenlijst", VRAGENLIJST), _optie("--aantal", GETAL)),
        _commando("ronde", "verlengen", ID, _optie("--tot", DATUM)),
        _commando("vragenlijst", "link", ID, ID, _optie("--vragenlijst", VRAGENLIJST), _optie("--contact", ID),
                  _optie("--dagen", GETAL)),
        _commando("vragenlijst", "importeer", ID, ID, bestand, _optie("--vragenlijst", VRAGENLIJST)),
        _commando("vragenlijst", "toon", VRAGENLIJST, _vlag("--json")),
        _commando("programma", "toon", PROGRAMMA, _vlag("--json")),
        _commando("agenda", ID, _vlag("--json")),
        _commando("berichten", "lijst", _optie("--status", STATUS), _optie("--traject", ID), _vlag("--json")),
        _commando("web", "--poort", st.sampled_from(["70000", "-1", " 80", "٨٠"])),  # alleen foute: geen server
    )


def _met_hoofdopties(commando: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(_optie("--nu", TIJD), _optie("--door", NAAM), commando).map(lambda d: [*d[0], *d[1], *d[2]])


def _dump(databank) -> list:
    with databank.transactie() as sessie:
        return [sorted(map(repr, sessie.execute(select(t)).all())) for t in Basis.metadata.sorted_tables]


def _draai(argumenten: list[str]) -> tuple[int, str]:
    fouten = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(fouten):
        code = cli.uitvoeren(argumenten)
    return code, fouten.getvalue()


@pytest.fixture
def cli_op(databank, tmp_path, monkeypatch):
    """De CLI op de testdatabank, met twee trajecten om op te schieten: A-Z met een school en een moment,
    STOS in de schoolfoto met een open vragenlijstronde."""
    monkeypatch.setenv("KANSRIJK_DATABASE_URL", databank.url)
    monkeypatch.setenv("KANSRIJK_DATA_DIR", str(tmp_path))
    for regel in [
        ["traject", "nieuw", "--programma", "az", "--naam", "Gent"],
        ["partner", "toevoegen", "1", "--soort", "school", "--naam", "De Vlinder"],
        ["contact", "toevoegen", "1", "1", "--naam", "Els", "--email", "els@vlinder.be", "--rol", "directie"],
        ["moment", "plannen", "1", "--soort", "infosessie", "--start", "2026-12-08T14:00"],
        ["traject", "nieuw", "--programma", "stos", "--naam", "De Klimop"],
        ["partner", "toevoegen", "2", "--soort", "school", "--naam", "De Klimop"],
        ["partner", "bevestigen", "2", "2"],
        ["contact", "toevoegen", "2", "2", "--naam", "Wim", "--email", "wim@klimop.be", "--rol", "werkgroep"],
        ["fase", "volgende", "2"],
        ["fase", "volgende", "2", "--forceer", "--reden", "fuzz"],
    ]:
        assert _draai(["--nu", "2026-11-25T10:00", *regel])[0] == 0, regel
    csv = tmp_path / "ouders.csv"
    csv.write_text("ouders-1\n3\n", encoding="utf-8")
    kapot = tmp_path / "kapot.csv"
    kapot.write_bytes(b"\xff\xfe\x00kapot")
    return databank, [str(csv), str(kapot), str(tmp_path), str(tmp_path / "weg.csv")]


def test_elk_commando_geeft_0_1_of_2_zonder_traceback_en_een_fout_schrijft_niets(cli_op):
    databank, bestanden = cli_op
    uitkomsten = Counter()

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(_met_hoofdopties(commandos(bestanden)))
    # De crashers van vroeger lopen altijd mee.
    @example(["traject", "toon", "99999999999999999999"])
    @example(["traject", "toon", "2147483648"])  # INTEGER op PostgreSQL
    @example(["partner", "bevestigen", "1", " 1"])
    @example(["traject", "toon", "１"])
    @example(["moment", "plannen", "1", "--soort", "infosessie", "--start", "0001-01-01T10:00"])
    @example(["moment", "plannen", "1", "--soort", "infosessie", "--start", "9999-12-31T23:59"])
    @example(["--nu", "9999-12-31T23:59", "traject", "lijst"])
    @example(["--nu", "", "moment", "gehouden", "1", "1"])
    @example(["traject", "nieuw", "--programma", "az", "--naam", "caf\udce9"])
    def eigenschap(argumenten):
        voor = _dump(databank)
        code, fouten = _draai(argumenten)
        uitkomsten[code] += 1
        assert code in (0, 1, 2), (argumenten, fouten)
        assert "Traceback" not in fouten, (argumenten, fouten)
        if code:
            assert fouten.startswith("Fout: "), (argumenten, fouten)
            assert _dump(databank) == voor, argumenten
        if code == 2:  # één regel; een CSV-fout somt daaronder elke fout op, per rij en kolom
            opsomming = fouten.splitlines()[1:]
            assert all(r.startswith("  - ") for r in opsomming), (argumenten, fouten)
            assert not opsomming or "importeer" in argumenten, (argumenten, fouten)

    eigenschap()
    print(f"exitcodes: {dict(sorted(uitkomsten.items()))}")  # met pytest -s
    # Niet alleen parseerfouten: de fuzzer kwam ook tot gelukte commando's en weigeringen.
    assert {0, 1, 2} <= uitkomsten.keys(), uitkomsten


def test_een_onverwachte_fout_geeft_exitcode_3_en_de_details_in_het_logboek(tmp_path, monkeypatch):
    monkeypatch.setenv("KANSRIJK_DATA_DIR", str(tmp_path))

    def kapot(*_args, **_kw):
        raise RuntimeError("een bug")

    monkeypatch.setattr(overzicht, "trajecten", kapot)
    code, fouten = _draai(["traject", "lijst"])
    log = tmp_path / "kansrijk.log"
    assert (code, fouten) == (3, f"Fout: er ging onverwacht iets mis in Kansrijk (exitcode 3). De details staan in {log}.\n")
    inhoud = log.read_text(encoding="utf-8")
    assert "kansrijk 'traject' 'lijst'" in inhoud and "RuntimeError: een bug" in inhoud and "Traceback" in inhoud


def test_zonder_bruikbare_gegevensmap_gaat_het_logboek_naar_de_tijdelijke_map(tmp_path, monkeypatch):
    bestand = tmp_path / "bestand"
    bestand.write_text("")
    monkeypatch.setenv("KANSRIJK_DATA_DIR", str(bestand / "kansrijk"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)  # tempfile leest TMPDIR opnieuw
    monkeypatch.setattr(cli.Omgeving, "databank", property(lambda _: 1 / 0))
    code, fouten = _draai(["traject", "lijst"])
    assert code == 3 and f"De details staan in {tmp_path / 'tmp' / 'kansrijk.log'}." in fouten
    assert "ZeroDivisionError" in (tmp_path / "tmp" / "kansrijk.log").read_text(encoding="utf-8")
