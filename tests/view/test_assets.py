"""kg.view.assets: what a page inlines stays inside its element."""

from __future__ import annotations

import json

import pytest

from kg.view.assets import script_json


def test_script_json_cannot_close_the_script_element():
    text = script_json({"x": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!--&\u2028"}
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})
