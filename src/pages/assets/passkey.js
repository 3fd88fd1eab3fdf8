// Passkeys and security keys: a form marked data-passkey="create" or "get" asks Portico for the
// ceremony's options (data-options, a POST with the form's fields), lets the browser create or use a
// key, and posts the browser's answer (WebAuthn's JSON encoding) in the form's `credential` field.
(function () {
  var b64 = {
    decode: function (s) {
      var t = s.replace(/-/g, '+').replace(/_/g, '/');
      var bin = atob(t + '==='.slice((t.length + 3) % 4));
      var out = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out.buffer;
    },
    encode: function (buf) {
      if (!buf) return undefined;
      var bytes = new Uint8Array(buf), bin = '';
      for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    },
  };
  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: b64.decode(c.id) }); });
  }
  function creationOptions(o) {
    return Object.assign({}, o, { challenge: b64.decode(o.challenge), user: Object.assign({}, o.user, { id: b64.decode(o.user.id) }), excludeCredentials: withIds(o.excludeCredentials) });
  }
  function requestOptions(o) {
    return Object.assign({}, o, { challenge: b64.decode(o.challenge), allowCredentials: withIds(o.allowCredentials) });
  }
  function answer(cred) {
    var r = cred.response;
    var response = { clientDataJSON: b64.encode(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = b64.encode(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = b64.encode(r.authenticatorData);
      response.signature = b64.encode(r.signature);
      response.userHandle = b64.encode(r.userHandle);
    }
    return JSON.stringify({ id: cred.id, rawId: b64.encode(cred.rawId), type: cred.type, response: response, clientExtensionResults: cred.getClientExtensionResults(), authenticatorAttachment: cred.authenticatorAttachment || undefined });
  }
  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    var error = form.querySelector('[data-passkey-error]');
    var button = form.querySelector('button[type=submit]');
    function say(key) {
      error.textContent = error.getAttribute('data-' + key);
      error.hidden = false;
      button.disabled = false;
    }
    if (!window.PublicKeyCredential) {
      say('unsupported');
      button.disabled = true;
      return;
    }
    form.addEventListener('submit', function (event) {
      if (form.elements.credential.value) return;
      event.preventDefault();
      button.disabled = true;
      error.hidden = true;
      var create = form.getAttribute('data-passkey') === 'create';
      fetch(form.getAttribute('data-options'), { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (res) {
          if (!res.ok) throw new Error('options');
          return res.json();
        })
        .then(function (got) {
          form.elements.ceremony.value = got.ceremony;
          return create ? navigator.credentials.create({ publicKey: creationOptions(got.options) }) : navigator.credentials.get({ publicKey: requestOptions(got.options) });
        })
        .then(function (cred) {
          form.elements.credential.value = answer(cred);
          form.submit();
        })
        .catch(function (e) {
          say(e && e.message === 'options' ? 'expired' : 'cancelled');
        });
    });
  });
})();
