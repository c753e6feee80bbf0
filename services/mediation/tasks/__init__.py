"""Human tasks: the inbox, claims and completion, and the tasks the case workflows create."""
