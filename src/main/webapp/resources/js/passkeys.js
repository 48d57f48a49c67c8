// Passkeys (WebAuthn) for the pages that offer them. Every form with data-passkey="create" or "get" carries its
// options in the data- attributes of its data-passkey-options element (rendered by the server, challenge
// included); its button with data-passkey-start
// runs the browser's ceremony, puts the answer (base64url) into the form's hidden data-passkey-field inputs and
// submits the form with that button. A form with data-mediation="conditional" also offers its passkeys in the
// browser's autofill of the username field while the page is open. No inline script: the page's CSP stays strict.
(function () {
    'use strict';

    function toBytes(base64url) {
        var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
        var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) {
            bytes[i] = binary.charCodeAt(i);
        }
        return bytes;
    }

    function toBase64url(buffer) {
        var bytes = new Uint8Array(buffer);
        var binary = '';
        for (var i = 0; i < bytes.length; i++) {
            binary += String.fromCharCode(bytes[i]);
        }
        return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }

    function optionsOf(form) {
        return form.querySelector('[data-passkey-options]').dataset;
    }

    function credentialIds(form, transports) {
        var ids = optionsOf(form).credentialIds;
        return ids ? ids.split(',').map(function (id) {
            return {type: 'public-key', id: toBytes(id), transports: transports};
        }) : [];
    }

    function creationOptions(form) {
        return {
            publicKey: {
                challenge: toBytes(optionsOf(form).challenge),
                rp: {id: optionsOf(form).rpId, name: optionsOf(form).rpName},
                user: {
                    id: toBytes(optionsOf(form).userHandle),
                    name: optionsOf(form).userName,
                    displayName: optionsOf(form).displayName
                },
                pubKeyCredParams: [{type: 'public-key', alg: -7}, {type: 'public-key', alg: -257}, {type: 'public-key', alg: -8}],
                excludeCredentials: credentialIds(form, undefined),
                authenticatorSelection: {
                    residentKey: 'required',
                    requireResidentKey: true,
                    userVerification: optionsOf(form).userVerification
                },
                attestation: 'none',
                timeout: 120000
            }
        };
    }

    function requestOptions(form, mediation, signal) {
        var options = {
            publicKey: {
                challenge: toBytes(optionsOf(form).challenge),
                rpId: optionsOf(form).rpId,
                allowCredentials: credentialIds(form, undefined),
                userVerification: optionsOf(form).userVerification,
                timeout: 120000
            }
        };
        if (mediation) {
            options.mediation = mediation;
        }
        if (signal) {
            options.signal = signal;
        }
        return options;
    }

    function fill(form, name, value) {
        var field = form.querySelector('[data-passkey-field="' + name + '"]');
        if (field) {
            field.value = value;
        }
    }

    function answer(form, credential) {
        var response = credential.response;
        fill(form, 'credentialId', toBase64url(credential.rawId));
        fill(form, 'clientDataJson', toBase64url(response.clientDataJSON));
        if (response.attestationObject) {
            fill(form, 'attestationObject', toBase64url(response.attestationObject));
            fill(form, 'transports', response.getTransports ? response.getTransports().join(',') : '');
        } else {
            fill(form, 'authenticatorData', toBase64url(response.authenticatorData));
            fill(form, 'signature', toBase64url(response.signature));
            fill(form, 'userHandle', response.userHandle ? toBase64url(response.userHandle) : '');
        }
    }

    function showError(form, error) {
        if (window.console) {
            console.warn('passkey ceremony failed', error);
        }
        var box = form.querySelector('[data-passkey-error]');
        if (box && !(error && error.name === 'AbortError')) {
            box.hidden = false;
            box.dataset.reason = error ? error.name + ': ' + error.message : '';
        }
    }

    function submit(form, button) {
        form.dataset.passkeyDone = 'true';
        if (form.requestSubmit) {
            form.requestSubmit(button);
        } else {
            button.click();
        }
    }

    function ceremony(form, options) {
        return form.dataset.passkey === 'create'
            ? navigator.credentials.create(options)
            : navigator.credentials.get(options);
    }

    document.addEventListener('DOMContentLoaded', function () {
        var supported = window.PublicKeyCredential !== undefined && navigator.credentials !== undefined;
        document.querySelectorAll('form[data-passkey="create"], form[data-passkey="get"]').forEach(function (form) {
            var button = form.querySelector('[data-passkey-start]');
            if (!supported || !button) {
                var unsupported = form.querySelector('[data-passkey-unsupported]');
                if (unsupported) {
                    unsupported.hidden = false;
                }
                if (button) {
                    button.disabled = true;
                }
                return;
            }
            var conditional = null;
            if (form.dataset.mediation === 'conditional' && PublicKeyCredential.isConditionalMediationAvailable) {
                PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
                    if (!available) {
                        return;
                    }
                    conditional = new AbortController();
                    navigator.credentials.get(requestOptions(form, 'conditional', conditional.signal))
                        .then(function (credential) {
                            answer(form, credential);
                            submit(form, button);
                        })
                        .catch(function () {
                            // aborted for the button's own request, or nothing chosen: the button still works
                        });
                });
            }
            button.addEventListener('click', function (event) {
                if (form.dataset.passkeyDone === 'true') {
                    return;
                }
                event.preventDefault();
                if (conditional) {
                    conditional.abort();
                    conditional = null;
                }
                Promise.resolve()
                    .then(function () {
                        return ceremony(form, form.dataset.passkey === 'create' ? creationOptions(form) : requestOptions(form));
                    })
                    .then(function (credential) {
                        answer(form, credential);
                        submit(form, button);
                    })
                    .catch(function (error) {
                        showError(form, error);
                    });
            });
        });
    });
}());
