"""The QA checks have one registry (qa/findings.CHECKS); the code and the documentation agree with it."""

from __future__ import annotations

import re

from kztranslate.qa.checks import CONTENT_CHECKS
from kztranslate.qa.findings import CHECKS
from tests.conftest import ROOT

FILE_LEVEL = {"po-syntax", "language", "untranslated"}  # decided per file or entry before content checks


def test_every_content_check_is_registered_and_every_registered_check_runs():
    assert set(CONTENT_CHECKS) <= set(CHECKS)
    assert set(CHECKS) - set(CONTENT_CHECKS) == FILE_LEVEL


def test_docs_table_lists_each_check_with_its_default_severity():
    text = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    rows = []  # a row may name several checks: | `brackets`, `doublewords` | warning | ...
    for names, severity in re.findall(r"^\| ((?:`[a-z-]+`(?:, )?)+) \| (error|warning)\b", text, re.M):
        rows += [(name, severity) for name in re.findall(r"`([a-z-]+)`", names)]
    assert [name for name, _ in rows] == list(CHECKS)
    assert dict(rows) == {name: sev for name, (sev, _) in CHECKS.items()}
