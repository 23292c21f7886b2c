"""gettext PO/POT catalogues: writing, msgmerge-style merging, translation memory."""
