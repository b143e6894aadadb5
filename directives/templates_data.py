"""Installing the default templates; used by seed_demo. The data migrations 0002 and 0004 keep
their own frozen copy of what they installed, so editing these defaults changes new installs only
through a new migration."""

from directives import defaults

DEFAULT_TEMPLATES = [
    (defaults.DIRECTIVE_TEMPLATE_KEY, "Projektdirektiv (LINK2-modellen)", "directive",
     defaults.DIRECTIVE_SECTIONS, defaults.CHECKLISTS,
     "Standardmall enligt projektdirektivet för LINK2 och beslut GNS/7/2019"),
    (defaults.FINAL_REPORT_TEMPLATE_KEY, "Slutrapport", "final_report",
     defaults.FINAL_REPORT_SECTIONS, {}, "Standardmall för slutrapport"),
    (defaults.COMMITTEE_CASE_TEMPLATE_KEY, "Tjänsteskrivelse", "committee_case",
     defaults.COMMITTEE_CASE_SECTIONS, {}, "Standardmall för ärende till nämnden"),
    (defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY, "Projektdirektiv (nämnden fastställer vid BP1)",
     "directive", defaults.COMMITTEE_DIRECTIVE_SECTIONS, defaults.CHECKLISTS,
     "Projektdirektivet för LINK2 som nämnden godkände 2018-08-24: nämnden beslutar BP1 vid "
     "sammanträde"),
]
# Who decides which gate, per template key (the others keep the lifecycle's defaults).
GATE_DECIDERS = {defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY: defaults.COMMITTEE_GATE_DECIDERS}


def install_default_templates(Template, TemplateVersion, GateChecklistItem) -> None:
    """Create each default template (version 1) unless it exists. Idempotent."""
    for key, name, kind, sections, checklists, note in DEFAULT_TEMPLATES:
        template, _ = Template.objects.get_or_create(key=key, defaults={"name": name, "kind": kind})
        if TemplateVersion.objects.filter(template=template).exists():
            continue
        version = TemplateVersion.objects.create(template=template, number=1, sections=sections,
                                                 note=note,
                                                 gate_deciders=GATE_DECIDERS.get(key, {}))
        GateChecklistItem.objects.bulk_create(
            GateChecklistItem(template_version=version, gate=str(gate), position=position,
                              key=item_key, text=text, mandatory=mandatory)
            for gate, items in checklists.items()
            for position, (item_key, text, mandatory) in enumerate(items, start=1)
        )
