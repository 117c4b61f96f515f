"""Running solves: in-process pool by default, Ray when a cluster address is given."""
