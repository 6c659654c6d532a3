"""Running the command line on hostile input with a deadline, and the checks every run shares.

``run`` calls ``policykit.cli.main`` in a worker thread and fails the test when it has not
returned after ``timeout`` seconds: a hang fails one test, never the CI run (the thread is
a daemon; a blocked FIFO reader is released by the test's own cleanup). ``run_process``
starts ``python -m policykit.cli`` for what must run in a main thread of its own
(network deadlines use SIGALRM) or with its own environment. Both assert that no output
says "internal error" or shows a traceback: an internal error is a bug whatever the input.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
from dataclasses import dataclass

import pytest

SECRET = "Hostile-S3cret-4711"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def assert_sane(result: Result, arguments) -> None:
    for marker in ("internal error", "Traceback (most recent call last)"):
        assert marker not in result.text, f"policykit {' '.join(map(str, arguments))}:\n{result.text[-3000:]}"
    assert result.code in (0, 1, 2), result


def run(*arguments, timeout: float = 60) -> Result:
    from policykit.cli import main

    arguments = [str(argument) for argument in arguments]
    outcome: dict = {}

    def work():
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(arguments)
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
        outcome["result"] = Result(code, out.getvalue(), err.getvalue())

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        pytest.fail(f"policykit {' '.join(arguments)} did not finish within {timeout:g} s (a hang)")
    result = outcome["result"]
    assert_sane(result, arguments)
    return result


def run_process(*arguments, timeout: float = 60, env: dict | None = None, cwd=None) -> Result:
    arguments = [str(argument) for argument in arguments]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "POLICYKIT_"))}
    environment["PYTHONWARNINGS"] = "ignore"
    environment.update(env or {})
    try:
        done = subprocess.run([sys.executable, "-m", "policykit.cli", *arguments], capture_output=True, text=True,
                              timeout=timeout, env=environment, cwd=cwd)
    except subprocess.TimeoutExpired:
        pytest.fail(f"policykit {' '.join(arguments)} did not finish within {timeout:g} s (a hang)")
    result = Result(done.returncode, done.stdout, done.stderr)
    assert_sane(result, arguments)
    return result
