MOD = 1_000_000_007


def count_sub_recipes(steps: str) -> int:
    # ending[c]: distinct non-empty subsequences whose last letter is c.
    ending = [0] * 26
    total = 0  # sum(ending) modulo MOD
    for ch in steps:
        c = ord(ch) - 97
        new = total + 1  # extend every subsequence so far by ch, plus ch alone
        total = (total + new - ending[c]) % MOD
        ending[c] = new % MOD
    return total
