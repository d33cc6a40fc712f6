"""Triage rules (clinical-spec.md Part I §4): one trigger per rule id of knowledge/rules.yaml.

A trigger returns (outcome, evidence) when its rule fires, else None: the evidence items say what
fired it, as data (assessment.Evidence); the reason's `finding` string is rendered from them.
The outcome names an entry of the rule's `outcomes` in the knowledge base, which holds its level,
texts and sources: the level is data, the trigger is code. The level of a case is the highest
level of every rule that fired.
Presentation-based rules (RF-SENSORY, RF-MIMIC, RF-PAIN-ONLY, RF-UNDETERMINED) run after the
presentation is known; every other rule runs on the findings alone.
"""

from __future__ import annotations

from collections.abc import Callable

from .assessment import Evidence, Join, Note
from .context import Context
from .evidence import MEMO_SIZE, item, yes
from .facts import LEGS, PRESENT, Facts, WeakItems
from .thresholds import T

Items = list[Evidence]
Fired = tuple[str, tuple[Evidence, ...]] | None
Trigger = Callable[[Context], Fired]

FIRED = "fired"


def _fired(items: Items, outcome: str = FIRED) -> Fired:
    return (outcome, tuple(items)) if items else None


# Grades are most of the evidence (about five items a case) and finite (legs x muscles x grades),
# so each is made once: see evidence.item on why items are shared.
_GRADES: dict[tuple[str, str, int, int | None], Evidence] = {}


def _grade(leg: str, muscle: str, grade: int, before: int | None = None) -> Evidence:
    key = (leg, muscle, grade, before)
    e = _GRADES.get(key)
    if e is None:
        path = f"exam.strength.{leg}.{muscle}"
        e = _GRADES[key] = item(path, grade, previous=before, side=leg, site=muscle)
    return e


def _grades_at_most(f: Facts, limit: int) -> Items:
    out: Items = []
    for name, leg in f.legs.items():
        lowest = leg.lowest
        if lowest is None or lowest > limit:  # most legs have none: skip their grades
            continue
        if limit > T.weak_grade_max:  # no rule reads grades above weak: the plain reading
            out += [_grade(name, m, g) for m, g in leg.grades.items() if g <= limit]
            continue
        weak = leg.weak_items
        if weak is None:
            weak = leg.weak_items = _weak_items(name, leg.weak_grades)
        under = weak.under.get(limit)
        if under is None:
            under = weak.under[limit] = tuple([e for g, e in weak.graded if g <= limit])
        out += under
    return out


# Three motor rules read a leg's weak grades under three limits, so the leg keeps their items; and
# the same weak muscles and grades recur from case to case (185 of the 487 weak legs in the
# regression corpus repeat an earlier one), so the items of each are gathered once and shared as a
# tuple, with those under each limit once read. Keyed by value. Bounded as the evidence items are.
_WEAK: dict[tuple[object, ...], WeakItems] = {}


def _weak_items(name: str, weak: list[tuple[str, int]]) -> WeakItems:
    key = (name, *weak)
    items = _WEAK.get(key)
    if items is None:
        items = WeakItems(tuple([(g, _grade(name, m, g)) for m, g in weak]), {})
        if len(_WEAK) < MEMO_SIZE:
            _WEAK[key] = items
    return items


_SYMPTOMS: dict[tuple[str, str, Note | None], Evidence] = {}


def _symptom(field: str, side: str, note: Note | None = None) -> Evidence:
    """A reported symptom on a side: finite, so each is made once, as grades are."""
    key = (field, side, note)
    e = _SYMPTOMS.get(key)
    if e is None:
        e = _SYMPTOMS[key] = item(f"symptoms.{field}", side, side=side, note=note)
    return e


def _reported(f: Facts, fields: tuple[str, ...], graded: bool | None = None) -> Items:
    """Reported sided motor symptoms, optionally only on graded (or ungraded) legs.

    A symptom of unstated side (Part I §2) belongs to whichever leg qualifies: it is reported once
    when any leg does."""
    motor = f.motor_symptoms  # the sided motor symptoms present (`fields` are some of them)
    if not motor:  # most cases
        return []
    reported = [x for x in fields if x in motor]
    if not reported:  # none of them reported: nothing to look for on the legs
        return []
    out: Items = []
    any_leg = False
    for name, leg in f.legs.items():
        if graded is not None and leg.graded != graded:
            continue
        any_leg = True
        out += [_symptom(x, name) for x in reported if x in leg.reported_motor]
    if any_leg:
        out += [_symptom(x, "unspecified") for x in reported if motor[x] == "unspecified"]
    return out


def rf_ces(ctx: Context) -> Fired:
    return _fired(ctx.facts.ces_features)


CES_QUESTIONS = (
    "symptoms.saddle_numbness",
    "symptoms.bladder",
    "symptoms.bowel",
    "symptoms.sexual_dysfunction_new",
)


def rf_ces_unsure(ctx: Context) -> Fired:
    """Part I §4 RF-CES-UNSURE: "I don't know" to a cauda equina question is never a "no"."""
    unsure = [item(path, note="not_sure") for path in CES_QUESTIONS if path in ctx.facts.unsure]
    return _fired(unsure)


def _bilateral(f: Facts, days: int | None = None) -> Evidence:
    """Both legs affected, for `days` days when given (then measured by history.symptom_days)."""
    legs = f.legs
    both = legs["left"].radicular_symptom and legs["right"].radicular_symptom
    numb = f.new_bilateral_numbness and not both
    path = None if days is None else "history.symptom_days"
    return item(path, days, note="numbness_both_legs" if numb else "radicular_both_legs")


def rf_bilat(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.bilateral_radicular:
        return None
    # The reasons it is new: one clause after the bilateral item, listed ("a, b, c").
    why: Items = []
    if f.symptoms_within(T.bilateral_recent_days):
        days = f.history.symptom_days
        note: Note | None = "read_as_recent" if days is None else None
        why.append(item("history.symptom_days", days, note=note))
    if f.became_bilateral:
        join: Join = "list" if why else "clause"
        why.append(
            item(note="newly_bilateral", join=join)
            if f.newly_bilateral
            else item("history.became_bilateral", True, join=join)
        )
    if f.worsening:
        why.append(item(note="worsening", join="list" if why else "clause"))
    return _fired([_bilateral(f), *why]) if why else None


def _bilateral_not_new(f: Facts, became: bool | None) -> bool:
    days = f.history.symptom_days
    return (
        f.bilateral_radicular
        and days is not None
        and days > T.bilateral_recent_days
        and f.became_bilateral is became
        and not f.worsening
    )


def rf_bilat_unclear(ctx: Context) -> Fired:
    f = ctx.facts
    if _bilateral_not_new(f, None):
        unanswered = item("history.became_bilateral", note="not_answered")
        return _fired([_bilateral(f, f.history.symptom_days), unanswered])
    return None


def rf_bilat_chronic(ctx: Context) -> Fired:
    f = ctx.facts
    if _bilateral_not_new(f, False):
        return _fired(
            [
                _bilateral(f, f.history.symptom_days),
                item(note="not_new", join="list"),
                item(note="not_worsening", join="list"),
            ]
        )
    return None


def _paralysis(f: Facts) -> Items:
    return _grades_at_most(f, T.paralysing_grade_max) + _reported(f, ("complete_paralysis",))


def _paralysis_recent(f: Facts) -> bool:
    recent = f.weakness_within(
        T.paralysis_recent_days
    )  # evaluated first: an unknown weakness_days goes into `missing`
    return recent or f.worsening


def rf_mot_paralysing(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.paralysed or not _paralysis_recent(f):
        return None
    when = [item("history.weakness_days", f.history.weakness_days)]
    if f.worsening:
        when.append(item(note="worsening", join="list"))
    return _fired([*_paralysis(f), *when])


def rf_mot_paralysing_old(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.paralysed or _paralysis_recent(f):
        return None
    days = item("history.weakness_days", f.history.weakness_days)
    return _fired([*_paralysis(f), days, item(note="not_worsening", join="list")])


def rf_mot_severe(ctx: Context) -> Fired:
    f = ctx.facts
    # INT-02: a reported foot drop fires on any leg, graded or not.
    found = _grades_at_most(f, T.severe_grade_max) + _reported(f, ("foot_drop",))
    found += _reported(f, ("complete_paralysis",), graded=False)
    return _fired(found)


def rf_mot_reported(ctx: Context) -> Fired:
    f = ctx.facts
    found = _reported(f, ("weakness", "cannot_heel_walk", "cannot_toe_walk"), graded=False)
    if f.symptoms.leg_gives_way and not all(leg.graded for leg in f.legs.values()):
        found.append(yes("symptoms.leg_gives_way"))
    return _fired([*found, item(note="not_yet_graded", join="aside")]) if found else None


def rf_mot_mild(ctx: Context) -> Fired:
    return _fired(_grades_at_most(ctx.facts, T.weak_grade_max))


def _worsening(f: Facts) -> Items:
    falls = [
        _grade(leg, muscle, now, before)
        for leg, muscle, before, now in f.grade_changes
        if now < before
    ]
    if falls:
        return falls
    if f.history.weakness_course == "worsening":
        return [item("history.weakness_course", "worsening")]
    return [item("history.weakness_course", note="read_as_worsening")]


def rf_mot_progressive(ctx: Context) -> Fired:
    f = ctx.facts
    if not (f.motor_deficit and f.worsening):
        return None
    severe = f.bilateral_radicular or (
        f.lowest_grade is not None and f.lowest_grade <= T.severe_grade_max
    )
    return _fired(_worsening(f), "severe_or_bilateral" if severe else "unilateral")


def rf_mot_no_recovery(ctx: Context) -> Fired:
    f = ctx.facts
    stuck = [
        _grade(leg, muscle, now, before)
        for leg, muscle, before, now in f.grade_changes
        if now <= T.severe_grade_max and now <= before
    ]
    if not stuck:
        return None
    days = f.previous.days_ago if f.previous is not None else None
    path = None if days is None else "previous.days_ago"
    return _fired([*stuck, item(path, days, note="not_improving", join="list")])


def rf_hyperalgesic(ctx: Context) -> Fired:
    return _fired([yes(path) for path in ctx.hyperalgesic])


def _holding(condition: str, describe: Callable[[Facts], Items]) -> Trigger:
    def trigger(ctx: Context) -> Fired:
        return (FIRED, tuple(describe(ctx.facts))) if ctx.holding.get(condition) else None

    return trigger


def _umn(f: Facts) -> Items:
    out = []
    for name, leg in f.legs.items():
        if leg.babinski:
            out.append(item(f"exam.babinski.{name}", True, side=name))
        if leg.clonus:
            out.append(item(f"exam.clonus.{name}", True, side=name))
        out.extend(
            item(f"exam.reflexes.{name}.{r}", "brisk", side=name, site=r)
            for r in leg.brisk
            if f.motor_deficit
        )
    return out


def _stroke(f: Facts) -> Items:
    s = f.symptoms
    return [
        yes(f"symptoms.{x}") for x in ("face_or_arm_symptoms", "speech_difficulty") if getattr(s, x)
    ]


def _gbs(f: Facts) -> Items:
    if f.symptoms.ascending_weakness:
        return [yes("symptoms.ascending_weakness")]
    return [item(note="gbs_pattern")]


def rf_airway(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.symptoms.breathing_or_swallowing_difficulty:
        return None
    weak: Note | None = (
        "with_leg_weakness" if f.motor_deficit or f.symptoms.ascending_weakness else None
    )
    return _fired([item("symptoms.breathing_or_swallowing_difficulty", True, note=weak)])


def _any_leg_pain(f: Facts) -> bool:
    return f.any_leg_pain


def _deficits(f: Facts) -> Items:
    """The deficits found, one clause ("motor deficit and reduced or absent reflex")."""
    found: list[Note] = []
    if f.motor_deficit:
        found.append("motor_deficit")
    if f.exam_sensory_loss:
        found.append("exam_sensory_loss")
    if f.reflex_loss:
        found.append("reflex_loss")
    return [item(note=n, join="clause" if i == 0 else "and") for i, n in enumerate(found)]


INFECTION_FLAGS = ("fever", "iv_drug_use", "immunosuppression", "long_term_steroids")


def rf_infection(ctx: Context) -> Fired:
    f = ctx.facts
    h = f.history.__dict__
    if not (h["fever"] or h["iv_drug_use"] or h["immunosuppression"] or h["long_term_steroids"]):
        return None  # most cases: no flag, nothing else to read
    flags = [yes(f"history.{x}") for x in INFECTION_FLAGS if h[x]]
    s = f.symptoms
    pain_unanswered = s.back_pain is None and s.leg_pain is None  # INT-17: not read as "no pain"
    if not flags or not (s.back_pain or _any_leg_pain(f) or pain_unanswered):
        return None
    if f.neuro_deficit:
        return _fired([*flags, *_deficits(f)], "with_deficit")
    pain = item(note="pain_unanswered" if pain_unanswered else "back_or_leg_pain")
    return _fired([*flags, pain], "no_deficit")


def rf_cancer(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.history.cancer_history:
        return None
    cancer = yes("history.cancer_history")
    if f.neuro_deficit:
        return _fired([cancer, *_deficits(f)], "with_deficit")
    numbness = f.symptoms.numbness
    if numbness in PRESENT:
        return _fired([cancer, _symptom("numbness", str(numbness))], "numbness_only")
    return None


def rf_cancer_flags(ctx: Context) -> Fired:
    f = ctx.facts
    h = f.history
    if not (h.cancer_history or h.unexplained_weight_loss or f.symptoms.night_pain):
        return None  # most cases: no flag
    flags = [
        yes(path)
        for path, value in (
            ("history.cancer_history", f.history.cancer_history),
            ("history.unexplained_weight_loss", f.history.unexplained_weight_loss),
            ("symptoms.night_pain", f.symptoms.night_pain),
        )
        if value
    ]
    if not flags:
        return None
    return _fired(flags, "several_flags" if len(flags) >= T.cancer_several_flags else "one_flag")


def rf_fracture(ctx: Context) -> Fired:
    f = ctx.facts
    if f.history.trauma and f.neuro_deficit:
        return _fired([yes("history.trauma"), *_deficits(f)])
    return None


def _onset(f: Facts) -> Evidence:
    if f.history.onset is None:
        return item("history.onset", note="read_as_sudden")
    return item("history.onset", "sudden")


def rf_fracture_risk(ctx: Context) -> Fired:
    f = ctx.facts
    h = f.history
    if h.trauma:
        return _fired([yes("history.trauma")])
    age = f.patient.age
    old = age is not None and age >= T.fracture_risk_age
    if not (old or h.osteoporosis or h.long_term_steroids):
        return None  # most cases: no risk, and onset is not read (nor assumed)
    risks = [yes(f"history.{x}") for x in ("osteoporosis", "long_term_steroids") if getattr(h, x)]
    if old:
        risks.append(item("patient.age", age))
    if risks and f.sudden_onset():
        return _fired([*risks, _onset(f)])
    return None


def rf_post_procedure(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.history.recent_spinal_procedure:
        return None
    procedure = yes("history.recent_spinal_procedure")
    if f.history.fever:
        return _fired([procedure, yes("history.fever")])
    if f.motor_deficit and f.worsening:
        return _fired([procedure, *_worsening(f)])
    return None


def _cold(f: Facts) -> Evidence:
    return _symptom("cold_pale_foot", str(f.symptoms.cold_pale_foot))


def rf_limb_threat(ctx: Context) -> Fired:
    return _fired([_cold(ctx.facts)]) if ctx.facts.symptoms.cold_pale_foot in PRESENT else None


def _limb_ischaemia(f: Facts) -> Items:
    return [_cold(f), _onset(f)]


def _vascular(f: Facts) -> Items:
    s = f.symptoms
    parts = []
    if s.claudication:
        relief = s.claudication_relief
        parts.append(item("symptoms.claudication_relief", relief, note="claudication_relief"))
    parts.extend(
        item(f"exam.foot_pulses.{name}", leg.pulse, side=name)
        for name, leg in f.legs.items()
        if leg.pulse in ("reduced", "absent")
    )
    if s.cold_pale_foot in PRESENT:
        parts.append(_cold(f))
    return parts


def rf_pain_6w(ctx: Context) -> Fired:
    f = ctx.facts
    days, score = f.history.symptom_days, f.symptoms.pain_score
    weeks = f.history.conservative_care_weeks
    if not _any_leg_pain(f) or days is None or days < T.persistent_pain_days:
        return None
    why = []
    if score is not None and score >= T.severe_pain_score:
        why.append(item("symptoms.pain_score", score))
    if weeks is not None and weeks >= T.conservative_care_weeks:
        why.append(item("history.conservative_care_weeks", weeks))
    if not why:
        return None
    return _fired([item("history.symptom_days", days, note="leg_pain_days"), *why])


def rf_pain_12w(ctx: Context) -> Fired:
    f = ctx.facts
    days = f.history.symptom_days
    if days is not None and days > T.long_standing_days and f.has_leg_symptom():
        return _fired([item("history.symptom_days", days, note="leg_symptoms_days")])
    return None


def rf_other_leg_symptom(ctx: Context) -> Fired:
    f = ctx.facts
    s = f.symptoms
    found = []
    if s.numbness in PRESENT:
        found.append(_symptom("numbness", str(s.numbness)))
    if s.claudication:
        found.append(yes("symptoms.claudication"))
    if s.anterolateral_thigh_only:
        found.append(yes("symptoms.anterolateral_thigh_only"))
    normal: Note = "grades_normal"
    graded_normal = [n for n, leg in f.legs.items() if leg.graded and leg.lowest == T.normal_grade]
    if graded_normal:
        for name in graded_normal:
            found += [_symptom(x, name, normal) for x in f.legs[name].reported_motor]
        found += [
            _symptom(x, "unspecified", normal)
            for x, side in f.motor_symptoms.items()
            if side == "unspecified"
        ]
        if s.leg_gives_way:
            found.append(item("symptoms.leg_gives_way", True, note=normal))
    return _fired(found)


def _presentation(name: str, note: Note) -> Trigger:
    def trigger(ctx: Context) -> Fired:
        return _fired([item(note=note)]) if ctx.presentation == name else None

    return trigger


def rf_mimic(ctx: Context) -> Fired:
    if ctx.presentation != "non_radicular":
        return None
    lead = ctx.candidates[0].condition if ctx.candidates else None
    return _fired([item(value=lead, note="fits_mimic")])


def rf_undetermined(ctx: Context) -> Fired:
    if ctx.presentation != "undetermined":
        return None
    answers = ctx.facts.leg_symptom_answers()
    answered = [a for a in answers if a is not None]
    if answered and all(a in (False, "none") for a in answered):
        return _fired([item(note="no_leg_symptoms")], "all_absent")
    if not answered:
        return _fired([item(note="leg_questions_unanswered")], "unanswered")
    return _fired([item(note="too_little_information")], "unanswered")


FINDING_RULES: dict[str, Trigger] = {
    "RF-CES": rf_ces,
    "RF-CES-UNSURE": rf_ces_unsure,
    "RF-BILAT": rf_bilat,
    "RF-BILAT-UNCLEAR": rf_bilat_unclear,
    "RF-BILAT-CHRONIC": rf_bilat_chronic,
    "RF-MOT-PARALYSING": rf_mot_paralysing,
    "RF-MOT-PARALYSING-OLD": rf_mot_paralysing_old,
    "RF-MOT-SEVERE": rf_mot_severe,
    "RF-MOT-REPORTED": rf_mot_reported,
    "RF-MOT-MILD": rf_mot_mild,
    "RF-MOT-PROGRESSIVE": rf_mot_progressive,
    "RF-MOT-NO-RECOVERY": rf_mot_no_recovery,
    "RF-HYPERALGESIC": rf_hyperalgesic,
    "RF-UMN": _holding("spinal_cord_compression", _umn),
    "RF-STROKE": _holding("stroke", _stroke),
    "RF-GBS": _holding("guillain_barre_syndrome", _gbs),
    "RF-AIRWAY": rf_airway,
    "RF-INFECTION": rf_infection,
    "RF-CANCER": rf_cancer,
    "RF-CANCER-FLAGS": rf_cancer_flags,
    "RF-FRACTURE": rf_fracture,
    "RF-FRACTURE-RISK": rf_fracture_risk,
    "RF-POST-PROCEDURE": rf_post_procedure,
    "RF-LIMB-ISCHAEMIA": _holding("acute_limb_ischaemia", _limb_ischaemia),
    "RF-LIMB-THREAT": rf_limb_threat,
    "RF-VASCULAR": _holding("vascular_claudication", _vascular),
    "RF-PAIN-6W": rf_pain_6w,
    "RF-PAIN-12W": rf_pain_12w,
    "RF-OTHER-LEG-SYMPTOM": rf_other_leg_symptom,
}

PRESENTATION_RULES: dict[str, Trigger] = {
    "RF-SENSORY": _presentation("sensory_radiculopathy", "sensory_without_motor"),
    "RF-MIMIC": rf_mimic,
    "RF-PAIN-ONLY": _presentation("pain_only_sciatica", "pain_without_deficit"),
    "RF-UNDETERMINED": rf_undetermined,
}

TRIGGERS: dict[str, Trigger] = {**FINDING_RULES, **PRESENTATION_RULES}

# --- evaluation -------------------------------------------------------------------------------
# Most rules fire on few cases, and calling each of the 29 finding triggers was the largest part
# of the triage. So consecutive rules that share what they need are run as a group, behind one
# test of it: when it fails, every rule of the group would return None at once (before reading
# an unknown value as the worst case, so `assumed` is unchanged). Groups keep FINDING_RULES
# order, which `sciatica.engine.compiled` checks.

Gate = Callable[[Context], bool]


def _motor_finding(ctx: Context) -> bool:
    """What every motor rule needs: a motor deficit, a weak or regraded muscle, a reported motor
    symptom (on a graded leg too: INT-02) or a leg giving way."""
    f = ctx.facts
    if f.motor_deficit or f.any_graded_weak or f.grade_changes:
        return True
    return bool(f.motor_symptoms) or bool(f.symptoms.leg_gives_way)


def _bilateral_symptoms(ctx: Context) -> bool:
    return bool(ctx.facts.bilateral_radicular)


def _a_pattern_holds(ctx: Context) -> bool:
    return bool(ctx.holding)


def _a_flag(ctx: Context) -> bool:
    """What the airway, infection, cancer, fracture and post-procedure rules need."""
    f = ctx.facts
    h = f.history.__dict__
    age = f.patient.age
    return bool(
        h["trauma"]
        or h["cancer_history"]
        or h["unexplained_weight_loss"]
        or h["fever"]
        or h["iv_drug_use"]
        or h["immunosuppression"]
        or h["long_term_steroids"]
        or h["osteoporosis"]
        or h["recent_spinal_procedure"]
        or f.symptoms.night_pain
        or f.symptoms.breathing_or_swallowing_difficulty
        or (age is not None and age >= T.fracture_risk_age)
    )


def _a_limb_threat(ctx: Context) -> bool:
    return bool(ctx.holding) or ctx.facts.symptoms.cold_pale_foot in PRESENT


def _group(gate: Gate | None, *rules: str) -> tuple[Gate | None, tuple[tuple[str, Trigger], ...]]:
    return gate, tuple((rule, FINDING_RULES[rule]) for rule in rules)


FINDING_GROUPS = (
    _group(None, "RF-CES", "RF-CES-UNSURE"),
    _group(_bilateral_symptoms, "RF-BILAT", "RF-BILAT-UNCLEAR", "RF-BILAT-CHRONIC"),
    _group(
        _motor_finding,
        "RF-MOT-PARALYSING",
        "RF-MOT-PARALYSING-OLD",
        "RF-MOT-SEVERE",
        "RF-MOT-REPORTED",
        "RF-MOT-MILD",
        "RF-MOT-PROGRESSIVE",
        "RF-MOT-NO-RECOVERY",
    ),
    _group(None, "RF-HYPERALGESIC"),
    _group(_a_pattern_holds, "RF-UMN", "RF-STROKE", "RF-GBS"),
    _group(
        _a_flag,
        "RF-AIRWAY",
        "RF-INFECTION",
        "RF-CANCER",
        "RF-CANCER-FLAGS",
        "RF-FRACTURE",
        "RF-FRACTURE-RISK",
        "RF-POST-PROCEDURE",
    ),
    _group(_a_limb_threat, "RF-LIMB-ISCHAEMIA", "RF-LIMB-THREAT", "RF-VASCULAR"),
    _group(None, "RF-PAIN-6W", "RF-PAIN-12W", "RF-OTHER-LEG-SYMPTOM"),
)

ON_PRESENTATION: dict[str, str] = {
    "sensory_radiculopathy": "RF-SENSORY",
    "non_radicular": "RF-MIMIC",
    "pain_only_sciatica": "RF-PAIN-ONLY",
    "undetermined": "RF-UNDETERMINED",
}
"""The presentation rule that can fire on each presentation (each fires on its own alone)."""


def run_findings(ctx: Context) -> None:
    """The rules that read the findings alone (FINDING_RULES), into `ctx.fired`."""
    fired = ctx.fired
    for gate, rules in FINDING_GROUPS:
        if gate is not None and not gate(ctx):
            continue
        for rule_id, trigger in rules:
            result = trigger(ctx)
            if result is not None:
                fired[rule_id] = result


def run_presentation(ctx: Context) -> None:
    """The rule of the presentation, once `ctx.presentation` is known (PRESENTATION_RULES)."""
    rule_id = ON_PRESENTATION.get(ctx.presentation)
    if rule_id is not None:
        result = PRESENTATION_RULES[rule_id](ctx)
        if result is not None:
            ctx.fired[rule_id] = result


__all__ = [
    "FINDING_GROUPS",
    "FINDING_RULES",
    "LEGS",
    "ON_PRESENTATION",
    "PRESENTATION_RULES",
    "TRIGGERS",
    "run_findings",
    "run_presentation",
]
