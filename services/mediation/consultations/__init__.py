"""Consultations (专项调) street center staff convene on their own: start, state, objections."""
