"""The batch state: what was translated, from which content, with which glossary and models.

Why a snapshot plus a journal: the state must record each article the moment its PO files are
complete (so a ``kill -9`` loses at most the articles still in flight), but rewriting one JSON file
after every article costs O(archive size) per article. So each finished article is appended as one
JSON line to ``state.journal`` (flushed and fsynced), and the journal is folded into the snapshot
``state.json`` (written atomically) when a run starts and ends. A torn last journal line, left by a
kill in the middle of a write, is ignored: that article is simply done again. Replaying a journal
entry that is already in the snapshot is harmless (entries are keyed by slug).

Refusals (an article that does not look like Kazakh) are remembered the same way, by content hash:
a nightly run over a folder that keeps one Russian file must not fail every night for the same
bytes. They are redone when the bytes or the kztranslate version (its detector) change.

Files (inside OUT): ``.kztranslate/state.json`` and ``.kztranslate/state.journal``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kztranslate.errors import OutputError
from kztranslate.textio import atomic_write

STATE_DIR = ".kztranslate"
SNAPSHOT = "state.json"
JOURNAL = "state.journal"
FORMAT = 1


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Stamp:
    """What an article's translation depends on besides its own bytes."""

    glossary: str
    version: str  # kztranslate version
    engines: dict[str, str] = field(default_factory=dict)  # target -> engine fingerprint


class BatchState:
    """Per-article records: ``{slug: {"path", "sha256", "glossary", "kztranslate", "targets": {lang: {"engine", "file"}}, "pot"}}``."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.dir = self.out / STATE_DIR
        self.snapshot = self.dir / SNAPSHOT
        self.journal_path = self.dir / JOURNAL
        self.articles: dict[str, dict] = {}
        self.refused: dict[str, dict] = {}  # sha256 -> {"path", "error", "kztranslate"}
        self._journal: BinaryIO | None = None

    # -- reading -------------------------------------------------------------------------------------
    def load(self) -> "BatchState":
        if self.snapshot.exists():
            try:
                data = json.loads(self.snapshot.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT and isinstance(data.get("articles"), dict):
                    self.articles = data["articles"]
                    self.refused = data.get("refused") if isinstance(data.get("refused"), dict) else {}
            except (OSError, ValueError):
                self.articles = {}  # unreadable state: everything is redone, nothing is lost
        if self.journal_path.exists():
            with open(self.journal_path, "rb") as fh:
                for raw in fh:
                    try:
                        entry = json.loads(raw)
                    except ValueError:
                        continue  # torn line from a kill mid-write
                    if isinstance(entry, dict) and isinstance(entry.get("slug"), str) and isinstance(entry.get("record"), dict):
                        self._merge(entry["slug"], entry["record"])
                    elif isinstance(entry, dict) and isinstance(entry.get("refused"), str) and isinstance(entry.get("record"), dict):
                        self.refused[entry["refused"]] = entry["record"]
        return self

    def _merge(self, slug: str, record: dict) -> None:
        old = self.articles.get(slug)
        if old and old.get("sha256") == record.get("sha256") and old.get("glossary") == record.get("glossary") and old.get("kztranslate") == record.get("kztranslate"):
            targets = dict(old.get("targets", {}))
            targets.update(record.get("targets", {}))
            record = {**record, "targets": targets}
        self.articles[slug] = record

    def is_current(self, slug: str, sha256: str, stamp: Stamp, out: Path) -> list[str]:
        """The targets still to do for this article (empty: skip it)."""
        rec = self.articles.get(slug)
        todo = list(stamp.engines)
        if not rec or rec.get("sha256") != sha256 or rec.get("glossary") != stamp.glossary or rec.get("kztranslate") != stamp.version:
            return todo
        if rec.get("pot") and not (out / rec["pot"]).is_file():
            return todo
        done = rec.get("targets", {})
        return [t for t in todo if not (t in done and done[t].get("engine") == stamp.engines[t] and (out / done[t].get("file", "\0")).is_file())]

    def refusal(self, sha256: str, version: str) -> dict | None:
        """The remembered refusal of these bytes by this kztranslate version, if any."""
        rec = self.refused.get(sha256)
        return rec if rec and rec.get("kztranslate") == version else None

    # -- writing -------------------------------------------------------------------------------------
    def refuse(self, sha256: str, record: dict) -> None:
        """Remember that these bytes were refused as not Kazakh (journalled like a finished article)."""
        self._append({"refused": sha256, "record": record})
        self.refused[sha256] = record

    def record(self, slug: str, record: dict) -> None:
        """Append one finished article to the journal and make it durable before returning."""
        self._append({"slug": slug, "record": record})
        self._merge(slug, record)

    def _append(self, entry: dict) -> None:
        if self._journal is None:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                self._journal = open(self.journal_path, "ab")
            except OSError as exc:
                raise OutputError(f"{self.journal_path}: cannot write ({exc.strerror or exc})") from None
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        if self._journal is None:  # unreachable: opened above or raised
            return
        try:
            self._journal.write(line.encode("utf-8"))
            self._journal.flush()
            os.fsync(self._journal.fileno())
        except OSError as exc:
            raise OutputError(f"{self.journal_path}: cannot write ({exc.strerror or exc})") from None

    def compact(self) -> None:
        """Fold the journal into an atomically written snapshot, then empty the journal."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        payload = json.dumps({"format": FORMAT, "articles": dict(sorted(self.articles.items())), "refused": self.refused}, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write(self.snapshot, payload + "\n")
        try:
            os.truncate(self.journal_path, 0)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"{self.journal_path}: cannot write ({exc.strerror or exc})") from None

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
