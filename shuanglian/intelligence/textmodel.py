"""The text models of 智能分办, pure Python, nothing of Django (so the bench and the tests can run
them on plain lists).

Features are Chinese character unigrams and bigrams of the normalised text: no segmentation
dictionary is needed, nothing is downloaded, and a word like 增容 or 环评 is one bigram.

Two scorers, both explainable:
- `Lexicon` (cold start): each label has keywords (a category's lexicon, a department's duties);
  a keyword found in the text adds its weight (longer keywords are more specific and weigh more).
  The reason is the keywords found.
- `NaiveBayes` (learned): multinomial naive Bayes over the n-grams of the region's own past
  cases, Laplace-smoothed. The reason is the n-grams of the text that favour the label most.
Scores are turned into shares that add up to 1 over the labels (`softmax`), so a person reads
"0.82" as "fairly sure"; `blend` mixes the two when the learned model has measured better.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

KEEP = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")
# Bigrams almost every demand contains: they say nothing about its subject.
STOP_BIGRAMS = frozenset(
    "企业 希望 协调 帮助 解决 问题 申请 需要 目前 我们 公司 有限 一下 相关 部门 政府 尽快 反映 情况 进行 是否 能否 "
    "已经 没有 影响 对接 要求 工作 存在 支持 推动 加快 及时 有关 一些 近期 今年 去年 现在 由于 导致 造成 因为 "
    "所以 但是 如果 可以 不能 无法 我司 本司 贵单 单位".split()
)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case; only Chinese characters and letters/digits remain,
    runs joined by a space (so no bigram spans a punctuation mark)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(KEEP.findall(text))


def grams(text: str) -> Counter:
    """Unigrams and bigrams of Chinese runs (stop bigrams dropped), whole ASCII words."""
    out: Counter = Counter()
    for run in normalize(text).split(" "):
        if not run:
            continue
        if run.isascii():
            out[run] += 1
            continue
        out.update(run)
        out.update(b for b in (run[i:i + 2] for i in range(len(run) - 1)) if b not in STOP_BIGRAMS)
    return out


def bigrams(text: str) -> set[str]:
    """The distinct bigrams (and ASCII words) of a text: what similarity and the index use."""
    return {g for g in grams(text) if len(g) > 1}


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(v * large.get(k, 0) for k, v in small.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def similarity(a: str, b: str) -> float:
    """How much two demands say the same thing, 0..1: cosine of their bigram sets (unigrams left
    out — single characters are shared by unrelated texts)."""
    return set_cosine(bigrams(a), bigrams(b))


def set_cosine(ga: set, gb: set) -> float:
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / math.sqrt(len(ga) * len(gb))


# Characters of the asking, not of the problem: left out when comparing what two demands say.
STOP_CHARS = frozenset("的了和是在有我司公司企业希望请帮助协调解决问题反映一个")


def char_similarity(a: str, b: str) -> float:
    """How much two demands say the same thing, 0..1, robust to rewording: cosine of their sets of
    content characters (a reworded demand keeps its nouns — 冲压, 增容 — but not its bigrams).
    Measured on bench/intelligence_eval.jsonl: better duplicate F1 than bigrams (bench/RESULTS.md)."""
    ca = {c for c in normalize(a).replace(" ", "") if c not in STOP_CHARS}
    cb = {c for c in normalize(b).replace(" ", "") if c not in STOP_CHARS}
    if not ca or not cb:
        return 0.0
    return len(ca & cb) / math.sqrt(len(ca) * len(cb))


def softmax(scores: dict, temperature: float = 1.0) -> dict:
    if not scores:
        return {}
    top = max(scores.values())
    exp = {k: math.exp((v - top) / temperature) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


@dataclass
class Ranked:
    """One label's share and the words that weighed most for it."""

    label: object
    score: float
    words: list[str] = field(default_factory=list)


def top(shares: dict, reasons: dict, n: int = 3) -> list[Ranked]:
    ordered = sorted(shares.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]
    return [Ranked(label, round(score, 4), reasons.get(label, [])) for label, score in ordered]


def split_keywords(text: str) -> list[str]:
    """Keywords as staff write them: separated by spaces, commas, 、 or ；."""
    return [w for w in re.split(r"[\s,，、;；/]+", normalize_keep_words(text)) if w]


def normalize_keep_words(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


class Lexicon:
    """Cold start: label → keywords. A keyword in the text adds len(keyword) − 0.5 (a two-character
    word 0.5 less than its length, so that 增容 outweighs a stray 电); labels nobody's keywords
    hit share the rest evenly."""

    TEMPERATURE = 1.2

    def __init__(self, keywords: dict):
        self.keywords = {label: sorted(set(words), key=len, reverse=True) for label, words in keywords.items()}

    def raw(self, text: str) -> tuple[dict, dict]:
        plain = normalize_keep_words(text)
        scores, reasons = {}, {}
        for label, words in self.keywords.items():
            hits = [w for w in words if w in plain]
            # a keyword inside a longer hit of the same label counts once (供电 inside 供电公司)
            hits = [w for w in hits if not any(w != h and w in h for h in hits)]
            scores[label] = sum(len(w) - 0.5 for w in hits)
            reasons[label] = hits[:5]
        return scores, reasons

    def shares(self, text: str) -> tuple[dict, dict]:
        scores, reasons = self.raw(text)
        return softmax(scores, self.TEMPERATURE), reasons


class NaiveBayes:
    """Multinomial naive Bayes over `grams`, Laplace-smoothed, vocabulary capped at `max_vocab`
    most frequent n-grams (the rest carry little and cost memory)."""

    def __init__(self, priors: dict, counts: dict, totals: dict, vocab_size: int):
        self.priors, self.counts, self.totals, self.vocab_size = priors, counts, totals, vocab_size

    @classmethod
    def fit(cls, texts: list[str], labels: list, max_vocab: int = 30_000) -> NaiveBayes:
        per_label: dict = {}
        vocab: Counter = Counter()
        docs: Counter = Counter()
        for text, label in zip(texts, labels, strict=True):
            g = grams(text)
            per_label.setdefault(label, Counter()).update(g)
            vocab.update(g.keys())
            docs[label] += 1
        keep = {w for w, _ in vocab.most_common(max_vocab)}
        counts = {label: {w: c for w, c in cnt.items() if w in keep} for label, cnt in per_label.items()}
        totals = {label: sum(c.values()) for label, c in counts.items()}
        n = sum(docs.values())
        priors = {label: math.log(k / n) for label, k in docs.items()}
        return cls(priors, counts, totals, len(keep))

    def raw(self, text: str, g: Counter | None = None) -> tuple[dict, dict]:
        g = grams(text) if g is None else g
        scores, contrib = {}, {}
        for label, prior in self.priors.items():
            counts, denom = self.counts[label], self.totals[label] + self.vocab_size + 1
            s, parts = prior, {}
            for w, k in g.items():
                lp = math.log((counts.get(w, 0) + 1) / denom)
                s += k * lp
                parts[w] = lp
            scores[label], contrib[label] = s, parts
        mean = {w: sum(parts[w] for parts in contrib.values()) / len(contrib) for w in g}
        reasons = {}
        for label in sorted(scores, key=scores.get, reverse=True)[:3]:  # only the shown labels need a reason
            # the n-grams that favour this label most against the average label
            lift = {w: lp - mean[w] for w, lp in contrib[label].items()}
            reasons[label] = [w for w, v in sorted(lift.items(), key=lambda kv: -kv[1]) if v > 0 and len(w) > 1][:5]
        return scores, reasons

    def shares(self, text: str) -> tuple[dict, dict]:
        g = grams(text)
        scores, reasons = self.raw(text, g)
        # the log-likelihoods of a long text are far apart; a temperature keeps the shares readable
        return softmax(scores, max(1.0, sum(g.values()) / 12)), reasons

    def to_json(self) -> dict:
        return {"priors": {str(k): v for k, v in self.priors.items()},
                "counts": {str(k): v for k, v in self.counts.items()},
                "totals": {str(k): v for k, v in self.totals.items()}, "vocab_size": self.vocab_size}

    @classmethod
    def from_json(cls, data: dict, key=str) -> NaiveBayes:
        return cls({key(k): v for k, v in data["priors"].items()}, {key(k): v for k, v in data["counts"].items()},
                   {key(k): v for k, v in data["totals"].items()}, data["vocab_size"])


def blend(first: tuple[dict, dict], second: tuple[dict, dict], weight: float) -> tuple[dict, dict]:
    """`weight` of the first scorer's shares plus the rest of the second's; reasons of both."""
    (a, ra), (b, rb) = first, second
    labels = set(a) | set(b)
    shares = {k: weight * a.get(k, 0.0) + (1 - weight) * b.get(k, 0.0) for k in labels}
    reasons = {k: list(dict.fromkeys(rb.get(k, []) + ra.get(k, [])))[:5] for k in labels}
    return shares, reasons
