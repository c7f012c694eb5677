# Populated by the fuzzing work.
