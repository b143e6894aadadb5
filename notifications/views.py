"""The signed-in person's notifications: the list, marking read, the mail preference and, when
mails are written to files (the demo), the mails themselves. Only one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.forms import PreferenceForm


def _page(request, form, status=200):
    paginator = Paginator(selectors.notifications_of(request.user), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "form": form, "mail_files": selectors.mail_files_enabled(),
        "has_email": bool(services.address_of(request.user))}, status=status)


def _initial(user):
    preference = services.preference_for(user)
    return {"delivery": preference.delivery, "language": preference.language}


@login_required
def notification_list(request):
    return _page(request, PreferenceForm(initial=_initial(request.user)))


@login_required
@require_POST
def mark_read(request, pk):
    notification = services.mark_read(notification_id=pk, by=request.user)
    target = notification.link if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(by=request.user)
    messages.success(request, _("Marked read: %(n)s.") % {"n": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    if request.method != "POST":
        return redirect("notifications:list")
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    services.set_preference(user=request.user, delivery=form.cleaned_data["delivery"],
                            language=form.cleaned_data["language"])
    messages.success(request, _("Your choice is saved."))
    return redirect("notifications:list")


@login_required
def mail_box(request):
    if not selectors.mail_files_enabled():
        raise Http404
    return render(request, "notifications/mail.html",
                  {"mails": selectors.mails_of(request.user)})
