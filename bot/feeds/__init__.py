"""Calendar feeds on the bot side: fetching them safely (core.imports.feeds reads them)."""
