"""Step 7, post-coaching follow-up: mini-surveys scheduled with the same stakeholders, the change
they measure, ROI by the Phillips method, the sustain plan, the closing report, and retention."""

from django.db import models  # noqa: F401
