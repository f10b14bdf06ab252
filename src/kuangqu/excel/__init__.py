"""The Excel layer: the only code that touches python-calamine (reading) and openpyxl (writing).

Reading is split in three steps, each usable on its own:

- `sniff.detect_kind(path)` looks at the file's bytes (never its extension) and refuses
  empty, encrypted, oversized and hostile files (zip bombs, XML entity bombs) and things
  that are not spreadsheets (PDF, images, CSV/text, Word) before any parser sees them;
- `reader.read_workbook(path, …)` turns the chosen sheet(s) into rows of plain Python
  values, with error cells (`ErrorCell`) and uncalculated formulas (`FormulaWithoutValue`)
  made visible, and warnings for hidden sheets/rows/columns, active filters and cut-off sheets;
- `headers.find_header(rows, synonyms, required)` finds the header row under title lines,
  maps columns to field keys through a synonym table, and classifies rows to skip.

Mapping rows to records is the importer's job, not this package's.
"""
