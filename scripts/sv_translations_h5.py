"""Swedish for the texts of issue #10: who may read, and separation of duties."""

SV = {
    "Only the committee's members read this part of the project.":
        "Den här delen av projektet läses bara av nämndens och projektens roller.",
    "You see what the committee publishes about this project.":
        "Du ser det som nämnden publicerar om projektet.",
    "Latest decision": "Senaste beslut",
    "decide %(gate)s or answer its checklist": "besluta om %(gate)s eller besvara dess checklista",
    "recommend its extension request": "tillstyrka projektets förlängningsansökan",
    "Separation of duties: the project owner may not %(what)s.":
        "Åtskillnad mellan uppdrag: projektägaren får inte %(what)s.",
    "Separation of duties: the project manager may not %(what)s.":
        "Åtskillnad mellan uppdrag: projektledaren får inte %(what)s.",
    "The steering group has not been confirmed by the committee yet; its members act once the "
    "committee's chair or secretary has confirmed it (or BP0 has started the project).":
        "Styrgruppen har ännu inte bekräftats av nämnden; dess ledamöter kan agera när nämndens "
        "ordförande eller sekreterare har bekräftat den (eller när BP0 har startat projektet).",
    "Extension requests are recommended by the project's steering group.":
        "Förlängningsansökningar tillstyrks av projektets styrgrupp.",
    "The steering group is confirmed by the committee's chair or secretary.":
        "Styrgruppen bekräftas av nämndens ordförande eller sekreterare.",
    "The project has ended; its steering group is not confirmed.":
        "Projektet är avslutat; dess styrgrupp bekräftas inte.",
    "The project has no steering group to confirm yet.":
        "Projektet har ännu ingen styrgrupp att bekräfta.",
    "The steering group is already confirmed.": "Styrgruppen är redan bekräftad.",
    "Steering group confirmed by the committee": "Styrgruppen bekräftad av nämnden",
    "Steering group confirmed at %(gate)s": "Styrgruppen bekräftad vid %(gate)s",
    "The steering group changed and waits for the committee's confirmation":
        "Styrgruppen ändrades och väntar på nämndens bekräftelse",
    "The steering group has been confirmed.": "Styrgruppen har bekräftats.",
    "Confirmed by the committee on %(date)s.": "Bekräftad av nämnden %(date)s.",
    "Proposed by the owner; not yet confirmed by the committee, so the steering group cannot "
    "decide yet.":
        "Föreslagen av projektägaren; ännu inte bekräftad av nämnden, så styrgruppen kan inte "
        "besluta än.",
    "Confirm the steering group": "Bekräfta styrgruppen",
    "steering group confirmed": "styrgrupp bekräftad",
    "steering group confirmed by": "styrgrupp bekräftad av",
}
