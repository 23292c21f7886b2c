"""Build the n-gram profiles in kztranslate/data/profiles/ (run from the repository root).

    python tools/build_profiles.py [--shared ../shared]

Sources (all CC BY-SA 4.0, see kztranslate/data/profiles/README.md):
* kk: the Kazakh rows of ../shared/data/langid/dev.tsv (UD Kazakh-KTB) and examples/articles/*.txt
  (written for this project);
* ky, tt, be, sr, ru, en: their rows of ../shared/data/langid/dev.tsv (UD Kyrgyz-KTMU, Tatar-NMCTT,
  Belarusian-HSE, Serbian-SET, Russian-GSD, English-EWT);
* any language: tools/profile_texts/<lang>.txt, one sentence a line, ``#`` comments (ba: Bashkir
  sentences written for this project; no licensed Bashkir text is available here).
uk and bg rows are CC BY-NC: never used. uk, bg, mk, tr come from langdetect's own profiles.
Deterministic: same input, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kztranslate.detect import OWN_PROFILES, build_profile  # noqa: E402
from kztranslate.translit import serbian_latin_to_cyrillic  # noqa: E402


def load_rows(tsv: Path) -> list[tuple[str, str]]:
    with tsv.open(encoding="utf-8", newline="") as fh:
        return [(r["lang"], r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def training_texts(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Texts per language for our own profiles: the rows given plus the project's example articles for kk."""
    texts = {lang: [t for l, t in rows if l == lang] for lang in OWN_PROFILES}
    texts["kk"] += [p.read_text("utf-8") for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    for lang in OWN_PROFILES:
        extra = ROOT / "tools" / "profile_texts" / f"{lang}.txt"
        if extra.is_file():
            texts[lang] += [ln for ln in extra.read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    # Serbian rows are half Latin: the profile is Cyrillic, Latin input is transliterated when scored.
    texts["sr"] = [serbian_latin_to_cyrillic(t) for t in texts["sr"]]
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    out = ROOT / "kztranslate" / "data" / "profiles"
    out.mkdir(parents=True, exist_ok=True)
    rows = load_rows(args.shared / "data" / "langid" / "dev.tsv")
    for lang, texts in training_texts(rows).items():
        profile = build_profile(lang, texts)
        (out / f"{lang}.json").write_text(json.dumps(profile, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
        print(f"{lang}: {len(texts)} texts, {len(profile['freq'])} n-grams, totals {profile['n_words']}")


if __name__ == "__main__":
    main()
