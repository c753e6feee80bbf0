"""Professional mediation panels (专业调): the roster, the draw and the methods catalogue."""
