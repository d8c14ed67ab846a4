/* revmentor_reflection: submit the reflection with its visibility and the optional pulse. */
/* exported RevMentorReflection -- the XBlock runtime calls it with (runtime, element, args) (base.py::fragment). */
function RevMentorReflection(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };

    block.bindForms('submit', function (data, form) {
        var pulse = {};
        var answered = 0;
        form.querySelectorAll('[data-rm-pulse]').forEach(function (group) {
            var name = group.getAttribute('data-rm-pulse');
            var checked = group.querySelector('input:checked');
            delete data['pulse-' + name];
            if (checked) { pulse[name] = parseInt(checked.value, 10); answered += 1; }
        });
        // The optional item (learner_comfort, mentees only) goes with the five, never alone.
        var optional = 0;
        form.querySelectorAll('[data-rm-pulse-optional]').forEach(function (group) {
            var name = group.getAttribute('data-rm-pulse-optional');
            var checked = group.querySelector('input:checked');
            delete data['pulse-' + name];
            if (checked) { pulse[name] = parseInt(checked.value, 10); optional += 1; }
        });
        if ((answered > 0 || optional > 0) && answered < 5) {
            var error = form.querySelector('[data-rm-error-for~="pulse"]');
            error.textContent = gettext('Answer all five pulse questions, or none.');
            block.announce(gettext('Answer all five pulse questions, or none.'));
            form.querySelector('[data-rm-pulse] input').focus();
            return null;
        }
        if (answered === 5) { data.pulse = pulse; }
        return data;
    }, function () {
        block.flashAndReload(gettext('Reflection submitted.'));
    });
}
