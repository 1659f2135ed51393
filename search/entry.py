"""The ``search`` command's entry point, light on purpose: a Ctrl-C at any moment, while Python loads the
command's modules (about 0.1 s: click, the language tables) and parses its options as well as in the middle
of its work, ends with the one-line message and exit code 130, never a traceback or click's "Aborted!".

Until the command itself runs, Ctrl-C ends the process at once with its message (nothing was started);
from then on it raises KeyboardInterrupt, which the command turns into the same message after stopping
what it was doing (``cli._Commands.invoke``). Python's own start-up, before this module runs (a few ms),
is out of reach.

A ``search`` whose parent made it ignore SIGINT (a background job of a script: ``search index news/ &``; a
wrapper that ignores it) ignores it too, as Python does: no handler is installed then, and a Ctrl-C at the
terminal or a ``kill -INT`` leaves it to finish its work.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING, Any, NoReturn  # typing: loaded already by the package's __init__

if TYPE_CHECKING:
    from types import FrameType

# Nothing else is imported before main() has installed its handler (not even json: see _string).

EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C (128 + SIGINT)
INTERRUPTED = {
    "index": ("Interrupted: the index holds what this run had committed, and what it held before; nothing is "
              "damaged.", "Run the same command again: it indexes what is left (unchanged articles are not "
                          "read again)."),
    # A rebuild writes a new generation beside the current one, published only once complete (index/store.py).
    "index --rebuild": ("Interrupted: the rebuild stopped before it was complete; the index answers as it did before "
                        "it (its unfinished copy is removed by the next run); nothing is damaged.",
                        "Run the same command again to rebuild from the start."),
    "export": ("Interrupted: the site may be half written.", "Run the same command again: it writes what is "
                                                             "left or changed."),
}


def interrupted_message(args: list[str]) -> tuple[str, str | None]:
    """What became of the work of ``search ARGS`` stopped by Ctrl-C, and what to do."""
    command = args[0] if args else ""
    if command == "index" and "--rebuild" in args:
        command = "index --rebuild"
    return INTERRUPTED.get(command, ("Interrupted.", None))


def wants_json(args: list[str]) -> bool:
    return "--json" in args[:args.index("--") if "--" in args else len(args)]


def _string(text: str | None) -> str:
    """A JSON string of the messages above (plain text: only quotes and backslashes to escape)."""
    if text is None:
        return "null"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _before_the_command(signum: int, frame: FrameType | None) -> NoReturn:
    """Ctrl-C before the command runs: nothing was started; its message, and 130."""
    interrupted_early()


def interrupted_early() -> NoReturn:
    """Say that the command was stopped before it started (its message, and 130)."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while this is said
    except ValueError:  # not the main thread
        pass
    args = sys.argv[1:]
    message, hint = interrupted_message(args)
    try:
        if wants_json(args):  # as json.dumps(indent=2) writes it; json itself may be half imported here
            sys.stdout.write(f'{{\n  "error": {_string(message)},\n  "hint": {_string(hint)},\n'
                             f'  "exit_code": {EXIT_INTERRUPTED}\n}}\n')
            sys.stdout.flush()
        sys.stderr.write(f"\n{message}\n" + (f"Hint: {hint}\n" if hint else ""))
        sys.stderr.flush()
    except OSError:
        pass
    raise SystemExit(EXIT_INTERRUPTED)


_installed = False  # main() handles Ctrl-C (the command-line program, not the library under a test runner)
_found: Any = None  # the SIGINT handler main() replaced (Python's default_int_handler), back at command_starts()


def command_starts() -> None:
    """The command runs: from here Ctrl-C raises KeyboardInterrupt again (the command stops its work, then
    says what became of it). Only where ``main`` installed the early handler (not under a test runner, nor
    where SIGINT was ignored): the handler it found is put back."""
    if signal.getsignal(signal.SIGINT) is _before_the_command:
        signal.signal(signal.SIGINT, _found)


def command_interrupted() -> None:
    """The command was stopped by Ctrl-C and says so: a second Ctrl-C (people press it twice) while it does
    is ignored rather than raised in the middle of the message (a traceback)."""
    if _installed:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def main() -> None:
    global _installed, _found
    try:
        # Only where Ctrl-C would stop the command anyway (Python's KeyboardInterrupt): a SIGINT the parent
        # made ignored (SIG_IGN, which Python keeps) stays ignored, here and in the command (command_starts).
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            _found = signal.signal(signal.SIGINT, _before_the_command)
            _installed = True
    except ValueError:  # not the main thread: Python's own handling stays
        pass
    from .cli import cli

    cli(prog_name="search")
