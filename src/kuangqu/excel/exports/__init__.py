"""The Excel exports, one module each: `template` (blank import sheets), `roster` (the registration
sheet), `monthly` and `annual` (reports). They lay out data that `kuangqu.reports` and the services
produced (no SQL here) with `kuangqu.excel.writer`; `layouts` holds the office's column layouts and
`tables` renders any `render.Report` as a sheet.
"""
