from tests.integratie.conftest import pg_url  # noqa: F401  (dezelfde testdatabank op PostgreSQL)
