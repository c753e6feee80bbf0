"""Deadline policies and due-time computation on the working-day calendar."""
