"""Load, lint and fingerprint the civic glossary (``glossary/civic.tsv``).

Format (chosen because it diffs line by line and opens in any spreadsheet): UTF-8, tab-separated,
one entry per line, a header row naming the columns in :data:`~kztranslate.glossary.model.COLUMNS`,
no quoting (a field may not contain a tab or a newline), several forbidden variants separated by
``;``. Lines starting with ``#`` are comments.

Where the default glossary is found (first that exists):
1. ``$KZTRANSLATE_GLOSSARY`` (a path), for a newsroom's own glossary;
2. ``glossary/civic.tsv`` next to the ``kztranslate`` package (a source checkout or editable install);
3. ``kztranslate/data/glossary/civic.tsv`` inside the package: in the repository a symlink to (2),
   which setuptools resolves into a real file when it builds a wheel, so installed copies carry it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

from kztranslate.datafiles import data_path
from kztranslate.errors import InputError
from kztranslate.glossary.model import COLUMNS, DOMAIN_VALUES, MATCH_FLAGS, POS_VALUES, Match, Term

REQUIRED = ("id", "kk", "ru", "en", "pos", "domain", "source")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def default_path() -> Path:
    """The glossary used when none is given (see the module docstring for the search order)."""
    env = os.environ.get("KZTRANSLATE_GLOSSARY")
    if env:
        return Path(env)
    package_dir = Path(__file__).resolve().parent.parent
    checkout = package_dir.parent / "glossary" / "civic.tsv"
    if checkout.is_file():
        return checkout
    return data_path("glossary/civic.tsv")


@dataclass(frozen=True)
class Issue:
    """A lint finding. ``level`` is ``error`` (lint fails) or ``warning``."""

    line: int
    level: str
    term_id: str
    message: str

    def format(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        who = f" [{self.term_id}]" if self.term_id else ""
        return f"{where}: {self.level}{who}: {self.message}"


def _split_variants(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def parse_tsv(text: str) -> tuple[list[tuple[int, Term]], list[Issue]]:
    """Parse glossary text into (line number, Term) pairs plus structural issues (never raises)."""
    rows: list[tuple[int, Term]] = []
    issues: list[Issue] = []
    header_seen = False
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) != COLUMNS:
                issues.append(Issue(lineno, "error", "", f"header must be: {' '.join(COLUMNS)}"))
            continue
        if len(cells) != len(COLUMNS):
            issues.append(Issue(lineno, "error", cells[0].strip() if cells else "", f"expected {len(COLUMNS)} tab-separated fields, found {len(cells)}"))
            continue
        values = dict(zip(COLUMNS, cells))
        for name, value in values.items():
            if value != value.strip() or "  " in value:
                issues.append(Issue(lineno, "warning", values["id"].strip(), f"field {name!r} has stray spaces"))
        v = {k: " ".join(x.split()) for k, x in values.items()}
        rows.append((lineno, Term(
            id=v["id"], kk=v["kk"], ru=v["ru"], en=v["en"], pos=v["pos"], domain=v["domain"], match=v["match"],
            forbidden_ru=_split_variants(v["forbidden_ru"]), forbidden_en=_split_variants(v["forbidden_en"]),
            note=v["note"], source=v["source"],
        )))
    if not header_seen:
        issues.append(Issue(0, "error", "", "empty glossary (no header row)"))
    return rows, issues


def dump_tsv(terms: Iterable[Term]) -> str:
    """The canonical TSV text for ``terms`` (what ``glossary import`` writes)."""
    lines = ["\t".join(COLUMNS)]
    for t in terms:
        cells = [t.id, t.kk, t.ru, t.en, t.pos, t.domain, t.match, ";".join(t.forbidden_ru), ";".join(t.forbidden_en), t.note, t.source]
        lines.append("\t".join(" ".join(c.split()) for c in cells))
    return "\n".join(lines) + "\n"


@dataclass
class Glossary:
    """The loaded glossary: its terms, a version hash, and the inflection-aware matcher."""

    terms: list[Term]
    path: Path | None = None
    lines: dict[str, int] = field(default_factory=dict)  # term id -> line in the file

    @cached_property
    def version(self) -> str:
        """Stable content hash of the terms and the suffix grammar: changes when matching or
        required translations could change, not when the file is merely re-saved."""
        from kztranslate.glossary.kazakh import grammar_text, not_term_phrases

        h = hashlib.sha256()
        h.update(dump_tsv(self.terms).encode("utf-8"))
        h.update(b"\0")
        h.update(grammar_text().encode("utf-8"))
        h.update(b"\0")
        h.update("\n".join(not_term_phrases()).encode("utf-8"))
        return "g1-" + h.hexdigest()[:16]

    def check_matchable(self) -> None:
        """Refuse, with one line, a glossary too large for the inflection matcher (see :data:`MAX_MATCH_TERMS`)."""
        limit = max_match_terms()
        if len(self.terms) > limit:
            raise InputError(
                f"{self.path or 'glossary'}: {len(self.terms)} entries; the inflection-aware matcher is bounded at {limit} "
                f"(it costs about 40 KB and 2 ms per entry per process, so {len(self.terms)} would take about "
                f"{len(self.terms) * 40 // 1024} MB and {len(self.terms) * 2 // 1000} s in every worker); split the glossary "
                f"by domain, or raise {MAX_TERMS_ENV}"
            )

    @cached_property
    def matcher(self):
        from kztranslate.glossary.kazakh import Matcher

        self.check_matchable()
        return Matcher(self.terms)

    def match(self, text: str) -> list[Match]:
        return self.matcher.match(text)

    def match_written(self, text: str) -> list[Match]:
        """Terms in ``text`` as written, in any script: each line is matched in its
        :func:`kztranslate.normalize.normalize` form (Latin or Arabic-script Kazakh transliterated,
        look-alikes folded), the very text ``translate`` matches; offsets and ``text`` of each match
        are those of the line as written."""
        from kztranslate.normalize import normalize

        found: list[Match] = []
        pos = 0
        for line in text.splitlines(keepends=True):
            norm = normalize(line)
            for m in self.match(norm.text):
                s, e = norm.source_offset(m.start), norm.source_offset(m.end)
                found.append(Match(pos + s, pos + e, line[s:e], m.term, m.analysis))
            pos += len(line)
        return found

    def by_id(self, term_id: str) -> Term | None:
        for t in self.terms:
            if t.id == term_id:
                return t
        return None

    def __len__(self) -> int:
        return len(self.terms)


#: Bound on the entries the matcher is built for. Measured (one run, 2-core machine): 287 entries
#: build in 1.3 s / 30 MB, 2,000 in 9 s / 92 MB, 5,000 in 11 s / 197 MB, i.e. about 40 KB per
#: entry; an unbounded 50,000-entry file took about a minute and 3 GB in every batch worker.
#: 10,000 (about 400 MB) is twenty times the largest civic glossary we know of.
MAX_MATCH_TERMS = 10_000
MAX_TERMS_ENV = "KZTRANSLATE_GLOSSARY_MAX_TERMS"


def max_match_terms() -> int:
    """:data:`MAX_MATCH_TERMS`, or ``$KZTRANSLATE_GLOSSARY_MAX_TERMS`` when set to a number."""
    value = os.environ.get(MAX_TERMS_ENV, "")
    return int(value) if value.isdigit() else MAX_MATCH_TERMS


def read_glossary_text(path: Path) -> str:
    from kztranslate.textio import read_text

    return read_text(path)


def load_glossary(path: Path | str | None = None) -> Glossary:
    """Load a glossary TSV (default: :func:`default_path`). Structural errors raise InputError."""
    p = Path(path) if path is not None else default_path()
    if not p.exists():
        raise InputError(f"glossary not found: {p}")
    rows, issues = parse_tsv(read_glossary_text(p))
    errors = [i for i in issues if i.level == "error"]
    if errors:
        raise InputError(f"{errors[0].format(str(p))} (run `kztranslate glossary lint {p}`)")
    return Glossary([t for _, t in rows], p, {t.id: n for n, t in rows})


_LOADED: dict[tuple[str, int], Glossary] = {}


def clear_caches(keep: str | os.PathLike[str] | None = None) -> None:
    """Forget the loaded default glossaries but the one at ``keep`` (tests: a glossary rewritten
    within one mtime tick would look unchanged; the repository's own is never rewritten)."""
    for key in [k for k in _LOADED if keep is None or k[0] != str(keep)]:
        del _LOADED[key]


def default_glossary() -> Glossary:
    """The default glossary, loaded once per process and file version (its matcher takes ~0.4 s to
    build): translate, check and stats all judge by the same terms."""
    path = default_path()
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        return load_glossary()  # raises the glossary's own one-line error
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_glossary(path)
    return _LOADED[key]


def lint_text(text: str) -> tuple[int, list[Issue]]:
    """All problems in glossary text: structure, missing fields, vocabularies, duplicates, conflicts.

    Returns (number of entries, issues). Conflicts include two terms whose generated Kazakh forms
    collide while their required translations differ: the matcher could not tell them apart.
    """
    rows, issues = parse_tsv(text)
    seen_ids: dict[str, int] = {}
    seen_kk: dict[str, tuple[int, Term]] = {}
    from kztranslate.glossary.kazakh import Matcher, fold, px3_stems

    for lineno, t in rows:
        for name in REQUIRED:
            if not getattr(t, name):
                issues.append(Issue(lineno, "error", t.id, f"missing required field {name!r}"))
        if t.id and not _ID.match(t.id):
            issues.append(Issue(lineno, "error", t.id, "id must be lower-case letters, digits and hyphens"))
        if t.id in seen_ids:
            issues.append(Issue(lineno, "error", t.id, f"duplicate id (first on line {seen_ids[t.id]})"))
        else:
            seen_ids[t.id] = lineno
        if t.pos and t.pos not in POS_VALUES:
            issues.append(Issue(lineno, "error", t.id, f"pos {t.pos!r} not one of {', '.join(POS_VALUES)}"))
        if t.domain and t.domain not in DOMAIN_VALUES:
            issues.append(Issue(lineno, "error", t.id, f"domain {t.domain!r} not one of {', '.join(DOMAIN_VALUES)}"))
        for flag in t.flags:
            if flag not in MATCH_FLAGS:
                issues.append(Issue(lineno, "error", t.id, f"unknown match flag {flag!r} (known: {', '.join(MATCH_FLAGS)})"))
        if "px3" in t.flags and t.kk:
            last = t.kk.split()[-1]
            stem = t.flags["px3"]
            if stem:
                from kztranslate.glossary.kazakh import inflect

                if fold(last) not in inflect(stem, px3_only=True):
                    issues.append(Issue(lineno, "error", t.id, f"px3 stem {stem!r} does not produce {last!r}"))
            elif not px3_stems(last):
                issues.append(Issue(lineno, "error", t.id, f"px3: {last!r} does not end in a 3rd-person possessive (-ы/-і/-сы/-сі)"))
        for lang in ("ru", "en"):
            required = t.target(lang).casefold()
            for variant in t.forbidden(lang):
                if variant.casefold() == required:
                    issues.append(Issue(lineno, "error", t.id, f"forbidden_{lang} variant {variant!r} is the required translation"))
        key = fold(t.kk)
        if key in seen_kk:
            first_line, first = seen_kk[key]
            if (first.ru, first.en) == (t.ru, t.en):
                issues.append(Issue(lineno, "error", t.id, f"duplicate of {first.id} (line {first_line})"))
            else:
                issues.append(Issue(lineno, "error", t.id, f"conflicts with {first.id} (line {first_line}): same Kazakh term, different translations"))
        elif t.kk:
            seen_kk[key] = (lineno, t)
    # Generated-form collisions between different terms with different translations.
    line_of = {t.id: n for n, t in rows}
    valid = [t for _, t in rows if t.kk and t.id]
    try:
        matcher = Matcher(valid)
    except Exception as exc:  # a broken row must not hide the other findings
        issues.append(Issue(0, "error", "", f"matcher could not be built: {exc}"))
        return len(rows), issues
    reported: set[tuple[str, str]] = set()
    for form, bucket in matcher.buckets():
        by_context: dict[tuple[str, ...], list[Term]] = {}
        for entry, _analysis in bucket:
            by_context.setdefault(entry.words, []).append(entry.term)
        for terms in by_context.values():
            distinct = {t.id: t for t in terms}
            if len(distinct) < 2:
                continue
            ts = list(distinct.values())
            for other in ts[1:]:
                if (ts[0].ru, ts[0].en) != (other.ru, other.en):
                    low, high = sorted((ts[0].id, other.id))
                    pair = (low, high)
                    if pair not in reported:
                        reported.add(pair)
                        issues.append(Issue(line_of.get(other.id, 0), "error", other.id, f"conflicts with {ts[0].id}: both match the word form {form!r} with different translations"))
    issues.sort(key=lambda i: (i.line, i.term_id))
    return len(rows), issues


def lint_path(path: Path | str | None = None) -> tuple[Path, int, list[Issue]]:
    p = Path(path) if path is not None else default_path()
    if not p.exists():
        raise InputError(f"glossary not found: {p}")
    count, issues = lint_text(read_glossary_text(p))
    return p, count, issues
