"""Runs inside the sandbox: loads the solution, feeds it inputs, reports results.

This file is copied into the work dir and run with `python -I -S`. It imports only the
standard library (and numpy when the problem needs it). It never sees expected answers.
Messages go to the parent as length-prefixed JSON frames on a private pipe:
  {"t": "ready", "cpu": s}            before any solution code runs
  {"t": "compile", "error": "..."}    syntax error in the solution
  {"t": "load", "error": "..."}       the module raised while importing
  {"t": "case", "n": k, "ok": true, "value": <tagged>, "cpu": s}
  {"t": "case", "n": k, "ok": false, "error": "...traceback..."}
  {"t": "done", "cpu": s}
"""

import json
import math
import os
import sys
import time
import traceback
from collections import deque

MAX_FRAME = 4 * 1024 * 1024


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next

    def __repr__(self):
        return f"ListNode({self.val})"


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self):
        return f"TreeNode({self.val})"


def send(fd, message):
    data = json.dumps(message, allow_nan=False, separators=(",", ":")).encode()
    if len(data) > MAX_FRAME:
        data = json.dumps(
            {
                "t": message.get("t"),
                "n": message.get("n"),
                "ok": False,
                "error": "result too large to report (over 4 MiB)",
            }
        ).encode()
    os.write(fd, len(data).to_bytes(4, "big") + data)


def to_list_node(values):
    head = None
    for v in reversed(values or []):
        head = ListNode(v, head)
    return head


def from_list_node(node):
    out, seen = [], 0
    while node is not None:
        out.append(encode_plain(node.val))
        node = node.next
        seen += 1
        if seen > 1_000_000:
            raise ValueError("returned linked list is cyclic or too long")
    return out


def to_tree(values):
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue, i = deque([root]), 1
    while queue and i < len(values):
        node = queue.popleft()
        if i < len(values) and values[i] is not None:
            node.left = TreeNode(values[i])
            queue.append(node.left)
        i += 1
        if i < len(values) and values[i] is not None:
            node.right = TreeNode(values[i])
            queue.append(node.right)
        i += 1
    return root


def from_tree(root):
    out, queue = [], deque([root])
    while queue:
        node = queue.popleft()
        if node is None:
            out.append(None)
            continue
        out.append(encode_plain(node.val))
        queue.append(node.left)
        queue.append(node.right)
        if len(out) > 2_000_000:
            raise ValueError("returned tree is cyclic or too large")
    while out and out[-1] is None:
        out.pop()
    return out


def convert_in(value, kind):
    if kind == "list_node":
        return to_list_node(value)
    if kind == "tree":
        return to_tree(value)
    if kind == "ndarray":
        import numpy

        return numpy.array(value, dtype=float)
    return value


def encode_plain(value, depth=0):
    """Only plain data crosses the pipe: no user objects, so no user __eq__ ever runs outside."""
    if depth > 100:
        raise ValueError("returned value is nested too deeply")
    if value is None or type(value) is bool or type(value) is str:
        return value
    if type(value) is int:
        return value
    if type(value) is float:
        if math.isnan(value):
            return {"$f": "nan"}
        if math.isinf(value):
            return {"$f": "inf" if value > 0 else "-inf"}
        return value
    if type(value) in (list, tuple):
        return [encode_plain(v, depth + 1) for v in value]
    if type(value) in (set, frozenset):
        return [encode_plain(v, depth + 1) for v in value]
    if type(value) is dict:
        return {
            "$d": [
                [encode_plain(k, depth + 1), encode_plain(v, depth + 1)] for k, v in value.items()
            ]
        }
    # Subclasses of plain types become the plain type, so a custom __eq__ never matters.
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return encode_plain(float.__float__(value), depth + 1)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, list):
        return [encode_plain(v, depth + 1) for v in list.__iter__(value)]
    if isinstance(value, tuple):
        return [encode_plain(v, depth + 1) for v in tuple.__iter__(value)]
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.ndarray):
            return encode_plain(value.tolist(), depth + 1)
        if isinstance(value, numpy.generic):
            return encode_plain(value.item(), depth + 1)
    if isinstance(value, ListNode):
        return from_list_node(value)
    if isinstance(value, TreeNode):
        return from_tree(value)
    raise TypeError(
        f"returned a {type(value).__name__}; return plain values (numbers, strings, lists, dicts)"
    )


def convert_out(value, kind):
    if kind == "list_node":
        return from_list_node(value) if value is not None else []
    if kind == "tree":
        return from_tree(value) if value is not None else []
    return encode_plain(value)


def user_traceback(exc, filename):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    lines = ["Traceback (most recent call last):"]
    lines += [line.rstrip("\n") for line in traceback.format_list(frames)]
    lines += [line.rstrip("\n") for line in traceback.format_exception_only(type(exc), exc)]
    return "\n".join(lines)[-4000:]


def main():
    fd = int(sys.argv[1])
    spec = json.loads(sys.stdin.read())
    sys.stdin = open(os.devnull)  # noqa: SIM115
    here = os.path.dirname(os.path.abspath(__file__))
    if spec.get("numpy_path"):
        sys.path.insert(0, spec["numpy_path"])
    if spec.get("needs_numpy"):
        import numpy  # noqa: F401  (imported before the clock starts)
    filename = os.path.join(here, "solution.py")
    with open(filename, encoding="utf-8") as handle:
        source = handle.read()
    guard = spec.get("guard") or {}
    sys.path.insert(0, here)
    import _guard

    sys.path.remove(here)
    sys.modules.pop("_guard", None)
    if guard.get("landlock"):
        problem = _guard.install_landlock(
            guard.get("read", []), guard.get("write", []), guard.get("list", [])
        )
        if problem:
            send(fd, {"t": "guard", "error": problem})
            return
    if guard.get("seccomp"):
        problem = _guard.install_seccomp()
        if problem:
            send(fd, {"t": "guard", "error": problem})
            return
    os.chdir(spec["workdir"])
    namespace = {
        "__name__": "solution",
        "__file__": filename,
        "ListNode": ListNode,
        "TreeNode": TreeNode,
    }
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, ValueError) as exc:
        send(
            fd,
            {
                "t": "compile",
                "error": "".join(traceback.format_exception_only(type(exc), exc))[-4000:],
            },
        )
        return
    send(fd, {"t": "ready", "cpu": time.process_time()})
    try:
        exec(code, namespace)
    except BaseException as exc:  # SystemExit included: exiting at import is a runtime error
        send(fd, {"t": "load", "error": user_traceback(exc, filename)})
        return
    entry = spec["entry"]
    if entry not in namespace:
        send(fd, {"t": "load", "error": f"solution.py defines no '{entry}'"})
        return
    target = namespace[entry]
    arg_types = spec.get("arg_types") or []
    return_type = spec.get("return_type") or "any"
    for case in spec["cases"]:
        n = case["n"]
        try:
            if "calls" in case:
                value = run_calls(target, case["calls"])
            else:
                args = [
                    convert_in(a, arg_types[i] if i < len(arg_types) else "any")
                    for i, a in enumerate(case["args"])
                ]
                value = convert_out(target(*args), return_type)
            send(fd, {"t": "case", "n": n, "ok": True, "value": value, "cpu": time.process_time()})
        except BaseException as exc:
            send(
                fd,
                {
                    "t": "case",
                    "n": n,
                    "ok": False,
                    "error": user_traceback(exc, filename),
                    "kind": type(exc).__name__,
                },
            )
            if isinstance(exc, SystemExit | KeyboardInterrupt):
                return
    send(fd, {"t": "done", "cpu": time.process_time()})


def run_calls(cls, calls):
    results = []
    obj = cls(*calls[0][1])
    results.append(None)
    for name, args in calls[1:]:
        if name.startswith("_"):
            raise AttributeError(f"method {name} is private")
        results.append(encode_plain(getattr(obj, name)(*args)))
    return results


if __name__ == "__main__":
    main()
