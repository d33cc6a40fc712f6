"""`sciatica check`: a self-check for a person in pain, in English or French.

Short plain questions from knowledge/questions.yaml, most dangerous first; questions that earlier
answers made irrelevant are skipped (`ask_if`); "b" goes back; "?" leaves a question unanswered
(never read as "no"). It stops early once the answer is certainly "emergency": the level is
emergency and no timing value was read as the worst case. Non-interactive with --answers/--answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..engine import assess
from ..errors import InvalidCase
from ..knowledge.schema import Question
from ..paths import del_path, set_path
from ..selfcheck import (
    Back,
    Quit,
    certainly_emergency,
    parse_answer,
    self_check_questions,
    should_ask,
)
from ..validation import parse_case
from .assess_cmd import report_invalid
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
    },
}


def _prompt(question: Question, lang: str, position: str) -> str:
    lines = [f"\n{position} {getattr(question.text, lang)}"]
    if question.help is not None:
        lines.append(f"   ({getattr(question.help, lang)})")
    w = WORDS[lang]
    if question.answer == "yes_no":
        lines.append(f"   [{w['yes']} / {w['no']} / ?]")
    elif question.answer == "number":
        bounds = f" {question.minimum}-{question.maximum}" if question.maximum is not None else ""
        lines.append(f"   [{w['number']}{bounds} / ?]")
    else:
        for i, choice in enumerate(question.choices or [], 1):
            lines.append(f"   {i}) {getattr(choice.text, lang)}")
    return "\n".join(lines)


def interview(
    lang: str,
    base: dict[str, Any],
    read: Callable[[str], str],
    write: Callable[[str], None],
) -> dict[str, Any]:
    """Ask the questions in order; return the case built from the answers."""
    case: dict[str, Any] = json.loads(json.dumps(base))
    questions = self_check_questions()
    asked: list[str] = []  # fields in the order asked, for "back"
    write(WORDS[lang]["intro"])
    i = 0
    while i < len(questions):
        question = questions[i]
        if not should_ask(question, case) or question.field in asked:
            i += 1
            continue
        remaining = sum(1 for q in questions[i:] if should_ask(q, case))
        position = f"[{len(asked) + 1}/{len(asked) + remaining}]"
        try:
            value = parse_answer(question, read(_prompt(question, lang, position) + "\n> "), lang)
        except Back:
            if asked:
                previous = asked.pop()
                del_path(case, previous)
                i = next(k for k, q in enumerate(questions) if q.field == previous)
            continue
        except Quit:
            break
        except ValueError:
            write(WORDS[lang]["again"])
            continue
        asked.append(question.field)
        if value is not None:
            set_path(case, question.field, value)
        try:
            result = assess(case)
        except InvalidCase:
            del_path(case, question.field)
            asked.pop()
            write(WORDS[lang]["again"])
            continue
        if certainly_emergency(result):
            write("\n" + WORDS[lang]["stop_early"])
            break
        i += 1
    return case


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

        try:
            case = interview(lang, base, read, print)
        except Quit:
            case = base
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
    from .render import render_summary

    print(f"\n{WORDS[lang]['result']}\n")
    print(render_summary(result, Painter(wants_colour(sys.stdout, args.colour))))
    return 0
