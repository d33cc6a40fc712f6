"""The education pages under /learn (web/learn.yaml, web/pages/learn.py).

Every topic renders in both languages; every statement cites sources that exist, with a valid
verification label shown in words; no page recommends anything never.yaml forbids (a statement may
name a forbidden item only as `against` or `corrected_claim`, listing it, and the page marks it as
not recommended or not supported); no field path, rule id or placeholder shows; an unknown topic is
the 404 page; the loader refuses unknown keys, sources and never ids naming the file and the key.
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from sciatica.errors import KnowledgeError
from sciatica.knowledge import load_knowledge
from sciatica.knowledge.schema import load_yaml
from sciatica.web.i18n import strings, translator
from sciatica.web.pages.learn_content import Statement, load_learn, parse_learn
from sciatica.web.pages.selfcheck import typeset

LANGS = ("en", "fr")
TOPICS = [t.id for t in load_learn().topics]
NEVER = {item.id: item.terms for item in load_knowledge().never}
HTML = {"accept": "text/html"}


def shown(text: str, lang: str) -> str:
    """`text` as the page writes it: French spacing, HTML-escaped."""
    return str(escape(typeset(text, lang)))


def page(client: TestClient, path: str, lang: str) -> str:
    response = client.get(f"{path}?lang={lang}", headers=HTML)
    assert response.status_code == 200, (path, lang, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    return response.text


class _Text(HTMLParser):
    """The visible text of a page, and separately the text of each flagged statement (a
    statement `li` of kind against or corrected_claim), which may name a forbidden item, and of
    each entry of the page's source list (a citation's title, e.g. NICE NG59's "opioid links",
    names what the source is about, not advice)."""

    def __init__(self) -> None:
        super().__init__()
        self.free: list[str] = []
        self.flagged: list[list[str]] = []
        self.cited: list[list[str]] = []
        self._in: str | None = None  # the kind of the flagged li we are in
        self._depth = 0
        self._skip = 0  # inside <script>/<style>/<title> of the svg: not visible prose

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("data-kind")
        if tag == "li" and self._in is not None:
            self._depth += 1
        elif tag == "li" and kind in ("against", "corrected_claim", "citation"):
            self._in, self._depth = kind, 0
            (self.cited if kind == "citation" else self.flagged).append([])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._in is not None:
            if self._depth == 0:
                self._in = None
            else:
                self._depth -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in is None:
            self.free.append(data)
        else:
            (self.cited if self._in == "citation" else self.flagged)[-1].append(data)


def texts(html: str) -> tuple[str, list[str], list[str]]:
    """(the free text, the flagged statements, the source list entries) of a page."""
    parser = _Text()
    parser.feed(html)
    join = " ".join
    return (
        join(parser.free),
        [join(block) for block in parser.flagged],
        [join(block) for block in parser.cited],
    )


def terms_in(text: str) -> set[str]:
    """The never.yaml ids whose terms occur in `text` (as the knowledge test matches them)."""
    lowered = text.lower()
    return {item for item, terms in NEVER.items() if any(term in lowered for term in terms)}


# ---- the pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_index_links_every_topic(client: TestClient, lang: str) -> None:
    html = page(client, "/learn", lang)
    assert f'<html lang="{lang}">' in html
    for topic in load_learn().topics:
        assert f'href="/learn/{topic.id}?lang={lang}"' in html
        assert shown(getattr(topic.title, lang), lang) in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic_id", TOPICS)
def test_every_topic_renders_with_help_disclaimer_and_sources(
    client: TestClient, topic_id: str, lang: str
) -> None:
    html = page(client, f"/learn/{topic_id}", lang)
    t = translator(lang)
    topic = load_learn().topic(topic_id)
    assert topic is not None
    assert f'<html lang="{lang}">' in html
    assert 'href="/learn?lang=' in html  # back to the index
    assert 'id="learn-help-title"' in html and 'href="tel:' in html  # seek help at once
    assert shown(t["disclaimer"], lang) in html
    for source in topic.source_ids():  # every cited source is listed with an anchor
        assert f'id="src-{source}"' in html and f'href="#src-{source}"' in html
    for statement in topic.statements():
        worded = t[_label_key(statement.label)].format(label=statement.label)
        assert shown(worded, lang) in html


def _label_key(label: str) -> str:
    return "learn_label_seed" if label.startswith("SEED") else f"learn_label_{label}"


@pytest.mark.parametrize("lang", LANGS)
def test_an_unverified_statement_is_marked_as_not_checked(client: TestClient, lang: str) -> None:
    html = page(client, "/learn/foot-drop", lang)
    marked = re.findall(r'<span class="learn-label unverified">([^<]*)</span>', html)
    unverified = [s for s in load_learn().topic("foot-drop").statements() if s.label == "U"]  # type: ignore[union-attr]
    assert unverified and len(marked) == len(unverified)
    assert all(
        m == shown(translator(lang)["learn_label_U"].format(label="U"), lang) for m in marked
    )
    assert "not yet checked" in translator("en")["learn_label_U"]


def test_the_country_sets_the_emergency_number(client: TestClient) -> None:
    html = page(client, "/learn/types", "en").replace("&amp;", "&")
    gb = client.get("/learn/types?lang=en&country=GB", headers=HTML).text
    fr = client.get("/learn/types?lang=fr&country=FR", headers=HTML).text
    assert 'href="tel:999"' in gb and 'href="tel:15"' in fr
    assert "/learn?lang=en&country=GB" in gb.replace("&amp;", "&")
    assert html


def test_the_language_follows_the_browser(client: TestClient) -> None:
    html = client.get("/learn", headers={**HTML, "accept-language": "fr-FR,fr;q=0.9"}).text
    assert '<html lang="fr">' in html and shown(translator("fr")["learn_title"], "fr") in html


def test_an_unknown_topic_is_the_404_page(client: TestClient) -> None:
    response = client.get("/learn/no-such-topic?lang=fr", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="error-title"' in response.text and '<html lang="fr">' in response.text


def test_the_roots_page_draws_each_root_once_with_one_set_of_patterns(client: TestClient) -> None:
    html = page(client, "/learn/roots", "en")
    for root in ("l2", "l3", "l4", "l5", "s1"):
        assert html.count(f'id="legs-{root}"') == 1
    assert html.count('id="legs-dots"') == 1 and html.count("is-root") >= 10


# ---- what the pages must never say ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic_id", ["", *TOPICS])
def test_no_page_recommends_what_never_yaml_forbids(
    client: TestClient, topic_id: str, lang: str
) -> None:
    """Outside the flagged statements no forbidden term appears at all; each flagged statement is
    visibly marked as not recommended (against) or not supported (corrected claim)."""
    t = translator(lang)
    html = page(client, f"/learn/{topic_id}".rstrip("/"), lang)
    free, flagged, _ = texts(html)
    assert not terms_in(free), f"/learn/{topic_id} ({lang}) names {sorted(terms_in(free))}"
    marks = [typeset(t[k], lang) for k in ("learn_not_recommended", "learn_claim_not_supported")]
    for block in flagged:
        assert any(m in block for m in marks), block


def _all_text(statement: Statement) -> str:
    parts = [statement.text.en, statement.text.fr]
    if statement.claim is not None:
        parts += [statement.claim.en, statement.claim.fr]
    return " ".join(parts)


@pytest.mark.parametrize("topic_id", TOPICS)
def test_a_statement_names_a_forbidden_item_only_as_not_advised(topic_id: str) -> None:
    """A fact names nothing of never.yaml; an `against` or corrected-claim statement lists exactly
    the items it names (in either language)."""
    topic = load_learn().topic(topic_id)
    assert topic is not None
    for statement in topic.statements():
        named = terms_in(_all_text(statement))
        if statement.kind == "fact":
            assert not named, f"{topic_id}: a fact names {sorted(named)}: {statement.text.en}"
        else:
            assert named == set(statement.never), (topic_id, sorted(named), statement.never)


def test_every_seed_claim_the_spec_corrects_is_on_the_claims_page() -> None:
    """E0.3: bed rest, the lumbar belt, 'permanent' damage, shockwave/Stimpod, oral steroids and
    'almost systematically surgical' are each said and corrected."""
    claims = [s for s in load_learn().topic("claims").statements()]  # type: ignore[union-attr]
    assert all(s.kind == "corrected_claim" for s in claims)
    listed = {n for s in claims for n in s.never}
    assert {"bed-rest", "lumbar-belt-corset", "shockwave-stimpod", "oral-corticosteroids"} <= listed
    words = " ".join(s.claim.en.lower() for s in claims if s.claim)
    assert "permanent" in words and "surgery" in words


# ---- traceability and words --------------------------------------------------------------------


def test_every_statement_has_a_known_source_and_label() -> None:
    known = {s.id for s in load_knowledge().sources}
    statements = [s for topic in load_learn().topics for s in topic.statements()]
    assert len(statements) >= 40
    for statement in statements:
        assert statement.sources and set(statement.sources) <= known, statement.sources
        assert re.fullmatch(r"C|S|U|SEED-00[0-4]", statement.label)


def test_the_topics_cover_the_brief() -> None:
    assert set(TOPICS) == {
        "types",
        "foot-drop",
        "roots",
        "mimics",
        "tests",
        "treatments",
        "recovery",
        "claims",
    }


FIELD_PATH = re.compile(
    r"\b(symptoms|exam|history|previous|red_flags|patient)\.[a-z_]+|\bRF-[A-Z]|\bESC-\d|"
    r"\b[a-z]+_[a-z_]+\b|\{[a-z_]*\}|\bNone\b"
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic_id", ["", *TOPICS])
def test_no_field_path_code_or_placeholder_shows(
    client: TestClient, topic_id: str, lang: str
) -> None:
    free, flagged, _ = texts(page(client, f"/learn/{topic_id}".rstrip("/"), lang))
    on_page = " ".join([free, *flagged])
    assert not FIELD_PATH.search(on_page), FIELD_PATH.search(on_page)


def test_the_learn_strings_exist_in_both_languages() -> None:
    catalogue = strings()
    keys = [k for k in catalogue["en"] if k.startswith("learn_")]
    assert len(keys) >= 20
    for key in keys:
        assert catalogue["en"][key] and catalogue["fr"][key]
        assert catalogue["en"][key] != catalogue["fr"][key] or key == "learn_sources"


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_and_clinician_pages_link_here(client: TestClient, lang: str) -> None:
    html = client.get(f"/clinician?lang={lang}", headers=HTML).text
    assert (
        f'href="/learn?lang={lang}"' in html and shown(translator(lang)["learn_more"], lang) in html
    )
    result = resources.files("sciatica.web").joinpath("templates/selfcheck/result.html")
    assert 'href="/learn?lang={{ lang }}' in result.read_text("utf-8")


# ---- the loader --------------------------------------------------------------------------------


def _raw() -> Any:
    text = resources.files("sciatica.web").joinpath("learn.yaml").read_text("utf-8")
    return load_yaml(text, "web/learn.yaml")


def test_the_packaged_content_loads() -> None:
    assert parse_learn(_raw()) == load_learn()


def _first_statement(data: Any) -> dict[str, Any]:
    return data["topics"][0]["sections"][0]["statements"][0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: _first_statement(d)["sources"].append("no-such-source"),
            "web/learn.yaml: topics.0.sections.0.statements.0.sources: unknown source "
            "'no-such-source'",
        ),
        (
            lambda d: _first_statement(d).update(colour="red"),
            "web/learn.yaml: topics.0.sections.0.statements.0.colour: unknown key",
        ),
        (
            lambda d: _first_statement(d).update(sources=[]),
            "web/learn.yaml: topics.0.sections.0.statements.0.sources",
        ),
        (
            lambda d: _first_statement(d).update(label="X"),
            "web/learn.yaml: topics.0.sections.0.statements.0.label",
        ),
        (
            lambda d: _first_statement(d).update(kind="against", never=["no-such"]),
            "unknown never.yaml id 'no-such'",
        ),
        (
            lambda d: _first_statement(d).update(kind="against"),
            "lists the never.yaml ids",
        ),
        (
            lambda d: _first_statement(d).update(kind="corrected_claim"),
            "a claim is given exactly when kind is corrected_claim",
        ),
        (
            lambda d: _first_statement(d)["text"].pop("fr"),
            "web/learn.yaml: topics.0.sections.0.statements.0.text.fr: Field required",
        ),
        (
            lambda d: d["topics"].append(copy.deepcopy(d["topics"][0])),
            "duplicated topic 'types'",
        ),
    ],
    ids=[
        "unknown-source",
        "unknown-key",
        "no-source",
        "bad-label",
        "unknown-never",
        "against-without-never",
        "claim-without-claim",
        "missing-language",
        "duplicated-topic",
    ],
)
def test_a_corrupted_content_file_is_named(change: Any, expected: str) -> None:
    data = _raw()
    change(data)
    with pytest.raises(KnowledgeError) as error:
        parse_learn(data)
    assert expected in str(error.value), str(error.value)


@pytest.mark.parametrize("path", ["/learn", "/learn/roots", "/learn/claims"])
def test_the_pages_are_hardened_and_carry_no_inline_script_or_style(
    client: TestClient, path: str
) -> None:
    from tests.web.test_api import assert_security_headers

    response = client.get(path, headers=HTML)
    assert_security_headers(response)
    assert "<script" not in response.text and " style=" not in response.text
    assert not re.search(r"\son[a-z]+=", response.text)
