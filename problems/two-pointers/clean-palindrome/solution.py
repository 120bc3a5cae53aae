def is_clean_palindrome(s: str) -> bool:
    def counts(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    i, j = 0, len(s) - 1
    while i < j:
        if not counts(s[i]):
            i += 1
        elif not counts(s[j]):
            j -= 1
        elif s[i].lower() != s[j].lower():
            return False
        else:
            i += 1
            j -= 1
    return True
