"""What workflows and services must agree on: workflow names and ids, signal, update and query
names, the types they carry, the task-kind registry and result kinds derived from the protos.

Shared like the protos (DESIGN.md): it depends on the standard library and the generated code
only, so any process may import it and none learns another's internals through it.
"""
