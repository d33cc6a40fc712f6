"""`sciatica check`: a self-check for a person in pain, in English or French.

The same adaptive flow as the web page and `POST /api/v1/self-check` (`sciatica.flow`, clinical-spec
Part I §4a): the question that can still change the result the most comes next, and the result
comes as soon as it is certain. "b" goes back; "?" answers "I don't know" (never read as "no"; a
cauda equina question is then asked again in simpler words); "q" stops, and a result that stops
before every cauda equina and motor question was answered shows no level, only the warning signs.
Non-interactive with --answers/--answer (a whole case, assessed as given).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..engine import assess
from ..errors import InvalidCase
from ..flow import Asked, Step, case_of, from_steps, next_step, read_answers
from ..paths import set_path
from ..plan import build_plan
from ..selfcheck import Back, Quit, read_choice
from ..validation import parse_case
from .assess_cmd import report_invalid
from .plan_render import render_plan
from .style import Painter, wants_colour

WORDS = {
    "en": {
        "intro": "Sciatica self-check. Answer with the number or the word; '?' if you do not know, "
        "'b' to go back, 'q' to stop.\nThis supports, and does not replace, a doctor. "
        "If you feel very unwell, call your emergency number now.",
        "yes": "yes",
        "no": "no",
        "unknown": "don't know",
        "again": "Please answer with one of the choices (or '?' if you don't know).",
        "number": "Please give a whole number",
        "stop_early": "Your answers already show an emergency: stop here and act now.",
        "result": "Result",
        "no_result": "No result yet: the questions about the warning signs were not all "
        "answered, so this check cannot say how urgent this is. Run it again to finish.",
        "call_if": "Call your emergency number now if you have any of these",
    },
    "fr": {
        "intro": "Auto-évaluation de la sciatique. Répondez par le numéro ou le mot ; « ? » si vous "
        "ne savez pas, « r » pour revenir, « q » pour arrêter.\nCet outil aide mais ne "
        "remplace pas un médecin. Si vous vous sentez très mal, appelez les urgences "
        "maintenant.",
        "yes": "oui",
        "no": "non",
        "unknown": "je ne sais pas",
        "again": "Répondez avec l'un des choix (ou « ? » si vous ne savez pas).",
        "number": "Donnez un nombre entier",
        "stop_early": "Vos réponses montrent déjà une urgence : arrêtez ici et agissez maintenant.",
        "result": "Résultat",
        "no_result": "Pas encore de résultat : les questions sur les signes d'alerte n'ont pas "
        "toutes reçu de réponse, on ne peut donc pas dire à quel point c'est urgent. Relancez "
        "l'auto-évaluation pour la terminer.",
        "call_if": "Appelez les urgences maintenant si vous avez l'un de ces signes",
    },
}


def _prompt(question: Asked, lang: str) -> str:
    lines = [f"\n{question.text}"]
    lines.extend(f"   - {item}" for item in question.items)
    if question.help is not None:
        lines.append(f"   ({question.help})")
    w = WORDS[lang]
    if question.kind == "number":
        lines.append(f"   [{w['number']} {question.minimum}-{question.maximum} / ?]")
    else:
        lines.extend(f"   {i}) {o.label}" for i, o in enumerate(question.options, 1))
        lines.append(f"   ?) {w['unknown']}")
    return "\n".join(lines)


@dataclass
class Interview:
    case: dict[str, Any]
    step: Step


def interview(
    lang: str,
    base: dict[str, Any],
    read: Callable[[str], str],
    write: Callable[[str], None],
) -> Interview:
    """Ask until the result is certain or the person stops; the case and the last step."""
    country = base.get("country")
    steps: list[tuple[str, Any]] = []  # (question, answer) in the order given, for "back"
    write(WORDS[lang]["intro"])
    step = next_step({}, [], lang, country)
    while not step.done and step.question is not None:
        question = step.question
        try:
            value = read_choice(question, read(_prompt(question, lang) + "\n> "))
        except Back:
            if steps:
                steps.pop()
                step = next_step(*from_steps(steps), lang, country)
            continue
        except Quit:
            break
        except ValueError:
            write(WORDS[lang]["again"])
            continue
        steps.append((question.field, value))
        step = next_step(*from_steps(steps), lang, country)
    if step.done and step.assessment.triage.level == "emergency" and step.optional:
        write("\n" + WORDS[lang]["stop_early"])
    expanded, counts = read_answers(*from_steps(steps))
    case = {**base, **case_of(expanded, counts, lang, country)}
    return Interview(case=case, step=step)


def _coerce(text: str) -> Any:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "oui"):
        return True
    if lowered in ("false", "no", "non"):
        return False
    if lowered.lstrip("-").isdigit():
        return int(lowered)
    return text.strip()


def answers_from(args: argparse.Namespace) -> dict[str, Any] | None:
    """Answers given on the command line or in a file, as a case; None when there are none."""
    if not args.answers and not args.answer:
        return None
    case: dict[str, Any] = {}
    if args.answers:
        text = Path(args.answers).read_text(encoding="utf-8")
        import yaml  # YAML is a superset of JSON: one loader reads both

        data = yaml.safe_load(text) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{args.answers}: expected a mapping of case paths to answers")
        for path, value in data.items():
            if isinstance(value, dict):
                for sub, inner in value.items():
                    set_path(case, f"{path}.{sub}", inner)
            else:
                set_path(case, str(path), value)
    for item in args.answer:
        path, sep, value = item.partition("=")
        if not sep:
            raise ValueError(
                f"--answer {item!r}: expected PATH=VALUE, e.g. symptoms.bladder=retention"
            )
        set_path(case, path.strip(), _coerce(value))
    return case


def no_result(step: Step, lang: str) -> str:
    """Part I §4a: stopped before the red-flag questions were answered: no level, the warning
    signs and the emergency number instead."""
    from ..patient import emergency_numbers

    w = WORDS[lang]
    numbers = ", ".join(n.label for n in emergency_numbers(step.assessment.country, lang))
    signs = "\n".join(f"  - {item}" for item in _warning_signs(lang))
    return f"\n{w['no_result']}\n{w['call_if']} ({numbers}):\n{signs}\n"


def _warning_signs(lang: str) -> list[str]:
    from ..knowledge import load_knowledge

    kb = load_knowledge()
    call_now = next(s for s in kb.self_check.screens if s.id == "screen.call_now")
    return [str(getattr(t, lang)) for t in (*call_now.items, *(i.text for i in kb.safety_net))]


def run_check(args: argparse.Namespace) -> int:
    lang = args.lang or "en"
    base: dict[str, Any] = {"format": "sciatica-case/1", "locale": lang}
    if args.country:
        base["country"] = args.country.upper()
    try:
        given = answers_from(args)
    except (OSError, ValueError) as error:
        print(f"sciatica: {error}", file=sys.stderr)
        return 2
    if given is not None:
        case = {**base, **given}
    else:

        def read(prompt: str) -> str:
            sys.stdout.write(prompt)
            sys.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                raise Quit
            return line

        done = interview(lang, base, read, print)
        case = done.case
        if not done.step.done and not done.step.red_flags_answered:
            print(no_result(done.step, lang))
            return 0
    try:
        result = assess(parse_case(case))
    except InvalidCase as error:
        return report_invalid(error)
    if args.case_out:
        Path(args.case_out).write_text(
            json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    if args.json:
        json.dump(result.to_json_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from .render import render_patient

    paint = Painter(wants_colour(sys.stdout, args.colour))
    print(f"\n{WORDS[lang]['result']}\n")
    print(render_patient(result, paint))
    # The personal plan follows a result below emergency (never in place of its action).
    plan = build_plan(result, parse_case(case), date.today())
    if plan is not None:
        print("\n" + render_plan(plan, paint))
    return 0
