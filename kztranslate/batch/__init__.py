"""``kztranslate batch``: incremental, parallel, interruptible translation of a folder tree.

Modules, one job each: :mod:`.discover` (which files are articles), :mod:`.state` (what is done),
:mod:`.lock` (one run per OUT), :mod:`.worker` (the per-chunk work), :mod:`.executors` (where it
runs), :mod:`.progress` (what the user sees), :mod:`.runner` (the order of it all).
"""

from kztranslate.batch.runner import BatchSummary, parse_targets, run_batch

__all__ = ["BatchSummary", "parse_targets", "run_batch"]
