"""Het importcontract van ARCHITECTURE.md, nagekeken op de broncode (ast, dus ook imports binnen
functies en onder TYPE_CHECKING): de afhankelijkheden wijzen naar binnen, er is geen kring tussen
modules of pakketten, en een lang bestand zegt waarom."""

import ast
from pathlib import Path

import pytest

WORTEL = Path(__file__).resolve().parents[2]

# Van buiten naar binnen: een pakket importeert alleen zijn eigen laag of een laag verder naar binnen.
LAGEN = (
    ("kansrijk",),  # CLI, webpagina's, demo
    ("workflows",),  # de engine en de Prefect-flows
    ("opstart",),  # de enige opstart: zet de adapters en de dienstlaag samen
    ("opslag", "notificaties"),  # adapters: de databank, de berichten
    ("diensten",),  # use cases, eenheid van werk, leesmodellen
    ("domein",),  # puur: beslissingen zonder I/O
    ("config",),  # instellingen, programma's en vragenlijsten
)
LAAG = {pakket: diepte for diepte, pakketten in enumerate(LAGEN) for pakket in pakketten}

# Nog niet omgekeerd (issue 9, zie ARCHITECTURE.md): de dienstlaag schrijft en leest zelf met de
# SQLAlchemy-tabellen en zet berichten klaar via de Post, in plaats van via poorten die de adapters
# invullen. Deze lijst mag alleen krimpen: een nieuwe uitzondering faalt, een opgeloste ook (schrap ze).
NOG_NAAR_BUITEN: set[tuple[str, str]] = {
    ("diensten.antwoorden", "opslag.databank"),
    ("diensten.antwoorden", "opslag.tabellen"),
    ("diensten.commandos", "notificaties.post"),
    ("diensten.commandos", "notificaties.sjabloon"),
    ("diensten.commandos", "opslag.databank"),
    ("diensten.commandos", "opslag.tabellen"),
    ("diensten.eenheid", "notificaties.post"),
    ("diensten.eenheid", "opslag.bewaren"),
    ("diensten.eenheid", "opslag.databank"),
    ("diensten.eenheid", "opslag.tabellen"),
    ("diensten.formulier", "opslag.databank"),
    ("diensten.formulier", "opslag.tabellen"),
    ("diensten.lezen", "notificaties.verval"),
    ("diensten.lezen", "opslag.databank"),
    ("diensten.lezen", "opslag.tabellen"),
    ("diensten.lezen.engine", "opslag.databank"),
    ("diensten.lezen.engine", "opslag.tabellen"),
    ("diensten.lezen.timers", "opslag.tabellen"),
    ("diensten.links", "opslag.tabellen"),
    ("diensten.ronde", "opslag.tabellen"),
    ("diensten.timers", "notificaties.outbox"),
    ("diensten.timers", "opslag.tabellen"),
}

MAX_REGELS = 300
REDEN = "Waarom zo lang:"  # in de openingscommentaar van een langer bestand


def _modules() -> dict[str, Path]:
    modules = {}
    for pakket in LAAG:
        for pad in (WORTEL / pakket).rglob("*.py"):
            if "migraties" in pad.parts:  # alembic laadt ze als losse scripts
                continue
            delen = pad.relative_to(WORTEL).with_suffix("").parts
            modules[".".join(delen[:-1] if delen[-1] == "__init__" else delen)] = pad
    return modules


MODULES = _modules()


def _imports(naam: str, pad: Path) -> set[str]:
    """De modules van ons die `naam` importeert, waar ook in het bestand."""
    pakket = naam if pad.name == "__init__.py" else naam.rpartition(".")[0]
    gevonden = set()
    for knoop in ast.walk(ast.parse(pad.read_text(), str(pad))):
        if isinstance(knoop, ast.Import):
            gevonden |= {a.name for a in knoop.names}
        elif isinstance(knoop, ast.ImportFrom):
            basis = knoop.module or ""
            if knoop.level:
                ouder = pakket.split(".")[: len(pakket.split(".")) - knoop.level + 1]
                basis = ".".join([*ouder, *([basis] if basis else [])])
            gevonden.add(basis)
            gevonden |= {f"{basis}.{a.name}" for a in knoop.names}
    # `from domein import traject` importeert de module domein.traject; anders telt het pakket.
    return {g for g in gevonden if g in MODULES and g != naam}


GRAAF = {naam: _imports(naam, pad) for naam, pad in MODULES.items()}


def _pakket(module: str) -> str:
    return module.partition(".")[0]


def _kringen(graaf: dict[str, set[str]]) -> list[list[str]]:
    """De sterk samenhangende delen met meer dan één knoop (Tarjan), of één knoop die zichzelf importeert."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    kringen = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in sorted(graaf.get(v, ())):
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            deel = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                deel.append(w)
                if w == v:
                    break
            if len(deel) > 1 or v in graaf.get(v, ()):
                kringen.append(sorted(deel))

    for v in sorted(graaf):
        if v not in index:
            bezoek(v)
    return kringen


def _naar_buiten() -> set[tuple[str, str]]:
    return {(a, b) for a, doelen in GRAAF.items() for b in doelen if LAAG[_pakket(b)] < LAAG[_pakket(a)]}


def test_het_contract_kent_alle_pakketten():
    pakketten = {p.name for p in WORTEL.iterdir() if (p / "__init__.py").exists()} - {"tests", "benchmarks"}
    assert pakketten == set(LAAG)
    assert len(MODULES) > 40  # de ast-lezer vond de modules echt


def test_domein_importeert_alleen_domein_en_config():
    fout = {(a, b) for a, doelen in GRAAF.items() if _pakket(a) == "domein"
            for b in doelen if _pakket(b) not in ("domein", "config")}
    assert not fout


def test_config_importeert_niets_van_ons_buiten_config():
    assert not {(a, b) for a, doelen in GRAAF.items() if _pakket(a) == "config" for b in doelen
                if _pakket(b) != "config"}


def test_afhankelijkheden_wijzen_naar_binnen():
    nieuw = _naar_buiten() - NOG_NAAR_BUITEN
    assert not nieuw, "Import naar een buitenste laag:\n" + "\n".join(f"{a} -> {b}" for a, b in sorted(nieuw))


def test_de_lijst_van_uitzonderingen_krimpt_mee():
    opgelost = NOG_NAAR_BUITEN - _naar_buiten()
    assert not opgelost, "Niet meer nodig, schrap uit NOG_NAAR_BUITEN:\n" + "\n".join(map(str, sorted(opgelost)))


def test_geen_kring_tussen_modules():
    assert not _kringen(GRAAF)


def test_geen_kring_tussen_pakketten():
    pakketten: dict[str, set[str]] = {}
    for a, doelen in GRAAF.items():
        pakketten.setdefault(_pakket(a), set()).update(_pakket(b) for b in doelen if _pakket(b) != _pakket(a))
    assert not _kringen(pakketten)


@pytest.mark.parametrize("graaf, kring", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"a"}}, [["a"]]),
])
def test_de_kringzoeker_zelf(graaf, kring):
    assert _kringen(graaf) == kring


def test_type_checking_imports_tellen_mee(tmp_path):
    bron = tmp_path / "x.py"
    bron.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from domein.model import Traject\n")
    assert "domein.model" in _imports("kansrijk.x", bron)


def test_een_lang_bestand_zegt_waarom():
    te_lang = []
    for naam, pad in MODULES.items():
        regels = pad.read_text().count("\n")
        if regels > MAX_REGELS and REDEN not in (ast.get_docstring(ast.parse(pad.read_text())) or ""):
            te_lang.append(f"{naam}: {regels} regels")
    assert not te_lang, f"Meer dan {MAX_REGELS} regels zonder '{REDEN}' in de docstring:\n" + "\n".join(te_lang)
