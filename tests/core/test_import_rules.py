"""The house plan's import rules (/work/shared/design/architecture.md), checked with import-linter.

The contracts live in pyproject.toml ([tool.importlinter]): the floors (nothing imports a higher floor),
no import circle between any two modules or packages of Accord at any depth (a deferred import inside
a function counts: it is how circles hide), and the API never importing a page's view. `lint-imports`
runs the same contracts from the command line. When this fails, the report above the assertion names
the imports to remove; break a circle with a registration in AppConfig.ready() (see core/registry.py,
lib/queue.Later) or by moving the shared code down a floor, never by importing by name.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

from accord.core import policy
from accord.partners.models import Role

ROOT = Path(__file__).resolve().parents[2]
configuration.configure()  # what the lint-imports command does first


def test_accord_keeps_its_import_rules():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True), \
        "an import breaks the house plan: see the report above"


def test_the_contract_kinds_catch_a_circle_and_an_upward_import(tmp_path, monkeypatch):
    """The same kinds of contract, on a tiny package that breaks both rules, fail (so the test above
    cannot pass by checking nothing)."""
    pkg = tmp_path / "house"
    pkg.mkdir()
    for name in ("__init__", "low", "high", "a", "b"):
        (pkg / f"{name}.py").write_text("")
    (pkg / "high.py").write_text("from house import low\n")
    (pkg / "a.py").write_text("from house import b\n")
    (tmp_path / "cfg.toml").write_text(textwrap.dedent("""
        [tool.importlinter]
        root_packages = ["house"]
        [[tool.importlinter.contracts]]
        name = "floors"
        type = "layers"
        layers = ["house.high", "house.low"]
        [[tool.importlinter.contracts]]
        name = "circles"
        type = "acyclic_siblings"
        ancestors = ["house"]
    """))
    monkeypatch.syspath_prepend(str(tmp_path))

    def kept() -> bool:
        return lint_imports(config_filename=str(tmp_path / "cfg.toml"), cache_dir=None, no_logo=True)

    assert kept()  # downward and one-way imports are fine
    (pkg / "b.py").write_text("from house import a\n")
    assert not kept()  # a circle
    (pkg / "b.py").write_text("")
    (pkg / "low.py").write_text("def f():\n    from house import high\n")
    assert not kept()  # an upward import, even deferred inside a function


def test_the_policys_role_names_are_partners_roles():
    """core.policy names the roles without importing partners (that would be a circle)."""
    assert (policy.MANAGER, policy.LEADER, policy.STAFF, policy.FUNDER) == (
        Role.MANAGER, Role.LEADER, Role.STAFF, Role.FUNDER)
    assert {value for value, _ in Role.CHOICES} == {policy.MANAGER, policy.LEADER, policy.STAFF, policy.FUNDER}


DOMAINS = ("charter", "delivery", "governance", "trust", "library", "mailing", "health")


def test_a_domain_reads_another_domain_only_through_its_selectors():
    """Floor 3 and health read another domain through that domain's selectors.py (the API, reports and
    the demo, on top, may also call its services). Each domain that others read has a selectors.py."""
    import grimp

    graph = grimp.build_graph("accord", exclude_type_checking_imports=True)
    wrong = []
    for reader in DOMAINS:
        for module in graph.find_descendants(f"accord.{reader}") | {f"accord.{reader}"}:
            for imported in graph.find_modules_directly_imported_by(module):
                parts = imported.split(".")
                if len(parts) > 1 and parts[1] in DOMAINS and parts[1] != reader and imported != f"accord.{parts[1]}.selectors":
                    wrong.append(f"{module} -> {imported}")
    assert not wrong, f"read another domain through its selectors: {sorted(wrong)}"
    for app in DOMAINS:
        assert (ROOT / "src" / "accord" / app / "selectors.py").exists(), f"{app} has no selectors.py"
