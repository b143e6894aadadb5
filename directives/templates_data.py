"""Installing the default templates; used by a data migration and by seed_demo."""

from directives import defaults


def install_default_templates(Template, TemplateVersion, GateChecklistItem) -> None:
    """Create the default directive template (version 1) unless it exists. Idempotent."""
    template, _ = Template.objects.get_or_create(
        key=defaults.DIRECTIVE_TEMPLATE_KEY,
        defaults={"name": "Projektdirektiv (LINK2-modellen)", "kind": "directive"},
    )
    if TemplateVersion.objects.filter(template=template).exists():
        return
    version = TemplateVersion.objects.create(
        template=template, number=1, sections=defaults.DIRECTIVE_SECTIONS,
        note="Standardmall enligt projektdirektivet för LINK2 och beslut GNS/7/2019",
    )
    GateChecklistItem.objects.bulk_create(
        GateChecklistItem(template_version=version, gate=str(gate), position=position, key=key,
                          text=text, mandatory=mandatory)
        for gate, items in defaults.CHECKLISTS.items()
        for position, (key, text, mandatory) in enumerate(items, start=1)
    )
