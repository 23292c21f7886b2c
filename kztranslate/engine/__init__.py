"""Translation engines: one interface (:mod:`.base`), implementations behind it, route planning.

:func:`load_engine` is what commands call. It only lists the models directory; each model is loaded
on first use and kept for the life of the process (so a batch worker loads each model once). It
never downloads anything: with no model for a route, :meth:`route`/:meth:`translate` raise
:class:`~kztranslate.errors.ModelError` (exit code 3).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from kztranslate.engine.base import Engine, Translation
from kztranslate.errors import InputError

__all__ = ["Engine", "Translation", "load_engine"]


def load_engine(models_dir: Path | None = None, **options) -> "Engine":
    """The engine over ``models_dir`` (default: ``$KZTRANSLATE_MODELS`` or Argos' package directory).

    ``options``: beam_size, compute_type ('int8'), device, inter_threads, intra_threads,
    max_batch_size, max_batch_tokens, n_best, length_penalty, decoding_ratio, decoding_slack, max_decoding_length,
    cache. ``None`` values are ignored, so CLI options can be passed through as they are.
    """
    from kztranslate.engine.ct2_engine import Ct2Engine, EngineOptions

    known = {f.name for f in fields(EngineOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise InputError(f"unknown engine option(s): {', '.join(unknown)}")
    given = {k: v for k, v in options.items() if v is not None}
    return Ct2Engine(models_dir, EngineOptions(**given))
