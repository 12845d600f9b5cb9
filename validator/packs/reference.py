"""Generate docs/rules.md, the rule reference, from the bundled packs and the kinds.

    python -m validator.packs.reference > docs/rules.md

A test fails when the committed file differs from what this prints.
"""

from __future__ import annotations

import sys
from dataclasses import MISSING, fields

from validator.checks import KINDS
from validator.packs.explain import describe_editions, explain
from validator.packs.loading import load_packs, pack_paths


def render() -> str:
    packs, problems = load_packs(pack_paths())
    if problems:
        raise SystemExit(f"the bundled packs have errors: {problems[0]}")
    out = [
        "# Rule reference",
        "",
        "Generated from `rules/*.yaml` by `python -m validator.packs.reference`; do not edit.",
        "Rules apply by survey and by edition range (the methodology eras); a rule that does not",
        "apply to a document is not evaluated.",
        "",
    ]
    out += [
        "## Methodology eras",
        "",
        "Rules limited to some editions or to one scale convention:",
        "",
        "| rule | editions | when |",
        "| --- | --- | --- |",
    ]
    for pack in sorted(packs, key=lambda p: p.name):
        for rule in sorted(pack.rules, key=lambda r: r.id):
            spec = rule.rule
            if spec.editions.first is None and spec.editions.last is None and not spec.when:
                continue
            when = ", ".join(
                f"{c.field} = {c.equals}"
                if c.equals is not None
                else f"{c.field} {'present' if c.present else 'absent'}"
                for c in spec.when
            )
            editions = describe_editions(spec.editions.first, spec.editions.last)
            out.append(f"| {rule.qualified_id} | {editions} | {when} |")
    out.append("")
    for pack in sorted(packs, key=lambda p: (not p.spec.surveys, p.name)):
        out += [f"## {pack.name}", "", pack.spec.summary.strip(), ""]
        for rule in sorted(pack.rules, key=lambda r: r.id):
            page = explain(pack, rule).rstrip("\n").splitlines()
            out += [f"### {page[0]}", "", "```text", *page[2:], "```", ""]
    out += ["## Check kinds", ""]
    for name, kind in KINDS.items():
        out += [f"### {name}", "", "```text", (kind.__doc__ or "").strip(), "```", ""]
        out += ["Parameters (`params:`), in full:", "", *_parameters(kind.Params), ""]
    return "\n".join(out)


def _parameters(params: type) -> list[str]:
    """One line per field of a kind's Params: name, type, and default when it has one."""
    lines = []
    for field in fields(params):
        if field.default is not MISSING:
            default = f" (default `{field.default!r}`)"
        elif field.default_factory is not MISSING:
            default = f" (default `{field.default_factory()!r}`)"
        else:
            default = " (required)"
        lines.append(f"- `{field.name}`: `{field.type}`{default}")
    return lines


if __name__ == "__main__":
    sys.stdout.write(render())
