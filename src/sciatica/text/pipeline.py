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


# A soft hyphen: the tokenizer keeps it inside the word it touches, and `normalise` drops it from
# the word's NORM. extract.unquoted puts it where a writer's quote marks were, so the quoted word
# matches as if unquoted while every character keeps its offset.
JOINER = "\u00ad"


# "quelques pas", "deux pas", "à petits pas": the noun (steps), not the negation. Its NORM is
# STEPS so that no negation rule reads it: "je marche sur le talon quelques pas, le pied accroche"
# asserted the foot drop, and read it denied (blind batch 16).
STEPS = "pas_steps"
STEP_COUNT = frozenset(
    {"quelques", "un", "des", "deux", "trois", "quatre", "cinq", "dix", "vingt", "cent", "petits",
     "grands", "premiers", "mes", "ses", "ces", "les", "nos", "vos", "leurs"}
)  # fmt: skip


def normalise(doc: Any, lang: str) -> None:
    """Set each token's NORM to its folded, spelling-corrected form (the rules are matched on it)."""
    table = spelling(lang)
    before = ""
    for token in doc:
        base = fold(token.norm_ if lang == "en" else token.text).replace(JOINER, "")
        norm = table.get(base, base)
        if lang == "fr" and norm == "pas" and before in STEP_COUNT:
            norm = STEPS
        token.norm_ = before = norm


# "pain down my leg" also matches "pain down my left leg": an optional side word before these nouns
BODY = frozenset({"leg", "legs", "foot", "feet", "heel", "heels", "toes", "calf", "thigh", "knee"})
SIDE_NORMS = ["left", "right", "l", "r", "lt", "rt"]
BODY_FR = frozenset(
    {"pied", "jambe", "talon", "mollet", "cuisse", "genou"}
)  # le pied (droit) traîne
SIDE_NORMS_FR = ["gauche", "droite", "droit", "g", "d"]


def _token_pattern(nlp: Any, phrase: str, lang: str, attr: str) -> list[dict[str, Any]]:
    # A phrase that ends in an elision ("pas d'", "rien d'", "jusqu'") is tokenized as it is in a
    # text, with a word after it: alone, the tokenizer splits "d'" into "d" and "'", and the
    # pattern never matched.
    elided = phrase.endswith(("'", "’"))
    doc = nlp.make_doc(phrase + "x")[:-1] if elided else nlp.make_doc(phrase)
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


# A token pattern is read as a list of plain phrases when it expands to at most this many.
MAX_PHRASES = 400


def phrases_of(pattern: list[dict[str, Any]]) -> list[tuple[str, ...]] | None:
    """The NORM sequences a token pattern matches, when it is only words, word sets and optional
    word sets ("pain down my [left|right]? leg"); None when it needs the token matcher (a
    wildcard, a repeat, another attribute) or expands to too many phrases."""
    out: list[tuple[str, ...]] = [()]
    for token in pattern:
        op = token.get("OP")
        value = token.get("NORM")
        if set(token) - {"NORM", "OP"} or op not in (None, "?"):
            return None
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            words = list(value["IN"])
        else:
            return None
        out = [(*p, w) for p in out for w in words] + (out if op == "?" else [])
        if len(out) > MAX_PHRASES:
            return None
    return out if out and all(out) else None  # a pattern that may match no word: the Matcher


class RuleMatcher:
    """The matches of medspaCy rules, as medspaCy's own matcher gives them (all matches of every
    rule, sorted by start, end, then the order the rules were added: the order of spaCy's token
    Matcher, on which medspaCy's pruning of overlaps depends), with the rules that are plain
    phrases in a spaCy PhraseMatcher on NORM, and the few others in token Matchers run only on a
    text that holds the words they need.
    Why: the token Matcher tries every one of ~1,000 patterns at every token and was a third of
    the extractor's time; a phrase lookup is a hash per token. tests/text/test_matchers.py checks
    that both give the same matches."""

    def __init__(self, vocab: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.vocab = vocab
        self.phrases = PhraseMatcher(vocab, attr="NORM")
        # the other rules, each in its own token Matcher beside the words it cannot match
        # without: it is run only on a text that has them all
        self.patterns: list[tuple[list[frozenset[int]], Any]] = []
        self.number: dict[int, int] = {}  # match key -> the rule's place in the added order

    def add(self, pattern: list[dict[str, Any]]) -> int:
        """Add one rule's token pattern; returns its number."""
        from spacy.matcher import Matcher
        from spacy.tokens import Doc

        n = len(self.number)
        key = f"rule_{n}"
        self.number[self.vocab.strings.add(key)] = n
        words = phrases_of(pattern)
        if words is None:
            matcher = Matcher(self.vocab)
            matcher.add(key, [pattern])
            needed = [frozenset(self.vocab.strings.add(w) for w in ws) for ws in required(pattern)]
            self.patterns.append((needed, matcher))
            return n
        docs = []
        for phrase in dict.fromkeys(words):
            doc = Doc(self.vocab, words=list(phrase))
            for token, norm in zip(doc, phrase, strict=True):
                token.norm_ = norm
            docs.append(doc)
        self.phrases.add(key, docs)
        return n

    def __call__(self, doc: Any, prune: bool) -> list[tuple[int, int, int]]:
        """(rule number, start, end) of every match; overlaps pruned as medspaCy prunes them."""
        from medspacy.common.util import prune_overlapping_matches  # type: ignore[import-untyped, import-not-found, unused-ignore]

        found: list[tuple[int, int, int]] = []
        if len(self.phrases):  # an empty matcher warns at every call
            found += [(self.number[k], s, e) for k, s, e in self.phrases(doc)]
        if self.patterns:
            from spacy.attrs import NORM  # type: ignore[import-not-found, unused-ignore]

            norms = set(doc.to_array(NORM).tolist()) if len(doc) else set()
            for needed, matcher in self.patterns:
                if all(not norms.isdisjoint(words) for words in needed):
                    found += [(self.number[k], s, e) for k, s, e in matcher(doc)]
        found.sort(key=lambda m: (m[1], m[2], m[0]))
        return list(prune_overlapping_matches(found)) if prune and found else found


def required(pattern: list[dict[str, Any]]) -> list[set[str]]:
    """For each token of a pattern that must be there (no operator, or "+"), the NORM values it
    may take: a text whose words miss one of these sets cannot match."""
    out: list[set[str]] = []
    for token in pattern:
        if token.get("OP") not in (None, "+"):
            continue
        value = token.get("NORM")
        if isinstance(value, str):
            out.append({value})
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            out.append({str(w) for w in value["IN"]})
    return out


# phrase readings a cauda equina construction may replace where they share words (cauda.py)
YIELDING = frozenset(
    {"NUMBNESS", "GIVES_WAY", "WEAKNESS", "PARALYSIS", "FOOT_DROP", "WALK_UNABLE", "WALK_HELP",
     "WALK_LIMITED"}
)  # fmt: skip


class TargetMatches:
    """medspaCy's TargetMatcher (each rule's matches become `doc.ents`, overlaps pruned to the
    longest), its rules matched by a `RuleMatcher`, then the findings of two words (compose.py)
    on the tokens the phrase rules left."""

    def __init__(self, nlp: Any) -> None:
        self.rules: list[Any] = []
        self.matcher = RuleMatcher(nlp.vocab)

    @staticmethod
    def _composed(doc: Any, spans: list[Any]) -> list[Any]:
        from spacy.tokens import Span

        from .cauda import cauda_spans
        from .compose import claudication_spans, course_spans, leg_pain_spans, weakness_spans
        from .motor import motor_spans
        from .severity import severity_spans

        # a composed finding never overlaps a phrase rule's own span, nor another composed one
        taken = {i for span in (*doc.ents, *spans) for i in range(span.start, span.end)}
        out = []
        for label, find in (("WEAKNESS", weakness_spans), ("LEG_PAIN", leg_pain_spans)):
            for start, end in find(doc, taken):
                span = Span(doc, start=start, end=end, label=label)
                span._.target_rule = None
                out.append(span)
                taken.update(range(start, end))
        for start, end, label in (*motor_spans(doc, taken), *severity_spans(doc, taken)):
            span = Span(doc, start=start, end=end, label=label)
            span._.target_rule = None
            out.append(span)
            taken.update(range(start, end))
        for start, end, label in (*claudication_spans(doc, taken), *course_spans(doc, taken)):
            span = Span(doc, start=start, end=end, label=label)
            span._.target_rule = None
            out.append(span)
            taken.update(range(start, end))
        # the cauda equina constructions may take words a phrase rule read as something else
        # ("j'ai tout lâché dans mon slip" is no giving way); never another cauda equina reading
        yielding = [sp for sp in spans if sp.label_ in YIELDING]
        held = taken - {i for sp in yielding for i in range(sp.start, sp.end)}
        for start, end, label in cauda_spans(doc, held):
            span = Span(doc, start=start, end=end, label=label)
            span._.target_rule = None
            out.append(span)
            spans[:] = [sp for sp in spans if sp.end <= start or end <= sp.start]
        return out

    def add(self, rules: list[Any]) -> None:
        for rule in rules:
            self.matcher.add(rule.pattern)
            self.rules.append(rule)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        spans = []
        for n, start, end in self.matcher(doc, prune=True):
            rule = self.rules[n]
            span = Span(doc, start=start, end=end, label=rule.category)
            span._.target_rule = rule
            spans.append(span)
        spans.extend(self._composed(doc, spans))
        try:
            doc.ents = doc.ents + tuple(spans)
        except ValueError:  # overlapping spans: the first one in stays, as medspaCy does it
            for span in spans:
                try:
                    doc.ents += (span,)
                except ValueError:
                    continue
        return doc


class ContextMatches:
    """Stands in for the matcher inside medspaCy's ConText: the same interface (`rule_map`,
    `rules`, `labels`, and matches keyed by rule id), the same matches in the same order, found by
    a `RuleMatcher` (the ConText cues were a tenth of the extractor's time in the token Matcher)."""

    def __init__(self, nlp: Any, original: Any) -> None:
        self.original = original
        self.rule_map = original.rule_map
        self.matcher = RuleMatcher(nlp.vocab)
        self.keys: list[int] = []
        self.prune = bool(original._prune)
        for rule_id, rule in original.rule_map.items():  # in the order the rules were added
            self.matcher.add(rule.pattern)
            self.keys.append(nlp.vocab.strings.add(rule_id))

    @property
    def rules(self) -> Any:
        return self.original.rules

    @property
    def labels(self) -> Any:
        return self.original.labels

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        return [(self.keys[n], s, e) for n, s, e in self.matcher(doc, prune=self.prune)]


def _fast_context(nlp: Any, context: Any) -> None:
    """Give ConText a `ContextMatches` (its matcher is a private attribute: when a medspaCy
    version names it otherwise, or a rule is not a token pattern, its own matcher stays, slower
    and the same)."""
    name = "_ConText__matcher"
    original = getattr(context, name, None)
    if original is None or not all(
        isinstance(r.pattern, list) for r in getattr(original, "rule_map", {}).values()
    ):
        return
    setattr(context, name, ContextMatches(nlp, original))


def _target_matches(nlp: Any, name: str) -> TargetMatches:
    return TargetMatches(nlp)


def _blank(lang: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import spacy
        from spacy.language import Language

        nlp = spacy.blank(lang)
        # a short quoted phrase's closing quote becomes a soft hyphen (extract.unquoted): the full
        # stop after it is still a token of its own ("'entre les jambes'." had made "jambes\xad."
        # one word, and the saddle area was not read)
        suffixes: list[Any] = [*(nlp.Defaults.suffixes or ()), r"(?<=\u00ad)[\.,;:!\?]"]
        tokenizer: Any = nlp.tokenizer
        tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
        nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
        if not Language.has_factory("sciatica_stop_after_abbreviation"):
            Language.component("sciatica_stop_after_abbreviation")(_stop_after_abbreviation)
        nlp.add_pipe("sciatica_stop_after_abbreviation", after="sentencizer")
    return nlp


# words whose full stop belongs to them and never ends a sentence: "Dr. Martin", "Mrs. Jones"
TITLES = frozenset(
    {"dr.", "mr.", "mrs.", "ms.", "st.", "prof.", "pr.", "m.", "mme.", "mlle.", "e.g.", "i.e.",
     "etc.", "vs.", "cf.", "no.", "fig.", "approx."}
)  # fmt: skip


def _stop_after_abbreviation(doc: Any) -> Any:
    """A sentence ends after a word that keeps its full stop, when a capital follows: "we went to
    A&E. He said", "I'm in the U.K. My leg". spaCy's tokenizer leaves the stop inside "A&E." (the
    ampersand makes it a word of its own), so the sentencizer saw one sentence and a hypothetical
    "if his legs go weak we go to A&E. He has sciatica" lent its plural to the sciatica. Titles
    ("Dr. Martin") and initials keep their sentence."""
    for token in doc[:-1]:
        text = token.text
        if (
            len(text) > 2
            and text.endswith(".")
            and text.lower() not in TITLES
            and doc[token.i + 1].text[:1].isupper()
        ):
            doc[token.i + 1].is_sent_start = True
    return doc


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
        if variant == "full":
            from spacy.language import Language

            if not Language.has_factory("sciatica_target_matcher"):
                Language.factory("sciatica_target_matcher")(_target_matches)
            matcher = nlp.add_pipe("sciatica_target_matcher")
        else:
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
            _fast_context(nlp, context)
        else:
            nlp.add_pipe("medspacy_context", config={"rules": "default"})
    return Pipeline(nlp=nlp, lang=lang, variant=variant)
