"""What the bureau is judged on: figures over the leads database and the published content.

Pure functions, no views: ``periods`` (the report month that runs to the 25th, the year to
date), ``data`` (the rows a report reads, loaded once), ``figures`` (counts, rates, targets,
credit, feedback), ``tables`` (the figures as titled tables, the one shape the page, the CSV
and the XLSX all render), ``export`` (CSV and XLSX) and ``freshness`` (the content against the
national inspection indicators of government websites).
"""
