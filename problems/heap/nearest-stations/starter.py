def nearest_stations(stations: list[list[int]], home: list[int], k: int) -> list[list[int]]:
    """The k stations closest to home (any order)."""
    pass
