"""gunicorn's settings for Stepwise, read from the app directory (gunicorn looks for this file
there) or named with ``--config gunicorn.conf.py``. Command-line options win over these."""

# The access log masks the tokens of invitation, password-reset and calendar-feed links.
logger_class = "stepwise.lib.access_log.MaskingLogger"

# Each worker is replaced after about 10,000 requests (the jitter spreads the restarts so the
# workers do not all restart at once): the first PDF a worker renders loads WeasyPrint and Pango
# for good, and long-lived Python processes grow slowly; a fresh worker starts at about 85 MB.
max_requests = 10000
max_requests_jitter = 1000
