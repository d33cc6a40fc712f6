"""Property-based API tests from the OpenAPI document (schemathesis 4, in-process over ASGI).

For every documented API operation, schemathesis generates valid and invalid requests (bodies,
parameters, headers) and checks each answer: never a 5xx, a status code and content type the
document declares, a body that conforms to the declared schema, and invalid input refused. Bounded
for CI: 50 examples per operation and no deadline (about 15 s in all).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from sciatica.web import create_app

# The pages are HTML for people, not part of the API: the document should not list them, and
# test_api.py::test_openapi_documents_only_the_api says so. The filter keeps this run on the API
# whatever the pages do.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app()).include(path_regex="^/api/")


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
def test_no_input_gives_a_server_error_and_answers_conform(case: Any) -> None:
    case.call_and_validate(additional_checks=[not_a_server_error])


def test_every_api_operation_is_exercised() -> None:
    operations = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"schemathesis cannot read an operation: {result.err()}"
        operation = result.ok()
        operations.add((operation.method.upper(), operation.path))
    assert operations >= {
        ("POST", "/api/v1/assess"),
        ("GET", "/api/v1/rules"),
        ("GET", "/api/v1/rules/{rule_id}"),
        ("GET", "/api/v1/health"),
    }
