/* revmentor_pairing: join, accept, decline. */
/* exported RevMentorPairing -- the XBlock runtime calls it with (runtime, element, args) (base.py::fragment). */
function RevMentorPairing(runtime, element, args) {
    'use strict';
    var block = new window.RevMentor.Block(runtime, element, args);
    var gettext = function (text) { return block.gettext(text); };
    var root = block.root;

    /* The ratings of a form's 1-5 scales (radios named prefix + key) for `keys`, taken out of
     * `data`; null and the error shown unless every one is rated (the server asks the same). */
    function takeRatings(data, form, keys) {
        var ratings = {};
        var missing = [];
        Object.keys(data).forEach(function (name) {
            if (name.indexOf('rate:') === 0 || name.indexOf('rate-skill:') === 0) {
                var key = name.slice(name.indexOf(':') + 1);
                if (keys.indexOf(key) !== -1) { ratings[key] = parseInt(data[name], 10); }
                delete data[name];
            }
        });
        keys.forEach(function (key) { if (!(key in ratings)) { missing.push(key); } });
        if (missing.length) {
            var error = form.querySelector('[data-rm-error-for~="ratings"]');
            error.textContent = gettext('Rate every item, from 1 to 5.');
            block.announce(gettext('Rate every item, from 1 to 5.'));
            var first = form.querySelector('[data-rm-rating="' + missing[0] + '"] input, ' +
                '[data-rm-skill-rating="' + missing[0] + '"] input');
            if (first) { first.focus(); }
            return null;
        }
        return ratings;
    }

    function keysOf(form, selector, attribute) {
        return Array.prototype.map.call(form.querySelectorAll(selector), function (node) {
            return node.getAttribute(attribute);
        });
    }

    block.bindForms('join', function (data, form) {
        var wanted = data.role === 'mentor'
            ? keysOf(form, '[data-rm-rating]', 'data-rm-rating') : (data.skills || []);
        if (!data.role) {
            var roleError = form.querySelector('[data-rm-error-for="role"]');
            roleError.textContent = gettext('Choose a role.');
            block.announce(gettext('Choose a role.'));
            form.querySelector('input[name="role"]').focus();
            return null;
        }
        var ratings = takeRatings(data, form, wanted);
        if (ratings === null) { return null; }
        data.ratings = ratings;
        if (data.role !== 'mentor') { delete data.capacity; }
        return data;
    }, function () {
        block.flashAndReload(gettext('You joined the program.'));
    });

    /* Confidence at the end: every item rated once. */
    block.bindForms('rate_confidence', function (data, form) {
        var keys = keysOf(form, '[data-rm-rating]', 'data-rm-rating');
        var ratings = takeRatings(data, form, keys);
        if (ratings === null) { return null; }
        return {ratings: ratings};
    }, function () {
        block.flashAndReload(gettext('Your ratings are saved.'));
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
