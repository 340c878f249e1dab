"""De schoolkalender tegen gepubliceerde Vlaamse vakantiedata (bron bij elke test)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domein.schoolkalender import (
    Vakantie,
    schooljaar_van,
    vakanties,
    volgende_schooldag,
    vrij,
)


def _dag(naam: str, dag: date) -> Vakantie:
    return Vakantie(naam, dag, dag)


def _paasvakantie(schooljaar: int) -> Vakantie:
    (paas,) = [v for v in vakanties(schooljaar) if v.naam == "paasvakantie"]
    return paas


def test_gepubliceerde_data_2022_2023():
    # Bron: https://www.ptsmechelen.be/over-onze-school/vakanties-en-vrije-dagen.html
    # (kerstdag 2022 op zondag: kerstvakantie vanaf maandag 26 december)
    assert vakanties(2022) == (
        Vakantie("herfstvakantie", date(2022, 10, 31), date(2022, 11, 6)),
        _dag("Wapenstilstand", date(2022, 11, 11)),
        Vakantie("kerstvakantie", date(2022, 12, 26), date(2023, 1, 8)),
        Vakantie("krokusvakantie", date(2023, 2, 20), date(2023, 2, 26)),
        Vakantie("paasvakantie", date(2023, 4, 3), date(2023, 4, 16)),
        _dag("Dag van de Arbeid", date(2023, 5, 1)),
        _dag("Hemelvaart", date(2023, 5, 18)),
        _dag("brugdag na Hemelvaart", date(2023, 5, 19)),
        _dag("Pinkstermaandag", date(2023, 5, 29)),
        Vakantie("zomervakantie", date(2023, 7, 1), date(2023, 8, 31)),
    )


def test_gepubliceerde_data_2024_2025():
    # Bron: https://pro.katholiekonderwijs.vlaanderen/schoolkalender, schooljaar 2024-2025
    # (Pasen 20 april 2025: "paasvakantie van maandag 7 tot en met maandag 21 april")
    assert vakanties(2024) == (
        Vakantie("herfstvakantie", date(2024, 10, 28), date(2024, 11, 3)),
        _dag("Wapenstilstand", date(2024, 11, 11)),
        Vakantie("kerstvakantie", date(2024, 12, 23), date(2025, 1, 5)),
        Vakantie("krokusvakantie", date(2025, 3, 3), date(2025, 3, 9)),
        Vakantie("paasvakantie", date(2025, 4, 7), date(2025, 4, 21)),
        _dag("Dag van de Arbeid", date(2025, 5, 1)),
        _dag("Hemelvaart", date(2025, 5, 29)),
        _dag("brugdag na Hemelvaart", date(2025, 5, 30)),
        _dag("Pinkstermaandag", date(2025, 6, 9)),
        Vakantie("zomervakantie", date(2025, 7, 1), date(2025, 8, 31)),
    )


def test_gepubliceerde_data_2025_2026():
    # Bronnen: https://www.staproeselare.be/info/vakanties-en-vrije-dagen en
    # https://bloesem-driesprong.be/vakanties-en-vrije-dagen-2020-2021/ (schooljaar 2025-2026)
    assert vakanties(2025) == (
        Vakantie("herfstvakantie", date(2025, 10, 27), date(2025, 11, 2)),
        _dag("Wapenstilstand", date(2025, 11, 11)),
        Vakantie("kerstvakantie", date(2025, 12, 22), date(2026, 1, 4)),
        Vakantie("krokusvakantie", date(2026, 2, 16), date(2026, 2, 22)),
        Vakantie("paasvakantie", date(2026, 4, 6), date(2026, 4, 19)),
        _dag("Dag van de Arbeid", date(2026, 5, 1)),
        _dag("Hemelvaart", date(2026, 5, 14)),
        _dag("brugdag na Hemelvaart", date(2026, 5, 15)),
        _dag("Pinkstermaandag", date(2026, 5, 25)),
        Vakantie("zomervakantie", date(2026, 7, 1), date(2026, 8, 31)),
    )


def test_pasen_in_maart_paasvakantie_vanaf_maandag_na_pasen():
    # Pasen 31 maart 2024: 1 tot en met 14 april (pro.katholiekonderwijs.vlaanderen/schoolkalender).
    assert _paasvakantie(2023) == Vakantie("paasvakantie", date(2024, 4, 1), date(2024, 4, 14))
    # Pasen 23 maart 2008: 24 maart tot 6 april, krokus 4-10 februari
    # (http://www.2747.com/2747/law/administration/schoolholidays/2001/vlaanderen7.html).
    assert _paasvakantie(2007) == Vakantie("paasvakantie", date(2008, 3, 24), date(2008, 4, 6))
    assert Vakantie("krokusvakantie", date(2008, 2, 4), date(2008, 2, 10)) in vakanties(2007)


def test_pasen_na_15_april_paasvakantie_vanaf_2de_maandag_ervoor_tot_paasmaandag():
    # Pasen 21 april 2019: "8 april 2019 tot en met Paasmaandag 22 april 2019", krokus 4-10 maart
    # (https://www.schoolbeitem.be/praktisch/verlofkalender).
    assert _paasvakantie(2018) == Vakantie("paasvakantie", date(2019, 4, 8), date(2019, 4, 22))
    assert Vakantie("krokusvakantie", date(2019, 3, 4), date(2019, 3, 10)) in vakanties(2018)
    assert vrij(date(2019, 4, 22)) == "paasvakantie"
    assert volgende_schooldag(date(2019, 4, 22)) == date(2019, 4, 23)


def test_herfstvakantie_als_1_november_op_zondag_valt():
    # 1 november 2009 was een zondag: herfstvakantie 2 tot 8 november (bron 2747.com hierboven).
    assert vakanties(2009)[0] == Vakantie("herfstvakantie", date(2009, 11, 2), date(2009, 11, 8))
    assert vrij(date(2009, 10, 30)) is None


def test_kerstvakantie_als_kerstdag_op_zaterdag_valt():
    # 25 december 2021 was een zaterdag: 27 december tot 9 januari
    # (https://www.sint-donaas.be/vakantiedagen/).
    assert Vakantie("kerstvakantie", date(2021, 12, 27), date(2022, 1, 9)) in vakanties(2021)
    assert vrij(date(2021, 12, 24)) is None


def test_weekend():
    assert vrij(date(2025, 10, 4)) == "weekend"  # zaterdag
    assert vrij(date(2025, 10, 5)) == "weekend"  # zondag
    assert vrij(date(2025, 10, 3)) is None  # vrijdag
    assert vrij(date(2025, 10, 6)) is None  # maandag
    # In een vakantie zegt de naam van de vakantie meer dan "weekend".
    assert vrij(date(2025, 12, 27)) == "kerstvakantie"


def test_hemelvaart_en_de_dag_erna():
    assert vrij(date(2026, 5, 13)) is None
    assert vrij(date(2026, 5, 14)) == "Hemelvaart"
    assert vrij(date(2026, 5, 15)) == "brugdag na Hemelvaart"
    assert volgende_schooldag(date(2026, 5, 14)) == date(2026, 5, 18)


def test_hemelvaart_op_1_mei():
    # 2008: Hemelvaart viel op 1 mei, vrij "1 en 2 mei" (bron 2747.com hierboven).
    assert vrij(date(2008, 5, 1)) in {"Dag van de Arbeid", "Hemelvaart"}
    assert vrij(date(2008, 5, 2)) == "brugdag na Hemelvaart"
    assert volgende_schooldag(date(2008, 5, 1)) == date(2008, 5, 5)


def test_volgende_schooldag_slaat_een_hele_vakantie_over():
    # Kerstvakantie 2025: maandag 22 december tot en met zondag 4 januari 2026.
    assert volgende_schooldag(date(2025, 12, 19)) == date(2025, 12, 19)  # vrijdag: schooldag
    assert volgende_schooldag(date(2025, 12, 20)) == date(2026, 1, 5)  # zaterdag ervoor
    assert volgende_schooldag(date(2025, 12, 31)) == date(2026, 1, 5)
    # Krokusvakantie 2026: 16 tot en met 22 februari.
    assert volgende_schooldag(date(2026, 2, 16)) == date(2026, 2, 23)


def test_volgende_schooldag_na_de_zomer():
    # Wettelijke eerste schooldag: 1 september, of de maandag erna als die in het weekend valt
    # (https://www.vlaanderen.be/onderwijs-en-vorming/vakantie-ziekte-en-afwezigheid/
    # schoolvakanties-en-vrije-dagen-op-school).
    assert volgende_schooldag(date(2026, 7, 1)) == date(2026, 9, 1)  # dinsdag
    assert volgende_schooldag(date(2024, 6, 29)) == date(2024, 9, 2)  # 1 september: zondag
    assert volgende_schooldag(date(2029, 8, 15)) == date(2029, 9, 3)  # 1 september: zaterdag


def test_schooljaar_van_rond_de_grens():
    assert schooljaar_van(date(2026, 8, 31)) == 2025
    assert schooljaar_van(date(2026, 9, 1)) == 2026
    assert schooljaar_van(date(2026, 1, 1)) == 2025
    assert schooljaar_van(date(2025, 12, 31)) == 2025
    # De zomervakantie hoort bij het schooljaar dat ze afsluit.
    assert vrij(date(2026, 8, 31)) == "zomervakantie"
    assert vrij(date(2026, 9, 1)) is None


def test_vakanties_gesorteerd_binnen_het_schooljaar_en_gecachet():
    for jaar in range(2020, 2061):
        lijst = vakanties(jaar)
        assert list(lijst) == sorted(lijst, key=lambda v: (v.van, v.tot))
        assert all(date(jaar, 9, 1) <= v.van <= v.tot <= date(jaar + 1, 8, 31) for v in lijst)
        assert all(schooljaar_van(v.van) == jaar for v in lijst)
    assert vakanties(2025) is vakanties(2025)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2060, 12, 31)))
def test_volgende_schooldag_is_de_eerste_dag_zonder_reden_om_vrij_te_zijn(dag):
    schooldag = volgende_schooldag(dag)
    assert schooldag >= dag
    assert vrij(schooldag) is None
    tussen = dag
    while tussen < schooldag:
        assert vrij(tussen) is not None
        tussen += timedelta(days=1)
