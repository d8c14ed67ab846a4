/* The helpers the revmentor blocks and the course staff page share, as the one global RevMentor.
 *
 * Plain browser JavaScript with no build step: the staff page loads it with a <script> tag before
 * staff_page.js; each block's fragment (xblocks/base.py::fragment) carries it inline before
 * xblocks/public/revmentor.js, so a page with several blocks runs it several times and every run
 * after the first does nothing. User text is only ever written with textContent.
 *
 * Every POST is one user action (act): its button is disabled while it is in flight and it carries
 * an Idempotency-Key, reused when the same action is retried, so nothing is ever done twice
 * (ADR 0010).
 */
(function () {
    'use strict';
    if (window.RevMentor) { return; }

    var state = {leaving: false};

    function cookie(name) {
        var parts = document.cookie ? document.cookie.split(';') : [];
        for (var i = 0; i < parts.length; i++) {
            var item = parts[i].trim();
            if (item.indexOf(name + '=') === 0) { return decodeURIComponent(item.substring(name.length + 1)); }
        }
        return '';
    }

    function csrfToken() { return cookie('csrftoken'); }

    /* A new Idempotency-Key: a random UUID. crypto.randomUUID exists only in secure contexts
     * (https, localhost); getRandomValues everywhere else; Math.random as a last resort. */
    function newKey() {
        var c = window.crypto;
        if (c && typeof c.randomUUID === 'function') {
            try { return c.randomUUID(); } catch { /* not a secure context */ }
        }
        var bytes = [];
        if (c && typeof c.getRandomValues === 'function') {
            bytes = Array.prototype.slice.call(c.getRandomValues(new Uint8Array(16)));
        } else {
            for (var i = 0; i < 16; i++) { bytes.push(Math.floor(Math.random() * 256)); }
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40;  /* version 4 */
        bytes[8] = (bytes[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
        var hex = bytes.map(function (b) { return (b + 0x100).toString(16).substring(1); }).join('');
        return [hex.substring(0, 8), hex.substring(8, 12), hex.substring(12, 16), hex.substring(16, 20), hex.substring(20)].join('-');
    }

    /* A JSON request with the session cookie, the CSRF token on writes and the action's
     * Idempotency-Key when given. Resolves to {ok, status, statusText, body}: body is the parsed
     * JSON, null when the answer is empty, and parseError is set when it is not JSON. Rejects only
     * when the server cannot be reached. */
    function request(method, url, body, key) {
        var headers = {'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
        var options = {method: method, credentials: 'same-origin', headers: headers};
        if (method !== 'GET') { headers['X-CSRFToken'] = csrfToken(); }
        if (key) { headers['Idempotency-Key'] = key; }
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            options.body = JSON.stringify(body);
        }
        return window.fetch(url, options).then(function (response) {
            return response.text().then(function (text) {
                var result = {ok: response.ok, status: response.status, statusText: response.statusText, body: null};
                try {
                    result.body = text ? JSON.parse(text) : null;
                } catch (e) {
                    result.parseError = e;
                }
                return result;
            });
        });
    }

    /* The two edges' error answers as one shape, {message, fields: {name: [messages]}}. */

    /* A block handler's: {"error": {"message", "fields"}} or {"error": "message"}. */
    function handlerError(body) {
        var error = (body && body.error) || {};
        if (typeof error === 'string') { return {message: error, fields: {}}; }
        return {message: error.message || '', fields: error.fields || {}};
    }

    /* The REST API's: {"detail": "message"}, or {field: [messages]}, whose message names every field. */
    function restError(body) {
        if (!body) { return {message: '', fields: {}}; }
        if (body.detail) { return {message: body.detail, fields: {}}; }
        return {
            message: Object.keys(body).map(function (field) {
                var value = body[field];
                return field + ': ' + (Array.isArray(value) ? value.join(' ') : JSON.stringify(value));
            }).join('; '),
            fields: body
        };
    }

    /* Django's "%(name)s" placeholders filled from values (an unknown name stays), "%%" as "%". */
    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, function (match, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
        }).replace(/%%/g, '%');
    }

    /* An ISO date or timestamp as the viewer reads dates: in the page's language (the LMS sets
     * <html lang>) and, for a timestamp, the browser's time zone. Anything unreadable stays as is. */
    function formatDate(iso, withTime) {
        if (!iso) { return ''; }
        var dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
        var value = new Date(dateOnly ? iso + 'T00:00:00' : iso);
        if (isNaN(value.getTime())) { return String(iso); }
        var options = withTime && !dateOnly ? {dateStyle: 'medium', timeStyle: 'short'} : {dateStyle: 'medium'};
        try {
            return new Intl.DateTimeFormat(document.documentElement.lang || undefined, options).format(value);
        } catch {  // an unknown language tag: the browser's own
            return new Intl.DateTimeFormat(undefined, options).format(value);
        }
    }

    /* A <time> element showing `iso` as formatDate does, with the machine-readable value kept. */
    function timeElement(iso, withTime) {
        var node = document.createElement('time');
        node.dateTime = iso || '';
        node.textContent = formatDate(iso, withTime);
        return node;
    }

    /* Say a message in an aria-live region: emptied first, so the same message is read again. */
    function announce(live, message) {
        if (!live) { return; }
        live.textContent = '';
        window.setTimeout(function () { live.textContent = message; }, 60);
    }

    function setDisabled(node, isDisabled) {
        node.disabled = isDisabled;
        node.setAttribute('aria-disabled', isDisabled ? 'true' : 'false');
    }

    function busy(node, isBusy) {
        if (!node) { return; }
        setDisabled(node, isBusy);
        node.setAttribute('aria-busy', isBusy ? 'true' : 'false');
    }

    /* The page is about to reload or go elsewhere: buttons busy now stay busy until it is gone. */
    function leave() { state.leaving = true; }

    /* One user action on `owner` (a form or a button) with `button` busy while it is in flight:
     * send(key) must resolve to {ok, ...}; then onResult(result) runs and its value is the
     * promise's. The key is kept until the action succeeds, so the same action sent again (same
     * fingerprint: a retry after an error or a lost answer) reuses it and the server answers the
     * first result. Returns null when the action is already in flight (a double click). */
    function act(owner, button, fingerprint, send, onResult) {
        if (owner.rmInFlight) { return null; }
        if (!owner.rmAction || owner.rmAction.fingerprint !== fingerprint) {
            owner.rmAction = {fingerprint: fingerprint, key: newKey()};
        }
        owner.rmInFlight = true;
        busy(button, true);
        function release() {
            if (state.leaving) { return; }
            owner.rmInFlight = false;
            busy(button, false);
        }
        return send(owner.rmAction.key).then(function (result) {
            if (result.ok) { owner.rmAction = null; }
            try {
                return onResult(result);
            } finally {
                release();
            }
        }, function (error) {
            release();
            throw error;
        });
    }

    /* Bind a form's submit or a button's click: a form is never submitted by the browser, and
     * nothing runs while the form's or button's own action is in flight. */
    function bind(node, type, listener) {
        node.addEventListener(type, function (event) {
            if (type === 'submit') { event.preventDefault(); }
            if (node.rmInFlight) { return; }
            listener(event);
        });
    }

    window.RevMentor = {
        cookie: cookie,
        csrfToken: csrfToken,
        newKey: newKey,
        request: request,
        handlerError: handlerError,
        restError: restError,
        format: format,
        formatDate: formatDate,
        timeElement: timeElement,
        announce: announce,
        setDisabled: setDisabled,
        busy: busy,
        leave: leave,
        act: act,
        bind: bind
    };
}());
