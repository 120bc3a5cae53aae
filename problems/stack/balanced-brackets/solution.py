def is_balanced(s: str) -> bool:
    opener = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in opener and (not stack or stack.pop() != opener[ch]):
            return False
    return not stack
