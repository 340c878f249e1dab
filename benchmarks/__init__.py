"""Meetscripts voor de engine (geen tests: pytest verzamelt alleen `tests/`). Zie README.md."""
