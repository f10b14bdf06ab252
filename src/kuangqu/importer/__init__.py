"""Importing the office's own sheets: rows → validated input records → services, all or nothing.

`rows.locate_rows` turns the sheets read by `excel.reader.read_workbook` into located rows
(sheet, row, column letters) and collects the file-level warnings. One module per record type
(listed in `cli/import_.RECORD_TYPES`: retirees, households, petitions, visits, payments,
benefits, …) validates every row, collects every problem, compares with the database, and writes only when
nothing is wrong. `located` holds what the newer importers share: the row accessor that
records located problems, the batched roster lookup, and the plan loop that names both rows of
a repeated key. `summary` is the result and the import history.
"""
