"""Swedish for the texts of issue #10: who may read, and separation of duties."""

SV = {
    "Only the committee's members read this part of the project.":
        "Den här delen av projektet läses bara av nämndens och projektens roller.",
    "You see what the committee publishes about this project.":
        "Du ser det som nämnden publicerar om projektet.",
    "Latest decision": "Senaste beslut",
}
