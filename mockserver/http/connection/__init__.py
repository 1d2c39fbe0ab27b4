"""A connection's bounds, framing and writes, on uvicorn's own protocol (``serve``): slow and
oversized heads and bodies cut with their status, a refusal's lingering close, one write a turn,
and bodies refused early (size, framing, two Authorization headers)."""
