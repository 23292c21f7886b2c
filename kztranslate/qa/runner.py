"""Run every check over PO files or folders: discovery, PO validity, target language, findings.

PO validity is checked twice on purpose: the project's one strict reader
(:func:`kztranslate.po.catalog.read_po`) decides whether the file is PO at all (malformed = exit 2
naming the line, as in every other command), and ``msgfmt --check`` (GNU gettext, when installed)
adds what the reference every other gettext tool agrees with finds wrong (header, format strings)
as ``po-syntax`` findings.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


from kztranslate.errors import ExitCode, InputError
from kztranslate import languages
from kztranslate.po.catalog import po_language as target_language, read_po
from kztranslate.qa.findings import ERROR, WARNING, Finding, finding

TARGETS = languages.targets()


def po_files(paths: Iterable[str | Path]) -> list[Path]:
    """The PO files named, or found under named folders (sorted; hidden folders such as .tm skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*.po")):
                rel = p.relative_to(path)
                if not any(part.startswith(".") for part in rel.parts[:-1]) and p.is_file():
                    found.append(p)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def msgfmt_errors(path: Path) -> list[tuple[int, str]] | None:
    """``msgfmt --check`` problems as (line, message); None when msgfmt is not installed."""
    exe = shutil.which("msgfmt")
    if exe is None:
        return None
    proc = subprocess.run([exe, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    problems = []
    for line in proc.stderr.splitlines():
        m = re.match(r"^.*?:(\d+): (.*)$", line)
        if m:
            problems.append((int(m.group(1)), m.group(2)))
        elif line.strip() and "found" not in line:
            problems.append((0, line.strip()))
    if proc.returncode != 0 and not problems:
        problems.append((0, "msgfmt --check failed"))
    return problems


@dataclass
class Report:
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def exit_code(self, strict: bool = False) -> int:
        if self.count(ERROR) or (strict and self.count(WARNING)):
            return ExitCode.PARTIAL
        return ExitCode.OK

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "summary": {"errors": self.count(ERROR), "warnings": self.count(WARNING), "files": len(self.files)},
            "findings": [f.to_json() for f in self.findings],
        }


def check_file(path: Path) -> list[Finding]:
    from kztranslate.qa.checks import check_entry

    name = str(path)
    po = read_po(path)  # malformed: InputError (exit 2) naming the line, as in every command
    findings: list[Finding] = []
    for line, message in msgfmt_errors(path) or []:
        severity = WARNING if message.startswith("warning:") else None
        findings.append(finding("po-syntax", name, message.removeprefix("warning:").strip(), line=line, severity=severity))
    if any(f.severity == ERROR for f in findings):
        return findings  # what polib read from a file msgfmt rejects is not worth checking further
    lang = target_language(po, path)
    if lang not in TARGETS:
        findings.append(finding("language", name, f"target language {lang or 'unknown'}: language-specific checks (dates, glossary, script) skipped"))
        lang = None
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        findings.extend(check_entry(entry, lang, name))
    return findings


def run(paths: Iterable[str | Path]) -> Report:
    files = po_files(paths)
    if not files:
        raise InputError("no PO files found in the given paths")
    report = Report(files=[str(p) for p in files])
    for path in files:
        report.findings.extend(check_file(path))
    report.findings.sort(key=Finding.sort_key)
    return report
