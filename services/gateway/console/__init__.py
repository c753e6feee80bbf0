"""The web console: server-rendered pages (Jinja2 + htmx from the project's own npm install)."""
