"""Explanations stored before 2026-12 compared self-description answers ("Different backgrounds:
age"); both people of a pair read them. Rewrite those lines to the neutral sentence the matching
engine now writes. Nothing to undo: the old lines must not come back."""

from django.db import migrations

DIVERSITY_CONSIDERED = "Diversity was considered"


def _neutral(lines):
    """The explanation with every self-description comparison replaced, or None if unchanged."""
    if not isinstance(lines, list):
        return None
    clean, changed = [], False
    for line in lines:
        if isinstance(line, str) and (
            line.startswith("Different backgrounds:") or line == "Similar backgrounds"
        ):
            line, changed = DIVERSITY_CONSIDERED, True
        if line not in clean:
            clean.append(line)
    return clean if changed else None


def forwards(apps, schema_editor):
    Pair = apps.get_model("revmentor", "Pair")
    MatchingRun = apps.get_model("revmentor", "MatchingRun")
    for pair in Pair.objects.only("pk", "explanation").iterator(chunk_size=1000):
        clean = _neutral(pair.explanation)
        if clean is not None:
            Pair.objects.filter(pk=pair.pk).update(explanation=clean)
    for run in MatchingRun.objects.only("pk", "proposals").iterator(chunk_size=100):
        changed = False
        for proposal in run.proposals if isinstance(run.proposals, list) else ():
            clean = _neutral(proposal.get("explanation")) if isinstance(proposal, dict) else None
            if clean is not None:
                proposal["explanation"], changed = clean, True
        if changed:
            MatchingRun.objects.filter(pk=run.pk).update(proposals=run.proposals)


class Migration(migrations.Migration):
    dependencies = [
        ("revmentor", "0003_frozenfigures"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
