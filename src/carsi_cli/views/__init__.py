"""What people see: the columns of each record type, the terminal views (Rich), and the
JSON, CSV and Markdown contracts."""
