"""SQLite with exact money (issue 12.7): see base.py."""
