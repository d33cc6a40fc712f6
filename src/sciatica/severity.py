"""What "worse" means for each case field: the one definition the safety properties test against.

Part I §4: changing any finding to a worse value (no -> yes, normal -> reduced -> absent, a lower MRC
grade, one leg -> both, stable -> worsening) never lowers the triage level. Each entry below lists
chains of values from better to worse; a value later in a chain is worse than one earlier in it.
Durations (`symptom_days`, `previous.days_ago`) have no direction: a long history fires the
persistent-pain rules and a short one the acute-danger rules, so they are deliberately absent.
"""

from __future__ import annotations

from .case import MUSCLES, REFLEXES, SENSORY_AREAS, SYMPTOM_SIDE_FIELDS

Value = object
Chains = tuple[tuple[Value, ...], ...]

NO_YES: Chains = ((False, True),)
SIDES: Chains = (("none", "left", "both"), ("none", "right", "both"))
# Part I §2 "side not stated" orders none < unspecified < one leg < both; INT-20 keeps
# unspecified and a named leg unordered: with one leg graded normal, a report of unstated side
# may belong to the ungraded leg and rightly weighs more than the same report on the graded one.
SYMPTOM_SIDE_CHAINS: Chains = (*SIDES, ("none", "unspecified", "both"))
GRADES: Chains = ((5, 4, 3, 2, 1, 0),)
REFLEX: Chains = (("normal", "reduced", "absent"), ("normal", "brisk"))
SENSATION: Chains = (("normal", "reduced", "absent"),)
TENSION: Chains = (("negative", "positive"),)
PULSE: Chains = (("present", "reduced", "absent"),)

HISTORY_FLAGS = (
    "became_bilateral",
    "trauma",
    "cancer_history",
    "unexplained_weight_loss",
    "fever",
    "iv_drug_use",
    "immunosuppression",
    "osteoporosis",
    "long_term_steroids",
    "diabetes",
    "pregnant",
    "previous_spine_surgery",
    "recent_spinal_procedure",
)
SYMPTOM_FLAGS = (
    "back_pain",
    "pain_below_knee",
    "pain_constant",
    "pain_prevents_sleep",
    "pain_disturbs_thinking",
    "pain_blocks_basic_activities",
    "pain_uncontrolled_by_opioids",
    "night_pain",
    "saddle_numbness",
    "sexual_dysfunction_new",
    "leg_gives_way",
    "claudication",
    "face_or_arm_symptoms",
    "speech_difficulty",
    "ascending_weakness",
    "breathing_or_swallowing_difficulty",
    "anterolateral_thigh_only",
)
SYMPTOM_SIDES = SYMPTOM_SIDE_FIELDS


def _worse() -> dict[str, Chains]:
    w: dict[str, Chains] = {
        "patient.age": (tuple(range(0, 131)),),
        "history.weakness_days": (tuple(range(36500, -1, -1)),),
        "history.onset": (("gradual", "sudden"),),
        "history.weakness_course": (("improving", "stable", "worsening"),),
        "history.conservative_care_weeks": (tuple(range(0, 521)),),
        "symptoms.pain_score": (tuple(range(0, 11)),),
        "symptoms.bladder": (
            ("normal", "new_difficulty", "retention"),
            ("normal", "new_difficulty", "incontinence"),
        ),
        "symptoms.bowel": (("normal", "new_difficulty", "incontinence"),),
        "symptoms.walking": (("normal", "limited", "needs_help", "unable"),),
        "exam.crossed_straight_leg_raise": SIDES,
        "exam.anal_tone": (("normal", "reduced"),),
        "exam.post_void_residual_ml": (tuple(range(0, 5001)),),
        "exam.sensation.saddle": SENSATION,
    }
    w.update({f"history.{f}": NO_YES for f in HISTORY_FLAGS})
    w.update({f"symptoms.{f}": NO_YES for f in SYMPTOM_FLAGS})
    w.update({f"symptoms.{f}": SYMPTOM_SIDE_CHAINS for f in SYMPTOM_SIDES})
    for leg in ("left", "right"):
        w.update({f"exam.strength.{leg}.{m}": GRADES for m in MUSCLES})
        # A higher grade last visit means a larger fall (or no recovery) now.
        w.update({f"previous.exam.strength.{leg}.{m}": (tuple(range(0, 6)),) for m in MUSCLES})
        w.update({f"exam.reflexes.{leg}.{r}": REFLEX for r in REFLEXES})
        w.update({f"exam.sensation.{leg}.{a}": SENSATION for a in SENSORY_AREAS})
        for test in ("straight_leg_raise", "femoral_stretch"):
            w[f"exam.{test}.{leg}"] = TENSION
        w[f"exam.foot_pulses.{leg}"] = PULSE
        for sign in ("babinski", "clonus", "fibular_head_tinel", "hoover_sign"):
            w[f"exam.{sign}.{leg}"] = NO_YES
    return w


WORSE: dict[str, Chains] = _worse()
"""Case path -> chains of values from better to worse."""


def is_worse(path: str, before: Value, after: Value) -> bool:
    """True when `after` is strictly worse than `before` for the field at `path`."""
    for chain in WORSE.get(path, ()):
        if before in chain and after in chain:
            return chain.index(after) > chain.index(before)
    return False


NEGATIVE: dict[str, Value] = {
    **{f"history.{f}": False for f in HISTORY_FLAGS},
    **{f"symptoms.{f}": False for f in SYMPTOM_FLAGS},
    **{f"symptoms.{f}": "none" for f in SYMPTOM_SIDES},
    "symptoms.bladder": "normal",
    "symptoms.bowel": "normal",
    "exam.sensation.saddle": "normal",
    "exam.anal_tone": "normal",
    "exam.post_void_residual_ml": 0,
}
"""The plain "no" answer of each yes/no-like question: what an unanswered question is compared to."""
