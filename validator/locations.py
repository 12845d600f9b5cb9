"""Where the bundled rule packs and schemas are: inside the installed package, or at the top
of a source checkout (rules/ and schemas/ are mapped into the package when it is built)."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """`rules` or `schemas`."""
    here = Path(__file__).resolve().parent
    installed = here / name
    return installed if installed.is_dir() else here.parent / name
