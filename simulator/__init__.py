"""The scenario simulator: plays a scenario of complaints and decisions against a running stack
through the public API and the liaison API only, under compressed time (README: "Simulation")."""
