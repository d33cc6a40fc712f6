"""Write src/sciatica/knowledge/parsed.json: the knowledge base's YAML documents already parsed.

    python scripts/parse_knowledge.py

Run it after editing a YAML file of src/sciatica/knowledge (tests/test_knowledge_parsed.py says
when it is due). Until then the YAML is read as before, only more slowly: the file is used only
while it was made from the very texts of the YAML files.
"""

from __future__ import annotations

from pathlib import Path

from sciatica.knowledge import PARSED
from sciatica.knowledge.writer import parsed_json

TARGET = Path(__file__).resolve().parents[1] / "src" / "sciatica" / "knowledge" / PARSED

if __name__ == "__main__":
    TARGET.write_text(parsed_json(), encoding="utf-8")
    print(f"wrote {TARGET}")
