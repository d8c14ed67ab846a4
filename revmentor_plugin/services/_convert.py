"""Rows to the frozen data classes of ``revmentor_plugin.data``, the only thing services return.

Callers prefetch what these read (``_loading.PAIR_RELATED``, ``PARTICIPANT_RELATED`` and
``PARTICIPANT_PREFETCH``), so a list costs a fixed number of queries. Private to ``services``.
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from django.db import models
from django.utils.translation import gettext

from revmentor_plugin.data import (
    GoalData,
    GoalStatus,
    Health,
    OutcomeRecordData,
    PairData,
    PairSource,
    PairStatus,
    ParticipantData,
    ParticipantStatus,
    PersonRef,
    ProgramData,
    ProgramStatus,
    PulseData,
    ReflectionData,
    Role,
    SessionData,
    SessionMode,
    SkillData,
    Visibility,
)
from revmentor_plugin.models import (
    Goal,
    OutcomeRecord,
    Pair,
    Participant,
    Program,
    PulseCheck,
    Reflection,
    SessionLog,
)
from revmentor_plugin.services import explanations


def _role_label(program: Program, field: str) -> str:
    """A role's label as the program names it; the model's default ("Advisor", "Learner"), which
    staff never typed, in the viewer's language."""
    stored: str = getattr(program, field)
    model_field = Program._meta.get_field(field)
    default = model_field.default if isinstance(model_field, models.Field) else None
    return gettext(default) if isinstance(default, str) and stored == default else stored


def program_data(program: Program, *, with_skills: bool = False) -> ProgramData:
    skills: tuple[SkillData, ...] = ()
    if with_skills:
        skills = tuple(SkillData(slug=s.slug, name=s.name) for s in program.skills.all())
    return ProgramData(
        id=program.pk,
        uuid=program.uuid,
        course_key=program.course_key,
        name=program.name,
        description=program.description,
        organizational_outcome=program.organizational_outcome,
        expectations=program.expectations,
        expectations_version=program.expectations_version,
        cadence_days=program.cadence_days,
        status=ProgramStatus(program.status),
        mentor_label=_role_label(program, "mentor_label"),
        mentee_label=_role_label(program, "mentee_label"),
        default_capacity=program.default_capacity,
        start_date=program.start_date,
        end_date=program.end_date,
        matching_weights=dict(program.matching_weights or {}),
        diversity_enabled=program.diversity_enabled,
        skills=skills,
        previous_expectations=program.previous_expectations,
        expectations_changed_at=program.expectations_changed_at,
        pairing_unit=program.pairing_unit,
        leadership_items=tuple(dict(item) for item in program.leadership_items or ()),
    )


def participant_data(participant: Participant) -> ParticipantData:
    program = participant.program
    return ParticipantData(
        id=participant.pk,
        program_uuid=program.uuid,
        course_key=program.course_key,
        user_id=participant.user_id,
        username=participant.user.username,
        role=Role(participant.role),
        status=ParticipantStatus(participant.status),
        skills_offered=tuple(sorted(s.slug for s in participant.skills_offered.all())),
        skills_sought=tuple(sorted(s.slug for s in participant.skills_sought.all())),
        interests=tuple(participant.interests or ()),
        languages=tuple(participant.languages or ()),
        timezone=participant.timezone,
        capacity=participant.capacity,
        seniority=participant.seniority,
        department=participant.department,
        manager=participant.manager.username if participant.manager is not None else None,
        learning_preferences=participant.learning_preferences,
        motivations=participant.motivations,
        self_description=dict(participant.self_description or {}),
        reminders_opt_out=participant.reminders_opt_out,
        created=participant.created,
    )


def person_ref(participant: Participant) -> PersonRef:
    return PersonRef(
        participant_id=participant.pk,
        user_id=participant.user_id,
        username=participant.user.username,
        role=Role(participant.role),
    )


def pair_data(
    pair: Pair,
    *,
    accepted_by: tuple[Role, ...] = (),
    health: Health | None = None,
    skill_names: Mapping[str, str] | None = None,
) -> PairData:
    """``skill_names``: the program's catalog names by slug, to render the explanation."""
    reasons = explanations.normalize(pair.explanation)
    names = skill_names or {}
    mentioned = {str(slug) for reason in reasons for slug in reason["params"].get("skills") or ()}
    return PairData(
        id=pair.pk,
        uuid=pair.uuid,
        program_uuid=pair.program.uuid,
        course_key=pair.program.course_key,
        mentor=person_ref(pair.mentor),
        mentee=person_ref(pair.mentee),
        status=PairStatus(pair.status),
        source=PairSource(pair.source),
        score=pair.score,
        explanation=tuple(
            explanations.render_reasons(
                reasons, mentor=pair.mentor.user.username, mentee=pair.mentee.user.username, skill_names=names
            )
        ),
        accepted_by=accepted_by,
        health=health,
        created=pair.created,
        activated_at=pair.activated_at,
        closed_at=pair.closed_at,
        closed_reason=pair.closed_reason,
        reasons=reasons,
        skill_names={slug: names[slug] for slug in mentioned if slug in names},
    )


def goal_data(goal: Goal, pair_uuid: UUID) -> GoalData:
    return GoalData(
        id=goal.pk,
        pair_uuid=pair_uuid,
        owner=Role(goal.owner),
        title=goal.title,
        details=goal.details,
        skill=goal.skill.slug if goal.skill is not None else None,
        usage_key=goal.usage_key,
        target_date=goal.target_date,
        status=GoalStatus(goal.status),
        progress=goal.progress,
        created=goal.created,
        modified=goal.modified,
    )


def session_data(session: SessionLog, pair_uuid: UUID) -> SessionData:
    return SessionData(
        id=session.pk,
        pair_uuid=pair_uuid,
        occurred_on=session.occurred_on,
        duration_minutes=session.duration_minutes,
        mode=SessionMode(session.mode),
        led_by=Role(session.led_by),
        skills=tuple(sorted(s.slug for s in session.skills.all())),
        goals=tuple(sorted(g.pk for g in session.goals.all())),
        notes=session.notes,
        logged_by=Role(session.logged_by.role),
        logged_by_username=session.logged_by.user.username,
        confirmed=session.confirmed_at is not None,
        confirmed_at=session.confirmed_at,
        created=session.created,
    )


def reflection_data(reflection: Reflection, pair_uuid: UUID) -> ReflectionData:
    return ReflectionData(
        id=reflection.pk,
        pair_uuid=pair_uuid,
        author_user_id=reflection.author.user_id,
        author=reflection.author.user.username,
        author_role=Role(reflection.author.role),
        prompt=reflection.prompt,
        body=reflection.body,
        visibility=Visibility(reflection.visibility),
        session=reflection.session_id,
        created=reflection.created,
    )


def pulse_data(pulse: PulseCheck, pair_uuid: UUID) -> PulseData:
    return PulseData(
        id=pulse.pk,
        pair_uuid=pair_uuid,
        author_user_id=pulse.author.user_id,
        author_role=Role(pulse.author.role),
        trust=pulse.trust,
        comfort=pulse.comfort,
        career_support=pulse.career_support,
        psychosocial_support=pulse.psychosocial_support,
        role_modeling=pulse.role_modeling,
        created=pulse.created,
        learner_comfort=pulse.learner_comfort,
    )


def outcome_record_data(record: OutcomeRecord, program_uuid: UUID) -> OutcomeRecordData:
    return OutcomeRecordData(
        id=record.pk,
        program_uuid=program_uuid,
        measure=record.measure,
        value=record.value,
        note=record.note,
        recorded_on=record.recorded_on,
        recorded_by=record.recorded_by.username if record.recorded_by is not None else None,
        created=record.created,
        modified=record.modified,
    )
