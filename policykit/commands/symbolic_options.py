"""The options of the symbolic mode, shared by ``diff`` and ``matrix``."""

from __future__ import annotations


def add_symbolic_options(parser, help_text: str) -> None:
    """``--symbolic``, ``--allow-unknown`` and ``--solver-timeout`` (shared with ``matrix``)."""
    parser.add_argument("--symbolic", action="store_true", help=help_text)
    parser.add_argument("--allow-unknown", action="store_true",
                        help="with --symbolic: an action the solver cannot decide does not fail the run "
                             "(by default it fails it, as a found change would)")
    parser.add_argument("--solver-timeout", type=float, default=20.0, metavar="SECONDS",
                        help="with --symbolic: give up on one question after this long (answer: unknown)")
