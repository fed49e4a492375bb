"""On-call rotations: their values, the shifts they hand off at local wall-clock time,
overrides, the coverage that results (segments, gaps, suggested covers), covering a gap,
and the queries the surfaces make."""
