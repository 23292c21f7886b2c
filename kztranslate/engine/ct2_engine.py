"""The CTranslate2 engine: every installed model kind, one batched decoding stream, pivot routes.

Why it is fast on a 2-core CPU where ``argostranslate.translate`` is not: Argos translates one
paragraph at a time (each a separate ``translate_batch`` call after running its own sentence
splitter); we take all sentences of an article (or of a whole batch of articles), drop duplicates
and cached ones, sort them by token length and send them through ``translate_batch`` in buckets
(at most ``max_batch_size`` sentences and ``max_batch_tokens`` padded tokens, longest first: see
:func:`buckets`), so every call decodes a full batch with little padding. Each bucket gets its own
``max_decoding_length`` relative to its longest input, so a degenerate model (or random test
weights) cannot loop to the global limit. Models are loaded once per process (module-level cache),
and translations are cached in memory per (model, options, sentence).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kztranslate.engine.base import NoMT, Route, Translation
from kztranslate.engine.codec import Codec
from kztranslate.engine.longsplit import split_long
from kztranslate.engine.store import ModelInfo, list_models, models_dir
from kztranslate.errors import InputError, ModelError

PIVOT_LANGUAGES = ("en",)  # tried in order when no direct model exists

_TRANSLATORS: dict[tuple, object] = {}
_CODECS: dict[tuple, Codec] = {}
_LOAD_LOCK = threading.Lock()
_CACHE: "OrderedDict[tuple, tuple[tuple[str, float], ...]]" = OrderedDict()
CACHE_MAX = 200_000


@dataclass(frozen=True)
class Hop:
    """One step of a route: ``model`` translating ``source``→``target``."""

    model: ModelInfo
    source: str
    target: str


@dataclass(frozen=True)
class EngineOptions:
    """Decoding and threading settings (CLI/config names)."""

    beam_size: int = 4
    compute_type: str = "int8"
    device: str = "cpu"
    inter_threads: int = 0  # 0: automatic, see threads()
    intra_threads: int = 0  # 0: automatic, see threads()
    max_batch_size: int = 32  # sentences per bucket at most ...
    max_batch_tokens: int = 384  # ... and at most this many padded source tokens (sentences x longest; docs/benchmarks.md)
    n_best: int = 1
    length_penalty: float = 1.0
    decoding_ratio: float = 2.0  # max output tokens per input token ...
    decoding_slack: int = 10  # ... plus this many
    max_decoding_length: int = 512
    cache: bool = True

    def validate(self) -> "EngineOptions":
        for name in ("beam_size", "max_batch_size", "max_batch_tokens", "n_best", "max_decoding_length"):
            if getattr(self, name) < 1:
                raise InputError(f"{name.replace('_', '-')} must be at least 1")
        for name in ("inter_threads", "intra_threads"):
            if getattr(self, name) < 0:
                raise InputError(f"{name.replace('_', '-')} must be 0 (automatic) or more")
        if self.n_best > self.beam_size:
            raise InputError(f"n-best ({self.n_best}) cannot exceed beam-size ({self.beam_size})")
        return self

    def threads(self) -> tuple[int, int]:
        """(inter, intra) threads. Automatic: two batches decoded in parallel, the cores shared out.

        On a small CPU, two single-threaded batches in flight beat one batch on two threads (less
        synchronisation per decoding step); the engine keeps both busy by submitting every bucket
        asynchronously (see :meth:`Ct2Engine._decode_units`).
        """
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        inter = self.inter_threads or (1 if self.device != "cpu" else min(2, cores))
        intra = self.intra_threads or max(1, cores // inter)
        return inter, intra


def clear_caches() -> None:
    """Forget loaded models and cached translations (tests, long-running servers after an update)."""
    with _LOAD_LOCK:
        _TRANSLATORS.clear()
        _CODECS.clear()
        _CACHE.clear()


class Ct2Engine:
    """:class:`~kztranslate.engine.base.Engine` over the models in one directory."""

    def __init__(self, root: Path | None = None, options: EngineOptions | None = None, only: Sequence[str] | None = None) -> None:
        """``only``: use just these installed models (by name), e.g. to compare them in ``eval``."""
        self.root = models_dir(root)
        self.options = (options or EngineOptions()).validate()
        self.only = tuple(only) if only is not None else None
        self._models: list[ModelInfo] | None = None

    # -- model inventory and routes --------------------------------------------------------------
    def models(self) -> list[ModelInfo]:
        if self._models is None:
            found = [m for m in list_models(self.root) if m.usable]
            if self.only is not None:
                unknown = sorted(set(self.only) - {m.name for m in found})
                if unknown:
                    raise ModelError(f"no usable model named {', '.join(unknown)} in {self.root} (see `kztranslate models list`)")
                found = [m for m in found if m.name in self.only]
            self._models = found
        return self._models

    def _model_for(self, source: str, target: str) -> ModelInfo | None:
        """The model for one hop: a bilingual model made for the pair (Argos package, then Marian)
        before a multilingual one (NLLB), then by name."""
        rank = {"argos": 0, "marian": 1, "nllb": 2}
        found = [m for m in self.models() if m.serves(source, target)]
        return min(found, key=lambda m: (rank.get(m.kind, 9), m.name)) if found else None

    def plan(self, source: str, target: str) -> list[Hop]:
        """The hops of the route: direct if one model serves the pair, else through a pivot language."""
        if source == target:
            raise InputError(f"source and target language are both {source!r}")
        direct = self._model_for(source, target)
        if direct is not None:
            return [Hop(direct, source, target)]
        for pivot in PIVOT_LANGUAGES:
            if pivot in (source, target):
                continue
            first, second = self._model_for(source, pivot), self._model_for(pivot, target)
            if first is not None and second is not None:
                return [Hop(first, source, pivot), Hop(second, pivot, target)]
        raise ModelError(f"no {source}→{target} model installed; see `kztranslate models get` (models directory: {self.root})")

    def route(self, source: str, target: str) -> tuple[str, ...]:
        hops = self.plan(source, target)
        return (hops[0].source,) + tuple(h.target for h in hops)

    def resolve(self, source: str, target: str) -> Route:
        try:
            hops = self.plan(source, target)
        except ModelError:
            return Route(source, target, why_not=NoMT.NO_MODEL)
        return Route(source, target, (hops[0].source,) + tuple(h.target for h in hops), tuple(h.model.name for h in hops))

    def fingerprint(self, source: str, target: str) -> str:
        o = self.options
        models = "+".join(h.model.id for h in self.plan(source, target))
        return f"{'→'.join(self.route(source, target))}:{models}:beam{o.beam_size}:{o.compute_type}"

    # -- loading -----------------------------------------------------------------------------------
    def _load(self, info: ModelInfo) -> tuple[object, Codec]:
        o = self.options
        inter, intra = o.threads()
        key = (str(info.path), info.version, o.device, o.compute_type, inter, intra)
        with _LOAD_LOCK:
            translator = _TRANSLATORS.get(key)
            codec = _CODECS.get(key[:2])
            if codec is None:
                try:
                    codec = Codec(info)
                except Exception as exc:
                    raise ModelError(f"{info.name}: cannot load the tokenizer ({exc.__class__.__name__}: {exc})") from None
                _CODECS[key[:2]] = codec
            if translator is None:
                import ctranslate2

                try:
                    translator = ctranslate2.Translator(
                        str(codec.model_dir), device=o.device, compute_type=o.compute_type, inter_threads=inter, intra_threads=intra
                    )
                except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError for bad models
                    raise ModelError(f"{info.name}: cannot load the CTranslate2 model ({exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None
                _TRANSLATORS[key] = translator
        return translator, codec

    # -- translation ------------------------------------------------------------------------------
    def translate(self, sentences: Sequence[str], source: str, target: str, *, n_best: int | None = None) -> list[Translation]:
        n_best = n_best or self.options.n_best
        if n_best > self.options.beam_size:
            raise InputError(f"n-best ({n_best}) cannot exceed beam-size ({self.options.beam_size})")
        hops = self.plan(source, target)
        route = (hops[0].source,) + tuple(h.target for h in hops)
        names = tuple(h.model.name for h in hops)
        texts = list(sentences)
        if not texts:
            return []
        # Hop by hop; intermediate hops pass on their best hypothesis, scores add up (log-probs).
        current = texts
        totals = [0.0] * len(texts)
        results: list[tuple[tuple[str, float], ...]] = []
        for i, hop in enumerate(hops):
            last = i == len(hops) - 1
            results = self.translate_hop(hop, current, n_best if last else 1)
            if not last:
                totals = [t + r[0][1] for t, r in zip(totals, results)]
                current = [r[0][0] for r in results]
        out: list[Translation] = []
        for src, total, hyps in zip(texts, totals, results):
            alternatives = tuple((text, total + score) for text, score in hyps) if n_best > 1 else ()
            out.append(Translation(source=src, text=hyps[0][0], score=total + hyps[0][1], route=route, models=names, alternatives=alternatives))
        return out

    def translate_hop(self, hop: Hop, sentences: Sequence[str], n_best: int = 1) -> list[tuple[tuple[str, float], ...]]:
        """Translate with one model in one direction: n-best (text, score) per sentence, in input order."""
        o = self.options
        info = hop.model
        opt_key = (info.id, hop.source, hop.target, o.beam_size, n_best, o.length_penalty, o.compute_type)
        answers: dict[str, tuple[tuple[str, float], ...]] = {}
        todo: list[str] = []
        for s in dict.fromkeys(sentences):  # identical sentences translated once
            if not s.strip():
                answers[s] = tuple((s, 0.0) for _ in range(n_best))
            elif o.cache and (opt_key, s) in _CACHE:
                answers[s] = _CACHE[(opt_key, s)]
                _CACHE.move_to_end((opt_key, s))
            else:
                todo.append(s)
        if todo:
            translator, codec = self._load(info)
            limit = max(1, info.max_source_tokens - codec.overhead(hop.source, hop.target))
            # Too-long sentences become several pieces; each piece is one decoding unit.
            units: list[tuple[int, list[str]]] = []  # (sentence index in todo, pieces)
            owners: list[list[int]] = []
            for idx, s in enumerate(todo):
                pieces = codec.pieces(s)
                if len(pieces) <= limit:
                    chunks = [pieces]
                else:
                    chunks = [codec.pieces(part) for part in split_long(s, lambda t: len(codec.pieces(t)), limit)]
                owners.append([])
                for chunk in chunks:
                    owners[-1].append(len(units))
                    units.append((idx, chunk))
            decoded = self._decode_units(translator, codec, hop, [u[1] for u in units], n_best)
            for idx, s in enumerate(todo):
                parts = [decoded[u] for u in owners[idx]]
                if len(parts) == 1:
                    hyps = parts[0]
                else:  # join k-th hypotheses of every piece; score: mean of the pieces' scores
                    hyps = tuple(
                        (" ".join(p[k][0] for p in parts), sum(p[k][1] for p in parts) / len(parts)) for k in range(min(len(p) for p in parts))
                    )
                answers[s] = hyps
                if o.cache:
                    _CACHE[(opt_key, s)] = hyps
                    if len(_CACHE) > CACHE_MAX:
                        _CACHE.popitem(last=False)
        return [answers[s] for s in sentences]

    def _decode_units(self, translator, codec: Codec, hop: Hop, units: list[list[str]], n_best: int) -> list[tuple[tuple[str, float], ...]]:
        """Decode token lists in length-sorted buckets (:func:`buckets`), longest first, all in flight at once.

        Each bucket has its own ``max_decoding_length`` (from its longest input) and is submitted
        asynchronously, so CTranslate2's ``inter_threads`` workers each take the next bucket as soon
        as they are free. Longest first: the slowest buckets start at once and the short ones fill
        the gaps at the end, so no worker sits idle while another finishes one long bucket (with the
        shortest first, the last long bucket ran alone: 4.97 vs 8.94 sentences/s on 10 articles).
        """
        o = self.options
        out: list[tuple[tuple[str, float], ...]] = [()] * len(units)
        src, tgt = hop.source, hop.target
        target_prefix = codec.target_prefix(src, tgt)
        pending = []
        for ids in buckets([len(u) for u in units], o.max_batch_size, o.max_batch_tokens):
            batch = [codec.source_tokens(units[i], src, tgt) for i in ids]
            longest = len(units[ids[0]])
            cap = min(o.max_decoding_length, int(longest * o.decoding_ratio) + o.decoding_slack) + len(target_prefix)
            results = translator.translate_batch(
                batch,
                target_prefix=[target_prefix] * len(batch) if target_prefix else None,
                max_batch_size=o.max_batch_size,
                beam_size=o.beam_size,
                num_hypotheses=n_best,
                length_penalty=o.length_penalty,
                return_scores=True,
                max_input_length=0,  # we split long inputs ourselves; never truncate silently
                max_decoding_length=cap,
                asynchronous=True,
            )
            pending.append((ids, results))
        for ids, results in pending:
            for i, r in zip(ids, results):
                r = r.result()
                out[i] = tuple((codec.decode(h, src, tgt), float(sc)) for h, sc in zip(r.hypotheses, r.scores))
        return out


def buckets(lengths: Sequence[int], max_sentences: int, max_tokens: int) -> list[list[int]]:
    """Indices of ``lengths`` (tokens per unit) grouped into decoding buckets, longest first.

    Why a token budget as well as a sentence count: a bucket costs about its size times its
    longest member (everything is padded and decoded to that length), so a fixed count of long
    sentences makes the slowest, biggest buckets (and the process's peak memory: the last buckets
    of a batch were where it grew with the input). Buckets hold units of similar length; each
    holds at most ``max_sentences`` units and at most ``max_tokens`` padded tokens (units x the
    longest), and a unit longer than the budget goes alone.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    out: list[list[int]] = []
    for i in order:
        if out and len(out[-1]) < max_sentences and (len(out[-1]) + 1) * lengths[out[-1][0]] <= max_tokens:
            out[-1].append(i)
        else:
            out.append([i])
    return out
