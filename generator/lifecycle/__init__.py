"""Stage ``lifecycle``: each resource's "Basics" scenario (create, use, clean up) as an IR."""
