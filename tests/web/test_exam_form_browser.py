"""The ten-minute examination form (issue 14) in Debian's Chromium: the L5 foot drop of the
packaged example entered in at most 15 actions, MRC grades by digit keys, "Clear the form" asking
first, the red flags' "all unanswered: no" never overwriting a yes; screenshots at desktop and
phone sizes and an axe-core audit.

Every click, key press, fill and select is counted through `Actions` (a native select counts
two: open it, pick). What the test enters is `ENTERED`; the level and root it must show are the
engine's own answer for that case, which must also be the packaged example's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from sciatica.engine import assess
from sciatica.validation import parse_case
from sciatica.web.i18n import translator
from sciatica.web.pages.clinician_form import case_from_form

from .conftest import DESKTOP, MOBILE

EN = translator("en")
MAX_ACTIONS = 15

# The L5 foot drop as a clinician enters it: the examination's abnormal findings and the facts
# that matter, nothing else (untested muscles stay "not tested").
ENTERED: dict[str, Any] = {
    "format": "sciatica-case/1",
    "locale": "en",
    "symptoms": {
        "leg_pain": "left",
        "weakness": "left",
        # "All unanswered: no" on the red-flag block
        "saddle_numbness": False,
        "bladder": "normal",
        "bowel": "normal",
        "sexual_dysfunction_new": False,
        "face_or_arm_symptoms": False,
        "speech_difficulty": False,
        "breathing_or_swallowing_difficulty": False,
        "ascending_weakness": False,
    },
    "exam": {
        "strength": {
            "left": {
                "ankle_dorsiflexion": 2,
                "great_toe_extension": 1,
                "hip_abduction": 4,
                "ankle_inversion": 4,
                "ankle_eversion": 4,
            }
        },
        "reflexes": {"left": {"medial_hamstring": "reduced"}},
        "sensation": {"left": {"lateral_leg": "reduced", "dorsum_foot": "reduced"}},
        "straight_leg_raise": {"left": "positive"},
    },
}


class Actions:
    """Counts what a clinician does: each click, key press and fill is one, a select two."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def click(self, target: Locator) -> None:
        target.click()
        self.count += 1

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def select(self, target: Locator, value: str) -> None:
        target.select_option(value)
        self.count += 2


def group(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def button(page: Page, name: str, text: str) -> Locator:
    """The visible button (label) of one choice of a segmented group."""
    return group(page, name).locator("label").filter(has_text=re.compile(f"^{re.escape(text)}$"))


def muscle(m: str, side: str = "left") -> str:
    return f"{EN['cl_m_' + m]}, {EN['cl_side_' + side]}"


def posted_case(page: Page) -> dict[str, Any]:
    """The case the form would post now, read by the server's own form -> case mapping."""
    pairs = page.evaluate(
        "() => Array.from(new FormData(document.getElementById('cl-form')).entries())"
    )
    case, _ = case_from_form(dict(pairs), "en")
    return case


def expected() -> tuple[str, str]:
    """The level and top root the engine gives ENTERED, checked against the packaged example."""
    mine = assess(parse_case(ENTERED))
    text = resources.files("sciatica").joinpath("examples", "paralysing-l5-contract.json")
    example = json.loads(text.read_text("utf-8"))
    example.pop("previous")  # a first visit: the form has no earlier examination
    theirs = assess(parse_case(example))
    assert (mine.triage.level, mine.roots[0].root) == (theirs.triage.level, theirs.roots[0].root)
    return mine.triage.level, f"{mine.roots[0].root} {EN['cl_side_' + str(mine.roots[0].side)]}"


def test_l5_foot_drop_in_at_most_15_actions(
    new_page: Callable[..., Page],
    screenshot: Callable[..., Path],
    axe_audit: Callable[..., Any],
) -> None:
    level, root = expected()
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician")
    act = Actions(page)
    grades = {k: str(v) for k, v in ENTERED["exam"]["strength"]["left"].items()}
    for m, grade in grades.items():
        act.click(button(page, muscle(m), grade))
    for area in ("lateral_leg", "dorsum_foot"):  # one click on the drawing marks "reduced"
        act.click(page.locator(f'#cl-legs-form .area[data-side="left"][data-area="{area}"]'))
    act.click(page.locator('label[for="f-exam-reflexes-left-medial_hamstring-reduced"]'))  # ↓
    act.click(button(page, f"{EN['cl_f_straight_leg_raise']}, {EN['cl_side_left']}", "positive"))
    act.click(button(page, EN["cl_f_leg_pain"], EN["cl_o_left"]))
    act.click(button(page, EN["cl_f_weakness"], EN["cl_o_left"]))
    act.click(page.get_by_role("button", name=EN["cl_all_others_no"]))
    assert act.count <= MAX_ACTIONS, f"{act.count} actions"

    # exactly what was entered is posted: the untested muscles stay "not tested"
    assert posted_case(page) == ENTERED
    panel = page.locator("#result .cl-panel")
    expect(panel).to_have_attribute("data-level", level, timeout=5000)
    shorthand = page.locator("#cl-shorthand")
    expect(shorthand).to_contain_text(root)
    expect(shorthand).to_contain_text(f"{EN['cl_ab_ankle_dorsiflexion']} 2/5")
    expect(shorthand).to_contain_text(f"{EN['cl_ab_great_toe_extension']} 1/5")
    expect(shorthand).to_contain_text(f"{EN['cl_ab_medial_hamstring']} ↓")
    # nothing abnormal is written for what was not examined
    assert "R:" not in shorthand.inner_text()
    screenshot(page, "exam-form-l5-desktop")
    axe_audit(page, "exam-form-l5")

    page.set_viewport_size(MOBILE)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    page.locator("#mrc").scroll_into_view_if_needed()
    screenshot(page, "exam-form-l5-phone")


def test_mrc_grades_by_digit_keys(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician")
    first = group(page, muscle("knee_extension")).get_by_role("radio").first
    first.focus()
    page.keyboard.press("3")
    checked = 'input[name="exam.strength.left.knee_extension"]:checked'
    expect(page.locator(checked)).to_have_value("3")
    page.keyboard.press("ArrowRight")  # the radio group's own keys still work
    expect(page.locator(checked)).to_have_value("4")
    page.keyboard.press("Delete")
    expect(page.locator(checked)).to_have_value("")
    page.keyboard.press("0")
    expect(page.locator(checked)).to_have_value("0")
    expect(page.locator("#result .cl-panel")).to_have_attribute("data-level", re.compile("."))
    assert posted_case(page)["exam"] == {"strength": {"left": {"knee_extension": 0}}}


def test_all_unanswered_no_keeps_a_yes(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/clinician")
    page.locator("label[for='f-symptoms-saddle_numbness-yes']").click()
    page.get_by_role("button", name=EN["cl_all_others_no"]).click()
    symptoms = posted_case(page)["symptoms"]
    assert symptoms["saddle_numbness"] is True  # the positive answer is kept
    assert symptoms["bladder"] == "normal" and symptoms["ascending_weakness"] is False
    expect(page.locator("#result .cl-panel")).to_have_attribute(
        "data-level", "emergency", timeout=5000
    )


def test_clear_the_form_asks_first(new_page: Callable[..., Page]) -> None:
    """Issue 14: "Clear the form" wiped an examination without asking. It now asks, and the
    question works without JavaScript too."""
    for js in (True, False):
        page = new_page(viewport=DESKTOP, js=js)
        page.goto("/clinician?example=paralysing-l5-contract")
        toe = page.locator('input[name="exam.strength.left.great_toe_extension"]:checked')
        yes = page.get_by_role("link", name=EN["cl_clear_yes"])
        expect(yes).to_be_hidden()
        page.locator("#cl-clear > summary").click()  # only opens the question
        expect(page.get_by_text(EN["cl_clear_confirm"])).to_be_visible()
        assert "example=" in page.url
        expect(toe).to_have_value("1")  # nothing was lost
        with page.expect_navigation():
            yes.click()
        expect(toe).to_have_value("")
