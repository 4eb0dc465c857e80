"""Step 5's writes, one module per part: sessions, check-ins, progress reviews, messages, reminders."""
