"""Moved to :mod:`testkit.batchkit` (shared with bench/). This name stays only because
tests/test_batch_cli.py imports it; point that import at testkit.batchkit and delete this file."""

from testkit.batchkit import install_tiny, make_archive, sentence_pool  # noqa: F401
