/* revmentor_pairing: join, accept, decline. */
/* exported RevMentorPairing -- the XBlock runtime calls it with (runtime, element, args) (base.py::fragment). */
function RevMentorPairing(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };
    var root = block.root;

    block.bindForms('join', function (data, form) {
        if (!data.role) {
            var roleError = form.querySelector('[data-rm-error-for="role"]');
            roleError.textContent = gettext('Choose a role.');
            block.announce(gettext('Choose a role.'));
            form.querySelector('input[name="role"]').focus();
            return null;
        }
        if (data.role !== 'mentor') { delete data.capacity; }
        return data;
    }, function () {
        block.flashAndReload(gettext('You joined the program.'));
    });

    /* The reminder switch: the checkbox's state, announced once saved. */
    block.bindForms('set_reminders', function (data, form) {
        return {reminders: form.querySelector('input[name="reminders"]').checked};
    }, function (body) {
        block.announce(body.reminders ? gettext('Reminder emails are on.') : gettext('Reminder emails are off.'));
    });

    block.bindActions('[data-rm-action]', function (button) {
        var data = {};
        if (button.getAttribute('data-rm-action') === 'decline') {
            if (!window.confirm(gettext('Decline this pair? Matching will not propose it again.'))) { return null; }
            var reason = root.querySelector('input[name="reason"]');
            data.reason = reason ? reason.value : '';
        }
        block.clearErrors();
        return data;
    }, function (result, button) {
        if (!result.ok) { block.showError(root, result); return; }
        block.flashAndReload(button.getAttribute('data-rm-action') === 'accept'
            ? gettext('You accepted the expectations.') : gettext('You declined this pair.'));
    });
}
