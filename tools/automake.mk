# Populated by the tools work.
