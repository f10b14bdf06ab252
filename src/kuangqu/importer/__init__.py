"""Importing the office's own sheets: rows → validated input records → services, all or nothing.

`rows.read_rows` turns the chosen sheets into located rows (sheet, row, column letters)
and collects the file-level warnings; `retirees` and `households` validate every row,
collect every problem, compare with the database, and write only when nothing is wrong.
"""
