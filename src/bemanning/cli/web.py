"""`bemanning serve`: the web application (FastAPI + uvicorn)."""

from __future__ import annotations

import typer

from bemanning.i18n import t


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Adresse å lytte på. / Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port. / Port."),
    ) -> None:
        """Start webapplikasjonen (SQLite i BEMANNING_DATA_DIR eller BEMANNING_DATABASE_URL).
        / Start the web application."""
        import uvicorn

        from bemanning.web.app import create_app
        from bemanning.web.settings import settings_from_env

        web_app = create_app(settings_from_env(host))
        password = web_app.state.initial_admin_password
        if password:
            typer.echo(t("serve_admin_password", user="admin", password=password))
        typer.echo(t("serve_started", url=f"http://{host}:{port}"))
        # access_log off: request lines carry ids of units and employees in paths.
        uvicorn.run(web_app, host=host, port=port, access_log=False, log_level="warning")
