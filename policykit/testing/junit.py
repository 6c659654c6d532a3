"""JUnit XML for CI systems, written with junitparser.

One ``<testsuite>`` per test file, one ``<testcase>`` per decided case (classname: the
test file; name: who, action, target and expectation; the file:line in ``file`` and
``line``). A failing case carries a ``<failure>`` with the explain tree; a file that
could not be used is one ``<testcase>`` with an ``<error>``.
"""

from __future__ import annotations

from pathlib import Path


def _located_case():
    from junitparser import Attr, IntAttr, TestCase

    class LocatedCase(TestCase):
        """A testcase with the ``file`` and ``line`` attributes CI annotations read."""

        file = Attr("file")
        line = IntAttr("line")

    return LocatedCase


def write_junit(files, path: str | Path) -> None:
    from junitparser import Error, Failure, JUnitXml, TestCase, TestSuite

    from policykit.testing.report import failure_text

    xml = JUnitXml("policykit test")
    for file in files:
        suite = TestSuite(str(file.path))
        if file.error is not None:
            case = TestCase("load", classname=str(file.path))
            error = Error(file.error.message, "InputError")
            error.text = str(file.error)
            case.result = [error]
            suite.add_testcase(case)
        located = _located_case()
        for result in file.results:
            case = located(result.title, classname=str(file.path))
            case.file = str(result.case.location.path)
            case.line = result.case.location.line
            if not result.passed:
                failure = Failure(f"expected {result.case.expect}, got {result.decision}", "PolicyExpectation")
                failure.text = failure_text(result)
                case.result = [failure]
            suite.add_testcase(case)
        for diff in file.diffs:
            case = TestCase(diff.title, classname=str(file.path))
            if not diff.passed:
                failure = Failure(diff.summary(), "PolicyDiff")
                failure.text = diff.text()
                case.result = [failure]
            suite.add_testcase(case)
        suite.update_statistics()
        xml.add_testsuite(suite)
    xml.update_statistics()
    xml.write(str(path), pretty=True)
