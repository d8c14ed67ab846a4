/* revmentor_goals: add a goal (the list is re-rendered by the server), update one in place. */
/* exported RevMentorGoals -- the XBlock runtime calls it with (runtime, element, args) (base.py::fragment). */
function RevMentorGoals(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };

    block.bindForms('add_goal', function (data) {
        ['skill', 'usage_key', 'target_date', 'details'].forEach(function (name) {
            if (data[name] === '') { delete data[name]; }
        });
        return data;
    }, function () {
        block.flashAndReload(gettext('Goal added.'));
    });

    block.bindForms('update_goal', function (data, form) {
        data.id = parseInt(form.getAttribute('data-goal-id'), 10);
        return data;
    }, function (body, form) {
        var goal = body.goal;
        var item = form.closest('li.rm-goal');
        var status = form.querySelector('select[name="status"]');
        /* Only textContent and properties: the title is user text. */
        item.querySelector('[data-rm-field="title"]').textContent = goal.title;
        item.querySelector('[data-rm-field="progress-bar"]').value = goal.progress;
        item.querySelector('[data-rm-field="progress-text"]').textContent =
            window.RevMentor.format(gettext('%(n)s%% done'), {n: goal.progress});
        status.value = goal.status;
        item.querySelector('[data-rm-field="status"]').textContent = status.options[status.selectedIndex].text;
        block.announce(gettext('Goal updated.'));
    });
}
