"""The dashboard of `whimbrel serve`: page.html and plain JS/CSS/SVG in static/ (no third-party code)."""
