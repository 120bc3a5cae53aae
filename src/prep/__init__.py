"""prep: an offline interview-prep engine."""

__version__ = "0.1.0"
