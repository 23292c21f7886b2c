"""The civic glossary: terms (``glossary/civic.tsv``), an inflection-aware Kazakh matcher, target-side
enforcement and TBX/CSV interchange. See README "Civic glossary"."""

from kztranslate.glossary.model import Match, Term
from kztranslate.glossary.store import Glossary, default_glossary, default_path, load_glossary

__all__ = ["Glossary", "Match", "Term", "default_glossary", "default_path", "load_glossary"]
