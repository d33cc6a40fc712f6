"""The spaCy/medspaCy pipelines: a blank tokenizer, a sentencizer, medspaCy's TargetMatcher fed
with `rules/targets.yaml` and ConText fed with `rules/context.yaml`. Nothing is downloaded: no
trained model is used, only rules.

Two variants: `full` (the extractor: spelling lexicon, accent folding, hypothetical, historical and
family modifiers) and `baseline` (a plain negspaCy-style pipeline for the evaluation: the same target
phrases matched on the lower-case text, medspaCy's default ConText rules, negation only).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .rules import LANGS, categories, fold, modifiers, spelling

SENTENCE_ENDS = [".", "!", "?", "\n", "\n\n", "\n\n\n", "•", ";", "...", "…", "....", "?!", "!!"]


@dataclass(frozen=True)
class Pipeline:
    nlp: Any
    lang: str
    variant: str  # "full" | "baseline"

    def __call__(self, text: str) -> Any:
        doc = self.make_doc(text)
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc

    def make_doc(self, text: str) -> Any:
        """The tokens of `text`, their NORM set for the rules (full variant)."""
        doc = self.nlp.make_doc(text)
        if self.variant == "full":
            normalise(doc, self.lang)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Any]:
        """The documents of `texts`, in order, through spaCy's `nlp.pipe` (which takes ready
        documents: the tokens are normalised before the matchers see them, as in `__call__`)."""
        return iter(self.nlp.pipe((self.make_doc(t) for t in texts), batch_size=batch_size))


def normalise(doc: Any, lang: str) -> None:
    """Set each token's NORM to its folded, spelling-corrected form (the rules are matched on it)."""
    table = spelling(lang)
    for token in doc:
        base = fold(token.norm_ if lang == "en" else token.text)
        token.norm_ = table.get(base, base)


# "pain down my leg" also matches "pain down my left leg": an optional side word before these nouns
BODY = frozenset({"leg", "legs", "foot", "feet", "heel", "heels", "toes", "calf", "thigh", "knee"})
SIDE_NORMS = ["left", "right", "l", "r", "lt", "rt"]
BODY_FR = frozenset(
    {"pied", "jambe", "talon", "mollet", "cuisse", "genou"}
)  # le pied (droit) traîne
SIDE_NORMS_FR = ["gauche", "droite", "droit", "g", "d"]


def _token_pattern(nlp: Any, phrase: str, lang: str, attr: str) -> list[dict[str, Any]]:
    doc = nlp.make_doc(phrase)
    out: list[dict[str, Any]] = []
    table = spelling(lang)
    for i, t in enumerate(doc):
        if attr == "NORM":
            base = fold(t.norm_ if lang == "en" else t.text)
            norm = table.get(base, base)
            if lang == "en" and norm in BODY and i > 0:
                out.append({"NORM": {"IN": SIDE_NORMS}, "OP": "?"})
            out.append({"NORM": norm})
            if lang == "fr" and norm in BODY_FR and i < len(doc) - 1:
                out.append({"NORM": {"IN": SIDE_NORMS_FR}, "OP": "?"})
        else:
            out.append({"LOWER": t.lower_})
    return out


def _fold_pattern(pattern: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """A token pattern from the rules, its NORM values folded and spelling-corrected like tokens."""
    table = spelling(lang)

    def norm(word: str) -> str:
        base = fold(word)
        return table.get(base, base)

    out: list[dict[str, Any]] = []
    for token in pattern:
        token = dict(token)
        value = token.get("NORM")
        if isinstance(value, str):
            token["NORM"] = norm(value)
        elif isinstance(value, dict):
            token["NORM"] = {
                k: [norm(w) for w in v] if isinstance(v, list) else v for k, v in value.items()
            }
        out.append(token)
    return out


def _blank(lang: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import spacy

        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    return nlp


@cache
def pipeline(lang: str = "en", variant: str = "full") -> Pipeline:
    if lang not in LANGS or variant not in ("full", "baseline"):
        raise ValueError(f"no pipeline {lang}/{variant}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import medspacy  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401
        from medspacy.context import ConTextRule  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from medspacy.target_matcher import TargetRule  # type: ignore[import-untyped, import-not-found, unused-ignore]

        nlp = _blank(lang)
        attr = "NORM" if variant == "full" else "LOWER"
        matcher = nlp.add_pipe("medspacy_target_matcher")
        rules = []
        seen: set[tuple[str, str]] = set()
        for cat in categories().values():
            for phrase in cat.phrases.get(lang, ()):
                literal = phrase if isinstance(phrase, str) else json.dumps(phrase)
                key = (cat.name, literal)
                if key in seen:
                    continue
                seen.add(key)
                if isinstance(phrase, str):
                    pattern = _token_pattern(nlp, phrase, lang, attr)
                elif attr == "NORM":
                    pattern = _fold_pattern(phrase, lang)
                else:  # the baseline has no token patterns: it matches plain phrases only
                    continue
                rules.append(TargetRule(literal, cat.name, pattern=pattern))
        matcher.add(rules)
        if variant == "full":
            context = nlp.add_pipe(
                "medspacy_context",
                config={
                    "rules": None,
                    "phrase_matcher_attr": "NORM",
                    "prune_on_target_overlap": True,
                },
            )
            ctx_rules = []
            for mod in modifiers():
                for phrase in mod.phrases.get(lang, ()):
                    ctx_rules.append(
                        ConTextRule(
                            phrase,
                            mod.category,
                            pattern=_token_pattern(nlp, phrase, lang, "NORM"),
                            direction=mod.direction,
                            max_scope=mod.max_scope,
                            terminated_by=set(mod.terminated_by) or None,
                        )
                    )
            context.add(ctx_rules)
        else:
            nlp.add_pipe("medspacy_context", config={"rules": "default"})
    return Pipeline(nlp=nlp, lang=lang, variant=variant)
