"""The application object for uvicorn workers (`sciatica.web.app:app`)."""

from . import create_app

app = create_app()
