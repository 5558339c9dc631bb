"""Reading gateway configs: the routes an application really calls, each with the line it is written on.

Two formats, told apart by their content:

- A LiteLLM proxy `config.yaml`: every `model_list` entry is a route; `litellm_params.model` names the
  provider and the model, and `aws_region_name`, `vertex_location`, `api_base`, `custom_llm_provider`,
  custom prices and, for OpenRouter, `extra_body.provider` (`order`, `only`, `allow_fallbacks`) are read.
  Other keys (LiteLLM has many) are ignored.
- A route list of OpenRouter model slugs with provider pins, as YAML (`openrouter:` with entries
  `model`, optional `name`, `only`, `order`, `allow_fallbacks`) or as text (`.txt`: one route a line,
  `author/model [provider,provider...]`, where the providers named are the only ones allowed; `#` starts
  a comment).

This module and the CLI are the only parts of the gate that read files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codes import suggest
from ..errors import InputError, Problem
from ..yamlsafe import MAX_BYTES, FileProblem, Parsed, YamlProblem, locate_key, parse_yaml, read_limited

#: LiteLLM parameters the gate reads (the rest of `litellm_params` is ignored).
READ_PARAMS = ("aws_region_name", "vertex_location", "api_base", "custom_llm_provider", "input_cost_per_token", "output_cost_per_token")
#: Keys of one entry of a route list.
LIST_KEYS = ("model", "name", "only", "order", "allow_fallbacks")
#: Top-level keys that tell the two YAML formats apart.
TOP_KEYS = ("model_list", "openrouter")


@dataclass(frozen=True)
class Route:
    """One route of a gateway config: what the application calls it, what it points to, and where."""

    file: str
    line: int
    col: int
    #: The name the application uses (LiteLLM `model_name`), or the slug of a route list.
    name: str
    #: `litellm_params.model`, or `openrouter/<slug>` for a route list.
    target: str
    #: The LiteLLM parameters read (READ_PARAMS) that the entry gives.
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    #: `model_info.base_model`: the model behind a deployment name (Azure) or an ARN (Bedrock).
    base_model: str | None = None
    #: OpenRouter providers named by the route (`only`, else `order`), in the order given.
    hosts: tuple[str, ...] = ()
    #: Whether OpenRouter can use only the providers named (`only`, or `order` with fallbacks off).
    pinned: bool = False

    @property
    def where(self) -> str:
        """`file:line:col` of the route."""
        return f"{self.file}:{self.line}:{self.col}"


def read_routes(paths: list[Path]) -> list[Route]:
    """Every route of the given configs, in file order; raise InputError listing every problem."""
    problems: list[Problem] = []
    routes: list[Route] = []
    for path in paths:
        routes.extend(_read_one(path, problems))
    if problems:
        raise InputError(problems)
    return routes


def _read_one(path: Path, problems: list[Problem]) -> list[Route]:
    label = str(path)
    try:  # the kind (a regular file, not a FIFO or a device) and the size are checked before reading
        text = read_limited(path, MAX_BYTES).decode("utf-8-sig")
    except FileProblem as exc:
        problems.append(Problem(label, 1, 1, "", exc.message))
        return []
    except UnicodeDecodeError as exc:
        problems.append(Problem(label, 1, 1, "", f"file is not UTF-8 text (byte {exc.start})"))
        return []
    if path.suffix.lower() in (".txt", ".list"):
        return _text_routes(label, text, problems)
    try:
        parsed = parse_yaml(text)
    except YamlProblem as exc:
        problems.append(Problem(label, exc.line, exc.col, "", exc.message))
        return []
    data = parsed.data
    if isinstance(data, dict) and "model_list" in data:
        return _litellm_routes(label, parsed, problems)
    if isinstance(data, dict) and "openrouter" in data:
        return _list_routes(label, parsed, problems)
    keys = [str(k) for k in data] if isinstance(data, dict) else []
    hint = next((s for k in keys if (s := suggest(k, TOP_KEYS))), "")
    problems.append(Problem(label, 1, 1, "", "not a gateway config: expected a LiteLLM proxy config (top-level 'model_list') "
                            "or a route list (top-level 'openrouter', or a .txt file of OpenRouter slugs)" + hint))
    return []


def _problem(label: str, parsed: Parsed, loc: tuple[Any, ...], message: str, key: bool = False) -> Problem:
    line, col = locate_key(parsed.root, loc) if key else parsed.locate(loc)
    return Problem(label, line, col, ".".join(str(p) for p in loc), message)


def _names(value: Any, label: str, parsed: Parsed, loc: tuple[Any, ...], problems: list[Problem]) -> tuple[str, ...] | None:
    """A list of provider names, or None with a problem recorded."""
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    problems.append(_problem(label, parsed, loc, "expected a list of OpenRouter provider names, e.g. [deepinfra, together]"))
    return None


def _pins(prefs: Any, label: str, parsed: Parsed, loc: tuple[Any, ...], problems: list[Problem]) -> tuple[tuple[str, ...], bool]:
    """OpenRouter provider preferences: the hosts named and whether only they can serve."""
    if prefs is None:
        return (), False
    if not isinstance(prefs, dict):
        problems.append(_problem(label, parsed, loc, "expected a mapping of OpenRouter provider preferences (order, only, allow_fallbacks)"))
        return (), False
    only = _names(prefs["only"], label, parsed, loc + ("only",), problems) if "only" in prefs else None
    order = _names(prefs["order"], label, parsed, loc + ("order",), problems) if "order" in prefs else None
    fallbacks = prefs.get("allow_fallbacks", True)
    if not isinstance(fallbacks, bool):
        problems.append(_problem(label, parsed, loc + ("allow_fallbacks",), "expected true or false"))
        fallbacks = True
    if only:
        # `order` inside `only` only sets preference among the allowed hosts.
        return tuple(dict.fromkeys((*(h for h in order or () if h in only), *only))), True
    return order or (), bool(order) and not fallbacks


def _litellm_routes(label: str, parsed: Parsed, problems: list[Problem]) -> list[Route]:
    entries = parsed.data["model_list"]
    if not isinstance(entries, list):
        problems.append(_problem(label, parsed, ("model_list",), "expected a list of model entries"))
        return []
    routes = []
    for i, entry in enumerate(entries):
        loc: tuple[Any, ...] = ("model_list", i)
        if not isinstance(entry, dict):
            problems.append(_problem(label, parsed, loc, "a model_list entry is a mapping with 'model_name' and 'litellm_params'"))
            continue
        for key in entry:
            if key not in ("model_name", "litellm_params", "model_info") and suggest(str(key), ("model_name", "litellm_params", "model_info")):
                problems.append(_problem(label, parsed, loc + (key,), f"unknown key '{key}'" + suggest(str(key), ("model_name", "litellm_params", "model_info")), key=True))
        params = entry.get("litellm_params")
        if not isinstance(params, dict):
            where = loc + ("litellm_params",) if "litellm_params" in entry else loc
            problems.append(_problem(label, parsed, where, "needs 'litellm_params' with a 'model' (provider/model)"))
            continue
        model = params.get("model")
        if not isinstance(model, str) or not model.strip():
            where = loc + ("litellm_params", "model") if "model" in params else loc + ("litellm_params",)
            problems.append(_problem(label, parsed, where, "needs a 'model' string such as bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
            continue
        name = entry.get("model_name")
        if not isinstance(name, str) or not name.strip():
            problems.append(_problem(label, parsed, loc + ("model_name",) if "model_name" in entry else loc, "needs a 'model_name' (the name clients call)"))
            continue
        info = entry.get("model_info")
        base = info.get("base_model") if isinstance(info, dict) else None
        extra = params.get("extra_body")
        prefs = extra.get("provider") if isinstance(extra, dict) else None
        hosts, pinned = _pins(prefs, label, parsed, loc + ("litellm_params", "extra_body", "provider"), problems)
        line, col = parsed.locate(loc + ("litellm_params", "model"))
        read = {k: params[k] for k in READ_PARAMS if k in params and params[k] is not None}
        routes.append(Route(label, line, col, name.strip(), model.strip(), read, base.strip() if isinstance(base, str) and base.strip() else None, hosts, pinned))
    return routes


def _list_routes(label: str, parsed: Parsed, problems: list[Problem]) -> list[Route]:
    entries = parsed.data["openrouter"]
    if not isinstance(entries, list):
        problems.append(_problem(label, parsed, ("openrouter",), "expected a list of routes (OpenRouter slugs, or mappings with 'model')"))
        return []
    routes = []
    for i, entry in enumerate(entries):
        loc: tuple[Any, ...] = ("openrouter", i)
        if isinstance(entry, str):
            entry = {"model": entry}
            model_loc = loc
        elif isinstance(entry, dict):
            model_loc = loc + ("model",)
            bad = [k for k in entry if k not in LIST_KEYS]
            for key in bad:
                problems.append(_problem(label, parsed, loc + (key,), f"unknown key '{key}' (allowed: {', '.join(LIST_KEYS)})" + suggest(str(key), LIST_KEYS), key=True))
            if bad:
                continue
        else:
            problems.append(_problem(label, parsed, loc, "a route is an OpenRouter slug (author/model) or a mapping with 'model'"))
            continue
        slug = entry.get("model")
        if not isinstance(slug, str) or "/" not in slug.strip():
            problems.append(_problem(label, parsed, model_loc if "model" in entry else loc, "needs 'model', an OpenRouter slug such as deepseek/deepseek-v3.2"))
            continue
        name = entry.get("name", slug)
        hosts, pinned = _pins({k: entry[k] for k in ("only", "order", "allow_fallbacks") if k in entry} or None, label, parsed, loc, problems)
        line, col = parsed.locate(model_loc)
        routes.append(Route(label, line, col, str(name).strip(), f"openrouter/{slug.strip()}", {}, None, hosts, pinned))
    return routes


def _text_routes(label: str, text: str, problems: list[Problem]) -> list[Route]:
    routes = []
    for number, raw in enumerate(text.splitlines(), start=1):
        body = raw.split("#", 1)[0]
        if not body.strip():
            continue
        col = len(body) - len(body.lstrip()) + 1
        slug, *rest = body.split()
        if "/" not in slug:
            problems.append(Problem(label, number, col, "", f"'{slug}' is not an OpenRouter slug (author/model, e.g. deepseek/deepseek-v3.2)"))
            continue
        hosts = tuple(h for part in rest for h in part.split(",") if h)
        routes.append(Route(label, number, col, slug, f"openrouter/{slug}", {}, None, hosts, bool(hosts)))
    return routes
