"""docs/operations.md is the procedure the end-to-end test follows: every command in it is run by
tests/deploy/test_production_path.py, but for the few listed in ``procedure.EXCEPTIONS``, which
the doc marks as not run by the tests, saying why."""

import ast
from pathlib import Path

from .procedure import DOC, EXCEPTIONS, FENCE, doc_commands

PRODUCTION_PATH = Path(__file__).with_name("test_production_path.py")


def strings_of(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_every_command_of_the_doc_is_run_by_the_production_path_test():
    run = strings_of(PRODUCTION_PATH)
    missing = [line for line in doc_commands() if line not in run and line not in EXCEPTIONS]
    assert not missing, f"commands of {DOC.name} that no test runs: {missing}"


def test_the_exceptions_are_commands_of_the_doc_marked_as_not_run():
    text = DOC.read_text(encoding="utf-8")
    assert EXCEPTIONS <= set(doc_commands()), f"stale exceptions: {EXCEPTIONS - set(doc_commands())}"
    end = 0
    for match in FENCE.finditer(text):
        before, end = text[end:match.start()], match.end()
        block = set(doc_commands(match.group(0)))
        if block & EXCEPTIONS:
            assert "not run by the tests" in before.lower(), f"{DOC.name}: say why this is not run: {block}"


def test_the_doc_has_commands():
    commands = doc_commands()
    assert len(commands) > 15 and "deploy/upgrade" in commands
