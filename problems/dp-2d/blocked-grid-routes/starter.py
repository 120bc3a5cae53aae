def count_routes(floor: list[str]) -> int:
    """Right/down routes from top-left to bottom-right avoiding '#', modulo 1_000_000_007."""
    pass
