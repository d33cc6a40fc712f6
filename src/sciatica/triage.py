"""Triage rules (clinical-spec.md Part I §4): one trigger per rule id of knowledge/rules.yaml.

A trigger returns (outcome, finding) when its rule fires, else None. The outcome names an entry
of the rule's `outcomes` in the knowledge base, which holds its level, texts and sources: the level
is data, the trigger is code. The level of a case is the highest level of every rule that fired.
Presentation-based rules (RF-SENSORY, RF-MIMIC, RF-PAIN-ONLY, RF-UNDETERMINED) run after the
presentation is known; every other rule runs on the findings alone.
"""

from __future__ import annotations

from collections.abc import Callable

from .context import Context
from .facts import LEGS, PRESENT, SIDED_MOTOR, Facts
from .thresholds import T

Fired = tuple[str, str] | None
Trigger = Callable[[Context], Fired]

FIRED = "fired"


def _grades_at_most(f: Facts, limit: int) -> list[str]:
    return [
        f"exam.strength.{name}.{muscle} = {grade}"
        for name, leg in f.legs.items()
        for muscle, grade in leg.grades.items()
        if grade <= limit
    ]


def _reported(f: Facts, fields: tuple[str, ...], graded: bool | None = None) -> list[str]:
    """Reported sided motor symptoms, optionally only on graded (or ungraded) legs.

    A symptom of unstated side (Part I §2) belongs to whichever leg qualifies: it is reported once
    when any leg does."""
    out: list[str] = []
    legs = [(n, leg) for n, leg in f.legs.items() if graded is None or leg.graded == graded]
    for name, leg in legs:
        out.extend(f"symptoms.{x} = {name}" for x in fields if x in leg.reported_motor)
    if legs:
        s = f.symptoms
        out.extend(f"symptoms.{x} = unspecified" for x in fields if getattr(s, x) == "unspecified")
    return out


def _join(parts: list[str]) -> str:
    return "; ".join(parts)


def rf_ces(ctx: Context) -> Fired:
    features = ctx.facts.ces_features
    return (FIRED, _join(features)) if features else None


CES_QUESTIONS = (
    "symptoms.saddle_numbness",
    "symptoms.bladder",
    "symptoms.bowel",
    "symptoms.sexual_dysfunction_new",
)


def rf_ces_unsure(ctx: Context) -> Fired:
    """Part I §4 RF-CES-UNSURE: "I don't know" to a cauda equina question is never a "no"."""
    unsure = [f"{path} = not sure" for path in CES_QUESTIONS if path in ctx.facts.unsure]
    return (FIRED, _join(unsure)) if unsure else None


def _bilateral_text(f: Facts) -> str:
    if f.new_bilateral_numbness and not all(leg.radicular_symptom for leg in f.legs.values()):
        return "new numbness in both legs"
    return "radicular symptoms in both legs"


def rf_bilat(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.bilateral_radicular:
        return None
    why = []
    if f.symptoms_within(T.bilateral_recent_days):
        days = f.history.symptom_days
        why.append(
            "symptom_days unknown (read as recent)" if days is None else f"symptom_days = {days}"
        )
    if f.became_bilateral:
        why.append(
            "newly bilateral since the last visit"
            if f.newly_bilateral
            else "became_bilateral = yes"
        )
    if f.worsening:
        why.append("worsening")
    return (FIRED, f"{_bilateral_text(f)}; {', '.join(why)}") if why else None


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
        return (
            FIRED,
            f"{_bilateral_text(f)} for {f.history.symptom_days} days; "
            "history.became_bilateral not answered",
        )
    return None


def rf_bilat_chronic(ctx: Context) -> Fired:
    f = ctx.facts
    if _bilateral_not_new(f, False):
        return (
            FIRED,
            f"{_bilateral_text(f)} for {f.history.symptom_days} days, not new, not worsening",
        )
    return None


def _paralysis(f: Facts) -> list[str]:
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
    days = f.history.weakness_days
    when = "weakness_days unknown" if days is None else f"weakness_days = {days}"
    return (FIRED, _join([*_paralysis(f), when + (", worsening" if f.worsening else "")]))


def rf_mot_paralysing_old(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.paralysed or _paralysis_recent(f):
        return None
    return (
        FIRED,
        _join([*_paralysis(f), f"weakness_days = {f.history.weakness_days}, not worsening"]),
    )


def rf_mot_severe(ctx: Context) -> Fired:
    f = ctx.facts
    # INT-02: a reported foot drop fires on any leg, graded or not.
    found = _grades_at_most(f, T.severe_grade_max) + _reported(f, ("foot_drop",))
    found += _reported(f, ("complete_paralysis",), graded=False)
    return (FIRED, _join(found)) if found else None


def rf_mot_reported(ctx: Context) -> Fired:
    f = ctx.facts
    found = _reported(f, ("weakness", "cannot_heel_walk", "cannot_toe_walk"), graded=False)
    if f.symptoms.leg_gives_way and not all(leg.graded for leg in f.legs.values()):
        found.append("symptoms.leg_gives_way = yes")
    return (FIRED, _join(found) + " (not yet graded on examination)") if found else None


def rf_mot_mild(ctx: Context) -> Fired:
    found = _grades_at_most(ctx.facts, T.weak_grade_max)
    return (FIRED, _join(found)) if found else None


def _worsening_text(f: Facts) -> str:
    falls = [
        f"exam.strength.{leg}.{muscle} {before} -> {now}"
        for leg, muscle, before, now in f.grade_changes
        if now < before
    ]
    if falls:
        return _join(falls)
    if f.history.weakness_course == "worsening":
        return "history.weakness_course = worsening"
    return "history.weakness_course unknown (read as worsening)"


def rf_mot_progressive(ctx: Context) -> Fired:
    f = ctx.facts
    if not (f.motor_deficit and f.worsening):
        return None
    severe = f.bilateral_radicular or (
        f.lowest_grade is not None and f.lowest_grade <= T.severe_grade_max
    )
    return ("severe_or_bilateral" if severe else "unilateral", _worsening_text(f))


def rf_mot_no_recovery(ctx: Context) -> Fired:
    f = ctx.facts
    stuck = [
        f"exam.strength.{leg}.{muscle} {before} -> {now}"
        for leg, muscle, before, now in f.grade_changes
        if now <= T.severe_grade_max and now <= before
    ]
    if not stuck:
        return None
    days = f.previous.days_ago if f.previous is not None else None
    since = f" over {days} days" if days is not None else ""
    return (FIRED, _join(stuck) + f", not improving{since}")


def rf_hyperalgesic(ctx: Context) -> Fired:
    return (FIRED, _join(ctx.hyperalgesic)) if ctx.hyperalgesic else None


def _holding(condition: str, describe: Callable[[Facts], str]) -> Trigger:
    def trigger(ctx: Context) -> Fired:
        return (FIRED, describe(ctx.facts)) if ctx.holding.get(condition) else None

    return trigger


def _umn_text(f: Facts) -> str:
    out = []
    for name, leg in f.legs.items():
        if leg.babinski:
            out.append(f"exam.babinski.{name} = yes")
        if leg.clonus:
            out.append(f"exam.clonus.{name} = yes")
        out.extend(f"exam.reflexes.{name}.{r} = brisk" for r in leg.brisk if f.motor_deficit)
    return _join(out)


def _stroke_text(f: Facts) -> str:
    s = f.symptoms
    return _join(
        [
            f"symptoms.{x} = yes"
            for x in ("face_or_arm_symptoms", "speech_difficulty")
            if getattr(s, x)
        ]
    )


def _gbs_text(f: Facts) -> str:
    if f.symptoms.ascending_weakness:
        return "symptoms.ascending_weakness = yes"
    return "weakness of both legs with knee and ankle reflexes reduced or absent on both sides"


def rf_airway(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.symptoms.breathing_or_swallowing_difficulty:
        return None
    weak = " with leg weakness" if f.motor_deficit or f.symptoms.ascending_weakness else ""
    return (FIRED, f"symptoms.breathing_or_swallowing_difficulty = yes{weak}")


def _any_leg_pain(f: Facts) -> bool:
    return f.any_leg_pain


def _deficit_text(f: Facts) -> str:
    parts = []
    if f.motor_deficit:
        parts.append("motor deficit")
    if f.exam_sensory_loss:
        parts.append("sensory loss on examination")
    if f.reflex_loss:
        parts.append("reduced or absent reflex")
    return " and ".join(parts)


INFECTION_FLAGS = ("fever", "iv_drug_use", "immunosuppression", "long_term_steroids")


def rf_infection(ctx: Context) -> Fired:
    f = ctx.facts
    flags = [f"history.{x} = yes" for x in INFECTION_FLAGS if getattr(f.history, x)]
    s = f.symptoms
    pain_unanswered = s.back_pain is None and s.leg_pain is None  # INT-17: not read as "no pain"
    if not flags or not (s.back_pain or _any_leg_pain(f) or pain_unanswered):
        return None
    if f.neuro_deficit:
        return ("with_deficit", _join([*flags, _deficit_text(f)]))
    pain = "pain questions unanswered" if pain_unanswered else "back or leg pain"
    return ("no_deficit", _join([*flags, pain]))


def rf_cancer(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.history.cancer_history:
        return None
    if f.neuro_deficit:
        return ("with_deficit", f"history.cancer_history = yes; {_deficit_text(f)}")
    if f.symptoms.numbness in PRESENT:
        return (
            "numbness_only",
            f"history.cancer_history = yes; symptoms.numbness = {f.symptoms.numbness}",
        )
    return None


def rf_cancer_flags(ctx: Context) -> Fired:
    f = ctx.facts
    flags = [
        f"{path} = yes"
        for path, value in (
            ("history.cancer_history", f.history.cancer_history),
            ("history.unexplained_weight_loss", f.history.unexplained_weight_loss),
            ("symptoms.night_pain", f.symptoms.night_pain),
        )
        if value
    ]
    if not flags:
        return None
    return ("several_flags" if len(flags) >= T.cancer_several_flags else "one_flag", _join(flags))


def rf_fracture(ctx: Context) -> Fired:
    f = ctx.facts
    if f.history.trauma and f.neuro_deficit:
        return (FIRED, f"history.trauma = yes; {_deficit_text(f)}")
    return None


def rf_fracture_risk(ctx: Context) -> Fired:
    f = ctx.facts
    h = f.history
    if h.trauma:
        return (FIRED, "history.trauma = yes")
    age = f.patient.age
    risks = [f"history.{x} = yes" for x in ("osteoporosis", "long_term_steroids") if getattr(h, x)]
    if age is not None and age >= T.fracture_risk_age:
        risks.append(f"patient.age = {age}")
    if risks and f.sudden_onset():
        onset = "onset unknown (read as sudden)" if h.onset is None else "onset = sudden"
        return (FIRED, _join([*risks, onset]))
    return None


def rf_post_procedure(ctx: Context) -> Fired:
    f = ctx.facts
    if not f.history.recent_spinal_procedure:
        return None
    if f.history.fever:
        return (FIRED, "history.recent_spinal_procedure = yes; history.fever = yes")
    if f.motor_deficit and f.worsening:
        return (FIRED, f"history.recent_spinal_procedure = yes; {_worsening_text(f)}")
    return None


def rf_limb_threat(ctx: Context) -> Fired:
    cold = ctx.facts.symptoms.cold_pale_foot
    return (FIRED, f"symptoms.cold_pale_foot = {cold}") if cold in PRESENT else None


def _limb_ischaemia_text(f: Facts) -> str:
    onset = "onset unknown (read as sudden)" if f.history.onset is None else "onset = sudden"
    return f"symptoms.cold_pale_foot = {f.symptoms.cold_pale_foot}; {onset}"


def _vascular_text(f: Facts) -> str:
    s = f.symptoms
    parts = []
    if s.claudication:
        parts.append(f"claudication, eased by {s.claudication_relief or 'unknown'}")
    parts.extend(
        f"exam.foot_pulses.{name} = {leg.pulse}"
        for name, leg in f.legs.items()
        if leg.pulse in ("reduced", "absent")
    )
    if s.cold_pale_foot in PRESENT:
        parts.append(f"symptoms.cold_pale_foot = {s.cold_pale_foot}")
    return _join(parts)


def rf_pain_6w(ctx: Context) -> Fired:
    f = ctx.facts
    days, score = f.history.symptom_days, f.symptoms.pain_score
    weeks = f.history.conservative_care_weeks
    if not _any_leg_pain(f) or days is None or days < T.persistent_pain_days:
        return None
    why = []
    if score is not None and score >= T.severe_pain_score:
        why.append(f"symptoms.pain_score = {score}")
    if weeks is not None and weeks >= T.conservative_care_weeks:
        why.append(f"history.conservative_care_weeks = {weeks}")
    return (FIRED, _join([f"leg pain for {days} days", *why])) if why else None


def rf_pain_12w(ctx: Context) -> Fired:
    f = ctx.facts
    days = f.history.symptom_days
    if days is not None and days > T.long_standing_days and f.has_leg_symptom():
        return (FIRED, f"leg symptoms for {days} days")
    return None


def rf_other_leg_symptom(ctx: Context) -> Fired:
    f = ctx.facts
    s = f.symptoms
    found = []
    if s.numbness in PRESENT:
        found.append(f"symptoms.numbness = {s.numbness}")
    if s.claudication:
        found.append("symptoms.claudication = yes")
    if s.anterolateral_thigh_only:
        found.append("symptoms.anterolateral_thigh_only = yes")
    for name, leg in f.legs.items():
        if leg.graded and leg.lowest == T.normal_grade:
            found.extend(f"symptoms.{x} = {name} (grades normal)" for x in leg.reported_motor)
    if any(leg.graded and leg.lowest == T.normal_grade for leg in f.legs.values()):
        unsided = [x for x in SIDED_MOTOR if getattr(s, x) == "unspecified"]
        found.extend(f"symptoms.{x} = unspecified (grades normal)" for x in unsided)
    if s.leg_gives_way and any(
        leg.graded and leg.lowest == T.normal_grade for leg in f.legs.values()
    ):
        found.append("symptoms.leg_gives_way = yes (grades normal)")
    return (FIRED, _join(found)) if found else None


def _presentation(name: str, finding: str) -> Trigger:
    def trigger(ctx: Context) -> Fired:
        return (FIRED, finding) if ctx.presentation == name else None

    return trigger


def rf_mimic(ctx: Context) -> Fired:
    if ctx.presentation != "non_radicular":
        return None
    lead = ctx.candidates[0].condition if ctx.candidates else "another cause"
    return (FIRED, f"the findings fit {lead.replace('_', ' ')} better than a nerve root")


def rf_undetermined(ctx: Context) -> Fired:
    if ctx.presentation != "undetermined":
        return None
    answers = ctx.facts.leg_symptom_answers()
    answered = [a for a in answers if a is not None]
    if answered and all(a in (False, "none") for a in answered):
        return ("all_absent", "no leg symptoms reported")
    if not answered:
        return ("unanswered", "the leg symptom questions were not answered")
    return ("unanswered", "too little information to classify the presentation")


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
    "RF-UMN": _holding("spinal_cord_compression", _umn_text),
    "RF-STROKE": _holding("stroke", _stroke_text),
    "RF-GBS": _holding("guillain_barre_syndrome", _gbs_text),
    "RF-AIRWAY": rf_airway,
    "RF-INFECTION": rf_infection,
    "RF-CANCER": rf_cancer,
    "RF-CANCER-FLAGS": rf_cancer_flags,
    "RF-FRACTURE": rf_fracture,
    "RF-FRACTURE-RISK": rf_fracture_risk,
    "RF-POST-PROCEDURE": rf_post_procedure,
    "RF-LIMB-ISCHAEMIA": _holding("acute_limb_ischaemia", _limb_ischaemia_text),
    "RF-LIMB-THREAT": rf_limb_threat,
    "RF-VASCULAR": _holding("vascular_claudication", _vascular_text),
    "RF-PAIN-6W": rf_pain_6w,
    "RF-PAIN-12W": rf_pain_12w,
    "RF-OTHER-LEG-SYMPTOM": rf_other_leg_symptom,
}

PRESENTATION_RULES: dict[str, Trigger] = {
    "RF-SENSORY": _presentation(
        "sensory_radiculopathy", "sensory symptoms or signs without a motor deficit"
    ),
    "RF-MIMIC": rf_mimic,
    "RF-PAIN-ONLY": _presentation("pain_only_sciatica", "leg pain without a neurological deficit"),
    "RF-UNDETERMINED": rf_undetermined,
}

TRIGGERS: dict[str, Trigger] = {**FINDING_RULES, **PRESENTATION_RULES}


def run(ctx: Context, rules: dict[str, Trigger]) -> None:
    for rule_id, trigger in rules.items():
        result = trigger(ctx)
        if result is not None:
            ctx.fired[rule_id] = result


__all__ = ["FINDING_RULES", "LEGS", "PRESENTATION_RULES", "TRIGGERS", "run"]
