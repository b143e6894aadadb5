from directives.defaults import DIRECTIVE_TEMPLATE_KEY
from directives.models import GateChecklistItem, TemplateVersion


def default_directive_version() -> TemplateVersion | None:
    return (TemplateVersion.objects.filter(template__key=DIRECTIVE_TEMPLATE_KEY)
            .order_by("-number").first())


def checklist_items(template_version: TemplateVersion | None, gate: str):
    version = template_version or default_directive_version()
    return GateChecklistItem.objects.filter(template_version=version, gate=gate).order_by("position")
