"""Run every check over PO files or folders: discovery, PO validity, target language, findings.

PO validity is checked twice on purpose: polib tells whether *we* can read the file (a parse error
stops the other checks for that file), and ``msgfmt --check`` (GNU gettext, when installed) is the
reference every other gettext tool agrees with (duplicate msgids, header, format strings).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polib

from kztranslate.errors import InputError
from kztranslate.qa.findings import ERROR, WARNING, Finding, finding

TARGETS = ("ru", "en")


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


def target_language(po: polib.POFile, path: Path) -> str | None:
    """'ru'/'en' from the PO Language header, else from the OUT/<lang>/ folder; None if neither."""
    header = (po.metadata.get("Language") or "").strip()
    code = re.split(r"[_\-@.]", header)[0].lower() if header else ""
    if code:
        return code
    for part in reversed(path.parent.parts):
        if part in TARGETS:
            return part
    return None


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


def read(path: Path) -> tuple[polib.POFile | None, list[Finding]]:
    """Parse one PO file; a file we cannot parse is one error finding, not an exception."""
    name = str(path)
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [finding("po-syntax", name, f"not UTF-8 ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        po = polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, IOError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        return None, [finding("po-syntax", name, str(exc).splitlines()[0], line=int(m.group(1)) if m else 0)]
    return po, []


@dataclass
class Report:
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def exit_code(self, strict: bool = False) -> int:
        if self.count(ERROR) or (strict and self.count(WARNING)):
            return 1
        return 0

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "summary": {"errors": self.count(ERROR), "warnings": self.count(WARNING), "files": len(self.files)},
            "findings": [f.to_json() for f in self.findings],
        }


def check_file(path: Path) -> list[Finding]:
    from kztranslate.qa.checks import check_entry

    name = str(path)
    po, findings = read(path)
    if po is None:
        return findings
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
