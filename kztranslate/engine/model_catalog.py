"""The model catalogue: what ``models get NAME`` can download, and from where.

Shipped as data (``kztranslate/data/model_catalog.json``); ``--catalog FILE`` takes one in the same
format, e.g. a newsroom's mirror on its own server, or ``file://`` URLs on a shared disk::

    {"format": 1, "models": [{"name": "nllb-200-600M", "kind": "nllb", "token_order": "fairseq",
      "languages": ["kk", "ru", "en"], "licence": "CC-BY-NC-4.0", "size": 623000000,
      "files": [{"url": "https://.../nllb-200_600M_int8_ct2.zip", "unpack": true, "sha256": null, "size": null},
                {"url": "https://.../flores200_sacrebleu_tokenizer_spm.model", "unpack": false}]}]}

Per model: ``name`` (the installed folder's name), ``kind`` (``nllb``), ``token_order``
(``fairseq`` or ``hf``, see :mod:`kztranslate.engine.codec`), ``languages`` (ours it serves; shown
before download), ``licence`` (SPDX-style; a non-commercial one needs ``--accept-licence``),
``size`` (bytes installed, for the free-space check and the listing), optional ``description`` and
``homepage``; per file: ``url``, ``unpack`` (a zip holding the model folder), optional ``sha256``,
``size`` and ``name`` (the file name to save as; default the URL's last path segment).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from kztranslate.datafiles import read_data
from kztranslate.engine.langcodes import known_codes
from kztranslate.errors import InputError

CATALOG_FORMAT = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
NON_COMMERCIAL = re.compile(r"(^|[-_ ])NC([-_ ]|$)|non-?commercial", re.IGNORECASE)


@dataclass(frozen=True)
class CatalogFile:
    url: str
    name: str
    unpack: bool = False
    sha256: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class CatalogModel:
    name: str
    kind: str
    token_order: str
    languages: tuple[str, ...]
    licence: str
    size: int | None
    files: tuple[CatalogFile, ...]
    description: str = ""
    homepage: str = ""

    @property
    def non_commercial(self) -> bool:
        return bool(NON_COMMERCIAL.search(self.licence))


def _opt_int(value, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{where}: size must be a whole number of bytes or null, not {value!r}")
    return value


def _file(raw, where: str) -> CatalogFile:
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        raise InputError(f"{where}: each file needs a \"url\"")
    url = raw["url"]
    scheme = urlparse(url).scheme
    if scheme not in ("http", "https", "file"):
        raise InputError(f"{where}: unsupported URL scheme in {url!r} (http, https or file)")
    name = raw.get("name") or unquote(Path(urlparse(url).path).name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{where}: cannot save {url!r} under the file name {name!r}; give a plain \"name\"")
    sha = raw.get("sha256")
    if sha is not None and (not isinstance(sha, str) or not _SHA256.match(sha)):
        raise InputError(f"{where}: sha256 must be 64 hex digits or null")
    return CatalogFile(url=url, name=name, unpack=bool(raw.get("unpack", False)), sha256=sha.lower() if sha else None, size=_opt_int(raw.get("size"), where))


def _model(raw, where: str) -> CatalogModel:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: each model must be a JSON object")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{where}: bad model name {name!r} (letters, digits, '.', '_', '-')")
    where = f"{where} ({name})"
    kind = raw.get("kind")
    if kind != "nllb":
        raise InputError(f"{where}: kind must be \"nllb\" (multilingual CTranslate2 models), not {kind!r}")
    order = raw.get("token_order")
    if order not in ("fairseq", "hf"):
        raise InputError(f"{where}: token_order must be \"fairseq\" or \"hf\", not {order!r}")
    langs = raw.get("languages")
    if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs) or "kk" not in langs:
        raise InputError(f"{where}: languages must be a list of codes that includes \"kk\"")
    unknown = [x for x in langs if x not in known_codes()]
    if unknown:
        raise InputError(f"{where}: unknown language code(s) {', '.join(unknown)}")
    licence = raw.get("licence")
    if not isinstance(licence, str) or not licence.strip():
        raise InputError(f"{where}: a licence is required (the newsroom must know before it downloads)")
    files = raw.get("files")
    if not isinstance(files, list) or not files:
        raise InputError(f"{where}: files must be a non-empty list")
    parsed = tuple(_file(f, where) for f in files)
    names = [f.name for f in parsed]
    if len(set(names)) != len(names):
        raise InputError(f"{where}: two files would be saved under the same name")
    return CatalogModel(
        name=name, kind=kind, token_order=order, languages=tuple(langs), licence=licence.strip(), size=_opt_int(raw.get("size"), where),
        files=parsed, description=str(raw.get("description", "")), homepage=str(raw.get("homepage", "")),
    )


def parse_catalog(text: str, label: str) -> list[CatalogModel]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(raw, dict) or raw.get("format") != CATALOG_FORMAT or not isinstance(raw.get("models"), list):
        raise InputError(f"{label}: not a model catalogue (expected {{\"format\": {CATALOG_FORMAT}, \"models\": [...]}})")
    models = [_model(m, f"{label}: model {i + 1}") for i, m in enumerate(raw["models"])]
    seen: set[str] = set()
    for m in models:
        if m.name in seen:
            raise InputError(f"{label}: model {m.name!r} is listed twice")
        seen.add(m.name)
    return models


def load_catalog(path: Path | None = None) -> list[CatalogModel]:
    """The shipped catalogue, or the one at ``path``."""
    if path is None:
        text = read_data("model_catalog.json")
        return parse_catalog(text, "model_catalog.json")
    from kztranslate.textio import read_bytes

    data = read_bytes(path, "catalogue file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8") from None
    return parse_catalog(text, str(path))


def find(models: list[CatalogModel], name: str) -> CatalogModel:
    for m in models:
        if m.name == name:
            return m
    raise InputError(f"no model {name!r} in the catalogue (available: {', '.join(m.name for m in models) or 'none'}; `kztranslate models get` lists them)")
