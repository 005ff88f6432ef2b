"""One criterion of a cycle (jawaban kriteria): what the pack asks, the answer form in the shape of
the item's answer type, its evidence from the bank, verification, the evaluator's answer, objections,
and the three columns' points. The routes are listed in ``views/cycles.py``.

Who may do what (``get_answer``): everyone in the government reads; the unit's drafters and head
(and the admin) answer; the admin and the unit's reviewers verify; the admin types the evaluator's
answer and files objections. The service checks the phase and its window; a refusal shows the form
again with the message at its field, a stale save (409) shows the other person's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from petajalan.accounts.models import AuditEvent, Government
from petajalan.accounts.permissions import current_user, get_for_user, get_government, roles_in
from petajalan.accounts.querysets import ADMIN
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evaluations import scoring, services
from petajalan.evaluations.forms import (
    AnswerForm,
    EvaluatorForm,
    ObjectionForm,
    VerifyForm,
    answer_text,
    detail_url,
    initial_text,
    points,
    points_of,
    range_text,
)
from petajalan.evaluations.models import Answer, Phase
from petajalan.evaluations.suggestions import suggestion_for
from petajalan.evidence.models import Link
from petajalan.evidence.querysets import readable_links
from petajalan.frameworks.models import Node as PackNode
from petajalan.roadmaps.templatetags.roadmap_tags import nilai

K = Link.TargetKind
WRITE, VERIFY, ADMIN_ONLY = "write", "verify", "admin"
HISTORY = 20  # audit events shown on the page


@dataclass(frozen=True)
class Access:
    write: bool  # the self answer
    verify: bool
    admin: bool


def _queryset() -> Any:
    return Answer.objects.select_related(
        "cycle__worksheet__pack", "cycle__bands", "cycle__government", "unit", "answered_by", "verified_by"
    ).prefetch_related("cycle__windows")


def get_answer(request: HttpRequest, gov: str, answer: int, *, need: str = "") -> tuple[Government, Answer]:
    """The government and answer in the URL: 404 when not the user's government's, 403 when the
    write ``need`` names is not theirs."""
    government = get_government(request, gov)
    obj = get_for_user(request, _queryset(), pk=answer, cycle__government=government)
    user = request.user
    one = Answer.objects.filter(pk=obj.pk)
    if need == WRITE and not one.editable_by(user).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("Kriteria ini dijawab oleh perangkat daerah penanggung jawabnya."))
    if need == VERIFY and not one.verifiable_by(user).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("Kriteria ini diverifikasi oleh Inspektorat atau Bagian Organisasi."))
    if need == ADMIN_ONLY and ADMIN not in roles_in(user, government):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang mencatat hasil evaluator dan sanggahan."))
    return government, obj


def _node(answer: Answer) -> scoring.Node:
    node = services.worksheet_of(answer.cycle.worksheet).nodes.get(answer.node_key)
    if node is None:
        raise Http404(_("Kriteria ini tidak ada lagi di lembar kerjanya."))
    return node


def _refusal(answer: Answer, phase: str, *, admin_compiling: bool = False) -> str:
    """Why a write of ``phase`` is refused now ('' when it is not)."""
    if admin_compiling and answer.cycle.phase == Phase.COMPILING:
        return ""
    try:
        services.check_phase(answer.cycle, phase)
    except ServiceError as exc:
        return exc.message
    return ""


def _who(user: Any) -> str:
    return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user else ""


def _history(government: Government, answer: Answer) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            government=government, object_type="evaluations.answer", object_id=str(answer.pk)
        )
        .select_related("actor")
        .order_by("-created_at")[:HISTORY]
    )


def _suggestion(answer: Answer, node: scoring.Node) -> dict[str, Any] | None:
    """The clinic's or monitoring's suggested answer (1A.1, 1A.2, themes), as the page shows it."""
    found = suggestion_for(answer)
    if found is None:
        return None
    return {
        "label": found.label,
        "reasons": list(found.reasons),
        "source_url": found.source_url,
        "value": initial_text(node, found.value),
        "is_na": found.value == scoring.NA,
    }


def render_answer(
    request: HttpRequest, government: Government, answer: Answer, *, status: int = 200, **bound: Any
) -> HttpResponse:
    """The item's page; ``bound`` holds the form of a refused POST, so nothing typed is lost."""
    cycle = answer.cycle
    node = _node(answer)
    worksheet = services.worksheet_of(cycle.worksheet)
    user = request.user
    roles = roles_in(user, government)
    one = Answer.objects.filter(pk=answer.pk)
    access = Access(
        write=one.editable_by(user).exists(),  # type: ignore[attr-defined]
        verify=one.verifiable_by(user).exists(),  # type: ignore[attr-defined]
        admin=ADMIN in roles,
    )
    refusals = {
        "self": _refusal(answer, Phase.ANSWERING, admin_compiling=access.admin),
        "verify": _refusal(answer, Phase.VERIFICATION),
        "evaluator": _refusal(answer, Phase.EVALUATOR),
        "objection": _refusal(answer, Phase.OBJECTION),
    }
    may = {
        "self": access.write and not refusals["self"],
        "verify": access.verify and not refusals["verify"],
        "evaluator": access.admin and not refusals["evaluator"],
        "objection": access.admin and not refusals["objection"],
    }
    suggestion = _suggestion(answer, node) if may["self"] else None
    answer_form = bound.get("answer_form")
    if answer_form is None and may["self"]:
        initial = AnswerForm.initial_for(answer, node)
        if suggestion and request.GET.get("saran") == "1":  # the fill button without JavaScript
            initial |= {"value": suggestion["value"], "not_applicable": suggestion["is_na"]}
        answer_form = AnswerForm(initial=initial, node=node, auto_id="id_%s")
    verify_form = bound.get("verify_form") or (
        VerifyForm(initial=VerifyForm.initial_for(answer, node), node=node) if may["verify"] else None
    )
    evaluator_form = bound.get("evaluator_form") or (
        EvaluatorForm(initial=EvaluatorForm.initial_for(answer, node), node=node)
        if may["evaluator"]
        else None
    )
    objection_form = bound.get("objection_form") or (
        ObjectionForm(initial={"objection": answer.objection, "version": answer.version})
        if may["objection"]
        else None
    )
    result = services.scores(cycle)
    pack = (
        PackNode.objects.filter(version_id=cycle.worksheet_id, key=answer.node_key)
        .only("description", "guidance", "expected_evidence", "source", "source_url")
        .first()
    )
    links, hidden_links = readable_links(
        request.user,
        list(
            Link.objects.for_target(K.CRITERION_ANSWER, [str(answer.pk)])
            .filter(government=government)
            .select_related("item__current__blob")
        ),
    )
    linked = worksheet.nodes.get(node.multiplied_by) if node.multiplied_by else None
    evaluator = result.evaluator
    attach = reverse(
        "evidence:attach",
        kwargs={"gov": government.slug, "kind": K.CRITERION_ANSWER, "target": str(answer.pk)},
    )
    neighbours = list(
        Answer.objects.filter(cycle=cycle, unit=answer.unit).order_by("order").values_list("pk", "order")
    )
    after = [pk for pk, order in neighbours if order > answer.order]
    before = [pk for pk, order in neighbours if order < answer.order]
    context = {
        "government": government,
        "cycle": cycle,
        "answer": answer,
        "node": node,
        "path": worksheet.path(node.key)[:-1],
        "pack": pack,
        "scored_by": node.extra.get("scored_by") or "",
        "who": answer.unit.name if answer.unit else _("Bagian Organisasi"),
        "range": range_text(node),
        "weight": nilai(node.weight) if node.weight is not None else "—",
        "choices": [(c, points(points_of(node, c))) for c in node.choices],
        "linked": linked,
        "self_text": answer_text(node, answer.self_value),
        "verified_text": answer_text(node, answer.verified_value),
        "evaluator_text": answer_text(node, answer.evaluator_value),
        "columns": [
            (_("Mandiri"), points(result.self.nodes[node.key].points)),
            (_("Verifikasi"), points(result.verified.nodes[node.key].points)),
            (_("Evaluator"), points(evaluator.nodes[node.key].points) if evaluator else "—"),
        ],
        "factor": result.self.nodes[node.key].factor,
        "access": access,
        "may": may,
        "refusals": refusals,
        "answer_form": answer_form,
        "verify_form": verify_form,
        "evaluator_form": evaluator_form,
        "objection_form": objection_form,
        "suggestion": suggestion,
        "links": links,
        "hidden_links": hidden_links,
        "attach_url": attach,
        "packet_url": reverse(
            "evidence:packet",
            kwargs={"gov": government.slug, "kind": K.CRITERION_ANSWER, "target": str(answer.pk)},
        ),
        "history": _history(government, answer),
        "answered_by": _who(answer.answered_by),
        "verified_by": _who(answer.verified_by),
        "cycle_url": detail_url(cycle),
        "next_url": _answer_url(government, after[0]) if after else "",
        "previous_url": _answer_url(government, before[-1]) if before else "",
    }
    return render(request, "evaluations/answer_detail.html", context, status=status)


def _answer_url(government: Government, pk: int) -> str:
    return reverse("evaluations:answer-detail", kwargs={"gov": government.slug, "answer": pk})


@login_required
@require_GET
def answer_detail(request: HttpRequest, gov: str, answer: int) -> HttpResponse:
    government, obj = get_answer(request, gov, answer)
    return render_answer(request, government, obj)


def _stale(
    request: HttpRequest, form_class: Any, prefix: str, current: Answer, node: scoring.Node, theirs: str
) -> Any:
    """The person's own values kept, the other person's named, the version moved on so that saving
    again overwrites knowingly."""
    data = request.POST.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(current.version)
    kwargs = {"prefix": prefix} if prefix else {"auto_id": "id_%s"}
    form = form_class(data, node=node, **kwargs)
    form.is_valid()
    form.add_error(None, theirs)
    return form


def _saved(government: Government, answer: Answer) -> str:
    return _answer_url(government, answer.pk)


def _reload(answer: Answer) -> Answer:
    return _queryset().get(pk=answer.pk)


@dataclass(frozen=True)
class Write:
    """One of the item page's forms: how it is read, written and, on a stale edit, explained."""

    form_class: Any
    context_name: str  # the render_answer keyword of the form
    prefix: str
    save: Callable[[Any, Answer, dict[str, Any]], Any]  # (actor, answer, cleaned data) → service call
    theirs: Callable[[scoring.Node, Answer], str]  # the other person's values, in words
    done: str  # the success message, with %(ref)s


def _submit(request: HttpRequest, government: Government, obj: Answer, write: Write) -> HttpResponse:
    """Validate, write through the service, and answer 422 (refused, what was typed kept), 409 (someone
    saved first: their values named, the version moved on) or a redirect with the message."""
    node = _node(obj)
    kwargs = {"prefix": write.prefix} if write.prefix else {"auto_id": "id_%s"}
    form = write.form_class(request.POST, node=node, **kwargs)
    if not form.is_valid():
        return render_answer(request, government, obj, status=422, **{write.context_name: form})
    try:
        write.save(current_user(request), obj, form.cleaned_data)
    except StaleEdit:
        fresh = _reload(obj)
        stale = _stale(request, write.form_class, write.prefix, fresh, node, write.theirs(node, fresh))
        return render_answer(request, government, fresh, status=409, **{write.context_name: stale})
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render_answer(request, government, obj, status=422, **{write.context_name: form})
    messages.success(request, write.done % {"ref": obj.ref})
    return redirect(_saved(government, obj))


def _their_answer(node: scoring.Node, fresh: Answer) -> str:
    return _(
        "%(who)s menyimpan jawaban kriteria ini lebih dulu; jawaban Anda belum disimpan dan masih ada di "
        "bawah. Jawaban terbaru: %(v)s%(note)s. Simpan lagi untuk menimpanya."
    ) % {
        "who": _who(fresh.answered_by) or _("Orang lain"),
        "v": answer_text(node, fresh.self_value) or _("(kosong)"),
        "note": f" · {fresh.note}" if fresh.note else "",
    }


def _their_verification(node: scoring.Node, fresh: Answer) -> str:
    return _(
        "%(who)s menyimpan verifikasi atau jawaban kriteria ini lebih dulu; isian Anda belum disimpan "
        "dan masih ada di bawah. Kini: jawaban %(self)s, %(state)s%(v)s. Simpan lagi untuk menimpanya."
    ) % {
        "who": _who(fresh.verified_by) or _("Orang lain"),
        "self": answer_text(node, fresh.self_value) or _("(kosong)"),
        "state": fresh.get_check_state_display().lower(),
        "v": f" ({answer_text(node, fresh.verified_value)})" if fresh.verified_value else "",
    }


def _their_evaluator(node: scoring.Node, fresh: Answer) -> str:
    return _(
        "Kriteria ini diubah orang lain lebih dulu; isian Anda belum disimpan. Nilai evaluator kini: "
        "%(v)s. Simpan lagi untuk menimpanya."
    ) % {"v": answer_text(node, fresh.evaluator_value) or _("(kosong)")}


@login_required
@require_POST
def answer_save(request: HttpRequest, gov: str, answer: int) -> HttpResponse:
    government, obj = get_answer(request, gov, answer, need=WRITE)
    is_admin = ADMIN in roles_in(request.user, government)
    return _submit(
        request,
        government,
        obj,
        Write(
            AnswerForm,
            "answer_form",
            "",
            lambda actor, a, data: services.answer_self(
                actor=actor,
                answer=a,
                value=data["stored"],
                note=data["note"],
                na_reason=data["na_reason"],
                version=data["version"],
                is_admin=is_admin,
            ),
            _their_answer,
            _("Jawaban %(ref)s disimpan."),
        ),
    )


@login_required
@require_POST
def answer_verify(request: HttpRequest, gov: str, answer: int) -> HttpResponse:
    government, obj = get_answer(request, gov, answer, need=VERIFY)
    return _submit(
        request,
        government,
        obj,
        Write(
            VerifyForm,
            "verify_form",
            "v",
            lambda actor, a, data: services.verify(
                actor=actor,
                answer=a,
                agree=data["decision"] == VerifyForm.AGREE,
                value=data.get("stored", ""),
                note=data["note"],
                version=data["version"],
            ),
            _their_verification,
            _("Verifikasi %(ref)s disimpan."),
        ),
    )


@login_required
@require_POST
def answer_evaluator(request: HttpRequest, gov: str, answer: int) -> HttpResponse:
    government, obj = get_answer(request, gov, answer, need=ADMIN_ONLY)
    return _submit(
        request,
        government,
        obj,
        Write(
            EvaluatorForm,
            "evaluator_form",
            "e",
            lambda actor, a, data: services.record_evaluator(
                actor=actor, answer=a, value=data["stored"], note=data["note"], version=data["version"]
            ),
            _their_evaluator,
            _("Nilai evaluator %(ref)s disimpan."),
        ),
    )


@login_required
@require_POST
def answer_objection(request: HttpRequest, gov: str, answer: int) -> HttpResponse:
    government, obj = get_answer(request, gov, answer, need=ADMIN_ONLY)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        return render_answer(request, government, obj, status=422, objection_form=form)
    data = form.cleaned_data
    try:
        services.file_objection(
            actor=current_user(request), answer=obj, text=data["objection"], version=data["version"]
        )
    except StaleEdit:
        fresh = _reload(obj)
        post = request.POST.copy()
        post["s-version"] = str(fresh.version)
        form = ObjectionForm(post)
        form.is_valid()
        form.add_error(
            None,
            _(
                "Kriteria ini diubah orang lain lebih dulu; sanggahan Anda belum disimpan. "
                "Sanggahan kini: %(t)s"
            )
            % {"t": fresh.objection or _("(kosong)")},
        )
        return render_answer(request, government, fresh, status=409, objection_form=form)
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render_answer(request, government, obj, status=422, objection_form=form)
    messages.success(request, _("Sanggahan %(ref)s dicatat.") % {"ref": obj.ref})
    return redirect(_saved(government, obj))
