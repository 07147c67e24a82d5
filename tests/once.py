"""Tests whose result cannot depend on the database run once, on the SQLite pass of `make test`, and are
skipped on the PostgreSQL pass, to keep CI within its 20 minutes: every browser test (tests/e2e: what the browser does is the same on
either database, and each flow's server side is tested on both by the page and API tests), among them the sweeps
over every page (axe, 320 px, the content-security policy), and the production-server headers, whose server
keeps its own SQLite database whichever the suite uses; the catalogue checks, which read files; the pure maths
of accord.analytics (no Django at all); and the API schema's own document and reference pages. Every other test
runs on both."""

import os

import pytest

ONCE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs once, on the SQLite pass (what it checks does not depend on the database)")
