"""The conversation between an independent relying party (this process) and the Node test that drives
the browser: the RP prints one JSON object a line; the test answers a line (a URL) when asked."""
import json
import sys


def say(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def ask(step, **fields):
    """Says a URL the browser must open; returns the URL the browser ended on (the callback)."""
    say(step, **fields)
    line = sys.stdin.readline()
    if not line:
        raise SystemExit("the test closed the conversation")
    return line.strip()


def fail(message):
    say("error", message=message)
    raise SystemExit(1)
