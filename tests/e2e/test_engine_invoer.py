"""Verkeerde invoer voor `kansrijk engine`: een Nederlandse melding, exitcode 2, geen traceback,
en geweigerd voordat Prefect start."""

import pytest

from tests.e2e.test_cli import kansrijk


@pytest.mark.parametrize(
    ("argumenten", "omgeving", "melding"),
    [
        (["engine", "--nu", "2027-01-04T09:00"], {}, "Fout: De optie --nu gaat alleen samen met --eenmalig."),
        (["engine", "--eenmalig", "--nu", "2027-02-30T09:00"], {}, "Fout: Ongeldig tijdstip '2027-02-30T09:00'"),
        (["engine", "--eenmalig", "--nu", "2027-03-28T02:30"], {}, "bestaat niet in Europe/Brussels"),
        (["engine", "--eenmalig"], {"KANSRIJK_DATABASE_URL": "postgresql://niemand@127.0.0.1:1/kansrijk"},
         "Fout: De databank"),
        (["engine", "--eenmalig"], {"KANSRIJK_SMTP_PORT": "vijfentwintig"}, "Fout: ongeldige instelling KANSRIJK_SMTP_PORT: een poort van 1 tot 65535, niet 'vijfentwintig'."),
    ],
)
def test_engine_weigert_verkeerde_invoer(tmp_path, argumenten, omgeving, melding):
    uitkomst = kansrijk(tmp_path, *argumenten, **omgeving)
    assert uitkomst.returncode == 2
    assert melding in uitkomst.stderr and "Traceback" not in uitkomst.stderr
    assert len(uitkomst.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "postvak").exists()
