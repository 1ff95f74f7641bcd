# The cost-model part: handle, built-in MAESTRO-like model, MAESTRO notation.
