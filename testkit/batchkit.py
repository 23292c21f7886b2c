"""A generated newsroom archive for batch tests and benchmarks (shared by tests/ and bench/).

Sentences come from examples/articles and, when present, ../shared (the UD Kazakh documents and the
Kazakh lines of the language-ID set; read at run time, never copied into the repository). Article
``i`` takes a seeded selection of sentences and prefixes each with a date clause built from ``i``
and the sentence's position, so every sentence of the archive is distinct: the engine's
de-duplication and cache get no head start, as in a real archive.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MONTHS = ("қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда", "шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда")
SECTIONS = ("politics", "economy", "regions", "society", "culture")


def sentence_pool(use_shared: bool = True) -> list[str]:
    from kztranslate.segment import sentences
    from kztranslate.textio import read_text

    paths = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    if use_shared:
        paths += sorted((SHARED / "data" / "kk-segmentation").glob("*/*.txt"))
    pool: list[str] = []
    for p in paths:
        pool += [s.text for s in sentences(read_text(p))]
    langid = SHARED / "data" / "langid" / "dev.tsv"
    if use_shared and langid.exists():
        pool += [ln[3:].strip() for ln in langid.read_text(encoding="utf-8").splitlines() if ln.startswith("kk\t")]
    return list(dict.fromkeys(s for s in pool if 3 <= len(s.split()) <= 40))


def make_archive(dest: Path, n: int, *, seed: int = 0, use_shared: bool = True, sentences_per_article: tuple[int, int] = (6, 10)) -> list[Path]:
    """Write ``n`` articles under ``dest/<section>/article-NNN.txt``; return their paths."""
    pool = sentence_pool(use_shared)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        k = rng.randint(*sentences_per_article)
        picked = rng.sample(pool, k)
        lines = [f"{1900 + i % 200} жылғы {j + 1} {MONTHS[(i // 200 + j) % 12]} {s}" for j, s in enumerate(picked)]
        paragraphs = [" ".join(lines[p : p + 3]) for p in range(0, len(lines), 3)]
        path = dest / SECTIONS[i % len(SECTIONS)] / f"article-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def install_tiny(models_dir: Path, tiny_models: dict, pairs=("kk_en", "kk_ru")) -> Path:
    """Install the tiny test models (direct kk→en, kk→ru) into ``models_dir``."""
    from kztranslate.engine.install import install_argosmodel

    models_dir.mkdir(parents=True, exist_ok=True)
    for pair in pairs:
        install_argosmodel(tiny_models[f"{pair}_argosmodel"], models_dir)
    return models_dir
