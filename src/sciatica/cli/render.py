"""The assessment as a clear terminal summary: level banner, action, reasons with sources, roots,
differentials, next steps, safety-net, missing questions, disclaimer."""

from __future__ import annotations

import textwrap

from ..assessment import Assessment
from ..clinical_findings import clinical as clinical_words
from ..clinical_words import evidence_words, field_label, level_action, words
from ..knowledge import condition_names, label, load_knowledge, rule_titles
from ..patient import clinician_reasons
from .style import LEVEL_STYLE, Painter

WORDS = {
    "en": {
        "emergency": "EMERGENCY",
        "urgent": "URGENT - TODAY",
        "soon": "SOON - WITHIN 2 WEEKS",
        "routine": "ROUTINE",
        "self_care": "SELF-CARE",
        "why": "Why",
        "presentation": "Presentation",
        "roots": "Nerve roots",
        "no_root": "none localised (consider a plexus, a peripheral nerve or polyneuropathy)",
        "differentials": "Also consider",
        "for": "for",
        "against": "against",
        "next": "Next steps",
        "safety": "Seek help at once if any of these appear",
        "missing": "Not answered yet (could change the level)",
        "sources": "sources",
        "unverified": "UNVERIFIED",
        "score": "score",
        "side": "side",
        "chronicity": "duration",
        "followup": "Since the last visit",
        "call": "Call the emergency number: the person should not travel by themselves.",
        "numbers": "Emergency numbers",
        "waiting": "While you wait",
        "your_steps": "What happens next",
        "for_doctor": "Summary for your doctor (show them this)",
    },
    "fr": {
        "emergency": "URGENCE VITALE",
        "urgent": "URGENT - AUJOURD'HUI",
        "soon": "RAPIDEMENT - SOUS 2 SEMAINES",
        "routine": "CONSULTATION PROGRAMMÉE",
        "self_care": "AUTO-SOINS",
        "why": "Pourquoi",
        "presentation": "Tableau",
        "roots": "Racines nerveuses",
        "no_root": "aucune localisée (penser au plexus, à un nerf périphérique ou à une polyneuropathie)",
        "differentials": "À envisager aussi",
        "for": "pour",
        "against": "contre",
        "next": "Prochaines étapes",
        "safety": "Consultez immédiatement si l'un de ces signes apparaît",
        "missing": "Pas encore répondu (pourrait changer le niveau)",
        "sources": "sources",
        "unverified": "NON VÉRIFIÉ",
        "score": "score",
        "side": "côté",
        "chronicity": "durée",
        "followup": "Depuis la dernière visite",
        "call": "Appeler le numéro d'urgence : la personne ne doit pas se déplacer par ses propres moyens.",
        "numbers": "Numéros d'urgence",
        "waiting": "En attendant",
        "your_steps": "Et ensuite",
        "for_doctor": "Résumé pour votre médecin (montrez-le-lui)",
    },
}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent + "  ")


def render_summary(a: Assessment, paint: Painter) -> str:
    w = WORDS[a.locale]
    kb = load_knowledge()
    labels = {r.id: r.label for r in kb.rules}
    titles = rule_titles(a.locale)
    names = condition_names(a.locale)
    level = a.triage.level
    # what the clinician arranges at this level (E2.2), not the patient's "Call 15 now"
    lines = [paint(f"  {w[level]}  ", LEVEL_STYLE[level]), _wrap(level_action(level, a.locale), "")]
    if a.triage.call_emergency_number:
        lines.append(paint(w["call"], "bold"))
    lines.append("")
    loc = a.locale
    facts = [f"{w['presentation']}: {label('presentation', a.presentation, loc)}"]
    if a.side:
        facts.append(f"{w['side']}: {label('side', a.side, loc)}")
    if a.chronicity:
        facts.append(f"{w['chronicity']}: {label('chronicity', a.chronicity, loc)}")
    lines.append(paint(" | ".join(facts), "bold"))
    lines.append("")
    lines.append(paint(w["why"], "bold"))
    clinical = dict(clinician_reasons(a))  # `assess` is the clinician's command: their register
    # The clinician's words throughout: rule titles and findings as a colleague writes them, never
    # a rule id or a case field path (`sciatica explain` takes a title's rule from `sciatica rules`).
    for r in a.triage.reasons:
        flag = f" [{w['unverified']}]" if labels.get(r.rule) == "U" else ""
        title = titles.get(r.rule, r.rule)
        lines.append(_wrap(f"- {title} ({label('level', r.level, loc)}){flag}", "  "))
        lines.append(_wrap(clinical_words(r.evidence, loc), "    "))
        lines.append(_wrap(clinical.get(r.rule, r.text), "    "))
        lines.append(paint(f"    {w['sources']}: {', '.join(r.sources)} [{r.label}]", "dim"))
    lines.append("")
    lines.append(paint(w["roots"], "bold"))
    if a.roots:
        for root in a.roots:
            found = "; ".join(evidence_words(e, loc) for e in root.evidence)
            side = label("side", root.side, loc)
            lines.append(
                _wrap(f"- {root.root} {side}, {w['score']} {root.score:.2f}: {found}", "  ")
            )
        lines.append(paint(_wrap(words(loc)["cl_score_legend"], "  "), "dim"))
    else:
        lines.append(f"  {w['no_root']}")
    if a.differentials:
        lines.append("")
        lines.append(paint(w["differentials"], "bold"))
        for d in a.differentials:
            lines.append(
                f"  - {names.get(d.condition, d.condition)} "
                f"({label('likelihood', d.likelihood, loc)})"
            )
            for word, items in ((w["for"], d.for_), (w["against"], d.against)):
                if items:
                    said = "; ".join(evidence_words(e, loc) for e in items)
                    lines.append(_wrap(f"{word}: {said}", "      "))
    if a.follow_up is not None and a.follow_up.grade_changes:
        lines.append("")
        lines.append(paint(w["followup"], "bold"))
        for ch in a.follow_up.grade_changes:
            lines.append(f"  - {field_label(ch.finding, loc)}: MRC {ch.previous} → {ch.current}")
    if a.next_steps:
        lines.append("")
        lines.append(paint(w["next"], "bold"))
        for step in a.next_steps:
            lines.append(
                _wrap(f"- [{label('kind', step.kind, loc)}, {step.timing}] {step.text}", "  ")
            )
    if a.safety_net:
        lines.append("")
        lines.append(paint(w["safety"], "bold"))
        lines.extend(_wrap(f"- {item}", "  ") for item in a.safety_net)
    if a.missing:
        lines.append("")
        lines.append(paint(w["missing"], "bold"))
        lines.append(_wrap("; ".join(field_label(p, loc) for p in a.missing), "  "))
    lines.append("")
    lines.append(paint(_wrap(a.disclaimer, ""), "dim"))
    lines.append(paint(f"knowledge {a.knowledge_version}", "dim"))
    return "\n".join(lines)


def render_patient(a: Assessment, paint: Painter) -> str:
    """The patient's result (clinical-spec Part I §4a): one outcome, one action, what to do while
    waiting, why in plain words, the warning signs; the clinician work-up only at the end, in the
    summary for their doctor."""
    from ..patient import patient_result

    w = WORDS[a.locale]
    view = patient_result(a)
    style = LEVEL_STYLE.get(a.triage.level, "bold")
    out = [paint(f" {w[a.triage.level]} ", style), "", _wrap(view.action, "")]
    if a.triage.level in ("emergency", "urgent"):
        numbers = ", ".join(n.label for n in view.numbers)
        out.append(f"{w['numbers']}: {numbers}")
    sections = (
        (w["waiting"], view.while_waiting),
        (w["why"], view.reasons),
        (w["your_steps"], view.patient_steps),
        (w["safety"], view.safety_net),
    )
    for title, items in sections:
        if items:
            out += ["", paint(title, "bold")]
            out += [_wrap(f"- {item}", "  ") for item in items]
    if view.for_doctor:
        out += ["", paint(w["for_doctor"], "bold")]
        out += [_wrap(f"- {step.text} ({step.timing})", "  ") for step in view.for_doctor]
    out += ["", _wrap(a.disclaimer, "")]
    return "\n".join(out)
