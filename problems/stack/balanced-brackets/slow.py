def is_balanced(s: str) -> bool:
    # Brute force: keep only the brackets, then delete adjacent matching pairs until none are left.
    t = "".join(ch for ch in s if ch in "()[]{}")
    while True:
        shorter = t.replace("()", "").replace("[]", "").replace("{}", "")
        if shorter == t:
            return t == ""
        t = shorter
