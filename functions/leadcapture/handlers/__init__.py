"""Lambda handlers: turn an event into a call of domain code, and its result into an answer."""
