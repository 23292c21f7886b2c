"""Quality checks and statistics for translated PO files (``kztranslate check`` / ``stats``)."""

from kztranslate.qa.findings import CHECKS, ERROR, WARNING, Finding
from kztranslate.qa.runner import Report, po_files, run

__all__ = ["CHECKS", "ERROR", "WARNING", "Finding", "Report", "po_files", "run"]
