/**
 * Reads result files and turns them into tables, JSON and charts.
 *
 * <p>This module knows nothing of the simulator: it reads what the harness wrote (CSV with a header
 * row, one run per row), so old results can be re-rendered without re-running them. Everything it
 * writes is deterministic: the same rows give the same bytes.
 *
 * <p>Where to look: {@link org.stacklab.reports.ResultTable} the rows in memory;
 * {@link org.stacklab.reports.CsvResults} reading and writing CSV; {@link org.stacklab.reports.JsonResults}
 * JSON; {@link org.stacklab.reports.SideBySideTable} the plain-text comparison table;
 * {@link org.stacklab.reports.BarChart} the PNG (and SVG) charts; {@link org.stacklab.reports.RunReport} the report
 * of a results folder (tables in Markdown, CSV and LaTeX, charts, index.html).
 */
package org.stacklab.reports;
