"""How outputs look: raster and vector styles, written as .qml and applied on load."""
