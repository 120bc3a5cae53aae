"""Files other tools read and write: CSV, iCalendar."""
