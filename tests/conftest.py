"""Shared test set-up: hypothesis profiles and the engine with the bundled packs.

Profiles: `ci` (deterministic: derandomized, no deadline, no example database; chosen
automatically when CI is set, as .ci/run does), `dev` (the default, random, 100 examples)
and `thorough` (1,000 examples). Select one with HYPOTHESIS_PROFILE.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from validator.engine import Engine
from validator.packs.loading import RulePack, load_packs, pack_paths

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=150,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# folders a helper makes outside a test's tmp_path (a pack per hypothesis example): below
# one folder of this process, removed when it ends
SCRATCH = Path(tempfile.mkdtemp(prefix="report-validator-tests-"))
atexit.register(shutil.rmtree, SCRATCH, True)
# the cache of loaded packs (validator/packs/cache.py) of the suite's runs, and of the
# command-line processes it starts, is its own: never the user's ~/.cache
os.environ["XDG_CACHE_HOME"] = str(SCRATCH / "cache")
os.environ.pop("REPORT_VALIDATOR_NO_CACHE", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def packs() -> list[RulePack]:
    loaded, problems = load_packs(pack_paths())
    assert problems == []
    return loaded


@pytest.fixture(scope="session")
def engine(packs: list[RulePack]) -> Engine:
    return Engine(packs)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that skips when ../shared is absent is marked `shared`, from its skip's reason
    (every such skip says "../shared"): `.ci/run` runs the whole suite in a copy with nothing
    beside it, then `-m shared` beside ../shared, so every test runs once, none forgotten."""
    for item in items:
        if any(
            "../shared" in str(mark.kwargs.get("reason", ""))
            for mark in item.iter_markers("skipif")
        ):
            item.add_marker(pytest.mark.shared)
