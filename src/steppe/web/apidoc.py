"""The /docs page's content: the OpenAPI document read back as a list of operations, so the
API reference is served by the app itself (no CDN, no script) and never drifts from the code."""

from __future__ import annotations

from typing import Any, Callable

from steppe.reports.french import decimal, plural

EXAMPLES = {
    "/api/articles": "/api/articles?country=KZ&limit=5",
    "/api/search": "/api/search?q=Tokayev+country:KZ&limit=5",
    "/api/stories": "/api/stories?country=KZ&limit=5",
    "/api/countries": "/api/countries",
    "/api/countries/{code}": "/api/countries/KZ",
    "/api/sources": "/api/sources",
    "/api/status": "/api/status",
}
def _bound(value: Any) -> str:
    """A numeric bound in French (10 000, 2): OpenAPI writes 2.0 for a float bound."""
    return decimal(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


CONSTRAINTS: tuple[tuple[str, Callable[[Any], str]], ...] = (
    ("minimum", lambda v: f"≥ {_bound(v)}"), ("maximum", lambda v: f"≤ {_bound(v)}"),
    ("minLength", lambda v: f"au moins {plural(int(v), 'caractère')}"),
    ("maxLength", lambda v: f"au plus {plural(int(v), 'caractère')}"),
    ("pattern", lambda v: f"motif {v}"), ("default", lambda v: f"défaut {v}"),
    ("format", lambda v: f"format {v}"))


def _schema(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            if options:
                return {**options[0], **{k: v for k, v in schema.items() if k != key}}
    return schema


def _describe(schema: dict[str, Any], components: dict[str, Any]) -> tuple[str, str]:
    schema = _schema(schema, components)
    kind = schema.get("type", "")
    if "enum" in schema:
        kind = " | ".join(str(v) for v in schema["enum"])
    elif kind == "array":
        kind = f"liste de {_schema(schema.get('items', {}), components).get('type', 'valeurs')}"
    rules = [say(schema[key]) for key, say in CONSTRAINTS if key in schema]
    return kind, ", ".join(rules)


def operations(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    components = openapi.get("components", {}).get("schemas", {})
    out = []
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                kind, rules = _describe(p.get("schema", {}), components)
                params.append({"name": p["name"], "in": p["in"], "required": p.get("required", False),
                               "type": kind, "rules": rules,
                               "description": p.get("description") or p.get("schema", {}).get("description", "")})
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                target = _schema(body, components)
                required = set(target.get("required", []))
                for name, prop in target.get("properties", {}).items():
                    kind, rules = _describe(prop, components)
                    params.append({"name": name, "in": "body (JSON)", "required": name in required,
                                   "type": kind, "rules": rules, "description": prop.get("description", "")})
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "params": params, "responses": sorted(op.get("responses", {})),
                        "example": EXAMPLES.get(path) if method == "get" else None})
    return sorted(out, key=lambda op: op["method"] != "GET")     # reads first, writes last
