"""Pure Block Kit builders: each `build_<surface>()` returns a message dict with fallback text."""
