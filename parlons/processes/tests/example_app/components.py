"""Step 2, components: what the app lets a phase open."""

from parlons.processes.components import Component

QUICK_OPINIONS = "quick_opinions"

COMPONENTS = [Component(QUICK_OPINIONS, "donner un avis express", order=60)]
