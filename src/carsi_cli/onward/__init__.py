"""The facts taken onward: citations, exports (SQLite, data package, web page) and the
annotated fact sheet."""
