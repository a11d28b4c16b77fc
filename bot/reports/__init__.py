"""The Committee's reports and files: read models from bot.workflows.reporting rendered with the
templates in messages/ as Markdown, HTML (charts inlined), PDF, CSV, JSON or XLSX."""
