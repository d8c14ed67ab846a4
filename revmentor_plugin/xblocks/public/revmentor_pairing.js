/* revmentor_pairing: join, accept, decline. */
function RevMentorPairing(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };
    var root = block.root;

    var join = root.querySelector('form[data-rm-form="join"]');
    if (join) {
        block.bindForm(join, 'join', function (data, form) {
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
    }

    root.querySelectorAll('[data-rm-action]').forEach(function (button) {
        button.addEventListener('click', function () {
            if (button.rmInFlight) { return; }
            var action = button.getAttribute('data-rm-action');
            var data = {};
            if (action === 'decline') {
                if (!window.confirm(gettext('Decline this pair? Matching will not propose it again.'))) { return; }
                var reason = root.querySelector('input[name="reason"]');
                data.reason = reason ? reason.value : '';
            }
            block.clearErrors();
            block.send(button, button, action, data, function (result) {
                if (!result.ok) { block.showError(root, result); return; }
                block.flashAndReload(action === 'accept' ? gettext('You accepted the expectations.') : gettext('You declined this pair.'));
            });
        });
    });
}
