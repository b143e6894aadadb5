"""Pages, by area: projects and their lifecycle, governance (meetings, extensions, steering, control), money."""
