"""gunicorn's settings for Stepwise, read from the app directory (gunicorn looks for this file
there) or named with ``--config gunicorn.conf.py``. Command-line options win over these."""

# The access log masks the tokens of invitation, password-reset and calendar-feed links.
logger_class = "stepwise.lib.access_log.MaskingLogger"
