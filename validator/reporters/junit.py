"""JUnit XML as CI dashboards read it: one test case per document checked (and one per file
that gave no document), a failure per finding."""

from __future__ import annotations

from xml.etree import ElementTree

from validator.findings import Finding, Report
from validator.printable import xml_text

Key = tuple[str, str | None, str | None, int | None]


def _name(key: Key) -> tuple[str, str]:
    source, survey, country, edition = key
    if survey is None and country is None:
        return "report-validator", source
    return f"{survey}.{country}", f"{edition} ({source})"


def render(report: Report) -> str:
    cases: dict[Key, list[Finding]] = {key: [] for key in report.checked}
    for finding in report.findings:
        key = (finding.source, finding.survey, finding.country, finding.edition)
        cases.setdefault(key if key in cases else (finding.source, None, None, None), []).append(
            finding
        )
    failures = sum(len(found) for found in cases.values())
    suites = ElementTree.Element(
        "testsuites",
        name="report-validator",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
    )
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="report-validator",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for key in sorted(cases, key=lambda k: (k[0], str(k[1]), str(k[2]), k[3] or 0)):
        classname, name = _name(key)
        case = ElementTree.SubElement(
            suite, "testcase", classname=classname, name=name, file=key[0]
        )
        for finding in cases[key]:
            failure = ElementTree.SubElement(
                case,
                "failure",
                type=finding.rule,
                message=f"{finding.severity.label}: {finding.message}",
            )
            failure.text = f"{finding.source}:{finding.line}:{finding.column}: {finding.pointer}"
            if finding.expected is not None or finding.actual is not None:
                failure.text += f"\nexpected {finding.expected}, found {finding.actual}"
    for element in suites.iter():  # XML 1.0 cannot hold a control character, even escaped
        element.attrib = {k: xml_text(v) for k, v in element.attrib.items()}
        if element.text:
            element.text = xml_text(element.text)
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(suites, encoding="unicode")
        + "\n"
    )
