"""The ten-minute examination form's layout and shorthand (web/pages/exam_form.py, issue 14)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sciatica.web.pages.clinician_form import SECTIONS, form_fields
from sciatica.web.pages.exam_form import KEY_FIELDS, shorthand


def test_the_examination_comes_first_and_the_history_is_folded(client: TestClient) -> None:
    page = client.get("/clinician").text
    order = [page.index(f'id="{anchor}"') for anchor in ("mrc", "sec-red_flags", "sec-key")]
    assert order == sorted(order)
    for key, _ in SECTIONS:
        if key not in ("cl_sec_red_flags",):
            assert re.search(rf'<details class="cl-section cl-folded" id="sec-{key[7:]}">', page)
    # every field of the case is still on the form, once
    names = re.findall(r'name="([a-z_.]+)"', page)
    for path in form_fields():
        assert path in names, path
    assert set(KEY_FIELDS) <= set(names)


def test_every_mrc_grade_is_a_radio_group_that_starts_not_tested(client: TestClient) -> None:
    page = client.get("/clinician").text
    for path in (p for p in form_fields() if p.startswith("exam.strength.")):
        radios = re.findall(rf'name="{re.escape(path)}" value="([0-5]?)"( checked)?', page)
        assert [v for v, _ in radios] == ["", "0", "1", "2", "3", "4", "5"], path
        assert [v for v, c in radios if c] == [""], path  # "not tested" until clicked
    # each group is named for assistive technology: fieldset and legend
    assert page.count('<legend class="visually-hidden">Hip flexion, left</legend>') == 1


def test_red_flags_start_unanswered_and_carry_their_negative(client: TestClient) -> None:
    page = client.get("/clinician").text
    block = page[page.index('id="sec-red_flags"') : page.index('id="sec-key"')]
    assert block.count('value="" checked') == 8  # "not asked" is never read as "no"
    assert block.count('data-negative="no"') == 6 and block.count('data-negative="normal"') == 2
    assert "data-all-negative hidden" in block  # the button needs the script: hidden without it


def test_shorthand_writes_only_what_is_abnormal() -> None:
    values = {
        "exam.strength.left.great_toe_extension": "1",
        "exam.strength.left.ankle_dorsiflexion": "2",
        "exam.strength.left.hip_flexion": "5",
        "exam.reflexes.left.achilles": "reduced",
        "exam.reflexes.right.achilles": "normal",
        "exam.straight_leg_raise.left": "positive",
        "exam.straight_leg_raise.right": "negative",
    }
    assert shorthand(values, "en") == [("L", "TA 2/5, EHL 1/5 · AJ ↓ · SLR +")]
    assert shorthand(values, "fr") == [("G", "TA 2/5, EHL 1/5 · ACH ↓ · Lasègue +")]
    assert shorthand({}, "en") == []  # nothing examined is not "normal"
    assert shorthand({"exam.sensation.saddle": "absent"}, "en") == [("", "saddle sens ↓")]
