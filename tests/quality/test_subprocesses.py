"""Every process a test starts is stopped, also when the test fails: a failed test once left
``portal preview`` running on the machine (issue 20). Read from the tests' source (AST), so the
rule holds for tests not written yet.

A ``Popen(...)`` in a test file is accepted when it is
- the context manager of a ``with`` (``with subprocess.Popen(...) as process:``),
- inside the body of a ``try`` that has a ``finally``,
- in the statement just before such a ``try`` (``process = Popen(...)`` then ``try: … finally:``),
- in a pytest fixture that yields after it (its teardown stops the process), or
- in a method of a class that has ``stop`` or ``__exit__`` (a helper owning its process, such as
  ``tests.publish.live.Server``), or
- returned (``return Popen(...)``: a helper that starts a command for its caller).

The last two hand the duty to whoever calls them, which this check does not follow: a limit of
reading one call at a time, kept so that the rule stays a few lines.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent


def is_popen(node):
    function = node.func if isinstance(node, ast.Call) else None
    return (isinstance(function, ast.Attribute) and function.attr == "Popen") or (
        isinstance(function, ast.Name) and function.id == "Popen")


def guarded_by_try(statement, block):
    """``statement`` is followed, in its block, by a ``try`` with a ``finally``."""
    index = block.index(statement)
    following = block[index + 1] if index + 1 < len(block) else None
    return isinstance(following, ast.Try) and bool(following.finalbody)


def is_fixture(function):
    return any("fixture" in ast.unparse(decorator) for decorator in function.decorator_list) and any(
        isinstance(node, ast.Yield | ast.YieldFrom) for node in ast.walk(function))


def stoppable(cls):
    return any(isinstance(node, ast.FunctionDef) and node.name in ("stop", "__exit__") for node in cls.body)


def unguarded(source):
    """Line numbers of the ``Popen(...)`` calls in ``source`` that nothing is sure to stop."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for call in (node for node in ast.walk(tree) if is_popen(node)):
        node, safe = call, False
        while node in parents and not safe:
            parent = parents[node]
            if isinstance(parent, ast.withitem) and parent.context_expr is node:
                safe = True
            elif isinstance(parent, ast.Return):
                safe = True
            elif isinstance(parent, ast.Try) and parent.finalbody and node in parent.body:
                safe = True
            elif isinstance(parent, ast.FunctionDef) and is_fixture(parent):
                safe = True
            elif isinstance(parent, ast.ClassDef) and stoppable(parent):
                safe = True
            else:
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(parent, field, None)
                    if isinstance(block, list) and node in block and guarded_by_try(node, block):
                        safe = True
            node = parent
        if not safe:
            found.append(call.lineno)
    return found


GOOD = {
    "with": "with subprocess.Popen(['x']) as p:\n    p.wait()\n",
    "try before": "p = subprocess.Popen(['x'])\ntry:\n    go()\nfinally:\n    p.kill()\n",
    "inside try": "try:\n    p = Popen(['x'])\n    go()\nfinally:\n    stop()\n",
    "fixture": "@pytest.fixture\ndef server():\n    p = subprocess.Popen(['x'])\n    yield p\n    p.kill()\n",
    "returned": "def portal(*argv):\n    return subprocess.Popen(argv)\n",
    "helper": "class Server:\n    def start(self):\n        self.p = Popen(['x'])\n    def stop(self):\n"
              "        self.p.kill()\n",
}
BAD = {
    "bare": "def test():\n    p = subprocess.Popen(['x'])\n    p.wait(timeout=5)\n",
    "try without finally": "try:\n    p = Popen(['x'])\nexcept OSError:\n    pass\n",
    "a step between": "p = Popen(['x'])\nwait_for(p)\ntry:\n    go()\nfinally:\n    p.kill()\n",
    "started in finally": "try:\n    go()\nfinally:\n    Popen(['x'])\n",
}


@pytest.mark.parametrize("name", GOOD)
def test_the_rule_accepts(name):
    assert unguarded(GOOD[name]) == []


@pytest.mark.parametrize("name", BAD)
def test_the_rule_refuses(name):
    assert unguarded(BAD[name]) != []


def test_every_process_a_test_starts_is_stopped_in_a_finally():
    found = [f"{path.relative_to(TESTS.parent)}:{line}" for path in sorted(TESTS.rglob("*.py"))
             for line in unguarded(path.read_text(encoding="utf-8"))]
    assert found == [], "Popen without a with, try/finally or fixture teardown: " + ", ".join(found)
