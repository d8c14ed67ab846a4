/* Shared helpers of the revmentor blocks. No user text is ever written with innerHTML:
 * messages and errors go through textContent; pages are re-rendered by the server (autoescaped). */
(function () {
    'use strict';
    if (window.RevMentor) { return; }

    function cookie(name) {
        var parts = document.cookie ? document.cookie.split(';') : [];
        for (var i = 0; i < parts.length; i++) {
            var item = parts[i].trim();
            if (item.indexOf(name + '=') === 0) { return decodeURIComponent(item.substring(name.length + 1)); }
        }
        return '';
    }

    function Block(runtime, element, args) {
        this.runtime = runtime;
        this.el = element && element.jquery ? element[0] : element;
        this.args = args || {};
        this.catalog = this.args.i18n || {};
        this.root = this.el.querySelector('.revmentor') || this.el;
        this.live = this.root.querySelector('[data-rm-live]');
        this.consumeFlash();
        var self = this;
        var switcher = this.root.querySelector('form[data-rm-form="select_pair"]');
        if (switcher) {
            this.bindForm(switcher, 'select_pair', null, function () {
                self.flashAndReload(self.gettext('Showing the pair you chose.'));
            });
        }
    }

    /* Translate a source string: the server-rendered catalog, then the page's gettext, then the source. */
    Block.prototype.gettext = function (text) {
        if (Object.prototype.hasOwnProperty.call(this.catalog, text)) { return this.catalog[text]; }
        if (typeof window.gettext === 'function') { return window.gettext(text); }
        return text;
    };

    Block.prototype.interpolate = function (text, values) {
        return text.replace(/%\((\w+)\)s/g, function (match, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
        }).replace(/%%/g, '%');
    };

    Block.prototype.announce = function (message) {
        var live = this.live;
        if (!live) { return; }
        live.textContent = '';
        window.setTimeout(function () { live.textContent = message; }, 60);
    };

    /* A new Idempotency-Key (ADR 0010): a random UUID. crypto.randomUUID exists only in secure
     * contexts (https, localhost); getRandomValues everywhere else; Math.random as a last resort. */
    function newKey() {
        var c = window.crypto;
        if (c && typeof c.randomUUID === 'function') {
            try { return c.randomUUID(); } catch (e) { /* not a secure context */ }
        }
        var bytes = [];
        var i;
        if (c && typeof c.getRandomValues === 'function') {
            bytes = Array.prototype.slice.call(c.getRandomValues(new Uint8Array(16)));
        } else {
            for (i = 0; i < 16; i++) { bytes.push(Math.floor(Math.random() * 256)); }
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40;  /* version 4 */
        bytes[8] = (bytes[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
        var hex = bytes.map(function (b) { return (b + 0x100).toString(16).substring(1); }).join('');
        return [hex.substring(0, 8), hex.substring(8, 12), hex.substring(12, 16), hex.substring(16, 20), hex.substring(20)].join('-');
    }

    /* The key of one user action on `owner` (a form or a button): the same action sent again (same
     * handler, same data: a retry after an error or a lost answer) reuses its key, so the server
     * answers the first result instead of doing it twice; other data is a new action. */
    Block.prototype.actionKey = function (owner, handler, data) {
        var fingerprint = handler + ' ' + JSON.stringify(data);
        if (!owner.rmAction || owner.rmAction.fingerprint !== fingerprint) {
            owner.rmAction = {fingerprint: fingerprint, key: newKey()};
        }
        return owner.rmAction.key;
    };

    /* POST JSON to a handler with the CSRF token (and the action's Idempotency-Key when given);
     * resolves to {ok, status, body}. */
    Block.prototype.post = function (handler, data, key) {
        var url = this.runtime.handlerUrl(this.el, handler);
        var headers = {
            'Content-Type': 'application/json',
            'Accept': 'application/json',
            'X-CSRFToken': cookie('csrftoken'),
            'X-Requested-With': 'XMLHttpRequest'
        };
        if (key) { headers['Idempotency-Key'] = key; }
        return window.fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: headers,
            body: JSON.stringify(data)
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (body) {
                return {ok: response.ok, status: response.status, body: body};
            });
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
        var self = this;
        var error = (result.body && result.body.error) || {};
        if (typeof error === 'string') { error = {message: error, fields: {}}; }
        var fields = error.fields || {};
        var firstInvalid = null;
        var shown = false;
        Object.keys(fields).forEach(function (name) {
            var messages = [].concat(fields[name]).join(' ');
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
        self.announce(self.interpolate(self.gettext('Could not save: %(reason)s'), {reason: reason}));
        if (firstInvalid) { firstInvalid.focus(); }
    };

    /* Keep a message across the reload that shows the new state, then announce it. */
    Block.prototype.flashAndReload = function (message) {
        this.leaving = true;  /* buttons stay disabled until the page is gone */
        try { window.sessionStorage.setItem('revmentor-flash:' + this.args.block_id, message); } catch (e) { /* private mode */ }
        window.location.reload();
    };

    Block.prototype.consumeFlash = function () {
        var key = 'revmentor-flash:' + this.args.block_id;
        var message = null;
        try { message = window.sessionStorage.getItem(key); window.sessionStorage.removeItem(key); } catch (e) { message = null; }
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

    Block.prototype.busy = function (node, isBusy) {
        if (!node) { return; }
        node.disabled = isBusy;
        node.setAttribute('aria-disabled', isBusy ? 'true' : 'false');
        node.setAttribute('aria-busy', isBusy ? 'true' : 'false');
    };

    /* One user action on `owner`: post `data` to `handler` with the action's Idempotency-Key while
     * `button` is disabled, then onResult({ok, status, body}). A second send while the first is in
     * flight (a double click, Enter pressed twice) is ignored. The key is kept until the action
     * succeeds, so retrying after an error or a lost answer cannot do it twice. */
    Block.prototype.send = function (owner, button, handler, data, onResult) {
        var self = this;
        if (owner.rmInFlight) { return; }
        owner.rmInFlight = true;
        this.busy(button, true);
        this.announce(this.gettext('Saving…'));
        this.post(handler, data, this.actionKey(owner, handler, data)).then(function (result) {
            if (result.ok) { owner.rmAction = null; }
            try {
                onResult(result);
            } finally {
                if (!self.leaving) {
                    owner.rmInFlight = false;
                    self.busy(button, false);
                }
            }
        });
    };

    /* Wire a form to a handler: submit -> send -> onSuccess(body) or errors shown. */
    Block.prototype.bindForm = function (form, handler, build, onSuccess) {
        var self = this;
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            if (form.rmInFlight) { return; }
            self.clearErrors(form);
            var data = build ? build(self.formData(form), form) : self.formData(form);
            if (data === null) { return; }
            var button = form.querySelector('button[type="submit"]');
            self.send(form, button, handler, data, function (result) {
                if (result.ok) { onSuccess(result.body, form); } else { self.showError(form, result); }
            });
        });
    };

    window.RevMentor = {Block: Block};
}());
