"""Step 5's reads, one module per part: sessions, check-ins, progress reviews, messages."""
