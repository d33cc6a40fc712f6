"""The education pages: GET /learn (the index of topics) and GET /learn/<topic>.

Static content from web/learn.yaml (`sciatica.web.pages.learn_content`), in English or French (`?lang=`, the
remembered choice, else Accept-Language). Every page shows each statement's sources with their
verification label, the sources cited on the page, the "when to seek help at once" box with the
emergency numbers of the country (`?country=`, else guessed from Accept-Language as on the start
page) and the disclaimer. No form posts, no state, no script: the pages print as they are.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ...advice import countries
from ...knowledge import load_knowledge
from ..templating import render
from .learn_content import Topic, load_learn
from .legs import dermatomes
from .selfcheck import (
    _lang_of,
    country_options,
    numbers_context,
    page_context,
    requested_country,
)

router = APIRouter(include_in_schema=False)


@cache
def _sources() -> dict[str, Any]:
    return {s.id: s for s in load_knowledge().sources}


def _label_key(label: str) -> str:
    """The strings.yaml key that words a verification label (SEED-000..004 share one)."""
    return "learn_label_seed" if label.startswith("SEED") else f"learn_label_{label}"


def _common(request: Request) -> dict[str, Any]:
    lang = _lang_of(request)
    asked = request.query_params.get("country", "")
    country = requested_country(request, lang)
    query = {"lang": lang, **({"country": asked} if asked in countries() else {})}
    return {
        **page_context(lang),
        **numbers_context(country, lang),
        "countries": country_options(lang),
        "country": country,
        "query": "?" + urlencode(query),
        "topics": load_learn().topics,
        "label_key": _label_key,
    }


@router.get("/learn")
async def learn_index(request: Request) -> Response:
    return render(request, "learn/index.html", _common(request))


@router.get("/learn/{topic_id}")
async def learn_topic(request: Request, topic_id: str) -> Response:
    topic: Topic | None = load_learn().topic(topic_id)
    if topic is None:
        raise HTTPException(status_code=404)
    table = _sources()
    return render(
        request,
        "learn/topic.html",
        {
            **_common(request),
            "topic": topic,
            "cited": [table[i] for i in topic.source_ids()],
            "dermatomes": dermatomes(),
        },
    )
