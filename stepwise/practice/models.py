"""The executive's 12-step practice: where they are in the program, the professional-inventory
journal (step 10), mindfulness check-ins and practice minutes (step 11), and the people they
teach (step 12). The record is the executive's own, beside the engagement and after it ends."""

from django.db import models  # noqa: F401
