/* revmentor_session_log: log a session (server re-renders the list), confirm the partner's in place. */
function RevMentorSessionLog(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };
    var root = block.root;

    var log = root.querySelector('form[data-rm-form="log_session"]');
    if (log) {
        block.bindForm(log, 'log_session', null, function () {
            block.flashAndReload(gettext('Session logged.'));
        });
    }

    root.querySelectorAll('button[data-rm-action="confirm_session"]').forEach(function (button) {
        button.addEventListener('click', function () {
            var id = parseInt(button.getAttribute('data-session-id'), 10);
            var holder = button.closest('[data-rm-field="confirmed"]');
            block.send(button, button, 'confirm_session', {id: id}, function (result) {
                if (!result.ok) { block.showError(holder.closest('li'), result); return; }
                var done = document.createElement('span');
                done.className = 'rm-ok';
                done.textContent = gettext('Confirmed');
                holder.replaceChildren(done);
                block.announce(gettext('Session confirmed.'));
            });
        });
    });
}
