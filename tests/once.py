"""Tests whose result cannot depend on the database run once, on the SQLite pass of `make test`, and are
skipped on the PostgreSQL pass, to keep CI within its 20 minutes: the sweeps over every page in a browser
(axe, 320 px, the content-security policy), which read HTML, and the production-server headers, whose server
keeps its own SQLite database whichever the suite uses; the catalogue checks, which read files; the pure maths
of accord.analytics (no Django at all); and the API schema's own document and reference pages. Every other test
runs on both."""

import os

import pytest

ONCE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs once, on the SQLite pass (what it checks does not depend on the database)")
