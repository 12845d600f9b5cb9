"""What `pip install .` ships: every package of the source tree (a package missing from
pyproject.toml works in the checkout and fails for every user who installs)."""

from __future__ import annotations

import tomllib

from .conftest import ROOT


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "validator").rglob("__init__.py")
    }
    assert found <= listed, f"not shipped: {sorted(found - listed)}"
