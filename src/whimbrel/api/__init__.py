"""`whimbrel serve`: the REST API over a store (FastAPI, api/app.py `create_app`) and the dashboard it serves."""
