"""Writing knowledge/parsed.json (`python scripts/parse_knowledge.py`): the YAML documents of the
knowledge base already parsed, checked before they are written, since `sciatica.knowledge` and
`sciatica.thresholds` trust them without a check while the file is current.

A module of its own: it checks the thresholds too, and `sciatica.thresholds` reads the knowledge
package, so the knowledge package itself must not import the thresholds.
"""

from __future__ import annotations

import json

from ..errors import KnowledgeError
from ..thresholds import FILE as THRESHOLDS_FILE
from ..thresholds import parse_thresholds
from . import FILES, PARSED, _digest, _texts, parse_knowledge
from .schema import load_yaml


def parsed_json() -> str:
    """The text of PARSED for the YAML files as they are; `KnowledgeError` if a document holds a
    value JSON cannot carry unchanged (a date, a number as a key), as PARSED must equal the YAML,
    or if the knowledge base or the thresholds fail a check (PARSED is trusted as checked)."""
    texts = _texts()
    documents = {name: load_yaml(text, f"knowledge/{name}.yaml") for name, text in texts.items()}
    try:
        text = json.dumps({"digest": _digest(texts), "documents": documents}, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise KnowledgeError(f"knowledge: a value JSON cannot hold: {error}") from None
    if json.loads(text)["documents"] != documents:  # e.g. a number as a key comes back a string
        raise KnowledgeError("knowledge: a value does not come back from JSON unchanged")
    kb = parse_knowledge({name: documents[name] for name in FILES})
    if THRESHOLDS_FILE != "knowledge/thresholds.yaml":  # the file OTHER_PARSED names
        raise KnowledgeError(f"{PARSED} holds knowledge/thresholds.yaml, not {THRESHOLDS_FILE}")
    parse_thresholds(documents["thresholds"], {s.id for s in kb.sources})
    return text + "\n"
