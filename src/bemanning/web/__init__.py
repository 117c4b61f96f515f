"""The web application: JSON API and server-rendered pages (FastAPI, Jinja2, HTMX)."""
