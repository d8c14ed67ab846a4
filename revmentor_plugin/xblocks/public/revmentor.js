/* RevMentor.Block: what the four blocks' JavaScript shares, on top of the page-wide helpers of
 * static/revmentor/revmentor_common.js, which every block fragment carries just before this file
 * (xblocks/base.py::fragment). No user text is ever written with innerHTML: messages and errors go
 * through textContent; pages are re-rendered by the server (autoescaped). */
(function () {
    'use strict';
    var RevMentor = window.RevMentor;
    if (RevMentor.Block) { return; }

    function Block(runtime, element, args) {
        this.runtime = runtime;
        this.el = element && element.jquery ? element[0] : element;
        this.args = args || {};
        this.catalog = this.args.i18n || {};
        this.root = this.el.querySelector('.revmentor') || this.el;
        this.live = this.root.querySelector('[data-rm-live]');
        this.consumeFlash();
        var self = this;
        this.bindForms('select_pair', null, function () {
            self.flashAndReload(self.gettext('Showing the pair you chose.'));
        });
    }

    /* Translate a source string: the server-rendered catalog, then the page's gettext, then the source. */
    Block.prototype.gettext = function (text) {
        if (Object.prototype.hasOwnProperty.call(this.catalog, text)) { return this.catalog[text]; }
        if (typeof window.gettext === 'function') { return window.gettext(text); }
        return text;
    };

    Block.prototype.announce = function (message) {
        RevMentor.announce(this.live, message);
    };

    /* POST JSON to a handler; resolves to {ok, status, body}, with status 0 when the server could
     * not be reached and body {} when the answer was not JSON. */
    Block.prototype.post = function (handler, data, key) {
        var url = this.runtime.handlerUrl(this.el, handler);
        return RevMentor.request('POST', url, data, key).then(function (result) {
            return {ok: result.ok, status: result.status, body: result.body || {}};
        }, function () {
            return {ok: false, status: 0, body: {}};
        });
    };

    Block.prototype.clearErrors = function (scope) {
        (scope || this.root).querySelectorAll('[data-rm-error-for]').forEach(function (node) { node.textContent = ''; });
        (scope || this.root).querySelectorAll('[aria-invalid]').forEach(function (node) { node.removeAttribute('aria-invalid'); });
    };

    /* Show a handler's error: field messages next to their fields, the summary in the live region. */
    Block.prototype.showError = function (scope, result) {
        var error = RevMentor.handlerError(result.body);
        var firstInvalid = null;
        var shown = false;
        Object.keys(error.fields).forEach(function (name) {
            var messages = [].concat(error.fields[name]).join(' ');
            scope.querySelectorAll('[data-rm-error-for]').forEach(function (node) {
                if (node.getAttribute('data-rm-error-for').split(' ').indexOf(name) !== -1) {
                    node.textContent = messages;
                    shown = true;
                }
            });
            var input = scope.querySelector('[name="' + name + '"]');
            if (input) {
                input.setAttribute('aria-invalid', 'true');
                firstInvalid = firstInvalid || input;
            }
        });
        var reason = result.status === 0 ? this.gettext('The server could not be reached. Check your connection and try again.')
            : (error.message || String(result.status));
        if (!shown) {
            var general = scope.querySelector('[data-rm-error-for~="non_field_errors"]');
            if (general) { general.textContent = reason; }
        }
        this.announce(RevMentor.format(this.gettext('Could not save: %(reason)s'), {reason: reason}));
        if (firstInvalid) { firstInvalid.focus(); }
    };

    /* Keep a message across the reload that shows the new state, then announce it. */
    Block.prototype.flashAndReload = function (message) {
        RevMentor.leave();  /* buttons stay disabled until the page is gone */
        try { window.sessionStorage.setItem('revmentor-flash:' + this.args.block_id, message); } catch { /* private mode */ }
        window.location.reload();
    };

    Block.prototype.consumeFlash = function () {
        var key = 'revmentor-flash:' + this.args.block_id;
        var message = null;
        try { message = window.sessionStorage.getItem(key); window.sessionStorage.removeItem(key); } catch { message = null; }
        if (message) {
            this.announce(message);
            var title = this.root.querySelector('.rm-title');
            if (title) {
                title.setAttribute('tabindex', '-1');
                title.focus();
            }
        }
    };

    /* Read a form into a plain object: checkboxes as lists, data-rm-int as numbers, data-rm-list split on commas. */
    Block.prototype.formData = function (form) {
        var data = {};
        Array.prototype.forEach.call(form.elements, function (input) {
            if (!input.name || input.disabled || input.type === 'submit' || input.type === 'button') { return; }
            var isInt = input.hasAttribute('data-rm-int');
            var value = input.value;
            if (input.type === 'checkbox') {
                data[input.name] = data[input.name] || [];
                if (input.checked) { data[input.name].push(isInt ? parseInt(value, 10) : value); }
                return;
            }
            if (input.type === 'radio') {
                if (input.checked) { data[input.name] = value; }
                return;
            }
            if (input.hasAttribute('data-rm-list')) {
                data[input.name] = value.split(',').map(function (item) { return item.trim(); }).filter(Boolean);
                return;
            }
            if (isInt) {
                data[input.name] = value === '' ? null : Number(value);
                return;
            }
            data[input.name] = value;
        });
        return data;
    };

    /* One user action on `owner` (RevMentor.act): post `data` to `handler` while `button` is busy,
     * then onResult({ok, status, body}). A second send while the first is in flight (a double
     * click, Enter pressed twice) is ignored; a retry of the same data reuses its Idempotency-Key. */
    Block.prototype.send = function (owner, button, handler, data, onResult) {
        var self = this;
        if (owner.rmInFlight) { return; }
        this.announce(this.gettext('Saving…'));
        RevMentor.act(owner, button, handler + ' ' + JSON.stringify(data), function (key) {
            return self.post(handler, data, key);
        }, onResult);
    };

    /* Wire a form to a handler: submit -> build(data, form) (null: do not send) -> send ->
     * onSuccess(body, form) or errors shown. */
    Block.prototype.bindForm = function (form, handler, build, onSuccess) {
        var self = this;
        RevMentor.bind(form, 'submit', function () {
            self.clearErrors(form);
            var data = build ? build(self.formData(form), form) : self.formData(form);
            if (data === null) { return; }
            self.send(form, form.querySelector('button[type="submit"]'), handler, data, function (result) {
                if (result.ok) { onSuccess(result.body, form); } else { self.showError(form, result); }
            });
        });
    };

    /* bindForm for each of the block's forms named after their handler (data-rm-form="handler"). */
    Block.prototype.bindForms = function (handler, build, onSuccess) {
        var self = this;
        this.root.querySelectorAll('form[data-rm-form="' + handler + '"]').forEach(function (form) {
            self.bindForm(form, handler, build, onSuccess);
        });
    };

    /* Wire the block's action buttons matching `selector` to the handler each names
     * (data-rm-action): click -> build(button) (null: do not send) -> send -> onResult(result, button). */
    Block.prototype.bindActions = function (selector, build, onResult) {
        var self = this;
        this.root.querySelectorAll(selector).forEach(function (button) {
            RevMentor.bind(button, 'click', function () {
                var data = build(button);
                if (data === null) { return; }
                self.send(button, button, button.getAttribute('data-rm-action'), data, function (result) {
                    onResult(result, button);
                });
            });
        });
    };

    RevMentor.Block = Block;
}());
