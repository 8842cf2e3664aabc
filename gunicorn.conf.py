"""gunicorn's settings, read when it starts from the project folder (`gunicorn wsgi:app`)."""

# Build the app once in the master, before the workers fork: the content and its question bank
# (every question in every language, about 1.3 s per language at 10,000 events) are ready in
# every worker at once, shared copy-on-write, and a worker that restarts does not rebuild them.
preload_app = True
