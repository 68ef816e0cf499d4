"""Every key an audit entry's data can hold, read from the source (no import, no running) like action_codes.

`log_action(..., data=...)`: a dict literal's keys; `**x` spreads, a local variable assigned a dict, `a or b`
and a call of a function whose `return` is a dict literal are followed. The elections wrapper
`log_step(action, election, actor, obj, **data)` adds "election" and passes its keyword arguments as keys.
An expression the reader cannot follow is reported (file:line and the expression), so a new pattern fails
loudly instead of being skipped.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from action_codes import SRC, _assigned, _callee, _functions

WRAPPER = "log_step"
WRAPPER_ARGS = {"action", "election", "actor", "obj"}


@dataclass
class Keys:
    keys: dict[str, list[str]] = field(default_factory=dict)  # key -> ["file:line", ...]
    unresolved: list[str] = field(default_factory=list)  # "file:line: expression"


class _Unresolved(Exception):
    pass


def _returns(definitions: dict[str, ast.FunctionDef], name: str) -> tuple[ast.FunctionDef, list[ast.expr]]:
    func = definitions.get(name)
    if func is None:
        raise _Unresolved(name)
    return func, [n.value for n in ast.walk(func) if isinstance(n, ast.Return) and n.value is not None]


def _keys(
    expr: ast.expr, func: ast.AST | None, definitions: dict[str, ast.FunctionDef], depth: int = 0
) -> set[str]:
    if depth > 5:
        raise _Unresolved(ast.unparse(expr))
    if isinstance(expr, ast.Dict):
        keys: set[str] = set()
        for key, value in zip(expr.keys, expr.values, strict=True):
            if key is None:
                keys |= _keys(value, func, definitions, depth + 1)
            elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.add(key.value)
            else:
                raise _Unresolved(ast.unparse(key))
        return keys
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        keys = set()
        for operand in expr.values:
            keys |= _keys(operand, func, definitions, depth + 1)
        return keys
    if isinstance(expr, ast.Name):
        assigned = _assigned(func, expr.id)
        if assigned:
            keys = set()
            for value in assigned:
                keys |= _keys(value, func, definitions, depth + 1)
            return keys
        raise _Unresolved(ast.unparse(expr))
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        definition, returned = _returns(definitions, expr.func.id)
        keys = set()
        for value in returned:
            keys |= _keys(value, definition, definitions, depth + 1)
        return keys
    raise _Unresolved(ast.unparse(expr))


def collect(src: Path = SRC) -> Keys:
    found = Keys()
    parsed = []
    definitions: dict[str, ast.FunctionDef] = {}
    for path in sorted(src.rglob("*.py")):
        if "migrations" in path.parts or (path.name == "services.py" and path.parent.name == "audit"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        parsed.append((path.relative_to(src), tree, _functions(tree)))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                definitions.setdefault(node.name, node)

    def add(keys: set[str], where: str) -> None:
        for key in keys:
            found.keys.setdefault(key, []).append(where)

    for rel, tree, owner in parsed:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            where, func = f"{rel}:{call.lineno}", owner.get(call)
            if _callee(call) == "log_action":
                data = next((k.value for k in call.keywords if k.arg == "data"), None)
                if data is None:
                    continue
                if isinstance(func, ast.FunctionDef) and func.name == WRAPPER:
                    # the wrapper's own {"election": ..., **data}: the spread is its callers' keywords
                    assert isinstance(data, ast.Dict)
                    add({k.value for k in data.keys if isinstance(k, ast.Constant)}, where)
                    continue
                try:
                    add(_keys(data, func, definitions), where)
                except _Unresolved as u:
                    found.unresolved.append(f"{where}: {u}")
            elif _callee(call) == WRAPPER:
                for keyword in call.keywords:
                    if keyword.arg is None:
                        try:
                            add(_keys(keyword.value, func, definitions), where)
                        except _Unresolved as u:
                            found.unresolved.append(f"{where}: {u}")
                    elif keyword.arg not in WRAPPER_ARGS:
                        add({keyword.arg}, where)
    return found


if __name__ == "__main__":  # pragma: no cover - a listing for whoever writes the labels
    result = collect()
    for key in sorted(result.keys):
        print(key, result.keys[key][0])
    for line in result.unresolved:
        print("UNRESOLVED", line)
