"""kztranslate: offline translation and localization of Kazakh news into Russian and English.

The package is one pipeline (read -> segment -> detect -> translate -> glossary -> PO) with a thin
CLI on top. Heavy dependencies (ctranslate2, argostranslate, sentencepiece) are imported inside the
stages that need them so that ``kztranslate --help`` and pure-Python stages start fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "translate_text"]


def __getattr__(name: str):
    """``from kztranslate import translate_text`` without importing the pipeline at package import
    (the CLI's ``--help`` stays fast)."""
    if name == "translate_text":
        from kztranslate.api import translate_text

        return translate_text
    raise AttributeError(f"module 'kztranslate' has no attribute {name!r}")
