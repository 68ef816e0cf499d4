"""Every audit action code the code base can log, read from the source (no import, no running).

Calls to `log_action(code, ...)` are found with `ast`; the code may be a string, a conditional
(`"a" if x else "b"`), an `or` of strings, a local variable assigned strings in the same function, or an
f-string over those. A function that passes one of its own parameters into the code (elections'
`log_step(action, ...)` -> `f"election.{action}"`) is a wrapper: its calls in every module are read the
same way. An expression the reader cannot resolve is reported, so a new pattern fails loudly instead of
being skipped.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import daihoi

SRC = Path(daihoi.__file__).resolve().parent


class Unresolved(Exception):
    pass


class Parameter(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


@dataclass
class Found:
    codes: dict[str, list[str]] = field(default_factory=dict)  # code -> ["file:line", ...]
    unresolved: list[str] = field(default_factory=list)


def _assigned(func: ast.AST | None, name: str) -> list[ast.expr]:
    if func is None:
        return []
    values: list[ast.expr] = []
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for t in ast.walk(target):
                    if isinstance(t, ast.Name) and t.id == name:
                        values.append(node.value)
        elif (
            isinstance(node, ast.AnnAssign | ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
            and node.value is not None
        ):
            values.append(node.value)
    return values


def _params(func: ast.AST | None) -> set[str]:
    if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
        return set()
    a = func.args
    return {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs]}


def values(expr: ast.expr, func: ast.AST | None, bindings: dict[str, set[str]] | None = None) -> set[str]:
    """The strings `expr` can take. Raises Parameter for an unbound parameter, Unresolved otherwise."""
    bindings = bindings or {}
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return values(expr.body, func, bindings) | values(expr.orelse, func, bindings)
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        result: set[str] = set()
        for operand in expr.values:
            result |= values(operand, func, bindings)
        return result
    if isinstance(expr, ast.Name):
        if expr.id in bindings:
            return bindings[expr.id]
        assigned = _assigned(func, expr.id)
        if assigned:
            result = set()
            for value in assigned:
                result |= values(value, func, bindings)
            return result
        if expr.id in _params(func):
            raise Parameter(expr.id)
        raise Unresolved(ast.unparse(expr))
    if isinstance(expr, ast.JoinedStr):
        parts: list[set[str]] = []
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                parts.append(values(part.value, func, bindings))
            else:
                parts.append(values(part, func, bindings))
        return {"".join(p) for p in itertools.product(*parts)}
    raise Unresolved(ast.unparse(expr))


def _functions(tree: ast.AST) -> dict[ast.AST, ast.AST | None]:
    """Each node -> its innermost enclosing function."""
    owner: dict[ast.AST, ast.AST | None] = {}

    def visit(node: ast.AST, func: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            owner[child] = func
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else func
            visit(child, inner)

    visit(tree, None)
    return owner


def _callee(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _first_arg(call: ast.Call, param: str = "action") -> ast.expr | None:
    if call.args:
        return call.args[0]
    for keyword in call.keywords:
        if keyword.arg == param:
            return keyword.value
    return None


def collect(src: Path = SRC) -> Found:
    found = Found()
    parsed = []
    for path in sorted(src.rglob("*.py")):
        if "migrations" in path.parts or (path.name == "services.py" and path.parent.name == "audit"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        parsed.append((path.relative_to(src), tree, _functions(tree)))

    def where(rel: Path, node: ast.AST) -> str:
        return f"{rel}:{getattr(node, 'lineno', 0)}"

    # wrapper function name -> (its definition, the parameter, the code expression inside it); a wrapper
    # may be called from other modules (elections.services.common.log_step from every step's module)
    wrappers: dict[str, tuple[ast.AST, str, ast.expr]] = {}
    for rel, tree, owner in parsed:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(n) == "log_action"):
            arg, func = _first_arg(call), owner.get(call)
            if arg is None:
                found.unresolved.append(f"{where(rel, call)}: log_action without an action")
                continue
            try:
                codes = values(arg, func)
            except Parameter as p:
                assert isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
                wrappers[func.name] = (func, p.name, arg)
                continue
            except Unresolved as u:
                found.unresolved.append(f"{where(rel, call)}: {u}")
                continue
            for code in codes - {""}:
                found.codes.setdefault(code, []).append(where(rel, call))
    for rel, tree, owner in parsed:
        for name, (definition, param, expr) in wrappers.items():
            for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(n) == name):
                arg = _first_arg(call, param)
                try:
                    if arg is None:
                        raise Unresolved(f"{name}() without {param}")
                    codes = values(expr, definition, {param: values(arg, owner.get(call))})
                except (Parameter, Unresolved) as e:
                    found.unresolved.append(f"{where(rel, call)}: {e}")
                    continue
                for code in codes - {""}:
                    found.codes.setdefault(code, []).append(where(rel, call))
    return found


if __name__ == "__main__":  # pragma: no cover - a listing for whoever writes the labels
    result = collect()
    for code in sorted(result.codes):
        print(code)
    for line in result.unresolved:
        print("UNRESOLVED", line)
