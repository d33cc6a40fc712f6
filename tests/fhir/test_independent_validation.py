"""Every FHIR resource the project emits passes an independent validator (issue 13, part 8): HL7's
official FHIR R4 JSON schema compiled by Ajv in Node (tests/fhir/validate_fhir.js), which shares
no code with fhir.resources, the Python models that build them. A negative control proves the
validator is awake."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

from sciatica import assess, parse_case
from sciatica.fhir import record_bundle
from sciatica.fhir.concept_map import concept_map_json
from sciatica.fhir.questionnaire import questionnaire_json
from sciatica.fhir.to_fhir import assessment_bundle, service_requests

from .conftest import Record

HERE = Path(__file__).parent
MODULES = HERE.parent / "web" / "node_modules"
PACKAGE = MODULES / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"


def validate(items: list[dict[str, Any]]) -> list[list[str]]:
    node = shutil.which("node")
    assert node, "node is needed (scripts/check installs nodejs and npm from Debian)"
    assert PACKAGE.exists(), f"{PACKAGE} is missing: run `npm ci --prefix tests/web`"
    done = subprocess.run(
        [node, str(HERE / "validate_fhir.js")],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_PATH": str(MODULES)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: list[list[str]] = json.loads(done.stdout)
    return result


def example_bundles() -> list[dict[str, Any]]:
    out = []
    folder = resources.files("sciatica").joinpath("examples")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        case = parse_case(json.loads(entry.read_text("utf-8")))
        bundle = assessment_bundle(case, assess(case), id_seed=entry.name)
        out.append(json.loads(bundle.model_dump_json()))
    return out


def card_resources() -> list[dict[str, Any]]:
    """The resources a CDS card proposes (ServiceRequests for an urgent or emergency result)."""
    folder = resources.files("sciatica").joinpath("examples")
    case = parse_case(json.loads(folder.joinpath("paralysing-l5-contract.json").read_text("utf-8")))
    found = service_requests(assess(case), "Patient/123")
    assert found, "an emergency proposes requests"
    return [r.model_dump(mode="json") for r in found]


def test_everything_emitted_is_valid_fhir_r4(stored_record: Record) -> None:
    emitted = [
        json.loads(questionnaire_json()),
        json.loads(concept_map_json()),
        *example_bundles(),
        json.loads(record_bundle(stored_record.export).model_dump_json()),
        *card_resources(),
    ]
    kinds = {r["resourceType"] for r in emitted}
    assert {"Questionnaire", "ConceptMap", "Bundle", "ServiceRequest"} <= kinds
    errors = validate(emitted)
    bad = {
        f"{r['resourceType']} #{i}": e
        for i, (r, e) in enumerate(zip(emitted, errors, strict=True))
        if e
    }
    assert bad == {}


def test_the_validator_refuses_what_fhir_refuses() -> None:
    bundle = example_bundles()[0]
    wrong_status = copy.deepcopy(bundle)
    observation = next(
        e["resource"]
        for e in wrong_status["entry"]
        if e["resource"]["resourceType"] == "Observation"
    )
    observation["status"] = "maybe"
    unknown_field = copy.deepcopy(bundle)
    unknown_field["entry"][0]["resource"]["colour"] = "blue"
    bad_date = copy.deepcopy(bundle)
    bad_date["timestamp"] = "yesterday"  # the schema checks formats, not every cardinality
    errors = validate([wrong_status, unknown_field, bad_date])
    assert all(errors), errors
