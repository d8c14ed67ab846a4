"""Seed the demo course ``course-v1:DemoX+RM101+2026`` with a realistic reverse-mentoring program.

The past weeks are replayed through revmentor's services with the clock set back (freezegun),
so every row is exactly what the product would have written: pairs in every state and every
health, with sessions, goals, reflections and pulse checks. Running it again does nothing
unless ``--reset`` is given.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from common.djangoapps.student.models import CourseAccessRole, CourseEnrollment, UserProfile
from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.data import DEFAULT_LEADERSHIP_LABELS
from sandbox_lms import demo

SKILLS = [
    "Python basics",
    "Data dashboards",
    "Generative AI prompting",
    "Social media",
    "Collaboration tools",
    "Cybersecurity hygiene",
    "Video editing",
    "No-code automation",
]


@dataclass
class Person:
    username: str
    first: str
    last: str
    department: str
    languages: list[str]
    timezone: str
    seniority: int
    interests: list[str]
    skills: list[str]
    manager: str | None = None
    capacity: int = 1
    extra: dict = field(default_factory=dict)


MENTORS = [
    Person(
        "amara_dev",
        "Amara",
        "Okafor",
        "Engineering",
        ["en", "fr"],
        "Europe/London",
        1,
        ["jazz", "climbing"],
        ["python-basics", "no-code-automation"],
        manager="margaret_cfo",
        capacity=2,
    ),
    Person(
        "kenji_data",
        "Kenji",
        "Sato",
        "Data",
        ["en", "ja"],
        "Asia/Tokyo",
        1,
        ["photography", "running"],
        ["data-dashboards", "python-basics"],
    ),
    Person(
        "lucia_social",
        "Lucía",
        "Fernández",
        "Marketing",
        ["es", "en"],
        "Europe/Madrid",
        1,
        ["cooking", "jazz"],
        ["social-media", "video-editing"],
    ),
    Person(
        "tom_sec",
        "Tom",
        "Becker",
        "IT",
        ["de", "en"],
        "Europe/Berlin",
        2,
        ["chess", "cycling"],
        ["cybersecurity-hygiene", "collaboration-tools"],
        capacity=2,
    ),
    Person(
        "priya_ai",
        "Priya",
        "Nair",
        "Data",
        ["en", "hi"],
        "Asia/Kolkata",
        1,
        ["yoga", "reading"],
        ["generative-ai-prompting", "data-dashboards"],
    ),
    Person(
        "sam_ops",
        "Sam",
        "Carter",
        "Operations",
        ["en"],
        "America/New_York",
        2,
        ["basketball", "podcasts"],
        ["no-code-automation", "collaboration-tools"],
    ),
    Person(
        "ines_design",
        "Inês",
        "Costa",
        "Marketing",
        ["pt", "en"],
        "Europe/Lisbon",
        1,
        ["surfing", "illustration"],
        ["video-editing", "social-media"],
    ),
    Person(
        "david_cloud",
        "David",
        "Levi",
        "Engineering",
        ["en", "he"],
        "Asia/Jerusalem",
        2,
        ["hiking", "chess"],
        ["python-basics", "cybersecurity-hygiene"],
    ),
    Person(
        "mei_analytics",
        "Mei",
        "Chen",
        "Finance",
        ["en", "zh"],
        "Asia/Singapore",
        1,
        ["badminton", "cooking"],
        ["data-dashboards", "generative-ai-prompting"],
        manager="robert_vp_sales",
    ),
    Person(
        "noah_support",
        "Noah",
        "Williams",
        "Customer Success",
        ["en"],
        "America/Chicago",
        1,
        ["gaming", "running"],
        ["collaboration-tools", "social-media"],
    ),
    Person(
        "zara_growth",
        "Zara",
        "Ahmed",
        "Sales",
        ["en", "ar"],
        "Asia/Dubai",
        1,
        ["football", "podcasts"],
        ["social-media", "generative-ai-prompting"],
    ),
    Person(
        "leo_automation",
        "Leo",
        "Rossi",
        "Operations",
        ["it", "en"],
        "Europe/Rome",
        2,
        ["cycling", "jazz"],
        ["no-code-automation", "python-basics"],
    ),
]

MENTEES = [
    Person(
        "margaret_cfo",
        "Margaret",
        "Hughes",
        "Finance",
        ["en"],
        "Europe/London",
        9,
        ["jazz", "gardening"],
        ["data-dashboards", "generative-ai-prompting"],
    ),
    Person(
        "robert_vp_sales",
        "Robert",
        "Klein",
        "Sales",
        ["en", "de"],
        "Europe/Berlin",
        8,
        ["cycling", "wine"],
        ["social-media", "collaboration-tools"],
    ),
    Person(
        "helena_coo",
        "Helena",
        "Moreau",
        "Operations",
        ["fr", "en"],
        "Europe/Paris",
        9,
        ["cooking", "opera"],
        ["no-code-automation", "collaboration-tools"],
        manager="ceo_anne",
    ),
    Person(
        "james_hr",
        "James",
        "O'Connor",
        "HR",
        ["en"],
        "America/New_York",
        7,
        ["running", "podcasts"],
        ["social-media", "video-editing"],
    ),
    Person(
        "yuki_director",
        "Yuki",
        "Tanaka",
        "Engineering",
        ["ja", "en"],
        "Asia/Tokyo",
        8,
        ["photography", "hiking"],
        ["generative-ai-prompting", "cybersecurity-hygiene"],
    ),
    Person(
        "carlos_legal",
        "Carlos",
        "Mendes",
        "Legal",
        ["pt", "es", "en"],
        "America/Sao_Paulo",
        8,
        ["football", "reading"],
        ["cybersecurity-hygiene", "data-dashboards"],
    ),
    Person(
        "fatima_cmo",
        "Fatima",
        "Haddad",
        "Marketing",
        ["ar", "en", "fr"],
        "Asia/Dubai",
        9,
        ["illustration", "yoga"],
        ["data-dashboards", "python-basics"],
    ),
    Person(
        "peter_plant",
        "Peter",
        "Novak",
        "Operations",
        ["en", "de"],
        "Europe/Vienna",
        7,
        ["chess", "climbing"],
        ["python-basics", "no-code-automation"],
    ),
    Person(
        "grace_finance",
        "Grace",
        "Lim",
        "Finance",
        ["en", "zh"],
        "Asia/Singapore",
        8,
        ["badminton", "reading"],
        ["generative-ai-prompting", "no-code-automation"],
    ),
    Person(
        "ahmed_cs",
        "Ahmed",
        "Saleh",
        "Customer Success",
        ["en", "ar"],
        "Europe/London",
        7,
        ["podcasts", "football"],
        ["collaboration-tools", "data-dashboards"],
    ),
    Person(
        "sofia_strategy",
        "Sofia",
        "Romano",
        "Strategy",
        ["it", "en"],
        "Europe/Rome",
        9,
        ["jazz", "cycling"],
        ["video-editing", "social-media"],
    ),
    Person(
        "william_cio",
        "William",
        "Grant",
        "IT",
        ["en"],
        "America/Chicago",
        9,
        ["gaming", "hiking"],
        ["generative-ai-prompting", "python-basics"],
    ),
    Person(
        "olga_procurement",
        "Olga",
        "Ivanova",
        "Procurement",
        ["ru", "en"],
        "Europe/Berlin",
        7,
        ["opera", "running"],
        ["data-dashboards", "collaboration-tools"],
    ),
    Person(
        "ben_treasury",
        "Ben",
        "Adler",
        "Finance",
        ["en", "he"],
        "Asia/Jerusalem",
        8,
        ["hiking", "reading"],
        ["python-basics", "cybersecurity-hygiene"],
    ),
]

#: The pilot cohort (issue 16): pairs that ran in the program's first weeks and completed last
#: month, so the report's two-way learning figures (frozen per closed month, each item rated
#: before and after by at least the minimum group size) and the cadence comparison have data.
#: (mentor, department, time zone, skills offered), (mentee, department, time zone, skills
#: sought), whether the pair met at the program's cadence.
PILOT = [
    (
        (
            "aisha_bi",
            "Aisha",
            "Bello",
            "Data",
            "Africa/Lagos",
            ["data-dashboards", "generative-ai-prompting"],
        ),
        (
            "george_gm",
            "George",
            "Harris",
            "Sales",
            "Europe/London",
            ["data-dashboards", "generative-ai-prompting"],
        ),
        True,
    ),
    (
        (
            "diego_support",
            "Diego",
            "Ruiz",
            "Customer Success",
            "America/Mexico_City",
            ["collaboration-tools", "social-media"],
        ),
        ("linda_vp_hr", "Linda", "Berger", "HR", "Europe/Zurich", ["social-media", "collaboration-tools"]),
        False,
    ),
    (
        ("tariq_data", "Tariq", "Hassan", "Data", "Asia/Karachi", ["data-dashboards", "collaboration-tools"]),
        (
            "paul_director",
            "Paul",
            "Dubois",
            "Operations",
            "Europe/Brussels",
            ["data-dashboards", "collaboration-tools"],
        ),
        True,
    ),
    (
        (
            "jonas_it",
            "Jonas",
            "Berg",
            "IT",
            "Europe/Stockholm",
            ["collaboration-tools", "cybersecurity-hygiene"],
        ),
        (
            "susan_cto",
            "Susan",
            "Wright",
            "Engineering",
            "America/Los_Angeles",
            ["generative-ai-prompting", "collaboration-tools"],
        ),
        False,
    ),
    (
        ("ravi_analyst", "Ravi", "Kumar", "Finance", "Asia/Kolkata", ["data-dashboards", "python-basics"]),
        (
            "mark_audit",
            "Mark",
            "Jensen",
            "Finance",
            "Europe/Copenhagen",
            ["data-dashboards", "generative-ai-prompting"],
        ),
        True,
    ),
    (
        (
            "emma_content",
            "Emma",
            "Walsh",
            "Marketing",
            "Europe/Dublin",
            ["social-media", "generative-ai-prompting"],
        ),
        (
            "rosa_legal",
            "Rosa",
            "Ortega",
            "Legal",
            "Europe/Madrid",
            ["social-media", "generative-ai-prompting"],
        ),
        False,
    ),
    (
        (
            "chloe_ops",
            "Chloé",
            "Martin",
            "Operations",
            "Europe/Paris",
            ["no-code-automation", "collaboration-tools"],
        ),
        (
            "hiro_plant",
            "Hiroshi",
            "Watanabe",
            "Operations",
            "Asia/Tokyo",
            ["data-dashboards", "collaboration-tools"],
        ),
        True,
    ),
    (
        ("hana_ux", "Hana", "Kim", "Engineering", "Asia/Seoul", ["data-dashboards", "video-editing"]),
        (
            "claire_brand",
            "Claire",
            "Dupont",
            "Marketing",
            "Europe/Paris",
            ["social-media", "data-dashboards"],
        ),
        False,
    ),
    (
        (
            "luca_dev",
            "Luca",
            "Bianchi",
            "Engineering",
            "Europe/Rome",
            ["python-basics", "generative-ai-prompting"],
        ),
        (
            "victor_risk",
            "Victor",
            "Almeida",
            "Finance",
            "America/Sao_Paulo",
            ["generative-ai-prompting", "data-dashboards"],
        ),
        True,
    ),
    (
        ("maya_comms", "Maya", "Singh", "Marketing", "Asia/Kolkata", ["social-media", "video-editing"]),
        ("anna_board", "Anna", "Nowak", "Strategy", "Europe/Warsaw", ["social-media", "collaboration-tools"]),
        False,
    ),
    (
        (
            "nina_sec",
            "Nina",
            "Petrova",
            "IT",
            "Europe/Warsaw",
            ["cybersecurity-hygiene", "generative-ai-prompting"],
        ),
        (
            "frank_sales",
            "Frank",
            "Moore",
            "Sales",
            "America/Chicago",
            ["generative-ai-prompting", "social-media"],
        ),
        True,
    ),
    (
        (
            "karim_auto",
            "Karim",
            "Said",
            "Operations",
            "Africa/Cairo",
            ["no-code-automation", "collaboration-tools"],
        ),
        (
            "irene_procure",
            "Irene",
            "Russo",
            "Procurement",
            "Europe/Rome",
            ["data-dashboards", "collaboration-tools"],
        ),
        False,
    ),
]
#: The demo's leadership and visibility items: the two a program starts with, and one of its own.
PRESENTING = "Presenting my work to the leadership team"
#: How much confidence grows from joining to the end, as drawn for each item (believable: a
#: Learner gains about a point in a skill, more when the pair met at the cadence; an Advisor's
#: leadership grows less, and being known by senior colleagues hardly moves in a few weeks).
GAINS = {
    "within": (1, 1, 1, 2, 2, 1, 0, 2),
    "outside": (1, 0, 1, 1, 0, 2, 1, 0),
    DEFAULT_LEADERSHIP_LABELS[0]: (0, 1, 1, 0, 1),
    DEFAULT_LEADERSHIP_LABELS[1]: (0, 0, 0, 0, 0, 1, 0, 0),
    PRESENTING: (0, 1, 0, 1, 0),
}

# (mentor, mentee, story): the story sets the pair's state and its history.
PAIRS = [
    ("amara_dev", "peter_plant", "on_track"),
    ("kenji_data", "yuki_director", "on_track"),
    ("lucia_social", "james_hr", "on_track"),
    ("priya_ai", "grace_finance", "needs_attention"),
    ("tom_sec", "carlos_legal", "needs_attention"),
    ("zara_growth", "fatima_cmo", "at_risk"),
    ("sam_ops", "helena_coo", "at_risk"),
    ("ines_design", "sofia_strategy", "proposed_recent"),
    ("david_cloud", "ben_treasury", "proposed_old"),
    ("mei_analytics", "margaret_cfo", "completed"),
    ("noah_support", "ahmed_cs", "declined"),
    ("leo_automation", "william_cio", "closed"),
]

EXPECTATIONS = (
    "We meet at least every two weeks, for 30 to 60 minutes. The Advisor prepares and leads the "
    "sessions; the Learner brings real work to practise on. What we discuss stays between us unless "
    "we both agree to share it. Either of us can raise a concern with the program team at any time."
)
REFLECTIONS = {
    "mentor": [
        "Explaining dashboards to a CFO made me realise how much I take for granted. I slowed down and it worked.",
        "I was nervous leading the session, but asking what problem she wanted to solve first changed everything.",
        "Preparing a small exercise beforehand made the session far better than improvising.",
    ],
    "mentee": [
        "I built my first filter in the sales dashboard myself. Being the learner is humbling and useful.",
        "My advisor's patience made it easy to admit what I did not know. I now prompt the assistant daily.",
        "We agreed I would practise between sessions; doing so made the next meeting twice as productive.",
    ],
}


#: What staff measure against the program's organizational outcome, and the milestones recorded.
OUTCOME_MEASURE = "Senior leaders who read their team's dashboard weekly (of 24)"
OUTCOME_MILESTONES = (
    (70, 3, "Baseline from the analytics platform's usage log, before the first sessions."),
    (49, 5, "First pairs active; two leaders started after a session on filters."),
    (28, 9, ""),
    (7, 13, "After the mid-program check-in; the finance division is still behind."),
)


class Command(BaseCommand):
    help = "Seed the demo course with staff, mentors, mentees, a program and pairs in every state."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo program and seed it again")
        parser.add_argument("--seed", type=int, default=2026, help="random seed for the generated history")

    def handle(self, *args, reset: bool = False, seed: int = 2026, **options):
        existing = services.programs_in_course(demo.COURSE_KEY)
        if existing and not reset:
            self.stdout.write("The demo course is already seeded (use --reset to start again).")
            self._print_logins()
            return
        rng = random.Random(seed)
        with transaction.atomic():
            if reset:
                from revmentor_plugin.models import Program

                Program.objects.filter(course_key=demo.COURSE_KEY).delete()
            self._seed(rng)
        self._print_logins()

    # ------------------------------------------------------------------------------------------

    def _user(self, username: str, first: str = "", last: str = "", **flags):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.example", **flags},
        )
        if created:
            # Every demo account has the same known password: it is hashed once (a hash costs
            # about 0.4 s, by design), not once per account.
            if not getattr(self, "_password_hash", None):
                self._password_hash = make_password(demo.PASSWORD)
            user.password = self._password_hash
            user.save()
            # The platform's profile name, which partners see once both accepted (ADR 0014).
            UserProfile.objects.get_or_create(user=user, defaults={"name": f"{first} {last}".strip()})
        return user

    def _seed(self, rng: random.Random) -> None:
        today = dt.date.today()
        start = today - dt.timedelta(days=70)
        self._user(demo.OPERATOR, "Ada", "Admin", is_staff=True, is_superuser=True)
        staff = self._user(demo.STAFF, "Nadia", "Rahman")
        instructor = self._user(demo.INSTRUCTOR, "Omar", "Farouk")
        if not CourseAccessRole.objects.filter(user=staff, course_id=demo.COURSE_KEY).exists():
            CourseStaffRole(demo.COURSE_KEY).add_users(staff)
            CourseInstructorRole(demo.COURSE_KEY).add_users(instructor)
        # A manager named in a profile is a learner of the course, like every participant.
        CourseEnrollment.enroll(self._user("ceo_anne", "Anne", "Lindqvist"), demo.COURSE_KEY)
        users = {}
        pilot = [(self._pilot_person(m, 1), self._pilot_person(e, 8)) for m, e, _ in PILOT]
        pilot_mentors, pilot_mentees = [m for m, _e in pilot], [e for _m, e in pilot]
        for person in [*MENTORS, *MENTEES, *pilot_mentors, *pilot_mentees]:
            users[person.username] = self._user(person.username, person.first, person.last)
            CourseEnrollment.enroll(users[person.username], demo.COURSE_KEY)
        CourseEnrollment.enroll(self._user(demo.BYSTANDER, "Lena", "Berg"), demo.COURSE_KEY)
        # Enrolled, not in the program yet: whoever walks the journey joins in the pairing unit.
        for username, first in zip(demo.JOURNEY_USERS, ("Jo", "Jamie"), strict=True):
            CourseEnrollment.enroll(self._user(username, first, "Newcomer"), demo.COURSE_KEY)

        with freeze_time(start):
            program = services.create_program(
                course_key=demo.COURSE_KEY,
                name="Digital Fluency Reverse Mentoring 2026",
                description="Early-career colleagues coach senior leaders on the digital tools their teams use daily.",
                organizational_outcome=(
                    "By the end of 2026 every senior leader can read their team's dashboards, prompt an AI "
                    "assistant safely and run a team channel, and every advisor has presented to the leadership team."
                ),
                expectations=EXPECTATIONS,
                cadence_days=14,
                status="enrolling",
                start_date=start,
                end_date=today + dt.timedelta(days=120),
            )
            for name in SKILLS:
                services.add_skill(program.uuid, name=name)
            defaults = [dict(item) for item in services.get_program(program.uuid).leadership_items]
            services.update_program(program.uuid, leadership_items=[*defaults, {"label": PRESENTING}])
            items = [item["key"] for item in services.get_program(program.uuid).leadership_items]
            # Confidence on joining (issue 16), from a stream of its own so the stories draw as before.
            confidence = random.Random(16)
            # The pilot cohort draws from a generator of its own, so the stories draw as before.
            gains = random.Random(1616)
            for role, people, draw, rate in (
                ("mentor", MENTORS, rng, confidence),
                ("mentee", MENTEES, rng, confidence),
                ("mentor", pilot_mentors, gains, gains),
                ("mentee", pilot_mentees, gains, gains),
            ):
                for person in people:
                    profile = {
                        ("skills_offered" if role == "mentor" else "skills_sought"): person.skills,
                        "interests": person.interests,
                        "languages": person.languages,
                        "timezone": person.timezone,
                        "seniority": person.seniority,
                        "department": person.department,
                        "manager": person.manager,
                        "learning_preferences": draw.choice(
                            [
                                "Hands-on practice on my own work",
                                "Short demos, then questions",
                                "Written notes to revisit",
                            ]
                        ),
                        "motivations": draw.choice(
                            [
                                "Lead my team's digital change credibly",
                                "Grow my visibility and leadership skills",
                                "Understand how younger colleagues work",
                            ]
                        ),
                    }
                    if role == "mentor":
                        profile["capacity"] = person.capacity
                    keys = items if role == "mentor" else person.skills
                    services.join_program(
                        program.uuid,
                        user=users[person.username],
                        role=role,
                        profile=profile,
                        ratings={key: rate.randint(1, 3) for key in keys},
                    )
            services.update_program(program.uuid, status="active")

        for (mentor, mentee), (*_people, met) in zip(pilot, PILOT, strict=True):
            self._pilot_pair(program, users[mentor.username], users[mentee.username], met, today, gains)
        for mentor, mentee, story in PAIRS:
            self._replay(program, users[mentor], users[mentee], story, today, rng)
        # The organizational outcome, measured by staff at milestones (issue 16): a baseline at the
        # start, then every three weeks or so, of the 24 senior leaders in the program's divisions.
        for days_ago, value, note in OUTCOME_MILESTONES:
            day = today - dt.timedelta(days=days_ago)
            with freeze_time(day):
                services.record_outcome(
                    program.uuid, user=staff, measure=OUTCOME_MEASURE, value=value, recorded_on=day, note=note
                )
        self.stdout.write(self.style.SUCCESS(f"Seeded {program.name} in {demo.COURSE_KEY}."))

    @staticmethod
    def _reasons(program, mentor: str, mentee: str) -> list[dict]:
        """What matching would have said, as it stores it: codes and parameters, which the blocks
        and the staff page word for each reader in their language."""
        a, b = (services.get_participant(program.uuid, name) for name in (mentor, mentee))
        reasons: list[dict] = []
        taught = sorted(set(a.skills_offered) & set(b.skills_sought))
        if taught:
            reasons.append({"code": "skills_offered", "params": {"skills": taught}})
        shared = sorted(
            {code.split("-")[0] for code in a.languages} & {code.split("-")[0] for code in b.languages}
        )
        if shared:
            reasons.append({"code": "languages_shared", "params": {"languages": shared}})
        if a.department and b.department and a.department != b.department:
            departments = {"mentor": a.department, "mentee": b.department}
            reasons.append({"code": "departments_different", "params": departments})
        return reasons

    def _replay(self, program, mentor, mentee, story: str, today: dt.date, rng: random.Random) -> None:
        """Create one pair and its history, each step at the date it would have happened."""
        # A second generator for what issue 16's report reads (the days to agreement, comfort in
        # the learner role, an extra pulse check between sessions): the main one draws as before.
        extra = random.Random(f"{mentor.username}:{mentee.username}")
        proposed_on = {"proposed_recent": 2, "proposed_old": 10}.get(story, 55 + extra.randint(0, 9))
        with freeze_time(today - dt.timedelta(days=proposed_on)):
            pair = services.propose_pair(
                program.uuid,
                mentor=mentor.username,
                mentee=mentee.username,
                source="matching",
                score=round(rng.uniform(3.2, 5.8), 2),
                explanation=self._reasons(program, mentor.username, mentee.username),
            )
            services.accept_agreement(pair.uuid, user=mentor)
        if story.startswith("proposed"):
            return
        if story == "declined":
            with freeze_time(today - dt.timedelta(days=54)):
                services.decline_pair(pair.uuid, user=mentee, reason="Our calendars never overlap.")
            return
        with freeze_time(today - dt.timedelta(days=54)):
            services.accept_agreement(pair.uuid, user=mentee)
            sought = services.get_participant(program.uuid, mentee.username).skills_sought
            goals = [
                services.add_goal(
                    pair.uuid, user=mentee, title=f"Use {skill.replace('-', ' ')} in my own work", skill=skill
                )
                for skill in sought
            ]
            services.add_goal(
                pair.uuid, user=mentor, title="Lead a session for the leadership team", owner="mentor"
            )
        last_gap = {"on_track": 4, "needs_attention": 20, "at_risk": 33, "completed": 9, "closed": 40}[story]
        day = 52
        while day >= last_gap:
            with freeze_time(today - dt.timedelta(days=day)):
                # Role reversal takes practice: the Advisor leads more sessions as weeks pass.
                led_by = "mentor" if rng.random() < 0.5 + 0.45 * (52 - day) / 52 else "mentee"
                author = mentor if rng.random() < 0.6 else mentee
                partner = mentee if author is mentor else mentor
                session = services.log_session(
                    pair.uuid,
                    user=author,
                    occurred_on=today - dt.timedelta(days=day),
                    duration_minutes=rng.choice([30, 45, 60]),
                    led_by=led_by,
                    mode=rng.choice(["video", "video", "in_person", "chat"]),
                    skills=[goals[0].skill] if goals else [],
                    goals=[goals[0].id] if goals else [],
                    notes="Worked through a real example from this week.",
                )
                if rng.random() < 0.85:
                    services.confirm_session(pair.uuid, session.id, user=partner)
                for goal in goals:
                    services.update_goal(
                        pair.uuid,
                        goal.id,
                        user=mentee,
                        progress=min(100, (52 - day) * 2 + rng.randint(0, 15)),
                    )
                for who in (mentor, mentee):
                    role = "mentor" if who is mentor else "mentee"
                    if rng.random() < 0.5:
                        services.write_reflection(
                            pair.uuid,
                            user=who,
                            body=rng.choice(REFLECTIONS[role]),
                            visibility=rng.choice(["private", "pair", "staff"]),
                            prompt="What did you learn about working across generations this time?",
                            session=session.id,
                        )
                    low = story == "at_risk" and day < 45
                    # Senior learners trust more slowly at first: the directions diverge early.
                    wary = role == "mentee" and day > 38
                    services.record_pulse(
                        pair.uuid,
                        user=who,
                        trust=2 if low else (rng.randint(4, 5) - wary),
                        comfort=rng.randint(2, 3) if low else rng.randint(3, 5),
                        career_support=rng.randint(3, 5),
                        psychosocial_support=rng.randint(3, 5),
                        role_modeling=rng.randint(2, 5),
                        **self._learner_comfort(role, day, low, extra),
                    )
            gap = rng.randint(9, 13)
            self._check_in(pair, mentor, mentee, day - gap // 2, story, today, extra)
            day -= gap
        if story in ("completed", "closed"):
            with freeze_time(today - dt.timedelta(days=last_gap - 1)):
                services.close_pair(
                    pair.uuid,
                    reason="Goals met; we will keep in touch informally."
                    if story == "completed"
                    else "The learner moved to a new role abroad.",
                    completed=story == "completed",
                )
                if story == "completed":  # both rate their confidence again, once (issue 16)
                    self._rate_end(program, mentor, mentee, True, extra)

    @staticmethod
    def _pilot_person(row: tuple, seniority: int) -> Person:
        username, first, last, department, timezone, skills = row
        return Person(username, first, last, department, ["en"], timezone, seniority, [], skills)

    def _pilot_pair(self, program, mentor, mentee, met: bool, today: dt.date, rng: random.Random) -> None:
        """A pilot pair: agreed in the program's first days, met every week or two (``met``: at
        the program's cadence) or seldom, completed 32 to 44 days ago (always in a closed month),
        and both rated their confidence again."""
        proposed = 68 - rng.randint(0, 2)
        agreed = proposed - rng.randint(1, 4)
        ended = rng.randint(32, 44)
        with freeze_time(today - dt.timedelta(days=proposed)):
            pair = services.propose_pair(
                program.uuid,
                mentor=mentor.username,
                mentee=mentee.username,
                source="matching",
                score=round(rng.uniform(3.5, 5.8), 2),
                explanation=self._reasons(program, mentor.username, mentee.username),
            )
            services.accept_agreement(pair.uuid, user=mentor)
        with freeze_time(today - dt.timedelta(days=agreed)):
            services.accept_agreement(pair.uuid, user=mentee)
        # At the cadence: a session at least every 14 days of the active time; outside it: fewer.
        periods = -(-(agreed - ended) // program.cadence_days)
        count = periods + rng.randint(0, 1) if met else max(1, periods - 2)
        step = (agreed - ended) // (count + 1)
        for number in range(1, count + 1):
            day = agreed - number * step
            with freeze_time(today - dt.timedelta(days=day)):
                services.log_session(
                    pair.uuid,
                    user=mentor,
                    occurred_on=today - dt.timedelta(days=day),
                    duration_minutes=rng.choice([30, 45, 60]),
                    led_by="mentor" if rng.random() < 0.4 + 0.15 * number else "mentee",
                    mode=rng.choice(["video", "in_person"]),
                )
        with freeze_time(today - dt.timedelta(days=ended)):
            services.close_pair(pair.uuid, reason="The pilot's weeks are over; goals met.", completed=True)
            self._rate_end(program, mentor, mentee, met, rng)

    @staticmethod
    def _rate_end(program, mentor, mentee, met: bool, rng: random.Random) -> None:
        """Both rate their confidence again, once (issue 16): believable gains (``GAINS``)."""
        for user in (mentor, mentee):
            mine = services.my_confidence(program.uuid, user=user)
            ratings = {}
            for item in mine.items:
                drawn = GAINS[("within" if met else "outside") if user is mentee else item.label]
                ratings[item.key] = min(item.start + rng.choice(drawn), 5)
            services.rate_end(program.uuid, user=user, ratings=ratings)

    @staticmethod
    def _learner_comfort(role: str, day: int, low: bool, extra: random.Random) -> dict:
        """Most Learners answer the optional item; comfort in the learner role grows with time."""
        if role != "mentee" or extra.random() < 0.15:
            return {}
        return {"learner_comfort": 2 if low else min(5, extra.randint(3, 4) + (52 - day) // 26)}

    def _check_in(self, pair, mentor, mentee, day: int, story: str, today: dt.date, extra) -> None:
        """A pulse check between sessions, as some partners send (only in the weeks of the weekly
        report's past, and not for a pair ended by then)."""
        if day < {"completed": 9, "closed": 40}.get(story, 1) or extra.random() < 0.4:
            return
        with freeze_time(today - dt.timedelta(days=day)):
            for who, role in ((mentor, "mentor"), (mentee, "mentee")):
                low = story == "at_risk" and day < 45
                wary = role == "mentee" and day > 38
                services.record_pulse(
                    pair.uuid,
                    user=who,
                    trust=2 if low else extra.randint(4, 5) - wary,
                    comfort=2 if low else extra.randint(3, 5),
                    career_support=extra.randint(3, 5),
                    psychosocial_support=extra.randint(3, 5),
                    role_modeling=extra.randint(2, 5),
                    **self._learner_comfort(role, day, low, extra),
                )

    def _print_logins(self) -> None:
        root = settings.LMS_ROOT_URL.rstrip("/")
        accounts = "".join(f"  {username:<16} {who}\n" for username, who in demo.ACCOUNTS)
        pages = (
            (f"/courses/{demo.COURSE_KEY}/unit/mentoring/", "the four blocks in a course unit (learners)"),
            (f"/courses/{demo.COURSE_KEY}/instructor/", "legacy instructor dashboard (course staff)"),
            (f"/instructor-dashboard/{demo.COURSE_KEY}/", "instructor dashboard MFE tabs (course staff)"),
            (f"/revmentor/courses/{demo.COURSE_KEY}/", "reverse-mentoring staff page (course staff)"),
            ("/api-docs/", "REST API docs"),
            ("/admin/", "Django admin (operator)"),
        )
        links = "".join(f"  {root}{path}\n      {what}\n" for path, what in pages)
        self.stdout.write(
            f"\nOpen {root}/ and log in with the password '{demo.PASSWORD}' as:\n{accounts}"
            f"\nPages to open:\n{links}"
        )
