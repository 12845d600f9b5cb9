"""JUnit XML as CI servers read it (Jenkins' junit-10.xsd, Ant's JUnit.xsd, GitLab's and
GitHub's test reporters): one test case per document checked, and one per file that gave
no document.

A case fails, with one `<failure>` that lists every finding of it, when it holds a finding
at or above `--fail-on` (what fails the run); its findings below that are in its
`<system-out>` and it passes. A file that could not be read into a document is an `<error>`
case (the test could not run), not a failure. `failures` and `errors` count cases, as a
dashboard does, never findings: `tests` = passing + failures + errors. Ant's schema allows
one failure or error per case, hence one element listing the findings.
"""

from __future__ import annotations

from xml.etree import ElementTree

from validator.findings import Finding, Report
from validator.printable import xml_text
from validator.version import __version__

Key = tuple[str, str | None, str | None, int | None]


def _name(key: Key) -> tuple[str, str]:
    """(classname, name): `fiw.Kazakhstan`, `2024 (path)`; the parts a document lacks are
    left out (a document without a survey is `Kazakhstan`, not `None.Kazakhstan`); a file
    with no document is named by its path."""
    source, survey, country, edition = key
    classname = ".".join(part for part in (survey, country) if part) or "report-validator"
    name = source if edition is None else f"{edition} ({source})"
    return classname, name


def _line(finding: Finding) -> str:
    where = f"{finding.source}:{finding.line}:{finding.column}"
    if finding.pointer:
        where += f" {finding.pointer}"
    said = f"{finding.severity.label} {finding.rule}: {finding.message}\n  at {where}"
    if finding.expected is not None or finding.actual is not None:
        said += f"; expected {finding.expected}, found {finding.actual}"
    return said


def _outcome(findings: list[Finding]) -> tuple[str, str]:
    """The failure's (type, message): the rule and message of a single finding, else the
    count and the rules."""
    if len(findings) == 1:
        [only] = findings
        return only.rule, f"{only.severity.label}: {only.message}"
    rules = list(dict.fromkeys(f.rule for f in findings))
    return ", ".join(rules), f"{len(findings)} findings: {', '.join(rules)}"


def render(report: Report) -> str:
    checked = set(report.checked)
    read = {source for source, *_ in checked}  # the files that gave a document
    cases: dict[Key, list[Finding]] = {key: [] for key in report.checked}
    for finding in report.findings:
        key = (finding.source, finding.survey, finding.country, finding.edition)
        cases.setdefault(key if key in checked else (finding.source, None, None, None), []).append(
            finding
        )
    testcases = []
    failed = errored = 0
    for key in sorted(cases, key=lambda k: (k[0], str(k[1]), str(k[2]), k[3] or 0)):
        classname, name = _name(key)
        case = ElementTree.Element("testcase", classname=classname, name=name, file=key[0])
        failing = [f for f in cases[key] if f.severity >= report.fail_on]
        below = [f for f in cases[key] if f.severity < report.fail_on]
        if failing:
            unread = key[0] not in read  # a file that gave no document: the test did not run
            kind, message = _outcome(failing)
            element = ElementTree.SubElement(
                case, "error" if unread else "failure", type=kind, message=message
            )
            element.text = "\n".join(_line(f) for f in failing)
            errored += unread
            failed += not unread
        if below:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "below --fail-on (this case passes):\n" + "\n".join(map(_line, below))
        testcases.append(case)
    counts: dict[str, str] = {
        "name": "report-validator",
        "tests": str(len(testcases)),
        "failures": str(failed),
        "errors": str(errored),
    }
    suites = ElementTree.Element("testsuites", counts)
    suite = ElementTree.SubElement(suites, "testsuite", counts)
    suite.set("skipped", "0")
    properties = ElementTree.SubElement(suite, "properties")  # the tool that judged
    ElementTree.SubElement(
        properties, "property", name="report-validator.version", value=__version__
    )
    suite.extend(testcases)
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
