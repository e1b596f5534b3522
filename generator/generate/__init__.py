"""generate: the pipeline of one run, the whole-catalog driver and the writing stage."""
