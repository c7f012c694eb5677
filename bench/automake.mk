# Populated by the benchmark work.
