"""Turn pydantic validation errors into located problems with a field path and a suggestion."""

from __future__ import annotations

import types
import typing
from typing import Any, Callable, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .codes import suggest
from .errors import Problem

Loc = tuple[Any, ...]
Locator = Callable[[Loc, bool], tuple[int, int]]  # (path, at_key) -> (line, col)

CONDITION_TAGS = {"all", "any", "not", "fact"}


def strip_tags(loc: Loc) -> Loc:
    """Remove pydantic's discriminated-union tags from a condition location."""
    out: list[Any] = []
    expect_tag = False
    for i, step in enumerate(loc):
        if expect_tag and step in CONDITION_TAGS:
            expect_tag = False
            continue
        out.append(step)
        prev = loc[i - 1] if i else None
        # A condition sits after 'when', after the 'not' field, and at each index of 'all'/'any'.
        expect_tag = step in ("when", "not") or (isinstance(step, int) and prev in ("all", "any"))
    return tuple(out)


def dotted(loc: Loc) -> str:
    """Render a location as `rules[2].when.all[0].op`."""
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
            else:
                return tp
        else:
            return tp


def _tag_of(tp: Any) -> str | None:
    if get_origin(tp) is typing.Annotated:
        for meta in get_args(tp)[1:]:
            tag = getattr(meta, "tag", None)
            if isinstance(tag, str):
                return tag
    return None


def allowed_keys(model: type[BaseModel], raw_loc: Loc) -> list[str]:
    """The field names allowed in the mapping at `raw_loc` (a location still holding tags)."""
    tp: Any = model
    for step in raw_loc:
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            match = [a for a in get_args(tp) if _tag_of(a) == step]
            if not match:
                return []
            tp = match[0]
            continue
        if isinstance(step, int) and origin is list:
            tp = get_args(tp)[0]
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(step, str):
            field = next((f for n, f in tp.model_fields.items() if (f.alias or n) == step), None)
            if field is None:
                return []
            tp = field.annotation
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items()]
    return []


def problems_from_validation(
    exc: ValidationError, model: type[BaseModel], file: str, locator: Locator, prefix: Loc = ()
) -> list[Problem]:
    """One located problem per pydantic error, with 'did you mean' for keys and enumerated values."""
    problems = []
    for err in exc.errors(include_url=False):
        raw = prefix + tuple(err["loc"])
        loc = strip_tags(raw)
        kind = err["type"]
        at_key = False
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown field '{key}'" + suggest(key, allowed_keys(model, tuple(err["loc"])[:-1]))
            at_key = True
        elif kind == "missing":
            message = f"missing required field '{loc[-1]}'"
            loc_for_line = loc[:-1]
            line, col = locator(loc_for_line, False)
            problems.append(Problem(file, line, col, dotted(loc), message))
            continue
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
            message = f"'{err['input']}' is not one of {expected}" + suggest(str(err["input"]), options)
        elif kind == "value_error":
            message = err["msg"].removeprefix("Value error, ")
        else:
            message = err["msg"]
        line, col = locator(loc, at_key)
        problems.append(Problem(file, line, col, dotted(loc), message))
    return problems
