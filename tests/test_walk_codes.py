"""The access walk's rows keyed by role name, and the script that converts the old positional rows."""

import ast
import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepwise.conftest import ROLES
from tests.walk import Page, codes

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "walk_codes.py"
_spec = importlib.util.spec_from_file_location("walk_codes", SCRIPT)
assert _spec is not None and _spec.loader is not None
walk_codes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(walk_codes)


def test_a_row_names_every_role_and_the_rater_follows_the_anonymous_visitor():
    row = codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)
    assert list(row) == list(ROLES)
    assert row == {
        "admin": 404,
        "coach": 200,
        "other_coach": 404,
        "executive": 200,
        "sponsor": 200,
        "outsider": 404,
        "anonymous": 302,
        "rater": 302,
    }
    assert codes(rater=200, others=404)["rater"] == 200


def test_a_misspelt_or_missing_role_is_refused():
    with pytest.raises(AssertionError, match="unknown roles"):
        codes(coaches=200, others=404)
    with pytest.raises(AssertionError, match="no code for admin"):
        codes(coach=200, other_coach=200, executive=200, sponsor=200, outsider=200, anonymous=302)


def test_a_row_in_the_old_positional_form_is_refused():
    with pytest.raises(TypeError, match=r"scripts/walk_codes\.py"):
        Page(get="404 200 404 200 200 404 302")  # type: ignore[arg-type]


@given(st.lists(st.sampled_from([200, 302, 403, 404, 405]), min_size=7, max_size=7))
def test_a_converted_row_means_what_the_positional_row_meant(values):
    old = " ".join(str(value) for value in values)
    call = ast.parse(walk_codes.row_to_codes(old), mode="eval").body
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "codes" and not call.args
    converted = codes(**{keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords if keyword.arg})
    assert converted == dict(zip(walk_codes.OLD_ORDER, values, strict=True)) | {"rater": values[-1]}


def test_the_script_rewrites_a_table_and_imports_codes(tmp_path):
    table = tmp_path / "walk_new.py"
    table.write_text(
        '"""Each row reads: admin, coach, other_coach, executive, sponsor, outsider, anonymous."""\n\n'
        "from tests.walk import Page\n\n"
        'PAGES = {"x": Page(get="404 200 404 200 200 404 302")}\n'
    )
    assert walk_codes.main([str(table)]) == 0
    text = table.read_text()
    assert "from tests.walk import Page, codes" in text
    assert "Page(get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404))" in text
    assert "Each row names the status each role gets" in text
    assert walk_codes.main([str(table)]) == 0 and table.read_text() == text  # nothing left to convert
