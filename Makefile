# Helpdesk Case — the three commands of README.md.
.PHONY: setup run test lint i18n

setup:
	@bash scripts/setup.sh

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

i18n:
	@bash scripts/i18n_export.sh
