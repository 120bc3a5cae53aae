def is_clean_palindrome(s: str) -> bool:
    """Return True if the ASCII letters and digits of `s`, ignoring case, form a palindrome."""
    pass
