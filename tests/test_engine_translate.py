"""The engine over real (tiny, random-weight) CTranslate2 models, installed through the real CLI.

Random weights mean the output is nonsense, but every call goes through the real package reading,
SentencePiece tokenisation, CTranslate2 loading and beam search. What we check is the contract:
one output per input in order, determinism, routes, n-best, deduplication, caching, long-input
splitting and the errors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kztranslate.engine import load_engine
from kztranslate.engine import ct2_engine
from kztranslate.engine.base import Engine, Translation
from kztranslate.errors import InputError, ModelError
from kztranslate.segment import sentences as split_sentences
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def fresh_process_caches():
    ct2_engine.clear_caches()
    yield
    ct2_engine.clear_caches()


@pytest.fixture
def article_sentences() -> list[str]:
    from kztranslate.textio import read_text

    return [s.text for s in split_sentences(read_text(EXAMPLES / "mazhilis-election-law.txt"))]


def install(cli, *paths) -> None:
    for p in paths:
        args = ("models", "install", str(p)) if str(p).endswith(".argosmodel") else ("models", "import", str(p), "--from", "kk", "--to", "ru")
        r = cli(*args)
        assert r.returncode == 0, r.stderr


class CountingTranslator:
    """Wraps the real ctranslate2.Translator to record what reaches translate_batch."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls: list[list[list[str]]] = []

    def translate_batch(self, batch, **kw):
        self.calls.append(batch)
        return self.real.translate_batch(batch, **kw)

    @property
    def sentences(self) -> int:
        return sum(len(b) for b in self.calls)


def spy(engine, source, target) -> list[CountingTranslator]:
    """Load the route's translators and replace them (in the process cache) with counting wrappers."""
    spies = []
    for hop in engine.plan(source, target):
        engine._load(hop.model)
    for key, real in list(ct2_engine._TRANSLATORS.items()):
        ct2_engine._TRANSLATORS[key] = CountingTranslator(real)
        spies.append(ct2_engine._TRANSLATORS[key])
    return spies


def test_direct_argos_translation(cli, tiny_models, models_dir, article_sentences):
    install(cli, tiny_models["kk_en_argosmodel"])
    engine = load_engine()
    assert isinstance(engine, Engine)
    assert engine.route("kk", "en") == ("kk", "en")
    out = engine.translate(article_sentences, "kk", "en")
    assert len(out) == len(article_sentences) > 5
    assert [t.source for t in out] == article_sentences
    for t in out:
        assert isinstance(t, Translation)
        assert t.text.strip() and t.route == ("kk", "en") and t.models == ("translate-kk_en-1_0",) and not t.pivot
        assert t.score < 0
    ct2_engine.clear_caches()
    again = load_engine(models_dir).translate(article_sentences, "kk", "en")
    assert [t.text for t in again] == [t.text for t in out]


def test_pivot_through_english(cli, tiny_models, models_dir, article_sentences):
    install(cli, tiny_models["kk_en_argosmodel"], tiny_models["en_ru_argosmodel"])
    engine = load_engine()
    assert engine.route("kk", "ru") == ("kk", "en", "ru")
    spies = spy(engine, "kk", "ru")
    out = engine.translate(article_sentences, "kk", "ru")
    assert len(out) == len(article_sentences)
    assert all(t.route == ("kk", "en", "ru") and t.pivot for t in out)
    assert out[0].models == ("translate-kk_en-1_0", "translate-en_ru-1_0")
    assert "kk→en→ru (pivot" in out[0].describe_route()
    # Both hops batched: a handful of translate_batch calls, not one per sentence.
    assert len(spies) == 2 and all(0 < len(s.calls) < len(article_sentences) and max(map(len, s.calls)) > 1 for s in spies)
    hop1 = load_engine().translate(article_sentences, "kk", "en")
    assert [t.text for t in out] != [t.text for t in hop1]  # second hop really ran
    fp = engine.fingerprint("kk", "ru")
    assert "translate-kk_en-1_0@1.0" in fp and "translate-en_ru-1_0@1.0" in fp
    assert fp == load_engine().fingerprint("kk", "ru")


def test_direct_model_preferred_over_pivot(cli, tiny_models, models_dir):
    install(cli, tiny_models["kk_en_argosmodel"], tiny_models["en_ru_argosmodel"], tiny_models["kk_ru_nllb"])
    assert load_engine().route("kk", "ru") == ("kk", "ru")


@pytest.mark.parametrize("kind", ["kk_ru_nllb", "kk_ru_marian", "kk_ru_argosmodel"])
def test_each_model_kind_translates_kk_ru(cli, tiny_models, models_dir, article_sentences, kind):
    install(cli, tiny_models[kind])
    engine = load_engine()
    spies = spy(engine, "kk", "ru")
    out = engine.translate(article_sentences[:6], "kk", "ru")
    assert len(out) == 6 and all(t.text.strip() for t in out)
    first = spies[0].calls[0][0]
    if kind == "kk_ru_nllb":
        assert first[0] == "kaz_Cyrl" and first[-1] == "</s>"
        assert not any(t.text.startswith("rus_Cyrl") for t in out)
    elif kind == "kk_ru_marian":
        assert first[0] == ">>rus<<" and first[-1] == "</s>"
    else:
        assert first[0] != "kaz_Cyrl" and first[-1] != "</s>"


def test_no_route_is_a_clear_model_error(models_dir, tiny_models, cli):
    engine = load_engine()
    with pytest.raises(ModelError) as err:
        engine.route("kk", "ru")
    assert str(err.value) == f"no kk→ru model installed; see `kztranslate models get` (models directory: {models_dir})"
    assert err.value.exit_code == 3
    install(cli, tiny_models["kk_en_argosmodel"])  # kk→en alone is no route to ru
    with pytest.raises(ModelError, match="no kk→ru model installed"):
        load_engine().translate(["Сәлем."], "kk", "ru")
    with pytest.raises(InputError):
        load_engine().route("kk", "kk")


def test_n_best_alternatives(cli, tiny_models, models_dir, article_sentences):
    install(cli, tiny_models["kk_en_argosmodel"])
    out = load_engine(beam_size=4).translate(article_sentences[:3], "kk", "en", n_best=3)
    for t in out:
        assert len(t.alternatives) == 3
        assert t.alternatives[0] == (t.text, t.score)
        scores = [s for _, s in t.alternatives]
        assert scores == sorted(scores, reverse=True)
    with pytest.raises(InputError, match="cannot exceed beam-size"):
        load_engine(beam_size=2).translate(article_sentences[:1], "kk", "en", n_best=3)


def test_duplicates_translated_once_and_cache(cli, tiny_models, models_dir, article_sentences):
    install(cli, tiny_models["kk_en_argosmodel"])
    engine = load_engine()
    [counter] = spy(engine, "kk", "en")
    batch = article_sentences[:4] * 3 + ["", "  "]
    out = engine.translate(batch, "kk", "en")
    assert len(out) == len(batch)
    assert counter.sentences == 4
    assert [t.text for t in out[:4]] == [t.text for t in out[4:8]]
    assert out[-2].text == "" and out[-1].text == "  "
    engine.translate(article_sentences[:4], "kk", "en")
    assert counter.sentences == 4  # all cached
    load_engine(cache=False).translate(article_sentences[:4], "kk", "en")
    assert counter.sentences == 8


def test_long_sentence_split_not_truncated(cli, tiny_models, models_dir, article_sentences):
    install(cli, tiny_models["kk_ru_nllb"])
    manifest_path = models_dir / "nllb-kk_ru-nllb-tiny" / "kztranslate.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["max_source_tokens"] = 12
    manifest_path.write_text(json.dumps(manifest))
    long = ", ".join(article_sentences[1:4])
    engine = load_engine()
    [counter] = spy(engine, "kk", "ru")
    [t] = engine.translate([long], "kk", "ru")
    units = [u for call in counter.calls for u in call]
    assert len(units) > 3
    assert all(len(u) <= 12 for u in units)
    content = "".join("".join(u[1:-1]) for u in units).replace("▁", "")
    # Units are decoded sorted by length; as a multiset they hold every character once: no truncation.
    assert sorted(content) == sorted(long.replace(" ", ""))
    assert t.text.strip()


def test_engine_options_are_checked(models_dir):
    with pytest.raises(InputError, match="unknown engine option"):
        load_engine(beams=3)
    with pytest.raises(InputError, match="beam-size"):
        load_engine(beam_size=0)
    assert load_engine(beam_size=None).options.beam_size == 4


def test_translation_in_a_fresh_process_is_deterministic(cli, tiny_models, models_dir, article_sentences):
    """The real CLI's process (network blocked) gets the same output as this one."""
    install(cli, tiny_models["kk_en_argosmodel"], tiny_models["en_ru_argosmodel"])
    ours = [t.text for t in load_engine().translate(article_sentences, "kk", "ru")]
    code = (
        "import json,sys; from kztranslate.engine import load_engine; "
        "s=json.load(sys.stdin); print(json.dumps([t.text for t in load_engine().translate(s,'kk','ru')]))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT))
    r = subprocess.run([sys.executable, "-c", code], input=json.dumps(article_sentences), capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == ours


def test_buckets_are_longest_first_within_both_budgets():
    """The decoding layout: every unit once, longest first, no bucket over the sentence or the
    padded-token budget (a unit longer than the budget alone), lengths never interleaved."""
    import random

    rng = random.Random(3)
    lengths = [rng.choice([1, 3, 4, 9, 20, 33, 90, 300]) for _ in range(500)]
    for max_sentences, max_tokens in ((64, 768), (16, 10**9), (1, 768), (8, 50)):
        layout = ct2_engine.buckets(lengths, max_sentences, max_tokens)
        assert sorted(i for b in layout for i in b) == list(range(len(lengths)))
        flat = [lengths[i] for b in layout for i in b]
        assert flat == sorted(lengths, reverse=True)
        for b in layout:
            longest = lengths[b[0]]
            assert len(b) <= max_sentences
            assert len(b) * longest <= max_tokens or len(b) == 1
    assert ct2_engine.buckets([], 16, 768) == []
    # a budget of 768 padded tokens: 7 units of 100 tokens, then the rest
    assert [len(b) for b in ct2_engine.buckets([100] * 10, 64, 768)] == [7, 3]


@pytest.mark.parametrize("layout", [{"max_batch_size": 1}, {"max_batch_tokens": 10**6, "max_batch_size": 10**4}, {"max_batch_tokens": 40}])
def test_translations_do_not_depend_on_the_bucket_layout(cli, tiny_models, models_dir, article_sentences, layout):
    """One sentence per call, everything in one call, or small token budgets: the same hypotheses
    (padding in a batch does not change what a sentence decodes to), scores equal to rounding.
    Random weights never stop by themselves, so every bucket runs to its length cap (from its
    longest member): a global cap below every bucket's makes the caps equal, and what is left is
    the layout alone."""
    install(cli, tiny_models["kk_en_argosmodel"])
    default = load_engine(cache=False, max_decoding_length=12).translate(article_sentences, "kk", "en")
    other = load_engine(cache=False, max_decoding_length=12, **layout).translate(article_sentences, "kk", "en")
    assert [t.text for t in other] == [t.text for t in default]
    assert [t.score for t in other] == pytest.approx([t.score for t in default], rel=1e-3, abs=1e-3)
