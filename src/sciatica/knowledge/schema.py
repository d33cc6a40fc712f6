"""The closed schema of the knowledge base: every YAML file in this folder validates against these.

Unknown keys are refused (extra="forbid"); cross-references (a rule citing a source, an escalation
naming a rule) are checked by `sciatica.knowledge.load_knowledge`.

`load_yaml` and `validate_file` are the one strict way every packaged data file is read (the
knowledge base, the web strings, the FHIR tables): a duplicated key, an unknown key or a bad value
raises `KnowledgeError` naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from ..assessment import Condition, Level, Presentation, Root, StepKind
from ..errors import KnowledgeError

Label = str  # "C" | "S" | "U" | "SEED-000".."SEED-004", checked by pattern below
LABEL_PATTERN = r"^(C|S|U|SEED-00[0-4])$"


class _K(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Text(_K):
    """A clinician- or patient-facing string in both supported languages."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)


class Meta(_K):
    version: str = Field(pattern=r"^\d{4}\.\d{1,2}\.\d+$")
    reviewed_by_clinician: bool
    disclaimer: Text
    spec: str


class Source(_K):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    citation: str
    year: int | None = None
    url: str | None = None
    kind: Literal[
        "guideline",
        "pathway",
        "trial",
        "review",
        "cohort",
        "textbook",
        "teaching",
        "secondary",
        "seed",
        "specification",
    ]
    note: str | None = None


class Outcome(_K):
    level: Level
    text: Text = Field(description="the patient's register: plain words, addressed to the person")
    clinician: Text = Field(
        description="the clinician's register: the finding's meaning and urgency, clinical wording"
    )


class Rule(_K):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]+$")
    title: Text
    trigger: str = Field(min_length=1, description="the trigger in clinician words (English)")
    outcomes: dict[str, Outcome] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)
    spec: str = Field(
        description="where Part I / Part II define it, e.g. 'Part I §4; E2.3 RF-CES-1'"
    )
    condition: Condition | None = None
    call_the_number: bool = False
    interpretation: str | None = Field(
        default=None, description="a reading this project chose where the spec is silent or unsafe"
    )


class RootEntry(_K):
    root: Root
    key_muscles: list[str]
    other_muscles: list[str]
    reflexes: list[str]
    minor_reflexes: list[str]
    sensory_areas: list[str]
    tension_tests: list[str]
    gait: list[Literal["cannot_heel_walk", "cannot_toe_walk"]]
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)


class RootWeights(_K):
    key_muscle: float
    reflex: float
    minor_reflex: float
    other_muscle: float
    dermatome: float
    tension_test: float
    crossed_straight_leg_raise: float
    gait: float


class RootTable(_K):
    weights: RootWeights
    commonness: list[Root] = Field(description="tie-break order, most common first")
    roots: list[RootEntry]


class Mimic(_K):
    condition: Condition
    name: Text
    emergency: bool
    pattern: str = Field(description="the pattern of Part I §5 in words")
    explains: list[str] = Field(description="findings a holding pattern removes from root scoring")
    for_: list[str] = Field(alias="for", description="finding predicate ids pointing to the mimic")
    against: list[str] = Field(description="finding predicate ids pointing to a root instead")
    listed_when: list[str] = Field(
        description="predicate ids any of which lists the condition even when its pattern does not hold"
    )
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, populate_by_name=True, defer_build=True
    )


class When(_K):
    """A next step applies when every given key matches (any-of within a key)."""

    rules: list[str] | None = None
    presentations: list[Presentation] | None = None
    levels: list[Level] | None = None
    differentials: list[Condition] | None = None
    not_rules: list[str] | None = None


class NextStepEntry(_K):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    when: When
    kind: StepKind
    text: Text = Field(description="the clinician's register (the contract's next step text)")
    patient: Text | None = Field(
        description="the step in plain words for the person, or null (required key) when it is "
        "clinician work-up the person should not see as their own step (Part I §4a)"
    )
    timing: Text
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)


class WhileWaitingItem(_K):
    """What the person does while waiting for care (while_waiting.yaml), in plain words."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    when: When
    text: Text
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)


class Escalation(_K):
    id: str = Field(pattern=r"^ESC-\d\d$")
    trigger: str
    action: str
    implemented_by: list[str] = Field(min_length=1, description="rule ids that carry it out")
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)


class NeverRecommend(_K):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    what: Text
    terms: list[str] = Field(
        min_length=1, description="lower-case words a recommendation must not use"
    )
    why: str
    sources: list[str] = Field(min_length=1)
    label: str = Field(pattern=LABEL_PATTERN)
    seed_conflict: str | None = None


class CountryActions(_K):
    emergency: Text
    emergency_call: Text = Field(description="stroke and airway: call, do not travel yourself")
    urgent: Text
    soon: Text
    routine: Text
    self_care: Text


class EmergencyNumber(_K):
    """One emergency number: `label` is the whole display text, number included ("15 (SAMU)",
    "114 by text (deaf or hard of hearing)"); an `sms` number takes text messages, never calls."""

    number: str = Field(pattern=r"^[0-9]{2,6}$")
    label: Text
    kind: Literal["call", "sms"] = Field(description="a voice call (tel:) or a text message (sms:)")
    primary: bool = False


class Country(_K):
    code: str = Field(pattern=r"^([A-Z]{2}|default)$")
    name: Text
    numbers: list[EmergencyNumber] = Field(min_length=1, description="the primary one first")
    actions: CountryActions
    sources: list[str] = Field(min_length=1)

    @property
    def emergency_numbers(self) -> list[str]:
        """The numbers alone, primary first (call and sms alike)."""
        return [n.number for n in self.numbers]


class SafetyNetItem(_K):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: Text = Field(description="the patient's register: a short symptom phrase")
    clinician: Text = Field(description="the clinician's register: the sign in clinical wording")
    sources: list[str] = Field(min_length=1)


class Interpretation(_K):
    id: str = Field(pattern=r"^INT-\d\d$")
    spec: str
    issue: str
    reading: str
    why: str


class AskIf(_K):
    """One test of a self-check `ask_if`: the answer at `field` is (not) one of the values."""

    field: str
    in_: list[str | bool | int] | None = Field(default=None, alias="in")
    not_in: list[str | bool | int] | None = None
    answered: bool | None = None

    def holds(self, value: object) -> bool:
        """Whether the answer `value` (None when unanswered) meets this condition. An unanswered
        field is in no list, so `not_in` holds for it and `in` does not."""
        if self.answered is not None and (value is not None) != self.answered:
            return False
        if self.in_ is not None and value not in self.in_:
            return False
        return not (self.not_in is not None and value in self.not_in)

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, populate_by_name=True, defer_build=True
    )


class Choice(_K):
    value: str | bool | int
    text: Text


class Question(_K):
    field: str = Field(description="the case path this question fills, e.g. symptoms.bladder")
    kind: Literal["red_flag", "timing", "history", "symptom"]
    max_level: Level = Field(description="the highest level an answer to it can trigger")
    exam: bool = Field(description="asked by a clinician on examination, not by the self-check")
    text: Text
    help: Text | None = None
    answer: Literal["yes_no", "side", "choice", "number"]
    choices: list[Choice] | None = None
    minimum: int | None = None
    maximum: int | None = None
    ask_if: list[AskIf] = Field(default_factory=list)


class Screen(_K):
    """One self-check question standing for several yes/no-like red flags ("any of these?")."""

    id: str = Field(pattern=r"^screen\.[a-z_]+$")
    members: list[str] = Field(min_length=2)
    text: Text
    help: Text | None = None
    items: list[Text] = Field(min_length=2, description="one plain line per member, same order")


class Band(_K):
    value: int = Field(ge=0, description="the case value the band maps to (the safe side)")
    text: Text


class SelfCheck(_K):
    """How the self-check asks the questions of questions.yaml (self_check.yaml)."""

    screens: list[Screen]
    order: list[str] = Field(description="tie-break order: screens and question fields")
    bands: dict[str, list[Band]] = Field(description="durations asked as bands, by field")
    choices: dict[str, list[Band]] = Field(description="numbers asked as a few choices")
    simpler: dict[str, Text] = Field(description="re-wording after a first 'I don't know'")


class Knowledge(_K):
    """Everything the engine knows, loaded and cross-checked."""

    labels: dict[str, Text] = Field(description="display names of enum values, '<kind>.<value>'")

    meta: Meta
    sources: list[Source]
    rules: list[Rule]
    roots: RootTable
    mimics: list[Mimic]
    next_steps: list[NextStepEntry]
    escalation: list[Escalation]
    never: list[NeverRecommend]
    countries: list[Country]
    safety_net: list[SafetyNetItem]
    while_waiting: list[WhileWaitingItem]
    questions: list[Question]
    self_check: SelfCheck
    interpretations: list[Interpretation]


@cache
def _loader() -> Any:
    """The safe loader refusing a key given twice in one mapping: plain YAML keeps the last one
    silently, so a pasted duplicate would replace a rule's text or a string without a word. Made
    at the first YAML read, so that importing this module (every command does) does not import
    PyYAML: the packaged knowledge base is read from knowledge/parsed.json."""
    import yaml

    # libyaml's loader is ~10x faster than the pure-Python one; both are the *safe* loader.
    safe: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class UniqueKeyLoader(safe):  # type: ignore[valid-type, misc]
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicated = key in seen
                    seen.add(key)
                except TypeError:  # an unhashable key: the base constructor refuses it below
                    break
                if duplicated:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicated key {key!r}", key_node.start_mark
                    )
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    return UniqueKeyLoader


def load_yaml(text: str, where: str) -> Any:
    """The YAML document `text` of the packaged file `where` (e.g. "web/strings.yaml"), read with
    the safe loader; invalid YAML or a duplicated key raises `KnowledgeError` naming the file."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{where}: not valid YAML: {error}") from None


_IDS = ("id", "code", "field", "condition", "root")


def _entry(data: Any, loc: Sequence[int | str]) -> str | None:
    """The id of the innermost list entry on the way to `loc` (rule id, country code, ...), so
    that a message names the entry and not only its position."""
    found = None
    for part in loc:
        if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            if isinstance(data, dict):
                found = next((str(data[k]) for k in _IDS if isinstance(data.get(k), str)), found)
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            break
    return found


def describe(item: ErrorDetails, where: str, data: Any, skip: int = 0) -> str:
    """One refused key as '<file>: <key path>: <what is wrong>' (the path after `skip` parts)."""
    loc = item["loc"]
    path = ".".join(str(p) for p in loc[skip:]) or "(top)"
    what = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
    entry = _entry(data, loc)
    return f"{where}: {path}: {what}" + (f" (in {entry})" if entry else "")


M = TypeVar("M", bound=BaseModel)


def validate_file(model: type[M], data: Any, where: str) -> M:
    """`data` (the YAML of the file `where`) as a `model`, or `KnowledgeError` naming every
    refused key of the file."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        lines = [describe(item, where, data) for item in error.errors()]
        raise KnowledgeError("\n".join(lines)) from None
