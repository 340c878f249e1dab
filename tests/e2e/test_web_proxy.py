"""`kansrijk web` als proces achter een proxy: X-Forwarded-For telt alleen van een adres uit
KANSRIJK_VERTROUWDE_PROXIES, ook niet van 127.0.0.1 zonder die instelling (uvicorn zou dat standaard doen)."""

import httpx
import pytest


@pytest.fixture(params=["", "127.0.0.1"])
def proxies(request, monkeypatch):
    monkeypatch.setenv("KANSRIJK_VERTROUWDE_PROXIES", request.param)
    return request.param


def test_de_rem_telt_per_bezoeker_alleen_achter_een_vertrouwde_proxy(proxies, webserver):
    antwoorden = [
        httpx.get(f"http://127.0.0.1:{webserver}/v/gok{i}", headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
        for i in range(11)
    ]
    # Achter de proxy is elke gok van een andere bezoeker; zonder instelling van hetzelfde adres.
    assert antwoorden == ([404] * 11 if proxies else [404] * 10 + [429])
