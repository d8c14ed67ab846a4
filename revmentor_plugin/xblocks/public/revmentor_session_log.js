/* revmentor_session_log: log a session (server re-renders the list), confirm the partner's in place. */
/* exported RevMentorSessionLog -- the XBlock runtime calls it with (runtime, element, args) (base.py::fragment). */
function RevMentorSessionLog(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };

    block.bindForms('log_session', null, function () {
        block.flashAndReload(gettext('Session logged.'));
    });

    block.bindActions('button[data-rm-action="confirm_session"]', function (button) {
        return {id: parseInt(button.getAttribute('data-session-id'), 10)};
    }, function (result, button) {
        var holder = button.closest('[data-rm-field="confirmed"]');
        if (!result.ok) { block.showError(holder.closest('li'), result); return; }
        var done = document.createElement('span');
        done.className = 'rm-ok';
        done.textContent = gettext('Confirmed');
        holder.replaceChildren(done);
        block.announce(gettext('Session confirmed.'));
    });
}
