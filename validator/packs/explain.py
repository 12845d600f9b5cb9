"""A rule's documentation page, as `rules explain` prints it and docs/rules.md collects it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from validator.arithmetic import to_text
from validator.packs.loading import CompiledRule, RulePack
from validator.rulepack.build import to_plain


def explain(pack: RulePack, rule: CompiledRule) -> str:
    spec = rule.rule
    editions = spec.editions
    applies = describe_editions(editions.first, editions.last)
    if spec.when:
        conditions = ", ".join(
            f"{c.field} {'is ' + repr(c.equals) if c.equals is not None else ''}"
            f"{'is one of ' + ', '.join(map(repr, c.one_of)) if c.one_of is not None else ''}"
            f"{'present' if c.present else 'absent' if c.present is False else ''}".strip()
            for c in spec.when
        )
        applies += f", when {conditions}"
    lines = [
        f"{rule.qualified_id} ({spec.severity})",
        "",
        spec.summary,
        "",
        f"Why: {spec.rationale.strip()}",
        f"Fix: {spec.fix.strip()}",
        f"Source: {spec.source}",
        f"Applies to: {', '.join(pack.spec.surveys) or 'every document'}, {applies}",
    ]
    if rule.kind is not None:
        params = yaml.dump(
            to_plain(spec.params), Dumper=_Dumper, default_flow_style=None, sort_keys=False
        )
        writes = rule.kind.WRITES if rule.kind and spec.autofix is not False else None
        fixing = {
            "safe": "fix writes the value it expects, where it expects one",
            "unsafe": "fix --unsafe-fixes writes the value it expects (from another document)",
        }.get(writes or "", "fix writes nothing (a person decides)")
        lines += [
            f"Check kind: {spec.check}" + (f", at {spec.at}" if spec.at else ""),
            *rule.kind.describe(rule.params),
            f"Autofix: {fixing}",
            "Parameters:",
            *("    " + line for line in params.strip().splitlines()),
        ]
        tables = sorted({v for v in _strings(spec.params) if v in pack.spec.tables})
        for name in tables:
            table = pack.spec.tables[name]
            lines += [f"Table {name}: {table.summary}"]
            lines += [
                f"    {row.min} to {row.max}: {row.value}"
                + (f" (also accepted: {', '.join(map(str, row.also))})" if row.also else "")
                for row in table.rows
            ]
    return "\n".join(lines) + "\n"


def describe_editions(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return "every edition"
    if first is None:
        return f"editions up to {last}"
    return f"editions {first} to {last if last is not None else 'date'}"


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list | tuple):
        return [s for v in node for s in _strings(v)]
    return []


class _Dumper(yaml.SafeDumper):
    """Writes exact decimals as plain YAML numbers (safe_dump refuses Decimal)."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:float", to_text(value))


_Dumper.add_representer(Decimal, _decimal)
