/* revmentor_session_log: plan the next session (propose, confirm, decline, cancel, suggest another
 * time, log it once it has happened), log a session (the server re-renders the list), confirm the
 * partner's in place. */
/* exported RevMentorSessionLog -- the XBlock runtime calls it with (runtime, element, args) (base.py::fragment). */
function RevMentorSessionLog(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };

    block.bindForms('log_session', null, function () {
        block.flashAndReload(gettext('Session logged.'));
    });

    block.bindForms('propose_plan', null, function () {
        block.flashAndReload(gettext('Session proposed.'));
    });
    block.bindForms('reschedule_plan', null, function () {
        block.flashAndReload(gettext('Another time suggested.'));
    });
    block.bindForms('log_plan', null, function () {
        block.flashAndReload(gettext('Session logged.'));
    });
    var planDone = {
        confirm_plan: gettext('Planned session confirmed.'),
        decline_plan: gettext('Planned session declined.'),
        cancel_plan: gettext('Planned session cancelled.')
    };
    block.bindActions('button[data-rm-action$="_plan"]', function (button) {
        return {id: parseInt(button.getAttribute('data-plan-id'), 10)};
    }, function (result, button) {
        if (!result.ok) { block.showError(button.closest('li'), result); return; }
        block.flashAndReload(planDone[button.getAttribute('data-rm-action')]);
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
