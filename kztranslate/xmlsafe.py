"""The one hardened XML parser of kztranslate (TMX, XLIFF and TBX imports).

Files from CAT tools and other newsrooms are untrusted: no entity expansion (billion laughs), no
DTD loading, no network, no huge-tree mode (lxml's limits on depth and text size stay on).
Comments and processing instructions are dropped so readers see elements only.
"""

from __future__ import annotations


def safe_parser():
    """An ``lxml.etree.XMLParser`` safe for untrusted input."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
